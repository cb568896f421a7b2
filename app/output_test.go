package app

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/crmflow/crmflow"
)

// TestOutputRule: a file crmflow wrote is replaced while untouched; one
// changed since, or one crmflow did not write, only with force; a missing
// folder other than out/ is never created.
func TestOutputRule(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.md")
	if r, err := WriteOutput(p, []byte("one"), false); err != nil || r != ReplacedNothing {
		t.Fatalf("first write: %v %v", r, err)
	}
	if r, err := WriteOutput(p, []byte("two"), false); err != nil || r != ReplacedOwn {
		t.Fatalf("rewrite: %v %v", r, err)
	}
	if err := os.WriteFile(p, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOutput(p, []byte("three"), false); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("over an edit: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "edited" {
		t.Fatalf("the edit was lost: %q", b)
	}
	if r, err := WriteOutput(p, []byte("three"), true); err != nil || r != ReplacedEdited {
		t.Fatalf("forced: %v %v", r, err)
	}
	mine := filepath.Join(dir, "mine.md")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOutput(mine, []byte("x"), false); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("over a file crmflow did not write: %v", err)
	}
	if r, err := WriteOutput(mine, []byte("x"), true); err != nil || r != ReplacedUnknown {
		t.Fatalf("forced unknown: %v %v", r, err)
	}
	if _, err := WriteOutput(filepath.Join(dir, "no", "such", "f.md"), []byte("x"), true); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Fatalf("missing folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Fatal("a missing folder was created")
	}
}
