package report

// BPMN 2.0 export and import of process maps.
//
// ProcessBPMN writes one collaboration with one participant (the pool, named
// after the map), one process (isExecutable="false") with a laneSet (one lane
// per map lane) and the steps, and a BPMNDiagram drawn from the map's Layout,
// so the file opens laid out in bpmn.io and Camunda Modeler. The pool's shape
// is the box around the lane bands plus a 30 px label band on their left, so
// it starts at x = -30 when the layout starts at 0. ReadBPMN reads such a
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
	"path/filepath"
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

// Limits of ReadBPMN.
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

// ProcessBPMN writes m as BPMN 2.0 XML with a complete BPMNDiagram drawn from
// l (when l is nil, from process.Lay(m)). The output is byte-stable: the same
// map and layout always give the same bytes.
func ProcessBPMN(w io.Writer, m *process.Map, l *process.Layout) error {
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

// ---- import ----

// bpmnEl is an element of the file as read.
type bpmnEl struct {
	space, local string
	attrs        []xml.Attr
	kids         []*bpmnEl
	text         strings.Builder
	line         int
}

func (e *bpmnEl) attr(local string) string {
	for _, a := range e.attrs {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == bpmnNS) {
			return a.Value
		}
	}
	return ""
}

func (e *bpmnEl) attrNS(space, local string) string {
	for _, a := range e.attrs {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// is reports whether e is the BPMN model element local.
func (e *bpmnEl) is(local string) bool { return e.space == bpmnNS && e.local == local }

// children returns e's BPMN model children named local.
func (e *bpmnEl) children(local string) []*bpmnEl {
	var out []*bpmnEl
	for _, k := range e.kids {
		if k.is(local) {
			out = append(out, k)
		}
	}
	return out
}

// doc is the text of e's documentation elements, one per line.
func (e *bpmnEl) doc() string {
	var parts []string
	for _, d := range e.children("documentation") {
		if t := strings.TrimSpace(d.text.String()); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// ReadBPMN reads a BPMN 2.0 file (crmflow's own, bpmn.io's or Camunda
// Modeler's) into a Map; see the comment at the top of this file for how BPMN
// maps onto the DSL. file names the source in errors; every problem is a
// *ReadError. The Map has no ID, Source or times: the store sets them.
func ReadBPMN(file string, r io.Reader) (*process.Map, error) {
	fail := func(err error, format string, args ...any) error {
		return &ReadError{File: file, Msg: fmt.Sprintf(format, args...), Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(r, bpmnMaxFile+1))
	if err != nil {
		return nil, fail(err, "cannot read it: %v", err)
	}
	if len(data) > bpmnMaxFile {
		return nil, fail(nil, "the file is over %d MiB, the limit for a BPMN diagram", bpmnMaxFile>>20)
	}
	root, err := bpmnParse(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))
	if err != nil {
		return nil, fail(err, "%v", err)
	}
	rd := &bpmnReader{file: file, root: root}
	m, err := rd.read()
	if err != nil {
		return nil, fail(err, "%v", err)
	}
	return m, nil
}

// bpmnParse reads the element tree, refusing DOCTYPEs (and so entity
// definitions), deep nesting and too many elements.
func bpmnParse(data []byte) (*bpmnEl, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("the file is empty; it is not a BPMN diagram")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("it is encoded as %s; crmflow reads BPMN files in UTF-8 only", charset)
	}
	var root *bpmnEl
	var stack []*bpmnEl
	count := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			if root == nil {
				return nil, fmt.Errorf("not a BPMN diagram: it is not well-formed XML (line %d: %s)", line, bpmnXMLErr(err))
			}
			return nil, fmt.Errorf("line %d: the XML is broken: %s", line, bpmnXMLErr(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			if len(stack) >= bpmnMaxDepth {
				return nil, fmt.Errorf("line %d: elements are nested more than %d deep; crmflow does not read it", line, bpmnMaxDepth)
			}
			if count++; count > bpmnMaxElements {
				return nil, fmt.Errorf("line %d: the file has more than %d elements; crmflow does not read it", line, bpmnMaxElements)
			}
			e := &bpmnEl{space: t.Name.Space, local: t.Name.Local, attrs: t.Attr, line: line}
			if root == nil {
				if !e.is("definitions") {
					if e.local == "definitions" {
						return nil, fmt.Errorf("not a BPMN 2.0 diagram: the root element <definitions> is in the namespace %q, not %q", e.space, bpmnNS)
					}
					return nil, fmt.Errorf("not a BPMN 2.0 diagram: the root element is <%s>, not <bpmn:definitions>", e.local)
				}
				root = e
			} else if len(stack) == 0 {
				return nil, fmt.Errorf("line %d: the XML is broken: a second root element <%s>", line, e.local)
			} else {
				top := stack[len(stack)-1]
				top.kids = append(top.kids, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.Directive:
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("line %d: the file has a <!%s declaration; BPMN files have none, and crmflow does not read DTDs or entities", line, bpmnFirstWord(string(t)))
		}
	}
	if root == nil {
		return nil, fmt.Errorf("not a BPMN diagram: it is not XML (there is no element in it)")
	}
	return root, nil
}

func bpmnFirstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		if len(f[0]) > 20 {
			return f[0][:20]
		}
		return f[0]
	}
	return ""
}

// bpmnXMLErr is an encoding/xml error without its "XML syntax error on line
// N: " prefix (the caller says the line).
func bpmnXMLErr(err error) string {
	if se, ok := err.(*xml.SyntaxError); ok {
		return se.Msg
	}
	return err.Error()
}

type bpmnReader struct {
	file string
	root *bpmnEl
	m    *process.Map

	byID     map[string]*bpmnEl
	nodeIdx  map[string]int // BPMN ID → index in m.Nodes
	usedNode map[string]bool
	usedLane map[string]bool
}

// bpmnNodeKinds maps BPMN flow node elements to node kinds, and says what the
// conversion loses ("" when nothing).
var bpmnNodeKinds = map[string]struct {
	kind process.NodeKind
	lost bool
}{
	"task":                   {process.Task, false},
	"userTask":               {process.User, false},
	"manualTask":             {process.Manual, false},
	"serviceTask":            {process.System, false},
	"scriptTask":             {process.System, true},
	"businessRuleTask":       {process.System, true},
	"sendTask":               {process.System, true},
	"receiveTask":            {process.Task, true},
	"subProcess":             {process.Task, true},
	"adHocSubProcess":        {process.Task, true},
	"transaction":            {process.Task, true},
	"callActivity":           {process.Task, true},
	"startEvent":             {process.Start, false},
	"endEvent":               {process.End, false},
	"intermediateCatchEvent": {process.Task, true},
	"intermediateThrowEvent": {process.Task, true},
	"implicitThrowEvent":     {process.Task, true},
	"boundaryEvent":          {process.Task, true},
	"exclusiveGateway":       {process.XOR, false},
	"parallelGateway":        {process.AND, false},
	"inclusiveGateway":       {process.XOR, true},
	"eventBasedGateway":      {process.XOR, true},
	"complexGateway":         {process.XOR, true},
}

// bpmnLaneInfo is a lane of the file: an innermost lane of a laneSet, or a
// participant standing in for one.
type bpmnLaneInfo struct {
	id   string   // the DSL ID
	refs []string // the steps it lists
	// outer are the steps an enclosing lane lists, for those no innermost
	// lane lists.
	outer []string
}

func (rd *bpmnReader) read() (*process.Map, error) {
	rd.byID = map[string]*bpmnEl{}
	if err := rd.index(rd.root); err != nil {
		return nil, err
	}
	var procs []*bpmnEl
	var collabs []*bpmnEl
	for _, k := range rd.root.kids {
		switch {
		case k.is("process"):
			procs = append(procs, k)
		case k.is("collaboration"):
			collabs = append(collabs, k)
		}
	}
	if len(procs) == 0 {
		return nil, fmt.Errorf("the file has no <bpmn:process>, so no steps to read")
	}
	participants := map[string]*bpmnEl{} // process ID → its participant
	var parts []*bpmnEl
	for _, c := range collabs {
		for _, p := range c.children("participant") {
			parts = append(parts, p)
			if ref := p.attr("processRef"); ref != "" && participants[ref] == nil {
				participants[ref] = p
			}
		}
	}

	m := &process.Map{Lanes: []process.Lane{}, Nodes: []process.Node{}, Flows: []process.Flow{}}
	rd.m = m
	rd.nodeIdx = map[string]int{}
	rd.usedNode, rd.usedLane = map[string]bool{}, map[string]bool{}

	// The name and description.
	first := procs[0]
	if p := participants[first.attr("id")]; p != nil {
		m.Name = bpmnLabel(p.attr("name"))
	}
	if m.Name == "" {
		m.Name = bpmnLabel(first.attr("name"))
	}
	if m.Name == "" {
		base := filepath.Base(rd.file)
		m.Name = strings.TrimSuffix(base, filepath.Ext(base))
	}
	m.Description = bpmnOneLine(first.doc())
	if m.Description == "" && len(collabs) > 0 {
		m.Description = bpmnOneLine(collabs[0].doc())
	}
	m.Variant = process.AsIs
	if v := process.Variant(first.attrNS(crmflowBPMNS, "variant")); v == process.ToBe {
		m.Variant = v
	}

	// Lanes, then steps, process by process.
	laneOf := map[string]string{} // node BPMN ID → lane DSL ID
	defaultLane := ""
	type pending struct {
		proc  *bpmnEl
		lanes []bpmnLaneInfo
	}
	var todo []pending
	for _, proc := range procs {
		var lanes []bpmnLaneInfo
		for _, ls := range proc.children("laneSet") {
			lanes = append(lanes, rd.lanes(ls, "")...)
		}
		if len(lanes) == 0 {
			if p := participants[proc.attr("id")]; p != nil {
				name := bpmnLabel(p.attr("name"))
				if name == "" {
					name = bpmnLabel(proc.attr("name"))
				}
				id := rd.laneID(p.attr("id"))
				if name == "" {
					name = id
				}
				m.Lanes = append(m.Lanes, process.Lane{ID: id, Name: name})
				lanes = append(lanes, bpmnLaneInfo{id: id})
			} else {
				if defaultLane == "" {
					defaultLane = rd.uniqueLane("Lane")
					m.Lanes = append(m.Lanes, process.Lane{ID: defaultLane, Name: "Lane"})
				}
				lanes = append(lanes, bpmnLaneInfo{id: defaultLane})
			}
		}
		todo = append(todo, pending{proc, lanes})
	}
	for pass := 0; pass < 2; pass++ {
		for _, p := range todo {
			for _, ln := range p.lanes {
				refs := ln.refs
				if pass == 1 {
					refs = ln.outer
				}
				for _, ref := range refs {
					if _, ok := laneOf[ref]; !ok {
						laneOf[ref] = ln.id
					}
				}
			}
		}
	}
	for _, p := range todo {
		for _, e := range p.proc.kids {
			if e.space != bpmnNS {
				continue
			}
			k, ok := bpmnNodeKinds[e.local]
			if !ok {
				continue
			}
			bid := e.attr("id")
			if bid == "" {
				return nil, fmt.Errorf("line %d: a <%s> has no id", e.line, e.local)
			}
			id := rd.nodeID(bid)
			lane, ok := laneOf[bid]
			if !ok {
				lane = p.lanes[0].id
			}
			label := bpmnLabel(e.attr("name"))
			if label == "" && k.kind.IsTask() {
				label = id // the DSL needs a label on a task, not on events and gateways
			}
			n := process.Node{ID: id, Kind: k.kind, Label: label, Lane: lane}
			n.Findings, n.Reqs, n.Note = bpmnReadDoc(e.doc())
			if n.Findings == nil {
				n.Findings = []string{}
			}
			if n.Reqs == nil {
				n.Reqs = []string{}
			}
			if k.lost {
				n.Note = bpmnJoinNote(n.Note, bpmnLostNote(e))
			}
			rd.nodeIdx[bid] = len(m.Nodes)
			m.Nodes = append(m.Nodes, n)
		}
	}

	// Flows: sequence flows, boundary events' attachments, message flows
	// between two steps.
	for _, p := range todo {
		for _, e := range p.proc.kids {
			switch {
			case e.is("sequenceFlow"):
				if err := rd.flow(e, "sequence flow", true); err != nil {
					return nil, err
				}
			case e.is("boundaryEvent"):
				host := e.attr("attachedToRef")
				hi, ok := rd.nodeIdx[host]
				if !ok {
					return nil, fmt.Errorf("line %d: the boundary event %q is attached to %q, which is not an activity in the file", e.line, e.attr("id"), host)
				}
				m.Flows = append(m.Flows, process.Flow{From: m.Nodes[hi].ID, To: m.Nodes[rd.nodeIdx[e.attr("id")]].ID})
			}
		}
	}
	for _, c := range collabs {
		for _, e := range c.children("messageFlow") {
			if err := rd.flow(e, "message flow", false); err != nil {
				return nil, err
			}
		}
	}

	// Text annotations linked to steps.
	for _, proc := range procs {
		rd.annotations(proc)
	}
	for _, c := range collabs {
		rd.annotations(c)
	}

	// Steps in DSL order: lane by lane, in file order within each.
	laneIdx := map[string]int{}
	for i, l := range m.Lanes {
		laneIdx[l.ID] = i
	}
	slices.SortStableFunc(m.Nodes, func(a, b process.Node) int { return laneIdx[a.Lane] - laneIdx[b.Lane] })
	return m, nil
}

// index records every BPMN and DI element with an id, refusing duplicates
// (other tools' extension elements have IDs of their own).
func (rd *bpmnReader) index(e *bpmnEl) error {
	if id := e.attr("id"); id != "" && (e.space == bpmnNS || e.space == bpmnDINS || e.space == bpmnDCNS || e.space == bpmnDDINS) {
		if prev, dup := rd.byID[id]; dup {
			return fmt.Errorf("line %d: the id %q is used twice (also on line %d); IDs in a BPMN file are unique", e.line, id, prev.line)
		}
		rd.byID[id] = e
	}
	for _, k := range e.kids {
		if err := rd.index(k); err != nil {
			return err
		}
	}
	return nil
}

// lanes returns the innermost lanes of a laneSet, adding them to the map.
func (rd *bpmnReader) lanes(ls *bpmnEl, outer string) []bpmnLaneInfo {
	var out []bpmnLaneInfo
	for _, ln := range ls.children("lane") {
		name := bpmnLabel(ln.attr("name"))
		if outer != "" && name != "" {
			name = outer + " / " + name
		} else if name == "" {
			name = outer
		}
		var inner []bpmnLaneInfo
		for _, cls := range ln.children("childLaneSet") {
			inner = append(inner, rd.lanes(cls, name)...)
		}
		var refs []string
		for _, r := range ln.children("flowNodeRef") {
			if t := strings.TrimSpace(r.text.String()); t != "" {
				refs = append(refs, t)
			}
		}
		if len(inner) > 0 {
			// Steps the outer lane lists go to its inner lanes as those list
			// them; the rest to the first inner lane.
			inner[0].outer = append(inner[0].outer, refs...)
			out = append(out, inner...)
			continue
		}
		id := rd.laneID(ln.attr("id"))
		if name == "" {
			name = id
		}
		sys := ln.attrNS(crmflowBPMNS, "system") == "true"
		rd.m.Lanes = append(rd.m.Lanes, process.Lane{ID: id, Name: name, System: sys})
		out = append(out, bpmnLaneInfo{id: id, refs: refs})
	}
	return out
}

// flow adds a sequence or message flow. A message flow with an end that is
// not a step (a pool) is skipped.
func (rd *bpmnReader) flow(e *bpmnEl, what string, strict bool) error {
	id := e.attr("id")
	src, dst := e.attr("sourceRef"), e.attr("targetRef")
	if strict && (src == "" || dst == "") {
		return fmt.Errorf("line %d: the %s %q has no sourceRef or targetRef", e.line, what, id)
	}
	si, sok := rd.nodeIdx[src]
	ti, tok := rd.nodeIdx[dst]
	if !sok || !tok {
		if !strict {
			return nil
		}
		bad := src
		if sok {
			bad = dst
		}
		if _, exists := rd.byID[bad]; exists {
			return fmt.Errorf("line %d: the %s %q connects %q, which is not a step, event or gateway of a process", e.line, what, id, bad)
		}
		return fmt.Errorf("line %d: the %s %q connects %q, which is not in the file", e.line, what, id, bad)
	}
	rd.m.Flows = append(rd.m.Flows, process.Flow{From: rd.m.Nodes[si].ID, To: rd.m.Nodes[ti].ID, Label: bpmnLabel(e.attr("name"))})
	return nil
}

// annotations adds the text of annotations associated with a step to its note.
func (rd *bpmnReader) annotations(parent *bpmnEl) {
	for _, a := range parent.children("association") {
		src, dst := a.attr("sourceRef"), a.attr("targetRef")
		for _, pair := range [][2]string{{src, dst}, {dst, src}} {
			ni, ok := rd.nodeIdx[pair[0]]
			ann := rd.byID[pair[1]]
			if !ok || ann == nil || !ann.is("textAnnotation") {
				continue
			}
			var parts []string
			for _, t := range ann.children("text") {
				parts = append(parts, t.text.String())
			}
			text := bpmnOneLine(strings.Join(parts, "\n"))
			if text != "" {
				rd.m.Nodes[ni].Note = bpmnJoinNote(rd.m.Nodes[ni].Note, text)
			}
		}
	}
}

// bpmnLostNote says what a BPMN element was, for kinds the DSL does not have.
func bpmnLostNote(e *bpmnEl) string {
	note := "BPMN: " + e.local
	var defs []string
	for _, k := range e.kids {
		if k.space == bpmnNS && strings.HasSuffix(k.local, "EventDefinition") {
			defs = append(defs, strings.TrimSuffix(k.local, "EventDefinition"))
		}
	}
	if len(defs) > 0 {
		note += " (" + strings.Join(defs, ", ") + ")"
	}
	switch e.local {
	case "subProcess", "adHocSubProcess", "transaction":
		note += "; its inner steps are not imported"
	case "callActivity":
		if ref := bpmnLabel(e.attr("calledElement")); ref != "" {
			note += " → " + ref
		}
	}
	return note
}

func bpmnJoinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + bpmnNoteSep + b
}

// bpmnNoteSep joins the parts of a note read from a file: DSL notes are one
// line.
const bpmnNoteSep = " / "

// bpmnReadDoc splits a node's documentation into findings, requirements and
// the note (see bpmnNodeDoc).
func bpmnReadDoc(doc string) (findings, reqs []string, note string) {
	var notes []string
	for _, line := range bpmnLines(doc) {
		if f, r, ok := bpmnRefLine(line); ok {
			findings = append(findings, f...)
			reqs = append(reqs, r...)
			continue
		}
		if rest := bpmnNoteLine(line); rest != "" {
			if rest == "\x00" {
				rest = ""
			}
			line = rest
		}
		notes = append(notes, line)
	}
	return findings, reqs, bpmnOneLine(strings.Join(notes, "\n"))
}

// bpmnLines splits text into lines at \n, \r\n and \r.
func bpmnLines(s string) []string {
	return strings.Split(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s), "\n")
}

// bpmnOneLine makes one line of text for a DSL string (a note, the
// description): its non-blank lines, tidied, joined with " / ".
func bpmnOneLine(s string) string {
	var kept []string
	for _, line := range bpmnLines(s) {
		if line = bpmnLabel(line); line != "" {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, bpmnNoteSep)
}

// bpmnLabel tidies a BPMN name into a label, which a DSL string can hold:
// line breaks (bpmn.io lets people type them) and other control characters
// but tabs become spaces, the ends are trimmed.
func bpmnLabel(s string) string {
	s = strings.ReplaceAll(s, "\r\n", " ")
	s = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// nodeID is the DSL ID for a BPMN node ID: decoded when crmflow wrote it,
// else sanitised; unique among the nodes.
func (rd *bpmnReader) nodeID(bid string) string {
	id, ok := bpmnDecodeID(bpmnNodePrefix, bid)
	if !ok || !process.IsID(id) {
		id = bpmnSanitize(bid)
	}
	return rd.unique(id, rd.usedNode)
}

func (rd *bpmnReader) laneID(bid string) string {
	id, ok := bpmnDecodeID(bpmnLanePrefix, bid)
	if !ok || !process.IsID(id) {
		id = bpmnSanitize(bid)
	}
	return rd.unique(id, rd.usedLane)
}

func (rd *bpmnReader) uniqueLane(id string) string { return rd.unique(id, rd.usedLane) }

func (rd *bpmnReader) unique(id string, used map[string]bool) string {
	if !used[id] {
		used[id] = true
		return id
	}
	for i := 2; ; i++ {
		suffix := "-" + strconv.Itoa(i)
		c := bpmnClip(id, process.MaxIDLen-utf8.RuneCountInString(suffix)) + suffix
		if !used[c] {
			used[c] = true
			return c
		}
	}
}

// bpmnClip cuts s to at most n characters.
func bpmnClip(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// bpmnSanitize makes a DSL ID (process.IsID) of any BPMN ID: characters an
// ID cannot hold become '_', one that does not start with a letter or '_'
// gets "n" in front, and it is cut to process.MaxIDLen characters.
func bpmnSanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" {
		return "n"
	}
	if r, _ := utf8.DecodeRuneInString(out); !unicode.IsLetter(r) && r != '_' {
		out = "n" + out
	}
	return bpmnClip(out, process.MaxIDLen)
}
