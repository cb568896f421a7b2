package app_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/requirements"
)

// The synthetic project holds what issue 18's large project names, in
// proportion to its register (300 interviews, 2,000 responses, 100 change
// requests and 40 milestones at 5,000 requirements; 3 UAT rounds), every
// record covered by the audit chain, and confirmed requirements left for a
// second freeze.
func TestDemoScaleProject(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "crmflow.db")
	o := app.Options{Clock: doctorNow, Actor: "tester"}
	res, err := app.CreateDemo(ctx, path, app.DemoOptions{Scale: 500, Out: filepath.Join(dir, "out")}, o)
	if err != nil {
		t.Fatal(err)
	}
	sc := res.Scale
	if sc.Interviews != 30 || sc.Responses != 200 || sc.Changes != 10 || sc.Rounds != 3 || sc.Milestones != 12 || sc.Baseline != "v1.0" {
		t.Errorf("scale 500: %+v; want 30 interviews, 200 responses, 10 change requests, 3 rounds, 12 milestones (the template's), baseline v1.0", sc)
	}
	if sc.Frozen == 0 || sc.Confirmed == 0 || sc.Cases == 0 {
		t.Errorf("scale 500: %d frozen, %d confirmed after the freeze, %d test cases; want some of each", sc.Frozen, sc.Confirmed, sc.Cases)
	}
	if res.Research.Interviews != sc.Interviews || res.Responses != sc.Responses {
		t.Errorf("the summary says %d interviews and %d responses, the project holds %d and %d", res.Research.Interviews, res.Responses, sc.Interviews, sc.Responses)
	}
	a, err := app.Open(ctx, path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	states := map[change.State]int{}
	crs, err := a.Changes.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, cr := range crs {
		states[cr.State]++
	}
	if len(crs) != 10 || states[change.Submitted] != 4 || states[change.Analyzed] != 2 || states[change.Approved] != 3 || states[change.Rejected] != 1 {
		t.Errorf("change requests by state: %v (%d); want 4 submitted, 2 analyzed, 3 approved, 1 rejected", states, len(crs))
	}
	plan, err := a.Milestones.Plan(ctx)
	if err != nil || len(plan.Milestones) != 12 {
		t.Errorf("plan: %v milestones, err %v", len(plan.Milestones), err)
	}
	reqs, err := a.Requirements.Store.Requirements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	verified := 0
	for _, r := range reqs {
		if r.Status == requirements.Verified {
			verified++
		}
	}
	if verified == 0 {
		t.Error("three UAT rounds verified no requirement")
	}
	rep, err := a.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Errorf("audit verify: %+v, %v", rep.Problems, err)
	}
}
