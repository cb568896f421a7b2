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
