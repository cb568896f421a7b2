package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/requirements"
)

func openAt(t *testing.T, path, now string, create bool) *App {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, now)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Clock: crmflow.FixedClock{T: ts}, Actor: "pm"}
	var a *App
	if create {
		a, err = Create(context.Background(), path, crmflow.Project{Name: "快消CRM", Lang: crmflow.LangZH}, nil, o)
	} else {
		a, err = Open(context.Background(), path, o)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestWeeklyDataFromWorkspace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crmflow.db")
	a := openAt(t, path, "2026-12-01T10:00:00+08:00", true)
	if _, err := a.InitPlan(ctx, "crm-standard", "2027-01-04", "15%"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TakePlanBaseline(ctx, "P1"); err != nil {
		t.Fatal(err)
	}
	s := func(v string) *string { return &v }
	if _, err := a.AddRisk(ctx, milestones.RiskInput{Text: s("客户IT人手不足"), Probability: s("high"), Impact: s("high"), Owner: s("王总"), Due: s("2027-01-15")}); err != nil {
		t.Fatal(err)
	}
	// A requirement confirmed in week 3 (the clock is then 2027-01-21).
	a = openAt(t, path, "2027-01-21T09:00:00+08:00", false)
	rs, err := a.Requirements.Add(ctx, requirements.Input{Requirement: requirements.Requirement{Title: "拜访记录", Value: 3, Difficulty: 3,
		Urgency: 3, Criteria: []string{"保存后可见"}}, ModuleName: "拜访跟进"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Requirements.SetStatus(ctx, rs[0].ID, requirements.Confirmed); err != nil {
		t.Fatal(err)
	}
	// Week 3 of 2027: MS-01 (planned to finish 01-15) finishes on Tuesday 01-19.
	a = openAt(t, path, "2027-01-21T18:00:00+08:00", false)
	if _, err := a.FinishMilestone(ctx, "MS-01", "2027-01-19"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.StartMilestone(ctx, "MS-02", "2027-01-20"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeliverableDone(ctx, "MS-01", "调研报告", "2027-01-18"); err != nil {
		t.Fatal(err)
	}
	w, err := a.WeeklyData(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if w.Week != "2027-W03" || w.Today.String() != "2027-01-21" {
		t.Fatalf("week %s today %s", w.Week, w.Today)
	}
	if len(w.Done) != 4 || w.Done[0].Kind != "deliverable" || w.Done[1].ID != "MS-01" || w.Done[2].Kind != "started" ||
		w.Done[3] != (milestones.WeekItem{Kind: "requirement", What: "confirmed", Count: 1, Date: milestones.NewDate(2027, 1, 21)}) {
		t.Errorf("done %+v", w.Done)
	}
	r, _ := w.Rows[0], 0
	if r.ID != "MS-01" || r.Slip != 2 || r.BaselineFinish.String() != "2027-01-15" || r.ActualFinish.String() != "2027-01-19" {
		t.Errorf("MS-01 row %+v", r)
	}
	if w.Buffer.UsedDays != 2 || w.LastBuf == nil || w.LastBuf.UsedDays != 0 {
		t.Errorf("buffer %+v last %+v", w.Buffer, w.LastBuf)
	}
	if len(w.Risks) != 1 || w.Risks[0].Exposure() != 9 || len(w.Needs) != 1 || w.Needs[0].Kind != "risk" {
		t.Errorf("risks %+v needs %+v", w.Risks, w.Needs)
	}
	dims := map[string]milestones.Dimension{}
	for _, d := range w.Dims {
		dims[d.Key] = d
	}
	if dims["risk"].RAG != milestones.Red || dims["schedule"].Last != milestones.Green || w.RAG != milestones.Red {
		t.Errorf("dims %+v overall %s", dims, w.RAG)
	}
	// Next week (01-25..31) MS-02 is due and MS-03 starts.
	if len(w.Next) < 2 || w.Next[0].ID != "MS-02" || w.Next[0].Kind != "due" {
		t.Errorf("next %+v", w.Next)
	}
	if _, err := a.WeeklyData(ctx, milestones.NewDate(2027, 1, 11)); err != nil {
		t.Errorf("an earlier week: %v", err)
	}
}
