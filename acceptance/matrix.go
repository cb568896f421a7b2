package acceptance

// Gaps the trace matrix flags.
const (
	GapNoTest  = "no-test"   // the requirement has no test case
	GapNotRun  = "not-run"   // the test has no result on the requirement's current content
	GapFailing = "failing"   // the test's latest result is a failure
	GapBlocked = "blocked"   // the test could not run
	GapSuspect = "suspect"   // a change made the test suspect and nobody reviewed it
	GapSource  = "no-source" // the requirement traces to no finding and no process step
)

// MatrixRow is one requirement × one of its test cases (or no test case).
type MatrixRow struct {
	Req      string   `json:"req"`
	Title    string   `json:"title"`
	Module   string   `json:"module"`
	Findings []string `json:"findings"`
	Steps    []string `json:"steps"`
	Case     string   `json:"case"` // "" when the requirement has none
	CaseName string   `json:"case_title"`
	Result   Result   `json:"result"`
	Round    string   `json:"round"` // the round of the latest result
	Gaps     []string `json:"gaps"`
}

// Matrix is the trace matrix: requirement × finding × process step × test
// case × latest result, with its gaps.
type Matrix struct {
	Baseline string      `json:"baseline"`
	Rows     []MatrixRow `json:"rows"`
	Gaps     int         `json:"gaps"` // rows with at least one gap
}

// Trace holds what the matrix adds to the evidence.
type Trace struct {
	Findings map[string][]string // requirement → findings it came from
	Steps    map[string][]string // requirement → process steps (PM-001#s3) that refer to it
	Suspect  map[string]bool     // test cases a change made suspect
}

// Matrix builds the trace matrix of the evidence's baseline.
func (ev *Evidence) Matrix(tr Trace) Matrix {
	latest := ev.Latest()
	by := CasesByReq(ev.Cases)
	m := Matrix{Baseline: ev.Baseline, Rows: make([]MatrixRow, 0, len(ev.Reqs)+len(ev.Cases))}
	for _, r := range ev.Reqs {
		base := MatrixRow{Req: r.ID, Title: r.Title, Module: r.Module, Findings: nonNil(tr.Findings[r.ID]), Steps: nonNil(tr.Steps[r.ID])}
		var srcGap []string
		if len(base.Findings) == 0 && len(base.Steps) == 0 {
			srcGap = []string{GapSource}
		}
		cases := by[r.ID]
		if len(cases) == 0 {
			row := base
			row.Result = Untested
			row.Gaps = append([]string{GapNoTest}, srcGap...)
			m.Rows = append(m.Rows, row)
			m.Gaps++
			continue
		}
		for _, c := range cases {
			row := base
			row.Case, row.CaseName = c.ID, c.Title
			gaps := []string{}
			if x, ok := latest[c.ID]; ok {
				row.Result, row.Round = x.Result, x.Round
				switch x.Result {
				case Fail:
					gaps = append(gaps, GapFailing)
				case Blocked:
					gaps = append(gaps, GapBlocked)
				}
			} else {
				row.Result = Untested
				gaps = append(gaps, GapNotRun)
			}
			if tr.Suspect[c.ID] {
				gaps = append(gaps, GapSuspect)
			}
			row.Gaps = append(gaps, srcGap...)
			if len(row.Gaps) > 0 {
				m.Gaps++
			}
			m.Rows = append(m.Rows, row)
		}
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
