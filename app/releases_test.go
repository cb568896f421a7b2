package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/requirements"
)

// SetRelease is what other capabilities (feedback triage) call: it keeps the
// release rules and its changes are audited.
func TestSetReleaseThroughTheApp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmflow.db")
	a := openAt(t, path, "2026-12-28T10:00:00+08:00", true)
	rs, err := a.Requirements.Add(ctx,
		requirements.Input{Requirement: requirements.Requirement{Title: "拜访录入", Criteria: []string{"可见"}, Value: 3, Difficulty: 3, Urgency: 3}, ModuleName: "拜访跟进"},
		requirements.Input{Requirement: requirements.Requirement{Title: "拜访拍照", Criteria: []string{"水印"}, Value: 3, Difficulty: 3, Urgency: 3}, ModuleName: "拜访跟进"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"v1.0", "v1.1"} {
		if _, err := a.ReleaseNotes(ctx, name, "md", ""); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
			t.Fatalf("notes of a missing release: %v", err)
		}
	}
	if _, err := a.Releases.AddRelease(ctx, "v1.0", milestones.NewDate(2026, 12, 31), ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SetRelease(ctx, rs[0].ID, "v1.0"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetRelease(ctx, rs[0].ID, "v2"); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Fatalf("unknown release: %v", err)
	}
	if _, err := a.SetEstimate(ctx, rs[0].ID, "abc"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("estimate abc: %v", err)
	}
	v, err := a.ReleaseView(ctx, "v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Items) != 1 || v.Items[0].Ref != rs[0].ID || len(v.Unestimated) != 1 {
		t.Fatalf("view %+v", v)
	}
	// The store and the audit log agree.
	rep, err := a.db.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("audit: %+v %v", rep, err)
	}
	// Taking it out again.
	if err := a.SetRelease(ctx, rs[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if v, _ = a.ReleaseView(ctx, "v1.0"); len(v.Items) != 0 {
		t.Fatalf("still in the release: %+v", v.Items)
	}
}

// A requirement edit with an estimate and a release is one transaction:
// when either part is refused, nothing is written; when both pass, show,
// history and list see the plan fields.
func TestEditRequirementWithPlanIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	a := openAt(t, filepath.Join(t.TempDir(), "crmflow.db"), "2026-12-28T10:00:00+08:00", true)
	rs, err := a.Requirements.Add(ctx,
		requirements.Input{Requirement: requirements.Requirement{Title: "拜访录入", Criteria: []string{"可见"}, Value: 3, Difficulty: 3, Urgency: 3}, ModuleName: "拜访跟进"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Releases.AddRelease(ctx, "v1.0", milestones.NewDate(2026, 12, 31), ""); err != nil {
		t.Fatal(err)
	}
	id := rs[0].ID
	str := func(s string) *string { return &s }
	events := func() int {
		es, err := a.db.AuditLog(ctx, crmflow.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	n := events()
	for name, c := range map[string]struct {
		p  requirements.Patch
		pe PlanEdit
	}{
		"bad module":     {requirements.Patch{ModuleName: str("不存在")}, PlanEdit{Estimate: str("3d"), Release: str("v1.0")}},
		"bad release":    {requirements.Patch{Title: str("新标题")}, PlanEdit{Estimate: str("3d"), Release: str("v9")}},
		"bad estimate":   {requirements.Patch{Title: str("新标题")}, PlanEdit{Estimate: str("abc"), Release: str("v1.0")}},
		"nothing to set": {requirements.Patch{}, PlanEdit{}},
	} {
		if _, err := a.EditRequirement(ctx, id, c.p, c.pe); err == nil {
			t.Errorf("%s: no error", name)
		}
		if got := events(); got != n {
			t.Errorf("%s: %d audit events written", name, got-n)
		}
	}
	r, err := a.EditRequirement(ctx, id, requirements.Patch{Title: str("新标题")}, PlanEdit{Estimate: str("3d"), Release: str("v1.0")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "新标题" || r.Revision != 2 {
		t.Fatalf("edited %+v", r)
	}
	v, err := a.RequirementView(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if v.Release != "v1.0" || v.Estimate != 3 {
		t.Fatalf("view release %q estimate %v", v.Release, v.Estimate)
	}
	_, hist, err := a.RequirementHistory(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, c := range hist {
		fields = append(fields, c.Field+"="+c.New)
	}
	if got := strings.Join(fields[len(fields)-3:], " "); got != "title=新标题 release=v1.0 estimate=3d" {
		t.Fatalf("history ends %q", got)
	}
	l, err := a.ListRequirements(ctx, requirements.Filter{Fields: map[string]string{"release": "v1.0"}}, SortRelease, []string{"estimate"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Requirements) != 1 || l.Column(&l.Requirements[0], "estimate") != "3d" || l.View(0).Release != "v1.0" {
		t.Fatalf("listing %+v", l.Requirements)
	}
	if l, err = a.ListRequirements(ctx, requirements.Filter{Fields: map[string]string{"release": ""}}, "", nil, false); err != nil || len(l.Requirements) != 0 {
		t.Fatalf("in no release: %d, %v", len(l.Requirements), err)
	}
	if rep, err := a.db.VerifyAudit(ctx); err != nil || !rep.OK {
		t.Fatalf("audit: %+v %v", rep, err)
	}
}
