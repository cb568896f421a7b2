package app_test

import (
	"context"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// What a draft holds beyond the newest baseline: requirements added after it
// and those changed since, but not one left out of it (deferred, rejected).
func TestRegisterSinceBaseline(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	kept := add(t, a, "Visit log on mobile", "visible to the manager within 5 s")
	left := add(t, a, "Route map", "a route for 20 visits in 2 s")
	for id, st := range map[string]requirements.Status{kept: requirements.Confirmed, left: requirements.Deferred} {
		if _, _, err := a.SetRequirementStatus(ctx, id, st); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Freeze(ctx, "", ""); err != nil {
		t.Fatal(err)
	}
	added := add(t, a, "Dealer portal")
	reg, err := a.Register(ctx, crmflow.LangEN, "")
	if err != nil {
		t.Fatal(err)
	}
	if s := reg.Since; s.Baseline != "v1.0" || len(s.Added) != 1 || s.Added[0] != added || len(s.Changed) != 0 {
		t.Errorf("since v1.0: %+v, want only %s added", s, added)
	}
}
