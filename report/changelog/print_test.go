package changelog

import (
	"bytes"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestChangeLogPrints: the log landscape one page wide with the header row
// repeated (20 columns printed as vertical strips on 7 pages), the summary
// portrait; header, footer and one font.
func TestChangeLogPrints(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			c := reporttest.ChangeLog(lang)
			var b bytes.Buffer
			if err := Write(&b, c); err != nil {
				t.Fatal(err)
			}
			setup := reporttest.PrintSetup(t, b.Bytes())
			log, sum, doc, page := "变更记录", "汇总", "需求变更记录", "第 &P 页，共 &N 页"
			if lang == crmflow.LangEN {
				log, sum, doc, page = "Change log", "Summary", "Change log", "Page &P of &N"
			}
			reporttest.WantPrint(t, setup, log, "landscape", false, "$1:$1", "", c.Project.Name, doc, page)
			reporttest.WantPrint(t, setup, sum, "portrait", false, "", "", c.Project.Name, doc+" — "+sum, page)
		})
	}
}
