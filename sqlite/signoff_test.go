package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/golive"
	"github.com/crmflow/crmflow/signoff"
)

// The sign-off migration (0009) applies after 0006 although 0007 and 0008
// come from other branches: the runner applies whatever is newer, in order.
func TestSignoffMigrationAndKeys(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	if SchemaVersion() < 9 {
		t.Fatalf("schema version %d", SchemaVersion())
	}
	st := db.Signoffs()
	for _, id := range []string{"AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"} {
		if err := st.AddKey(ctx, signoff.Key{Stakeholder: "王总", ID: id, PublicKey: "pk-" + id}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.AddKey(ctx, signoff.Key{Stakeholder: "王总", ID: "BBBBBBBBBBBBBBBB", PublicKey: "x"}); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("the same key twice: %v", err)
	}
	keys, err := st.Keys(ctx, "王总")
	if err != nil || len(keys) != 2 || keys[0].Current() || !keys[1].Current() || !keys[0].RetiredAt.Equal(testNow.Truncate(time.Second)) {
		t.Fatalf("keys %+v %v", keys, err)
	}
	r := &signoff.Request{Doc: signoff.DocSRS, Title: "需求规格说明书", FileName: "a.html", Lang: crmflow.LangZH, Baseline: "v1.0", BaselineHash: "h", DocSHA256: signoff.SHA256([]byte("doc")), Size: 3}
	if err := st.CreateRequest(ctx, r, []byte("doc"), []byte("snap")); err != nil || r.ID != "SO-001" {
		t.Fatalf("create: %v %+v", err, r)
	}
	g := &signoff.Signature{Signer: "王总", Meaning: signoff.RequirementsConfirmed, SignedAt: testNow, Baseline: "v1.0", BaselineHash: "h", DocSHA256: "d", RecordedBy: "tester"}
	err = st.AddSignature(ctx, "SO-001", g, func(stored signoff.Request) error {
		if stored.ID != "SO-001" || len(stored.Signatures) != 0 {
			t.Errorf("stored %+v", stored)
		}
		g.Seq = 1
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Request(ctx, "SO-001")
	if err != nil || len(got.Signatures) != 1 || got.Signatures[0].Signer != "王总" || !got.Signatures[0].SignedAt.Equal(testNow) {
		t.Fatalf("request %+v %v", got, err)
	}
	doc, snap, err := st.Document(ctx, "SO-001")
	if err != nil || string(doc) != "doc" || string(snap) != "snap" {
		t.Fatalf("document %q %q %v", doc, snap, err)
	}
	if _, err := st.Request(ctx, "SO-002"); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("missing request: %v", err)
	}
	if _, err := db.GoLive().PutState(ctx, "stress.test", "waive", func(s golive.State) (golive.State, error) {
		s.Status, s.Reason = golive.Waived, "小规模"
		return s, nil
	}); err != nil {
		t.Fatal(err)
	}
	// Every mutation is in the audit log, and the chain holds.
	rep, err := db.VerifyAudit(ctx)
	if err != nil || !rep.OK || rep.Events < 6 {
		t.Fatalf("audit %+v %v", rep, err)
	}
}
