package svg

import (
	"bufio"
	"io"
	"slices"
	"strconv"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
)

// A swimlane drawn for a printed page. A map 2,800 px wide scaled down to a
// page's width leaves its labels unreadable, so WriteProcessParts cuts the
// drawing into parts no wider than a page, between columns of shapes, and
// draws each part as a whole diagram of its own: the title (numbered), the
// lane headers, the lanes' stretch of that part, and the legend under the
// last part. Flows that cross a cut end at a dashed line on both sides.

// PartPlan is where the parts of a wide drawing begin and end, in layout
// coordinates (the lane headers are left of process.HeaderWidth).
type PartPlan struct {
	Cuts [][2]float64 // [from, to) of each part, left to right
}

// PlanParts splits layout l of map m into parts at most maxWidth wide
// (headers and margins included). It cuts only where no shape, its decor or
// a flow label lies; a part wider than maxWidth happens only where one stretch
// without such a gap is itself wider.
func PlanParts(m *process.Map, l *process.Layout, maxWidth float64) PartPlan {
	end := l.Width
	room := maxWidth - 2*psvgMarginX - process.HeaderWidth
	if end-process.HeaderWidth <= room || room <= 0 {
		return PartPlan{Cuts: [][2]float64{{process.HeaderWidth, end}}}
	}
	// The horizontal stretches nothing may be cut through.
	var busy [][2]float64
	for _, r := range inkRects(m, l) {
		busy = append(busy, [2]float64{r.X - 4, r.X + r.W + 4})
	}
	slices.SortFunc(busy, func(a, b [2]float64) int {
		switch {
		case a[0] < b[0]:
			return -1
		case a[0] > b[0]:
			return 1
		}
		return 0
	})
	// The free gaps between busy stretches: a cut goes in the middle of one.
	var cutsAt []float64
	reach := process.HeaderWidth
	for _, b := range busy {
		if b[0] > reach {
			cutsAt = append(cutsAt, (reach+b[0])/2)
		}
		reach = max(reach, b[1])
	}
	var plan PartPlan
	from := process.HeaderWidth
	for end-from > room {
		best := -1.0
		for _, c := range cutsAt {
			if c > from+1 && c-from <= room {
				best = c
			}
		}
		if best < 0 { // nothing fits: the first gap after from
			for _, c := range cutsAt {
				if c > from+1 {
					best = c
					break
				}
			}
		}
		if best < 0 {
			break
		}
		plan.Cuts = append(plan.Cuts, [2]float64{from, best})
		from = best
	}
	plan.Cuts = append(plan.Cuts, [2]float64{from, end})
	return plan
}

// inkRects are the boxes of everything drawn at a place: each shape with its
// label, pain-point marker, finding IDs and requirement tags, and each flow
// label.
func inkRects(m *process.Map, l *process.Layout) []process.Rect {
	byID := make(map[string]process.Node, len(m.Nodes))
	for _, n := range m.Nodes {
		if _, dup := byID[n.ID]; !dup {
			byID[n.ID] = n
		}
	}
	var out []process.Rect
	for _, nb := range l.Nodes {
		n := byID[nb.ID]
		d := process.NodeDecor(n, nb)
		out = append(out, nb.Box)
		w := 0.0
		for _, line := range nb.Lines {
			w = max(w, process.TextWidth(line, process.LabelFontSize))
		}
		out = append(out, process.Rect{X: d.LabelAt.X - w/2, Y: d.LabelAt.Y, W: w, H: 1})
		if len(d.Findings) > 0 {
			fw := 0.0
			for _, line := range d.Findings {
				fw = max(fw, process.TextWidth(line, process.TagFontSize))
			}
			out = append(out, d.Marker, process.Rect{X: d.FindingsAt.X - fw, Y: d.FindingsAt.Y, W: fw, H: 1})
		}
		out = append(out, d.Reqs...)
	}
	for _, e := range l.Edges {
		if e.Label != "" {
			out = append(out, process.EdgeLabelBox(e.Label, e.LabelAt))
		}
	}
	return out
}

// WriteProcessParts writes map m, laid out as l (nil: process.Lay(m)), as
// one or more <svg> elements, each at most maxWidth wide where the drawing
// allows (see PlanParts): an HTML fragment to inline in a printed document,
// not a standalone SVG file (that is WriteProcess).
func WriteProcessParts(w io.Writer, m *process.Map, l *process.Layout, lang crmflow.Lang, maxWidth float64) error {
	if l == nil {
		l = process.Lay(m)
	}
	plan := PlanParts(m, l, maxWidth)
	words := func(k string) string { return psvgWords.In(lang, k) }
	xmlLang := report.Tr(lang, "zh-CN", "en")
	nodes := make(map[string]*process.Node, len(m.Nodes))
	for i := range m.Nodes {
		if _, dup := nodes[m.Nodes[i].ID]; !dup {
			nodes[m.Nodes[i].ID] = &m.Nodes[i]
		}
	}
	title, variant := psvgTitle(m, words)
	legend := psvgLegend(m, words)
	bw := bufio.NewWriterSize(w, 64<<10)
	for k, cut := range plan.Cuts {
		p := &psvgWriter{w: bw, arrow: "pm-arrow-" + strconv.Itoa(k+1), pains: k == len(plan.Cuts)-1 && len(m.Pains) > 0}
		span := cut[1] - cut[0]
		totalW := process.HeaderWidth + span + 2*psvgMarginX
		last := k == len(plan.Cuts)-1
		var rows [][]psvgLegendEntry
		var pains []psvgPainItem
		totalH := psvgTitleH + l.Height + 8
		if last {
			rows = psvgLegendRows(legend, totalW)
			pains = psvgPainBlock(m, totalW)
			totalH += psvgPainHeight(pains) + psvgLegendGap + float64(len(rows))*psvgLegendRow
		}
		partTitle := title
		if len(plan.Cuts) > 1 {
			partTitle += report.Tr(lang, "（", " (") + strconv.Itoa(k+1) + "/" + strconv.Itoa(len(plan.Cuts)) + report.Tr(lang, "）", ")")
		}
		p.head(xmlLang, totalW, totalH, partTitle, variant)
		p.title(m, partTitle, variant)
		p.s(`<g transform="translate(`)
		p.n(psvgMarginX)
		p.s(",")
		p.n(psvgTitleH)
		p.s(`)">` + "\n")
		// The part's stretch of the lanes, as a window on the whole drawing.
		p.s(`<svg x="`)
		p.n(process.HeaderWidth)
		p.s(`" y="0.0" width="`)
		p.n(span)
		p.s(`" height="`)
		p.n(l.Height)
		p.s(`" viewBox="`)
		p.n(cut[0])
		p.s(" 0.0 ")
		p.n(span)
		p.s(" ")
		p.n(l.Height)
		p.s(`" overflow="hidden">` + "\n")
		for i, lb := range l.Lanes {
			psvgLane(p, m, i, lb, words, true, false)
		}
		psvgBody(p, m, l, nodes)
		p.s("</svg>\n")
		for i, lb := range l.Lanes {
			psvgLane(p, m, i, lb, words, false, true)
		}
		// Dashed lines where the drawing goes on in another part.
		if k > 0 {
			p.cutLine(process.HeaderWidth+0.5, l.Height)
		}
		if !last {
			p.cutLine(process.HeaderWidth+span-0.5, l.Height)
		}
		p.s("</g>\n")
		if last {
			psvgPainsAt(p, pains, psvgTitleH+l.Height, words("pains"))
			psvgLegendAt(p, rows, psvgTitleH+l.Height+psvgPainHeight(pains)+psvgLegendGap)
		}
		p.s("</svg>\n")
		if p.err != nil {
			return p.err
		}
	}
	return bw.Flush()
}

// cutLine draws the dashed line where a part ends and the next begins.
func (p *psvgWriter) cutLine(x, h float64) {
	p.s(`<path fill="none" stroke="#8d9aab" stroke-width="1.5" stroke-dasharray="6 4" d="M`)
	p.pt(x, 0)
	p.s(" L")
	p.pt(x, h)
	p.s(`"/>` + "\n")
}
