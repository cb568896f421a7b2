package release

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

func TestParseEstimate(t *testing.T) {
	for in, want := range map[string]int{"3d": 24, "0.5d": 4, "3": 24, "4h": 4, "1.5 d": 12, "2天": 16, "6小时": 6, "0.125d": 1} {
		got, err := ParseEstimate("estimate", in)
		if err != nil || got != want {
			t.Errorf("ParseEstimate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"abc", "", "0", "-1d", "0.1d", "300d", "NaN", "3x"} {
		_, err := ParseEstimate("estimate", in)
		var e *crmflow.Error
		if !errors.As(err, &e) || e.Code != crmflow.EINVALID || e.Facts["field"] != "estimate" {
			t.Errorf("ParseEstimate(%q) = %v; want EINVALID naming the field", in, err)
		}
	}
	if FormatDays(4) != "0.5d" || FormatDays(24) != "3d" {
		t.Errorf("FormatDays: %s %s", FormatDays(4), FormatDays(24))
	}
}

func TestItemHoursCountsAChangeRequestsAnalyzedEffort(t *testing.T) {
	for _, c := range []struct {
		it       Item
		analyzed float64
		want     int
	}{
		{Item{Ref: "CR-002"}, 2, 16},                  // no estimate of its own: the analysis counts
		{Item{Ref: "CR-002"}, 0.3, 2},                 // rounded to whole hours
		{Item{Ref: "CR-002", EstimateHours: 4}, 2, 4}, // the plan's own estimate wins
		{Item{Ref: "REQ-004"}, 2, 0},                  // a requirement has no analysis
		{Item{Ref: "CR-003"}, 0, 0},                   // not analyzed yet
	} {
		if got := c.it.Hours(c.analyzed); got != c.want {
			t.Errorf("%+v.Hours(%v) = %d, want %d", c.it, c.analyzed, got, c.want)
		}
	}
}

func TestParseTeamAndLength(t *testing.T) {
	team, err := ParseTeam("陈开发:100%,李测试:50%，王:")
	if err == nil {
		t.Fatalf("an empty availability must be refused, got %v", team)
	}
	team, err = ParseTeam("陈开发:100%,李测试:50%,王")
	want := []Member{{"陈开发", 100}, {"李测试", 50}, {"王", 100}}
	if err != nil || !reflect.DeepEqual(team, want) {
		t.Fatalf("ParseTeam = %v, %v", team, err)
	}
	if _, err := ParseTeam("a:150%"); err == nil {
		t.Error("150% must be refused")
	}
	if n, err := ParseLength("2w"); err != nil || n != 14 {
		t.Errorf("2w = %d, %v", n, err)
	}
	if _, err := ParseLength("0w"); err == nil {
		t.Error("0w must be refused")
	}
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"v1.0", "V2", "一期"} {
		if err := ValidateName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "v 1", "../x", "a/b", "REQ-001", ".hidden", "v1\x01"} {
		if err := ValidateName(bad); err == nil {
			t.Errorf("%q must be refused", bad)
		}
	}
}

func TestPlanSprintsUsesTheWorkingCalendar(t *testing.T) {
	cal := milestones.NewCalendar(nil)
	rel := Release{ID: "REL-01", Name: "v1.0", Target: milestones.NewDate(2027, 2, 28)}
	ss, err := PlanSprints(rel, milestones.NewDate(2027, 2, 1), 14, []Member{{"陈", 100}, {"李", 50}}, 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 {
		t.Fatalf("%d sprints, want 2", len(ss))
	}
	// 2027-02-01..14 holds the Spring Festival holiday (and its 调休), so
	// fewer than ten working days.
	if ss[0].Workdays != cal.WorkdaysBetween(ss[0].Start, ss[0].End+1) || ss[0].Workdays >= 10 {
		t.Errorf("sprint 1 workdays %d, want the calendar's count below 10", ss[0].Workdays)
	}
	if ss[0].CapacityHours != ss[0].Workdays*HoursPerDay*150/100 {
		t.Errorf("capacity %d for %d workdays at 150%%", ss[0].CapacityHours, ss[0].Workdays)
	}
	if ss[1].End != rel.Target {
		t.Errorf("last sprint ends %s, want the target", ss[1].End)
	}
	fixed, _ := PlanSprints(rel, milestones.NewDate(2027, 2, 1), 14, nil, 40*HoursPerDay, cal)
	if fixed[0].CapacityHours != 320 {
		t.Errorf("a given capacity is used as is, got %d", fixed[0].CapacityHours)
	}
	if _, err := PlanSprints(rel, milestones.NewDate(2027, 3, 1), 14, nil, 0, cal); err == nil {
		t.Error("a start after the target must be refused")
	}
}

func sprints(n int, capDays int) []Sprint {
	out := make([]Sprint, n)
	for i := range out {
		out[i] = Sprint{ID: crmflow.KindSprint.Format(i + 1), CapacityHours: capDays * HoursPerDay}
	}
	return out
}

func est(pairs ...any) map[string]Item {
	m := map[string]Item{}
	for i := 0; i < len(pairs); i += 2 {
		ref := pairs[i].(string)
		m[ref] = Item{Ref: ref, Release: "REL-01", EstimateHours: pairs[i+1].(int) * HoursPerDay}
	}
	return m
}

func placed(r AutoResult) map[string]string {
	m := map[string]string{}
	for _, p := range r.Placed {
		m[p.Ref] = p.Sprint
	}
	return m
}

func TestAutoPlanPriorityAndCapacity(t *testing.T) {
	work := []Work{
		{ID: "REQ-001", MoSCoW: "could", Score: 90},
		{ID: "REQ-002", MoSCoW: "must", Score: 40},
		{ID: "REQ-003", MoSCoW: "should", Score: 80},
		{ID: "REQ-004", MoSCoW: "must", Score: 70},
		{ID: "REQ-005", MoSCoW: "wont", Score: 99},
		{ID: "REQ-006", MoSCoW: "must", Score: 99},   // unestimated
		{ID: "REQ-007", MoSCoW: "should", Score: 10}, // too big for any sprint
	}
	items := est("REQ-001", 3, "REQ-002", 3, "REQ-003", 3, "REQ-004", 3, "REQ-005", 1, "REQ-007", 9)
	r := AutoPlan(sprints(2, 5), work, items)
	// Must (by score: 004, 002), then should 003, then could 001.
	got := placed(r)
	if got["REQ-004"] != "S-01" || got["REQ-002"] != "S-02" {
		t.Errorf("must-haves by score first: %v", r.Placed)
	}
	if _, ok := got["REQ-003"]; ok {
		t.Errorf("REQ-003 cannot fit after two 3d musts in 5d sprints: %v", r.Placed)
	}
	left := map[string]string{}
	for _, l := range r.Left {
		left[l.Ref] = l.Reason
	}
	wantLeft := map[string]string{"REQ-005": LeftWont, "REQ-006": LeftUnestimated, "REQ-007": LeftOverCapacity, "REQ-003": LeftOverCapacity, "REQ-001": LeftOverCapacity}
	if !reflect.DeepEqual(left, wantLeft) {
		t.Errorf("left = %v, want %v", left, wantLeft)
	}
	if r.Load["S-01"] != 24 || r.Load["S-02"] != 24 {
		t.Errorf("load = %v", r.Load)
	}
	if len(r.Placed)+len(r.Left) != len(work) {
		t.Errorf("every requirement is placed or reported: %d + %d of %d", len(r.Placed), len(r.Left), len(work))
	}
}

func TestAutoPlanCountsWorkAlreadyInSprints(t *testing.T) {
	items := est("REQ-001", 4, "REQ-002", 2)
	it := items["REQ-001"]
	it.Sprint = "S-01"
	items["REQ-001"] = it
	r := AutoPlan(sprints(2, 5), []Work{{ID: "REQ-002", MoSCoW: "must"}}, items)
	if placed(r)["REQ-002"] != "S-02" {
		t.Errorf("S-01 holds 4d of 5d: REQ-002 (2d) goes to S-02, got %v", r.Placed)
	}
}

func TestAutoPlanParentBeforeChild(t *testing.T) {
	// The child outranks its parent, yet the parent is planned first and the
	// child never lands in an earlier sprint.
	work := []Work{
		{ID: "REQ-001", MoSCoW: "could", Score: 10},
		{ID: "REQ-002", MoSCoW: "must", Score: 90, Parents: []string{"REQ-001"}},
		{ID: "REQ-003", MoSCoW: "must", Score: 80},
	}
	items := est("REQ-001", 4, "REQ-002", 1, "REQ-003", 4)
	r := AutoPlan(sprints(3, 5), work, items)
	got := placed(r)
	if got["REQ-001"] != "S-01" || got["REQ-002"] != "S-01" || got["REQ-003"] != "S-02" {
		t.Errorf("parent first: %v", r.Placed)
	}
	if r.Placed[0].Ref != "REQ-001" || r.Placed[1].Ref != "REQ-002" {
		t.Errorf("placement order %v", r.Placed)
	}
	// A parent in a later sprint holds the child back to that sprint.
	items = est("REQ-001", 1, "REQ-002", 1)
	p := items["REQ-001"]
	p.Sprint = "S-02"
	items["REQ-001"] = p
	r = AutoPlan(sprints(3, 5), []Work{{ID: "REQ-002", MoSCoW: "must", Parents: []string{"REQ-001"}}}, items)
	if placed(r)["REQ-002"] != "S-02" {
		t.Errorf("child before its parent's sprint: %v", r.Placed)
	}
	// A parent that cannot be planned keeps its child out, reported.
	r = AutoPlan(sprints(1, 5), []Work{{ID: "REQ-001", MoSCoW: "must"}, {ID: "REQ-002", MoSCoW: "must", Parents: []string{"REQ-001"}}},
		est("REQ-002", 1))
	if len(r.Placed) != 0 || len(r.Left) != 2 || r.Left[1].Reason != LeftParentUnplaced {
		t.Errorf("unestimated parent: placed %v left %v", r.Placed, r.Left)
	}
	// A cycle does not hang.
	r = AutoPlan(sprints(1, 5), []Work{{ID: "REQ-001", MoSCoW: "must", Parents: []string{"REQ-002"}}, {ID: "REQ-002", MoSCoW: "must", Parents: []string{"REQ-001"}}},
		est("REQ-001", 1, "REQ-002", 1))
	if len(r.Placed)+len(r.Left) != 2 {
		t.Errorf("cycle: %v %v", r.Placed, r.Left)
	}
}

func TestAutoPlanTiesAreDeterministic(t *testing.T) {
	var work []Work
	var pairs []any
	for i := 12; i >= 1; i-- {
		id := crmflow.KindRequirement.Format(i)
		work = append(work, Work{ID: id, MoSCoW: "must", Score: 50})
		pairs = append(pairs, id, 1)
	}
	first := AutoPlan(sprints(3, 4), work, est(pairs...))
	for i := range 5 {
		// Same input in another order gives the same plan.
		shuffled := append([]Work(nil), work...)
		for j := range shuffled {
			k := (j*7 + i) % len(shuffled)
			shuffled[j], shuffled[k] = shuffled[k], shuffled[j]
		}
		again := AutoPlan(sprints(3, 4), shuffled, est(pairs...))
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("plans differ:\n%v\n%v", first.Placed, again.Placed)
		}
	}
	// Equal rank: lower ID first (REQ-2 before REQ-10, by number).
	if first.Placed[0].Ref != "REQ-001" || first.Placed[4].Ref != "REQ-005" || first.Placed[4].Sprint != "S-02" {
		t.Errorf("ties by ID: %v", first.Placed)
	}
}

func TestCheckMove(t *testing.T) {
	name := func(id string) string { return map[string]string{"REL-01": "v1.0", "REL-02": "v1.1"}[id] }
	it := Item{Ref: "REQ-004", Release: "REL-01"}
	code := func(err error) string {
		var e *crmflow.Error
		if errors.As(err, &e) {
			return e.Code
		}
		return ""
	}
	if err := CheckMove(it, "REL-02", "", CR{}, false, name); code(err) != crmflow.ECONFLICT {
		t.Errorf("in another release: %v", err)
	}
	if err := CheckMove(it, "REL-02", "", CR{}, true, name); err != nil {
		t.Errorf("--move: %v", err)
	}
	if err := CheckMove(it, "REL-02", "v1.0", CR{}, true, name); code(err) != crmflow.EFROZEN {
		t.Errorf("frozen: %v", err)
	}
	if err := CheckMove(it, "REL-02", "v1.0", CR{ID: "CR-001", State: "submitted", Reqs: []string{"REQ-004"}}, true, name); code(err) != crmflow.EFROZEN {
		t.Errorf("frozen, CR not approved: %v", err)
	}
	if err := CheckMove(it, "REL-02", "v1.0", CR{ID: "CR-001", State: "approved", Reqs: []string{"REQ-009"}}, true, name); code(err) != crmflow.EFROZEN {
		t.Errorf("frozen, CR about another requirement: %v", err)
	}
	if err := CheckMove(it, "REL-02", "v1.0", CR{ID: "CR-001", State: "approved", Reqs: []string{"REQ-004"}}, false, name); err != nil {
		t.Errorf("frozen, approved CR naming it: %v", err)
	}
	if err := CheckMove(it, "", "", CR{}, false, name); err != nil {
		t.Errorf("taking it out of its release: %v", err)
	}
	if err := CheckMove(it, "", "v1.0", CR{}, false, name); code(err) != crmflow.EFROZEN {
		t.Errorf("taking a frozen requirement out of its release: %v", err)
	}
	if err := CheckMove(Item{Ref: "REQ-004"}, "REL-02", "v1.0", CR{}, false, name); err != nil {
		t.Errorf("a frozen requirement in no release may join one: %v", err)
	}
}

func TestBurndownFromKnownHistory(t *testing.T) {
	cal := milestones.NewCalendar(nil)
	// Mon 2027-03-01 .. Fri 2027-03-12: ten working days.
	s := Sprint{ID: "S-01", Start: milestones.NewDate(2027, 3, 1), End: milestones.NewDate(2027, 3, 12)}
	at := func(day, hour int) time.Time { return time.Date(2027, 3, day, hour, 0, 0, 0, time.UTC) }
	plan := func(day int, ref, sprint string, days int) Change {
		return Change{At: at(day, 9), Ref: ref, Item: &Item{Ref: ref, Sprint: sprint, EstimateHours: days * HoursPerDay}}
	}
	status := func(day int, ref, st string) Change { return Change{At: at(day, 15), Ref: ref, Status: st} }
	h := []Change{
		// Before the start: 3 + 5 + 2 = 10 days committed.
		{At: time.Date(2027, 2, 26, 9, 0, 0, 0, time.UTC), Ref: "REQ-001", Item: &Item{Ref: "REQ-001", Sprint: "S-01", EstimateHours: 24}},
		{At: time.Date(2027, 2, 26, 9, 0, 0, 0, time.UTC), Ref: "REQ-002", Item: &Item{Ref: "REQ-002", Sprint: "S-01", EstimateHours: 40}},
		{At: time.Date(2027, 2, 26, 9, 0, 0, 0, time.UTC), Ref: "REQ-003", Item: &Item{Ref: "REQ-003", Sprint: "S-01", EstimateHours: 16}},
		status(2, "REQ-001", "implemented"), // 3d burned on day 2
		plan(3, "REQ-004", "S-01", 4),       // scope added: 4d
		plan(4, "REQ-002", "S-01", 6),       // re-estimate 5d → 6d
		plan(5, "REQ-003", "", 2),           // scope removed: 2d
		status(8, "REQ-002", "implemented"), // 6d burned
		status(9, "REQ-001", "confirmed"),   // reopened: 3d back (a status that went back)
		plan(9, "REQ-009", "S-02", 5),       // another sprint: ignored
	}
	b := ComputeBurndown(s, h, cal, milestones.NewDate(2027, 3, 10))
	if b.Committed != 10 || b.Added != 4 || b.Removed != 2 || b.Reestimated != 1 {
		t.Errorf("committed %v added %v removed %v reestimated %v", b.Committed, b.Added, b.Removed, b.Reestimated)
	}
	if len(b.Days) != 10 {
		t.Fatalf("%d days, want 10 working days", len(b.Days))
	}
	rem := make([]float64, len(b.Days))
	for i, d := range b.Days {
		rem[i] = d.Remaining
	}
	want := []float64{10, 7, 11, 12, 10, 4, 7, 7, 7, 7} // Mar 1–5, Mar 8–12
	if !reflect.DeepEqual(rem, want) {
		t.Errorf("remaining %v, want %v", rem, want)
	}
	if b.Days[0].Ideal != 10 || b.Days[9].Ideal != 0 || !b.Days[9].Future || b.Days[7].Future {
		t.Errorf("ideal/future: %+v %+v", b.Days[0], b.Days[9])
	}
	kinds := ""
	for _, e := range b.Events {
		kinds += fmt.Sprintf("%s:%s ", e.Ref, e.Kind)
	}
	if kinds != "REQ-001:done REQ-004:added REQ-002:reestimated REQ-003:removed REQ-002:done REQ-001:reopened " {
		t.Errorf("events: %s", kinds)
	}
	vs, avg := Velocities([]Sprint{s}, h, cal, milestones.NewDate(2027, 3, 20))
	if len(vs) != 1 || vs[0].Completed != 6 || vs[0].Committed != 10 || avg != 6 {
		t.Errorf("velocity %v %v", vs, avg)
	}
}

func TestChangesFromAudit(t *testing.T) {
	ev := []crmflow.AuditEvent{
		{Entity: "plan:REQ-001", After: []byte(`{"ref":"REQ-001","sprint":"S-01","estimate_hours":8}`)},
		{Entity: "REQ-001", Action: "status", After: []byte(`{"id":"REQ-001","status":"implemented"}`)},
		{Entity: "plan:REQ-001", Action: "delete"},
		{Entity: "S-01", After: []byte(`{}`)},
	}
	c := ChangesFromAudit(ev)
	if len(c) != 3 || c[0].Item.Sprint != "S-01" || c[1].Status != "implemented" || c[2].Item.Sprint != "" {
		t.Errorf("changes %+v", c)
	}
}

func BenchmarkAutoPlan5000Into20(b *testing.B) {
	ss := sprints(20, 60)
	work := make([]Work, 5000)
	items := make(map[string]Item, 5000)
	moscow := []string{"must", "should", "could", "wont"}
	for i := range work {
		id := crmflow.KindRequirement.Format(i + 1)
		work[i] = Work{ID: id, MoSCoW: moscow[i%4], Score: (i * 37) % 100}
		if i%10 == 9 {
			work[i].Parents = []string{crmflow.KindRequirement.Format(i)}
		}
		items[id] = Item{Ref: id, Release: "REL-01", EstimateHours: 4 + (i%5)*4}
	}
	b.ResetTimer()
	for b.Loop() {
		r := AutoPlan(ss, work, items)
		if len(r.Placed)+len(r.Left) != len(work) {
			b.Fatal("lost requirements")
		}
	}
}
