package process

import (
	"slices"
	"testing"

	"github.com/crmflow/crmflow"
)

func painsMap() *Map {
	return &Map{ID: "PM-001", Name: "visits", Variant: AsIs,
		Lanes: []Lane{{ID: "rep", Name: "Sales rep"}},
		Nodes: []Node{
			{ID: "s", Kind: Start, Lane: "rep"},
			{ID: "S2", Kind: Manual, Label: "Log the visit", Lane: "rep", Findings: []string{"F-001"}},
			{ID: "S3", Kind: User, Label: "Plan next visit", Lane: "rep"},
			{ID: "e", Kind: End, Lane: "rep"},
		}}
}

// TestWithPains: a finding at a step the map has joins that step; one without
// a step, or at a step the map lost, is the map's own; one the DSL already
// names at a step is not repeated; the map given is not changed.
func TestWithPains(t *testing.T) {
	m := painsMap()
	got := WithPains(m, []PainPoint{
		{ID: "F-001", Text: "already at S2 in the DSL"},
		{ID: "F-002", Text: "at S3", Step: "S3"},
		{ID: "F-003", Text: "whole map"},
		{ID: "F-004", Text: "step gone", Step: "S9"},
		{ID: "F-002", Text: "at S3 again", Step: "S3"},
	})
	s3, _ := got.Node("S3")
	if !slices.Equal(s3.Findings, []string{"F-002"}) {
		t.Errorf("S3's findings = %v, want [F-002]", s3.Findings)
	}
	s2, _ := got.Node("S2")
	if !slices.Equal(s2.Findings, []string{"F-001"}) {
		t.Errorf("S2's findings = %v, want [F-001]", s2.Findings)
	}
	want := []PainPoint{{ID: "F-003", Text: "whole map"}, {ID: "F-004", Text: "step gone"}}
	if !slices.Equal(got.Pains, want) {
		t.Errorf("map pains = %v, want %v", got.Pains, want)
	}
	if n, _ := m.Node("S3"); len(n.Findings) != 0 || m.Pains != nil {
		t.Error("WithPains changed the map it was given")
	}
	if d := NodeDecor(s3, NodeBox{ID: "S3", Box: Rect{X: 0, Y: 0, W: 120, H: 60}}); len(d.Findings) == 0 {
		t.Error("the step a finding was recorded at gets no marker in the layout")
	}
}

func TestResolveStep(t *testing.T) {
	m := painsMap()
	for _, ref := range []string{"S3", " plan next visit "} {
		if n, err := m.ResolveStep(ref); err != nil || n.ID != "S3" {
			t.Errorf("ResolveStep(%q) = %s, %v", ref, n.ID, err)
		}
	}
	_, err := m.ResolveStep("Approve")
	if crmflow.ErrorCode(err) != crmflow.ENOTFOUND || err.Error() == "" {
		t.Fatalf("an unknown step: %v", err)
	}
	if want := `process map PM-001 has no step with the ID or label "Approve" (its steps: S2, S3)`; err.Error() != want {
		t.Errorf("error = %q\nwant %q", err, want)
	}
	m.Nodes = append(m.Nodes, Node{ID: "S4", Kind: User, Label: "Log the visit", Lane: "rep"})
	if _, err := m.ResolveStep("log the visit"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("a label two steps share: %v", err)
	}
}
