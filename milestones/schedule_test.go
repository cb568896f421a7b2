package milestones

import (
	"errors"
	"math/rand"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

func ms(id string, dur int, preds ...Dep) Milestone {
	n, _ := crmflow.KindMilestone.Parse(id)
	return Milestone{ID: id, Seq: n, Name: "stage " + id, Duration: dur, Preds: preds}
}

func after(id string, lag int) Dep { return Dep{ID: id, Lag: lag} }

// March 2026 has no public holiday before 清明 (04-04): index i is plain
// weekday arithmetic from Monday 03-02.
const march = "2026-03-02"

func plan(m ...Milestone) *Plan {
	return &Plan{Settings: Settings{Start: d(march)}, Milestones: m}
}

func mustCompute(t *testing.T, p *Plan, today string) *Schedule {
	t.Helper()
	s, err := Compute(p, d(today))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func row(t *testing.T, s *Schedule, id string) Row {
	t.Helper()
	r, ok := s.Row(id)
	if !ok {
		t.Fatalf("no row %s", id)
	}
	return r
}

// A(3) → B(2) → D(4); A → C(5) → D; A → E(1).
// By hand: ES A0 B3 C3 D8 E3; EF A3 B5 C8 D12 E4; end 12.
// LS A0 B6 C3 D8 E11: total float A0 B3 C0 D0 E8; free float A0 B3 C0 D0 E8.
func knownGraph() *Plan {
	return plan(ms("MS-01", 3), ms("MS-02", 2, after("MS-01", 0)), ms("MS-03", 5, after("MS-01", 0)),
		ms("MS-04", 4, after("MS-02", 0), after("MS-03", 0)), ms("MS-05", 1, after("MS-01", 0)))
}

func TestCPMKnownGraph(t *testing.T) {
	s := mustCompute(t, knownGraph(), "2026-02-01")
	want := map[string]struct {
		start, finish string
		tf, ff        int
		crit          bool
	}{
		"MS-01": {"2026-03-02", "2026-03-04", 0, 0, true},
		"MS-02": {"2026-03-05", "2026-03-06", 3, 3, false},
		"MS-03": {"2026-03-05", "2026-03-11", 0, 0, true},
		"MS-04": {"2026-03-12", "2026-03-17", 0, 0, true},
		"MS-05": {"2026-03-05", "2026-03-05", 8, 8, false},
	}
	for id, w := range want {
		r := row(t, s, id)
		if r.Start.String() != w.start || r.Finish.String() != w.finish || r.TotalFloat != w.tf || r.FreeFloat != w.ff || r.Critical != w.crit {
			t.Errorf("%s: start %s finish %s TF %d FF %d critical %v; want %+v", id, r.Start, r.Finish, r.TotalFloat, r.FreeFloat, r.Critical, w)
		}
	}
	if got := strings.Join(s.CriticalPath, " "); got != "MS-01 MS-03 MS-04" {
		t.Errorf("critical path %s", got)
	}
	if r := row(t, s, "MS-02"); r.LateStart != d("2026-03-10") || r.LateFinish != d("2026-03-11") {
		t.Errorf("MS-02 late dates %s %s", r.LateStart, r.LateFinish)
	}
	if s.Finish != d("2026-03-17") {
		t.Errorf("finish %s", s.Finish)
	}
}

func TestCPMLags(t *testing.T) {
	p := knownGraph()
	p.Milestones[3].Preds[0].Lag = 2 // B → D with 2 working days of lag
	s := mustCompute(t, p, "2026-02-01")
	// D still starts at 8 (C drives it); B's late finish is 8-2 = 6: TF 1, FF 1.
	if r := row(t, s, "MS-02"); r.TotalFloat != 1 || r.FreeFloat != 1 {
		t.Errorf("MS-02 with lag: TF %d FF %d, want 1 1", r.TotalFloat, r.FreeFloat)
	}
	p.Milestones[3].Preds[0].Lag = 5 // now B drives D: 5+5 = 10
	s = mustCompute(t, p, "2026-02-01")
	if r := row(t, s, "MS-04"); r.Start != d("2026-03-16") || !row(t, s, "MS-02").Critical || row(t, s, "MS-03").TotalFloat != 2 {
		t.Errorf("lag 5: D starts %s, B critical %v, C TF %d", r.Start, row(t, s, "MS-02").Critical, row(t, s, "MS-03").TotalFloat)
	}
	p.Milestones[2].Preds[0].Lag = -2 // a lead: C starts 2 days before A finishes
	s = mustCompute(t, p, "2026-02-01")
	if r := row(t, s, "MS-03"); r.Start != d("2026-03-03") {
		t.Errorf("lead: C starts %s", r.Start)
	}
}

func TestCPMOverHolidays(t *testing.T) {
	// A 5-day stage starting Friday 2026-02-13 works 13, 14 (调休 Sat), 24, 25, 26.
	p := &Plan{Settings: Settings{Start: d("2026-02-13")}, Milestones: []Milestone{ms("MS-01", 5), ms("MS-02", 1, after("MS-01", 0))}}
	s := mustCompute(t, p, "2026-01-01")
	if r := row(t, s, "MS-01"); r.Finish != d("2026-02-26") {
		t.Errorf("finish over Spring Festival %s", r.Finish)
	}
	if r := row(t, s, "MS-02"); r.Start != d("2026-02-27") {
		t.Errorf("successor starts %s", r.Start)
	}
}

func TestCycleNamed(t *testing.T) {
	p := plan(ms("MS-01", 1), ms("MS-02", 1, after("MS-01", 0)), ms("MS-03", 1, after("MS-02", 0), after("MS-05", 0)),
		ms("MS-04", 1, after("MS-03", 0)), ms("MS-05", 1, after("MS-03", 0)))
	_, err := Compute(p, d(march))
	var e *crmflow.Error
	if !errors.As(err, &e) || e.Code != crmflow.EINVALID {
		t.Fatalf("want an EINVALID cycle error, got %v", err)
	}
	if c := e.Facts["cycle"]; c != "MS-03 → MS-05 → MS-03" && c != "MS-05 → MS-03 → MS-05" {
		t.Errorf("cycle named %q (message %q)", c, e.Message)
	}
	if strings.Contains(e.Message, "crmflow ") {
		t.Errorf("domain errors carry no command line: %q", e.Message)
	}
}

func TestValidateErrors(t *testing.T) {
	cases := map[string]*Plan{
		"negative":      plan(ms("MS-01", -1)),
		"unknown":       plan(ms("MS-01", 1, after("MS-09", 0))),
		"self":          plan(ms("MS-01", 1, after("MS-01", 0))),
		"before start":  {Settings: Settings{Start: d(march)}, Milestones: []Milestone{{ID: "MS-01", Name: "x", StartOn: d("2026-02-01")}}},
		"finish<start":  {Settings: Settings{Start: d(march)}, Milestones: []Milestone{{ID: "MS-01", Name: "x", ActualStart: d("2026-03-05"), ActualFinish: d("2026-03-04")}}},
		"finish only":   {Settings: Settings{Start: d(march)}, Milestones: []Milestone{{ID: "MS-01", Name: "x", ActualFinish: d("2026-03-04")}}},
		"duplicate dep": plan(ms("MS-01", 1), ms("MS-02", 1, after("MS-01", 0), after("MS-01", 1))),
	}
	for name, p := range cases {
		if err := p.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Compute(&Plan{}, d(march)); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("no plan: %v", err)
	}
}

// A(3) → B(2) → C(4); A → D(2) (float 4).
func chain() *Plan {
	return plan(ms("MS-01", 3), ms("MS-02", 2, after("MS-01", 0)), ms("MS-03", 4, after("MS-02", 0)), ms("MS-04", 2, after("MS-01", 0)))
}

func TestCRShiftMovesMilestoneAndSuccessors(t *testing.T) {
	p := chain()
	p.Shifts = []Shift{{CR: "CR-001", Milestone: "MS-02", Days: 2.5}} // rounds up to 3 working days
	s := mustCompute(t, p, "2026-02-01")
	b, c, dd := row(t, s, "MS-02"), row(t, s, "MS-03"), row(t, s, "MS-04")
	if b.PlannedFinish != d("2026-03-11") || b.CRDays != 3 || len(b.MovedBy) != 1 || b.MovedBy[0] != (Move{CR: "CR-001", Days: 3}) {
		t.Errorf("MS-02: planned finish %s, CR days %d, moved by %v", b.PlannedFinish, b.CRDays, b.MovedBy)
	}
	if c.Start != d("2026-03-12") || c.CRDays != 3 || c.Slip != 3 {
		t.Errorf("MS-03 follows: start %s, CR days %d, slip %d", c.Start, c.CRDays, c.Slip)
	}
	if got := c.Reason(crmflow.LangEN); got != "moved by CR-001 (+3 working days)" {
		t.Errorf("reason %q", got)
	}
	if got := c.Reason(crmflow.LangZH); !strings.Contains(got, "CR-001") || !strings.Contains(got, "+3 个工作日") {
		t.Errorf("zh reason %q", got)
	}
	if dd.CRDays != 0 || len(dd.MovedBy) != 0 || row(t, s, "MS-01").CRDays != 0 {
		t.Errorf("milestones not after MS-02 do not move: %+v", dd)
	}
	// A finished milestone keeps its dates; the shift delays its successors.
	p.Milestones[1].ActualStart, p.Milestones[1].ActualFinish = d("2026-03-05"), d("2026-03-06")
	p.Milestones[0].ActualStart, p.Milestones[0].ActualFinish = d("2026-03-02"), d("2026-03-04")
	s = mustCompute(t, p, "2026-03-06")
	if b, c := row(t, s, "MS-02"), row(t, s, "MS-03"); b.Finish != d("2026-03-06") || c.Start != d("2026-03-12") {
		t.Errorf("shift on a finished milestone: B finish %s, C start %s", b.Finish, c.Start)
	}
	if down, _ := p.Downstream("MS-02"); strings.Join(down, " ") != "MS-02 MS-03" {
		t.Errorf("downstream %v", down)
	}
}

func TestForecastLateMilestonePushesSuccessors(t *testing.T) {
	p := chain()
	p.Settings.BufferPct = 50 // 9 working days → 5 days of buffer
	// A finished two days late.
	p.Milestones[0].ActualStart, p.Milestones[0].ActualFinish = d("2026-03-02"), d("2026-03-06")
	s := mustCompute(t, p, "2026-03-06")
	b := row(t, s, "MS-02")
	if b.Start != d("2026-03-09") || b.ProgressDays != 2 || b.PushedBy != "MS-01" || b.Slip != 2 {
		t.Errorf("MS-02 pushed: start %s, progress %d by %q, slip %d", b.Start, b.ProgressDays, b.PushedBy, b.Slip)
	}
	if got := b.Reason(crmflow.LangEN); got != "pushed by late MS-01 (+2 working days)" {
		t.Errorf("reason %q", got)
	}
	if s.Buffer.Days != 5 || s.Buffer.UsedDays != 2 || s.Buffer.UsedPct != 40 {
		t.Errorf("buffer %+v", s.Buffer)
	}
	// The finished milestone spent 2 days: 3 remain. B slips 2 ≤ 0 + 3: amber; A finished late: amber.
	if s.Buffer.Remaining != 3 || b.RAG != Amber || row(t, s, "MS-01").RAG != Amber {
		t.Errorf("remaining %d, B %s, A %s", s.Buffer.Remaining, b.RAG, row(t, s, "MS-01").RAG)
	}
	// MS-04 had 4 days of float: a slip of 2 leaves it green? No: it slips 2
	// against its own reference finish but within float + buffer: amber.
	if r := row(t, s, "MS-04"); r.Slip != 2 || r.RAG != Amber {
		t.Errorf("MS-04 slip %d %s", r.Slip, r.RAG)
	}
}

func TestForecastTodayRules(t *testing.T) {
	p := chain()
	// Not started, today is 03-04 (index 2): A starts today, finishes 03-06.
	s := mustCompute(t, p, "2026-03-04")
	if a := row(t, s, "MS-01"); a.Start != d("2026-03-04") || a.Finish != d("2026-03-06") || a.ProgressDays != 2 || a.PushedBy != "" {
		t.Errorf("not started: %s–%s progress %d pushed by %q", a.Start, a.Finish, a.ProgressDays, a.PushedBy)
	}
	if got := row(t, s, "MS-01").Reason(crmflow.LangEN); got != "behind plan (+2 working days)" {
		t.Errorf("reason %q", got)
	}
	// Started on time but not done by 03-09 (index 5): its forecast finish moves to today.
	p.Milestones[0].ActualStart = d("2026-03-02")
	s = mustCompute(t, p, "2026-03-09")
	if a := row(t, s, "MS-01"); a.Finish != d("2026-03-09") || a.Status != InProgress {
		t.Errorf("in progress past its finish: %s", a.Finish)
	}
	if b := row(t, s, "MS-02"); b.Start != d("2026-03-10") {
		t.Errorf("its successor starts %s", b.Start)
	}
	// A weekend "today" means the next working day.
	s = mustCompute(t, p, "2026-03-07")
	if a := row(t, s, "MS-01"); a.Finish != d("2026-03-09") {
		t.Errorf("on a Saturday: %s", a.Finish)
	}
}

func TestRedWhenSlipPassesRemainingBuffer(t *testing.T) {
	p := chain()
	p.Settings.BufferPct = 20 // 9 days → 2 days of buffer
	p.Milestones[0].ActualStart = d("2026-03-02")
	s := mustCompute(t, p, "2026-03-09") // A forecast finish 3 days late
	if a := row(t, s, "MS-01"); a.Slip != 3 || a.RAG != Red {
		t.Errorf("A slip %d rag %s", a.Slip, a.RAG)
	}
	if s.Buffer.UsedPct != 150 || s.Buffer.Zone != Red || s.RAG != Red {
		t.Errorf("buffer %+v, overall %s", s.Buffer, s.RAG)
	}
}

func TestBaselineIsTheReference(t *testing.T) {
	p := chain()
	p.Settings.BufferPct = 10
	p.Baselines = []Baseline{{Name: "P1", Finish: d("2026-03-16"), BufferDays: 4, Dates: map[string]BaselineDates{
		"MS-03": {Start: d("2026-03-11"), Finish: d("2026-03-16")},
	}}}
	s := mustCompute(t, p, "2026-02-01")
	// Plan finishes 03-12; the baseline said 03-16: two days early.
	if r := row(t, s, "MS-03"); r.Slip != -2 || r.BaselineFinish != d("2026-03-16") || r.RAG != Green {
		t.Errorf("against P1: slip %d, baseline %s, %s", r.Slip, r.BaselineFinish, r.RAG)
	}
	if s.Baseline != "P1" || s.Buffer.Days != 4 || s.Buffer.Commit != d("2026-03-20") || s.Buffer.UsedDays != 0 {
		t.Errorf("schedule %s buffer %+v", s.Baseline, s.Buffer)
	}
}

func TestFeverZone(t *testing.T) {
	for _, tc := range []struct {
		used, done float64
		want       RAG
	}{{0, 0, Green}, {20, 0, Green}, {21, 0, Amber}, {41, 0, Red}, {60, 50, Amber}, {71, 50, Red}, {79, 100, Green}, {101, 100, Red}} {
		if got := FeverZone(tc.used, tc.done); got != tc.want {
			t.Errorf("FeverZone(%v, %v) = %s, want %s", tc.used, tc.done, got, tc.want)
		}
	}
}

func TestTemplates(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	langs := map[crmflow.Lang]bool{}
	for _, tm := range ts {
		langs[tm.Lang] = true
		p := &Plan{Settings: Settings{Start: d("2027-01-04"), BufferPct: tm.BufferPct}, Milestones: tm.Instantiate()}
		s, err := Compute(p, d("2027-01-01"))
		if err != nil {
			t.Fatalf("%s/%s: %v", tm.Name, tm.Lang, err)
		}
		if len(s.Rows) != 12 || len(s.CriticalPath) < 5 {
			t.Errorf("%s/%s: %d rows, critical %v", tm.Name, tm.Lang, len(s.Rows), s.CriticalPath)
		}
		for _, r := range s.Rows {
			if len(r.Deliverables) == 0 {
				t.Errorf("%s/%s %s has no deliverable", tm.Name, tm.Lang, r.ID)
			}
			hasHan := strings.IndexFunc(r.Name, func(c rune) bool { return c >= 0x4e00 && c <= 0x9fff }) >= 0
			if hasHan != (tm.Lang == crmflow.LangZH) {
				t.Errorf("%s/%s: %q is in the wrong language", tm.Name, tm.Lang, r.Name)
			}
		}
	}
	if !langs[crmflow.LangZH] || !langs[crmflow.LangEN] {
		t.Errorf("templates in %v", langs)
	}
	zh, err := FindTemplate("crm-standard", crmflow.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range zh.Milestones {
		names = append(names, st.Name)
	}
	if got := strings.Join(names, " "); got != "需求调研 业务流程梳理 需求确认/冻结 方案设计 原型设计 开发迭代 集成测试 用户验收 数据迁移 培训 上线 运维支持" {
		t.Errorf("stages %s", got)
	}
	if _, err := FindTemplate("nope", crmflow.LangZH); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown template: %v", err)
	}
}

// bigPlan has n milestones and about 2n dependencies.
func bigPlan(n int) *Plan {
	r := rand.New(rand.NewSource(1))
	p := &Plan{Settings: Settings{Start: d("2027-01-04"), BufferPct: 15}}
	for i := 1; i <= n; i++ {
		m := ms(crmflow.KindMilestone.Format(i), 1+r.Intn(10))
		if i > 1 {
			m.Preds = append(m.Preds, after(crmflow.KindMilestone.Format(i-1), 0))
		}
		if i > 2 {
			j := 1 + r.Intn(i-2)
			m.Preds = append(m.Preds, after(crmflow.KindMilestone.Format(j), r.Intn(3)))
		}
		p.Milestones = append(p.Milestones, m)
	}
	return p
}

func TestBigPlan(t *testing.T) {
	p := bigPlan(2000)
	deps := 0
	for _, m := range p.Milestones {
		deps += len(m.Preds)
	}
	if deps < 3990 {
		t.Fatalf("%d dependencies", deps)
	}
	s := mustCompute(t, p, "2027-03-01")
	if len(s.Rows) != 2000 || len(s.CriticalPath) == 0 {
		t.Fatal("schedule incomplete")
	}
}

func BenchmarkSchedule2000(b *testing.B) {
	p := bigPlan(2000)
	for b.Loop() {
		if _, err := Compute(p, d("2027-03-01")); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAsOfIgnoresLaterProgress(t *testing.T) {
	p := chain()
	p.Milestones[0].ActualStart, p.Milestones[0].ActualFinish = d("2026-03-02"), d("2026-03-06")
	p.Milestones[0].Deliverables = []Deliverable{{Name: "x", Done: true, DoneOn: d("2026-03-06")}}
	s := mustCompute(t, p, "2026-03-03")
	a := row(t, s, "MS-01")
	if a.Status != InProgress || a.ActualFinish != 0 || a.Deliverables[0].Done || a.Finish != d("2026-03-04") {
		t.Errorf("as of 03-03: %+v", a)
	}
	if p.Milestones[0].ActualFinish == 0 || !p.Milestones[0].Deliverables[0].Done {
		t.Error("the plan itself is not changed")
	}
}

// TestScheduleInvariants checks the CPM's invariants on random plans, with
// and without progress: every successor starts after its predecessors'
// finish plus lag, floats are never negative, free float never exceeds total
// float, and a critical path exists.
func TestScheduleInvariants(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	cal := NewCalendar(nil)
	for round := 0; round < 300; round++ {
		n := 2 + r.Intn(25)
		p := &Plan{Settings: Settings{Start: d("2026-01-05"), BufferPct: float64(r.Intn(30))}}
		for i := 1; i <= n; i++ {
			m := ms(crmflow.KindMilestone.Format(i), r.Intn(12))
			for j := 1; j < i; j++ {
				if r.Intn(4) == 0 {
					m.Preds = append(m.Preds, after(crmflow.KindMilestone.Format(j), r.Intn(5)-1))
				}
			}
			p.Milestones = append(p.Milestones, m)
		}
		if r.Intn(2) == 0 {
			p.Shifts = []Shift{{CR: "CR-001", Milestone: crmflow.KindMilestone.Format(1 + r.Intn(n)), Days: float64(1 + r.Intn(4))}}
		}
		today := d("2026-01-05").AddDays(r.Intn(120))
		// Record progress on a prefix of the plan, as of dates before today.
		s0 := mustCompute(t, p, "2026-01-05")
		for i := range p.Milestones {
			row := s0.Rows[i]
			if row.Start < today && r.Intn(2) == 0 {
				p.Milestones[i].ActualStart = row.Start
				if fin := row.Finish.AddDays(r.Intn(5)); fin < today && r.Intn(2) == 0 {
					p.Milestones[i].ActualFinish = fin
				}
			}
		}
		s, err := Compute(p, today)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		open := false
		for _, row := range s.Rows {
			open = open || row.Status != Done
		}
		if open != (len(s.CriticalPath) > 0) {
			t.Fatalf("round %d: critical path %v with open work %v", round, s.CriticalPath, open)
		}
		for _, row := range s.Rows {
			if row.TotalFloat < 0 || row.FreeFloat < 0 || row.FreeFloat > row.TotalFloat {
				t.Fatalf("round %d %s: TF %d FF %d", round, row.ID, row.TotalFloat, row.FreeFloat)
			}
			if row.Finish < row.Start || row.LateStart < row.Start {
				t.Fatalf("round %d %s: %s–%s late %s", round, row.ID, row.Start, row.Finish, row.LateStart)
			}
			if row.Status != Done && row.Finish < cal.NextWorkday(today) && row.Duration > 0 {
				t.Fatalf("round %d %s: unfinished work forecast to finish %s before today %s", round, row.ID, row.Finish, today)
			}
			for _, dep := range row.Preds {
				pr, _ := s.Row(dep.ID)
				// Successor start ≥ predecessor finish + 1 + lag (working days).
				end := pr.Finish
				// A point in time (duration 0) frees its successors the same
				// day, unless it is still open: then it ends today at the earliest.
				if pr.Duration > 0 || pr.Status == InProgress {
					end = cal.AddWorkdays(end, 1)
				}
				if row.Status == NotStarted && cal.WorkdaysBetween(end, row.Start) < dep.Lag {
					t.Fatalf("round %d: %s starts %s, before %s (%s) + %d", round, row.ID, row.Start, pr.ID, pr.Finish, dep.Lag)
				}
			}
		}
	}
}

// A slip of one working day reads "1 working day", not "1 working days".
func TestReasonSingularDay(t *testing.T) {
	cases := map[string]Row{
		"moved by CR-002 (-1 working day)":      {MovedBy: []Move{{CR: "CR-002"}}, CRDays: -1},
		"pushed by late MS-03 (+1 working day)": {PushedBy: "MS-03", ProgressDays: 1},
		"behind plan (+1 working day)":          {ProgressDays: 1},
	}
	for want, r := range cases {
		if got := r.Reason(crmflow.LangEN); got != want {
			t.Errorf("Reason = %q, want %q", got, want)
		}
	}
}
