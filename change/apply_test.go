package change

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

func applyState() ApplyState {
	r := func(id string, s requirements.Status) requirements.Requirement {
		return requirements.Requirement{ID: id, Title: id, Status: s, Revision: 3, Criteria: []string{"c"}}
	}
	return ApplyState{
		Request: Request{ID: "CR-002", Title: "改", State: Approved, Proposal: Proposal{
			Reqs:   []string{"REQ-001", "REQ-002"},
			Remove: []string{"REQ-003"},
			Add:    []requirements.Requirement{{Title: "新"}, {Title: "有来源", Source: "客户"}},
		}},
		Reqs: map[string]requirements.Requirement{
			"REQ-001": r("REQ-001", requirements.Frozen),
			"REQ-002": r("REQ-002", requirements.Verified),
			"REQ-003": r("REQ-003", requirements.Implemented),
		},
		Links: map[string][]requirements.Link{
			"REQ-001": {
				{From: "REQ-001", To: "REQ-009", Kind: requirements.LinkParent},      // REQ-001's own parent: not reached
				{From: "REQ-004", To: "REQ-001", Kind: requirements.LinkParent},      // a child
				{From: "REQ-005", To: "REQ-001", Kind: requirements.LinkDerivesFrom}, // derived
				{From: "REQ-001", To: "REQ-006", Kind: requirements.LinkRelatesTo},   // related, this way
				{From: "REQ-001", To: "REQ-007", Kind: requirements.LinkDerivesFrom}, // what REQ-001 derives from: not reached
			},
			"REQ-003": {{From: "REQ-008", To: "REQ-003", Kind: requirements.LinkRelatesTo}},
		},
	}
}

func TestPlanApply(t *testing.T) {
	st := applyState()
	e := Event{At: time.Unix(0, 0), Actor: "t", Comment: "go"}
	edit := func(r *requirements.Requirement) error { r.Title += "'"; return nil }
	steps := map[string][]string{"REQ-001": {"PM-001#s3"}, "REQ-003": {"PM-002#s1"}}
	p, err := PlanApply(st, e, edit, steps)
	if err != nil {
		t.Fatal(err)
	}
	if p.Request.State != Implemented || len(p.Request.Events) != 1 || p.Request.Events[0].From != Approved {
		t.Fatalf("request %+v", p.Request)
	}
	if st.Request.State != Approved || st.Reqs["REQ-001"].Title != "REQ-001" {
		t.Fatal("the plan changed the state it was given")
	}
	// Changed ones are edited and, once built, go back to frozen; removed ones are rejected.
	got := []string{}
	for _, u := range p.Update {
		got = append(got, u.ID+" "+u.Title+" "+string(u.Status))
	}
	want := "REQ-001 REQ-001' frozen|REQ-002 REQ-002' frozen|REQ-003 REQ-003 rejected"
	if strings.Join(got, "|") != want {
		t.Errorf("updates %q, want %q", strings.Join(got, "|"), want)
	}
	if len(p.Add) != 2 || p.Add[0].Status != requirements.Frozen || p.Add[0].Source != "CR-002" || p.Add[1].Source != "客户" {
		t.Errorf("adds %+v", p.Add)
	}
	if p.Baseline.Name != "" || p.Baseline.Note != "改" || p.Baseline.CR != "CR-002" {
		t.Errorf("baseline spec %+v", p.Baseline)
	}
	got = got[:0]
	for _, m := range p.Suspect {
		s := m.Req + "→" + m.Item
		if m.Link != nil {
			s += " (" + string(m.Link.Kind) + ")"
		}
		got = append(got, s)
	}
	want = "REQ-001→REQ-004 (parent)|REQ-001→REQ-005 (derives-from)|REQ-001→REQ-006 (relates-to)|REQ-001→PM-001#s3|" +
		"REQ-003→REQ-008 (relates-to)|REQ-003→PM-002#s1"
	if strings.Join(got, "|") != want {
		t.Errorf("suspects\n got %s\nwant %s", strings.Join(got, "|"), want)
	}

	// Only an approved request is applied; an edit that fails stops it all.
	done := applyState()
	done.Request.State = Implemented
	if _, err := PlanApply(done, e, edit, nil); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("applying an implemented request: %v", err)
	}
	bad := errors.New("bad value")
	if _, err := PlanApply(applyState(), e, func(*requirements.Requirement) error { return bad }, nil); !errors.Is(err, bad) {
		t.Errorf("a failing edit: %v", err)
	}
	gone := applyState()
	delete(gone.Reqs, "REQ-003")
	if _, err := PlanApply(gone, e, edit, nil); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("a removed requirement that is not there: %v", err)
	}
}

func TestSuspectsOfRelatesEitherWay(t *testing.T) {
	// relates-to is symmetric: the requirement on either end is reached.
	links := []requirements.Link{
		{From: "REQ-002", To: "REQ-001", Kind: requirements.LinkRelatesTo},
		{From: "REQ-001", To: "REQ-003", Kind: requirements.LinkRelatesTo},
		{From: "REQ-005", To: "REQ-006", Kind: requirements.LinkParent}, // not REQ-001's: ignored
	}
	got := SuspectsOf("REQ-001", links, nil)
	if len(got) != 2 || got[0].Item != "REQ-002" || got[1].Item != "REQ-003" || got[1].Link.To != "REQ-003" {
		t.Fatalf("%+v", got)
	}
}

func TestSuspectKind(t *testing.T) {
	for item, want := range map[string]string{
		"REQ-004":   "requirement",
		"PM-001#s3": "process-step",
		"TC-012":    "test",
		"CR-001":    "other",
		"notes":     "other",
		"":          "other",
	} {
		if got := SuspectKind(item); got != want {
			t.Errorf("SuspectKind(%q) = %q, want %q", item, got, want)
		}
	}
}
