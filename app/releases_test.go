package app

import (
	"context"
	"path/filepath"
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
