package acceptance

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
)

func item(id, title string, crit ...string) baseline.Item {
	return baseline.Item{ID: id, Revision: 1, Title: title, Module: "visit", Kind: "functional", Status: "frozen",
		Value: 3, Difficulty: 3, Urgency: 3, Criteria: crit, Tags: []string{}, Fields: map[string]string{}, Links: []baseline.ItemLink{}}
}

func reqsOf(t *testing.T, items ...baseline.Item) []Req {
	t.Helper()
	raw := make([][]byte, len(items))
	for i, it := range items {
		raw[i] = baseline.Canonical(it)
	}
	rs, err := ReqsOf(raw)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestGenerateOnePerCriterionAndOnlyNew(t *testing.T) {
	reqs := reqsOf(t, item("REQ-001", "拜访录入", "保存后 5 秒内可见", "离线可录入"), item("REQ-002", "拍照", "照片带水印"), item("REQ-003", "无标准"))
	got := Generate("v1.0", reqs, nil, crmflow.LangZH)
	if len(got) != 3 {
		t.Fatalf("generated %d cases, want 3 (one per criterion): %+v", len(got), got)
	}
	want := []struct{ req, crit string }{{"REQ-001", "保存后 5 秒内可见"}, {"REQ-001", "离线可录入"}, {"REQ-002", "照片带水印"}}
	for i, w := range want {
		c := got[i]
		if c.Req != w.req || c.Criterion != w.crit || c.Expected != w.crit || c.Baseline != "v1.0" {
			t.Errorf("case %d = %+v, want req %s criterion %s", i, c, w.req, w.crit)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("case %d does not validate: %v", i, err)
		}
		if !strings.Contains(c.Steps, c.Req) || !strings.Contains(c.Steps, "核对") {
			t.Errorf("case %d steps %q do not name the requirement in Chinese", i, c.Steps)
		}
	}
	// Running again against what exists adds only a new criterion.
	for i := range got {
		got[i].ID = crmflow.KindTestCase.Format(i + 1)
	}
	reqs = reqsOf(t, item("REQ-001", "拜访录入", "保存后 5 秒内可见", "离线可录入", "支持语音"), item("REQ-002", "拍照", "照片带水印"))
	again := Generate("v1.1", reqs, got, crmflow.LangEN)
	if len(again) != 1 || again[0].Criterion != "支持语音" || again[0].Baseline != "v1.1" {
		t.Fatalf("second run = %+v, want only the new criterion", again)
	}
	if strings.ContainsAny(again[0].Steps, "以核对") || !strings.Contains(again[0].Steps, "Check:") {
		t.Errorf("English steps hold Chinese wording: %q", again[0].Steps)
	}
}

func TestFingerprintIgnoresStatusButNotContent(t *testing.T) {
	a := item("REQ-001", "拜访录入", "5 秒")
	b := a
	b.Status, b.Revision = "verified", 7
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("a status change altered the fingerprint")
	}
	c := a
	c.Criteria = []string{"3 秒"}
	if Fingerprint(a) == Fingerprint(c) {
		t.Error("a changed criterion kept the fingerprint")
	}
}

// fixture: REQ-001 (2 cases) and REQ-002 (1 case) in v1.0; in v1.1 REQ-001's
// criterion changed.
type fixture struct {
	v10, v11 []Req
	cases    []TestCase
	rounds   []Round
}

func newFixture(t *testing.T) fixture {
	v10 := reqsOf(t, item("REQ-001", "拜访录入", "5 秒", "离线"), item("REQ-002", "拍照", "水印"), item("REQ-003", "查重", "手机号"))
	v11 := reqsOf(t, item("REQ-001", "拜访录入", "3 秒", "离线"), item("REQ-002", "拍照", "水印"), item("REQ-003", "查重", "手机号"))
	return fixture{v10: v10, v11: v11,
		cases: []TestCase{
			{ID: "TC-001", Req: "REQ-001", Title: "a"}, {ID: "TC-002", Req: "REQ-001", Title: "b"}, {ID: "TC-003", Req: "REQ-002", Title: "c"},
		},
		rounds: []Round{{ID: "UAT-1", Baseline: "v1.0"}, {ID: "UAT-2", Baseline: "v1.1"}},
	}
}

var t0 = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

func run(round, c string, r Result, at int) Execution {
	return Execution{Round: round, Case: c, Result: r, Tester: "张经理", Date: "2026-11-30", Defects: []string{}, RecordedAt: t0.Add(time.Duration(at) * time.Hour)}
}

func TestStatusVerifiesOnlyAllPassedOnCurrentContent(t *testing.T) {
	fx := newFixture(t)
	execs := []Execution{run("UAT-1", "TC-001", Pass, 0), run("UAT-1", "TC-002", Pass, 0), run("UAT-1", "TC-003", Fail, 0)}
	// Current content is v1.0's: REQ-001 passed all its tests; REQ-002 failed.
	st := Status(fx.rounds[0], fx.v10, FPIndex(fx.v10), fx.cases, execs)
	if !slices.Equal(st.Verified, []string{"REQ-001"}) {
		t.Errorf("verified = %v, want [REQ-001]", st.Verified)
	}
	if st.Total != (Tally{Pass: 2, Fail: 1, Total: 3}) {
		t.Errorf("total = %+v", st.Total)
	}
	if len(st.Modules) != 1 || st.Modules[0].Key != "visit" || st.Modules[0].Total != 3 {
		t.Errorf("modules = %+v", st.Modules)
	}
	// REQ-003 has no test case: it is not in the round's cases or tallies.
	if len(st.Reqs) != 2 {
		t.Errorf("requirements = %+v, want the two with cases", st.Reqs)
	}
	// Once REQ-001 changed (v1.1 is current), passing on v1.0 verifies nothing.
	st = Status(fx.rounds[0], fx.v10, FPIndex(fx.v11), fx.cases, execs)
	if len(st.Verified) != 0 {
		t.Errorf("verified on stale content: %v", st.Verified)
	}
	// One case of REQ-001 untested: not verified.
	st = Status(fx.rounds[0], fx.v10, FPIndex(fx.v10), fx.cases, execs[:1])
	if len(st.Verified) != 0 || st.Total.Untested != 2 {
		t.Errorf("partial run: verified %v, total %+v", st.Verified, st.Total)
	}
}

func TestCoverageOfAChangedRequirement(t *testing.T) {
	fx := newFixture(t)
	ev := &Evidence{Baseline: "v1.1", Reqs: fx.v11, Cases: fx.cases, Rounds: fx.rounds,
		RoundFP:    map[string]map[string]string{"v1.0": FPIndex(fx.v10), "v1.1": FPIndex(fx.v11)},
		Executions: []Execution{run("UAT-1", "TC-001", Pass, 0), run("UAT-1", "TC-002", Pass, 0), run("UAT-1", "TC-003", Pass, 0)}}
	cov := ev.Coverage()
	status := map[string]string{}
	for _, r := range cov.Rows {
		status[r.Req] = r.Status
	}
	want := map[string]string{"REQ-001": CovNotRun, "REQ-002": CovCovered, "REQ-003": CovNoTest}
	for k, v := range want {
		if status[k] != v {
			t.Errorf("%s: %s, want %s", k, status[k], v)
		}
	}
	if cov.Total != 3 || cov.Covered != 1 || cov.NotRun != 1 || cov.NoTest != 1 || cov.Percent != 33.3 {
		t.Errorf("totals = %+v", cov)
	}
	// Its tests run again on v1.1: covered; a later failure makes it failing.
	ev.Executions = append(ev.Executions, run("UAT-2", "TC-001", Pass, 1), run("UAT-2", "TC-002", Pass, 1))
	if got := ev.Coverage().Rows[0].Status; got != CovCovered {
		t.Errorf("after the re-run REQ-001 is %s, want covered", got)
	}
	ev.Executions = append(ev.Executions, run("UAT-2", "TC-002", Blocked, 2))
	if got := ev.Coverage().Rows[0].Status; got != CovBlocked {
		t.Errorf("after a later blocked run REQ-001 is %s, want blocked", got)
	}
	ev.Executions = append(ev.Executions, run("UAT-2", "TC-001", Fail, 3))
	if got := ev.Coverage().Rows[0].Status; got != CovFailing {
		t.Errorf("after a later failure REQ-001 is %s, want failing", got)
	}
	// Against v1.0 the old results count.
	ev10 := &Evidence{Baseline: "v1.0", Reqs: fx.v10, Cases: fx.cases, Rounds: fx.rounds, RoundFP: ev.RoundFP,
		Executions: ev.Executions[:3]}
	if c := ev10.Coverage(); c.Covered != 2 {
		t.Errorf("v1.0 coverage = %+v, want 2 covered", c)
	}
}

func TestMatrixFlagsGaps(t *testing.T) {
	fx := newFixture(t)
	ev := &Evidence{Baseline: "v1.1", Reqs: fx.v11, Cases: fx.cases, Rounds: fx.rounds,
		RoundFP:    map[string]map[string]string{"v1.0": FPIndex(fx.v10), "v1.1": FPIndex(fx.v11)},
		Executions: []Execution{run("UAT-2", "TC-001", Pass, 0), run("UAT-2", "TC-003", Fail, 0)}}
	m := ev.Matrix(Trace{Findings: map[string][]string{"REQ-001": {"F-001"}}, Steps: map[string][]string{"REQ-002": {"PM-001#s2"}},
		Suspect: map[string]bool{"TC-002": true}})
	got := []string{}
	for _, r := range m.Rows {
		got = append(got, fmt.Sprintf("%s %s %s %v", r.Req, r.Case, r.Result, r.Gaps))
	}
	want := []string{
		"REQ-001 TC-001 pass []",
		"REQ-001 TC-002 untested [not-run suspect]",
		"REQ-002 TC-003 fail [failing]",
		"REQ-003  untested [no-test no-source]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("matrix rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m.Gaps != 3 {
		t.Errorf("gaps = %d, want 3", m.Gaps)
	}
}

func TestAssessDefaultRule(t *testing.T) {
	fx := newFixture(t)
	all := []Execution{run("UAT-1", "TC-001", Pass, 0), run("UAT-1", "TC-002", Pass, 0), run("UAT-1", "TC-003", Fail, 0)}
	st := Status(fx.rounds[0], fx.v10, FPIndex(fx.v10), fx.cases, all)
	def := func(id string, sev Severity, state DefectState) Defect {
		return Defect{ID: id, Case: "TC-003", Title: "水印缺失", Severity: sev, State: state, Owner: "李工", Due: "2026-12-10"}
	}
	cases := []struct {
		name    string
		defects []Defect
		st      RoundStatus
		want    Verdict
		open    int
	}{
		{"open critical", []Defect{def("DEF-001", Critical, Open)}, st, Rejected, 0},
		{"fixed but not re-verified major", []Defect{def("DEF-001", Major, Fixed)}, st, Rejected, 0},
		{"verified major, failing case explained by it is an open item", []Defect{def("DEF-001", Major, Verified)}, st, Conditional, 1},
		{"open minor", []Defect{def("DEF-001", Minor, Open)}, st, Conditional, 1},
		{"defect of a case out of scope", []Defect{{ID: "DEF-009", Case: "TC-099", Severity: Critical, State: Open}}, st, Conditional, 1},
		{"all passed", nil, Status(fx.rounds[0], fx.v10, FPIndex(fx.v10), fx.cases[:2], all[:2]), Accepted, 0},
		{"untested case", nil, Status(fx.rounds[0], fx.v10, FPIndex(fx.v10), fx.cases, all[:2]), Rejected, 1},
	}
	for _, c := range cases {
		a := Assess(c.st, c.defects)
		if a.Verdict != c.want || len(a.OpenItems) != c.open {
			t.Errorf("%s: verdict %s with %d open items %+v, want %s with %d", c.name, a.Verdict, len(a.OpenItems), a.OpenItems, c.want, c.open)
		}
	}
	a := Assess(st, []Defect{def("DEF-001", Minor, Open)})
	if it := a.OpenItems[0]; it.Defect != "DEF-001" || it.Owner != "李工" || it.Due != "2026-12-10" {
		t.Errorf("open item = %+v, want the defect with its owner and deadline", it)
	}
	if Rejected.Name(crmflow.LangZH) != "不通过" || Conditional.Name(crmflow.LangZH) != "有条件通过" || Accepted.Name(crmflow.LangZH) != "通过" {
		t.Error("verdict names")
	}
}

func TestDefectLifecycle(t *testing.T) {
	d := Defect{ID: "DEF-001", Case: "TC-001", Title: "x", Severity: Major, State: Open}
	if err := d.Move(Verified, t0, "pm", ""); err == nil || !strings.Contains(err.Error(), "from open it can become: fixed") {
		t.Fatalf("open → verified: %v", err)
	}
	for _, to := range []DefectState{Fixed, Open, Fixed, Verified, Closed} {
		if err := d.Move(to, t0, "pm", "ok"); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
	if len(d.History) != 5 || d.History[1].From != Fixed || d.History[1].To != Open {
		t.Errorf("history = %+v", d.History)
	}
	if err := d.Move(Open, t0, "pm", ""); err == nil || crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("closed → open: %v", err)
	}
}

func TestParsers(t *testing.T) {
	for in, want := range map[string]Result{"通过": Pass, "不通过": Fail, "阻塞": Blocked, "未测": Untested, "": Untested, " Pass ": Pass, "FAIL": Fail, "blocked": Blocked} {
		if got, err := ParseResult(in); err != nil || got != want {
			t.Errorf("ParseResult(%q) = %s, %v", in, got, err)
		}
	}
	if _, err := ParseResult("也许"); err == nil {
		t.Error("ParseResult accepted 也许")
	}
	for in, want := range map[string]Severity{"致命": Critical, "严重": Major, "一般": Minor, "提示": Trivial, "critical": Critical, "S2": Major, "trivial": Trivial} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %s, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("很严重"); err == nil {
		t.Error("ParseSeverity accepted 很严重")
	}
	for in, want := range map[string]string{"2026-11-30": "2026-11-30", "2026/11/3": "2026-11-03", "2026.11.30": "2026-11-30", "2026年11月30日": "2026-11-30", "": ""} {
		if got, ok := ParseDate(in); !ok || got != want {
			t.Errorf("ParseDate(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"昨天", "2026-13-01", "30/11/2026"} {
		if _, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestPlanImport(t *testing.T) {
	round := Round{ID: "UAT-1", Baseline: "v1.0", Testers: []string{"张经理", "赵主管"}}
	scope := map[string]TestCase{"TC-001": {ID: "TC-001", Req: "REQ-001"}, "TC-002": {ID: "TC-002", Req: "REQ-001"}, "TC-003": {ID: "TC-003", Req: "REQ-002"}}
	current := map[string]Execution{"TC-002": {Round: "UAT-1", Case: "TC-002", Result: Pass, Tester: "张经理", Date: "2026-11-29", Defects: []string{}}}
	defects := map[string]Defect{"DEF-001": {ID: "DEF-001", Case: "TC-003", Title: "旧"}}
	cell := func(col, v string) Cell { return Cell{Value: v, Column: col, Header: col + "头"} }
	row := func(n int, tc, res, tester, date, defect string) SheetRow {
		return SheetRow{Row: n, Cells: map[string]Cell{FieldCase: cell("A", tc), FieldResult: cell("H", res), FieldTester: cell("I", tester),
			FieldDate: cell("J", date), FieldComment: cell("K", ""), FieldDefect: cell("L", defect)}}
	}
	plan, errs := PlanImport(round, scope, current, defects, []SheetRow{
		row(4, "tc-1", "通过", "张经理", "2026/11/30", ""),
		row(5, "TC-002", "通过", "张经理", "2026-11-29", ""), // unchanged
		row(6, "TC-003", "不通过", "赵主管", "", "DEF-001"),
	}, "2026-12-01")
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if plan.Unchanged != 1 || len(plan.Changes) != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	if c := plan.Changes[0]; c.Case != "TC-001" || c.After.Date != "2026-11-30" || c.Before != nil {
		t.Errorf("change 0 = %+v", c)
	}
	if c := plan.Changes[1]; c.After.Date != "2026-12-01" || !slices.Equal(c.After.Defects, []string{"DEF-001"}) {
		t.Errorf("change 1 = %+v", c)
	}
	// A new defect described in the cell; the same text again names it.
	plan, errs = PlanImport(round, scope, current, defects, []SheetRow{row(6, "TC-003", "不通过", "赵主管", "", "水印缺失")}, "2026-12-01")
	if len(errs) != 0 || plan.Changes[0].NewDefect != "水印缺失" {
		t.Fatalf("new defect: %+v %v", plan, errs)
	}
	defects["DEF-002"] = Defect{ID: "DEF-002", Case: "TC-003", Title: "水印缺失"}
	plan, _ = PlanImport(round, scope, current, defects, []SheetRow{row(6, "TC-003", "不通过", "赵主管", "", "水印缺失")}, "2026-12-01")
	if c := plan.Changes[0]; c.NewDefect != "" || !slices.Equal(c.After.Defects, []string{"DEF-002"}) {
		t.Errorf("re-import opened another defect: %+v", c)
	}
	// Every problem is reported with row, column and header.
	_, errs = PlanImport(round, scope, current, defects, []SheetRow{
		row(4, "TC-009", "通过", "张经理", "", ""),
		row(5, "TC-002", "未测", "", "", ""),
		row(6, "TC-003", "也许", "", "", ""),
		row(7, "TC-001", "通过", "", "昨天", "DEF-404"),
		row(8, "TC-001", "通过", "张经理", "", ""),
		row(9, "", "通过", "张经理", "", ""),
	}, "2026-12-01")
	var msgs []string
	for _, e := range errs {
		e.File, e.Sheet = "r.xlsx", "UAT用例"
		msgs = append(msgs, e.Error())
	}
	want := []string{
		"r.xlsx: sheet UAT用例, row 4, column A (A头): TC-009 is not a test case of UAT-1 (baseline v1.0)",
		"r.xlsx: sheet UAT用例, row 5, column H (H头): TC-002 was recorded as 通过; a recorded result can be replaced, not cleared",
		"r.xlsx: sheet UAT用例, row 6, column H (H头): result \"也许\" is not one of 通过, 不通过, 阻塞, 未测 (pass, fail, blocked, untested)",
		"r.xlsx: sheet UAT用例, row 7, column I (I头): the tester of TC-001 is empty",
		"r.xlsx: sheet UAT用例, row 7, column J (J头): \"昨天\" is not a date (YYYY-MM-DD)",
		"r.xlsx: sheet UAT用例, row 7, column L (L头): defect DEF-404 does not exist",
		"r.xlsx: sheet UAT用例, row 8, column A (A头): TC-001 is listed twice (rows 7 and 8)",
		"r.xlsx: sheet UAT用例, row 9, column A (A头): the row has results but no test case ID",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	err := ImportErrors(errs)
	if crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "8 problems; nothing was imported") {
		t.Errorf("ImportErrors = %v", err)
	}
}
