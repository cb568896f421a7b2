package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/crmflow/crmflow/requirements"
)

// TestAddLinkReadsOnlyWhatTheCheckNeeds: adding a link reads the links at
// its ends and the chain above it, not the whole table (which made building
// a project quadratic in its links), and the check still sees a cycle.
func TestAddLinkReadsOnlyWhatTheCheckNeeds(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	store := db.Requirements()
	var ids []string
	for i := 0; i < 12; i++ {
		ids = append(ids, addReq(t, db, fmt.Sprintf("r%d", i)).ID)
	}
	none := func([]requirements.Link) error { return nil }
	// Two separate chains: 0←1←2←3←4←5 and 6←7←…←11 (child to parent).
	for _, chain := range [][]string{ids[:6], ids[6:]} {
		for i := 1; i < len(chain); i++ {
			if err := store.AddLink(ctx, requirements.Link{From: chain[i], To: chain[i-1], Kind: requirements.LinkParent}, none); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []requirements.Link
	l := requirements.Link{From: ids[0], To: ids[5], Kind: requirements.LinkDerivesFrom}
	if err := store.AddLink(ctx, l, func(all []requirements.Link) error { got = all; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, x := range got {
		if x.From >= ids[6] && len(x.From) == len(ids[6]) {
			t.Errorf("the check of %s→%s was given the unrelated link %s→%s", l.From, l.To, x.From, x.To)
		}
	}
	// The parent chain above ids[5] is given whole: a cycle shows.
	l = requirements.Link{From: ids[0], To: ids[5], Kind: requirements.LinkParent}
	if err := store.AddLink(ctx, l, func(all []requirements.Link) error { got = all; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) < 5 {
		t.Errorf("the check of a parent link was given %d links, want the chain of 5 it would close", len(got))
	}
}

// TestAddLinksOneTransaction: a batch of links is checked link by link against
// the ones before it (a second parent, a cycle closed inside the batch) and
// stored whole or not at all, with an audit event per end of each link.
func TestAddLinksOneTransaction(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	svc := &requirements.Service{Store: db.Requirements()}
	var ids []string
	for i := 0; i < 4; i++ {
		ids = append(ids, addReq(t, db, fmt.Sprintf("r%d", i)).ID)
	}
	parent := func(from, to int) requirements.Link {
		return requirements.Link{From: ids[from], To: ids[to], Kind: requirements.LinkParent}
	}
	events := func() int {
		var n int
		if err := db.sql.QueryRow("SELECT count(*) FROM audit WHERE action = 'link'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for name, batch := range map[string][]requirements.Link{
		"cycle":         {parent(1, 0), parent(2, 1), parent(0, 2)},
		"second parent": {parent(1, 0), parent(2, 0), parent(1, 3)},
		"duplicate":     {parent(1, 0), parent(1, 0)},
	} {
		err := svc.LinkAll(ctx, batch)
		if err == nil {
			t.Fatalf("%s: LinkAll accepted %v", name, batch)
		}
		all, lerr := svc.Store.Links(ctx, "")
		if lerr != nil {
			t.Fatal(lerr)
		}
		if len(all) != 0 || events() != 0 {
			t.Fatalf("%s refused (%v) but %d links and %d audit events were kept", name, err, len(all), events())
		}
	}
	if err := svc.LinkAll(ctx, []requirements.Link{parent(1, 0), parent(2, 1), parent(3, 1)}); err != nil {
		t.Fatal(err)
	}
	all, err := svc.Store.Links(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || events() != 6 {
		t.Fatalf("stored %d links and %d audit events, want 3 and 6", len(all), events())
	}
}
