package baseline

import (
	"context"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

func withStatus(id string, s requirements.Status) requirements.Requirement {
	r := req(id, "需求 "+id)
	r.Status = s
	return r
}

func TestPlanFreezeTakesTheConfirmed(t *testing.T) {
	reqs := []requirements.Requirement{
		withStatus("REQ-001", requirements.Draft),
		withStatus("REQ-002", requirements.Confirmed),
		withStatus("REQ-003", requirements.Frozen),
		withStatus("REQ-004", requirements.Confirmed),
		withStatus("REQ-005", requirements.Deferred),
		withStatus("REQ-006", requirements.Rejected),
	}
	p, err := PlanFreeze("v2.0", "after the meeting", reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Frozen) != 2 || p.Frozen[0].ID != "REQ-002" || p.Frozen[1].ID != "REQ-004" {
		t.Fatalf("frozen %+v", p.Frozen)
	}
	for _, r := range p.Frozen {
		if r.Status != requirements.Frozen || r.Revision != 2 {
			t.Errorf("%s planned as %s revision %d", r.ID, r.Status, r.Revision)
		}
	}
	if reqs[1].Status != requirements.Confirmed {
		t.Error("the plan changed the requirements it was given")
	}
	if p.Baseline != (Spec{Name: "v2.0", Note: "after the meeting"}) {
		t.Errorf("spec %+v", p.Baseline)
	}

	// Nothing confirmed: nothing to freeze.
	_, err = PlanFreeze("", "", reqs[2:3])
	if crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "nothing to freeze") || crmflow.ErrorTry(err) != "" {
		t.Errorf("nothing confirmed: %v", err)
	}
	if _, err := PlanFreeze("v 1", "", reqs); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("a bad name: %v", err)
	}
}

func TestSpecTakeMembershipAndName(t *testing.T) {
	reqs := []requirements.Requirement{
		withStatus("REQ-001", requirements.Frozen),
		withStatus("REQ-002", requirements.Confirmed), // not frozen by this baseline: out
		withStatus("REQ-003", requirements.Implemented),
		withStatus("REQ-004", requirements.Rejected),
		withStatus("REQ-005", requirements.Verified),
		withStatus("REQ-006", requirements.Draft),
		withStatus("REQ-007", requirements.Deferred),
	}
	links := []requirements.Link{
		{From: "REQ-001", To: "REQ-003", Kind: requirements.LinkParent},
		{From: "REQ-006", To: "REQ-001", Kind: requirements.LinkRelatesTo}, // from a non-member
	}
	s, err := Spec{Note: "n", CR: "CR-001"}.Take(Contents{Existing: []string{"v1.0", "v1.1"}, Reqs: reqs, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.IDs, ",") != "REQ-001,REQ-003,REQ-005" || len(s.Items) != 3 {
		t.Fatalf("members %v", s.IDs)
	}
	b := s.Baseline
	if b.Name != "v1.2" || b.Note != "n" || b.CR != "CR-001" || b.Count != 3 || b.Hash != Hash("v1.2", s.Items) {
		t.Fatalf("baseline %+v", b)
	}
	it, err := ParseItem(s.Items[0])
	if err != nil || len(it.Links) != 1 || it.Links[0] != (ItemLink{To: "REQ-003", Kind: "parent"}) {
		t.Fatalf("REQ-001's item links: %+v, %v", it.Links, err)
	}
	if v := Verify(b, s.Items); !v.OK {
		t.Fatalf("the snapshot does not verify: %v", v.Problems)
	}
	for _, st := range requirements.Statuses {
		want := st == requirements.Frozen || st == requirements.Implemented || st == requirements.Verified
		if Member(st) != want {
			t.Errorf("Member(%s) = %v", st, Member(st))
		}
	}

	// The first baseline is v1.0; a name taken is refused, naming the next.
	if s, err := (Spec{}).Take(Contents{Reqs: reqs}); err != nil || s.Baseline.Name != "v1.0" {
		t.Errorf("first baseline: %+v, %v", s.Baseline, err)
	}
	_, err = Spec{Name: "v1.0"}.Take(Contents{Existing: []string{"v1.0", "v1.1"}, Reqs: reqs})
	if crmflow.ErrorCode(err) != crmflow.ECONFLICT || crmflow.Fact(err, "next") != "v1.2" || crmflow.ErrorTry(err) != "" {
		t.Errorf("a taken name: %v", err)
	}
	if _, err := (Spec{Name: "-x"}).Take(Contents{}); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("a bad name: %v", err)
	}
}

// planStore is a baseline.Store that runs the plan on fixed requirements and
// keeps what it would write.
type planStore struct {
	Store
	reqs []requirements.Requirement
	plan FreezePlan
}

func (s *planStore) ApplyFreeze(_ context.Context, plan func([]requirements.Requirement) (FreezePlan, error)) (Baseline, error) {
	p, err := plan(s.reqs)
	s.plan = p
	return Baseline{Name: p.Baseline.Name}, err
}

func TestServiceFreezeRunsThePlanInTheStore(t *testing.T) {
	st := &planStore{reqs: []requirements.Requirement{withStatus("REQ-001", requirements.Confirmed)}}
	svc := Service{Store: st}
	if _, err := svc.Freeze(context.Background(), "v1.0", "note"); err != nil {
		t.Fatal(err)
	}
	if len(st.plan.Frozen) != 1 || st.plan.Baseline.Note != "note" {
		t.Fatalf("plan %+v", st.plan)
	}
	if _, err := svc.Freeze(context.Background(), "v 1", ""); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("a bad name: %v", err)
	}
}
