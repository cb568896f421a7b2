package acceptance

import (
	"math"
)

// Evidence is everything coverage, round status and the trace matrix read:
// a baseline's requirements, the test cases, the rounds and every recorded
// result, and the fingerprint of each requirement in each round's baseline.
type Evidence struct {
	Baseline   string
	Reqs       []Req // the requirements of Baseline, in ID order
	Cases      []TestCase
	Rounds     []Round
	Executions []Execution
	// RoundFP maps a baseline name (of a round) to the fingerprint of each
	// requirement in it.
	RoundFP map[string]map[string]string
}

// FPIndex maps each requirement to its fingerprint.
func FPIndex(reqs []Req) map[string]string {
	m := make(map[string]string, len(reqs))
	for _, r := range reqs {
		m[r.ID] = r.FP
	}
	return m
}

// CasesByReq groups test cases by requirement, in case order.
func CasesByReq(cases []TestCase) map[string][]TestCase {
	m := map[string][]TestCase{}
	for _, c := range cases {
		m[c.Req] = append(m[c.Req], c)
	}
	return m
}

// Latest returns, for each test case, its most recent result that counts
// against the evidence's baseline: one recorded in a round whose baseline
// holds the case's requirement with the same content. A result recorded
// before the requirement changed does not count, so a changed requirement
// reads as not run until its tests run again.
func (ev *Evidence) Latest() map[string]Execution {
	current := FPIndex(ev.Reqs)
	reqOf := make(map[string]string, len(ev.Cases))
	for _, c := range ev.Cases {
		reqOf[c.ID] = c.Req
	}
	roundBL := make(map[string]string, len(ev.Rounds))
	roundSeq := make(map[string]int, len(ev.Rounds))
	for i, r := range ev.Rounds {
		roundBL[r.ID] = r.Baseline
		roundSeq[r.ID] = i
	}
	out := make(map[string]Execution, len(ev.Cases))
	for _, x := range ev.Executions {
		if x.Result == Untested {
			continue
		}
		req, ok := reqOf[x.Case]
		if !ok {
			continue
		}
		fp, ok := ev.RoundFP[roundBL[x.Round]][req]
		if !ok || fp != current[req] {
			continue
		}
		prev, had := out[x.Case]
		if !had || x.RecordedAt.After(prev.RecordedAt) ||
			(x.RecordedAt.Equal(prev.RecordedAt) && roundSeq[x.Round] > roundSeq[prev.Round]) {
			out[x.Case] = x
		}
	}
	return out
}

// Coverage status of a requirement.
const (
	CovCovered = "covered" // every test passed on the current content
	CovNoTest  = "no-test" // no test case
	CovNotRun  = "not-run" // some test has no result on the current content
	CovFailing = "failing" // some test's latest result is a failure
	CovBlocked = "blocked" // some test could not run
)

// CoverageRow is one requirement's coverage.
type CoverageRow struct {
	Req     string `json:"req"`
	Title   string `json:"title"`
	Module  string `json:"module"`
	Tests   int    `json:"tests"`
	Passed  int    `json:"passed"`
	Failed  int    `json:"failed"`
	Blocked int    `json:"blocked"`
	NotRun  int    `json:"not_run"`
	Status  string `json:"status"`
}

// Coverage is the requirements of a baseline against their tests.
type Coverage struct {
	Baseline string        `json:"baseline"`
	Rows     []CoverageRow `json:"requirements"`
	Total    int           `json:"total"`
	Covered  int           `json:"covered"`
	NoTest   int           `json:"no_test"`
	NotRun   int           `json:"not_run"`
	Failing  int           `json:"failing"`
	Blocked  int           `json:"blocked"`
	Percent  float64       `json:"percent"` // covered / total × 100, one decimal
}

// Coverage computes, for every requirement of the evidence's baseline,
// whether its tests passed on its current content.
func (ev *Evidence) Coverage() Coverage {
	return ev.coverage(ev.Latest())
}

func (ev *Evidence) coverage(latest map[string]Execution) Coverage {
	by := CasesByReq(ev.Cases)
	cov := Coverage{Baseline: ev.Baseline, Rows: make([]CoverageRow, 0, len(ev.Reqs)), Total: len(ev.Reqs)}
	for _, r := range ev.Reqs {
		row := CoverageRow{Req: r.ID, Title: r.Title, Module: r.Module}
		for _, c := range by[r.ID] {
			row.Tests++
			x, ok := latest[c.ID]
			switch {
			case !ok:
				row.NotRun++
			case x.Result == Pass:
				row.Passed++
			case x.Result == Fail:
				row.Failed++
			case x.Result == Blocked:
				row.Blocked++
			}
		}
		switch {
		case row.Tests == 0:
			row.Status = CovNoTest
			cov.NoTest++
		case row.Failed > 0:
			row.Status = CovFailing
			cov.Failing++
		case row.Blocked > 0:
			row.Status = CovBlocked
			cov.Blocked++
		case row.NotRun > 0:
			row.Status = CovNotRun
			cov.NotRun++
		default:
			row.Status = CovCovered
			cov.Covered++
		}
		cov.Rows = append(cov.Rows, row)
	}
	if cov.Total > 0 {
		cov.Percent = percent(cov.Covered, cov.Total)
	}
	return cov
}

// Tally counts results.
type Tally struct {
	Pass     int `json:"pass"`
	Fail     int `json:"fail"`
	Blocked  int `json:"blocked"`
	Untested int `json:"untested"`
	Total    int `json:"total"`
}

// Add counts one result.
func (t *Tally) Add(r Result) {
	t.Total++
	switch r {
	case Pass:
		t.Pass++
	case Fail:
		t.Fail++
	case Blocked:
		t.Blocked++
	default:
		t.Untested++
	}
}

// PassRate is pass / total × 100, one decimal; 0 for no cases.
func (t Tally) PassRate() float64 {
	if t.Total == 0 {
		return 0
	}
	return percent(t.Pass, t.Total)
}

// percent is n / of × 100 rounded to one decimal.
func percent(n, of int) float64 { return math.Round(float64(n)*1000/float64(of)) / 10 }

// CaseStatus is one test case's result in a round.
type CaseStatus struct {
	Case   TestCase  `json:"case"`
	Module string    `json:"module"`
	Result Execution `json:"result"`
}

// GroupTally is the tally of one module or requirement.
type GroupTally struct {
	Key   string `json:"key"`
	Title string `json:"title,omitempty"`
	Tally
}

// RoundStatus is where a round stands: every case in its scope with its
// result, and the tallies overall, per module and per requirement.
type RoundStatus struct {
	Round    Round        `json:"round"`
	Cases    []CaseStatus `json:"cases"`
	Total    Tally        `json:"total"`
	Modules  []GroupTally `json:"modules"`
	Reqs     []GroupTally `json:"requirements"`
	Verified []string     `json:"verifiable"` // requirements whose tests all passed in this round on their current content
}

// Status computes a round's status. reqs are the requirements of the round's
// baseline; current maps each requirement to the fingerprint of its current
// (newest baseline's) content; execs are the round's results.
func Status(round Round, reqs []Req, current map[string]string, cases []TestCase, execs []Execution) RoundStatus {
	st := RoundStatus{Round: round, Cases: []CaseStatus{}, Modules: []GroupTally{}, Reqs: []GroupTally{}, Verified: []string{}}
	res := make(map[string]Execution, len(execs))
	for _, x := range execs {
		if x.Round == round.ID {
			res[x.Case] = x
		}
	}
	by := CasesByReq(cases)
	modIdx := map[string]int{}
	for _, r := range reqs {
		rc := by[r.ID]
		if len(rc) == 0 {
			continue
		}
		rt := GroupTally{Key: r.ID, Title: r.Title}
		for _, c := range rc {
			x, ok := res[c.ID]
			if !ok {
				x = Execution{Round: round.ID, Case: c.ID, Result: Untested, Defects: []string{}}
			}
			st.Cases = append(st.Cases, CaseStatus{Case: c, Module: r.Module, Result: x})
			st.Total.Add(x.Result)
			rt.Add(x.Result)
			i, ok := modIdx[r.Module]
			if !ok {
				i = len(st.Modules)
				modIdx[r.Module] = i
				st.Modules = append(st.Modules, GroupTally{Key: r.Module})
			}
			st.Modules[i].Add(x.Result)
		}
		st.Reqs = append(st.Reqs, rt)
		if rt.Pass == rt.Total && current[r.ID] == r.FP {
			st.Verified = append(st.Verified, r.ID)
		}
	}
	return st
}
