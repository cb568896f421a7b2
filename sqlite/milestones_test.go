package sqlite

import (
	"context"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

func TestMilestonesStoreRoundTrip(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	svc := &milestones.Service{Store: db.Milestones(), Clock: crmflow.FixedClock{T: testNow}}
	before, err := db.AuditLog(ctx, crmflow.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Init(ctx, milestones.InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: "2026-11-02", Buffer: "10%"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Finish(ctx, "MS-01", "2026-11-17"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DeliverableDone(ctx, "MS-01", "1", "2026-11-16"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.TakeBaseline(ctx, "P1"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetDay(ctx, "2026-11-28", "workday", "赶工"); err != nil {
		t.Fatal(err)
	}
	s := func(v string) *string { return &v }
	if _, err := svc.AddRisk(ctx, milestones.RiskInput{Text: s("客户IT人手不足"), Probability: s("高"), Impact: s("中"), Due: s("2026-12-01")}); err != nil {
		t.Fatal(err)
	}
	// A refused change writes nothing, not even an audit event.
	after := []string{"MS-12"}
	if _, err := svc.Edit(ctx, "MS-01", milestones.EditInput{After: &after}); err == nil {
		t.Fatal("a cycle was accepted")
	}
	p, err := db.Milestones().Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := p.Milestone("MS-01")
	if p.Settings.BufferPct != 10 || len(p.Milestones) != 12 || m.ActualFinish.String() != "2026-11-17" || m.ActualStart.String() != "2026-11-02" ||
		!m.Deliverables[0].Done || len(m.Preds) != 0 {
		t.Fatalf("plan read back: %+v %+v", p.Settings, m)
	}
	if m2, _ := p.Milestone("MS-06"); len(m2.Preds) != 2 || m2.Preds[1].ID != "MS-05" {
		t.Fatalf("dependencies read back: %+v", m2.Preds)
	}
	if len(p.Baselines) != 1 || p.Baselines[0].Dates["MS-12"].Finish == 0 || len(p.Overrides) != 1 || !p.Overrides[0].Workday ||
		len(p.Risks) != 1 || p.Risks[0].Probability != milestones.High {
		t.Fatalf("baselines %+v overrides %+v risks %+v", p.Baselines, p.Overrides, p.Risks)
	}
	events, err := db.AuditLog(ctx, crmflow.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// plan + 12 milestones, done, deliverable, baseline, calendar day, risk.
	if got := len(events) - len(before); got != 18 {
		t.Errorf("%d audit events, want 18", got)
	}
	entities := map[string]bool{}
	for _, e := range events {
		entities[e.Entity] = true
	}
	for _, want := range []string{"plan", "MS-01", "MS-12", "RISK-01", "calendar:2026-11-28", "plan-baseline:P1"} {
		if !entities[want] {
			t.Errorf("no audit event for %s", want)
		}
	}
}

func TestMilestonesShiftFromAppliedChange(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	svc := &milestones.Service{Store: db.Milestones(), Clock: crmflow.FixedClock{T: testNow}}
	if _, err := svc.Init(ctx, milestones.InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: "2026-12-07"}); err != nil {
		t.Fatal(err)
	}
	// What cr apply writes for a change analyzed with --milestone MS-06.
	if _, err := db.sql.Exec("INSERT INTO schedule_impacts(cr, days, milestones, created_at) VALUES ('CR-001', 2.5, '[\"MS-06\",\"MS-07\"]', '2026-11-20T10:00:00+08:00')"); err != nil {
		t.Fatal(err)
	}
	sch, err := svc.Schedule(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := sch.Row("MS-07")
	if r.CRDays != 3 || len(r.MovedBy) != 1 || r.MovedBy[0].CR != "CR-001" || r.Reason(crmflow.LangEN) != "moved by CR-001 (+3 working days)" {
		t.Errorf("MS-07 %+v", r)
	}
}

// Two processes adding milestones at once get distinct IDs: each use case
// reads the plan inside its own write transaction.
func TestMilestonesConcurrentAdds(t *testing.T) {
	db, p := newDB(t)
	ctx := context.Background()
	svc := &milestones.Service{Store: db.Milestones(), Clock: crmflow.FixedClock{T: testNow}}
	if _, err := svc.Init(ctx, milestones.InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: "2026-12-07"}); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, p, Options{Clock: crmflow.FixedClock{T: testNow}, Actor: "other"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	svc2 := &milestones.Service{Store: other.Milestones(), Clock: crmflow.FixedClock{T: testNow}}
	errs := make(chan error, 20)
	for i := 0; i < 10; i++ {
		for _, s := range []*milestones.Service{svc, svc2} {
			go func(s *milestones.Service) {
				_, err := s.Add(ctx, milestones.MilestoneInput{Name: "并发", Duration: "1d", After: []string{"MS-12"}})
				errs <- err
			}(s)
		}
	}
	for i := 0; i < 20; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	plan, err := db.Milestones().Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range plan.Milestones {
		if seen[m.ID] {
			t.Fatalf("duplicate %s", m.ID)
		}
		seen[m.ID] = true
	}
	if len(plan.Milestones) != 32 || !seen["MS-32"] {
		t.Fatalf("%d milestones", len(plan.Milestones))
	}
}
