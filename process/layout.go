package process

import (
	"math"
	"slices"
	"strings"
)

// Sizes of the layout, in SVG user units (px). Writers draw with the same
// font sizes so that the text fits the room the layout gave it.
const (
	HeaderWidth       = 120.0 // the lane header column at the left of every lane
	LabelFontSize     = 13.0  // node labels and lane names
	LabelLineHeight   = 17.0  // distance between the baselines of wrapped label lines
	EdgeLabelFontSize = 12.0  // flow labels (是/否)
	TagFontSize       = 10.0  // finding IDs and requirement tags
	TagLineHeight     = 12.0  // distance between the baselines of finding ID lines
	TagHeight         = 14.0  // height of a requirement tag
	EventSize         = 36.0  // diameter of an event circle
	GatewaySize       = 50.0  // width and height of a gateway diamond
	TaskMinWidth      = 100.0
	TaskMinHeight     = 56.0
)

const (
	wrapWidth    = 8 * LabelFontSize // about eight CJK characters a line
	taskPadX     = 20.0              // room left and right of a task's text (the kind marker sits in it)
	taskPadY     = 11.0
	baselineOff  = 12.5 // from the top of a label line to its baseline
	headerPad    = 8.0  // room left and right of a lane name
	laneTopPad   = 18.0 // above the tallest stack of a lane
	laneMinChan  = 18.0 // below it: the lane's routing channel, at least this tall
	chanBorder   = 18.0 // between a channel's last track and the lane border under it
	laneMinH     = 100.0
	stackGap     = 22.0 // between nodes stacked in one column of one lane
	trackStep    = 10.0 // between parallel edge segments in a gap or channel
	gapInner     = 60.0 // between columns
	gapOuter     = 30.0 // before the first and after the last column
	tagGap       = 4.0  // between requirement tags
	tagRowStep   = TagHeight + 3
	tagPadX      = 5.0
	findTriangle = 12.0 // width of the pain-point marker left of the finding IDs
	findPerLine  = 2    // finding IDs per line
	decorGap     = 4.0  // between a shape and the text around it
	labelStep    = 20.0 // between the spots tried for a flow label along a segment
)

// Decor is where the annotations around a node go, inside the room Lay
// reserved for them: the label lines (inside a task; under an event; above a
// gateway), the pain-point marker with the finding IDs above the shape, and
// the requirement tags under it.
type Decor struct {
	// LabelAt is the baseline centre of the first line of NodeBox.Lines;
	// further lines follow LabelLineHeight apart.
	LabelAt Point
	// Findings holds the node's finding IDs, a few to a line; FindingsAt is
	// the baseline right end of the first line (lines TagLineHeight apart,
	// right-aligned). The pain-point marker goes left of the first line:
	// Marker is its bounding box.
	Findings   []string
	FindingsAt Point
	Marker     Rect
	// Reqs has one tag box per requirement ID, in Node.Reqs order.
	Reqs []Rect
}

// NodeDecor places the annotations of node n drawn as nb.
func NodeDecor(n Node, nb NodeBox) Decor {
	b := nb.Box
	var d Decor
	cx := b.X + b.W/2
	nl := float64(len(nb.Lines))
	top, bottom := b.Y, b.Y+b.H
	switch {
	case n.Kind.IsGateway():
		textTop := b.Y - decorGap - nl*LabelLineHeight
		d.LabelAt = Point{cx, textTop + baselineOff}
		if nl > 0 {
			top = textTop
		}
	case n.Kind.IsTask():
		d.LabelAt = Point{cx, b.Y + b.H/2 - nl*LabelLineHeight/2 + baselineOff}
	default: // events
		d.LabelAt = Point{cx, bottom + decorGap + baselineOff}
		if nl > 0 {
			bottom += decorGap + nl*LabelLineHeight
		}
	}
	if len(n.Findings) > 0 {
		for i := 0; i < len(n.Findings); i += findPerLine {
			d.Findings = append(d.Findings, strings.Join(n.Findings[i:min(i+findPerLine, len(n.Findings))], " "))
		}
		blockTop := top - 2 - float64(len(d.Findings))*TagLineHeight
		d.FindingsAt = Point{b.X + b.W, blockTop + TagLineHeight - 2.5}
		w := TextWidth(d.Findings[0], TagFontSize)
		d.Marker = Rect{d.FindingsAt.X - w - findTriangle - 3, blockTop + 0.5, findTriangle, TagLineHeight - 1.5}
	}
	if len(n.Reqs) > 0 {
		rowW := max(b.W+16, 120)
		y := bottom + decorGap + 1
		var row []Rect
		var used float64
		flush := func() {
			x := cx - used/2
			for _, r := range row {
				r.X, r.Y = x, y
				d.Reqs = append(d.Reqs, r)
				x += r.W + tagGap
			}
			row, used = row[:0], 0
			y += tagRowStep
		}
		for _, id := range n.Reqs {
			w := TextWidth(id, TagFontSize) + 2*tagPadX
			if len(row) > 0 && used+tagGap+w > rowW {
				flush()
			}
			if len(row) > 0 {
				used += tagGap
			}
			row = append(row, Rect{W: w, H: TagHeight})
			used += w
		}
		flush()
	}
	return d
}

// inks lists the boxes of everything NodeDecor draws for the node, shape first.
func inks(n Node, nb NodeBox) []Rect {
	d := NodeDecor(n, nb)
	rs := []Rect{nb.Box}
	if len(nb.Lines) > 0 && !n.Kind.IsTask() {
		w := 0.0
		for _, l := range nb.Lines {
			w = max(w, TextWidth(l, LabelFontSize))
		}
		top := d.LabelAt.Y - baselineOff
		rs = append(rs, Rect{d.LabelAt.X - w/2, top, w, float64(len(nb.Lines)) * LabelLineHeight})
	}
	if len(d.Findings) > 0 {
		w := 0.0
		for _, l := range d.Findings {
			w = max(w, TextWidth(l, TagFontSize))
		}
		top := d.FindingsAt.Y - TagLineHeight + 2.5
		rs = append(rs, union(d.Marker, Rect{d.FindingsAt.X - w, top, w, float64(len(d.Findings)) * TagLineHeight}))
	}
	return append(rs, d.Reqs...)
}

// extent is the box of everything NodeDecor draws for the node, shape included.
func extent(n Node, nb NodeBox) Rect {
	var r Rect
	for i, x := range inks(n, nb) {
		if i == 0 {
			r = x
		} else {
			r = union(r, x)
		}
	}
	return r
}

func union(a, b Rect) Rect {
	x0, y0 := min(a.X, b.X), min(a.Y, b.Y)
	x1, y1 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// wrapBalanced wraps s into as few lines as Wrap does at maxW, but makes
// them as even as it can: the narrowest width that needs no more lines.
func wrapBalanced(s string, maxW, size float64) []string {
	lines := Wrap(s, maxW, size)
	if len(lines) < 2 {
		return lines
	}
	// Never narrower than the widest word, which would split it.
	lo, hi := 0.0, maxW
	for para := range strings.SplitSeq(s, "\n") {
		for _, t := range wrapTokens(strings.TrimSpace(para), size) {
			lo = max(lo, min(t.w, maxW))
		}
	}
	if lo >= hi {
		return lines
	}
	lo -= 0.01
	for range 10 {
		mid := (lo + hi) / 2
		if len(Wrap(s, mid, size)) <= len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return Wrap(s, hi, size)
}

// LaneHeaderLines wraps a lane name to fit the header column.
func LaneHeaderLines(name string) []string {
	return Wrap(name, HeaderWidth-2*headerPad, LabelFontSize)
}

// lnode is a node while it is laid out.
type lnode struct {
	n        *Node
	lane     int // index into g.lanes
	col      int
	w, h     float64
	lines    []string
	up, down float64 // room the decor takes above and below the shape
	half     float64 // half the width the node needs in its column
	box      Rect
	foot     Rect   // box and decor
	ink      []Rect // box, and each piece of decor
}

// ledge is a flow between two known nodes.
type ledge struct {
	flow int
	u, v int
	back bool
}

// Route kinds.
const (
	rStraight = iota // one horizontal segment
	rL               // down from a gateway's bottom corner, then right
	rGapS            // right, down or up in the gap after the source's column, right
	rGapT            // right, down or up in the gap before the target's column, right
	rChan            // right (or down from a gateway), along a lane's channel, into the target's gap, right
)

type route struct {
	e      int // index into g.edges
	kind   int
	bottom bool // leaves from the gateway's bottom corner
	own    bool // a loop-back: its tracks and lines are its own, shared with no other flow
	out    int  // the port it leaves the source's right side by (see exitAt)
	in     int  // the port it enters the target's left side by (see entryAt)
	g1, g2 int  // gap after the source's column, gap before the target's column
	ch     int  // channel lane
	t1, t2 int  // track in g1, in g2
	tc     int  // track in the channel
}

type layout struct {
	m     *Map
	nodes []lnode
	lanes []int // index into m.Lanes, or -1 for the lane of nodes whose lane is unknown
	edges []ledge
	ncol  int

	// cells[lane][col] lists the nodes stacked there, top to bottom.
	cells [][][]int
	colW  []float64
	// Per lane: room above and below its centre line.
	laneUp, laneDown []float64
	headerNeed       []float64

	// Geometry of one placement.
	gapX, gapW    []float64 // gap i is left of column i; gap ncol is after the last
	colX          []float64
	laneY, laneH  []float64
	laneCY        []float64 // centre line of a lane's single nodes
	laneChan      []float64 // top of a lane's channel
	width, height float64

	gapLab  []float64 // room for flow labels at the left of a gap
	gapKeys [][]int   // per gap, the tracks: node index+1 for a source-side track, -(node index+1) for a target side one
	chanN   []int     // tracks per lane channel
}

// Lay computes the swimlane layout of m. The same Map always gives the same
// Layout; m is not changed.
//
// Lanes are stacked top to bottom in map order, each with a header column at
// the left and as tall as its tallest stack of nodes; the flow runs left to
// right. Every node gets a column: the length of the longest path to it from
// the start events over the flows, after cycles are broken by ignoring the
// back edges a depth-first search in map order finds. Nodes of one lane and
// column are stacked. Flows are orthogonal polylines from the source's right
// side (a gateway may drop one from its bottom corner instead) to the
// target's left side. They change lanes only in the gaps between columns, and
// run back, or past nodes in their way, in a channel under a lane's nodes, so
// no flow crosses a shape, and flows with no end in common never share a
// line. Each vertical segment in a gap and each horizontal one in a channel
// gets its own track; gaps and channels are then widened to hold them.
// Labels of flows go next to their first segments, clear of shapes, decor
// and other labels.
func Lay(m *Map) *Layout {
	if m == nil {
		return &Layout{}
	}
	g := &layout{m: m}
	g.build()
	g.layer()
	g.measure()
	g.stack()
	g.place(nil, nil)
	routes := g.route()
	gapW, chanH := g.tracks(routes)
	g.place(gapW, chanH)
	g.inkAll()
	return g.result(routes)
}

func (g *layout) build() {
	m := g.m
	laneIdx := make(map[string]int, len(m.Lanes))
	for i, l := range m.Lanes {
		g.lanes = append(g.lanes, i)
		if _, dup := laneIdx[l.ID]; !dup {
			laneIdx[l.ID] = i
		}
	}
	nodeIdx := make(map[string]int, len(m.Nodes))
	g.nodes = make([]lnode, len(m.Nodes))
	extra := -1
	for i := range m.Nodes {
		n := &m.Nodes[i]
		g.nodes[i].n = n
		li, ok := laneIdx[n.Lane]
		if !ok {
			if extra < 0 {
				extra = len(g.lanes)
				g.lanes = append(g.lanes, -1)
			}
			li = extra
		}
		g.nodes[i].lane = li
		if _, dup := nodeIdx[n.ID]; !dup {
			nodeIdx[n.ID] = i
		}
	}
	for i, f := range m.Flows {
		u, ok1 := nodeIdx[f.From]
		v, ok2 := nodeIdx[f.To]
		if ok1 && ok2 {
			g.edges = append(g.edges, ledge{flow: i, u: u, v: v})
		}
	}
}

// layer assigns columns: longest path over the flows without back edges.
func (g *layout) layer() {
	n := len(g.nodes)
	out := make([][]int, n)
	for i, e := range g.edges {
		out[e.u] = append(out[e.u], i)
	}
	// Back edges: a depth-first search from the start events, then from
	// every node not reached yet, in map order. Iterative, so long maps
	// cannot exhaust the stack.
	state := make([]uint8, n) // 0 new, 1 on the path, 2 done
	type frame struct{ u, next int }
	var stack []frame
	visit := func(s int) {
		state[s] = 1
		stack = append(stack[:0], frame{s, 0})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(out[f.u]) {
				state[f.u] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			ei := out[f.u][f.next]
			f.next++
			v := g.edges[ei].v
			switch state[v] {
			case 1:
				g.edges[ei].back = true
			case 0:
				state[v] = 1
				stack = append(stack, frame{v, 0})
			}
		}
	}
	for i := range g.nodes {
		if g.nodes[i].n.Kind == Start && state[i] == 0 {
			visit(i)
		}
	}
	for i := range g.nodes {
		if state[i] == 0 {
			visit(i)
		}
	}
	// Longest path, in topological order (Kahn).
	indeg := make([]int, n)
	for _, e := range g.edges {
		if !e.back {
			indeg[e.v]++
		}
	}
	source := make([]bool, n)
	for i := range source {
		source[i] = indeg[i] == 0
	}
	queue := make([]int, 0, n)
	for i := range g.nodes {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	col := make([]int, n)
	for qi := 0; qi < len(queue); qi++ {
		u := queue[qi]
		for _, ei := range out[u] {
			e := g.edges[ei]
			if e.back {
				continue
			}
			col[e.v] = max(col[e.v], col[u]+1)
			if indeg[e.v]--; indeg[e.v] == 0 {
				queue = append(queue, e.v)
			}
		}
	}
	// A node nothing leads to sits just before its first successor, not
	// at the far left.
	for i := range g.nodes {
		if source[i] {
			first := math.MaxInt
			for _, ei := range out[i] {
				if e := g.edges[ei]; !e.back {
					first = min(first, col[e.v])
				}
			}
			if first != math.MaxInt {
				col[i] = max(0, first-1)
			}
		}
	}
	for i := range g.nodes {
		g.nodes[i].col = col[i]
		g.ncol = max(g.ncol, col[i]+1)
	}
}

// measure sizes every shape and the room its decor takes.
func (g *layout) measure() {
	for i := range g.nodes {
		ln := &g.nodes[i]
		n := ln.n
		ln.lines = wrapBalanced(n.Label, wrapWidth, LabelFontSize)
		switch {
		case n.Kind.IsGateway():
			ln.w, ln.h = GatewaySize, GatewaySize
		case n.Kind.IsTask():
			w := 0.0
			for _, l := range ln.lines {
				w = max(w, TextWidth(l, LabelFontSize))
			}
			ln.w = math.Ceil(max(TaskMinWidth, w+2*taskPadX))
			ln.h = math.Ceil(max(TaskMinHeight, float64(len(ln.lines))*LabelLineHeight+2*taskPadY))
		default:
			ln.w, ln.h = EventSize, EventSize
		}
		box := Rect{0, 0, ln.w, ln.h}
		ext := extent(*n, NodeBox{ID: n.ID, Box: box, Lines: ln.lines})
		ln.up = -ext.Y
		ln.down = ext.Y + ext.H - ln.h
		ln.half = max(ln.w/2-ext.X, ext.X+ext.W-ln.w/2)
	}
}

// stack fills the cells and measures columns and lanes.
func (g *layout) stack() {
	g.cells = make([][][]int, len(g.lanes))
	for l := range g.cells {
		g.cells[l] = make([][]int, g.ncol)
	}
	for i, ln := range g.nodes {
		g.cells[ln.lane][ln.col] = append(g.cells[ln.lane][ln.col], i)
	}
	// Order a stack by where its predecessors in the same cell row sit:
	// the mean stack position of the predecessors in the same lane, then
	// map order.
	pos := make([]float64, len(g.nodes))
	preds := make([][]int, len(g.nodes))
	for _, e := range g.edges {
		if !e.back && g.nodes[e.u].lane == g.nodes[e.v].lane {
			preds[e.v] = append(preds[e.v], e.u)
		}
	}
	for c := 0; c < g.ncol; c++ {
		for l := range g.cells {
			cell := g.cells[l][c]
			if len(cell) > 1 {
				key := make(map[int]float64, len(cell))
				for j, i := range cell {
					k, nk := 0.0, 0
					for _, p := range preds[i] {
						k += pos[p]
						nk++
					}
					if nk > 0 {
						key[i] = k / float64(nk)
					} else {
						key[i] = float64(j) - float64(len(cell)-1)/2
					}
				}
				slices.SortStableFunc(cell, func(a, b int) int {
					switch {
					case key[a] < key[b]:
						return -1
					case key[a] > key[b]:
						return 1
					}
					return a - b
				})
			}
			for j, i := range cell {
				pos[i] = float64(j) - float64(len(cell)-1)/2
			}
		}
	}
	g.colW = make([]float64, g.ncol)
	for _, ln := range g.nodes {
		g.colW[ln.col] = max(g.colW[ln.col], math.Ceil(2*ln.half))
	}
	g.laneUp = make([]float64, len(g.lanes))
	g.laneDown = make([]float64, len(g.lanes))
	g.headerNeed = make([]float64, len(g.lanes))
	for l := range g.cells {
		up, down := 0.0, 0.0
		for _, cell := range g.cells[l] {
			switch len(cell) {
			case 0:
			case 1:
				ln := g.nodes[cell[0]]
				up = max(up, ln.up+ln.h/2)
				down = max(down, ln.h/2+ln.down)
			default:
				h := g.stackHeight(cell)
				up = max(up, h/2)
				down = max(down, h/2)
			}
		}
		g.laneUp[l], g.laneDown[l] = up, down
		if li := g.lanes[l]; li >= 0 {
			lane := g.m.Lanes[li]
			lines := float64(len(LaneHeaderLines(lane.Name)))
			if lane.System {
				lines++ // the "system" caption
			}
			g.headerNeed[l] = lines*LabelLineHeight + 24
		}
	}
}

func (g *layout) stackHeight(cell []int) float64 {
	h := stackGap * float64(len(cell)-1)
	for _, i := range cell {
		ln := g.nodes[i]
		h += ln.up + ln.h + ln.down
	}
	return h
}

// place computes coordinates with the given gap widths and channel heights
// (nil: the minimum).
func (g *layout) place(gapW, chanH []float64) {
	nc := g.ncol
	g.gapW = make([]float64, nc+1)
	g.gapX = make([]float64, nc+1)
	g.colX = make([]float64, nc)
	for i := range g.gapW {
		switch {
		case gapW != nil:
			g.gapW[i] = gapW[i]
		case i == 0 || i == nc:
			g.gapW[i] = gapOuter
		default:
			g.gapW[i] = gapInner
		}
	}
	x := HeaderWidth
	for c := 0; c <= nc; c++ {
		g.gapX[c] = x
		x += g.gapW[c]
		if c < nc {
			g.colX[c] = x
			x += g.colW[c]
		}
	}
	g.width = x
	nl := len(g.lanes)
	g.laneY = make([]float64, nl)
	g.laneH = make([]float64, nl)
	g.laneCY = make([]float64, nl)
	g.laneChan = make([]float64, nl)
	y := 0.0
	for l := range nl {
		ch := laneMinChan
		if chanH != nil {
			ch = chanH[l]
		}
		content := laneTopPad + g.laneUp[l] + g.laneDown[l] + ch
		h := math.Ceil(max(content, laneMinH, g.headerNeed[l]))
		extra := h - content
		g.laneY[l] = y
		g.laneH[l] = h
		g.laneCY[l] = y + laneTopPad + g.laneUp[l] + extra/2
		g.laneChan[l] = g.laneCY[l] + g.laneDown[l]
		for c, cell := range g.cells[l] {
			cx := g.colX[c] + g.colW[c]/2
			if len(cell) == 1 {
				ln := &g.nodes[cell[0]]
				ln.box = Rect{cx - ln.w/2, g.laneCY[l] - ln.h/2, ln.w, ln.h}
			} else if len(cell) > 1 {
				top := g.laneCY[l] - g.stackHeight(cell)/2
				for _, i := range cell {
					ln := &g.nodes[i]
					ln.box = Rect{cx - ln.w/2, top + ln.up, ln.w, ln.h}
					top += ln.up + ln.h + ln.down + stackGap
				}
			}
		}
		y += h
	}
	g.height = y
	for i := range g.nodes {
		ln := &g.nodes[i]
		ln.foot = Rect{ln.box.X + ln.w/2 - ln.half, ln.box.Y - ln.up, 2 * ln.half, ln.up + ln.h + ln.down}
	}
}

// inkAll computes the decor boxes of the final placement.
func (g *layout) inkAll() {
	for i := range g.nodes {
		ln := &g.nodes[i]
		ln.ink = inks(*ln.n, NodeBox{ID: ln.n.ID, Box: ln.box, Lines: ln.lines})
	}
}

// clear reports whether the segment a–b stays out of every node's room
// except nodes u and v.
func (g *layout) clear(a, b Point, u, v int) bool {
	for i := range g.nodes {
		if i == u || i == v {
			continue
		}
		if segHitsRect(a, b, g.nodes[i].foot, 2) {
			return false
		}
	}
	return true
}

// segHitsRect reports whether the axis-parallel segment a–b meets the
// interior of r grown by grow on every side.
func segHitsRect(a, b Point, r Rect, grow float64) bool {
	x0, x1 := min(a.X, b.X), max(a.X, b.X)
	y0, y1 := min(a.Y, b.Y), max(a.Y, b.Y)
	rx0, ry0 := r.X-grow, r.Y-grow
	rx1, ry1 := r.X+r.W+grow, r.Y+r.H+grow
	return x1 > rx0 && x0 < rx1 && y1 > ry0 && y0 < ry1
}

func (g *layout) right(i int) Point {
	b := g.nodes[i].box
	return Point{b.X + b.W, b.Y + b.H/2}
}

func (g *layout) left(i int) Point {
	b := g.nodes[i].box
	return Point{b.X, b.Y + b.H/2}
}

// Ports: a flow leaves a node's right side (enters its left side) at its
// middle (port 0), or a quarter of the height above (-1) or below (+1), on
// the outline of the shape, so that the branches of a gateway and the loop-
// backs each have a line of their own.
func (g *layout) portDY(i, port int) float64 {
	return float64(port) * g.nodes[i].h / 4
}

// outlineDX is how far in from the side of its box the outline of node i
// lies at dy from its middle: diamonds and circles narrow away from it.
func (g *layout) outlineDX(i int, dy float64) float64 {
	ln := g.nodes[i]
	switch {
	case dy == 0 || ln.n.Kind.IsTask():
		return 0
	case ln.n.Kind.IsGateway():
		return math.Abs(dy) * ln.w / ln.h
	default:
		r := ln.w / 2
		return r - math.Sqrt(max(0, r*r-dy*dy))
	}
}

// exitAt is where a flow leaves node i's right side by port.
func (g *layout) exitAt(i, port int) Point {
	p := g.right(i)
	dy := g.portDY(i, port)
	return Point{p.X - g.outlineDX(i, dy), p.Y + dy}
}

// entryAt is where a flow enters node i's left side by port.
func (g *layout) entryAt(i, port int) Point {
	p := g.left(i)
	dy := g.portDY(i, port)
	return Point{p.X + g.outlineDX(i, dy), p.Y + dy}
}

func (g *layout) bottomOf(i int) Point {
	b := g.nodes[i].box
	return Point{b.X + b.W/2, b.Y + b.H}
}

// canBottom reports whether node i may leave from its bottom corner: a
// gateway with nothing drawn under it.
func (g *layout) canBottom(i int) bool {
	ln := g.nodes[i]
	return ln.n.Kind.IsGateway() && ln.down == 0
}

// route picks each flow's way, with the minimum gaps and channels.
func (g *layout) route() []route {
	outdeg := make([]int, len(g.nodes))
	indeg := make([]int, len(g.nodes))
	for _, e := range g.edges {
		outdeg[e.u]++
		indeg[e.v]++
	}
	// A gateway sends at most one flow down from its bottom corner: the
	// one to the lowest target that can be reached that way (the others
	// then leave right and turn in the gap without crossing it).
	bottomEdge := make([]int, len(g.nodes))
	for i := range bottomEdge {
		bottomEdge[i] = -1
	}
	for ei, e := range g.edges {
		u, v := e.u, e.v
		if !g.canBottom(u) || g.nodes[v].col <= g.nodes[u].col {
			continue
		}
		pv := g.left(v)
		if pv.Y < g.bottomOf(u).Y+trackStep {
			continue // not below the corner
		}
		if b := bottomEdge[u]; b >= 0 && g.left(g.edges[b].v).Y >= pv.Y {
			continue
		}
		b := g.bottomOf(u)
		c := Point{b.X, pv.Y}
		if g.clear(b, c, u, v) && g.clear(c, pv, u, v) {
			bottomEdge[u] = ei
		}
	}
	// A loop-back runs left in a channel. From a gateway whose bottom
	// corner is free it drops from that corner into the channel of its
	// own lane.
	back := make([]bool, len(g.edges))
	backBottom := make([]bool, len(g.edges))
	for ei, e := range g.edges {
		u := e.u
		back[ei] = g.nodes[e.v].col <= g.nodes[u].col
		if back[ei] && g.canBottom(u) && bottomEdge[u] < 0 {
			b := g.bottomOf(u)
			if cy := g.laneChan[g.nodes[u].lane] + trackStep; cy > b.Y && g.clear(b, Point{b.X, cy}, u, e.v) {
				backBottom[ei] = true
				bottomEdge[u] = ei
			}
		}
	}
	out, in := g.ports(bottomEdge, back, indeg)
	routes := make([]route, len(g.edges))
	reg := newArmRegistry(g.ncol)
	// Straight flows first: the main line of each lane; then the others
	// in map order, each taking the first way that is free of shapes and
	// does not run along a flow routed before.
	straight := make([]bool, len(g.edges))
	for ei, e := range g.edges {
		u, v := e.u, e.v
		pu, pv := g.exitAt(u, out[ei]), g.entryAt(v, in[ei])
		if bottomEdge[u] != ei && g.nodes[v].col > g.nodes[u].col && pu.Y == pv.Y && g.clear(pu, pv, u, v) {
			r := route{e: ei, kind: rStraight, g1: g.nodes[u].col + 1, g2: g.nodes[v].col, out: out[ei], in: in[ei]}
			if !reg.free(g, r) {
				continue
			}
			reg.add(g, r)
			routes[ei] = r
			straight[ei] = true
		}
	}
	for ei, e := range g.edges {
		if straight[ei] {
			continue
		}
		u, v := e.u, e.v
		cu, cv := g.nodes[u].col, g.nodes[v].col
		lu, lv := g.nodes[u].lane, g.nodes[v].lane
		r := route{e: ei, g1: cu + 1, g2: cv, out: out[ei], in: in[ei]}
		pu, pv := g.exitAt(u, r.out), g.entryAt(v, r.in)
		gx1 := g.gapX[cu+1] + g.gapW[cu+1]/2
		gx2 := g.gapX[cv] + g.gapW[cv]/2
		try := func(kind int, bottom bool) bool {
			c := r
			c.kind, c.bottom = kind, bottom
			if !reg.free(g, c) {
				return false
			}
			r = c
			return true
		}
		chosen := false
		if !back[ei] {
			gapS := func() bool { return pu.Y != pv.Y && g.clear(Point{gx1, pv.Y}, pv, u, v) && try(rGapS, false) }
			gapT := func() bool { return pu.Y != pv.Y && g.clear(pu, Point{gx2, pu.Y}, u, v) && try(rGapT, false) }
			switch {
			case bottomEdge[u] == ei && try(rL, true):
				chosen = true
			case outdeg[u] == 1 && indeg[v] > 1 && gapT():
				// Flows that join share the target's line in the gap.
				chosen = true
			case gapS(), gapT():
				chosen = true
			}
			if !chosen {
				if bottomEdge[u] == ei {
					bottomEdge[u] = -1
				}
				r.kind, r.bottom = rChan, false
				r.ch = min(lu, lv)
			}
		} else {
			r.kind, r.own = rChan, true
			r.ch = lu
			if lv < lu && !backBottom[ei] {
				r.ch = lu - 1
			}
			r.bottom = backBottom[ei]
		}
		if r.kind == rChan && !r.bottom && g.canBottom(u) && bottomEdge[u] < 0 {
			// Down from the corner to a channel below.
			b := g.bottomOf(u)
			cy := g.laneChan[r.ch] + trackStep
			if cy > b.Y && g.clear(b, Point{b.X, cy}, u, v) {
				r.bottom = true
				bottomEdge[u] = ei
			}
		}
		reg.add(g, r)
		routes[ei] = r
	}
	return routes
}

// ports gives every flow the port it leaves its source and enters its
// target by. The flows a node sends out of its right side, ordered by how
// high their targets lie (loop-backs, which run under the lane, last), take
// distinct ports when there are several: the top one the upper port if its
// target lies higher, the bottom one the lower port; so no two branches of
// a gateway leave by one point with their labels stacked there. A loop-back
// into a node other flows enter too comes in by a port of its own, below
// (then above) the middle.
func (g *layout) ports(bottomEdge []int, back []bool, indeg []int) (out, in []int) {
	out = make([]int, len(g.edges))
	in = make([]int, len(g.edges))
	exits := make([][]int, len(g.nodes))
	for ei, e := range g.edges {
		if bottomEdge[e.u] != ei {
			exits[e.u] = append(exits[e.u], ei)
		}
	}
	height := func(ei int) float64 {
		if back[ei] {
			return math.Inf(1)
		}
		return g.left(g.edges[ei].v).Y
	}
	for u, es := range exits {
		if len(es) < 2 {
			continue
		}
		// Flows to one target share a port (and a line); count targets.
		slices.SortStableFunc(es, func(a, b int) int {
			return cmpFloat(height(a), height(b))
		})
		cy := g.right(u).Y
		first, last := es[0], es[len(es)-1]
		if height(first) < cy {
			out[first] = -1
		}
		if height(last) > cy || (height(last) == cy && out[first] == 0) {
			out[last] = 1
		}
		if len(es) == 2 && out[first] == 0 && out[last] == 0 {
			out[first] = -1
		}
	}
	backIn := make([]int, len(g.nodes))
	for ei, e := range g.edges {
		if back[ei] && indeg[e.v] > 1 {
			in[ei] = []int{1, -1}[backIn[e.v]%2]
			backIn[e.v]++
		}
	}
	return out, in
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// An arm is a horizontal segment of a route at some height, with its ends
// in half-column units: column c's middle is 2c+1, gap g is 2g (exactly
// where in the gap is decided later, by orderTracks).
type arm struct {
	lo, hi int
	u, v   int
	own    bool // of a loop-back: shares its line with no flow
}

// A turn is a route's vertical in a gap, on the track key (node index+1 of
// the source for a source-side track, -(node index+1) of the target for a
// target-side one): it comes in from the left at yl (if hasL) and leaves to
// the right at yr (if hasR).
type turn struct {
	gap, key   int
	yl, yr     float64
	hasL, hasR bool
}

// gapTrack is what the routes chosen so far do on one track of a gap.
type gapTrack struct {
	key         int
	left, right []float64
}

// armRegistry remembers the horizontal segments of the routes chosen so
// far, and their tracks in the gaps, so that a later route neither runs
// along one of them nor needs an order of tracks that cannot be.
type armRegistry struct {
	arms   map[float64][]arm
	tracks [][]*gapTrack // per gap, in the order they were first used
}

func newArmRegistry(ncol int) *armRegistry {
	return &armRegistry{arms: map[float64][]arm{}, tracks: make([][]*gapTrack, ncol+1)}
}

// shape lists route r's arms (with their heights) and turns.
func (g *layout) shape(r route) (arms []arm, ys []float64, turns []turn) {
	e := g.edges[r.e]
	u, v := e.u, e.v
	cu, cv := g.nodes[u].col, g.nodes[v].col
	yu, yv := g.exitAt(u, r.out).Y, g.entryAt(v, r.in).Y
	add := func(lo, hi int, y float64) {
		arms = append(arms, arm{lo, hi, u, v, r.own})
		ys = append(ys, y)
	}
	ks, kt := g.trackKeys(r)
	switch r.kind {
	case rStraight:
		add(2*cu+1, 2*cv+1, yu)
	case rL:
		add(2*cu+1, 2*cv+1, yv)
	case rGapS:
		add(2*cu+1, 2*cu+2, yu)
		add(2*cu+2, 2*cv+1, yv)
		turns = append(turns, turn{cu + 1, ks, yu, yv, true, true})
	case rGapT:
		add(2*cu+1, 2*cv, yu)
		add(2*cv, 2*cv+1, yv)
		turns = append(turns, turn{cv, kt, yu, yv, true, true})
	case rChan:
		if !r.bottom {
			add(2*cu+1, 2*cu+2, yu)
			turns = append(turns, turn{cu + 1, ks, yu, 0, true, false})
		}
		add(2*cv, 2*cv+1, yv)
		turns = append(turns, turn{cv, kt, 0, yv, false, true})
	}
	return arms, ys, turns
}

// trackKeys are the keys of route r's tracks in the gap after its source
// and before its target: shared by the flows of one source (one target),
// except a loop-back's, which are its own.
func (g *layout) trackKeys(r route) (src, dst int) {
	e := g.edges[r.e]
	if r.own {
		k := len(g.nodes) + 1 + r.e
		return k, -k
	}
	return e.u + 1, -(e.v + 1)
}

func (a *armRegistry) free(g *layout, r route) bool {
	arms, ys, turns := g.shape(r)
	for i, x := range arms {
		for _, o := range a.arms[ys[i]] {
			if !o.own && !x.own && (o.u == x.u || o.v == x.v) {
				continue // flows that fork or join may share a line; loop-backs do not
			}
			if min(o.hi, x.hi)-max(o.lo, x.lo) > 0 {
				return false
			}
		}
	}
	for _, t := range turns {
		if !a.orderable(t) {
			return false
		}
	}
	return true
}

// orderable reports whether the tracks of t's gap, t added, can still be
// ordered so that every track reached from the left at some height lies
// left of every track that leaves to the right at that height: whether
// that "must lie left of" relation has no cycle.
func (a *armRegistry) orderable(t turn) bool {
	ts := a.tracks[t.gap]
	n := len(ts)
	left := make([][]float64, n, n+1)
	right := make([][]float64, n, n+1)
	idx := -1
	for i, x := range ts {
		left[i], right[i] = x.left, x.right
		if x.key == t.key {
			idx = i
		}
	}
	if idx < 0 {
		idx = n
		left, right = append(left, nil), append(right, nil)
		n++
	}
	if t.hasL {
		left[idx] = append(left[idx][:len(left[idx]):len(left[idx])], t.yl)
	}
	if t.hasR {
		right[idx] = append(right[idx][:len(right[idx]):len(right[idx])], t.yr)
	}
	before := func(i, j int) bool {
		for _, y := range left[i] {
			if slices.Contains(right[j], y) {
				return true
			}
		}
		return false
	}
	state := make([]uint8, n)
	var cyclic func(i int) bool
	cyclic = func(i int) bool {
		state[i] = 1
		for j := range n {
			if j == i || !before(i, j) {
				continue
			}
			if state[j] == 1 || (state[j] == 0 && cyclic(j)) {
				return true
			}
		}
		state[i] = 2
		return false
	}
	for i := range n {
		if state[i] == 0 && cyclic(i) {
			return false
		}
	}
	return true
}

func (a *armRegistry) add(g *layout, r route) {
	arms, ys, turns := g.shape(r)
	for i, x := range arms {
		a.arms[ys[i]] = append(a.arms[ys[i]], x)
	}
	for _, t := range turns {
		var tr *gapTrack
		for _, x := range a.tracks[t.gap] {
			if x.key == t.key {
				tr = x
			}
		}
		if tr == nil {
			tr = &gapTrack{key: t.key}
			a.tracks[t.gap] = append(a.tracks[t.gap], tr)
		}
		if t.hasL && !slices.Contains(tr.left, t.yl) {
			tr.left = append(tr.left, t.yl)
		}
		if t.hasR && !slices.Contains(tr.right, t.yr) {
			tr.right = append(tr.right, t.yr)
		}
	}
}

// tracks gives every vertical segment in a gap and every horizontal one in a
// channel its own line, and works out the widths and heights that makes.
func (g *layout) tracks(routes []route) (gapW, chanH []float64) {
	nc := g.ncol
	g.gapKeys = make([][]int, nc+1)
	g.gapLab = make([]float64, nc+1)
	type trackKey struct{ gap, key int }
	src := map[trackKey]int{}
	dst := map[trackKey]int{}
	// Source-side tracks first (left), then target-side ones, each in the
	// order flows first use them.
	for i := range routes {
		r := &routes[i]
		if r.kind == rGapS || (r.kind == rChan && !r.bottom) {
			ks, _ := g.trackKeys(*r)
			k := trackKey{r.g1, ks}
			if _, ok := src[k]; !ok {
				src[k] = len(g.gapKeys[r.g1])
				g.gapKeys[r.g1] = append(g.gapKeys[r.g1], ks)
			}
			r.t1 = src[k]
		}
	}
	for i := range routes {
		r := &routes[i]
		e := g.edges[r.e]
		if r.kind == rGapT || r.kind == rChan {
			_, kt := g.trackKeys(*r)
			k := trackKey{r.g2, kt}
			if _, ok := dst[k]; !ok {
				dst[k] = len(g.gapKeys[r.g2])
				g.gapKeys[r.g2] = append(g.gapKeys[r.g2], kt)
			}
			r.t2 = dst[k]
		}
		if lab := g.m.Flows[e.flow].Label; lab != "" {
			gi := g.nodes[e.u].col + 1
			g.gapLab[gi] = max(g.gapLab[gi], math.Ceil(TextWidth(lab, EdgeLabelFontSize))+12)
		}
	}
	g.orderTracks(routes)
	gapW = make([]float64, nc+1)
	for i := range gapW {
		base := gapInner
		if i == 0 || i == nc {
			base = gapOuter
		}
		need := trackStep * float64(len(g.gapKeys[i])+1)
		if g.gapLab[i] > 0 {
			need += 2 * g.gapLab[i]
		}
		gapW[i] = max(base, need)
	}
	// Channel tracks: intervals along the channel, packed greedily.
	g.chanN = make([]int, len(g.lanes))
	type span struct {
		lo, hi float64
		r      int
	}
	byLane := make([][]span, len(g.lanes))
	for i, r := range routes {
		if r.kind != rChan {
			continue
		}
		e := g.edges[r.e]
		x1 := g.gapX[r.g1] + g.gapW[r.g1]/2
		if r.bottom {
			x1 = g.nodes[e.u].box.X + g.nodes[e.u].box.W/2
		}
		x2 := g.gapX[r.g2] + g.gapW[r.g2]/2
		byLane[r.ch] = append(byLane[r.ch], span{min(x1, x2), max(x1, x2), i})
	}
	for l, spans := range byLane {
		slices.SortStableFunc(spans, func(a, b span) int {
			switch {
			case a.lo < b.lo:
				return -1
			case a.lo > b.lo:
				return 1
			case a.hi < b.hi:
				return -1
			case a.hi > b.hi:
				return 1
			}
			return a.r - b.r
		})
		var ends []float64 // right end of each track
		for _, s := range spans {
			t := -1
			for k, end := range ends {
				if end < s.lo {
					t = k
					break
				}
			}
			if t < 0 {
				t = len(ends)
				ends = append(ends, 0)
			}
			ends[t] = s.hi
			routes[s.r].tc = t
		}
		g.chanN[l] = len(ends)
	}
	chanH = make([]float64, len(g.lanes))
	for l := range chanH {
		chanH[l] = laneMinChan
		if g.chanN[l] > 0 {
			// Clear of the lane border, so no flow seems to run along it.
			chanH[l] = max(laneMinChan, trackStep*float64(g.chanN[l])+chanBorder)
		}
	}
	return gapW, chanH
}

// orderTracks orders the tracks of every gap so that a track reached by a
// horizontal segment from the left lies left of every track that leaves at
// the same height to the right: otherwise the two segments would run along
// the same line. Tracks otherwise keep their order (source-side ones first).
func (g *layout) orderTracks(routes []route) {
	type arms struct{ left, right []float64 }
	tr := make([][]arms, len(g.gapKeys))
	for i := range tr {
		tr[i] = make([]arms, len(g.gapKeys[i]))
	}
	add := func(gap, t int, left, right float64, hasLeft bool) {
		a := &tr[gap][t]
		if hasLeft && !slices.Contains(a.left, left) {
			a.left = append(a.left, left)
		}
		if !slices.Contains(a.right, right) {
			a.right = append(a.right, right)
		}
	}
	for _, r := range routes {
		e := g.edges[r.e]
		yu, yv := g.exitAt(e.u, r.out).Y, g.entryAt(e.v, r.in).Y
		switch {
		case r.kind == rGapS:
			add(r.g1, r.t1, yu, yv, true)
		case r.kind == rGapT:
			add(r.g2, r.t2, yu, yv, true)
		case r.kind == rChan:
			if !r.bottom {
				tr[r.g1][r.t1].left = append(tr[r.g1][r.t1].left, yu)
			}
			add(r.g2, r.t2, 0, yv, false)
		}
	}
	perms := make([][]int, len(tr))
	for gi, ts := range tr {
		k := len(ts)
		perm := make([]int, k)
		perms[gi] = perm
		if k < 2 {
			continue
		}
		// before[a] lists the tracks that must come after a.
		after := make([][]int, k)
		indeg := make([]int, k)
		for a := range k {
			for b := range k {
				if a == b {
					continue
				}
				for _, y := range ts[a].left {
					if slices.Contains(ts[b].right, y) {
						after[a] = append(after[a], b)
						indeg[b]++
						break
					}
				}
			}
		}
		done := make([]bool, k)
		for pos := range k {
			pick := -1
			for a := range k {
				if !done[a] && indeg[a] == 0 {
					pick = a
					break
				}
			}
			if pick < 0 { // a cycle: take the first left
				for a := range k {
					if !done[a] {
						pick = a
						break
					}
				}
			}
			done[pick] = true
			perm[pick] = pos
			for _, b := range after[pick] {
				indeg[b]--
			}
		}
		keys := make([]int, k)
		for old, pos := range perm {
			keys[pos] = g.gapKeys[gi][old]
		}
		g.gapKeys[gi] = keys
	}
	for i := range routes {
		r := &routes[i]
		if r.kind == rGapS || (r.kind == rChan && !r.bottom) {
			r.t1 = perms[r.g1][r.t1]
		}
		if r.kind == rGapT || r.kind == rChan {
			r.t2 = perms[r.g2][r.t2]
		}
	}
}

func (g *layout) trackX(gap, t int) float64 {
	return g.gapX[gap] + g.gapLab[gap] + trackStep*float64(t+1)
}

// points draws route r in the final geometry.
func (g *layout) points(r route) []Point {
	e := g.edges[r.e]
	u, v := e.u, e.v
	pu, pv := g.exitAt(u, r.out), g.entryAt(v, r.in)
	var pts []Point
	switch r.kind {
	case rStraight:
		pts = []Point{pu, pv}
	case rL:
		b := g.bottomOf(u)
		pts = []Point{b, {b.X, pv.Y}, pv}
	case rGapS:
		x := g.trackX(r.g1, r.t1)
		pts = []Point{pu, {x, pu.Y}, {x, pv.Y}, pv}
	case rGapT:
		x := g.trackX(r.g2, r.t2)
		pts = []Point{pu, {x, pu.Y}, {x, pv.Y}, pv}
	case rChan:
		cy := g.laneChan[r.ch] + trackStep*float64(r.tc+1)
		x2 := g.trackX(r.g2, r.t2)
		if r.bottom {
			b := g.bottomOf(u)
			pts = []Point{b, {b.X, cy}, {x2, cy}, {x2, pv.Y}, pv}
		} else {
			x1 := g.trackX(r.g1, r.t1)
			pts = []Point{pu, {x1, pu.Y}, {x1, cy}, {x2, cy}, {x2, pv.Y}, pv}
		}
	}
	return simplify(pts)
}

// simplify drops repeated points and points in the middle of a straight run.
func simplify(pts []Point) []Point {
	out := pts[:0:0]
	for _, p := range pts {
		if n := len(out); n > 0 && out[n-1] == p {
			continue
		}
		if n := len(out); n >= 2 {
			a, b := out[n-2], out[n-1]
			if (a.X == b.X && b.X == p.X) || (a.Y == b.Y && b.Y == p.Y) {
				out[n-1] = p
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

func (g *layout) result(routes []route) *Layout {
	l := &Layout{Width: g.width, Height: g.height}
	for li, mi := range g.lanes {
		if mi < 0 {
			continue
		}
		l.Lanes = append(l.Lanes, LaneBox{
			ID:     g.m.Lanes[mi].ID,
			Box:    Rect{0, g.laneY[li], g.width, g.laneH[li]},
			Header: Rect{0, g.laneY[li], HeaderWidth, g.laneH[li]},
		})
	}
	l.Nodes = make([]NodeBox, len(g.nodes))
	for i, ln := range g.nodes {
		l.Nodes[i] = NodeBox{ID: ln.n.ID, Box: ln.box, Lines: ln.lines}
	}
	// Labels go where they cover no shape, no decor, no other label and,
	// if possible, no line.
	grid := newRectGrid()
	for i := range g.nodes {
		for _, r := range g.nodes[i].ink {
			grid.add(r, gridInk)
		}
	}
	l.Edges = make([]EdgePath, len(routes))
	for i, r := range routes {
		e := g.edges[r.e]
		f := g.m.Flows[e.flow]
		l.Edges[i] = EdgePath{From: f.From, To: f.To, Label: f.Label, Points: g.points(r)}
		pts := l.Edges[i].Points
		for k := 0; k+1 < len(pts); k++ {
			p, q := pts[k], pts[k+1]
			grid.add(Rect{min(p.X, q.X) - 1, min(p.Y, q.Y) - 1, math.Abs(p.X-q.X) + 2, math.Abs(p.Y-q.Y) + 2}, gridLine)
		}
	}
	for i := range l.Edges {
		if l.Edges[i].Label != "" {
			l.Edges[i].LabelAt = g.placeLabel(l.Edges[i], grid)
		}
	}
	return l
}

// EdgeLabelBox is the box a flow label's text takes when it starts at at.
func EdgeLabelBox(label string, at Point) Rect {
	return Rect{at.X, at.Y - 10, TextWidth(label, EdgeLabelFontSize), 13}
}

// placeLabel puts a flow label next to the first segments of its path: on
// the first spot clear of shapes, decor, labels and lines; failing that, on
// the first clear of all but lines.
func (g *layout) placeLabel(ep EdgePath, grid *rectGrid) Point {
	w := TextWidth(ep.Label, EdgeLabelFontSize)
	pts := ep.Points
	var cands []Point
	for i := 0; i+1 < len(pts) && i < 2; i++ {
		a, b := pts[i], pts[i+1]
		switch {
		case a.Y == b.Y:
			// At the start of the segment, then further along it, where
			// branches that left by neighbouring ports have turned away.
			room := math.Abs(b.X-a.X) - 10 - w
			for k := 0; k < 8 && (k == 0 || float64(k)*labelStep <= room); k++ {
				x := a.X + 5 + float64(k)*labelStep
				if b.X < a.X {
					x = a.X - 5 - w - float64(k)*labelStep
				}
				above, below := Point{x, a.Y - 5}, Point{x, a.Y + 14}
				// Prefer the side the path turns to next.
				if i+2 < len(pts) && pts[i+2].Y > b.Y {
					cands = append(cands, below, above)
				} else {
					cands = append(cands, above, below)
				}
			}
		default:
			y := a.Y + 15
			if b.Y < a.Y {
				y = a.Y - 6
			}
			cands = append(cands, Point{a.X + 5, y}, Point{a.X - 5 - w, y})
		}
	}
	if len(cands) == 0 {
		return pts[0]
	}
	pick := -1
	for _, mask := range []uint8{gridInk | gridLabel | gridLine, gridInk | gridLabel} {
		for i, c := range cands {
			box := EdgeLabelBox(ep.Label, c)
			if box.X < HeaderWidth+2 || box.X+box.W > g.width-2 || box.Y < 0 || box.Y+box.H > g.height {
				continue
			}
			if !grid.hits(box, mask) {
				pick = i
				break
			}
		}
		if pick >= 0 {
			break
		}
	}
	if pick < 0 {
		pick = 0
	}
	grid.add(EdgeLabelBox(ep.Label, cands[pick]), gridLabel)
	return cands[pick]
}

// What a rectGrid holds.
const (
	gridInk   uint8 = 1 << iota // shapes and their decor
	gridLine                    // flow segments
	gridLabel                   // flow labels
)

// rectGrid finds the rectangles that overlap a rectangle, in buckets of
// gridCell × gridCell px.
type rectGrid struct {
	rects []Rect
	kinds []uint8
	cells map[[2]int][]int
}

const gridCell = 128.0

func newRectGrid() *rectGrid { return &rectGrid{cells: map[[2]int][]int{}} }

func (gr *rectGrid) span(r Rect) (x0, y0, x1, y1 int) {
	return int(math.Floor(r.X / gridCell)), int(math.Floor(r.Y / gridCell)),
		int(math.Floor((r.X + r.W) / gridCell)), int(math.Floor((r.Y + r.H) / gridCell))
}

func (gr *rectGrid) add(r Rect, kind uint8) {
	i := len(gr.rects)
	gr.rects = append(gr.rects, r)
	gr.kinds = append(gr.kinds, kind)
	x0, y0, x1, y1 := gr.span(r)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			gr.cells[[2]int{x, y}] = append(gr.cells[[2]int{x, y}], i)
		}
	}
}

// hits reports whether r overlaps a rectangle of one of the kinds in mask.
func (gr *rectGrid) hits(r Rect, mask uint8) bool {
	x0, y0, x1, y1 := gr.span(r)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			for _, i := range gr.cells[[2]int{x, y}] {
				if gr.kinds[i]&mask != 0 && rectsOverlap(r, gr.rects[i]) {
					return true
				}
			}
		}
	}
	return false
}

func rectsOverlap(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}
