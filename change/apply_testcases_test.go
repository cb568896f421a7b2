package change

import (
	"testing"
	"time"

	"github.com/crmflow/crmflow/requirements"
)

func TestPlanApplyMarksTestCasesSuspect(t *testing.T) {
	st := applyState()
	st.Tests = map[string][]string{"REQ-001": {"TC-001", "TC-004"}, "REQ-009": {"TC-009"}}
	e := Event{At: time.Unix(0, 0), Actor: "t"}
	p, err := PlanApply(st, e, func(*requirements.Requirement) error { return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range p.Suspect {
		if SuspectKind(m.Item) == "test" {
			if m.Link != nil {
				t.Errorf("test case mark %+v flags a requirement link", m)
			}
			got[m.Item] = m.Req
		}
	}
	// REQ-009 is not in the proposal: its case stays as it is.
	if len(got) != 2 || got["TC-001"] != "REQ-001" || got["TC-004"] != "REQ-001" {
		t.Fatalf("test case marks %v", got)
	}
}

func TestTestSuspectsOfOnlyTestCases(t *testing.T) {
	got := TestSuspectsOf("REQ-001", []string{"TC-002", "REQ-003", "PM-001#s1", ""})
	if len(got) != 1 || got[0].Item != "TC-002" || got[0].Req != "REQ-001" {
		t.Fatalf("%+v", got)
	}
}
