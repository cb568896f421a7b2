package svg

import (
	"bufio"
	"io"
	"math"

	"github.com/crmflow/crmflow/report"
)

// BarChart is a horizontal bar chart: one bar per category, the label at
// the left, the value text at the bar's end.
type BarChart struct {
	Title string
	Lang  string // "zh" or "en": the xml:lang of the drawing
	Bars  []Bar
	Max   float64 // the value a full-width bar stands for; 0: the largest value
}

// Bar is one category.
type Bar struct {
	Label string
	Value float64
	Text  string // shown after the bar, e.g. "12 (40%)"
}

const (
	barRowH    = 26.0
	barH       = 16.0
	barTitleH  = 30.0
	barPad     = 12.0
	barAreaW   = 320.0
	barCharW   = 7.2 // width of one narrow character at 12px
	barMaxLabW = 260.0
)

// WriteBarChart writes c as a standalone SVG with no external references. The
// output depends only on c (numbers with one decimal), so it is stable for
// golden files; all text is escaped.
func WriteBarChart(w io.Writer, c BarChart) error {
	labelW := 40.0
	textW := 40.0
	for _, b := range c.Bars {
		labelW = math.Max(labelW, float64(report.DisplayWidth(b.Label, 1<<20))*barCharW)
		textW = math.Max(textW, float64(report.DisplayWidth(b.Text, 1<<20))*barCharW)
	}
	labelW = math.Min(labelW, barMaxLabW)
	width := barPad + labelW + 8 + barAreaW + 6 + textW + barPad
	height := barTitleH + float64(len(c.Bars))*barRowH + barPad
	top := barTitleH
	if c.Title == "" {
		height -= barTitleH - barPad
		top = barPad
	}
	max := c.Max
	for _, b := range c.Bars {
		max = math.Max(max, b.Value)
	}
	lang := "zh-CN"
	if c.Lang == "en" {
		lang = "en"
	}
	p := &psvgWriter{w: bufio.NewWriter(w)}
	p.s(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:lang="` + lang + `" width="`)
	p.n(width)
	p.s(`" height="`)
	p.n(height)
	p.s(`" viewBox="0 0 `)
	p.n(width)
	p.s(" ")
	p.n(height)
	p.s(`" role="img">` + "\n")
	p.s("<style>\ntext{font-family:" + psvgFontStack + ";fill:#1f2933;font-size:12px}\n.bt{font-size:14px;font-weight:bold}\n.bl{text-anchor:end}\n.bar{fill:#1d4f91}\n.bg{fill:#eef2f7}\n</style>\n")
	if c.Title != "" {
		p.s("<title>")
		p.t(c.Title)
		p.s("</title>\n")
		p.text("bt", barPad, 20, c.Title)
	}
	x0 := barPad + labelW + 8
	for i, b := range c.Bars {
		y := top + float64(i)*barRowH
		label := b.Label
		if float64(report.DisplayWidth(label, 1<<20))*barCharW > labelW {
			label = report.CutDisplay(label, int(labelW/barCharW)-1) + "…"
		}
		p.text("bl", x0-6, y+barH-3, label)
		p.rect("bg", x0, y, barAreaW, barH, 2)
		bw := 0.0
		if max > 0 && b.Value > 0 {
			bw = barAreaW * b.Value / max
		}
		if bw > 0 {
			p.rect("bar", x0, y, bw, barH, 2)
		}
		p.text("bv", x0+barAreaW+6, y+barH-3, b.Text)
	}
	p.s("</svg>\n")
	return p.flush()
}
