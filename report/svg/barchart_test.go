package svg

import (
	"bytes"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestBarChartGolden draws a chart with hostile and over-long labels.
func TestBarChartGolden(t *testing.T) {
	var b bytes.Buffer
	err := WriteBarChart(&b, BarChart{Title: "痛点 <排名> & \"引号\"", Bars: []Bar{{Label: "客户资料分散，查找困难", Value: 3, Text: "3 (100%)"},
		{Label: "一个非常非常非常非常非常非常非常非常非常非常非常非常长的选项标签", Value: 1, Text: "1 (33.3%)"}, {Label: "零", Value: 0, Text: "0 (0%)"}}})
	if err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "barchart.svg", b.Bytes())
	if strings.Contains(b.String(), "<排名>") || !strings.Contains(b.String(), "&lt;排名&gt;") {
		t.Error("the chart title is not escaped")
	}
}
