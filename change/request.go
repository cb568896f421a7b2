// Package change is change control (变更管理): change requests against the
// frozen requirements, their impact analysis, the decisions of the people
// allowed to take them, and their application as the next baseline. It
// imports no CLI or storage code.
package change

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// State is where a change request is in its lifecycle.
type State string

// The states: submitted → analyzed → approved | rejected | deferred →
// implemented → closed. A deferred request can be analyzed again.
const (
	Submitted   State = "submitted"
	Analyzed    State = "analyzed"
	Approved    State = "approved"
	Rejected    State = "rejected"
	Deferred    State = "deferred"
	Implemented State = "implemented"
	Closed      State = "closed"
)

// States lists every state in lifecycle order.
var States = []State{Submitted, Analyzed, Approved, Rejected, Deferred, Implemented, Closed}

var transitions = map[State][]State{
	Submitted:   {Analyzed},
	Analyzed:    {Analyzed, Approved, Rejected, Deferred},
	Deferred:    {Analyzed},
	Approved:    {Implemented},
	Implemented: {Closed},
	Rejected:    {},
	Closed:      {},
}

// ParseState accepts a state by key or Chinese name.
func ParseState(s string) (State, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, st := range States {
		if t == string(st) || s == st.Name(crmflow.LangZH) {
			return st, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "change request state %q is not one of submitted, analyzed, approved, rejected, deferred, implemented, closed", s)
}

// Name returns the state's name in lang.
func (s State) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(s)
	}
	return map[State]string{Submitted: "已提交", Analyzed: "已评估", Approved: "已批准", Rejected: "已拒绝",
		Deferred: "已暂缓", Implemented: "已实施", Closed: "已关闭"}[s]
}

// Risk is the assessed risk of a change.
type Risk string

// The risk levels.
const (
	RiskLow    Risk = "low"
	RiskMedium Risk = "medium"
	RiskHigh   Risk = "high"
)

// ParseRisk accepts low/medium/high (低/中/高).
func ParseRisk(s string) (Risk, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low", "l", "低":
		return RiskLow, nil
	case "medium", "med", "m", "中":
		return RiskMedium, nil
	case "high", "h", "高":
		return RiskHigh, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "risk %q is not one of low, medium, high", s)
}

// Name returns the risk's name in lang.
func (r Risk) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN || r == "" {
		return string(r)
	}
	return map[Risk]string{RiskLow: "低", RiskMedium: "中", RiskHigh: "高"}[r]
}

// Event is one state change, with who made it and why.
type Event struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"` // who ran the command
	By      string    `json:"by"`    // the stakeholder who decided, for decisions
	From    State     `json:"from"`
	To      State     `json:"to"`
	Comment string    `json:"comment"`
}

// Proposal is the change set: field changes to existing requirements, new
// requirements and requirements taken out of scope.
type Proposal struct {
	Reqs   []string                   `json:"reqs"` // the requirements Set applies to
	Set    []string                   `json:"set"`  // "field=value", as given
	Add    []requirements.Requirement `json:"add"`  // new requirements (no ID yet)
	Remove []string                   `json:"remove"`
}

// Affected is one requirement the change reaches, and why.
type Affected struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Why   string `json:"why"` // changed, removed, child of REQ-004, linked to REQ-004
}

// StepRef is a process step that refers to an affected requirement.
type StepRef struct {
	Map   string `json:"map"`
	Step  string `json:"step"`
	Label string `json:"label"`
	Req   string `json:"req"`
}

// Impact is the impact analysis: what the change reaches and what it costs.
type Impact struct {
	EffortDays   float64    `json:"effort_days"`
	ScheduleDays float64    `json:"schedule_days"`
	Cost         float64    `json:"cost"`
	Risk         Risk       `json:"risk"`
	Affected     []Affected `json:"affected"`
	Steps        []StepRef  `json:"process_steps"`
	Tests        []string   `json:"tests"`
	Milestones   []string   `json:"milestones"` // the milestone delayed first, then those after it
	Milestone    string     `json:"milestone,omitempty"`
	AnalyzedAt   time.Time  `json:"analyzed_at"`
	AnalyzedBy   string     `json:"analyzed_by"`
}

// Request is one change request.
type Request struct {
	ID          string    `json:"id"` // CR-001
	Title       string    `json:"title"`
	Reason      string    `json:"reason"`
	RequestedBy string    `json:"requested_by"`
	State       State     `json:"state"`
	Against     string    `json:"against"`  // the baseline the change is made against
	Baseline    string    `json:"baseline"` // the baseline applying it made; "" until applied
	Proposal    Proposal  `json:"proposal"`
	Impact      *Impact   `json:"impact"` // nil until analyzed
	Events      []Event   `json:"events"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Base is what the change set was computed against: for each requirement
	// it sets fields of, those fields' values (JSON) when it was made. At
	// apply time a field that has moved since means another change got there
	// first (see CheckBase). Requests made before it was recorded have none.
	Base map[string]map[string]json.RawMessage `json:"base,omitempty"`
}

// BaseOf lists the fields of orig that the change to probe sets, with their
// values in orig.
func BaseOf(orig, probe requirements.Requirement) map[string]json.RawMessage {
	a, b := fieldsOf(orig), fieldsOf(probe)
	out := map[string]json.RawMessage{}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			out[k] = v
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out[k] = json.RawMessage("null")
		}
	}
	return out
}

func fieldsOf(r requirements.Requirement) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	b, _ := json.Marshal(r)
	_ = json.Unmarshal(b, &m)
	return m
}

// CheckBase refuses to apply cr to current when a field its change set was
// computed against has changed since: applying would silently overwrite
// that change. applied are the requests already applied, to name the one
// that got there first.
func CheckBase(cr Request, current requirements.Requirement, applied []Request) error {
	base, ok := cr.Base[current.ID]
	if !ok {
		return nil
	}
	now := fieldsOf(current)
	fields := make([]string, 0, len(base))
	for f := range base {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		was, is := base[f], now[f]
		if is == nil {
			is = json.RawMessage("null")
		}
		if bytes.Equal(compactJSON(was), compactJSON(is)) {
			continue
		}
		by := "a change made since"
		for i := len(applied) - 1; i >= 0; i-- {
			o := applied[i]
			if _, touched := o.Base[current.ID][f]; touched && o.ID != cr.ID {
				by = o.ID
				break
			}
		}
		return crmflow.Errorf(crmflow.ECONFLICT, "%s was made against %s, where %s %s was %s; %s has changed it to %s since, and applying %s would overwrite that",
			cr.ID, cr.Against, current.ID, f, was, by, is, cr.ID).
			In("cr.apply").About(crmflow.KindChange.Noun, cr.ID).With("problem", "stale").With("conflict", by).With("req", current.ID).With("field", f).
			With("against", cr.Against).With("was", string(was)).With("is", string(is))
	}
	return nil
}

func compactJSON(b []byte) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

// Decision returns the last approve/reject/defer event, if any.
func (r Request) Decision() (Event, bool) {
	for i := len(r.Events) - 1; i >= 0; i-- {
		switch r.Events[i].To {
		case Approved, Rejected, Deferred:
			return r.Events[i], true
		}
	}
	return Event{}, false
}

// Move changes r's state to to when the lifecycle allows it, recording the event.
func (r *Request) Move(to State, e Event) error {
	allowed := transitions[r.State]
	ok := false
	for _, s := range allowed {
		ok = ok || s == to
	}
	if !ok {
		return stateError(r, to)
	}
	e.From, e.To = r.State, to
	r.State = to
	r.Events = append(r.Events, e)
	return nil
}

func stateError(r *Request, to State) error {
	switch {
	case to == Implemented && r.State == Implemented, to == Implemented && r.State == Closed:
		return crmflow.Errorf(crmflow.ECONFLICT, "%s was already applied (baseline %s)", r.ID, r.Baseline).
			In("cr.move").About(crmflow.KindChange.Noun, r.ID).With("state", string(r.State)).With("problem", "applied").With("baseline", r.Baseline)
	case to == Implemented:
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is %s; only an approved change request can be applied", r.ID, r.State).
			In("cr.move").About(crmflow.KindChange.Noun, r.ID).With("state", string(r.State)).With("problem", "not-approved")
	case to == Approved || to == Rejected || to == Deferred:
		if r.State == Submitted {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s has not been analyzed; its impact is assessed before anyone decides", r.ID).
				In("cr.move").About(crmflow.KindChange.Noun, r.ID).With("state", string(r.State)).With("problem", "not-analyzed")
		}
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is %s; it can be %s only after analysis", r.ID, r.State, to).
			In("cr.move").About(crmflow.KindChange.Noun, r.ID).With("state", string(r.State)).With("to", string(to)).With("problem", "after-analysis")
	}
	return crmflow.Errorf(crmflow.ECONFLICT, "%s cannot move from %s to %s", r.ID, r.State, to).In("cr.move").About(crmflow.KindChange.Noun, r.ID).With("state", string(r.State)).With("to", string(to))
}

// ParseDays reads an effort or schedule figure: 3d, 1.5, 4h (8 hours a day),
// 2w (5 working days a week), 3天, 2周.
func ParseDays(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"days", 1}, {"day", 1}, {"d", 1}, {"天", 1}, {"h", 1.0 / 8}, {"小时", 1.0 / 8}, {"w", 5}, {"周", 5}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 || n > 10000 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not a number of days (like 3d, 1.5, 4h, 2w)", s).With("problem", "days").With("value", s)
	}
	return n * mult, nil
}

// ParseCost reads an amount: 6000, 6,000, ¥6000, 6000元, 1.2万.
func ParseCost(s string) (float64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "¥"), "￥")
	t = strings.TrimSuffix(t, "元")
	mult := 1.0
	if strings.HasSuffix(t, "万") {
		t, mult = strings.TrimSuffix(t, "万"), 10000
	} else if strings.HasSuffix(strings.ToLower(t), "k") {
		t, mult = t[:len(t)-1], 1000
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
	if err != nil || n < 0 || n > 1e12 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not an amount (like 6000, 6,000, 1.2万)", s).With("problem", "amount").With("value", s)
	}
	return n * mult, nil
}

// FormatDays writes a day count without a needless ".0".
func FormatDays(d float64) string { return strconv.FormatFloat(d, 'f', -1, 64) }

// validateText checks a title or reason.
func validateText(field, s string, limit int, oneLine bool) error {
	if err := crmflow.CheckText(field, s); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		return crmflow.Errorf(crmflow.EINVALID, "%s is empty", field)
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return crmflow.Errorf(crmflow.EINVALID, "%s is %d characters long; the limit is %d", field, n, limit)
	}
	if oneLine && strings.ContainsAny(s, "\r\n") {
		return crmflow.Errorf(crmflow.EINVALID, "%s must be one line", field)
	}
	return nil
}

// Summary is the totals over a set of change requests.
type Summary struct {
	Count         int           `json:"count"`
	ByState       map[State]int `json:"by_state"`
	ApprovedDays  float64       `json:"approved_effort_days"`
	ApprovedSched float64       `json:"approved_schedule_days"`
	ApprovedCost  float64       `json:"approved_cost"`
}

// Summarize totals the effort, schedule and cost of the approved (and
// applied) requests.
func Summarize(rs []Request) Summary {
	s := Summary{Count: len(rs), ByState: map[State]int{}}
	for _, r := range rs {
		s.ByState[r.State]++
		switch r.State {
		case Approved, Implemented, Closed:
			if r.Impact != nil {
				s.ApprovedDays += r.Impact.EffortDays
				s.ApprovedSched += r.Impact.ScheduleDays
				s.ApprovedCost += r.Impact.Cost
			}
		}
	}
	return s
}
