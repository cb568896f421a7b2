package svg

import (
	"bytes"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// painMap is the small map with a finding recorded at a step and two on the
// map as a whole (finding add --process PM-001 [--step quote]).
func painMap() *process.Map {
	m := process.WithPains(reporttest.SmallMap(), []process.PainPoint{
		{ID: "F-003", Text: "Quotes are typed twice", Step: "quote"},
		{ID: "F-004", Text: "Nobody knows which quote version the customer accepted; discounts are agreed by phone and never written down, so finance rebuilds them from e-mails at month end, and the sales manager cannot tell which of the three spreadsheets in circulation holds the price list that was valid on the day"},
		{ID: "F-005", Text: "审批要等三天"},
	})
	return &m
}

func TestProcessSVGPainsGolden(t *testing.T) {
	reporttest.Golden(t, "process-pains.en.svg", procSVG(t, painMap(), crmflow.LangEN))
}

// svgNum reads attribute name of the first element matching re in doc.
func svgY(t *testing.T, doc, re string) float64 {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no match for %s", re)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestProcessSVGMapPains: a finding at a step marks that step; findings on
// the map as a whole are listed, each with the marker, its ID and its text,
// under the lanes and above the legend, and the drawing grows to hold them.
func TestProcessSVGMapPains(t *testing.T) {
	plain := string(procSVG(t, reporttest.SmallMap(), crmflow.LangEN))
	m := painMap()
	doc := string(procSVG(t, m, crmflow.LangEN))
	procCheckXML(t, []byte(doc))
	if strings.Contains(plain, `class="pains"`) || strings.Contains(plain, `class="fmark"`) {
		t.Fatal("a map without findings draws pain markers")
	}
	// The step: its shape is red-edged and carries the marker and the ID.
	if !strings.Contains(doc, `class="task pain"`) || !strings.Contains(doc, `<text class="fid"`) || !strings.Contains(doc, ">F-003</text>") {
		t.Error("the finding at step quote is not marked on it")
	}
	i := strings.Index(doc, `<g class="pains">`)
	if i < 0 {
		t.Fatalf("no block of the map's pain points:\n%s", doc)
	}
	block := doc[i : i+strings.Index(doc[i:], "</g>")]
	if !strings.Contains(block, "Pain points of the whole process") {
		t.Error("the block has no heading")
	}
	if strings.Contains(block, "F-003") {
		t.Error("a finding at a step is listed again under the map")
	}
	for _, id := range []string{"F-004", "F-005"} {
		if !strings.Contains(block, ">"+id+"</text>") {
			t.Errorf("%s is not listed", id)
		}
	}
	if n := strings.Count(block, `class="fmark"`); n != 2 {
		t.Errorf("%d markers in the block, want one per pain point (2)", n)
	}
	if !strings.Contains(block, "审批要等三天") || !strings.Contains(block, "…") {
		t.Error("the texts are not there, or the long one is not cut to two lines")
	}
	// Geometry: below the lanes, above the legend, inside the drawing.
	l := process.Lay(m)
	headY := svgY(t, block, `<text class="pht" x="[0-9.]+" y="([0-9.]+)"`)
	lastY := 0.0
	for _, mm := range regexp.MustCompile(`<text class="ptx" x="([0-9.]+)" y="([0-9.]+)">([^<]*)<`).FindAllStringSubmatch(block, -1) {
		x, _ := strconv.ParseFloat(mm[1], 64)
		y, _ := strconv.ParseFloat(mm[2], 64)
		lastY = max(lastY, y)
		if w := x + process.TextWidth(mm[3], psvgPainSize); w > l.Width+2*psvgMarginX {
			t.Errorf("pain text %q runs to %.1f, past the drawing's width %.1f", mm[3], w, l.Width+2*psvgMarginX)
		}
	}
	legendY := svgY(t, doc, `<text class="lgt" x="[0-9.]+" y="([0-9.]+)"`)
	if headY <= psvgTitleH+l.Height || lastY <= headY || legendY <= lastY+4 {
		t.Errorf("lanes end at %.1f, heading at %.1f, last text line at %.1f, legend at %.1f: out of order",
			psvgTitleH+l.Height, headY, lastY, legendY)
	}
	h := svgY(t, doc, `<svg [^>]*height="([0-9.]+)"`)
	h0 := svgY(t, plain, `<svg [^>]*height="([0-9.]+)"`)
	if h <= h0 || h < legendY {
		t.Errorf("the drawing is %.1f high (%.1f without pains, legend at %.1f)", h, h0, legendY)
	}
}

// TestProcessPartsMapPains: a map cut into parts lists its own pain points
// once, under the last part.
func TestProcessPartsMapPains(t *testing.T) {
	m := procBenchMap(40, 4)
	drawn := process.WithPains(m, []process.PainPoint{{ID: "F-990", Text: "Everything is re-keyed"}})
	var b bytes.Buffer
	if err := WriteProcessParts(&b, &drawn, nil, crmflow.LangEN, 900); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	last := out[strings.LastIndex(out, "<svg xmlns"):]
	if strings.Count(out, `<g class="pains">`) != 1 || !strings.Contains(last, ">F-990</text>") {
		t.Error("the map's pain points are not listed once, under the last part")
	}
}

// TestProcessSVGPainsInChromium renders the map in Chromium and finds the
// red markers of the block where the SVG puts it: the list is drawn, not just
// written.
func TestProcessSVGPainsInChromium(t *testing.T) {
	m := painMap()
	doc := procSVG(t, m, crmflow.LangEN)
	fw := svgY(t, string(doc), `<svg [^>]*width="([0-9.]+)"`)
	fh := svgY(t, string(doc), `<svg [^>]*height="([0-9.]+)"`)
	w, h := int(math.Ceil(fw)), int(math.Ceil(fh))
	img, err := png.Decode(bytes.NewReader(reporttest.OpenInChromium(t, doc, "pains.svg").PNG(w, h)))
	if err != nil {
		t.Fatal(err)
	}
	top := int(psvgTitleH + process.Lay(m).Height)
	red := 0
	for y := top; y < min(h, top+int(psvgPainHeight(psvgPainBlock(m, fw)))); y++ {
		for x := 0; x < int(psvgMarginX+psvgPainIndent); x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if r > 0xb000 && g < 0x7000 && bb < 0x7000 {
				red++
			}
		}
	}
	if red < 60 {
		t.Errorf("%d red pixels where the block's markers are drawn", red)
	}
}
