package bpmn

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
)

// ---- maps and layouts for the tests ----

// bpmnQuoteMap parses testdata/bpmn/quote.flow: three lanes (one a system
// lane, one with a CJK ID), every node kind, findings, requirements, a note
// that reads like a reference line, names with & < > ".
func bpmnQuoteMap(t testing.TB) *process.Map {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "bpmn", "quote.flow"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := process.Parse("quote.flow", src)
	if err != nil {
		t.Fatalf("quote.flow: %v", err)
	}
	return m
}

// bpmnTrickyMap has IDs that stress the ID encoding: CJK, a literal "_x…_"
// that looks like an escape, a character beyond the BMP, '-' and digits.
func bpmnTrickyMap() *process.Map {
	node := func(id string, k process.NodeKind, label, lane string) process.Node {
		return process.Node{ID: id, Kind: k, Label: label, Lane: lane, Findings: []string{}, Reqs: []string{}}
	}
	m := &process.Map{Name: "边界 IDs", Variant: process.AsIs,
		Lanes: []process.Lane{
			{ID: "_x0041_", Name: "Looks escaped"},
			{ID: "角色-1", Name: "角色 1", System: true},
			{ID: "_", Name: "Underscore"},
		},
		Nodes: []process.Node{
			node("开始", process.Start, "开始", "_x0041_"),
			node("_x4E2D_", process.Task, "literal _x4E2D_", "_x0041_"),
			node("a_x4E2D_b_xD800_c", process.User, "surrogate-looking", "角色-1"),
			node("𠀀步骤", process.Manual, "beyond the BMP", "角色-1"),
			node("s-1_2", process.System, "tab\tand 'quotes' \"here\"", "_"),
			node("gw", process.XOR, "", "_"),
			node("Node_x", process.Task, "prefix-looking", "_"),
			node("结束", process.End, "", "_"),
		},
		Flows: []process.Flow{
			{From: "开始", To: "_x4E2D_"},
			{From: "_x4E2D_", To: "a_x4E2D_b_xD800_c", Label: "a & b <c>"},
			{From: "a_x4E2D_b_xD800_c", To: "𠀀步骤"},
			{From: "𠀀步骤", To: "s-1_2"},
			{From: "s-1_2", To: "gw"},
			{From: "gw", To: "Node_x", Label: "是"},
			{From: "gw", To: "结束", Label: "否"},
			{From: "Node_x", To: "_x4E2D_", Label: "again"},
		},
	}
	m.Nodes[1].Findings = []string{"F-001"}
	m.Nodes[2].Reqs = []string{"REQ-010", "REQ-011"}
	m.Nodes[3].Note = "备注: already tagged"
	m.Nodes[4].Note = "痛点: F-002; 需求: REQ-003"
	m.Nodes[4].Findings = []string{"F-004"}
	return m
}

// bpmnSmallMap is a map of two lanes and five steps.
func bpmnSmallMap() *process.Map {
	m := &process.Map{Name: "小", Variant: process.AsIs,
		Lanes: []process.Lane{{ID: "a", Name: "甲"}, {ID: "b", Name: "B", System: true}},
		Nodes: []process.Node{
			{ID: "s", Kind: process.Start, Label: "开始", Lane: "a", Findings: []string{}, Reqs: []string{}},
			{ID: "录入", Kind: process.User, Label: "录入 & 检查", Lane: "a", Findings: []string{"F-001"}, Reqs: []string{"REQ-002"}, Note: "n"},
			{ID: "g", Kind: process.XOR, Lane: "a", Findings: []string{}, Reqs: []string{}},
			{ID: "t", Kind: process.System, Label: "同步", Lane: "b", Findings: []string{}, Reqs: []string{}},
			{ID: "e", Kind: process.End, Label: "", Lane: "b", Findings: []string{}, Reqs: []string{}},
		},
		Flows: []process.Flow{{From: "s", To: "录入"}, {From: "录入", To: "g"}, {From: "g", To: "t", Label: "是"}, {From: "g", To: "e", Label: "否"}, {From: "t", To: "e"}},
	}
	return m
}

// bpmnBigMap is a generated map with steps steps in lanes lanes: a chain
// with an xor every 7th step that skips ahead, an and-split/join every 11th.
func bpmnBigMap(steps, lanes int) *process.Map {
	m := &process.Map{Name: "生成的流程 generated", Variant: process.ToBe}
	for i := 0; i < lanes; i++ {
		m.Lanes = append(m.Lanes, process.Lane{ID: fmt.Sprintf("lane%02d", i), Name: fmt.Sprintf("角色 %d", i), System: i%5 == 4})
	}
	kinds := []process.NodeKind{process.User, process.Manual, process.System, process.Task}
	add := func(id string, k process.NodeKind, label string, lane int) {
		m.Nodes = append(m.Nodes, process.Node{ID: id, Kind: k, Label: label, Lane: m.Lanes[lane%lanes].ID, Findings: []string{}, Reqs: []string{}})
	}
	add("start", process.Start, "开始", 0)
	prev := "start"
	for i := 1; i <= steps; i++ {
		id := fmt.Sprintf("s%03d", i)
		switch {
		case i%7 == 0 && i+2 <= steps:
			add(id, process.XOR, fmt.Sprintf("条件 %d?", i), i)
		case i%11 == 0:
			add(id, process.AND, "", i)
		default:
			add(id, kinds[i%len(kinds)], fmt.Sprintf("步骤 %d 处理客户资料", i), i*5)
		}
		n := &m.Nodes[len(m.Nodes)-1]
		if i%13 == 0 {
			n.Findings = []string{fmt.Sprintf("F-%03d", i)}
			n.Reqs = []string{fmt.Sprintf("REQ-%03d", i)}
		}
		m.Flows = append(m.Flows, process.Flow{From: prev, To: id})
		if i%7 == 2 && i > 7 {
			// the xor two steps back skips the step in between
			m.Flows = append(m.Flows, process.Flow{From: fmt.Sprintf("s%03d", i-2), To: id, Label: "跳过"})
		}
		prev = id
	}
	add("end", process.End, "结束", steps)
	m.Flows = append(m.Flows, process.Flow{From: prev, To: "end"})
	// Steps lane by lane, as the DSL lists them.
	lane := map[string]int{}
	for i, l := range m.Lanes {
		lane[l.ID] = i
	}
	slices.SortStableFunc(m.Nodes, func(a, b process.Node) int { return lane[a.Lane] - lane[b.Lane] })
	return m
}

// bpmnGridLayout is a layout made by hand, for tests that should not depend
// on process.Lay: one column per node, lanes 140 px high, orthogonal edges
// from the source's right border to the target's left border (forward) or
// over the top (backward).
func bpmnGridLayout(m *process.Map) *process.Layout {
	const laneH, header, colW = 140.0, 120.0, 160.0
	l := &process.Layout{}
	l.Width = header + float64(len(m.Nodes))*colW + 40
	l.Height = float64(len(m.Lanes)) * laneH
	laneY := map[string]float64{}
	for i, ln := range m.Lanes {
		y := float64(i) * laneH
		laneY[ln.ID] = y
		l.Lanes = append(l.Lanes, process.LaneBox{ID: ln.ID,
			Box: process.Rect{X: 0, Y: y, W: l.Width, H: laneH}, Header: process.Rect{X: 0, Y: y, W: header, H: laneH}})
	}
	box := map[string]process.Rect{}
	for i, n := range m.Nodes {
		w, h := 100.0, 80.0
		switch {
		case n.Kind == process.Start || n.Kind == process.End:
			w, h = 36, 36
		case n.Kind.IsGateway():
			w, h = 50, 50
		}
		cx, cy := header+40+float64(i)*colW+50, laneY[n.Lane]+laneH/2
		r := process.Rect{X: cx - w/2, Y: cy - h/2, W: w, H: h}
		box[n.ID] = r
		l.Nodes = append(l.Nodes, process.NodeBox{ID: n.ID, Box: r, Lines: []string{n.Label}})
	}
	for _, f := range m.Flows {
		a, b := box[f.From], box[f.To]
		var pts []process.Point
		if b.X > a.X {
			sx, sy, tx, ty := a.X+a.W, a.Y+a.H/2, b.X, b.Y+b.H/2
			mid := (sx + tx) / 2
			pts = []process.Point{{X: sx, Y: sy}, {X: mid, Y: sy}, {X: mid, Y: ty}, {X: tx, Y: ty}}
		} else {
			top := math.Min(a.Y, b.Y) - 20
			pts = []process.Point{{X: a.X + a.W/2, Y: a.Y}, {X: a.X + a.W/2, Y: top}, {X: b.X + b.W/2, Y: top}, {X: b.X + b.W/2, Y: b.Y}}
		}
		l.Edges = append(l.Edges, process.EdgePath{From: f.From, To: f.To, Points: pts, Label: f.Label,
			LabelAt: process.Point{X: pts[1].X + 4, Y: pts[1].Y - 4}})
	}
	return l
}

// bpmnLayouts are the layouts each map is exported with: the hand-made grid
// and process.Lay's.
func bpmnLayouts(m *process.Map) map[string]*process.Layout {
	return map[string]*process.Layout{"grid": bpmnGridLayout(m), "Lay": process.Lay(m)}
}

func bpmnExport(t testing.TB, m *process.Map, l *process.Layout) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, m, l); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// bpmnComparable is m without what BPMN does not carry: ID, positions,
// source and times; nil slices become empty ones.
func bpmnComparable(m *process.Map) process.Map {
	c := process.Map{Name: m.Name, Variant: m.Variant, Description: m.Description,
		Lanes: []process.Lane{}, Nodes: []process.Node{}, Flows: []process.Flow{}}
	for _, l := range m.Lanes {
		l.Pos = process.Pos{}
		c.Lanes = append(c.Lanes, l)
	}
	for _, n := range m.Nodes {
		n.Pos = process.Pos{}
		n.Findings = append([]string{}, n.Findings...)
		n.Reqs = append([]string{}, n.Reqs...)
		c.Nodes = append(c.Nodes, n)
	}
	for _, f := range m.Flows {
		f.Pos = process.Pos{}
		c.Flows = append(c.Flows, f)
	}
	return c
}

// bpmnSameMap fails the test with the first difference between want and got.
func bpmnSameMap(t testing.TB, what string, want, got *process.Map) {
	t.Helper()
	w, g := bpmnComparable(want), bpmnComparable(got)
	if reflect.DeepEqual(w, g) {
		return
	}
	field := func(name string, a, b any) {
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %s differs:\nwant %+v\ngot  %+v", what, name, a, b)
		}
	}
	field("name", w.Name, g.Name)
	field("variant", w.Variant, g.Variant)
	field("description", w.Description, g.Description)
	if len(w.Lanes) != len(g.Lanes) || len(w.Nodes) != len(g.Nodes) || len(w.Flows) != len(g.Flows) {
		t.Errorf("%s: want %d lanes, %d nodes, %d flows; got %d, %d, %d", what,
			len(w.Lanes), len(w.Nodes), len(w.Flows), len(g.Lanes), len(g.Nodes), len(g.Flows))
	}
	for i := range min(len(w.Lanes), len(g.Lanes)) {
		field(fmt.Sprintf("lane %d", i), w.Lanes[i], g.Lanes[i])
	}
	for i := range min(len(w.Nodes), len(g.Nodes)) {
		field(fmt.Sprintf("node %d", i), w.Nodes[i], g.Nodes[i])
	}
	for i := range min(len(w.Flows), len(g.Flows)) {
		field(fmt.Sprintf("flow %d", i), w.Flows[i], g.Flows[i])
	}
	if !t.Failed() {
		t.Errorf("%s: maps differ:\nwant %+v\ngot  %+v", what, w, g)
	}
}

// ---- round trip ----

func TestProcessBPMNRoundTrip(t *testing.T) {
	maps := map[string]*process.Map{
		"quote":  bpmnQuoteMap(t),
		"tricky": bpmnTrickyMap(),
		"big":    bpmnBigMap(60, 5),
	}
	for name, m := range maps {
		for lname, l := range bpmnLayouts(m) {
			t.Run(name+"/"+lname, func(t *testing.T) {
				out := bpmnExport(t, m, l)
				if again := bpmnExport(t, m, l); !bytes.Equal(out, again) {
					t.Fatal("two exports of the same map and layout differ")
				}
				got, err := Read(name+".bpmn", bytes.NewReader(out))
				if err != nil {
					t.Fatalf("Read of the export: %v", err)
				}
				bpmnSameMap(t, "read back", m, got)
				if again := bpmnExport(t, got, l); !bytes.Equal(out, again) {
					t.Fatalf("export → read → export is not byte-identical:\n%s", bpmnFirstDiff(out, again))
				}
				if lname == "Lay" {
					// The map read back lays out as the original does.
					if again := bpmnExport(t, got, nil); !bytes.Equal(out, again) {
						t.Fatalf("export with process.Lay of the map read back differs:\n%s", bpmnFirstDiff(out, again))
					}
				}
			})
		}
	}
}

// TestProcessBPMNRoundTripDSL goes DSL → BPMN → Map → DSL → Map.
func TestProcessBPMNRoundTripDSL(t *testing.T) {
	m := bpmnQuoteMap(t)
	out := bpmnExport(t, m, nil)
	got, err := Read("quote.bpmn", bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := process.Check("quote.bpmn", got); err != nil {
		t.Fatalf("the map read back fails process.Check: %v", err)
	}
	src := process.Format(got)
	again, err := process.Parse("quote.flow", src)
	if err != nil {
		t.Fatalf("Format of the map read back does not parse: %v\n%s", err, src)
	}
	bpmnSameMap(t, "DSL → BPMN → DSL", m, again)
}

func bpmnFirstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return "(no line differs)"
}

// ---- what the file holds ----

// bpmnNode is a generic XML element, for looking at the output with
// encoding/xml.
type bpmnNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []bpmnNode `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *bpmnNode) get(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (n *bpmnNode) walk(fn func(*bpmnNode)) {
	fn(n)
	for i := range n.Kids {
		n.Kids[i].walk(fn)
	}
}

func (n *bpmnNode) kids(space, local string) []*bpmnNode {
	var out []*bpmnNode
	for i := range n.Kids {
		if k := &n.Kids[i]; k.XMLName.Space == space && k.XMLName.Local == local {
			out = append(out, k)
		}
	}
	return out
}

var bpmnNCName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// bpmnCheckStructure checks an export of m against the BPMN essentials:
// namespaces, one collaboration/participant/process, the laneSet and its
// flowNodeRefs, typed elements, incoming/outgoing, every ID an ASCII NCName
// and unique, every reference resolving, a shape for the participant, every
// lane and node, an edge with ≥ 2 waypoints for every flow whose ends sit on
// its shapes' borders, and labels for named flows.
func bpmnCheckStructure(t *testing.T, m *process.Map, out []byte) {
	t.Helper()
	var root bpmnNode
	if err := xml.Unmarshal(out, &root); err != nil {
		t.Fatalf("the export is not well-formed XML: %v", err)
	}
	if root.XMLName != (xml.Name{Space: bpmnNS, Local: "definitions"}) {
		t.Fatalf("root is %v", root.XMLName)
	}
	for _, want := range []string{`xmlns:bpmn="` + bpmnNS + `"`, `xmlns:bpmndi="` + bpmnDINS + `"`, `xmlns:dc="` + bpmnDCNS + `"`,
		`xmlns:di="` + bpmnDDINS + `"`, `targetNamespace="`, `exporter="crmflow"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the export lacks %s", want)
		}
	}
	ids := map[string]*bpmnNode{}
	root.walk(func(n *bpmnNode) {
		id := n.get("id")
		if id == "" {
			return
		}
		if !bpmnNCName.MatchString(id) {
			t.Errorf("id %q is not an ASCII NCName", id)
		}
		if _, dup := ids[id]; dup {
			t.Errorf("id %q is used twice", id)
		}
		ids[id] = n
	})
	ref := func(what, id string) *bpmnNode {
		n := ids[id]
		if n == nil {
			t.Errorf("%s %q resolves to nothing", what, id)
		}
		return n
	}
	collabs := root.kids(bpmnNS, "collaboration")
	procs := root.kids(bpmnNS, "process")
	if len(collabs) != 1 || len(procs) != 1 {
		t.Fatalf("want one collaboration and one process, got %d and %d", len(collabs), len(procs))
	}
	parts := collabs[0].kids(bpmnNS, "participant")
	if len(parts) != 1 || parts[0].get("processRef") != procs[0].get("id") || parts[0].get("name") != m.Name {
		t.Fatalf("want one participant named %q for the process, got %+v", m.Name, parts)
	}
	proc := procs[0]
	if proc.get("isExecutable") != "false" {
		t.Errorf("isExecutable = %q", proc.get("isExecutable"))
	}
	if len(proc.Kids) == 0 || proc.Kids[0].XMLName.Local != "laneSet" && proc.Kids[0].XMLName.Local != "documentation" {
		t.Errorf("the process does not start with its laneSet")
	}
	lanes := proc.kids(bpmnNS, "laneSet")[0].kids(bpmnNS, "lane")
	if len(lanes) != len(m.Lanes) {
		t.Fatalf("want %d lanes, got %d", len(m.Lanes), len(lanes))
	}
	laneOf := map[string]string{} // BPMN node ID → lane name
	for i, ln := range lanes {
		if ln.get("name") != m.Lanes[i].Name {
			t.Errorf("lane %d is named %q, want %q", i, ln.get("name"), m.Lanes[i].Name)
		}
		for _, r := range ln.kids(bpmnNS, "flowNodeRef") {
			ref("flowNodeRef", r.Text)
			if _, dup := laneOf[r.Text]; dup {
				t.Errorf("%s is in two lanes", r.Text)
			}
			laneOf[r.Text] = ln.get("name")
		}
	}
	var nodes, flows []*bpmnNode
	for i := range proc.Kids {
		k := &proc.Kids[i]
		switch k.XMLName.Local {
		case "laneSet", "documentation":
		case "textAnnotation": // a pain point of the map as a whole (process.Map.Pains)
		case "sequenceFlow":
			flows = append(flows, k)
		default:
			nodes = append(nodes, k)
		}
	}
	if len(nodes) != len(m.Nodes) || len(flows) != len(m.Flows) {
		t.Fatalf("want %d nodes and %d flows, got %d and %d", len(m.Nodes), len(m.Flows), len(nodes), len(flows))
	}
	lane := map[string]string{}
	for _, ln := range m.Lanes {
		lane[ln.ID] = ln.Name
	}
	for i, n := range nodes {
		mn := m.Nodes[i]
		if want := bpmnKindElement[mn.Kind]; n.XMLName.Local != want {
			t.Errorf("node %s is a %s, want %s", mn.ID, n.XMLName.Local, want)
		}
		if n.get("name") != mn.Label {
			t.Errorf("node %s is named %q, want %q", mn.ID, n.get("name"), mn.Label)
		}
		if laneOf[n.get("id")] != lane[mn.Lane] {
			t.Errorf("node %s is in lane %q, want %q", mn.ID, laneOf[n.get("id")], lane[mn.Lane])
		}
		for _, io := range []string{"incoming", "outgoing"} {
			for _, r := range n.kids(bpmnNS, io) {
				f := ref(io, r.Text)
				end := "targetRef"
				if io == "outgoing" {
					end = "sourceRef"
				}
				if f != nil && f.get(end) != n.get("id") {
					t.Errorf("node %s lists %s %s, which does not %s it", mn.ID, io, r.Text, end)
				}
			}
		}
		if len(mn.Findings)+len(mn.Reqs) > 0 {
			docs := n.kids(bpmnNS, "documentation")
			if len(docs) != 1 {
				t.Errorf("node %s has %d documentation elements, want 1", mn.ID, len(docs))
			} else {
				for _, r := range append(append([]string{}, mn.Findings...), mn.Reqs...) {
					if !strings.Contains(docs[0].Text, r) {
						t.Errorf("node %s's documentation %q lacks %s", mn.ID, docs[0].Text, r)
					}
				}
			}
		}
	}
	for i, f := range flows {
		ref("sourceRef", f.get("sourceRef"))
		ref("targetRef", f.get("targetRef"))
		if f.get("name") != m.Flows[i].Label {
			t.Errorf("flow %d is named %q, want %q", i, f.get("name"), m.Flows[i].Label)
		}
	}

	// The diagram.
	diagrams := root.kids(bpmnDINS, "BPMNDiagram")
	if len(diagrams) != 1 {
		t.Fatalf("want one BPMNDiagram, got %d", len(diagrams))
	}
	planes := diagrams[0].kids(bpmnDINS, "BPMNPlane")
	if len(planes) != 1 || planes[0].get("bpmnElement") != collabs[0].get("id") {
		t.Fatalf("want one BPMNPlane for the collaboration")
	}
	shapes := map[string]*bpmnNode{}
	bounds := map[string]process.Rect{}
	edges := map[string]*bpmnNode{}
	num := func(n *bpmnNode, a string) float64 {
		v, err := strconv.ParseFloat(n.get(a), 64)
		if err != nil {
			t.Errorf("%s=%q: %v", a, n.get(a), err)
		}
		return v
	}
	for _, s := range planes[0].kids(bpmnDINS, "BPMNShape") {
		el := s.get("bpmnElement")
		ref("bpmnElement", el)
		if shapes[el] != nil {
			t.Errorf("%s has two shapes", el)
		}
		shapes[el] = s
		bs := s.kids(bpmnDCNS, "Bounds")
		if len(bs) != 1 {
			t.Errorf("shape of %s has %d Bounds", el, len(bs))
			continue
		}
		r := process.Rect{X: num(bs[0], "x"), Y: num(bs[0], "y"), W: num(bs[0], "width"), H: num(bs[0], "height")}
		if r.W <= 0 || r.H <= 0 {
			t.Errorf("shape of %s has bounds %+v", el, r)
		}
		bounds[el] = r
	}
	for _, e := range planes[0].kids(bpmnDINS, "BPMNEdge") {
		el := e.get("bpmnElement")
		ref("bpmnElement", el)
		if edges[el] != nil {
			t.Errorf("%s has two edges", el)
		}
		edges[el] = e
	}
	pool := parts[0].get("id")
	if s := shapes[pool]; s == nil || s.get("isHorizontal") != "true" {
		t.Errorf("the participant has no horizontal shape")
	}
	for _, ln := range lanes {
		id := ln.get("id")
		if s := shapes[id]; s == nil || s.get("isHorizontal") != "true" {
			t.Errorf("lane %s has no horizontal shape", id)
			continue
		}
		p, r := bounds[pool], bounds[id]
		if r.X < p.X || r.Y < p.Y || r.X+r.W > p.X+p.W+0.01 || r.Y+r.H > p.Y+p.H+0.01 {
			t.Errorf("lane %s %+v is not inside the pool %+v", id, r, p)
		}
	}
	for i, n := range nodes {
		id := n.get("id")
		s := shapes[id]
		if s == nil {
			t.Errorf("node %s has no shape", id)
			continue
		}
		if m.Nodes[i].Kind.IsGateway() != (s.get("isMarkerVisible") == "true") {
			t.Errorf("node %s: isMarkerVisible=%q", id, s.get("isMarkerVisible"))
		}
	}
	onBorder := func(p process.Point, r process.Rect) bool {
		const eps = 0.6
		in := p.X >= r.X-eps && p.X <= r.X+r.W+eps && p.Y >= r.Y-eps && p.Y <= r.Y+r.H+eps
		edge := math.Abs(p.X-r.X) < eps || math.Abs(p.X-r.X-r.W) < eps || math.Abs(p.Y-r.Y) < eps || math.Abs(p.Y-r.Y-r.H) < eps
		// A flow may also leave a diamond or circle by a port on its outline.
		cx, cy := r.X+r.W/2, r.Y+r.H/2
		diamond := math.Abs(math.Abs(p.X-cx)/(r.W/2)+math.Abs(p.Y-cy)/(r.H/2)-1) < 0.02
		circle := math.Abs(math.Hypot(p.X-cx, p.Y-cy)-r.W/2) < eps
		return in && (edge || diamond || circle)
	}
	for i, f := range flows {
		id := f.get("id")
		e := edges[id]
		if e == nil {
			t.Errorf("flow %s has no edge", id)
			continue
		}
		wps := e.kids(bpmnDDINS, "waypoint")
		if len(wps) < 2 {
			t.Errorf("flow %s has %d waypoints", id, len(wps))
			continue
		}
		first := process.Point{X: num(wps[0], "x"), Y: num(wps[0], "y")}
		last := process.Point{X: num(wps[len(wps)-1], "x"), Y: num(wps[len(wps)-1], "y")}
		if !onBorder(first, bounds[f.get("sourceRef")]) {
			t.Errorf("flow %s starts at %+v, not on its source's border %+v", id, first, bounds[f.get("sourceRef")])
		}
		if !onBorder(last, bounds[f.get("targetRef")]) {
			t.Errorf("flow %s ends at %+v, not on its target's border %+v", id, last, bounds[f.get("targetRef")])
		}
		if labels := e.kids(bpmnDINS, "BPMNLabel"); (len(labels) == 1) != (m.Flows[i].Label != "") {
			t.Errorf("flow %s (label %q) has %d BPMNLabels", id, m.Flows[i].Label, len(labels))
		}
	}
	if len(shapes) != 1+len(lanes)+len(nodes)+len(m.Pains) || len(edges) != len(flows) {
		t.Errorf("want %d shapes and %d edges, got %d and %d", 1+len(lanes)+len(nodes)+len(m.Pains), len(flows), len(shapes), len(edges))
	}
}

func TestProcessBPMNStructure(t *testing.T) {
	for name, m := range map[string]*process.Map{"quote": bpmnQuoteMap(t), "tricky": bpmnTrickyMap(), "big": bpmnBigMap(120, 9)} {
		for lname, l := range bpmnLayouts(m) {
			t.Run(name+"/"+lname, func(t *testing.T) {
				bpmnCheckStructure(t, m, bpmnExport(t, m, l))
			})
		}
	}
}

func TestProcessBPMNEscaping(t *testing.T) {
	m := bpmnQuoteMap(t)
	out := string(bpmnExport(t, m, bpmnGridLayout(m)))
	for _, want := range []string{
		`name="报价审批 Quote approval &amp; &lt;review&gt;"`,
		`name="纸质签字 &lt;sign&gt; &amp; &#34;stamp&#34;"`,
		`name="折扣&gt;10%?"`,
		`<bpmn:documentation>销售报价从询价到发送的流程 &#34;含折扣审批&#34;</bpmn:documentation>`,
		`<bpmn:documentation>痛点: F-001, F-002; 需求: REQ-004` + "\n" + `用 Excel 模板</bpmn:documentation>`,
		`<bpmn:documentation>需求: REQ-007` + "\n" + `痛点: F-009 (a note, not a reference)</bpmn:documentation>`,
		`<bpmn:documentation>备注: 需求: REQ-001</bpmn:documentation>`,
		`<bpmn:lane id="Swimlane_erp" name="ERP" crmflow:system="true">`,
		`<bpmn:lane id="Swimlane__x7ECF__x7406_" name="销售经理 Sales manager">`,
		`<bpmn:userTask id="Node__x5EFA__x62A5__x4EF7_" name="创建报价 Create quote">`,
		`<bpmn:process id="Process_1" name="报价审批 Quote approval &amp; &lt;review&gt;" isExecutable="false" crmflow:variant="to-be">`,
		`<bpmn:sequenceFlow id="Flow_3" name="是" sourceRef="Node_discount" targetRef="Node_approve" />`,
		`<bpmndi:BPMNShape id="Shape_Node_discount" bpmnElement="Node_discount" isMarkerVisible="true">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %s", want)
		}
	}
	tm := bpmnTrickyMap()
	out = string(bpmnExport(t, tm, bpmnGridLayout(tm)))
	for _, want := range []string{
		`name="tab&#x9;and &#39;quotes&#39; &#34;here&#34;"`,
		`<bpmn:documentation>痛点: F-004` + "\n" + `备注: 痛点: F-002; 需求: REQ-003</bpmn:documentation>`,
		`<bpmn:documentation>备注: 备注: already tagged</bpmn:documentation>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %s", want)
		}
	}
}

func TestProcessBPMNIDs(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"approve", "Node_approve"},
		{"审批", "Node__x5BA1__x6279_"},
		{"s-1_2", "Node_s-1_2"},
		{"_x4E2D_", "Node__x005F_x4E2D_"},
		{"_x4e2d_", "Node__x4e2d_"},   // lower-case hex is no escape
		{"_xD800_", "Node__xD800_"},   // nor a surrogate
		{"_x12345_", "Node__x12345_"}, // nor five digits
		{"𠀀", "Node__x020000_"},
		{"a b", "Node_a_x0020_b"},
	} {
		got := bpmnEncodeID(bpmnNodePrefix, c.id)
		if got != c.want {
			t.Errorf("encode %q = %q, want %q", c.id, got, c.want)
		}
		if back, ok := bpmnDecodeID(bpmnNodePrefix, got); !ok || back != c.id {
			t.Errorf("decode %q = %q, %v; want %q", got, back, ok, c.id)
		}
	}
	// Every string survives, and encodes to an ASCII NCName.
	for _, s := range []string{"", "_", "__", "_x", "_x0041", "_x0041_", "_x_x0041__", "x_x005F_", "\U0010FFFF", "é", "a.b", "-", "Node_", "Swimlane_x"} {
		enc := bpmnEncodeID(bpmnLanePrefix, s)
		if !bpmnNCName.MatchString(enc) {
			t.Errorf("encode %q = %q, not an ASCII NCName", s, enc)
		}
		if back, _ := bpmnDecodeID(bpmnLanePrefix, enc); back != s && s != "" {
			t.Errorf("%q → %q → %q", s, enc, back)
		}
	}
	// IDs from other tools become DSL IDs, unique among lanes and among
	// nodes; a prefix-looking ID that does not decode to a DSL ID is kept.
	for _, c := range []struct{ in, want string }{
		{"Activity_0x9k2m1", "Activity_0x9k2m1"},
		{"sid-1D2C-44", "sid-1D2C-44"},
		{"_6-61", "_6-61"},
		{"1abc", "n1abc"},
		{"a.b:c", "a_b_c"},
		{"Node_1abc", "Node_1abc"}, // "1abc" is no DSL ID
		{"Node__x0031_", "Node__x0031_"},
		{"Node_ok", "ok"},
		{strings.Repeat("长", 80), strings.Repeat("长", 64)},
	} {
		rd := &bpmnReader{usedNode: map[string]bool{}}
		if got := rd.nodeID(c.in); got != c.want || !process.IsID(got) {
			t.Errorf("nodeID(%q) = %q, want %q (a valid ID)", c.in, got, c.want)
		}
	}
	rd := &bpmnReader{usedNode: map[string]bool{}}
	long := strings.Repeat("x", 70)
	for i, want := range []string{"a", "a-2", "a-3"} {
		if got := rd.nodeID("a"); got != want {
			t.Errorf("nodeID(a) #%d = %q, want %q", i+1, got, want)
		}
	}
	a, b := rd.nodeID(long), rd.nodeID(long)
	if a == b || !process.IsID(a) || !process.IsID(b) {
		t.Errorf("long IDs: %q and %q", a, b)
	}
}

func TestProcessBPMNDocumentation(t *testing.T) {
	for _, c := range []struct {
		doc            string
		findings, reqs []string
		note           string
	}{
		{"痛点: F-001, F-2; 需求: REQ-4", []string{"F-001", "F-002"}, []string{"REQ-004"}, ""},
		{"Findings: F-1 F-1\nRequirements：req-7、REQ-008", []string{"F-001"}, []string{"REQ-007", "REQ-008"}, ""},
		{"需求: F-3, REQ-1", []string{"F-003"}, []string{"REQ-001"}, ""}, // sorted by what they are
		{"需求: 客户希望更快", nil, nil, "需求: 客户希望更快"},
		{"第一行\n\n  第二行  \n痛点: F-9", []string{"F-009"}, nil, "第一行 / 第二行"},
		{"备注: 痛点: F-1", nil, nil, "痛点: F-1"},
		{"备注：x", nil, nil, "x"},
		{"痛点:", nil, nil, "痛点:"},
	} {
		f, r, note := bpmnReadDoc(c.doc)
		if !reflect.DeepEqual(f, c.findings) || !reflect.DeepEqual(r, c.reqs) || note != c.note {
			t.Errorf("bpmnReadDoc(%q) = %q, %q, %q; want %q, %q, %q", c.doc, f, r, note, c.findings, c.reqs, c.note)
		}
	}
}

// ---- other tools' files ----

func bpmnReadFixture(t *testing.T, name string) *process.Map {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "bpmn", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read(name, f)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return m
}

func bpmnNodes(lane string, nodes ...process.Node) []process.Node {
	for i := range nodes {
		if nodes[i].Lane == "" {
			nodes[i].Lane = lane
		}
		if nodes[i].Findings == nil {
			nodes[i].Findings = []string{}
		}
		if nodes[i].Reqs == nil {
			nodes[i].Reqs = []string{}
		}
	}
	return nodes
}

// TestProcessBPMNReadBpmnIO reads a diagram in the shape bpmn.io saves it:
// bpmn: prefix, a collaboration with one participant, a laneSet, generated
// IDs, flows between the nodes, a text annotation, DI with labels.
func TestProcessBPMNReadBpmnIO(t *testing.T) {
	got := bpmnReadFixture(t, "bpmnio_returns.bpmn")
	cs, wh, fin := "Lane_0p1o7rc", "Lane_1k2j3h4", "Lane_0z9x8c7"
	want := &process.Map{
		Name: "客户退货处理", Variant: process.AsIs,
		Lanes: []process.Lane{{ID: cs, Name: "客服 Customer service"}, {ID: wh, Name: "仓库 Warehouse"}, {ID: fin, Name: "财务 Finance"}},
		Nodes: bpmnNodes("",
			process.Node{ID: "StartEvent_1", Kind: process.Start, Label: "客户申请退货", Lane: cs},
			process.Node{ID: "Activity_0x9k2m1", Kind: process.User, Label: "登记退货申请", Lane: cs,
				Findings: []string{"F-012", "F-013"}, Note: "每月约 300 单"},
			process.Node{ID: "Gateway_1qk3j8d", Kind: process.XOR, Label: "在退货期内?", Lane: cs},
			process.Node{ID: "Activity_17hg2ka", Kind: process.Task, Label: "通知客户 拒绝退货", Lane: cs},
			process.Node{ID: "Event_1y2u3i4", Kind: process.End, Label: "已拒绝", Lane: cs},
			process.Node{ID: "Activity_0zxc987", Kind: process.System, Label: "发送退款通知", Lane: cs, Note: "BPMN: sendTask"},
			process.Node{ID: "Activity_1m2n3b4", Kind: process.Manual, Label: "验收退货商品", Lane: wh,
				Reqs: []string{"REQ-021"}, Note: "纸质验收单"},
			process.Node{ID: "Activity_0rt5y6u", Kind: process.System, Label: "ERP 生成退款单", Lane: fin},
			process.Node{ID: "Gateway_0a1s2d3", Kind: process.AND, Lane: fin},
			process.Node{ID: "Activity_1qwe234", Kind: process.User, Label: "退款到账", Lane: fin},
			process.Node{ID: "Gateway_1poi098", Kind: process.AND, Lane: fin},
			process.Node{ID: "Event_0j5l1mx", Kind: process.End, Label: "退款完成", Lane: fin},
		),
		Flows: []process.Flow{
			{From: "StartEvent_1", To: "Activity_0x9k2m1"},
			{From: "Activity_0x9k2m1", To: "Gateway_1qk3j8d"},
			{From: "Gateway_1qk3j8d", To: "Activity_1m2n3b4", Label: "是"},
			{From: "Gateway_1qk3j8d", To: "Activity_17hg2ka", Label: "否"},
			{From: "Activity_17hg2ka", To: "Event_1y2u3i4"},
			{From: "Activity_1m2n3b4", To: "Activity_0rt5y6u"},
			{From: "Activity_0rt5y6u", To: "Gateway_0a1s2d3"},
			{From: "Gateway_0a1s2d3", To: "Activity_1qwe234"},
			{From: "Gateway_0a1s2d3", To: "Activity_0zxc987"},
			{From: "Activity_1qwe234", To: "Gateway_1poi098"},
			{From: "Activity_0zxc987", To: "Gateway_1poi098"},
			{From: "Gateway_1poi098", To: "Event_0j5l1mx"},
		},
	}
	bpmnSameMap(t, "bpmnio_returns.bpmn", want, got)
	if err := process.Check("bpmnio_returns.bpmn", got); err != nil {
		t.Errorf("the map read from bpmn.io's file fails process.Check: %v", err)
	}
	// And it goes out and back in unchanged.
	again, err := Read("again.bpmn", bytes.NewReader(bpmnExport(t, got, nil)))
	if err != nil {
		t.Fatal(err)
	}
	bpmnSameMap(t, "re-export of bpmnio_returns.bpmn", got, again)
}

// TestProcessBPMNReadCamunda reads a Camunda Modeler diagram with what the
// DSL has no kind for: nested lanes, script/business-rule/send/receive
// tasks, a sub-process, a call activity, intermediate and boundary events, an
// inclusive gateway, a pool without lanes, a black-box pool and message flows.
func TestProcessBPMNReadCamunda(t *testing.T) {
	got := bpmnReadFixture(t, "camunda_orders.bpmn")
	rep, mgr, ops, wms := "Lane_rep", "Lane_mgr", "Lane_ops", "Participant_1wms"
	want := &process.Map{
		Name: "订单履约 Order fulfilment", Variant: process.AsIs, Description: "从下单到发货",
		Lanes: []process.Lane{{ID: rep, Name: "销售部 / 销售代表"}, {ID: mgr, Name: "销售部 / 销售经理"}, {ID: ops, Name: "运营"}, {ID: wms, Name: "仓储系统 WMS"}},
		Nodes: bpmnNodes("",
			process.Node{ID: "StartEvent_order", Kind: process.Start, Label: "收到订单", Lane: rep},
			process.Node{ID: "Activity_score", Kind: process.System, Label: "计算信用分", Lane: rep, Note: "BPMN: scriptTask"},
			process.Node{ID: "Activity_rule", Kind: process.System, Label: "折扣规则", Lane: rep, Note: "BPMN: businessRuleTask"},
			process.Node{ID: "Gateway_incl", Kind: process.XOR, Label: "需要哪些审批?", Lane: rep, Note: "BPMN: inclusiveGateway"},
			process.Node{ID: "Event_wait", Kind: process.Task, Label: "等待付款", Lane: rep, Note: "BPMN: intermediateCatchEvent (message)"},
			process.Node{ID: "Activity_confirm", Kind: process.Task, Label: "收到签收", Lane: rep, Note: "BPMN: receiveTask"},
			process.Node{ID: "Activity_invoice", Kind: process.Task, Label: "开票", Lane: rep, Note: "BPMN: callActivity → invoicing"},
			process.Node{ID: "Event_notify", Kind: process.Task, Label: "通知客户", Lane: rep, Note: "BPMN: intermediateThrowEvent (message)"},
			process.Node{ID: "Event_end", Kind: process.End, Label: "订单完成", Lane: rep},
			process.Node{ID: "Activity_approve", Kind: process.User, Label: "经理审批", Lane: mgr},
			process.Node{ID: "Event_timeout", Kind: process.Task, Label: "48 小时未审批", Lane: mgr, Note: "BPMN: boundaryEvent (timer)"},
			process.Node{ID: "Activity_escalate", Kind: process.Task, Label: "升级处理", Lane: mgr},
			process.Node{ID: "Activity_send", Kind: process.System, Label: "发送拣货指令", Lane: ops, Note: "BPMN: sendTask"},
			process.Node{ID: "Activity_ship", Kind: process.Task, Label: "发货", Lane: ops, Note: "BPMN: subProcess; its inner steps are not imported"},
			process.Node{ID: "Activity_pick", Kind: process.User, Label: "拣货", Lane: wms},
			process.Node{ID: "Event_picked", Kind: process.End, Label: "拣货完成", Lane: wms},
		),
		Flows: []process.Flow{
			{From: "Activity_approve", To: "Event_timeout"},
			{From: "StartEvent_order", To: "Activity_score"},
			{From: "Activity_score", To: "Activity_rule"},
			{From: "Activity_rule", To: "Gateway_incl"},
			{From: "Gateway_incl", To: "Activity_approve", Label: "折扣>10%"},
			{From: "Gateway_incl", To: "Event_wait", Label: "无需审批"},
			{From: "Activity_approve", To: "Event_wait"},
			{From: "Event_timeout", To: "Activity_escalate"},
			{From: "Activity_escalate", To: "Event_wait"},
			{From: "Event_wait", To: "Activity_send"},
			{From: "Activity_send", To: "Activity_ship"},
			{From: "Activity_ship", To: "Activity_confirm"},
			{From: "Activity_confirm", To: "Activity_invoice"},
			{From: "Activity_invoice", To: "Event_notify"},
			{From: "Event_notify", To: "Event_end"},
			{From: "Activity_pick", To: "Event_picked"},
			{From: "Activity_send", To: "Activity_pick", Label: "拣货指令"},
		},
	}
	bpmnSameMap(t, "camunda_orders.bpmn", want, got)
	if err := process.Check("camunda_orders.bpmn", got); err != nil {
		t.Errorf("the map read from Camunda's file fails process.Check: %v", err)
	}
}

// TestProcessBPMNReadPlain reads files without a collaboration or lanes, with
// the BPMN namespace as the default one or under another prefix.
func TestProcessBPMNReadPlain(t *testing.T) {
	const plain = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="p" name="简单流程">
    <startEvent id="s" />
    <userTask id="t1" />
    <exclusiveGateway id="g" />
    <eventBasedGateway id="eg" name="等哪个先到" />
    <endEvent id="e" />
    <sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <sequenceFlow id="f2" sourceRef="t1" targetRef="g" />
    <sequenceFlow id="f3" name="  多
行  " sourceRef="g" targetRef="eg" />
    <sequenceFlow id="f4" sourceRef="eg" targetRef="e" />
  </process>
</definitions>`
	got, err := Read("plain.bpmn", strings.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	want := &process.Map{Name: "简单流程", Variant: process.AsIs,
		Lanes: []process.Lane{{ID: "Lane", Name: "Lane"}},
		Nodes: bpmnNodes("Lane",
			process.Node{ID: "s", Kind: process.Start},
			process.Node{ID: "t1", Kind: process.User, Label: "t1"},
			process.Node{ID: "g", Kind: process.XOR},
			process.Node{ID: "eg", Kind: process.XOR, Label: "等哪个先到", Note: "BPMN: eventBasedGateway"},
			process.Node{ID: "e", Kind: process.End},
		),
		Flows: []process.Flow{{From: "s", To: "t1"}, {From: "t1", To: "g"}, {From: "g", To: "eg", Label: "多 行"}, {From: "eg", To: "e"}},
	}
	bpmnSameMap(t, "plain.bpmn", want, got)

	// A "semantic:" prefix, a BOM, participants without lanes, no names: the
	// map is named after the file; a lane from a participant without a name
	// is named after its ID.
	const other = "\xEF\xBB\xBF" + `<?xml version="1.0" encoding="UTF-8"?>
<semantic:definitions xmlns:semantic="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x" xmlns:crmflow="https://github.com/crmflow/crmflow/bpmn">
  <semantic:collaboration id="c">
    <semantic:participant id="pa" processRef="p1" />
    <semantic:participant id="pb" name="  乙方 " processRef="p2" />
  </semantic:collaboration>
  <semantic:process id="p1" crmflow:variant="to-be">
    <semantic:task id="a" name="A" />
  </semantic:process>
  <semantic:process id="p2">
    <semantic:task id="a-2" name="B" />
    <semantic:complexGateway id="x.y" />
    <semantic:task id="a_x" name="C" />
  </semantic:process>
</semantic:definitions>`
	got, err = Read(filepath.Join("some", "dir", "订单.v2.bpmn"), strings.NewReader(other))
	if err != nil {
		t.Fatal(err)
	}
	want = &process.Map{Name: "订单.v2", Variant: process.ToBe,
		Lanes: []process.Lane{{ID: "pa", Name: "pa"}, {ID: "pb", Name: "乙方"}},
		Nodes: bpmnNodes("",
			process.Node{ID: "a", Kind: process.Task, Label: "A", Lane: "pa"},
			process.Node{ID: "a-2", Kind: process.Task, Label: "B", Lane: "pb"},
			process.Node{ID: "x_y", Kind: process.XOR, Lane: "pb", Note: "BPMN: complexGateway"},
			process.Node{ID: "a_x", Kind: process.Task, Label: "C", Lane: "pb"},
		),
		Flows: []process.Flow{},
	}
	bpmnSameMap(t, "other.bpmn", want, got)

	// Clashing IDs after sanitising stay unique; an extension element's id
	// is its own business.
	const clash = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="p"><bpmn:task id="a.b" name="1"><bpmn:extensionElements><x:field xmlns:x="urn:x" id="a.b"/></bpmn:extensionElements></bpmn:task><bpmn:task id="a:b" name="2"/><bpmn:task id="a_b" name="3"/></bpmn:process>
</bpmn:definitions>`
	got, err = Read("clash.bpmn", strings.NewReader(clash))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range got.Nodes {
		ids = append(ids, n.ID)
	}
	if want := []string{"a_b", "a_b-2", "a_b-3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs %q, want %q", ids, want)
	}
}

// ---- errors ----

func TestProcessBPMNReadErrors(t *testing.T) {
	const head = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">`
	const tail = `</bpmn:definitions>`
	deep := head + `<bpmn:process id="p">` + strings.Repeat("<bpmn:extensionElements>", 200) + strings.Repeat("</bpmn:extensionElements>", 200) + `</bpmn:process>` + tail
	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"><bpmn:task id="t" name="&lol9;"/></bpmn:process></bpmn:definitions>`
	external := `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + head + `<bpmn:process id="p"><bpmn:task id="t" name="&x;"/></bpmn:process>` + tail
	many := head + `<bpmn:process id="p">` + strings.Repeat("<bpmn:task/>", bpmnMaxElements) + `</bpmn:process>` + tail
	for _, c := range []struct {
		name, src, want string
	}{
		{"empty", "", "empty"},
		{"not XML", "process \"x\" as-is\nlane a \"A\" {", "it is not XML"},
		{"binary", "PK\x03\x04\x00\x00garbage", "not well-formed XML"},
		{"wrong root", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`, "root element is <svg>"},
		{"wrong namespace", `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/XSD"/>`, `namespace "http://www.omg.org/spec/BPMN/20100524/XSD"`},
		{"no namespace", `<definitions><process id="p"/></definitions>`, `namespace ""`},
		{"no process", head + `<bpmn:collaboration id="c"/>` + tail, "no <bpmn:process>"},
		{"broken", head + `<bpmn:process id="p"><bpmn:task id="t">` + tail, "line 1: the XML is broken"},
		{"flow to unknown", head + `<bpmn:process id="p"><bpmn:task id="t"/>
<bpmn:sequenceFlow id="f" sourceRef="t" targetRef="nowhere"/></bpmn:process>` + tail, `line 2: the sequence flow "f" connects "nowhere", which is not in the file`},
		{"flow to non-node", head + `<bpmn:process id="p"><bpmn:task id="t"/><bpmn:dataObject id="d1"/>
<bpmn:sequenceFlow id="f" sourceRef="d1" targetRef="t"/></bpmn:process>` + tail, `connects "d1", which is not a step`},
		{"flow without ends", head + `<bpmn:process id="p"><bpmn:task id="t"/><bpmn:sequenceFlow id="f" sourceRef="t"/></bpmn:process>` + tail, `has no sourceRef or targetRef`},
		{"node without id", head + `<bpmn:process id="p"><bpmn:task name="x"/></bpmn:process>` + tail, `a <task> has no id`},
		{"duplicate id", head + `<bpmn:process id="p"><bpmn:task id="t"/>
<bpmn:task id="t"/></bpmn:process>` + tail, `line 2: the id "t" is used twice (also on line 1)`},
		{"boundary on nothing", head + `<bpmn:process id="p"><bpmn:boundaryEvent id="b" attachedToRef="zz"/></bpmn:process>` + tail, `attached to "zz"`},
		{"deep", deep, "nested more than 128 deep"},
		{"billion laughs", laughs, "<!DOCTYPE declaration"},
		{"external entity", external, "<!DOCTYPE declaration"},
		{"undeclared entity", head + `<bpmn:process id="p"><bpmn:task id="t" name="&lol;"/></bpmn:process>` + tail, "invalid character entity &lol;"},
		{"too many elements", many, "more than 100000 elements"},
		{"GBK", `<?xml version="1.0" encoding="GBK"?>` + head[len(`<?xml version="1.0"?>`):] + tail, "encoded as GBK"},
		{"two roots", head + tail + head + tail, "second root"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Read("in.bpmn", strings.NewReader(c.src))
			if err == nil {
				t.Fatalf("no error; map %+v", m)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "in.bpmn: ") || !strings.Contains(msg, c.want) {
				t.Errorf("error %q, want one naming in.bpmn and saying %q", msg, c.want)
			}
			if crmflow.ErrorCode(err) != crmflow.EINVALID {
				t.Errorf("error code %q, want %q", crmflow.ErrorCode(err), crmflow.EINVALID)
			}
			var re *report.ReadError
			if !errors.As(err, &re) || re.File != "in.bpmn" {
				t.Errorf("not a *report.ReadError for in.bpmn: %#v", err)
			}
		})
	}
}

// TestProcessBPMNReadHuge refuses a file over 20 MiB without reading all of
// it.
func TestProcessBPMNReadHuge(t *testing.T) {
	r := &bpmnCountingReader{r: io.MultiReader(strings.NewReader(`<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><!--`),
		bpmnZeros{})}
	_, err := Read("huge.bpmn", r)
	if err == nil || !strings.Contains(err.Error(), "huge.bpmn: the file is over 20 MiB") {
		t.Fatalf("error %v", err)
	}
	if r.n > bpmnMaxFile+64<<10 {
		t.Errorf("read %d bytes of a huge file", r.n)
	}
	// Just under the limit is read (and found wanting for another reason).
	under := `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><!--` +
		strings.Repeat(" ", bpmnMaxFile-200) + `--></bpmn:definitions>`
	if _, err := Read("under.bpmn", strings.NewReader(under)); err == nil || !strings.Contains(err.Error(), "no <bpmn:process>") {
		t.Fatalf("error %v", err)
	}
}

type bpmnZeros struct{}

func (bpmnZeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

type bpmnCountingReader struct {
	r io.Reader
	n int
}

func (c *bpmnCountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

type bpmnFailingReader struct{}

func (bpmnFailingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestProcessBPMNReadIOError(t *testing.T) {
	_, err := Read("x.bpmn", bpmnFailingReader{})
	if err == nil || !strings.Contains(err.Error(), "x.bpmn: cannot read it: disk on fire") {
		t.Fatalf("error %v", err)
	}
}

func TestProcessBPMNExportErrors(t *testing.T) {
	good := bpmnQuoteMap(t)
	for _, c := range []struct {
		name string
		edit func(m *process.Map, l *process.Layout) *process.Layout
		want string
	}{
		{"unknown kind", func(m *process.Map, l *process.Layout) *process.Layout {
			m.Nodes[1].Kind = "subprocess"
			return l
		}, `unknown kind "subprocess"`},
		{"duplicate node", func(m *process.Map, l *process.Layout) *process.Layout {
			m.Nodes[2].ID = m.Nodes[1].ID
			return l
		}, "two steps have the ID"},
		{"duplicate lane", func(m *process.Map, l *process.Layout) *process.Layout {
			m.Lanes[1].ID = m.Lanes[0].ID
			return l
		}, "two lanes have the ID"},
		{"flow to unknown", func(m *process.Map, l *process.Layout) *process.Layout {
			m.Flows[0].To = "nowhere"
			return l
		}, `names the step "nowhere"`},
		{"layout without a node", func(m *process.Map, l *process.Layout) *process.Layout {
			l.Nodes = l.Nodes[1:]
			return l
		}, "the layout has no shape for the step"},
		{"layout without a lane", func(m *process.Map, l *process.Layout) *process.Layout {
			l.Lanes = l.Lanes[1:]
			return l
		}, "the layout has no band for the lane"},
		{"NaN", func(m *process.Map, l *process.Layout) *process.Layout {
			l.Nodes[0].Box.X = math.NaN()
			return l
		}, "not a number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := bpmnCloneMap(good)
			l := c.edit(m, bpmnGridLayout(good))
			err := Write(io.Discard, m, l)
			if err == nil || !strings.Contains(err.Error(), c.want) || crmflow.ErrorCode(err) != crmflow.EINVALID {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
		})
	}
	if err := Write(io.Discard, nil, nil); err == nil {
		t.Error("no error for a nil map")
	}
	// A layout without edges still gives every flow a drawn edge.
	l := bpmnGridLayout(good)
	l.Edges = nil
	bpmnCheckStructureLoose(t, good, bpmnExport(t, good, l))
	// A writer that fails.
	if err := Write(bpmnFailingWriter{}, good, bpmnGridLayout(good)); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v", err)
	}
}

// bpmnCheckStructureLoose checks that every flow has an edge of ≥ 2 waypoints.
func bpmnCheckStructureLoose(t *testing.T, m *process.Map, out []byte) {
	t.Helper()
	if n := bytes.Count(out, []byte("<bpmndi:BPMNEdge ")); n != len(m.Flows) {
		t.Errorf("%d edges for %d flows", n, len(m.Flows))
	}
	if n := bytes.Count(out, []byte("<di:waypoint ")); n < 2*len(m.Flows) {
		t.Errorf("%d waypoints for %d flows", n, len(m.Flows))
	}
}

type bpmnFailingWriter struct{}

func (bpmnFailingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func bpmnCloneMap(m *process.Map) *process.Map {
	c := *m
	c.Lanes = append([]process.Lane(nil), m.Lanes...)
	c.Flows = append([]process.Flow(nil), m.Flows...)
	c.Nodes = nil
	for _, n := range m.Nodes {
		n.Findings = append([]string(nil), n.Findings...)
		n.Reqs = append([]string(nil), n.Reqs...)
		c.Nodes = append(c.Nodes, n)
	}
	return &c
}

// ---- bpmn-moddle, as bpmn.io and Camunda Modeler load files ----

// bpmnChecker is testdata/bpmncheck installed (npm ci) into a cache
// directory keyed by its files' hash, so it installs once per machine.
var bpmnChecker struct {
	once sync.Once
	dir  string
	err  error
}

// needBPMNCheck returns the directory with check.mjs and its node_modules,
// installing it on first use. It skips the test when node or npm is missing,
// unless CRMFLOW_REQUIRE_READERS is set.
func needBPMNCheck(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CRMFLOW_REQUIRE_READERS") != "" {
				t.Fatalf("%s is not installed, and CRMFLOW_REQUIRE_READERS is set: .ci/run should have installed it (apt: nodejs npm)", tool)
			}
			t.Skipf("%s is not installed; skipping the bpmn-moddle check (apt: nodejs npm)", tool)
		}
	}
	bpmnChecker.once.Do(func() { bpmnChecker.dir, bpmnChecker.err = installBPMNCheck(t) })
	if bpmnChecker.err != nil {
		t.Fatalf("installing the bpmn-moddle checker: %v", bpmnChecker.err)
	}
	return bpmnChecker.dir
}

func installBPMNCheck(t *testing.T) (string, error) {
	src := filepath.Join("testdata", "bpmncheck")
	files := []string{"package.json", "package-lock.json", "check.mjs"}
	h := sha256.New()
	contents := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return "", err
		}
		contents[f] = b
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	base = filepath.Join(base, "crmflow-bpmncheck")
	dir := filepath.Join(base, hex.EncodeToString(h.Sum(nil))[:16])
	ready := func() bool {
		_, err := os.Stat(filepath.Join(dir, "node_modules", "bpmn-moddle", "package.json"))
		return err == nil
	}
	if ready() {
		return dir, nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(base, "install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f), contents[f], 0o644); err != nil {
			return "", err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci: %v\n%s", err, out)
	}
	t.Logf("installed the bpmn-moddle checker into %s in %v", dir, time.Since(start).Round(time.Millisecond))
	if err := os.Rename(tmp, dir); err != nil && !ready() {
		return "", err
	}
	return dir, nil
}

type bpmnCheckResult struct {
	File      string         `json:"file"`
	Error     string         `json:"error"`
	Warnings  []string       `json:"warnings"`
	Counts    map[string]int `json:"counts"`
	MissingDI []string       `json:"missingDI"`
	Saved     []byte         `json:"-"` // what bpmn-moddle writes back, with resave
}

// bpmnModdle runs check.mjs once over the files (name → content) and returns
// its result per name. With resave it also returns what bpmn-moddle writes
// back when it saves (as bpmn.io does).
func bpmnModdle(t *testing.T, dir string, files map[string][]byte, resave bool) map[string]*bpmnCheckResult {
	t.Helper()
	tmp := t.TempDir()
	args := []string{"check.mjs"}
	if resave {
		args = append(args, "--resave")
	}
	byPath := map[string]string{}
	for name, data := range files {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
		byPath[p] = name
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("check.mjs timed out: %s", stderr.Bytes())
	}
	res := map[string]*bpmnCheckResult{}
	for _, line := range bytes.Split(bytes.TrimSpace(stdout), []byte("\n")) {
		var r bpmnCheckResult
		if jerr := json.Unmarshal(line, &r); jerr != nil || byPath[r.File] == "" {
			t.Fatalf("check.mjs: %v (%v)\nstdout: %s\nstderr: %s", err, jerr, stdout, stderr.Bytes())
		}
		if resave && r.Error == "" {
			if r.Saved, err = os.ReadFile(r.File + ".saved"); err != nil {
				t.Fatal(err)
			}
		}
		res[byPath[r.File]] = &r
	}
	if len(res) != len(files) {
		t.Fatalf("check.mjs reported on %d of %d files\nstdout: %s\nstderr: %s", len(res), len(files), stdout, stderr.Bytes())
	}
	return res
}

func TestProcessBPMNModdle(t *testing.T) {
	dir := needBPMNCheck(t)
	maps := map[string]*process.Map{"quote.bpmn": bpmnQuoteMap(t), "tricky.bpmn": bpmnTrickyMap(), "big.bpmn": bpmnBigMap(300, 12)}
	fixtures := []string{"bpmnio_returns.bpmn", "camunda_orders.bpmn"}
	files := map[string][]byte{}
	for name, m := range maps {
		files[name] = bpmnExport(t, m, nil)
	}
	for _, name := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", "bpmn", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	start := time.Now()
	results := bpmnModdle(t, dir, files, true)
	t.Logf("bpmn-moddle checked %d files in %v", len(files), time.Since(start).Round(time.Millisecond))
	for name := range files {
		res := results[name]
		t.Run(name, func(t *testing.T) {
			if res.Error != "" {
				t.Fatalf("bpmn-moddle cannot load it: %s; warnings: %q", res.Error, res.Warnings)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("bpmn-moddle warns: %q", res.Warnings)
			}
			if len(res.MissingDI) > 0 {
				t.Errorf("drawn without a shape or edge: %q", res.MissingDI)
			}
			m := maps[name]
			if m == nil {
				return // a fixture
			}
			labelled := 0
			for _, f := range m.Flows {
				if f.Label != "" {
					labelled++
				}
			}
			want := map[string]int{
				"participants": 1, "processes": 1, "lanes": len(m.Lanes),
				"flowNodes": len(m.Nodes), "sequenceFlows": len(m.Flows), "flowElements": len(m.Nodes) + len(m.Flows),
				"shapes": 1 + len(m.Lanes) + len(m.Nodes), "edges": len(m.Flows), "edgeLabels": labelled,
			}
			for k, v := range want {
				if res.Counts[k] != v {
					t.Errorf("bpmn-moddle counts %d %s, want %d", res.Counts[k], k, v)
				}
			}
			if res.Counts["waypoints"] < 2*len(m.Flows) {
				t.Errorf("%d waypoints for %d flows", res.Counts["waypoints"], len(m.Flows))
			}
			// What bpmn-moddle writes back (crmflow's attributes included)
			// reads back as the same map.
			if !bytes.Contains(res.Saved, []byte(`crmflow:variant=`)) {
				t.Errorf("bpmn-moddle dropped crmflow:variant when saving")
			}
			got, err := Read("saved.bpmn", bytes.NewReader(res.Saved))
			if err != nil {
				t.Fatalf("Read of the file bpmn-moddle saved: %v", err)
			}
			bpmnSameMap(t, "saved by bpmn-moddle", m, got)
		})
	}

	// The check does catch problems: an attribute without a namespace,
	// a dangling reference, an unknown element.
	t.Run("negative", func(t *testing.T) {
		out := string(files["quote.bpmn"])
		cases := []struct{ old, new, want string }{
			{` crmflow:system="true"`, ` system="true"`, "unknown attribute <system>"},
			{`<bpmn:flowNodeRef>Node_rfq</bpmn:flowNodeRef>`, `<bpmn:flowNodeRef>Node_nowhere</bpmn:flowNodeRef>`, "unresolved reference <Node_nowhere>"},
			{`<bpmn:laneSet id="LaneSet_1">`, `<bpmn:laneSet id="LaneSet_1"><bpmn:swimlane/>`, "unparsable content <bpmn:swimlane"},
		}
		bad := map[string][]byte{}
		for i, c := range cases {
			b := strings.Replace(out, c.old, c.new, 1)
			if b == out {
				t.Fatalf("%q is not in the export", c.old)
			}
			bad[fmt.Sprintf("bad%d.bpmn", i)] = []byte(b)
		}
		results := bpmnModdle(t, dir, bad, false)
		for i, c := range cases {
			res := results[fmt.Sprintf("bad%d.bpmn", i)]
			if !strings.Contains(strings.Join(res.Warnings, "\n"), c.want) {
				t.Errorf("bpmn-moddle does not warn %q on a broken file; warnings: %q", c.want, res.Warnings)
			}
		}
	})
}

// ---- fuzzing and benchmarks ----

// FuzzReadBPMN: Read never panics; what it returns is a valid map
// (unique valid IDs, nodes in lanes, flows between nodes) that goes out and
// back in unchanged.
func FuzzReadBPMN(f *testing.F) {
	// The fuzzer minimises each input that finds new code for up to
	// -fuzzminimizetime (60 s by default) before it fuzzes on, so a brief
	// -fuzztime run (CI gives this 15 s) would do nothing but minimise the
	// first one. Unless the flag is given, minimise for at most 2 s.
	bpmnLimitMinimize("2s")
	for _, m := range []*process.Map{bpmnSmallMap(), bpmnTrickyMap()} {
		f.Add(bpmnExport(f, m, bpmnGridLayout(m)))
	}
	for _, name := range []string{"bpmnio_returns.bpmn", "camunda_orders.bpmn"} {
		data, err := os.ReadFile(filepath.Join("testdata", "bpmn", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="a"/><task id="b"/><sequenceFlow id="f" sourceRef="a" targetRef="b" name="x"/></process></definitions>`))
	f.Add([]byte(`<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:collaboration id="c"><bpmn:participant id="P" name="p" processRef="p"/><bpmn:messageFlow id="m" sourceRef="a" targetRef="P"/></bpmn:collaboration>` +
		`<bpmn:process id="p"><bpmn:laneSet><bpmn:lane id="L"><bpmn:flowNodeRef>a</bpmn:flowNodeRef><bpmn:childLaneSet><bpmn:lane id="L2" name="x"/></bpmn:childLaneSet></bpmn:lane></bpmn:laneSet>` +
		`<bpmn:userTask id="a"><bpmn:documentation>痛点: F-1; 需求: REQ-2` + "\n" + `备注: x</bpmn:documentation></bpmn:userTask><bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:timerEventDefinition/></bpmn:boundaryEvent>` +
		`<bpmn:inclusiveGateway id="g"/><bpmn:textAnnotation id="t"><bpmn:text>n</bpmn:text></bpmn:textAnnotation><bpmn:association id="as" sourceRef="t" targetRef="g"/></bpmn:process></bpmn:definitions>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read("fuzz.bpmn", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.bpmn: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		bpmnValidMap(t, m)
		// What the import command does next: the map as DSL parses back to
		// itself (when its texts are within the DSL's limits).
		if bpmnWithinLimits(m) {
			again, _ := process.Parse("fuzz.flow", process.Format(m))
			bpmnSameMap(t, "Format → Parse", m, again)
		}
		out, err := func() ([]byte, error) {
			var b bytes.Buffer
			err := Write(&b, m, bpmnGridLayout(m))
			return b.Bytes(), err
		}()
		if err != nil {
			t.Fatalf("Write of a map Read returned: %v", err)
		}
		again, err := Read("again.bpmn", bytes.NewReader(out))
		if err != nil {
			t.Fatalf("Read of Write's output: %v", err)
		}
		bpmnSameMap(t, "fuzz round trip", m, again)
	})
}

func bpmnLimitMinimize(limit string) {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.fuzzminimizetime" })
	if fl := flag.Lookup("test.fuzzminimizetime"); fl != nil && !given {
		_ = fl.Value.Set(limit)
	}
}

// bpmnWithinLimits reports whether m's texts fit the DSL's limits.
func bpmnWithinLimits(m *process.Map) bool {
	n := utf8.RuneCountInString
	ok := n(m.Name) <= process.MaxLabelLen && n(m.Description) <= process.MaxDescLen
	for _, l := range m.Lanes {
		ok = ok && n(l.Name) <= process.MaxLabelLen
	}
	for _, nd := range m.Nodes {
		ok = ok && n(nd.Label) <= process.MaxLabelLen && n(nd.Note) <= process.MaxNoteLen && len(nd.Findings)+len(nd.Reqs) <= process.MaxRefs
	}
	for _, f := range m.Flows {
		ok = ok && n(f.Label) <= process.MaxLabelLen
	}
	return ok
}

func bpmnValidMap(t *testing.T, m *process.Map) {
	t.Helper()
	texts := []string{m.Name, m.Description}
	for _, l := range m.Lanes {
		texts = append(texts, l.Name)
	}
	for _, n := range m.Nodes {
		texts = append(texts, n.Label, n.Note)
	}
	for _, f := range m.Flows {
		texts = append(texts, f.Label)
	}
	for _, s := range texts {
		if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) >= 0 || s != strings.TrimSpace(s) {
			t.Fatalf("text %q is not one tidy line", s)
		}
	}
	lanes, nodes := map[string]bool{}, map[string]bool{}
	if len(m.Lanes) == 0 && len(m.Nodes) > 0 {
		t.Fatal("nodes without lanes")
	}
	for _, l := range m.Lanes {
		if !process.IsID(l.ID) || lanes[l.ID] || l.Name == "" {
			t.Fatalf("bad lane %+v", l)
		}
		lanes[l.ID] = true
	}
	for _, n := range m.Nodes {
		if !process.IsID(n.ID) || nodes[n.ID] || !lanes[n.Lane] || bpmnKindElement[n.Kind] == "" || n.Kind.IsTask() && n.Label == "" {
			t.Fatalf("bad node %+v", n)
		}
		if !utf8.ValidString(n.Label) || !utf8.ValidString(n.Note) {
			t.Fatalf("invalid UTF-8 in %+v", n)
		}
		nodes[n.ID] = true
	}
	for _, f := range m.Flows {
		if !nodes[f.From] || !nodes[f.To] {
			t.Fatalf("bad flow %+v", f)
		}
	}
}

// BenchmarkProcessBPMN300 exports a 300-step, 12-lane map laid out by
// process.Lay (the layout is made once, outside the timing).
func BenchmarkProcessBPMN300(b *testing.B) {
	m := bpmnBigMap(300, 12)
	l := process.Lay(m)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, m, l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessBPMN300WithLay times process.Lay and the export together,
// as "crmflow process export --format bpmn" runs them.
func BenchmarkProcessBPMN300WithLay(b *testing.B) {
	m := bpmnBigMap(300, 12)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, m, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessBPMN300Read reads that export back.
func BenchmarkProcessBPMN300Read(b *testing.B) {
	m := bpmnBigMap(300, 12)
	data := bpmnExport(b, m, process.Lay(m))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("big.bpmn", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
