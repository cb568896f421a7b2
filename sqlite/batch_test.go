package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/release"
)

// A plan bigger than a batch (with a remainder) is written whole: every item
// inserted, then every one updated through the upsert, each with its audit
// event, and the chain verifies.
func TestReleasePlanWrittenInBatches(t *testing.T) {
	ctx := context.Background()
	db, _ := newDB(t)
	n := 2*batchRows + 53
	plan := func(sprint string) func(release.State) (release.Plan, error) {
		return func(st release.State) (release.Plan, error) {
			p := release.Plan{Action: "release"}
			for i := 1; i <= n; i++ {
				it := st.Items[fmt.Sprintf("REQ-%03d", i)]
				it.Ref, it.Release, it.Sprint, it.EstimateHours = fmt.Sprintf("REQ-%03d", i), "REL-01", sprint, i
				p.Items = append(p.Items, it)
			}
			return p, nil
		}
	}
	if _, err := db.Releases().Apply(ctx, plan("")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Releases().Apply(ctx, plan("S-01")); err != nil {
		t.Fatal(err)
	}
	items, err := db.Releases().Items(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != n {
		t.Fatalf("%d items stored, want %d", len(items), n)
	}
	for _, it := range items {
		var i int
		fmt.Sscanf(it.Ref, "REQ-%d", &i)
		if it.Sprint != "S-01" || it.Release != "REL-01" || it.EstimateHours != i {
			t.Fatalf("item %+v", it)
		}
	}
	events, err := db.AuditLog(ctx, crmflow.AuditFilter{Entity: "plan:REQ-253"})
	if err != nil || len(events) != 2 || events[0].Action != "release" || len(events[1].Before) == 0 {
		t.Fatalf("REQ-253's events: %+v, %v", events, err)
	}
	all, err := db.AuditLog(ctx, crmflow.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range all {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i+1, e.Seq)
		}
	}
	rep, err := db.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

func TestBatchStatement(t *testing.T) {
	b := (&Tx{}).newBatchInsert("INSERT INTO t(a, b)", "ON CONFLICT(a) DO NOTHING", 2)
	if got, want := b.statement(3), "INSERT INTO t(a, b) VALUES (?,?),(?,?),(?,?) ON CONFLICT(a) DO NOTHING"; got != want {
		t.Errorf("statement(3) = %q, want %q", got, want)
	}
}
