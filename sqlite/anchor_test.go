package sqlite

import (
	"path/filepath"
	"testing"
)

// TestAnchorNeverMovesBack: two processes committing at once may write their
// anchors in either order; the file keeps the newer.
func TestAnchorNeverMovesBack(t *testing.T) {
	p := filepath.Join(t.TempDir(), "crmflow.db")
	db := &DB{path: p}
	db.writeAnchor(Anchor{Seq: 11, Hash: "b"})
	db.writeAnchor(Anchor{Seq: 10, Hash: "a"})
	a, ok, err := ReadAnchor(p)
	if err != nil || !ok || a != (Anchor{Seq: 11, Hash: "b"}) {
		t.Fatalf("anchor = %+v %v %v, want seq 11", a, ok, err)
	}
}

// BenchmarkWriteAnchor is the cost the checkpoint adds to each write transaction.
func BenchmarkWriteAnchor(b *testing.B) {
	p := filepath.Join(b.TempDir(), "crmflow.db")
	db := &DB{path: p}
	for i := 0; i < b.N; i++ {
		db.writeAnchor(Anchor{Seq: int64(i + 1), Hash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
	}
}
