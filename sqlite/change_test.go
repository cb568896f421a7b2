package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/requirements"
)

// The store writes the freeze plan the domain computes from what it read
// inside the transaction, and nothing when the plan fails.
func TestApplyFreezeWritesThePlan(t *testing.T) {
	ctx := context.Background()
	db, _ := newDB(t)
	for _, title := range []string{"a", "b", "c"} {
		addReq(t, db, title)
	}
	for _, id := range []string{"REQ-001", "REQ-002"} {
		if _, err := db.Requirements().UpdateRequirement(ctx, id, "status", func(r *requirements.Requirement) error {
			return requirements.MoveTo(r, requirements.Confirmed)
		}); err != nil {
			t.Fatal(err)
		}
	}
	store := db.Baselines()

	// A failing plan, and a plan naming a requirement the store did not give
	// it, write nothing.
	bad := errors.New("refused")
	if _, err := store.ApplyFreeze(ctx, func([]requirements.Requirement) (baseline.FreezePlan, error) {
		return baseline.FreezePlan{}, bad
	}); !errors.Is(err, bad) {
		t.Fatalf("a failing plan: %v", err)
	}
	if _, err := store.ApplyFreeze(ctx, func(reqs []requirements.Requirement) (baseline.FreezePlan, error) {
		p, err := baseline.PlanFreeze("", "", reqs)
		p.Frozen = append(p.Frozen, requirements.Requirement{ID: "REQ-099", Status: requirements.Frozen})
		return p, err
	}); crmflow.ErrorCode(err) != crmflow.EINTERNAL {
		t.Fatalf("a plan beyond what was read: %v", err)
	}
	if all, _ := store.Baselines(ctx); len(all) != 0 {
		t.Fatalf("a failed freeze took %d baselines", len(all))
	}

	var read int
	b, err := store.ApplyFreeze(ctx, func(reqs []requirements.Requirement) (baseline.FreezePlan, error) {
		read = len(reqs)
		return baseline.PlanFreeze("", "note", reqs)
	})
	if err != nil {
		t.Fatal(err)
	}
	if read != 3 || b.Name != "v1.0" || b.Count != 2 || b.Note != "note" || b.CreatedBy != "tester" {
		t.Fatalf("read %d; baseline %+v", read, b)
	}
	for id, want := range map[string]requirements.Status{"REQ-001": requirements.Frozen, "REQ-002": requirements.Frozen, "REQ-003": requirements.Draft} {
		r, err := db.Requirements().Requirement(ctx, id)
		if err != nil || r.Status != want {
			t.Errorf("%s: %s, %v; want %s", id, r.Status, err, want)
		}
		if want == requirements.Frozen && r.Revision != 3 {
			t.Errorf("%s frozen as revision %d, want 3", id, r.Revision)
		}
	}
	items, err := store.Items(ctx, "v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if v := baseline.Verify(b, items); !v.OK {
		t.Fatalf("v1.0 does not verify: %v", v.Problems)
	}
	rep, err := db.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("audit after the freeze: %+v, %v", rep, err)
	}

	// The domain service on this store refuses a freeze with nothing confirmed.
	svc := baseline.Service{Store: store}
	if _, err := svc.Freeze(ctx, "", ""); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("a freeze with nothing confirmed: %v", err)
	}
}
