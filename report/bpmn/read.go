package bpmn

// Reading BPMN 2.0 files back into process maps (see write.go for the
// format and the ID scheme).

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
)

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

// Read reads a BPMN 2.0 file (crmflow's own, bpmn.io's or Camunda
// Modeler's) into a Map; see the comment at the top of this file for how BPMN
// maps onto the DSL. file names the source in errors; every problem is a
// *report.ReadError. The Map has no ID, Source or times: the store sets them.
func Read(file string, r io.Reader) (*process.Map, error) {
	fail := func(err error, format string, args ...any) error {
		return &report.ReadError{File: file, Msg: fmt.Sprintf(format, args...), Err: err}
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
	for _, c := range collabs {
		for _, p := range c.children("participant") {
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
