package process

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Test maps are built as literals, not parsed.

func layTestSmall() *Map {
	return &Map{
		Name: "报价审批", Variant: AsIs,
		Lanes: []Lane{{ID: "rep", Name: "销售代表"}, {ID: "mgr", Name: "销售经理"}},
		Nodes: []Node{
			{ID: "s", Kind: Start, Label: "收到询价", Lane: "rep"},
			{ID: "quote", Kind: User, Label: "创建报价", Lane: "rep"},
			{ID: "big", Kind: XOR, Label: "折扣>10%?", Lane: "rep"},
			{ID: "approve", Kind: User, Label: "审批折扣", Lane: "mgr"},
			{ID: "send", Kind: Task, Label: "发送报价", Lane: "rep"},
			{ID: "e", Kind: End, Label: "报价已发送", Lane: "rep"},
		},
		Flows: []Flow{
			{From: "s", To: "quote"}, {From: "quote", To: "big"},
			{From: "big", To: "approve", Label: "是"}, {From: "big", To: "send", Label: "否"},
			{From: "approve", To: "send"}, {From: "send", To: "e"},
		},
	}
}

// layTestRich: six lanes with two systems, a rework loop (back edge), a
// parallel split and join, findings and requirements.
func layTestRich() *Map {
	return &Map{
		Name: "客户报价与审批流程", Variant: ToBe,
		Lanes: []Lane{
			{ID: "cust", Name: "客户 Customer"}, {ID: "rep", Name: "销售代表"}, {ID: "mgr", Name: "销售经理"},
			{ID: "fin", Name: "财务部"}, {ID: "crm", Name: "CRM系统", System: true}, {ID: "erp", Name: "ERP 系统", System: true},
		},
		Nodes: []Node{
			{ID: "s", Kind: Start, Label: "客户询价", Lane: "cust"},
			{ID: "lead", Kind: User, Label: "在CRM中录入商机和报价单", Lane: "rep", Findings: []string{"F-001"}, Reqs: []string{"REQ-001"}},
			{ID: "calc", Kind: Manual, Label: "用Excel计算折扣和毛利", Lane: "rep", Findings: []string{"F-002", "F-003"}, Reqs: []string{"REQ-004", "REQ-005"}},
			{ID: "big", Kind: XOR, Label: "折扣>10%?", Lane: "rep"},
			{ID: "approve", Kind: User, Label: "审批折扣（移动端）", Lane: "mgr", Reqs: []string{"REQ-006"}},
			{ID: "ok", Kind: XOR, Label: "批准?", Lane: "mgr"},
			{ID: "split", Kind: AND, Lane: "crm"},
			{ID: "pdf", Kind: System, Label: "生成报价单PDF", Lane: "crm", Reqs: []string{"REQ-007"}},
			{ID: "sync", Kind: System, Label: "Sync price list to ERP", Lane: "erp"},
			{ID: "credit", Kind: User, Label: "核对客户信用额度", Lane: "fin", Findings: []string{"F-004"}},
			{ID: "join", Kind: AND, Lane: "crm"},
			{ID: "send", Kind: User, Label: "发送报价给客户并跟进", Lane: "rep"},
			{ID: "e", Kind: End, Label: "客户收到报价", Lane: "cust"},
		},
		Flows: []Flow{
			{From: "s", To: "lead"}, {From: "lead", To: "calc"}, {From: "calc", To: "big"},
			{From: "big", To: "approve", Label: "是"}, {From: "big", To: "split", Label: "否"},
			{From: "approve", To: "ok"}, {From: "ok", To: "split", Label: "是"}, {From: "ok", To: "calc", Label: "否"},
			{From: "split", To: "pdf"}, {From: "split", To: "sync"}, {From: "split", To: "credit"},
			{From: "pdf", To: "join"}, {From: "sync", To: "join"}, {From: "credit", To: "join"},
			{From: "join", To: "send"}, {From: "send", To: "e"},
		},
	}
}

// layTestStacked has parallel branches in one lane (stacked nodes), a
// self-loop, a node of an unknown lane, a long skip flow in one lane and
// long labels.
func layTestStacked() *Map {
	return &Map{
		Name:  "stacked",
		Lanes: []Lane{{ID: "a", Name: "一个名字非常非常长的泳道，需要换行显示"}, {ID: "b", Name: "B"}},
		Nodes: []Node{
			{ID: "s", Kind: Start, Lane: "a"},
			{ID: "fork", Kind: AND, Label: "同时进行", Lane: "a", Findings: []string{"F-1", "F-2", "F-3"}},
			{ID: "x", Kind: Task, Label: "A very long latin label that certainly needs several lines", Lane: "a", Reqs: []string{"REQ-001", "REQ-002", "REQ-003"}},
			{ID: "y", Kind: Manual, Label: "第二个并行分支任务，标签也比较长一些，需要三行", Lane: "a", Findings: []string{"F-9"}},
			{ID: "z", Kind: System, Label: "第三", Lane: "a"},
			{ID: "join", Kind: AND, Lane: "a"},
			{ID: "retry", Kind: XOR, Label: "重试?", Lane: "a"},
			{ID: "lost", Kind: Task, Label: "无泳道", Lane: "nowhere"},
			{ID: "e", Kind: End, Label: "完成", Lane: "a"},
			{ID: "e2", Kind: End, Label: "放弃", Lane: "b"},
		},
		Flows: []Flow{
			{From: "s", To: "fork"}, {From: "fork", To: "x"}, {From: "fork", To: "y"}, {From: "fork", To: "z"},
			{From: "x", To: "join"}, {From: "y", To: "join"}, {From: "z", To: "join"}, {From: "join", To: "retry"},
			{From: "retry", To: "fork", Label: "是，重试"}, {From: "retry", To: "retry", Label: "自环"},
			{From: "retry", To: "e", Label: "否"}, {From: "fork", To: "e", Label: "skip"},
			{From: "s", To: "lost"}, {From: "lost", To: "e2"}, {From: "e2", To: "s", Label: "back up"},
			{From: "s", To: "ghost"},
		},
	}
}

// layTestGenerated is a deterministic pseudo-random map.
func layTestGenerated(seed uint32, steps, lanes int) *Map {
	m := &Map{Name: fmt.Sprintf("gen %d", seed)}
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>16) % n
	}
	for l := range lanes {
		m.Lanes = append(m.Lanes, Lane{ID: fmt.Sprintf("L%d", l), Name: fmt.Sprintf("泳道%d", l), System: l%4 == 3})
	}
	m.Nodes = append(m.Nodes, Node{ID: "start", Kind: Start, Label: "开始", Lane: "L0"})
	kinds := []NodeKind{User, Manual, System, Task, XOR, AND, User, Task}
	labels := []string{"审批", "录入客户资料并检查重复", "Check credit", "生成合同草稿并发给法务审核", "通知", "导出Excel"}
	for i := range steps {
		n := Node{ID: fmt.Sprintf("n%d", i), Kind: kinds[rnd(len(kinds))], Label: labels[rnd(len(labels))], Lane: fmt.Sprintf("L%d", rnd(lanes))}
		if rnd(6) == 0 {
			n.Findings = []string{fmt.Sprintf("F-%03d", i)}
		}
		if rnd(5) == 0 {
			n.Reqs = []string{fmt.Sprintf("REQ-%03d", i)}
			if rnd(3) == 0 {
				n.Reqs = append(n.Reqs, fmt.Sprintf("REQ-%03d", i+500))
			}
		}
		m.Nodes = append(m.Nodes, n)
	}
	m.Nodes = append(m.Nodes, Node{ID: "end", Kind: End, Label: "结束", Lane: fmt.Sprintf("L%d", rnd(lanes))})
	prev := "start"
	for i := range steps {
		id := fmt.Sprintf("n%d", i)
		m.Flows = append(m.Flows, Flow{From: prev, To: id})
		prev = id
		switch r := rnd(10); {
		case r < 2 && i+2 < steps: // forward skip
			m.Flows = append(m.Flows, Flow{From: id, To: fmt.Sprintf("n%d", i+2+rnd(min(6, steps-i-2))), Label: "否"})
		case r == 2 && i > 2: // back edge
			m.Flows = append(m.Flows, Flow{From: id, To: fmt.Sprintf("n%d", rnd(i)), Label: "退回"})
		case r == 3 && i+1 < steps: // fork to a parallel node in the chain
			m.Flows = append(m.Flows, Flow{From: prev, To: fmt.Sprintf("n%d", min(steps-1, i+1+rnd(3)))})
		}
	}
	m.Flows = append(m.Flows, Flow{From: prev, To: "end"})
	return m
}

func layTestMaps() map[string]*Map {
	ms := map[string]*Map{
		"small":   layTestSmall(),
		"rich":    layTestRich(),
		"stacked": layTestStacked(),
		"empty":   {Name: "empty"},
		"lanes":   {Name: "lanes", Lanes: []Lane{{ID: "a", Name: "A"}, {ID: "b", Name: "B", System: true}}},
		"nolanes": {Name: "nolanes", Nodes: []Node{{ID: "s", Kind: Start}, {ID: "t", Kind: User, Label: "做"}}, Flows: []Flow{{From: "s", To: "t"}}},
		"300":     layTestGenerated(7, 300, 12),
	}
	for seed := range uint32(30) {
		ms[fmt.Sprintf("gen%02d", seed)] = layTestGenerated(seed+100, 10+int(seed)*3, 2+int(seed)%7)
	}
	return ms
}

func sortedNames(ms map[string]*Map) []string {
	var names []string
	for n := range ms {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

const eps = 1e-6

func within(inner, outer Rect) bool {
	return inner.X >= outer.X-eps && inner.Y >= outer.Y-eps &&
		inner.X+inner.W <= outer.X+outer.W+eps && inner.Y+inner.H <= outer.Y+outer.H+eps
}

// interiorsMeet reports whether the open rectangles a and b overlap.
func interiorsMeet(a, b Rect) bool {
	return a.X < b.X+b.W-eps && b.X < a.X+a.W-eps && a.Y < b.Y+b.H-eps && b.Y < a.Y+a.H-eps
}

// segEntersBox reports whether the axis-parallel segment p–q passes through
// the interior of box r (touching its border is fine).
func segEntersBox(p, q Point, r Rect) bool {
	x0, x1 := min(p.X, q.X), max(p.X, q.X)
	y0, y1 := min(p.Y, q.Y), max(p.Y, q.Y)
	return x1 > r.X+eps && x0 < r.X+r.W-eps && y1 > r.Y+eps && y0 < r.Y+r.H-eps
}

func onBorder(p Point, r Rect) bool {
	inX := p.X >= r.X-eps && p.X <= r.X+r.W+eps
	inY := p.Y >= r.Y-eps && p.Y <= r.Y+r.H+eps
	onV := math.Abs(p.X-r.X) < eps || math.Abs(p.X-r.X-r.W) < eps
	onH := math.Abs(p.Y-r.Y) < eps || math.Abs(p.Y-r.Y-r.H) < eps
	return inX && inY && (onV || onH)
}

// onOutline reports whether p lies on the outline of a node of kind k drawn
// in box r: the box of a task, the diamond of a gateway, the circle of an event.
func onOutline(p Point, k NodeKind, r Rect) bool {
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	switch {
	case k.IsTask():
		return onBorder(p, r)
	case k.IsGateway():
		return math.Abs(math.Abs(p.X-cx)/(r.W/2)+math.Abs(p.Y-cy)/(r.H/2)-1) < 1e-3
	default:
		return math.Abs(math.Hypot(p.X-cx, p.Y-cy)-r.W/2) < 1e-3
	}
}

// segEntersShape reports whether the axis-parallel segment p–q passes
// through the inside of the shape of a node of kind k drawn in box r.
func segEntersShape(p, q Point, k NodeKind, r Rect) bool {
	if k.IsTask() {
		return segEntersBox(p, q, r)
	}
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	for i := range 101 {
		t := float64(i) / 100
		x, y := p.X+t*(q.X-p.X), p.Y+t*(q.Y-p.Y)
		var d float64
		if k.IsGateway() {
			d = math.Abs(x-cx)/(r.W/2) + math.Abs(y-cy)/(r.H/2)
		} else {
			d = math.Hypot(x-cx, y-cy) / (r.W / 2)
		}
		if d < 1-1e-3 {
			return true
		}
	}
	return false
}

// checkLayout asserts the layout invariants.
func checkLayout(t *testing.T, name string, m *Map, l *Layout) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s: "+format, append([]any{name}, args...)...)
	}
	if len(l.Lanes) != len(m.Lanes) || len(l.Nodes) != len(m.Nodes) {
		fail("%d lanes and %d nodes laid out, want %d and %d", len(l.Lanes), len(l.Nodes), len(m.Lanes), len(m.Nodes))
		return
	}
	all := Rect{0, 0, l.Width, l.Height}
	lanes := map[string]LaneBox{}
	prevBottom := 0.0
	for i, lb := range l.Lanes {
		if lb.ID != m.Lanes[i].ID {
			fail("lane %d is %q, want %q (map order)", i, lb.ID, m.Lanes[i].ID)
		}
		if math.Abs(lb.Box.Y-prevBottom) > eps {
			fail("lane %s starts at %v, want %v: lanes are stacked without gaps", lb.ID, lb.Box.Y, prevBottom)
		}
		prevBottom = lb.Box.Y + lb.Box.H
		if !within(lb.Box, all) || !within(lb.Header, lb.Box) || lb.Header.W != HeaderWidth {
			fail("lane %s: box %v header %v outside the layout %v", lb.ID, lb.Box, lb.Header, all)
		}
		if n := float64(len(LaneHeaderLines(m.Lanes[i].Name))); n*LabelLineHeight > lb.Header.H {
			fail("lane %s: the %v header lines do not fit %v", lb.ID, n, lb.Header.H)
		}
		lanes[lb.ID] = lb
	}
	boxes := map[string]Rect{}
	kinds := map[string]NodeKind{}
	for i, nb := range l.Nodes {
		if _, dup := kinds[nb.ID]; !dup {
			kinds[nb.ID] = m.Nodes[i].Kind
		}
		n := m.Nodes[i]
		if nb.ID != n.ID {
			fail("node %d is %q, want %q (map order)", i, nb.ID, n.ID)
		}
		if _, dup := boxes[nb.ID]; !dup {
			boxes[nb.ID] = nb.Box
		}
		b := nb.Box
		switch {
		case n.Kind.IsTask():
			if b.W < TaskMinWidth || b.H < TaskMinHeight {
				fail("task %s is %v×%v, below the minimum", n.ID, b.W, b.H)
			}
			for _, line := range nb.Lines {
				if w := TextWidth(line, LabelFontSize); w > b.W-2*taskPadX+eps || w > wrapWidth+eps {
					fail("task %s: line %q (%v px) does not fit %v", n.ID, line, w, b.W)
				}
			}
			if float64(len(nb.Lines))*LabelLineHeight > b.H {
				fail("task %s: %d lines do not fit %v", n.ID, len(nb.Lines), b.H)
			}
		case n.Kind.IsGateway():
			if b.W != GatewaySize || b.H != GatewaySize {
				fail("gateway %s is %v×%v", n.ID, b.W, b.H)
			}
		default:
			if b.W != EventSize || b.H != EventSize {
				fail("event %s is %v×%v", n.ID, b.W, b.H)
			}
		}
		if strings.Join(strings.Fields(strings.Join(nb.Lines, "")), "") != strings.Join(strings.Fields(n.Label), "") {
			fail("node %s: lines %q lose text of %q", n.ID, nb.Lines, n.Label)
		}
		if lb, ok := lanes[n.Lane]; ok {
			band := Rect{lb.Box.X + HeaderWidth, lb.Box.Y, lb.Box.W - HeaderWidth, lb.Box.H}
			for _, r := range inks(n, nb) {
				if !within(r, band) {
					fail("node %s: %v is outside its lane band %v", n.ID, r, band)
				}
			}
		}
		for _, r := range inks(n, nb) {
			if !within(r, all) {
				fail("node %s: %v is outside the layout %v", n.ID, r, all)
			}
		}
	}
	// No two nodes overlap, decor included.
	for i := range l.Nodes {
		for j := i + 1; j < len(l.Nodes); j++ {
			if interiorsMeet(l.Nodes[i].Box, l.Nodes[j].Box) {
				fail("nodes %s %v and %s %v overlap", l.Nodes[i].ID, l.Nodes[i].Box, l.Nodes[j].ID, l.Nodes[j].Box)
			}
			for _, a := range inks(m.Nodes[i], l.Nodes[i]) {
				for _, b := range inks(m.Nodes[j], l.Nodes[j]) {
					if interiorsMeet(a, b) {
						fail("the decor of %s %v and %s %v overlap", l.Nodes[i].ID, a, l.Nodes[j].ID, b)
					}
				}
			}
		}
	}
	// Edges: one per flow between known nodes, orthogonal, from border to
	// border, through no shape, labels clear of shapes.
	want := 0
	for _, f := range m.Flows {
		if _, ok := boxes[f.From]; ok {
			if _, ok := boxes[f.To]; ok {
				want++
			}
		}
	}
	if len(l.Edges) != want {
		fail("%d edges, want %d", len(l.Edges), want)
	}
	var labels []Rect
	for _, e := range l.Edges {
		if len(e.Points) < 2 {
			fail("edge %s→%s has %d points", e.From, e.To, len(e.Points))
			continue
		}
		if !onOutline(e.Points[0], kinds[e.From], boxes[e.From]) {
			fail("edge %s→%s starts at %v, not on %v", e.From, e.To, e.Points[0], boxes[e.From])
		}
		if last := e.Points[len(e.Points)-1]; !onOutline(last, kinds[e.To], boxes[e.To]) {
			fail("edge %s→%s ends at %v, not on %v", e.From, e.To, last, boxes[e.To])
		}
		for k := 0; k+1 < len(e.Points); k++ {
			p, q := e.Points[k], e.Points[k+1]
			if p.X != q.X && p.Y != q.Y {
				fail("edge %s→%s: segment %v–%v is not horizontal or vertical", e.From, e.To, p, q)
			}
			if p == q {
				fail("edge %s→%s: empty segment at %v", e.From, e.To, p)
			}
			for i, nb := range l.Nodes {
				ends := nb.ID == e.From || nb.ID == e.To
				if (!ends && segEntersBox(p, q, nb.Box)) || (ends && segEntersShape(p, q, m.Nodes[i].Kind, nb.Box)) {
					fail("edge %s→%s: segment %v–%v passes through %s %v", e.From, e.To, p, q, nb.ID, nb.Box)
				}
				if nb.ID == e.From || nb.ID == e.To {
					continue
				}
				for _, r := range inks(m.Nodes[i], nb)[1:] {
					if segEntersBox(p, q, r) {
						fail("edge %s→%s: segment %v–%v crosses the text of %s %v", e.From, e.To, p, q, nb.ID, r)
					}
				}
			}
			if !within(Rect{min(p.X, q.X), min(p.Y, q.Y), math.Abs(p.X - q.X), math.Abs(p.Y - q.Y)}, all) {
				fail("edge %s→%s: segment %v–%v outside the layout", e.From, e.To, p, q)
			}
		}
		// The arrow enters the target from the left.
		if n := len(e.Points); e.Points[n-1].X > boxes[e.To].X+boxes[e.To].W/2 || e.Points[n-2].Y != e.Points[n-1].Y || e.Points[n-2].X >= e.Points[n-1].X {
			fail("edge %s→%s does not enter its target from the left: %v", e.From, e.To, e.Points)
		}
		if e.Label == "" {
			continue
		}
		lb := EdgeLabelBox(e.Label, e.LabelAt)
		if !within(lb, all) {
			fail("edge %s→%s: label %v outside the layout", e.From, e.To, lb)
		}
		for i, nb := range l.Nodes {
			for _, r := range inks(m.Nodes[i], nb) {
				if interiorsMeet(lb, r) {
					fail("edge %s→%s: label %q %v lies on %s %v", e.From, e.To, e.Label, lb, nb.ID, r)
				}
			}
		}
		// Near its path's start: within 40 px of one of the first two segments.
		near := false
		for k := 0; k+1 < len(e.Points) && k < 2; k++ {
			p, q := e.Points[k], e.Points[k+1]
			seg := Rect{min(p.X, q.X) - 40, min(p.Y, q.Y) - 40, math.Abs(p.X-q.X) + 80, math.Abs(p.Y-q.Y) + 80}
			near = near || interiorsMeet(lb, seg)
		}
		if !near {
			fail("edge %s→%s: label %v is far from its first segments %v", e.From, e.To, lb, e.Points)
		}
		labels = append(labels, lb)
	}
	if !strings.HasPrefix(name, "300") { // many labels may crowd a big map; small ones must not
		for i := range labels {
			for j := i + 1; j < len(labels); j++ {
				if interiorsMeet(labels[i], labels[j]) {
					fail("labels %v and %v overlap", labels[i], labels[j])
				}
			}
		}
	}
}

func TestLayInvariants(t *testing.T) {
	ms := layTestMaps()
	for _, name := range sortedNames(ms) {
		m := ms[name]
		checkLayout(t, name, m, Lay(m))
	}
}

// Distinct flows (no shared source or target) never run along the same line.
func TestLayEdgesDoNotOverlap(t *testing.T) {
	ms := layTestMaps()
	for _, name := range sortedNames(ms) {
		l := Lay(ms[name])
		type seg struct {
			p, q Point
			e    int
		}
		var segs []seg
		for i, e := range l.Edges {
			for k := 0; k+1 < len(e.Points); k++ {
				segs = append(segs, seg{e.Points[k], e.Points[k+1], i})
			}
		}
		for i := range segs {
			for j := i + 1; j < len(segs); j++ {
				a, b := segs[i], segs[j]
				ea, eb := l.Edges[a.e], l.Edges[b.e]
				if a.e == b.e || ea.From == eb.From || ea.To == eb.To {
					continue
				}
				if collinearOverlap(a.p, a.q, b.p, b.q) {
					t.Errorf("%s: %s→%s %v–%v and %s→%s %v–%v run along the same line",
						name, ea.From, ea.To, a.p, a.q, eb.From, eb.To, b.p, b.q)
				}
			}
		}
	}
}

func collinearOverlap(p1, q1, p2, q2 Point) bool {
	switch {
	case p1.Y == q1.Y && p2.Y == q2.Y && p1.Y == p2.Y:
		return min(max(p1.X, q1.X), max(p2.X, q2.X))-max(min(p1.X, q1.X), min(p2.X, q2.X)) > eps
	case p1.X == q1.X && p2.X == q2.X && p1.X == p2.X:
		return min(max(p1.Y, q1.Y), max(p2.Y, q2.Y))-max(min(p1.Y, q1.Y), min(p2.Y, q2.Y)) > eps
	}
	return false
}

func TestLayDeterministic(t *testing.T) {
	ms := layTestMaps()
	for _, name := range sortedNames(ms) {
		a := Lay(ms[name])
		for range 3 {
			if b := Lay(layTestMaps()[name]); !reflect.DeepEqual(a, b) {
				t.Fatalf("%s: two layouts of the same map differ", name)
			}
		}
	}
}

func TestLayDoesNotChangeMap(t *testing.T) {
	m := layTestRich()
	Lay(m)
	if !reflect.DeepEqual(m, layTestRich()) {
		t.Error("Lay changed the map")
	}
}

// Columns: longest path from the start, back edges ignored.
func TestLayColumns(t *testing.T) {
	m := layTestRich()
	l := Lay(m)
	x := map[string]float64{}
	for _, nb := range l.Nodes {
		x[nb.ID] = nb.Box.X + nb.Box.W/2
	}
	order := [][]string{{"s"}, {"lead"}, {"calc"}, {"big"}, {"approve"}, {"ok"}, {"split"}, {"pdf", "sync", "credit"}, {"join"}, {"send"}, {"e"}}
	for i, col := range order {
		for _, id := range col[1:] {
			if x[id] != x[col[0]] {
				t.Errorf("%s is at x %v, want the column of %s (%v)", id, x[id], col[0], x[col[0]])
			}
		}
		if i > 0 && x[col[0]]-x[order[i-1][0]] < 60 {
			t.Errorf("column %d (%s at %v) is not right of column %d (%s at %v)", i, col[0], x[col[0]], i-1, order[i-1][0], x[order[i-1][0]])
		}
	}
	// Nodes of one lane and column are stacked.
	st := Lay(layTestStacked())
	ys := map[string]Rect{}
	for _, nb := range st.Nodes {
		ys[nb.ID] = nb.Box
	}
	if ys["x"].X+ys["x"].W/2 != ys["y"].X+ys["y"].W/2 || ys["x"].Y+ys["x"].H > ys["y"].Y {
		t.Errorf("x %v and y %v are not stacked", ys["x"], ys["y"])
	}
	// The back edge of the rework loop goes left, below the nodes.
	for _, e := range l.Edges {
		if e.From == "ok" && e.To == "calc" {
			left := false
			for k := 0; k+1 < len(e.Points); k++ {
				left = left || e.Points[k+1].X < e.Points[k].X
			}
			if !left {
				t.Errorf("back edge ok→calc does not run left: %v", e.Points)
			}
		}
	}
}

func TestLayStraightMainFlow(t *testing.T) {
	// Consecutive single steps of one lane are joined by one straight segment.
	l := Lay(layTestSmall())
	for _, e := range l.Edges {
		if (e.From == "s" && e.To == "quote") || (e.From == "quote" && e.To == "big") || (e.From == "send" && e.To == "e") {
			if len(e.Points) != 2 || e.Points[0].Y != e.Points[1].Y {
				t.Errorf("%s→%s is not straight: %v", e.From, e.To, e.Points)
			}
		}
	}
}

func TestLayTextWidth(t *testing.T) {
	for _, c := range []struct {
		s    string
		want float64
	}{
		{"", 0}, {"中文", 26}, {"ab", 2 * 0.55 * 13}, {"12", 2 * 0.55 * 13}, {" ", 0.3 * 13},
		{"ＡＢ", 26}, {"，", 13}, {"AB", 2 * 0.65 * 13}, {"a\x01", 0.55 * 13},
	} {
		if got := TextWidth(c.s, 13); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("TextWidth(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestLayWrap(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    float64
		want []string
	}{
		{"", 104, nil},
		{"审批折扣", 104, []string{"审批折扣"}},
		{"一二三四五六七八九十", 104, []string{"一二三四五六七八", "九十"}},
		{"一二三四五六七，八九", 104, []string{"一二三四五六七，", "八九"}},
		{"一二三四五六七八，九", 104, []string{"一二三四五六七", "八，九"}},
		{"Sync price list to ERP", 104, []string{"Sync price list", "to ERP"}},
		{"Supercalifragilistic", 60, []string{"Supercal", "ifragili", "stic"}},
		{"客户CRM系统", 52, []string{"客户CRM", "系统"}},
		{"a\nb", 104, []string{"a", "b"}},
		{"  a  \n\n  b ", 104, []string{"a", "b"}},
		{"一二三四五六七（八九）", 104, []string{"一二三四五六七", "（八九）"}},
	} {
		if got := Wrap(c.s, c.w, 13); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Wrap(%q, %v) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
	// Balanced: two even lines instead of a full one and a short one.
	if got := wrapBalanced("一二三四五六七八九十", 104, 13); !reflect.DeepEqual(got, []string{"一二三四五", "六七八九十"}) {
		t.Errorf("wrapBalanced = %q", got)
	}
	if got := wrapBalanced("Sync price list to ERP", 104, 13); len(got) != 2 || strings.Join(got, " ") != "Sync price list to ERP" {
		t.Errorf("wrapBalanced split a word: %q", got)
	}
}

func TestLayNodeDecor(t *testing.T) {
	n := Node{ID: "t", Kind: User, Label: "x", Findings: []string{"F-1", "F-2", "F-3"}, Reqs: []string{"REQ-001", "REQ-002", "REQ-003"}}
	nb := NodeBox{ID: "t", Box: Rect{100, 100, 100, 56}, Lines: []string{"x"}}
	d := NodeDecor(n, nb)
	if !reflect.DeepEqual(d.Findings, []string{"F-1 F-2", "F-3"}) {
		t.Errorf("findings lines %q", d.Findings)
	}
	if d.FindingsAt.X != 200 || d.FindingsAt.Y >= 100 || d.Marker.Y+d.Marker.H > 100 {
		t.Errorf("findings at %v, marker %v: want above the box, right-aligned", d.FindingsAt, d.Marker)
	}
	if len(d.Reqs) != 3 {
		t.Fatalf("%d tags", len(d.Reqs))
	}
	for i, r := range d.Reqs {
		if r.Y < 156 || r.H != TagHeight {
			t.Errorf("tag %d %v is not under the box", i, r)
		}
		for j := range i {
			if interiorsMeet(r, d.Reqs[j]) {
				t.Errorf("tags %d and %d overlap", i, j)
			}
		}
	}
}

// The DSL examples, parsed, lay out cleanly too.
func TestLayParsedExamples(t *testing.T) {
	for _, name := range []string{"visits-asis.flow", "visits-tobe.flow"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		l := Lay(m)
		checkLayout(t, name, m, l)
		checkLabelsClearOfLines(t, name, l)
	}
}

// In the hand-made maps no flow label lies on a line.
func TestLayLabelsClearOfLines(t *testing.T) {
	for name, m := range map[string]*Map{"small": layTestSmall(), "rich": layTestRich()} {
		checkLabelsClearOfLines(t, name, Lay(m))
	}
}

func checkLabelsClearOfLines(t *testing.T, name string, l *Layout) {
	t.Helper()
	for _, e := range l.Edges {
		if e.Label == "" {
			continue
		}
		lb := EdgeLabelBox(e.Label, e.LabelAt)
		for _, o := range l.Edges {
			for k := 0; k+1 < len(o.Points); k++ {
				if segEntersBox(o.Points[k], o.Points[k+1], lb) {
					t.Errorf("%s: label %q of %s→%s %v lies on the line of %s→%s", name, e.Label, e.From, e.To, lb, o.From, o.To)
				}
			}
		}
	}
}

func BenchmarkLay300(b *testing.B) {
	m := layTestGenerated(7, 300, 12)
	for b.Loop() {
		Lay(m)
	}
}

// layTestBranches: a gateway with four branches (up, level, down and back),
// another with three, two loop-backs in one lane into the same step, and a
// loop-back across lanes into a step other flows enter too.
func layTestBranches() *Map {
	return &Map{
		Name: "branches",
		Lanes: []Lane{
			{ID: "mgr", Name: "经理"}, {ID: "rep", Name: "销售代表"}, {ID: "ops", Name: "运营"},
		},
		Nodes: []Node{
			{ID: "s", Kind: Start, Label: "开始", Lane: "rep"},
			{ID: "fill", Kind: User, Label: "填写申请", Lane: "rep"},
			{ID: "check", Kind: User, Label: "检查资料", Lane: "rep", Reqs: []string{"REQ-001"}},
			{ID: "kind", Kind: XOR, Label: "申请类型?", Lane: "rep"},
			{ID: "big", Kind: User, Label: "经理审批", Lane: "mgr"},
			{ID: "std", Kind: User, Label: "标准处理", Lane: "rep"},
			{ID: "ops1", Kind: System, Label: "运营登记", Lane: "ops"},
			{ID: "ok", Kind: XOR, Label: "通过?", Lane: "rep"},
			{ID: "again", Kind: XOR, Label: "要补充?", Lane: "ops"},
			{ID: "done", Kind: User, Label: "归档", Lane: "rep", Findings: []string{"F-001"}},
			{ID: "e", Kind: End, Label: "结束", Lane: "rep"},
		},
		Flows: []Flow{
			{From: "s", To: "fill"}, {From: "fill", To: "check"}, {From: "check", To: "kind"},
			{From: "kind", To: "big", Label: "大额"}, {From: "kind", To: "std", Label: "标准"},
			{From: "kind", To: "ops1", Label: "运营"}, {From: "kind", To: "fill", Label: "资料不全"},
			{From: "big", To: "ok"}, {From: "std", To: "ok"}, {From: "ops1", To: "again"},
			{From: "again", To: "ok", Label: "否"}, {From: "again", To: "check", Label: "是"},
			{From: "ok", To: "done", Label: "是"}, {From: "ok", To: "fill", Label: "退回"}, {From: "ok", To: "check", Label: "重查"},
			{From: "done", To: "e"},
		},
	}
}

// layTestLoops: two loop-backs from one task-only lane to two steps, one
// of them nested inside the other, and a self-loop.
func layTestLoops() *Map {
	return &Map{
		Name:  "loops",
		Lanes: []Lane{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}},
		Nodes: []Node{
			{ID: "s", Kind: Start, Lane: "a"},
			{ID: "t1", Kind: User, Label: "第一步", Lane: "a"},
			{ID: "t2", Kind: User, Label: "第二步", Lane: "a"},
			{ID: "t3", Kind: User, Label: "第三步", Lane: "a"},
			{ID: "g", Kind: XOR, Label: "完成?", Lane: "a"},
			{ID: "t4", Kind: Task, Label: "复核", Lane: "b"},
			{ID: "e", Kind: End, Lane: "a"},
		},
		Flows: []Flow{
			{From: "s", To: "t1"}, {From: "t1", To: "t2"}, {From: "t2", To: "t3"}, {From: "t3", To: "g"},
			{From: "g", To: "e", Label: "是"}, {From: "g", To: "t2", Label: "重做"}, {From: "g", To: "t4", Label: "复核"},
			{From: "t4", To: "t1"}, {From: "t3", To: "t3"},
		},
	}
}

// loopBack reports whether edge e of l runs back: its target's column is
// not right of its source's.
func loopBack(l *Layout, e EdgePath) bool {
	var from, to Rect
	for _, nb := range l.Nodes {
		if nb.ID == e.From {
			from = nb.Box
		}
		if nb.ID == e.To {
			to = nb.Box
		}
	}
	return to.X+to.W/2 <= from.X+from.W/2
}

// laneBorderClearance is how close a horizontal segment may come to a lane
// border before it seems to run along it.
const laneBorderClearance = 12.0

// checkGeometry asserts what a reader of the drawing sees: (a) the labels of
// a gateway's branches neither overlap nor sit at one point, (b) no loop-
// back runs along any other flow's line, (c) no flow runs along a lane
// border, (d) no flow label lies on a shape or its decor.
func checkGeometry(t *testing.T, name string, m *Map, l *Layout) {
	t.Helper()
	// (a) Labels of the flows out of one node.
	byFrom := map[string][]EdgePath{}
	for _, e := range l.Edges {
		if e.Label != "" {
			byFrom[e.From] = append(byFrom[e.From], e)
		}
	}
	for from, es := range byFrom {
		for i := range es {
			for j := i + 1; j < len(es); j++ {
				a, b := EdgeLabelBox(es[i].Label, es[i].LabelAt), EdgeLabelBox(es[j].Label, es[j].LabelAt)
				if interiorsMeet(a, b) || es[i].LabelAt == es[j].LabelAt {
					t.Errorf("%s: the labels %q %v and %q %v of %s's branches overlap", name, es[i].Label, a, es[j].Label, b, from)
				}
				if es[i].Points[0] == es[j].Points[0] && es[i].Points[1].Y == es[j].Points[1].Y {
					t.Errorf("%s: %s's branches %q and %q leave by one line from %v", name, from, es[i].Label, es[j].Label, es[i].Points[0])
				}
			}
		}
	}
	// (b) Loop-backs share no line.
	for i, a := range l.Edges {
		if !loopBack(l, a) {
			continue
		}
		for j, b := range l.Edges {
			if i == j {
				continue
			}
			for k := 0; k+1 < len(a.Points); k++ {
				for n := 0; n+1 < len(b.Points); n++ {
					if collinearOverlap(a.Points[k], a.Points[k+1], b.Points[n], b.Points[n+1]) {
						t.Errorf("%s: loop-back %s→%s %v–%v runs along %s→%s %v–%v", name,
							a.From, a.To, a.Points[k], a.Points[k+1], b.From, b.To, b.Points[n], b.Points[n+1])
					}
				}
			}
		}
	}
	// (c) Lane borders.
	var borders []float64
	for _, lb := range l.Lanes {
		borders = append(borders, lb.Box.Y, lb.Box.Y+lb.Box.H)
	}
	for _, e := range l.Edges {
		for k := 0; k+1 < len(e.Points); k++ {
			p, q := e.Points[k], e.Points[k+1]
			if p.Y != q.Y {
				continue
			}
			for _, y := range borders {
				if math.Abs(p.Y-y) < laneBorderClearance {
					t.Errorf("%s: %s→%s %v–%v runs along the lane border at y %v", name, e.From, e.To, p, q, y)
				}
			}
		}
	}
	// (d) Labels clear of shapes and decor.
	for _, e := range l.Edges {
		if e.Label == "" {
			continue
		}
		lb := EdgeLabelBox(e.Label, e.LabelAt)
		for i, nb := range l.Nodes {
			for _, r := range inks(m.Nodes[i], nb) {
				if interiorsMeet(lb, r) {
					t.Errorf("%s: label %q %v lies on %s %v", name, e.Label, lb, nb.ID, r)
				}
			}
		}
	}
}

func TestLayGeometry(t *testing.T) {
	ms := map[string]*Map{"small": layTestSmall(), "rich": layTestRich(), "branches": layTestBranches(), "loops": layTestLoops()}
	for _, name := range []string{"visits-asis.flow", "visits-tobe.flow"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if ms[name], err = Parse(name, src); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range sortedNames(ms) {
		l := Lay(ms[name])
		checkLayout(t, name, ms[name], l)
		checkGeometry(t, name, ms[name], l)
		checkLabelsClearOfLines(t, name, l)
	}
}
