package milestones

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
)

// memStore applies mutations to an in-memory plan, as the sqlite store does
// to its tables.
type memStore struct {
	p      Plan
	writes int
}

func (m *memStore) Plan(context.Context) (*Plan, error) {
	c := m.p
	return &c, nil
}

func (m *memStore) Update(_ context.Context, _ string, fn func(p *Plan) (Mutation, error)) error {
	c := m.p
	c.Milestones = append([]Milestone{}, m.p.Milestones...)
	mu, err := fn(&c)
	if err != nil {
		return err
	}
	m.writes++
	if mu.Settings != nil {
		m.p.Settings = *mu.Settings
	}
	for _, ms := range mu.Milestones {
		found := false
		for i := range m.p.Milestones {
			if m.p.Milestones[i].ID == ms.ID {
				m.p.Milestones[i], found = ms, true
			}
		}
		if !found {
			m.p.Milestones = append(m.p.Milestones, ms)
		}
	}
	for _, r := range mu.Risks {
		found := false
		for i := range m.p.Risks {
			if m.p.Risks[i].ID == r.ID {
				m.p.Risks[i], found = r, true
			}
		}
		if !found {
			m.p.Risks = append(m.p.Risks, r)
		}
	}
	m.p.Overrides = append(m.p.Overrides, mu.Overrides...)
	if mu.Baseline != nil {
		m.p.Baselines = append(m.p.Baselines, *mu.Baseline)
	}
	return nil
}

func newService(now string) (*Service, *memStore) {
	st := &memStore{}
	t, _ := time.Parse(time.RFC3339, now)
	return &Service{Store: st, Clock: crmflow.FixedClock{T: t}}, st
}

func TestServiceLifecycle(t *testing.T) {
	ctx := context.Background()
	svc, st := newService("2027-01-20T10:00:00+08:00")
	if _, err := svc.Add(ctx, MilestoneInput{Name: "x", Duration: "1d"}); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Fatalf("add before init: %v", err)
	}
	if _, err := svc.Init(ctx, InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: "2027-01-04", Buffer: "20%"}); err != nil {
		t.Fatal(err)
	}
	if st.p.Settings.BufferPct != 20 || len(st.p.Milestones) != 12 {
		t.Fatalf("init: %+v", st.p.Settings)
	}
	if _, err := svc.Init(ctx, InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: "2027-01-04"}); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("second init: %v", err)
	}
	b, err := svc.TakeBaseline(ctx, "P1")
	if err != nil || b.Dates["MS-01"].Finish != d("2027-01-15") || b.BufferDays == 0 {
		t.Fatalf("baseline %+v %v", b, err)
	}
	if _, err := svc.TakeBaseline(ctx, "P1"); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("duplicate baseline: %v", err)
	}
	m, err := svc.Add(ctx, MilestoneInput{Name: "移动端拜访模块开发", After: []string{"MS-04"}, Lag: "2d", Duration: "10d", Owner: "陈开发", Deliverables: []string{"可测试版本"}})
	if err != nil || m.ID != "MS-13" || m.Preds[0] != (Dep{ID: "MS-04", Lag: 2}) {
		t.Fatalf("add %+v %v", m, err)
	}
	writes := st.writes
	for name, in := range map[string]MilestoneInput{
		"negative": {Name: "x", Duration: "-3d"},
		"unknown":  {Name: "x", Duration: "3d", After: []string{"MS-99"}},
		"early":    {Name: "x", Duration: "3d", Start: "2026-12-01"},
		"lag only": {Name: "x", Duration: "3d", Lag: "2d"},
		"no name":  {Name: " ", Duration: "3d"},
	} {
		if _, err := svc.Add(ctx, in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	after := []string{"MS-13"}
	if _, err := svc.Edit(ctx, "MS-04", EditInput{After: &after}); err == nil || !strings.Contains(err.Error(), "MS-04 → MS-13 → MS-04") && !strings.Contains(err.Error(), "MS-13 → MS-04 → MS-13") {
		t.Errorf("edit closing a cycle: %v", err)
	}
	if _, err := svc.Finish(ctx, "MS-01", "2027-02-01"); err == nil {
		t.Error("a finish in the future is refused")
	}
	if st.writes != writes {
		t.Fatal("a refused change wrote something")
	}
	if m, err := svc.Finish(ctx, "MS-01", "2027-01-19"); err != nil || m.ActualStart != d("2027-01-04") {
		t.Fatalf("done %+v %v", m, err)
	}
	if _, err := svc.Start(ctx, "1", "2027-01-05"); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("start after done: %v", err)
	}
	if m, err := svc.DeliverableDone(ctx, "MS-01", "调研报告", ""); err != nil || !m.Deliverables[0].Done || m.Deliverables[0].DoneOn != d("2027-01-20") {
		t.Fatalf("deliverable %+v %v", m, err)
	}
	if _, err := svc.DeliverableDone(ctx, "MS-01", "没有这个", ""); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown deliverable: %v", err)
	}
	s, err := svc.Schedule(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// MS-01 planned to finish 01-15 finished 01-19: two working days late (01-18, 01-19).
	if r, _ := s.Row("MS-01"); r.Slip != 2 || r.RAG != Amber {
		t.Errorf("MS-01 slip %d %s", r.Slip, r.RAG)
	}
	if r, _ := s.Row("MS-02"); r.PushedBy != "MS-01" || r.Start != d("2027-01-20") {
		t.Errorf("MS-02 %+v", r)
	}
	if down, err := svc.Reached(ctx, "MS-08"); err != nil || strings.Join(down, " ") != "MS-08 MS-11 MS-12" {
		t.Errorf("reached %v %v", down, err)
	}
	if _, err := svc.SetDay(ctx, "2027-01-23", "workday", "赶工"); err != nil {
		t.Fatal(err)
	}
	if !st.p.Calendar().IsWorkday(d("2027-01-23")) {
		t.Error("override stored")
	}
	if _, err := svc.SetDay(ctx, "2027-01-23", "maybe", ""); err == nil {
		t.Error("bad day type accepted")
	}
}

func TestServiceRisks(t *testing.T) {
	ctx := context.Background()
	svc, st := newService("2027-01-20T10:00:00+08:00")
	s := func(v string) *string { return &v }
	r, err := svc.AddRisk(ctx, RiskInput{Text: s("客户IT人手不足"), Probability: s("high"), Impact: s("中"), Owner: s("王总"), Due: s("2027-02-01")})
	if err != nil || r.ID != "RISK-01" || r.Exposure() != 6 || r.Status != RiskOpen {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := svc.AddRisk(ctx, RiskInput{Text: s("x"), Probability: s("very"), Impact: s("low")}); err == nil {
		t.Error("bad probability accepted")
	}
	if _, err := svc.AddRisk(ctx, RiskInput{Text: s("x")}); err == nil {
		t.Error("a risk without probability accepted")
	}
	if _, err := svc.AddRisk(ctx, RiskInput{Text: s("数据质量差"), Probability: s("low"), Impact: s("high")}); err != nil {
		t.Fatal(err)
	}
	r, err = svc.EditRisk(ctx, "1", RiskInput{Status: s("closed")})
	if err != nil || r.Status != RiskClosed || r.Text != "客户IT人手不足" {
		t.Fatalf("%+v %v", r, err)
	}
	if top := TopRisks(st.p.Risks, 5); len(top) != 1 || top[0].ID != "RISK-02" {
		t.Errorf("top %v", top)
	}
	if _, err := svc.EditRisk(ctx, "RISK-09", RiskInput{}); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown risk: %v", err)
	}
}

func TestWeeklyData(t *testing.T) {
	p := chain()
	p.Settings.BufferPct = 50
	p.Milestones[0].ActualStart, p.Milestones[0].ActualFinish = d("2026-03-02"), d("2026-03-06")
	p.Milestones[0].Deliverables = []Deliverable{{Name: "调研报告", Done: true, DoneOn: d("2026-03-05")}}
	now := mustCompute(t, p, "2026-03-06")
	lastP := chain()
	lastP.Settings.BufferPct = 50
	last := mustCompute(t, lastP, "2026-02-27")
	risks := []Risk{
		{ID: "RISK-01", Seq: 1, Text: "a", Probability: High, Impact: High, Status: RiskOpen, CreatedAt: d("2026-03-04").Time()},
		{ID: "RISK-02", Seq: 2, Text: "b", Probability: Low, Impact: Medium, Status: RiskOpen, CreatedAt: d("2026-02-20").Time(), Due: d("2026-03-01")},
		{ID: "RISK-03", Seq: 3, Text: "c", Probability: High, Impact: High, Status: RiskClosed},
	}
	crs := []ChangeItem{{ID: "CR-001", Title: "加字段", State: "analyzed", SubmittedAt: d("2026-03-03").Time()}}
	w, err := WeeklyData(WeekInput{Week: d("2026-03-04"), Now: now, Last: last, Risks: risks, Changes: crs,
		Reqs: ReqCounts{Total: 56, Last: 52, Baseline: 50}})
	if err != nil {
		t.Fatal(err)
	}
	if w.Week != "2026-W10" || w.From != d("2026-03-02") || w.To != d("2026-03-08") {
		t.Errorf("week %s %s %s", w.Week, w.From, w.To)
	}
	var done []string
	for _, it := range w.Done {
		done = append(done, it.Kind+":"+it.ID)
	}
	if strings.Join(done, " ") != "deliverable:MS-01 finished:MS-01" {
		t.Errorf("done %v", done)
	}
	var next []string
	for _, it := range w.Next {
		next = append(next, it.Kind+":"+it.ID)
	}
	// Next week 03-09..15: B runs 03-09..10 (due), C starts 03-11, D runs 03-09..10.
	if strings.Join(next, " ") != "due:MS-02 due:MS-04 start:MS-03" {
		t.Errorf("next %v", next)
	}
	dims := map[string]Dimension{}
	for _, dm := range w.Dims {
		dims[dm.Key] = dm
	}
	// scope: 56 vs 50 is 12% growth (red), last week 52 is 4% (green): worse.
	if sc := dims["scope"]; sc.RAG != Red || sc.Last != Green || sc.Trend != Worse {
		t.Errorf("scope %+v", sc)
	}
	// risk: RISK-01 (9) is new this week; last week only RISK-02 (2).
	if r := dims["risk"]; r.RAG != Red || r.Last != Green || r.Trend != Worse {
		t.Errorf("risk %+v", r)
	}
	// schedule: 2 of 5 buffer days used (40%) at 0% chain done: amber (was green).
	if s := dims["schedule"]; s.RAG != Amber || s.Last != Green {
		t.Errorf("schedule %+v", s)
	}
	if w.RAG != Red || w.LastRAG != Green || w.Trend != Worse {
		t.Errorf("overall %s was %s: %s", w.RAG, w.LastRAG, w.Trend)
	}
	if len(w.Risks) != 2 || w.Risks[0].ID != "RISK-01" {
		t.Errorf("top risks %v", w.Risks)
	}
	if len(w.Changes) != 1 || len(w.Needs) != 2 || w.Needs[0].ID != "CR-001" || w.Needs[1].ID != "RISK-02" {
		t.Errorf("changes %v needs %+v", w.Changes, w.Needs)
	}
	if !strings.Contains(w.Summary(crmflow.LangEN), "Overall Red (↓)") || !strings.Contains(w.Summary(crmflow.LangZH), "总体红") {
		t.Errorf("summary %q / %q", w.Summary(crmflow.LangEN), w.Summary(crmflow.LangZH))
	}
}
