package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/meeting"
	accdoc "github.com/crmflow/crmflow/report/acceptance"
	"github.com/crmflow/crmflow/requirements"
)

func acceptanceWorkspace(t *testing.T) (*App, context.Context) {
	t.Helper()
	ctx := context.Background()
	a, err := Create(ctx, filepath.Join(t.TempDir(), "crmflow.db"), crmflow.Project{Name: "快消CRM", Client: "某快消企业", Lang: crmflow.LangZH}, nil,
		Options{Clock: crmflow.FixedClock{T: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)}, Actor: "pm"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	in := []requirements.Input{
		{Requirement: requirements.Requirement{Title: "拜访录入", Value: 3, Difficulty: 3, Urgency: 3, Kind: requirements.KindFunctional, Criteria: []string{"5 秒内可见", "离线可录入"}}, ModuleName: "拜访跟进"},
		{Requirement: requirements.Requirement{Title: "客户查重", Value: 3, Difficulty: 3, Urgency: 3, Kind: requirements.KindFunctional, Criteria: []string{"手机号查重"}}, ModuleName: "客户信息"},
	}
	if _, err := a.Requirements.Add(ctx, in...); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Meetings.Add(ctx, meeting.Input{Kind: "confirmation", Date: "2026-11-28", Attendees: []string{"王总"}, Confirm: []string{"REQ-001..REQ-002"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Freeze(ctx, "v1.0", ""); err != nil {
		t.Fatal(err)
	}
	if _, cases, err := a.Acceptance.Generate(ctx, "", crmflow.LangZH); err != nil || len(cases) != 3 {
		t.Fatalf("generated %d: %v", len(cases), err)
	}
	if _, err := a.Acceptance.NewRound(ctx, acceptance.Round{Name: "UAT 第一轮", Testers: []string{"张经理"}}); err != nil {
		t.Fatal(err)
	}
	return a, ctx
}

func sheetRow(n int, tc, result, defect string) acceptance.SheetRow {
	return acceptance.SheetRow{Row: n, Cells: map[string]acceptance.Cell{
		acceptance.FieldCase: {Value: tc, Column: "A"}, acceptance.FieldResult: {Value: result, Column: "H"}, acceptance.FieldDefect: {Value: defect, Column: "L"}}}
}

func TestImportIsAllOrNothingAndAudited(t *testing.T) {
	a, ctx := acceptanceWorkspace(t)
	// One bad row refuses the file: nothing is recorded.
	_, _, err := a.Acceptance.ImportResults(ctx, "UAT-1", "r.xlsx", "UAT用例",
		[]acceptance.SheetRow{sheetRow(4, "TC-001", "通过", ""), sheetRow(5, "TC-002", "也许", "")}, false)
	if err == nil || !strings.Contains(err.Error(), "r.xlsx: sheet UAT用例, row 5, column H") {
		t.Fatalf("bad import: %v", err)
	}
	if x, _ := a.Acceptance.Store.Executions(ctx, "UAT-1"); len(x) != 0 {
		t.Fatalf("a refused import recorded %d results", len(x))
	}
	plan, verified, err := a.Acceptance.ImportResults(ctx, "UAT-1", "r.xlsx", "UAT用例",
		[]acceptance.SheetRow{sheetRow(4, "TC-001", "通过", ""), sheetRow(5, "TC-002", "通过", ""), sheetRow(6, "TC-003", "不通过", "查重报错")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 3 || len(verified) != 1 || verified[0] != "REQ-001" {
		t.Fatalf("plan %+v, verified %v", plan, verified)
	}
	r, _ := a.Requirements.Store.Requirement(ctx, "REQ-001")
	if r.Status != requirements.Verified {
		t.Errorf("REQ-001 is %s", r.Status)
	}
	defs, _ := a.Acceptance.Store.Defects(ctx)
	if len(defs) != 1 || defs[0].Case != "TC-003" || defs[0].Severity != acceptance.Minor || defs[0].Round != "UAT-1" || defs[0].Req != "REQ-002" {
		t.Fatalf("defects = %+v", defs)
	}
	for entity, action := range map[string]string{"UAT-1/TC-001": "result", "UAT-1/TC-003": "result", "DEF-001": "create", "TC-001": "create", "UAT-1": "create"} {
		evs, err := a.db.AuditLog(ctx, crmflow.AuditFilter{Entity: entity})
		if err != nil || len(evs) == 0 || evs[len(evs)-1].Action != action {
			t.Errorf("audit of %s: %+v, %v", entity, evs, err)
		}
	}
	if _, err := a.Acceptance.MoveDefect(ctx, "1", acceptance.Fixed, "改好了"); err != nil {
		t.Fatal(err)
	}
	evs, _ := a.db.AuditLog(ctx, crmflow.AuditFilter{Entity: "DEF-001"})
	if len(evs) != 2 || evs[1].Action != "fixed" || !strings.Contains(string(evs[1].After), `"state":"fixed"`) {
		t.Errorf("defect audit = %+v", evs)
	}
	rep, err := a.db.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Errorf("audit chain: %+v, %v", rep, err)
	}
}

func TestAcceptanceReportPrintsTheSignatureHook(t *testing.T) {
	a, ctx := acceptanceWorkspace(t)
	a.Acceptance.Signatures = func(ctx context.Context, r acceptance.Round) ([]acceptance.Signature, error) {
		return []acceptance.Signature{{Role: "客户方项目负责人", Name: "王总", Meaning: "验收通过", SignedAt: "2026-12-03 10:00", Note: r.ID}}, nil
	}
	rep, err := a.AcceptanceReport(ctx, "UAT-1", crmflow.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict.Verdict != acceptance.Rejected || rep.Verdict.Untested != 3 || rep.Hash == "" || len(rep.Rounds) != 1 {
		t.Errorf("report = %+v", rep)
	}
	md := string(accdoc.Markdown(rep))
	if !strings.Contains(md, "| 客户方项目负责人 | 王总 | 验收通过 | 2026\\-12\\-03 10:00 | UAT\\-1 |") &&
		!strings.Contains(md, "| 客户方项目负责人 | 王总 | 验收通过 | 2026-12-03 10:00 | UAT-1 |") {
		t.Errorf("signature row missing:\n%s", md)
	}
}
