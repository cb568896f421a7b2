package acceptance

import (
	"github.com/crmflow/crmflow"
)

// Verdict is the outcome of an acceptance (验收结论).
type Verdict string

// The verdicts.
const (
	Accepted    Verdict = "accepted"    // 通过
	Rejected    Verdict = "rejected"    // 不通过
	Conditional Verdict = "conditional" // 有条件通过: accepted with 遗留问题, each with an owner and a deadline
)

// Name is the verdict in lang.
func (v Verdict) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Verdict]string{Accepted: "Accepted", Rejected: "Not accepted", Conditional: "Accepted with conditions"}[v]
	}
	return map[Verdict]string{Accepted: "通过", Rejected: "不通过", Conditional: "有条件通过"}[v]
}

// OpenItem is an open issue (遗留问题) left after an acceptance.
type OpenItem struct {
	Defect   string   `json:"defect"` // DEF-003, or "" for a case with no defect recorded
	Case     string   `json:"case"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity,omitempty"`
	Result   Result   `json:"result,omitempty"` // for a case: its result in the round
	Owner    string   `json:"owner"`
	Due      string   `json:"due"`
}

// Assessment is the verdict with what it rests on.
type Assessment struct {
	Verdict Verdict `json:"verdict"`
	// Blocking are the 致命 and 严重 defects not yet fixed and re-verified:
	// each one alone makes the verdict 不通过 (the default rule).
	Blocking []Defect `json:"blocking"`
	// Untested counts the cases not run: an acceptance runs every planned
	// case, so any left makes the verdict 不通过 as well.
	Untested  int        `json:"untested"`
	OpenItems []OpenItem `json:"open_items"`
}

// Assess applies the default acceptance rule to a round: every 致命 and 严重
// defect found by the round's cases must be fixed and re-verified, or the
// verdict is 不通过, and so must every planned case have run. Otherwise every lesser defect still open, and every case
// that did not pass without a defect to explain it, is an open item: with any,
// the verdict is 有条件通过; with none, 通过.
func Assess(st RoundStatus, defects []Defect) Assessment {
	a := Assessment{Blocking: []Defect{}, OpenItems: []OpenItem{}}
	inScope := map[string]bool{}
	for _, c := range st.Cases {
		inScope[c.Case.ID] = true
	}
	explained := map[string]bool{}
	for _, d := range defects {
		if !inScope[d.Case] || d.State.Resolved() {
			continue
		}
		explained[d.Case] = true
		if d.Severity.Blocking() {
			a.Blocking = append(a.Blocking, d)
			continue
		}
		a.OpenItems = append(a.OpenItems, OpenItem{Defect: d.ID, Case: d.Case, Title: d.Title, Severity: d.Severity, Owner: d.Owner, Due: d.Due})
	}
	for _, c := range st.Cases {
		if c.Result.Result == Untested {
			a.Untested++
		}
		if c.Result.Result == Pass || explained[c.Case.ID] {
			continue
		}
		a.OpenItems = append(a.OpenItems, OpenItem{Case: c.Case.ID, Title: c.Case.Title, Result: c.Result.Result})
	}
	switch {
	case len(a.Blocking) > 0 || a.Untested > 0:
		a.Verdict = Rejected
	case len(a.OpenItems) > 0:
		a.Verdict = Conditional
	default:
		a.Verdict = Accepted
	}
	return a
}
