package release

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/crmflow/crmflow"
	rel "github.com/crmflow/crmflow/release"
)

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// BurndownSVG draws a sprint's burndown: the ideal line from the committed
// scope, the remaining work per working day, the sprint's scope (which
// moves when work is added or removed after the start), and a legend with
// the scope changes kept apart from re-estimates. Days still ahead are not
// drawn on the remaining line.
func BurndownSVG(w io.Writer, b *rel.Burndown, lang crmflow.Lang) error {
	const (
		width, height = 760, 420
		left, right   = 60, 20
		top, bottom   = 50, 110
	)
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	maxY := b.Committed
	for _, d := range b.Days {
		maxY = math.Max(maxY, math.Max(d.Scope, d.Remaining))
	}
	if maxY <= 0 {
		maxY = 1
	}
	step := niceStep(maxY / 5)
	maxY = math.Ceil(maxY/step) * step
	n := len(b.Days)
	x := func(i int) float64 {
		if n <= 1 {
			return float64(left)
		}
		return float64(left) + pw*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return float64(top) + ph*(1-v/maxY) }
	var s bytes.Buffer
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="'Noto Sans CJK SC','Noto Sans',sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&s, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", width, height)
	title := tr(lang, fmt.Sprintf("%s 燃尽图（%s 至 %s）", b.Sprint, b.Start, b.End), fmt.Sprintf("%s burndown (%s to %s)", b.Sprint, b.Start, b.End))
	fmt.Fprintf(&s, `<text x="%d" y="28" font-size="16" font-weight="bold">%s</text>`+"\n", left, esc(title))
	for v := 0.0; v <= maxY+1e-9; v += step {
		fmt.Fprintf(&s, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e0e0e0"/>`+"\n", left, y(v), width-right, y(v))
		fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>`+"\n", left-6, y(v)+4, num(v))
	}
	fmt.Fprintf(&s, `<text x="14" y="%.1f" transform="rotate(-90 14 %.1f)" text-anchor="middle" fill="#555">%s</text>`+"\n",
		float64(top)+ph/2, float64(top)+ph/2, esc(tr(lang, "剩余工作量（人天）", "Remaining work (person-days)")))
	every := max(1, n/10)
	for i, d := range b.Days {
		if i%every == 0 || i == n-1 {
			fmt.Fprintf(&s, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s</text>`+"\n", x(i), height-bottom+16, d.Date.String()[5:])
		}
	}
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, height-bottom, width-right, height-bottom)
	poly := func(pts []string, stroke, dash string, widthPx float64) {
		if len(pts) == 0 {
			return
		}
		extra := ""
		if dash != "" {
			extra = ` stroke-dasharray="` + dash + `"`
		}
		fmt.Fprintf(&s, `<polyline fill="none" stroke="%s" stroke-width="%s"%s points="%s"/>`+"\n", stroke, num(widthPx), extra, joinPts(pts))
	}
	var ideal, scope, remaining []string
	for i, d := range b.Days {
		pt := func(v float64) string { return fmt.Sprintf("%.1f,%.1f", x(i), y(v)) }
		ideal = append(ideal, pt(d.Ideal))
		if !d.Future {
			scope = append(scope, pt(d.Scope))
			remaining = append(remaining, pt(d.Remaining))
		}
	}
	poly(ideal, "#9e9e9e", "6 4", 1.5)
	poly(scope, "#f57c00", "2 3", 1.5)
	poly(remaining, "#1565c0", "", 2.5)
	for i, d := range b.Days {
		if !d.Future {
			fmt.Fprintf(&s, `<circle cx="%.1f" cy="%.1f" r="3" fill="#1565c0"/>`+"\n", x(i), y(d.Remaining))
		}
	}
	ly := height - bottom + 40
	legend := []struct{ color, dash, label string }{
		{"#1565c0", "", tr(lang, "剩余", "Remaining")},
		{"#9e9e9e", "6 4", tr(lang, "理想线", "Ideal")},
		{"#f57c00", "2 3", tr(lang, "范围", "Scope")},
	}
	lx := left
	for _, l := range legend {
		dash := ""
		if l.dash != "" {
			dash = ` stroke-dasharray="` + l.dash + `"`
		}
		fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", lx, ly-4, lx+24, ly-4, l.color, dash)
		fmt.Fprintf(&s, `<text x="%d" y="%d">%s</text>`+"\n", lx+30, ly, esc(l.label))
		lx += 120
	}
	facts := tr(lang,
		fmt.Sprintf("承诺 %s 人天 · 开始后新增 %s · 移出 %s · 重新估算 %s · 已完成 %s · 剩余 %s",
			num(b.Committed), num(b.Added), num(b.Removed), signed(b.Reestimated), num(b.Completed), num(b.Remaining)),
		fmt.Sprintf("Committed %s person-days · added after start %s · removed %s · re-estimated %s · completed %s · remaining %s",
			num(b.Committed), num(b.Added), num(b.Removed), signed(b.Reestimated), num(b.Completed), num(b.Remaining)))
	fmt.Fprintf(&s, `<text x="%d" y="%d" fill="#333">%s</text>`+"\n", left, ly+28, esc(facts))
	s.WriteString("</svg>\n")
	_, err := w.Write(s.Bytes())
	return err
}

func signed(f float64) string {
	if f > 0 {
		return "+" + num(f)
	}
	return num(f)
}

func joinPts(p []string) string {
	var b bytes.Buffer
	for i, s := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// niceStep rounds a grid step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return math.Max(m*p, 0.5)
		}
	}
	return 10 * p
}
