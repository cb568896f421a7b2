// Package svg draws SVG: process maps as swimlane diagrams from their layout
// (process.go) and bar charts (barchart.go).
package svg

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
)

// The SVG swimlane diagram of a process map: one standalone SVG 1.1 file with
// no external references (no links, images, scripts or foreign objects), drawn
// from a process.Layout. Numbers are written with one decimal so the output
// is byte-stable.

const (
	psvgMarginX   = 16.0
	psvgTitleH    = 50.0 // room above the lanes for the title
	psvgLegendGap = 14.0
	psvgLegendRow = 22.0
	psvgFontStack = `"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif`
)

const psvgStyle = `
text{font-family:` + psvgFontStack + `;fill:#1f2933}
.ttl{font-size:18px;font-weight:bold}
.var{font-size:12px;fill:#ffffff;font-weight:bold}
.vbg{fill:#5b6b7d}
.vbg.tobe{fill:#2e7d5b}
.vbg.asis{fill:#8a5a14}
.lane{fill:#ffffff;stroke:#8d9aab;stroke-width:1}
.lane.alt{fill:#f5f7fa}
.hdr{fill:#e4ebf4;stroke:#8d9aab;stroke-width:1}
.hdr.sys{fill:#e9ecef}
.hdrt{font-size:13px;font-weight:bold;text-anchor:middle}
.sysc{font-size:10px;fill:#6b7785;text-anchor:middle}
.task{fill:#ffffff;stroke:#3d6a9e;stroke-width:1.5}
.task.manual{fill:#fffaf0;stroke:#9a7b3c}
.task.system{fill:#f1f5f9;stroke:#52677d}
.pain{stroke:#d32f2f;stroke-width:2}
.lbl{font-size:13px;text-anchor:middle}
.ev{fill:#f1f8f1;stroke:#2e7d32;stroke-width:1.6}
.ev.end{fill:#fdeeee;stroke:#b71c1c;stroke-width:3.5}
.gw{fill:#fff8e1;stroke:#a87b00;stroke-width:1.5}
.gwm{stroke:#7a5a00;stroke-width:3;stroke-linecap:round;fill:none}
.icon{fill:none;stroke:#3d6a9e;stroke-width:1.2}
.iconf{fill:#3d6a9e;stroke:none}
.icon.manual{stroke:#9a7b3c}
.icon.system{stroke:#52677d}
.edge{fill:none;stroke:#4a5562;stroke-width:1.4;stroke-linejoin:round}
.el{font-size:12px;fill:#1f2933;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
.fmark{fill:#d32f2f}
.fmarkx{stroke:#ffffff;stroke-width:1.5;stroke-linecap:round}
.fid{font-size:10px;fill:#c62828;text-anchor:end;font-weight:bold}
.req{fill:#e8f1fb;stroke:#4a86c5;stroke-width:0.8}
.reqt{font-size:10px;fill:#1d4f85;text-anchor:middle}
.lgt{font-size:11px;fill:#4a5562}
`

// psvgWords are the words the diagram itself writes.
var psvgWords = report.Messages{
	"as-is": {ZH: "现状 as-is", EN: "as-is"}, "to-be": {ZH: "目标 to-be", EN: "to-be"}, "system": {ZH: "系统", EN: "System"},
	"start": {ZH: "开始", EN: "Start"}, "end": {ZH: "结束", EN: "End"}, "user": {ZH: "用户任务", EN: "User task"},
	"manual": {ZH: "手工操作", EN: "Manual task"}, "systask": {ZH: "系统自动", EN: "System task"}, "task": {ZH: "任务", EN: "Task"},
	"xor": {ZH: "判断（排他）", EN: "Decision (XOR)"}, "and": {ZH: "并行", EN: "Parallel (AND)"},
	"pain": {ZH: "痛点", EN: "Pain point"}, "req": {ZH: "需求", EN: "Requirement"},
	"pains": {ZH: "整个流程的痛点", EN: "Pain points of the whole process"},
}

// WriteProcess writes map m, laid out as l (nil: process.Lay(m)), as a
// standalone SVG swimlane diagram in language lang (the words the diagram
// adds itself; labels are the user's).
func WriteProcess(w io.Writer, m *process.Map, l *process.Layout, lang crmflow.Lang) error {
	if l == nil {
		l = process.Lay(m)
	}
	words := func(k string) string { return psvgWords.In(lang, k) }
	xmlLang := report.Tr(lang, "zh-CN", "en")
	nodes := make(map[string]*process.Node, len(m.Nodes))
	for i := range m.Nodes {
		if _, dup := nodes[m.Nodes[i].ID]; !dup {
			nodes[m.Nodes[i].ID] = &m.Nodes[i]
		}
	}
	legend := psvgLegend(m, words)
	legendRows := psvgLegendRows(legend, l.Width+2*psvgMarginX)
	totalW := l.Width + 2*psvgMarginX
	pains := psvgPainBlock(m, totalW)
	painH := psvgPainHeight(pains)
	totalH := psvgTitleH + l.Height + painH + psvgLegendGap + float64(len(legendRows))*psvgLegendRow + 8

	p := &psvgWriter{w: bufio.NewWriterSize(w, 64<<10), arrow: "pm-arrow", pains: len(pains) > 0}
	p.s(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	title, variant := psvgTitle(m, words)
	p.head(xmlLang, totalW, totalH, title, variant)
	p.title(m, title, variant)

	p.s(`<g transform="translate(`)
	p.n(psvgMarginX)
	p.s(",")
	p.n(psvgTitleH)
	p.s(`)">` + "\n")
	for i, lb := range l.Lanes {
		psvgLane(p, m, i, lb, words, true, true)
	}
	psvgBody(p, m, l, nodes)
	p.s("</g>\n")

	// The map's own pain points, then the legend: the kinds of shape the map uses.
	psvgPainsAt(p, pains, psvgTitleH+l.Height, words("pains"))
	psvgLegendAt(p, legendRows, psvgTitleH+l.Height+painH+psvgLegendGap)
	p.s("</svg>\n")
	return p.flush()
}

// psvgTitle is the map's name and its variant's word ("" when unset).
func psvgTitle(m *process.Map, words func(string) string) (string, string) {
	switch m.Variant {
	case process.AsIs:
		return m.Name, words("as-is")
	case process.ToBe:
		return m.Name, words("to-be")
	}
	return m.Name, ""
}

// head opens the <svg> element: its size, the tooltip title, the style and
// the arrow marker.
func (p *psvgWriter) head(xmlLang string, totalW, totalH float64, title, variant string) {
	p.s(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:lang="`)
	p.s(xmlLang)
	p.s(`" width="`)
	p.n(totalW)
	p.s(`" height="`)
	p.n(totalH)
	p.s(`" viewBox="0 0 `)
	p.n(totalW)
	p.s(" ")
	p.n(totalH)
	p.s(`" font-family="`)
	p.s(psvgEsc(psvgFontStack))
	p.s(`" font-size="13">` + "\n")
	p.s("<title>")
	p.t(title)
	if variant != "" {
		p.s(" · ")
		p.t(variant)
	}
	p.s("</title>\n")
	p.s("<defs>\n<style type=\"text/css\"><![CDATA[")
	p.s(psvgStyle)
	if p.pains {
		p.s(psvgPainStyle)
	}
	p.s("]]></style>\n")
	p.s(`<marker id="`)
	p.s(p.arrow)
	p.s(`" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto">`)
	p.s(`<path d="M0,0 L10,5 L0,10 Z" fill="#4a5562"/></marker>` + "\n</defs>\n")
	p.s(`<rect x="0.0" y="0.0" width="`)
	p.n(totalW)
	p.s(`" height="`)
	p.n(totalH)
	p.s(`" fill="#ffffff"/>` + "\n")
}

// title writes the map's name, and the variant as a badge after it.
func (p *psvgWriter) title(m *process.Map, title, variant string) {
	p.s(`<text class="ttl" x="`)
	p.n(psvgMarginX)
	p.s(`" y="31.0">`)
	p.t(title)
	p.s("</text>\n")
	if variant != "" {
		x := psvgMarginX + process.TextWidth(title, 18)*1.08 + 12
		vw := process.TextWidth(variant, 12) + 16
		cls := "vbg"
		if m.Variant == process.AsIs {
			cls += " asis"
		} else {
			cls += " tobe"
		}
		p.rect(cls, x, 16, vw, 20, 10)
		p.s(`<text class="var" x="`)
		p.n(x + 8)
		p.s(`" y="30.5">`)
		p.t(variant)
		p.s("</text>\n")
	}
}

// psvgLane draws lane i's band (box) and its header cell with the name (header).
func psvgLane(p *psvgWriter, m *process.Map, i int, lb process.LaneBox, words func(string) string, box, header bool) {
	lane, _ := m.Lane(lb.ID)
	if box {
		cls := "lane"
		if i%2 == 1 {
			cls += " alt"
		}
		p.rect(cls, lb.Box.X, lb.Box.Y, lb.Box.W, lb.Box.H, 0)
	}
	if !header {
		return
	}
	hcls := "hdr"
	if lane.System {
		hcls += " sys"
	}
	p.rect(hcls, lb.Header.X, lb.Header.Y, lb.Header.W, lb.Header.H, 0)
	lines := process.LaneHeaderLines(lane.Name)
	n := float64(len(lines))
	if lane.System {
		n++
	}
	cx := lb.Header.X + lb.Header.W/2
	y := lb.Header.Y + lb.Header.H/2 - n*process.LabelLineHeight/2 + 12.5
	for _, line := range lines {
		p.text("hdrt", cx, y, line)
		y += process.LabelLineHeight
	}
	if lane.System {
		psvgGear(p, cx-process.TextWidth(words("system"), 10)/2-9, y-3.5, 4.5, "icon system")
		p.text("sysc", cx+5, y, words("system"))
	}
}

// psvgBody draws the flows, the shapes with their decor, and the flow labels.
func psvgBody(p *psvgWriter, m *process.Map, l *process.Layout, nodes map[string]*process.Node) {
	// Flows, under the shapes.
	for _, e := range l.Edges {
		if len(e.Points) < 2 {
			continue
		}
		p.s(`<path class="edge" marker-end="url(#`)
		p.s(p.arrow)
		p.s(`)" d="`)
		for i, pt := range e.Points {
			if i == 0 {
				p.s("M")
			} else {
				p.s(" L")
			}
			p.n(pt.X)
			p.s(",")
			p.n(pt.Y)
		}
		p.s(`"/>` + "\n")
	}

	// Shapes and their decor.
	for i, nb := range l.Nodes {
		var n process.Node
		if i < len(m.Nodes) && m.Nodes[i].ID == nb.ID {
			n = m.Nodes[i]
		} else if np := nodes[nb.ID]; np != nil {
			n = *np
		} else {
			continue
		}
		psvgNode(p, n, nb)
	}

	// Flow labels on top, with a white halo.
	for _, e := range l.Edges {
		if e.Label == "" {
			continue
		}
		p.text("el", e.LabelAt.X, e.LabelAt.Y, e.Label)
	}
}

// psvgLegendAt draws the legend rows from y down.
func psvgLegendAt(p *psvgWriter, rows [][]psvgLegendEntry, y float64) {
	for _, row := range rows {
		x := psvgMarginX
		for _, it := range row {
			psvgLegendItem(p, it, x, y)
			x += it.w
		}
		y += psvgLegendRow
	}
}

func psvgNode(p *psvgWriter, n process.Node, nb process.NodeBox) {
	b := nb.Box
	d := process.NodeDecor(n, nb)
	cx, cy := b.X+b.W/2, b.Y+b.H/2
	p.s("<g>")
	// A tooltip: the label, the note and the links.
	tip := strings.Join(nb.Lines, "")
	if tip == "" {
		tip = n.ID
	}
	if n.Note != "" {
		tip += "\n" + n.Note
	}
	if len(n.Findings) > 0 {
		tip += "\n" + strings.Join(n.Findings, ", ")
	}
	if len(n.Reqs) > 0 {
		tip += "\n" + strings.Join(n.Reqs, ", ")
	}
	p.s("<title>")
	p.t(tip)
	p.s("</title>\n")
	switch {
	case n.Kind.IsTask():
		cls := "task"
		switch n.Kind {
		case process.Manual:
			cls += " manual"
		case process.System:
			cls += " system"
		}
		if n.Pain() {
			cls += " pain"
		}
		p.rect(cls, b.X, b.Y, b.W, b.H, 8)
		psvgKindIcon(p, n.Kind, b.X+6, b.Y+6)
	case n.Kind.IsGateway():
		p.s(`<path class="gw`)
		if n.Pain() {
			p.s(" pain")
		}
		p.s(`" d="M`)
		p.pt(cx, b.Y)
		p.s(" L")
		p.pt(b.X+b.W, cy)
		p.s(" L")
		p.pt(cx, b.Y+b.H)
		p.s(" L")
		p.pt(b.X, cy)
		p.s(` Z"/>` + "\n")
		psvgGatewayMark(p, n.Kind, cx, cy, b.W)
	default:
		cls := "ev"
		if n.Kind == process.End {
			cls += " end"
		}
		r := b.W / 2
		if n.Kind == process.End {
			r -= 1 // the thick border stays inside the box
		}
		p.s(`<circle class="`)
		p.s(cls)
		p.s(`" cx="`)
		p.n(cx)
		p.s(`" cy="`)
		p.n(cy)
		p.s(`" r="`)
		p.n(r)
		p.s(`"/>` + "\n")
	}
	y := d.LabelAt.Y
	for _, line := range nb.Lines {
		p.text("lbl", d.LabelAt.X, y, line)
		y += process.LabelLineHeight
	}
	if len(d.Findings) > 0 {
		psvgPainMark(p, d.Marker)
		y := d.FindingsAt.Y
		for _, line := range d.Findings {
			p.text("fid", d.FindingsAt.X, y, line)
			y += process.TagLineHeight
		}
	}
	for i, t := range d.Reqs {
		p.rect("req", t.X, t.Y, t.W, t.H, 3)
		p.text("reqt", t.X+t.W/2, t.Y+10.5, n.Reqs[i])
	}
	p.s("</g>\n")
}

// psvgPainMark draws the pain-point marker: a red warning triangle with a
// white exclamation mark.
func psvgPainMark(p *psvgWriter, r process.Rect) {
	cx := r.X + r.W/2
	p.s(`<path class="fmark" d="M`)
	p.pt(cx, r.Y)
	p.s(" L")
	p.pt(r.X+r.W, r.Y+r.H)
	p.s(" L")
	p.pt(r.X, r.Y+r.H)
	p.s(` Z"/><path class="fmarkx" d="M`)
	p.pt(cx, r.Y+r.H*0.35)
	p.s(" L")
	p.pt(cx, r.Y+r.H*0.68)
	p.s(" M")
	p.pt(cx, r.Y+r.H*0.84)
	p.s(" L")
	p.pt(cx, r.Y+r.H*0.86)
	p.s(`"/>` + "\n")
}

// psvgKindIcon draws the small marker of a task's kind in a 12×12 box at x, y.
func psvgKindIcon(p *psvgWriter, k process.NodeKind, x, y float64) {
	switch k {
	case process.User:
		// A person: head and shoulders.
		p.s(`<circle class="iconf" cx="`)
		p.n(x + 6)
		p.s(`" cy="`)
		p.n(y + 3.2)
		p.s(`" r="2.8"/><path class="iconf" d="M`)
		p.pt(x+0.5, y+12)
		p.s(" C")
		p.pt(x+0.5, y+7)
		p.s(" ")
		p.pt(x+11.5, y+7)
		p.s(" ")
		p.pt(x+11.5, y+12)
		p.s(` Z"/>` + "\n")
	case process.Manual:
		// A sheet of paper with a folded corner and lines of writing.
		p.s(`<path class="icon manual" d="M`)
		p.pt(x+1.5, y+0.5)
		p.s(" L")
		p.pt(x+7.5, y+0.5)
		p.s(" L")
		p.pt(x+10.5, y+3.5)
		p.s(" L")
		p.pt(x+10.5, y+12)
		p.s(" L")
		p.pt(x+1.5, y+12)
		p.s(" Z M")
		p.pt(x+7.5, y+0.5)
		p.s(" L")
		p.pt(x+7.5, y+3.5)
		p.s(" L")
		p.pt(x+10.5, y+3.5)
		p.s(" M")
		p.pt(x+3.5, y+6.5)
		p.s(" L")
		p.pt(x+8.5, y+6.5)
		p.s(" M")
		p.pt(x+3.5, y+9)
		p.s(" L")
		p.pt(x+8.5, y+9)
		p.s(`"/>` + "\n")
	case process.System:
		psvgGear(p, x+6, y+6, 5, "icon system")
	}
}

// psvgGear draws a gear of outer radius r centred on cx, cy: a ring with
// eight teeth.
func psvgGear(p *psvgWriter, cx, cy, r float64, cls string) {
	p.s(`<circle class="`)
	p.s(cls)
	p.s(`" stroke-width="1.6" cx="`)
	p.n(cx)
	p.s(`" cy="`)
	p.n(cy)
	p.s(`" r="`)
	p.n(r * 0.55)
	p.s(`"/><path class="`)
	p.s(cls)
	p.s(`" stroke-width="2" d="`)
	for i := range 8 {
		a := float64(i) * math.Pi / 4
		s, c := math.Sincos(a)
		if i > 0 {
			p.s(" ")
		}
		p.s("M")
		p.pt(cx+c*r*0.55, cy+s*r*0.55)
		p.s(" L")
		p.pt(cx+c*r, cy+s*r)
	}
	p.s(`"/>` + "\n")
}

// psvgGatewayMark draws × (exclusive) or + (parallel) inside a diamond of
// width w.
func psvgGatewayMark(p *psvgWriter, k process.NodeKind, cx, cy, w float64) {
	p.s(`<path class="gwm" d="`)
	if k == process.AND {
		a := w * 0.24
		p.s("M")
		p.pt(cx-a, cy)
		p.s(" L")
		p.pt(cx+a, cy)
		p.s(" M")
		p.pt(cx, cy-a)
		p.s(" L")
		p.pt(cx, cy+a)
	} else {
		a := w * 0.16
		p.s("M")
		p.pt(cx-a, cy-a)
		p.s(" L")
		p.pt(cx+a, cy+a)
		p.s(" M")
		p.pt(cx+a, cy-a)
		p.s(" L")
		p.pt(cx-a, cy+a)
	}
	p.s(`"/>` + "\n")
}

// psvgLegendEntry is one item of the legend.
type psvgLegendEntry struct {
	key, text string
	w         float64
}

func psvgLegend(m *process.Map, words func(string) string) []psvgLegendEntry {
	used := map[string]bool{"pain": len(m.Pains) > 0}
	for _, n := range m.Nodes {
		used[string(n.Kind)] = true
		if n.Pain() {
			used["pain"] = true
		}
		if len(n.Reqs) > 0 {
			used["req"] = true
		}
	}
	var items []psvgLegendEntry
	for _, k := range []string{"start", "end", "user", "manual", "system", "task", "xor", "and", "pain", "req"} {
		if !used[k] {
			continue
		}
		word := words(k)
		if k == "system" {
			word = words("systask")
		}
		iw := 22.0
		if k == "req" {
			iw = 30
		}
		items = append(items, psvgLegendEntry{k, word, iw + process.TextWidth(word, 11) + 18})
	}
	return items
}

func psvgLegendRows(items []psvgLegendEntry, width float64) [][]psvgLegendEntry {
	var rows [][]psvgLegendEntry
	var row []psvgLegendEntry
	used := psvgMarginX
	for _, it := range items {
		if len(row) > 0 && used+it.w > width-psvgMarginX {
			rows = append(rows, row)
			row, used = nil, psvgMarginX
		}
		row = append(row, it)
		used += it.w
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func psvgLegendItem(p *psvgWriter, it psvgLegendEntry, x, y float64) {
	cy := y + 9
	switch it.key {
	case "start", "end":
		cls := "ev"
		r := 7.0
		if it.key == "end" {
			cls += " end"
			r = 6
		}
		p.s(`<circle class="` + cls + `" cx="`)
		p.n(x + 9)
		p.s(`" cy="`)
		p.n(cy)
		p.s(`" r="`)
		p.n(r)
		p.s(`"/>` + "\n")
	case "user", "manual", "system", "task":
		cls := "task"
		if it.key == "manual" || it.key == "system" {
			cls += " " + it.key
		}
		p.rect(cls, x, cy-8, 18, 16, 3)
		if it.key != "task" {
			psvgKindIcon(p, process.NodeKind(it.key), x+3, cy-6)
		}
	case "xor", "and":
		p.s(`<path class="gw" d="M`)
		p.pt(x+9, cy-9)
		p.s(" L")
		p.pt(x+18, cy)
		p.s(" L")
		p.pt(x+9, cy+9)
		p.s(" L")
		p.pt(x, cy)
		p.s(` Z"/>` + "\n")
		psvgGatewayMark(p, process.NodeKind(it.key), x+9, cy, 18)
	case "pain":
		psvgPainMark(p, process.Rect{X: x + 2, Y: cy - 6, W: 13, H: 12})
	case "req":
		p.rect("req", x, cy-7, 26, 14, 3)
		p.text("reqt", x+13, cy+3.5, "REQ")
	}
	iw := 22.0
	if it.key == "req" {
		iw = 30
	}
	p.text("lgt", x+iw, cy+4, it.text)
}

// psvgWriter writes SVG text, keeping the first error.
type psvgWriter struct {
	w     *bufio.Writer
	err   error
	buf   []byte
	arrow string // the arrow marker's id
	pains bool   // the drawing lists the map's own pain points: add their style
}

func (p *psvgWriter) s(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s)
	}
}

// n writes a number with one decimal.
func (p *psvgWriter) n(v float64) {
	p.buf = strconv.AppendFloat(p.buf[:0], v, 'f', 1, 64)
	if string(p.buf) == "-0.0" {
		p.buf = append(p.buf[:0], "0.0"...)
	}
	if p.err == nil {
		_, p.err = p.w.Write(p.buf)
	}
}

func (p *psvgWriter) pt(x, y float64) {
	p.n(x)
	p.s(",")
	p.n(y)
}

// t writes user text, escaped.
func (p *psvgWriter) t(s string) { p.s(psvgEsc(s)) }

func (p *psvgWriter) text(cls string, x, y float64, s string) {
	p.s(`<text class="`)
	p.s(cls)
	p.s(`" x="`)
	p.n(x)
	p.s(`" y="`)
	p.n(y)
	p.s(`">`)
	p.t(s)
	p.s("</text>\n")
}

func (p *psvgWriter) rect(cls string, x, y, w, h, rx float64) {
	p.s(`<rect class="`)
	p.s(cls)
	p.s(`" x="`)
	p.n(x)
	p.s(`" y="`)
	p.n(y)
	p.s(`" width="`)
	p.n(w)
	p.s(`" height="`)
	p.n(h)
	if rx > 0 {
		p.s(`" rx="`)
		p.n(rx)
	}
	p.s(`"/>` + "\n")
}

func (p *psvgWriter) flush() error {
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

// psvgEsc escapes s for XML text and attribute values, and drops what XML
// 1.0 cannot hold (control characters other than tab and line breaks,
// U+FFFE and U+FFFF); bytes that are not UTF-8 become U+FFFD.
func psvgEsc(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x80 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			b.WriteString("&#13;")
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
