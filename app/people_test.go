package app_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	_ "github.com/crmflow/crmflow/sqlite/backend"
	"github.com/crmflow/crmflow/stakeholder"
)

// TestPeople checks the display-name rule: the people setting first, then a
// stakeholder the actor names, then the actor as recorded; user-name maps the
// current actor; a malformed setting is refused and changes nothing.
func TestPeople(t *testing.T) {
	ctx := context.Background()
	a, err := app.Create(ctx, filepath.Join(t.TempDir(), "crmflow.db"), crmflow.Project{Name: "CRM", Lang: crmflow.LangEN}, nil,
		app.Options{Clock: crmflow.FixedClock{T: signNow}, Actor: "root"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Stakeholders.Add(ctx, stakeholder.Stakeholder{Name: "Tom Becker", Org: "Client", Role: "Sales director"}); err != nil {
		t.Fatal(err)
	}
	check := func(want map[string]string) {
		t.Helper()
		person, err := a.People(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for actor, name := range want {
			if got := person(actor); got != name {
				t.Errorf("person(%q) = %q, want %q", actor, got, name)
			}
		}
	}
	check(map[string]string{"root": "root", "tom becker": "Tom Becker", "li": "li"})

	stored, _, err := a.SetProject(ctx, app.KeyUserName, " Chen Jing ")
	if err != nil || stored != "root=Chen Jing" {
		t.Fatalf("user-name: %q, %v", stored, err)
	}
	if stored, _, err = a.SetProject(ctx, app.KeyPeople, "li=Li Ming，root=Chen Jing"); err != nil || stored != "li=Li Ming, root=Chen Jing" {
		t.Fatalf("people: %q, %v", stored, err)
	}
	check(map[string]string{"root": "Chen Jing", "li": "Li Ming", "Tom Becker": "Tom Becker", "wang": "wang"})

	for _, bad := range []string{"root", "=x", "root=", "a=b=c", "a=b, a=c"} {
		if _, _, err := a.SetProject(ctx, app.KeyPeople, bad); crmflow.ErrorCode(err) != crmflow.EINVALID {
			t.Errorf("people %q: %v, want EINVALID", bad, err)
		}
	}
	if _, _, err := a.SetProject(ctx, app.KeyUserName, "Chen, Jing"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("user-name with a comma: %v", err)
	}
	check(map[string]string{"root": "Chen Jing", "li": "Li Ming"})
}
