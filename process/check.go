package process

import (
	"fmt"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
)

// Check runs the semantic checks on a map; Parse calls it. It reports
// duplicate lane and step IDs, flows from or to an undefined step, a missing
// start or end event, steps not reachable from a start, a start with incoming
// or an end with outgoing flows, gateways that neither split nor join, flows
// from a step to itself, duplicate flows, references that are not F-nnn or
// REQ-nnn, empty lanes, empty labels, and (for maps not made by Parse)
// invalid IDs, kinds, variants and lanes. It returns every error found,
// sorted by position: nil, a *ParseError or an ErrorList.
//
// When m.Source is the text m was parsed from, errors point at the exact
// name; otherwise at the step's, lane's or flow's Pos.
func Check(file string, m *Map) error {
	if m == nil {
		return &ParseError{File: file, Msg: "no process map"}
	}
	return check(file, m, infoFor(m)).Err()
}

// CheckRefs reports the references (F-001, REQ-004) that the workspace does
// not know; exists says whether one does, and is asked once per reference.
// Each error points at the reference in m.Source when m was parsed from it:
// `visits.flow:9:31: requirement REQ-999 does not exist`.
func CheckRefs(file string, m *Map, exists func(ref string) bool) error {
	if m == nil || exists == nil {
		return nil
	}
	info := infoFor(m)
	known := map[string]bool{}
	var errs ErrorList
	for i, n := range m.Nodes {
		refs := append(append([]string(nil), n.Findings...), n.Reqs...)
		for j, r := range refs {
			ok, asked := known[r]
			if !asked {
				ok = exists(r)
				known[r] = ok
			}
			if ok {
				continue
			}
			pos := n.Pos
			if info != nil && j < len(info.refs[i]) {
				pos = info.refs[i][j]
			}
			what := "requirement"
			if j < len(n.Findings) {
				what = "finding"
			}
			errs = append(errs, &ParseError{File: file, Pos: pos, Msg: fmt.Sprintf("%s %s does not exist", what, r)})
		}
	}
	errs.sort()
	return errs.Err()
}

// infoFor re-reads m.Source for the positions of names, when the source
// still matches the map.
func infoFor(m *Map) *srcInfo {
	if m.Source == "" || len(m.Source) > MaxSource {
		return nil
	}
	pm, info, errs := parse("", []byte(m.Source))
	if len(errs) > 0 || !samePlaces(m, pm) {
		return nil
	}
	return info
}

// samePlaces reports whether a and b have the same lanes, steps and flows at
// the same positions.
func samePlaces(a, b *Map) bool {
	if len(a.Lanes) != len(b.Lanes) || len(a.Nodes) != len(b.Nodes) || len(a.Flows) != len(b.Flows) {
		return false
	}
	for i, l := range a.Lanes {
		if l.ID != b.Lanes[i].ID || l.Pos != b.Lanes[i].Pos {
			return false
		}
	}
	for i, n := range a.Nodes {
		o := b.Nodes[i]
		if n.ID != o.ID || n.Pos != o.Pos || !slices.Equal(n.Findings, o.Findings) || !slices.Equal(n.Reqs, o.Reqs) {
			return false
		}
	}
	for i, f := range a.Flows {
		o := b.Flows[i]
		if f.From != o.From || f.To != o.To || f.Pos != o.Pos || f.Label != o.Label {
			return false
		}
	}
	return true
}

type checker struct {
	file string
	m    *Map
	info *srcInfo
	errs ErrorList
}

func (c *checker) add(pos Pos, format string, args ...any) {
	c.errs = append(c.errs, &ParseError{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) lanePos(i int) Pos {
	if c.info != nil {
		return c.info.laneID[i]
	}
	return c.m.Lanes[i].Pos
}

func (c *checker) nodePos(i int) Pos {
	if c.info != nil {
		return c.info.nodeID[i]
	}
	return c.m.Nodes[i].Pos
}

func (c *checker) refPos(i, j int) Pos {
	if c.info != nil && j < len(c.info.refs[i]) {
		return c.info.refs[i][j]
	}
	return c.m.Nodes[i].Pos
}

func (c *checker) toPos(i int) Pos {
	if c.info != nil {
		return c.info.flowTo[i]
	}
	return c.m.Flows[i].Pos
}

func (c *checker) labelPos(i int) Pos {
	if c.info != nil && c.info.flowLbl[i].Line > 0 {
		return c.info.flowLbl[i]
	}
	return c.m.Flows[i].Pos
}

const idRule = `use letters, digits, "_" and "-", starting with a letter or "_"`

// check runs the semantic checks; info may be nil.
func check(file string, m *Map, info *srcInfo) ErrorList {
	c := &checker{file: file, m: m, info: info}
	var header Pos
	if info != nil {
		header = info.header
	}
	if strings.TrimSpace(m.Name) == "" {
		c.add(header, "the process name is empty")
	}
	if m.Variant != AsIs && m.Variant != ToBe {
		c.add(header, "variant must be as-is or to-be, found %q", m.Variant)
	}

	lanes := make(map[string]int, len(m.Lanes))
	for i, l := range m.Lanes {
		switch j, dup := lanes[l.ID]; {
		case !IsID(l.ID):
			c.add(c.lanePos(i), "lane ID %q is not valid: %s", clip(l.ID), idRule)
		case dup:
			p := c.lanePos(j)
			c.add(c.lanePos(i), "lane %q is already defined at %d:%d", l.ID, p.Line, p.Col)
		default:
			lanes[l.ID] = i
		}
		if strings.TrimSpace(l.Name) == "" {
			c.add(c.lanePos(i), "lane %q has an empty name", clip(l.ID))
		}
	}

	nodes := make(map[string]int, len(m.Nodes))
	perLane := make([]int, len(m.Lanes))
	starts, ends := 0, 0
	for i, n := range m.Nodes {
		switch j, dup := nodes[n.ID]; {
		case !IsID(n.ID):
			c.add(c.nodePos(i), "step ID %q is not valid: %s", clip(n.ID), idRule)
		case dup:
			p := c.nodePos(j)
			c.add(c.nodePos(i), "step %q is already defined at %d:%d", n.ID, p.Line, p.Col)
		default:
			nodes[n.ID] = i
		}
		if !isKind(string(n.Kind)) {
			c.add(n.Pos, "step %q has unknown kind %q (use start, end, user, manual, system, task, xor, and)", clip(n.ID), clip(string(n.Kind)))
		}
		if l, ok := lanes[n.Lane]; ok {
			perLane[l]++
		} else {
			c.add(n.Pos, "step %q is in lane %q, which is not defined", clip(n.ID), clip(n.Lane))
		}
		if n.Kind.IsTask() && strings.TrimSpace(n.Label) == "" {
			c.add(c.nodePos(i), "step %q has an empty label", clip(n.ID))
		}
		if err := crmflow.CheckText(fmt.Sprintf("the label of step %q", clip(n.ID)), n.Label); err != nil {
			c.add(c.nodePos(i), "%s", err.(*crmflow.Error).Message)
		}
		for j, r := range n.Findings {
			if id, ok := crmflow.KindFinding.Normalize(r); !ok || id != r {
				c.add(c.refPos(i, j), "finding reference %q must look like F-001", clip(r))
			}
		}
		for j, r := range n.Reqs {
			if id, ok := crmflow.KindRequirement.Normalize(r); !ok || id != r {
				c.add(c.refPos(i, len(n.Findings)+j), "requirement reference %q must look like REQ-001", clip(r))
			}
		}
		switch n.Kind {
		case Start:
			starts++
		case End:
			ends++
		}
	}
	for i, l := range m.Lanes {
		if j, ok := lanes[l.ID]; ok && j == i && perLane[i] == 0 {
			c.add(c.lanePos(i), "lane %q has no steps", l.ID)
		}
	}
	if starts == 0 {
		c.add(header, `the process has no start event: add one to a lane, e.g. start s1 "开始"`)
	}
	if ends == 0 {
		c.add(header, `the process has no end event: add one to a lane, e.g. end e1 "结束"`)
	}

	in := make([]int, len(m.Nodes))
	out := make([]int, len(m.Nodes))
	next := make([][]int, len(m.Nodes))
	flows := make(map[[2]string]int, len(m.Flows))
	for i, f := range m.Flows {
		from, okFrom := nodes[f.From]
		to, okTo := nodes[f.To]
		if !okFrom {
			c.add(f.Pos, "flow source %q is not defined", clip(f.From))
		}
		if !okTo {
			c.add(c.toPos(i), "flow target %q is not defined", clip(f.To))
		}
		if f.Label != "" && strings.TrimSpace(f.Label) == "" {
			c.add(c.labelPos(i), `empty flow label (write a label or drop the ":")`)
		}
		if err := crmflow.CheckText("the flow label", f.Label); err != nil {
			c.add(c.labelPos(i), "%s", err.(*crmflow.Error).Message)
		}
		if f.From == f.To {
			c.add(f.Pos, "flow from %q to itself is not allowed", clip(f.From))
			continue
		}
		key := [2]string{f.From, f.To}
		if j, dup := flows[key]; dup {
			p := m.Flows[j].Pos
			c.add(f.Pos, "duplicate flow %s -> %s (first at %d:%d)", clip(f.From), clip(f.To), p.Line, p.Col)
			continue
		}
		flows[key] = i
		if okTo && m.Nodes[to].Kind == Start {
			c.add(c.toPos(i), "start event %q cannot have incoming flows (from %q)", f.To, clip(f.From))
		}
		if okFrom && m.Nodes[from].Kind == End {
			c.add(f.Pos, "end event %q cannot have outgoing flows (to %q)", f.From, clip(f.To))
		}
		if okFrom && okTo {
			out[from]++
			in[to]++
			next[from] = append(next[from], to)
		}
	}

	if starts > 0 {
		seen := make([]bool, len(m.Nodes))
		var queue []int
		for i, n := range m.Nodes {
			if j, ok := nodes[n.ID]; ok && j == i && n.Kind == Start {
				seen[i] = true
				queue = append(queue, i)
			}
		}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, j := range next[i] {
				if !seen[j] {
					seen[j] = true
					queue = append(queue, j)
				}
			}
		}
		for i, n := range m.Nodes {
			if j, ok := nodes[n.ID]; ok && j == i && !seen[i] {
				c.add(c.nodePos(i), "step %q cannot be reached from a start event", n.ID)
			}
		}
	}

	for i, n := range m.Nodes {
		if j, ok := nodes[n.ID]; !ok || j != i || !n.Kind.IsGateway() {
			continue
		}
		switch {
		case out[i] == 0 && in[i] >= 2:
			c.add(c.nodePos(i), "gateway %q has no outgoing flow", n.ID)
		case in[i] < 2 && out[i] < 2:
			c.add(c.nodePos(i), "gateway %q must split (2 or more outgoing flows) or join (2 or more incoming flows); it has %d incoming and %d outgoing", n.ID, in[i], out[i])
		}
	}
	c.errs.sort()
	return c.errs
}
