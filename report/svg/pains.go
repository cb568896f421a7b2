package svg

import (
	"github.com/crmflow/crmflow/process"
)

// Pain points of the map as a whole (process.Map.Pains: findings recorded
// against the map without a step) have no shape to sit on, so they are
// listed under the lanes, above the legend: the red marker, the finding's ID
// and its text, wrapped to the drawing's width (two lines at most), so they
// read in print as well as the marker on a step does.

const (
	psvgPainHeadH  = 20.0 // the heading line
	psvgPainLineH  = 16.0 // a line of a pain point's text
	psvgPainGap    = 6.0  // between two pain points
	psvgPainSize   = 12.0 // font size of the text
	psvgPainLines  = 2    // lines of text at most
	psvgPainMarkW  = 13.0
	psvgPainIndent = 22.0 // from the marker's left to the ID
)

// psvgPainStyle is the style of the block, added only where it is drawn.
const psvgPainStyle = `.pht{font-size:12px;font-weight:bold;fill:#c62828}
.pid{font-size:12px;font-weight:bold;fill:#c62828}
.ptx{font-size:12px}
`

// psvgPainItem is one pain point laid out: its ID and its text's lines.
type psvgPainItem struct {
	id    string
	lines []string
}

// psvgPainBlock lays out m's map-level pain points in width.
func psvgPainBlock(m *process.Map, width float64) []psvgPainItem {
	var out []psvgPainItem
	idW := 0.0
	for _, p := range m.Pains {
		idW = max(idW, process.TextWidth(p.ID, psvgPainSize))
	}
	textW := width - 2*psvgMarginX - psvgPainIndent - idW - 8
	for _, p := range m.Pains {
		lines := process.Wrap(p.Text, max(textW, 80), psvgPainSize)
		if len(lines) > psvgPainLines {
			lines = lines[:psvgPainLines]
			lines[psvgPainLines-1] = psvgClip(lines[psvgPainLines-1]+"…", max(textW, 80))
		}
		if len(lines) == 0 {
			lines = []string{""}
		}
		out = append(out, psvgPainItem{id: p.ID, lines: lines})
	}
	return out
}

// psvgPainHeight is the height the block takes (0 without pain points).
func psvgPainHeight(items []psvgPainItem) float64 {
	if len(items) == 0 {
		return 0
	}
	h := psvgLegendGap + psvgPainHeadH
	for _, it := range items {
		h += float64(len(it.lines))*psvgPainLineH + psvgPainGap
	}
	return h
}

// psvgPainsAt draws the block from y down, headed by head.
func psvgPainsAt(p *psvgWriter, items []psvgPainItem, y float64, head string) {
	if len(items) == 0 {
		return
	}
	y += psvgLegendGap
	p.s(`<g class="pains">` + "\n")
	p.text("pht", psvgMarginX, y+13, head)
	y += psvgPainHeadH
	idW := 0.0
	for _, it := range items {
		idW = max(idW, process.TextWidth(it.id, psvgPainSize))
	}
	for _, it := range items {
		psvgPainMark(p, process.Rect{X: psvgMarginX + 2, Y: y + 1, W: psvgPainMarkW, H: 12})
		p.text("pid", psvgMarginX+psvgPainIndent, y+11.5, it.id)
		ly := y + 11.5
		for _, line := range it.lines {
			p.text("ptx", psvgMarginX+psvgPainIndent+idW+8, ly, line)
			ly += psvgPainLineH
		}
		y += float64(len(it.lines))*psvgPainLineH + psvgPainGap
	}
	p.s("</g>\n")
}

// psvgClip shortens s, keeping its end ("…"), until it fits in w at the
// pain text's size.
func psvgClip(s string, w float64) string {
	r := []rune(s)
	for len(r) > 1 && process.TextWidth(string(r), psvgPainSize) > w {
		r = append(r[:len(r)-2], r[len(r)-1])
	}
	return string(r)
}
