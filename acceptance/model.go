// Package acceptance is user acceptance (用户验收): test cases drawn from the
// acceptance criteria of frozen requirements, UAT rounds and their results,
// defects, coverage against the current baseline, the trace matrix and the
// acceptance verdict. It imports no CLI, storage or spreadsheet code.
package acceptance

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// TestCase is one UAT case (TC-001): how to check one acceptance criterion of
// a requirement.
type TestCase struct {
	ID            string    `json:"id"`
	Req           string    `json:"req"`
	Baseline      string    `json:"baseline"`  // the baseline it was written against
	Criterion     string    `json:"criterion"` // the acceptance criterion it was generated from; "" when added by hand
	Title         string    `json:"title"`
	Preconditions string    `json:"preconditions"`
	Steps         string    `json:"steps"`
	Expected      string    `json:"expected"`
	CreatedAt     time.Time `json:"created_at"`
	CreatedBy     string    `json:"created_by"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Limits on text a person types, so workbooks and documents stay sane.
const (
	MaxTitleLen = 200
	MaxTextLen  = 32000
)

// Validate checks the fields a person sets.
func (c *TestCase) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	c.Preconditions = strings.TrimSpace(c.Preconditions)
	c.Steps = strings.TrimSpace(c.Steps)
	c.Expected = strings.TrimSpace(c.Expected)
	if c.Title == "" {
		return crmflow.Errorf(crmflow.EINVALID, "the test case's title is empty")
	}
	if strings.ContainsAny(c.Title, "\r\n") {
		return crmflow.Errorf(crmflow.EINVALID, "the test case's title must be one line")
	}
	if n := utf8.RuneCountInString(c.Title); n > MaxTitleLen {
		return crmflow.Errorf(crmflow.EINVALID, "the test case's title is %d characters long; the limit is %d", n, MaxTitleLen)
	}
	if !crmflow.KindRequirement.Is(c.Req) {
		return crmflow.Errorf(crmflow.EINVALID, "the test case names no requirement")
	}
	if c.Expected == "" {
		return crmflow.Errorf(crmflow.EINVALID, "the test case has no expected result")
	}
	for name, s := range map[string]string{"preconditions": c.Preconditions, "steps": c.Steps, "expected result": c.Expected} {
		if n := utf8.RuneCountInString(s); n > MaxTextLen {
			return crmflow.Errorf(crmflow.EINVALID, "the test case's %s is %d characters long; the limit is %d", name, n, MaxTextLen)
		}
		if !utf8.ValidString(s) {
			return crmflow.Errorf(crmflow.EINVALID, "the test case's %s is not valid UTF-8", name)
		}
	}
	return nil
}

// Result is the outcome of running a test case once.
type Result string

// The results a tester records.
const (
	Pass     Result = "pass"
	Fail     Result = "fail"
	Blocked  Result = "blocked" // could not run: a defect, the environment or data; not a failure of the requirement
	Untested Result = "untested"
)

// Results lists the results in the order workbooks offer them.
var Results = []Result{Pass, Fail, Blocked, Untested}

// ParseResult accepts a result by its key, Chinese or English name.
func ParseResult(s string) (Result, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "pass", "passed", "通过", "ok", "p":
		return Pass, nil
	case "fail", "failed", "不通过", "失败", "f":
		return Fail, nil
	case "blocked", "block", "阻塞", "b":
		return Blocked, nil
	case "", "untested", "not run", "未测", "未执行", "未测试":
		return Untested, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "result %q is not one of 通过, 不通过, 阻塞, 未测 (pass, fail, blocked, untested)", s)
}

// Name is the result in lang.
func (r Result) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Result]string{Pass: "Pass", Fail: "Fail", Blocked: "Blocked", Untested: "Untested"}[r]
	}
	return map[Result]string{Pass: "通过", Fail: "不通过", Blocked: "阻塞", Untested: "未测"}[r]
}

// Round is one UAT round (UAT-1): a named pass over the test cases of the
// requirements in one baseline.
type Round struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Baseline  string    `json:"baseline"`
	Testers   []string  `json:"testers"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// Validate checks a round as a person describes it.
func (r *Round) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		return crmflow.Errorf(crmflow.EINVALID, "the UAT round's name is empty")
	}
	if strings.ContainsAny(r.Name, "\r\n") || utf8.RuneCountInString(r.Name) > MaxTitleLen {
		return crmflow.Errorf(crmflow.EINVALID, "the UAT round's name must be one line of at most %d characters", MaxTitleLen)
	}
	if r.Baseline == "" {
		return crmflow.Errorf(crmflow.EINVALID, "a UAT round runs on a baseline, and none is named")
	}
	seen := map[string]bool{}
	testers := []string{}
	for _, t := range r.Testers {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		if strings.ContainsAny(t, ",\r\n") || utf8.RuneCountInString(t) > 60 {
			return crmflow.Errorf(crmflow.EINVALID, "tester %q is not a name", t)
		}
		seen[t] = true
		testers = append(testers, t)
	}
	r.Testers = testers
	return nil
}

// Execution is the result of one test case in one round. A round holds one
// per case; recording again replaces it (the audit log keeps the history).
type Execution struct {
	Round      string    `json:"round"`
	Case       string    `json:"case"`
	Result     Result    `json:"result"`
	Tester     string    `json:"tester"`
	Date       string    `json:"date"` // YYYY-MM-DD, the day the tester ran it
	Comment    string    `json:"comment"`
	Defects    []string  `json:"defects"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
}

// Severity grades a defect (kept apart from fix priority).
type Severity string

// The grades, worst first.
const (
	Critical Severity = "critical" // 致命: crash, data loss, security breach, core process blocked with no workaround
	Major    Severity = "major"    // 严重: a main function wrong, workaround hard
	Minor    Severity = "minor"    // 一般: non-core, or a workaround exists
	Trivial  Severity = "trivial"  // 提示: cosmetic or wording
)

// Severities lists the grades, worst first.
var Severities = []Severity{Critical, Major, Minor, Trivial}

// ParseSeverity accepts a grade by key, Chinese or English name, or S1–S4.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "critical", "致命", "s1", "blocker":
		return Critical, nil
	case "major", "严重", "s2":
		return Major, nil
	case "minor", "一般", "s3":
		return Minor, nil
	case "trivial", "提示", "轻微", "s4":
		return Trivial, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "severity %q is not one of 致命, 严重, 一般, 提示 (critical, major, minor, trivial)", s)
}

// Name is the grade in lang.
func (s Severity) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Severity]string{Critical: "Critical", Major: "Major", Minor: "Minor", Trivial: "Trivial"}[s]
	}
	return map[Severity]string{Critical: "致命", Major: "严重", Minor: "一般", Trivial: "提示"}[s]
}

// Blocking reports whether the default acceptance rule requires a defect of
// this grade to be fixed and re-verified.
func (s Severity) Blocking() bool { return s == Critical || s == Major }

// DefectState is where a defect is in its life.
type DefectState string

// The states: open → fixed → verified → closed; a fix that does not hold
// reopens the defect.
const (
	Open     DefectState = "open"
	Fixed    DefectState = "fixed"
	Verified DefectState = "verified"
	Closed   DefectState = "closed"
)

// DefectStates lists the states in order.
var DefectStates = []DefectState{Open, Fixed, Verified, Closed}

var defectMoves = map[DefectState][]DefectState{
	Open:     {Fixed},
	Fixed:    {Verified, Open},
	Verified: {Closed, Open},
	Closed:   {},
}

// Name is the state in lang.
func (s DefectState) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[DefectState]string{Open: "Open", Fixed: "Fixed", Verified: "Verified", Closed: "Closed"}[s]
	}
	return map[DefectState]string{Open: "待修复", Fixed: "已修复", Verified: "已验证", Closed: "已关闭"}[s]
}

// ParseDefectState accepts a state by key or Chinese name.
func ParseDefectState(s string) (DefectState, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, st := range DefectStates {
		if t == string(st) || s == st.Name(crmflow.LangZH) {
			return st, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "defect state %q is not one of open, fixed, verified, closed", s)
}

// Resolved reports whether the defect was fixed and re-verified.
func (s DefectState) Resolved() bool { return s == Verified || s == Closed }

// Defect is a problem found in UAT (DEF-001), tied to the test case that found it.
type Defect struct {
	ID        string         `json:"id"`
	Case      string         `json:"case"`
	Req       string         `json:"req"`
	Round     string         `json:"round"` // the round it was found in; "" when added outside one
	Title     string         `json:"title"`
	Severity  Severity       `json:"severity"`
	State     DefectState    `json:"state"`
	Owner     string         `json:"owner"`
	Due       string         `json:"due"` // YYYY-MM-DD, the promised fix date; "" when none
	History   []DefectChange `json:"history"`
	CreatedAt time.Time      `json:"created_at"`
	CreatedBy string         `json:"created_by"`
}

// DefectChange is one move of a defect's state.
type DefectChange struct {
	From    DefectState `json:"from"`
	To      DefectState `json:"to"`
	At      time.Time   `json:"at"`
	By      string      `json:"by"`
	Comment string      `json:"comment"`
}

// Validate checks a defect as a person describes it.
func (d *Defect) Validate() error {
	d.Title = strings.TrimSpace(d.Title)
	d.Owner = strings.TrimSpace(d.Owner)
	if d.Title == "" {
		return crmflow.Errorf(crmflow.EINVALID, "the defect's title is empty")
	}
	if strings.ContainsAny(d.Title, "\r\n") || utf8.RuneCountInString(d.Title) > MaxTitleLen {
		return crmflow.Errorf(crmflow.EINVALID, "the defect's title must be one line of at most %d characters", MaxTitleLen)
	}
	if !crmflow.KindTestCase.Is(d.Case) {
		return crmflow.Errorf(crmflow.EINVALID, "a defect is found by a test case, and none is named")
	}
	if _, err := ParseSeverity(string(d.Severity)); err != nil {
		return err
	}
	if d.Due != "" {
		if _, err := crmflow.ParseDateExact(d.Due); err != nil {
			return err
		}
	}
	return nil
}

// Move changes d's state when its life allows it and records who and when.
func (d *Defect) Move(to DefectState, at time.Time, by, comment string) error {
	ok := false
	for _, n := range defectMoves[d.State] {
		ok = ok || n == to
	}
	if !ok {
		if d.State == to {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s is already %s", d.ID, to).About(crmflow.KindDefect.Noun, d.ID)
		}
		next := []string{}
		for _, n := range defectMoves[d.State] {
			next = append(next, string(n))
		}
		allowed := strings.Join(next, ", ")
		if allowed == "" {
			allowed = "nothing"
		}
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is %s and cannot become %s; from %s it can become: %s", d.ID, d.State, to, d.State, allowed).
			About(crmflow.KindDefect.Noun, d.ID).With("state", string(d.State))
	}
	d.History = append(d.History, DefectChange{From: d.State, To: to, At: at, By: by, Comment: strings.TrimSpace(comment)})
	d.State = to
	return nil
}

// ParseDate reads a date as testers write it: 2026-11-26, 2026/11/26,
// 2026.11.26 or 2026年11月26日; it returns YYYY-MM-DD.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	r := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")
	t := r.Replace(s)
	for _, layout := range []string{"2006-1-2", "2006-01-02", "2006-1-2 15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00"} {
		if d, err := time.Parse(layout, t); err == nil {
			return d.Format(time.DateOnly), true
		}
	}
	return "", false
}
