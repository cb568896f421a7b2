package change

import (
	"testing"
	"time"

	"github.com/crmflow/crmflow"
)

func TestParseDaysAndCost(t *testing.T) {
	for in, want := range map[string]float64{"3d": 3, "1.5": 1.5, "4h": 0.5, "2w": 10, "3天": 3, "2周": 10, " 2 days ": 2} {
		if got, err := ParseDays(in); err != nil || got != want {
			t.Errorf("ParseDays(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "-1d", "1e9"} {
		if _, err := ParseDays(bad); err == nil {
			t.Errorf("ParseDays(%q) accepted", bad)
		}
	}
	for in, want := range map[string]float64{"6000": 6000, "6,000": 6000, "¥6000": 6000, "6000元": 6000, "1.2万": 12000, "6k": 6000} {
		if got, err := ParseCost(in); err != nil || got != want {
			t.Errorf("ParseCost(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseCost("six"); err == nil {
		t.Error("ParseCost(six) accepted")
	}
}

func TestLifecycle(t *testing.T) {
	r := &Request{ID: "CR-001", State: Submitted}
	e := Event{At: time.Unix(0, 0)}
	for _, to := range []State{Approved, Implemented, Closed} {
		if err := r.Move(to, e); err == nil {
			t.Fatalf("submitted → %s allowed", to)
		}
	}
	for _, to := range []State{Analyzed, Analyzed, Deferred, Analyzed, Approved, Implemented, Closed} {
		if err := r.Move(to, e); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
	if len(r.Events) != 7 || r.Events[0].From != Submitted || r.Events[6].To != Closed {
		t.Fatalf("events %+v", r.Events)
	}
	rej := &Request{ID: "CR-002", State: Analyzed}
	if err := rej.Move(Rejected, e); err != nil {
		t.Fatal(err)
	}
	for _, to := range States {
		if rej.Move(to, e) == nil {
			t.Fatalf("rejected → %s allowed", to)
		}
	}
}

func TestSummarize(t *testing.T) {
	imp := &Impact{EffortDays: 3, ScheduleDays: 2, Cost: 6000}
	s := Summarize([]Request{{State: Implemented, Impact: imp}, {State: Approved, Impact: imp}, {State: Rejected, Impact: imp}, {State: Submitted}})
	if s.Count != 4 || s.ApprovedDays != 6 || s.ApprovedSched != 4 || s.ApprovedCost != 12000 || s.ByState[Rejected] != 1 {
		t.Fatalf("summary %+v", s)
	}
}

func TestNormalizeID(t *testing.T) {
	for in, want := range map[string]string{"CR-1": "CR-001", "cr-0007": "CR-007", "12": "CR-012"} {
		if got, ok := crmflow.KindChange.NormalizeRef(in); !ok || got != want {
			t.Errorf("NormalizeID(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "CR-", "REQ-1", "CR-1a"} {
		if _, ok := crmflow.KindChange.NormalizeRef(bad); ok {
			t.Errorf("NormalizeID(%q) accepted", bad)
		}
	}
}

func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"3d", "4h", "1.5万", "2周"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDays(s); err == nil && (d < 0 || d > 50000) {
			t.Fatalf("ParseDays(%q) = %v", s, d)
		}
		if c, err := ParseCost(s); err == nil && c < 0 {
			t.Fatalf("ParseCost(%q) = %v", s, c)
		}
	})
}
