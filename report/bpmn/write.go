// Package bpmn writes process maps as BPMN 2.0 with a diagram drawn from
// their layout (write.go), and reads BPMN files back into maps (read.go).
package bpmn

// BPMN 2.0 export and import of process maps.
//
// Write writes one collaboration with one participant (the pool, named
// after the map), one process (isExecutable="false") with a laneSet (one lane
// per map lane) and the steps, and a BPMNDiagram drawn from the map's Layout,
// so the file opens laid out in bpmn.io and Camunda Modeler. The pool's shape
// is the box around the lane bands plus a 30 px label band on their left, so
// it starts at x = -30 when the layout starts at 0. Read reads such a
// file back, and also diagrams drawn in bpmn.io or Camunda Modeler.
//
// IDs. BPMN IDs must be XML NCNames; DSL IDs may hold CJK letters. A node's
// BPMN ID is "Node_" + enc(id), a lane's "Swimlane_" + enc(id) (bpmn.io makes
// "Lane_…" IDs of its own; they must not decode), where enc keeps ASCII
// letters, digits, '-' and '.', and writes every other character as _xHHHH_
// (or _xHHHHHH_ beyond the BMP; upper-case hex), the scheme of .NET's
// XmlConvert.EncodeName. A '_' is kept as it is unless what follows it would
// read as such an escape, in which case it is written _x005F_. The result is
// ASCII, so tools that insist on [A-Za-z_][A-Za-z0-9_.-]* take it, and it
// decodes back to the same DSL ID: "审批" ⇄ "Node__x5BA1__x6279_". Flows have no
// DSL ID and are numbered Flow_1, Flow_2 … in map order; the other IDs are
// fixed (Definitions_1, Collaboration_1, Participant_1, Process_1, LaneSet_1,
// Diagram_1, Plane_1), and a diagram element's is "Shape_"/"Edge_" + its
// element's. On import, an ID with the prefix that decodes to a valid DSL ID
// (process.IsID) gives that ID; any other is sanitised: characters an ID
// cannot hold become '_', "n" goes before one that starts with a digit or
// '-', it is cut to process.MaxIDLen, and clashes get "-2", "-3" ….
//
// What BPMN has no place for goes where bpmn.io keeps it when it saves:
//   - findings and requirements, as the node's <bpmn:documentation>, e.g.
//     "痛点: F-001, F-002; 需求: REQ-004", then the node's note on the lines
//     after. A note line that would read as such a line, or that starts with
//     "备注:", is written after "备注: ". On import the tags may also be
//     English (Findings:, Requirements:), the IDs are normalised (F-1 →
//     F-001) and sorted by their prefix; lines that are not all references
//     make the note, joined with " / " (DSL notes are one line).
//   - the map's description as the process's documentation.
//   - a system lane as crmflow:system="true" on the lane, the map's variant as
//     crmflow:variant on the process: namespaced attributes, which bpmn-moddle
//     accepts without a warning (an attribute without a namespace gets one)
//     and writes back when bpmn.io saves. A file without crmflow:variant reads
//     as as-is.
//
// Import of other tools' diagrams: lanes come from the laneSets (nested lanes
// are flattened to the innermost ones, named "Outer / Inner"; a step only an
// outer lane lists goes to its first inner lane); a process without lanes
// gets one lane per participant, or the lane "Lane". Steps no lane lists go
// to their process's first lane. Task types map to the nearest kind (userTask
// → user, manualTask → manual, serviceTask/scriptTask/businessRuleTask/sendTask
// → system, task/receiveTask → task); sub-processes and call activities become
// tasks (their inner steps are not imported). The DSL has no intermediate
// events: an intermediate or boundary event becomes a task, so the path through
// it and its label stay, and its note says what it was ("BPMN:
// intermediateCatchEvent (timer)"); a boundary event also gets a flow from the
// activity it is attached to. Inclusive, event-based and complex gateways
// become xor gateways with a note. Every lossy conversion leaves such a note.
// Message flows between two imported steps become flows; those from or to a
// pool are dropped. Text annotations linked to a step are added to its note.
// Names become labels with line breaks as spaces; a task without a name gets
// its ID as its label (the DSL needs one), events and gateways keep none. The
// map's name is the first process's participant's, else the process's, else
// the file's base name. Steps come lane by lane, as the DSL lists them. The result is not checked against the DSL's rules
// (process.Check: a start and an end, reachability, text lengths): the
// caller does that.
//
// Limits: 20 MiB, 128 levels of nesting, 100 000 elements; DOCTYPE
// declarations (and so entities, internal or external) are refused, and
// encodings other than UTF-8.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
)

// The namespaces of a BPMN 2.0 file, and crmflow's own for what BPMN has no
// place for.
const (
	bpmnNS       = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	bpmnDINS     = "http://www.omg.org/spec/BPMN/20100524/DI"
	bpmnDCNS     = "http://www.omg.org/spec/DD/20100524/DC"
	bpmnDDINS    = "http://www.omg.org/spec/DD/20100524/DI"
	crmflowBPMNS = "https://github.com/crmflow/crmflow/bpmn"
	// bpmnTargetNS is the targetNamespace of the files crmflow writes.
	bpmnTargetNS = "https://github.com/crmflow/crmflow/process"
)

// Limits of Read.
const (
	bpmnMaxFile     = 20 << 20 // bytes
	bpmnMaxDepth    = 128      // element nesting
	bpmnMaxElements = 100_000
)

// The prefixes of the BPMN IDs crmflow writes.
const (
	bpmnNodePrefix = "Node_"
	bpmnLanePrefix = "Swimlane_"
)

// bpmnWidth measures flow labels the same way whatever the locale, so the
// output is the same on every machine.
var bpmnWidth = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// bpmnPoolLabel is the width of the pool's label band left of its lanes.
const bpmnPoolLabel = 30

// bpmnKindElement is the BPMN element each node kind is written as.
var bpmnKindElement = map[process.NodeKind]string{
	process.Start:  "startEvent",
	process.End:    "endEvent",
	process.User:   "userTask",
	process.Manual: "manualTask",
	process.System: "serviceTask",
	process.Task:   "task",
	process.XOR:    "exclusiveGateway",
	process.AND:    "parallelGateway",
}

// The tags of a node's documentation line.
const (
	bpmnDocFindings = "痛点"
	bpmnDocReqs     = "需求"
	bpmnDocNote     = "备注"
)

// Write writes m as BPMN 2.0 XML with a complete BPMNDiagram drawn from
// l (when l is nil, from process.Lay(m)). The output is byte-stable: the same
// map and layout always give the same bytes.
func Write(w io.Writer, m *process.Map, l *process.Layout) error {
	if m == nil {
		return crmflow.Errorf(crmflow.EINVALID, "bpmn: no process map to write")
	}
	x := &bpmnWriter{m: m, nodeIDs: map[string]string{}, laneIDs: map[string]string{}}
	if err := x.prepare(); err != nil {
		return err
	}
	if l == nil {
		l = process.Lay(m)
	}
	x.l = l
	if err := x.prepareDiagram(); err != nil {
		return err
	}
	x.write()
	_, err := w.Write(x.b.Bytes())
	return err
}

type bpmnWriter struct {
	m       *process.Map
	l       *process.Layout
	b       bytes.Buffer
	nodeIDs map[string]string // DSL ID → BPMN ID
	laneIDs map[string]string
	flowIDs []string
	in, out map[string][]string // node DSL ID → flow BPMN IDs
	lanes   map[string]process.Rect
	nodes   map[string]process.Rect
	edges   [][]process.Point // per flow
	labels  []process.Point   // per flow, where its label starts
}

func (x *bpmnWriter) bad(format string, args ...any) error {
	return crmflow.Errorf(crmflow.EINVALID, "bpmn: map %q: "+format, append([]any{x.m.Name}, args...)...)
}

// prepare checks the map and gives everything its BPMN ID.
func (x *bpmnWriter) prepare() error {
	m, bad := x.m, x.bad
	for _, ln := range m.Lanes {
		if _, dup := x.laneIDs[ln.ID]; dup {
			return bad("two lanes have the ID %q", ln.ID)
		}
		x.laneIDs[ln.ID] = bpmnEncodeID(bpmnLanePrefix, ln.ID)
	}
	for _, n := range m.Nodes {
		if _, dup := x.nodeIDs[n.ID]; dup {
			return bad("two steps have the ID %q", n.ID)
		}
		if bpmnKindElement[n.Kind] == "" {
			return bad("step %q has the unknown kind %q", n.ID, n.Kind)
		}
		x.nodeIDs[n.ID] = bpmnEncodeID(bpmnNodePrefix, n.ID)
	}
	x.in, x.out = map[string][]string{}, map[string][]string{}
	for i, f := range m.Flows {
		for _, end := range []string{f.From, f.To} {
			if _, ok := x.nodeIDs[end]; !ok {
				return bad("a flow %s → %s names the step %q, which the map does not have", f.From, f.To, end)
			}
		}
		id := "Flow_" + strconv.Itoa(i+1)
		x.flowIDs = append(x.flowIDs, id)
		x.out[f.From] = append(x.out[f.From], id)
		x.in[f.To] = append(x.in[f.To], id)
	}
	return nil
}

// prepareDiagram finds each lane's band, node's shape and flow's edge in the
// layout.
func (x *bpmnWriter) prepareDiagram() error {
	m, l, bad := x.m, x.l, x.bad
	x.lanes, x.nodes = map[string]process.Rect{}, map[string]process.Rect{}
	for _, lb := range l.Lanes {
		x.lanes[lb.ID] = lb.Box
	}
	for _, nb := range l.Nodes {
		x.nodes[nb.ID] = nb.Box
	}
	for _, ln := range m.Lanes {
		if _, ok := x.lanes[ln.ID]; !ok {
			return bad("the layout has no band for the lane %q (was it made from another map?)", ln.ID)
		}
	}
	for _, n := range m.Nodes {
		if _, ok := x.nodes[n.ID]; !ok {
			return bad("the layout has no shape for the step %q (was it made from another map?)", n.ID)
		}
	}
	// Edges are matched to flows by their ends: the k-th flow from A to B
	// takes the k-th edge from A to B.
	pool := map[[2]string][]process.EdgePath{}
	for _, e := range l.Edges {
		k := [2]string{e.From, e.To}
		pool[k] = append(pool[k], e)
	}
	for _, f := range m.Flows {
		k := [2]string{f.From, f.To}
		var pts []process.Point
		var at process.Point
		if es := pool[k]; len(es) > 0 {
			pts, at = es[0].Points, es[0].LabelAt
			pool[k] = es[1:]
		}
		if len(pts) < 2 {
			pts, at = bpmnStraightEdge(x.nodes[f.From], x.nodes[f.To])
		}
		x.edges = append(x.edges, pts)
		x.labels = append(x.labels, at)
	}
	for _, r := range x.nodes {
		if !bpmnFiniteRect(r) {
			return bad("the layout has a shape with a coordinate that is not a number")
		}
	}
	for _, r := range x.lanes {
		if !bpmnFiniteRect(r) {
			return bad("the layout has a lane band with a coordinate that is not a number")
		}
	}
	for _, pts := range x.edges {
		for _, p := range pts {
			if !bpmnFinite(p.X) || !bpmnFinite(p.Y) {
				return bad("the layout has an edge with a coordinate that is not a number")
			}
		}
	}
	return nil
}

func bpmnFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func bpmnFiniteRect(r process.Rect) bool {
	return bpmnFinite(r.X) && bpmnFinite(r.Y) && bpmnFinite(r.W) && bpmnFinite(r.H)
}

// bpmnStraightEdge joins the middles of two boxes' facing borders, for a flow
// the layout has no edge for.
func bpmnStraightEdge(a, b process.Rect) ([]process.Point, process.Point) {
	ay, by := a.Y+a.H/2, b.Y+b.H/2
	var p, q process.Point
	switch {
	case b.X >= a.X+a.W:
		p, q = process.Point{X: a.X + a.W, Y: ay}, process.Point{X: b.X, Y: by}
	case a.X >= b.X+b.W:
		p, q = process.Point{X: a.X, Y: ay}, process.Point{X: b.X + b.W, Y: by}
	case b.Y >= a.Y+a.H:
		p, q = process.Point{X: a.X + a.W/2, Y: a.Y + a.H}, process.Point{X: b.X + b.W/2, Y: b.Y}
	default:
		p, q = process.Point{X: a.X + a.W/2, Y: a.Y}, process.Point{X: b.X + b.W/2, Y: b.Y + b.H}
	}
	return []process.Point{p, q}, process.Point{X: (p.X+q.X)/2 + 4, Y: (p.Y+q.Y)/2 - 4}
}

func (x *bpmnWriter) write() {
	m, b := x.m, &x.b
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<bpmn:definitions xmlns:bpmn="` + bpmnNS + `" xmlns:bpmndi="` + bpmnDINS +
		`" xmlns:dc="` + bpmnDCNS + `" xmlns:di="` + bpmnDDINS + `" xmlns:crmflow="` + crmflowBPMNS +
		`" id="Definitions_1" targetNamespace="` + bpmnTargetNS + `" exporter="crmflow">` + "\n")

	b.WriteString(`  <bpmn:collaboration id="Collaboration_1">` + "\n")
	b.WriteString(`    <bpmn:participant id="Participant_1"`)
	if m.Name != "" {
		x.attr("name", m.Name)
	}
	b.WriteString(` processRef="Process_1" />` + "\n")
	b.WriteString("  </bpmn:collaboration>\n")

	b.WriteString(`  <bpmn:process id="Process_1"`)
	if m.Name != "" {
		x.attr("name", m.Name)
	}
	b.WriteString(` isExecutable="false"`)
	if m.Variant != "" {
		x.attr("crmflow:variant", string(m.Variant))
	}
	b.WriteString(">\n")
	if m.Description != "" {
		x.documentation("    ", m.Description)
	}
	if len(m.Lanes) > 0 {
		b.WriteString(`    <bpmn:laneSet id="LaneSet_1">` + "\n")
		for _, ln := range m.Lanes {
			b.WriteString(`      <bpmn:lane id="` + x.laneIDs[ln.ID] + `"`)
			if ln.Name != "" {
				x.attr("name", ln.Name)
			}
			if ln.System {
				b.WriteString(` crmflow:system="true"`)
			}
			var refs []string
			for _, n := range m.Nodes {
				if n.Lane == ln.ID {
					refs = append(refs, x.nodeIDs[n.ID])
				}
			}
			if len(refs) == 0 {
				b.WriteString(" />\n")
				continue
			}
			b.WriteString(">\n")
			for _, r := range refs {
				b.WriteString("        <bpmn:flowNodeRef>" + r + "</bpmn:flowNodeRef>\n")
			}
			b.WriteString("      </bpmn:lane>\n")
		}
		b.WriteString("    </bpmn:laneSet>\n")
	}
	for _, n := range m.Nodes {
		el := "bpmn:" + bpmnKindElement[n.Kind]
		b.WriteString("    <" + el + ` id="` + x.nodeIDs[n.ID] + `"`)
		if n.Label != "" {
			x.attr("name", n.Label)
		}
		doc := bpmnNodeDoc(n)
		if doc == "" && len(x.in[n.ID]) == 0 && len(x.out[n.ID]) == 0 {
			b.WriteString(" />\n")
			continue
		}
		b.WriteString(">\n")
		if doc != "" {
			x.documentation("      ", doc)
		}
		for _, id := range x.in[n.ID] {
			b.WriteString("      <bpmn:incoming>" + id + "</bpmn:incoming>\n")
		}
		for _, id := range x.out[n.ID] {
			b.WriteString("      <bpmn:outgoing>" + id + "</bpmn:outgoing>\n")
		}
		b.WriteString("    </" + el + ">\n")
	}
	for i, f := range m.Flows {
		b.WriteString(`    <bpmn:sequenceFlow id="` + x.flowIDs[i] + `"`)
		if f.Label != "" {
			x.attr("name", f.Label)
		}
		b.WriteString(` sourceRef="` + x.nodeIDs[f.From] + `" targetRef="` + x.nodeIDs[f.To] + `" />` + "\n")
	}
	// Pain points of the map as a whole: text annotations tied to no step
	// (a reader takes only annotations tied to a step into the map).
	for i, p := range m.Pains {
		b.WriteString(`    <bpmn:textAnnotation id="` + bpmnPainID(i) + `">` + "\n")
		b.WriteString("      <bpmn:text>")
		_ = xml.EscapeText(b, []byte(bpmnDocFindings+" "+p.ID+": "+p.Text))
		b.WriteString("</bpmn:text>\n    </bpmn:textAnnotation>\n")
	}
	b.WriteString("  </bpmn:process>\n")

	b.WriteString(`  <bpmndi:BPMNDiagram id="Diagram_1">` + "\n")
	b.WriteString(`    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="Collaboration_1">` + "\n")
	x.shape("Participant_1", x.poolBounds(), ` isHorizontal="true"`)
	for _, ln := range m.Lanes {
		x.shape(x.laneIDs[ln.ID], x.lanes[ln.ID], ` isHorizontal="true"`)
	}
	for _, n := range m.Nodes {
		extra := ""
		if n.Kind.IsGateway() {
			extra = ` isMarkerVisible="true"`
		}
		x.shape(x.nodeIDs[n.ID], x.nodes[n.ID], extra)
	}
	pool := x.poolBounds()
	for i := range m.Pains {
		// Under the pool, one above the other.
		x.shape(bpmnPainID(i), process.Rect{X: pool.X, Y: pool.Y + pool.H + 20 + float64(i)*bpmnPainH, W: min(pool.W, 480), H: bpmnPainH - 10}, "")
	}
	for i, f := range m.Flows {
		id := x.flowIDs[i]
		b.WriteString(`      <bpmndi:BPMNEdge id="Edge_` + id + `" bpmnElement="` + id + `">` + "\n")
		for _, p := range x.edges[i] {
			b.WriteString(`        <di:waypoint x="` + bpmnNum(p.X) + `" y="` + bpmnNum(p.Y) + `" />` + "\n")
		}
		if f.Label != "" {
			at := x.labels[i]
			w := float64(bpmnWidth.StringWidth(f.Label))*7 + 2
			b.WriteString("        <bpmndi:BPMNLabel>\n")
			x.bounds("          ", process.Rect{X: at.X, Y: at.Y - 12, W: w, H: 14})
			b.WriteString("        </bpmndi:BPMNLabel>\n")
		}
		b.WriteString("      </bpmndi:BPMNEdge>\n")
	}
	b.WriteString("    </bpmndi:BPMNPlane>\n")
	b.WriteString("  </bpmndi:BPMNDiagram>\n")
	b.WriteString("</bpmn:definitions>\n")
}

// bpmnPainH is the room a map-level pain point's annotation takes.
const bpmnPainH = 50.0

// bpmnPainID is the ID of the annotation of the map's i-th pain point.
func bpmnPainID(i int) string { return "Pain_" + strconv.Itoa(i+1) }

// poolBounds is the box around every lane, with the pool's label band left of
// them.
func (x *bpmnWriter) poolBounds() process.Rect {
	r := process.Rect{W: x.l.Width, H: x.l.Height}
	for i, ln := range x.m.Lanes {
		lb := x.lanes[ln.ID]
		if i == 0 {
			r = lb
			continue
		}
		x0, y0 := math.Min(r.X, lb.X), math.Min(r.Y, lb.Y)
		x1, y1 := math.Max(r.X+r.W, lb.X+lb.W), math.Max(r.Y+r.H, lb.Y+lb.H)
		r = process.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
	}
	r.X -= bpmnPoolLabel
	r.W += bpmnPoolLabel
	return r
}

func (x *bpmnWriter) shape(id string, r process.Rect, extra string) {
	x.b.WriteString(`      <bpmndi:BPMNShape id="Shape_` + id + `" bpmnElement="` + id + `"` + extra + ">\n")
	x.bounds("        ", r)
	x.b.WriteString("      </bpmndi:BPMNShape>\n")
}

func (x *bpmnWriter) bounds(indent string, r process.Rect) {
	x.b.WriteString(indent + `<dc:Bounds x="` + bpmnNum(r.X) + `" y="` + bpmnNum(r.Y) +
		`" width="` + bpmnNum(r.W) + `" height="` + bpmnNum(r.H) + `" />` + "\n")
}

// attr writes ` name="value"`, escaped.
func (x *bpmnWriter) attr(name, value string) {
	x.b.WriteString(" " + name + `="`)
	_ = xml.EscapeText(&x.b, []byte(value))
	x.b.WriteByte('"')
}

// documentation writes a <bpmn:documentation> element with text, escaped;
// line breaks stay line breaks.
func (x *bpmnWriter) documentation(indent, text string) {
	x.b.WriteString(indent + "<bpmn:documentation>")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			x.b.WriteByte('\n')
		}
		_ = xml.EscapeText(&x.b, []byte(line))
	}
	x.b.WriteString("</bpmn:documentation>\n")
}

// bpmnNum writes a coordinate: rounded to 1/100 px, without trailing zeros.
func bpmnNum(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// bpmnNodeDoc is the documentation text of a node: its findings and
// requirements on the first line, then its note.
func bpmnNodeDoc(n process.Node) string {
	var parts []string
	if len(n.Findings) > 0 {
		parts = append(parts, bpmnDocFindings+": "+strings.Join(n.Findings, ", "))
	}
	if len(n.Reqs) > 0 {
		parts = append(parts, bpmnDocReqs+": "+strings.Join(n.Reqs, ", "))
	}
	var lines []string
	if len(parts) > 0 {
		lines = append(lines, strings.Join(parts, "; "))
	}
	if n.Note != "" {
		for _, line := range strings.Split(n.Note, "\n") {
			if _, _, ok := bpmnRefLine(line); ok || bpmnNoteLine(line) != "" {
				line = bpmnDocNote + ": " + line
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// bpmnNoteLine returns the rest of a line that starts with "备注:" (or
// "备注："), else "". The rest keeps its text after one space.
func bpmnNoteLine(line string) string {
	t := strings.TrimLeft(line, " \t")
	for _, p := range []string{bpmnDocNote + ":", bpmnDocNote + "："} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			rest = strings.TrimPrefix(rest, " ")
			if rest == "" {
				return "\x00" // a tag with nothing after it
			}
			return rest
		}
	}
	return ""
}

// bpmnRefLine reads a line of tagged references: "痛点: F-001, F-002; 需求:
// REQ-004" (also "Findings:"/"Reqs:"/"Requirements:", full-width colons and
// semicolons, commas, 、 or spaces between IDs). Every ID must read as a
// finding (F-1, F-001) or a requirement (REQ-4, req-004); they come back
// normalised (F-001, REQ-004) and sorted by what they are, whatever the tag.
// ok is false when any part of the line is something else.
func bpmnRefLine(line string) (findings, reqs []string, ok bool) {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil, nil, false
	}
	for _, seg := range strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == '；' }) {
		seg = strings.TrimSpace(seg)
		i := strings.IndexAny(seg, ":：")
		if i < 0 {
			return nil, nil, false
		}
		switch strings.ToLower(strings.TrimSpace(seg[:i])) {
		case bpmnDocFindings, "findings", "finding", "pain points", bpmnDocReqs, "reqs", "requirements", "requirement":
		default:
			return nil, nil, false
		}
		_, n := utf8.DecodeRuneInString(seg[i:])
		ids := strings.FieldsFunc(seg[i+n:], func(r rune) bool {
			return r == ',' || r == '，' || r == '、' || unicode.IsSpace(r)
		})
		if len(ids) == 0 {
			return nil, nil, false
		}
		for _, id := range ids {
			ref, isReq, ok := process.NormalizeRef(id)
			switch {
			case !ok:
				return nil, nil, false
			case isReq && !slices.Contains(reqs, ref):
				reqs = append(reqs, ref)
			case !isReq && !slices.Contains(findings, ref):
				findings = append(findings, ref)
			}
		}
	}
	return findings, reqs, true
}

// bpmnEncodeID turns a DSL ID into a BPMN ID: prefix + the ID with every
// character other than an ASCII letter, digit, '-', '.' or a plain '_' as
// _xHHHH_ (see the package comment at the top of this file).
func bpmnEncodeID(prefix, id string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i, r := range id {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.'):
			b.WriteRune(r)
		case r == '_':
			if _, _, ok := bpmnEscapeAt(id, i); ok {
				b.WriteString("_x005F_")
			} else {
				b.WriteByte('_')
			}
		case r <= 0xFFFF:
			fmt.Fprintf(&b, "_x%04X_", r)
		default:
			fmt.Fprintf(&b, "_x%06X_", r)
		}
	}
	return b.String()
}

// bpmnDecodeID undoes bpmnEncodeID; ok is false when s does not start with
// prefix.
func bpmnDecodeID(prefix, s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || rest == "" {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(rest); {
		if r, n, ok := bpmnEscapeAt(rest, i); ok {
			b.WriteRune(r)
			i += n
			continue
		}
		b.WriteByte(rest[i])
		i++
	}
	return b.String(), true
}

// bpmnEscapeAt reads an escape _xHHHH_ or _xHHHHHH_ (upper-case hex, a valid
// character) at s[i:].
func bpmnEscapeAt(s string, i int) (r rune, n int, ok bool) {
	for _, digits := range []int{4, 6} {
		end := i + 2 + digits
		if end >= len(s) || s[i] != '_' || s[i+1] != 'x' || s[end] != '_' {
			continue
		}
		v := 0
		hex := true
		for _, c := range []byte(s[i+2 : end]) {
			switch {
			case c >= '0' && c <= '9':
				v = v*16 + int(c-'0')
			case c >= 'A' && c <= 'F':
				v = v*16 + int(c-'A'+10)
			default:
				hex = false
			}
		}
		if hex && utf8.ValidRune(rune(v)) {
			return rune(v), end + 1 - i, true
		}
	}
	return 0, 0, false
}
