package acceptance

import (
	"fmt"
	"testing"
	"time"
)

// benchEvidence is 5,000 requirements with 3 test cases each (15,000), one
// round on the baseline with every case run, and one change: every tenth
// requirement's content differs from the round's.
func benchEvidence() (*Evidence, Trace) {
	const nReq = 5000
	ev := &Evidence{Baseline: "v1.1", Rounds: []Round{{ID: "UAT-1", Baseline: "v1.0"}},
		RoundFP: map[string]map[string]string{"v1.0": {}, "v1.1": {}}}
	tr := Trace{Findings: map[string][]string{}, Steps: map[string][]string{}, Suspect: map[string]bool{}}
	at := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= nReq; i++ {
		id := fmt.Sprintf("REQ-%04d", i)
		fp := fmt.Sprintf("%064x", i)
		ev.Reqs = append(ev.Reqs, Req{ID: id, Title: "需求", Module: fmt.Sprint("m", i%13), FP: fp})
		ev.RoundFP["v1.1"][id] = fp
		if i%10 == 0 {
			fp = "changed"
		}
		ev.RoundFP["v1.0"][id] = fp
		if i%3 == 0 {
			tr.Findings[id] = []string{fmt.Sprintf("F-%03d", i%50+1)}
		}
		tr.Steps[id] = []string{"PM-001#s1"}
		for j := 0; j < 3; j++ {
			c := fmt.Sprintf("TC-%05d", (i-1)*3+j+1)
			ev.Cases = append(ev.Cases, TestCase{ID: c, Req: id, Title: "用例"})
			res := Pass
			if (i+j)%17 == 0 {
				res = Fail
			}
			ev.Executions = append(ev.Executions, Execution{Round: "UAT-1", Case: c, Result: res, RecordedAt: at})
		}
	}
	return ev, tr
}

func BenchmarkCoverage5000x15000(b *testing.B) {
	ev, _ := benchEvidence()
	b.ResetTimer()
	for b.Loop() {
		cov := ev.Coverage()
		if cov.Total != 5000 || cov.NotRun != 500 {
			b.Fatalf("coverage = %d total, %d not run", cov.Total, cov.NotRun)
		}
	}
}

func BenchmarkMatrix5000x15000(b *testing.B) {
	ev, tr := benchEvidence()
	b.ResetTimer()
	for b.Loop() {
		m := ev.Matrix(tr)
		if len(m.Rows) != 15000 {
			b.Fatalf("%d rows", len(m.Rows))
		}
	}
}
