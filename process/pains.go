package process

import (
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
)

// PainPoint is a finding recorded against a map (finding add --process), at
// one of its steps or at the map as a whole.
type PainPoint struct {
	ID   string `json:"id"`   // F-003
	Text string `json:"text"` // the finding's text
	Step string `json:"step"` // a step's ID, or "" for the map as a whole
}

// WithPains returns a copy of m that shows the pain points recorded against
// it: one at a step the map has joins that step's findings (as if the DSL
// named it there); one without a step, or at a step the map no longer has,
// goes to the map's own Pains, unless a step already names it. m itself is
// not changed.
func WithPains(m *Map, pains []PainPoint) Map {
	out := *m
	out.Nodes = slices.Clone(m.Nodes)
	out.Pains = nil
	atStep := map[string]bool{}
	for _, n := range out.Nodes {
		for _, f := range n.Findings {
			atStep[f] = true
		}
	}
	for _, p := range pains {
		if atStep[p.ID] {
			continue
		}
		if i := slices.IndexFunc(out.Nodes, func(n Node) bool { return n.ID == p.Step }); p.Step != "" && i >= 0 {
			out.Nodes[i].Findings = append(slices.Clone(out.Nodes[i].Findings), p.ID)
			atStep[p.ID] = true
			continue
		}
		out.Pains = append(out.Pains, PainPoint{ID: p.ID, Text: p.Text})
		atStep[p.ID] = true
	}
	return out
}

// ResolveStep finds the step ref names in m: its ID (S3) or its label,
// ignoring case and surrounding space.
func (m *Map) ResolveStep(ref string) (Node, error) {
	ref = strings.TrimSpace(ref)
	for _, n := range m.Nodes {
		if n.ID == ref {
			return n, nil
		}
	}
	var found []Node
	for _, n := range m.Nodes {
		if strings.EqualFold(strings.TrimSpace(n.Label), ref) {
			found = append(found, n)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		ids := make([]string, 0, len(m.Nodes))
		for _, n := range m.Nodes {
			if n.Kind.IsTask() || n.Kind.IsGateway() {
				ids = append(ids, n.ID)
			}
		}
		// The facts name the step, not the map as the missing record: the map exists.
		return Node{}, crmflow.Errorf(crmflow.ENOTFOUND, "process map %s has no step with the ID or label %q (its steps: %s)", m.ID, ref, strings.Join(ids, ", ")).
			With("problem", "no-step").With("map", m.ID).With("step", ref).With("steps", strings.Join(ids, ", "))
	}
	ids := make([]string, len(found))
	for i, n := range found {
		ids[i] = n.ID
	}
	return Node{}, crmflow.Errorf(crmflow.EINVALID, "%q labels %d steps of %s: %s; give the step's ID", ref, len(found), m.ID, strings.Join(ids, ", ")).
		With("problem", "ambiguous-step").With("map", m.ID).With("step", ref).With("candidates", strings.Join(ids, ", "))
}
