package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

func problemOf(err error) string {
	if e, ok := err.(*crmflow.Error); ok {
		return e.Facts["problem"]
	}
	return ""
}

func bigReq() *requirements.Requirement {
	return &requirements.Requirement{Title: "big", Module: "visit", Kind: requirements.KindFunctional, Status: requirements.Draft,
		Value: 3, Difficulty: 3, Urgency: 3, Criteria: []string{"c"}, Description: strings.Repeat("拜访", 20000)}
}

// TestDiskFullIsNamed: SQLITE_FULL is the user's disk, not a crmflow fault.
func TestDiskFullIsNamed(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	db.sql.SetMaxOpenConns(1)
	var pages int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	err := db.Requirements().CreateRequirements(ctx, []*requirements.Requirement{bigReq()})
	if crmflow.ErrorCode(err) != crmflow.EINVALID || problemOf(err) != "disk-full" || !strings.Contains(err.Error(), "is full; nothing was written") {
		t.Fatalf("write on a full disk: %v (problem %q), want disk-full", err, problemOf(err))
	}
}

// TestReadOnlyWorkspaceReadsAndRefusesWrites: a workspace that cannot be
// written (opened immutable, no -shm needed) still reads; a write is refused
// with its own message.
func TestReadOnlyWorkspaceReadsAndRefusesWrites(t *testing.T) {
	db, p := newDB(t)
	addReq(t, db, "a")
	db.Close()
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(p + s); err == nil {
			t.Fatalf("%s left after close", s)
		}
	}
	ro, err := openReadOnly(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rs, err := ro.Requirements().Requirements(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("read: %v, %d requirements", err, len(rs))
	}
	err = ro.Requirements().CreateRequirements(context.Background(), []*requirements.Requirement{bigReq()})
	if crmflow.ErrorCode(err) != crmflow.EDENIED || problemOf(err) != "read-only" {
		t.Fatalf("write: %v, want read-only", err)
	}
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(p + s); err == nil {
			t.Errorf("the read-only open created %s", s)
		}
	}
}

// TestReadOnlyFolder opens a workspace in a folder this user cannot write
// (skipped as root, who can write anywhere).
func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	db, p := newDB(t)
	addReq(t, db, "a")
	db.Close()
	dir := filepath.Dir(p)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	ro, err := Open(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Fatal("opened for writing in a read-only folder")
	}
}

// TestCorruptDatabaseRefusesWrites: a page overwritten with garbage makes
// SQLite report corruption; the write is refused, named as such.
func TestCorruptDatabaseRefusesWrites(t *testing.T) {
	db, p := newDB(t)
	for i := 0; i < 30; i++ {
		addReq(t, db, "r")
	}
	db.Close()
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := []byte(strings.Repeat("\xff", 4096))
	// The last pages hold requirement rows: the open still works.
	for off := st.Size() - 2*4096; off+4096 <= st.Size(); off += 4096 {
		f.WriteAt(junk, off)
	}
	f.Close()
	db2, err := Open(context.Background(), p, Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer db2.Close()
	err = db2.Requirements().CreateRequirements(context.Background(), []*requirements.Requirement{bigReq()})
	if err == nil || problemOf(err) != "corrupt" {
		t.Fatalf("write to a corrupt database: %v (problem %q), want corrupt", err, problemOf(err))
	}
}

// TestIOErrorOnFullDiskIsNamed: SQLite reports a full disk as a bare I/O
// error when it cannot grow the -shm file on open (4874, no errno): with no
// space left in the folder it is named as a full disk, otherwise as I/O.
func TestIOErrorOnFullDiskIsNamed(t *testing.T) {
	p := filepath.Join(t.TempDir(), "crmflow.db")
	bare := errors.New("disk I/O error (4874)")
	defer func(f func(string) uint64) { freeBytes = f }(freeBytes)
	freeBytes = func(string) uint64 { return 0 }
	if err := ioError(p, bare, bare); problemOf(err) != "disk-full" || !strings.Contains(err.Error(), "is full; nothing was written") {
		t.Errorf("no space left: %v (problem %q), want disk-full", err, problemOf(err))
	}
	freeBytes = func(string) uint64 { return 1 << 30 }
	if err := ioError(p, bare, bare); problemOf(err) != "io" || !strings.Contains(err.Error(), "cannot read or write") {
		t.Errorf("space left: %v (problem %q), want io", err, problemOf(err))
	}
	if err := ioError(p, fmt.Errorf("write: %w", syscall.ENOSPC), bare); problemOf(err) != "disk-full" {
		t.Errorf("ENOSPC with space left: %v (problem %q), want disk-full", err, problemOf(err))
	}
}

// damagePage overwrites the cell pointers of the root page of table in the
// database at p (closed, no -wal): SQLite then reports the file malformed
// when it reads the table, and the integrity check stops part way.
func damagePage(t *testing.T, p, table string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	err = db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = ?", table).Scan(&root)
	if err == nil {
		err = db.QueryRow("PRAGMA page_size").Scan(&size)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 60), (root-1)*size+8); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedFileIsNamed: a read that meets a damaged page is named as a
// damaged workspace, and the health check reports what the integrity check
// found before it stopped instead of failing itself (doctor printed
// "internal error … report it").
func TestDamagedFileIsNamed(t *testing.T) {
	db, p := newDB(t)
	for i := range 20 {
		addReq(t, db, fmt.Sprintf("需求 %d", i))
	}
	db.Close()
	damagePage(t, p, "requirements")
	db, err := Open(context.Background(), p, Options{Clock: crmflow.FixedClock{T: testNow}, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Requirements().Requirements(context.Background())
	if err == nil {
		t.Fatal("reading a damaged table gave no error")
	}
	if err := db.StorageError(err); problemOf(err) != "corrupt" || !strings.Contains(err.Error(), "is damaged") {
		t.Errorf("read of a damaged table: %v (problem %q), want corrupt", err, problemOf(err))
	}
	h, err := db.Health(context.Background())
	if err != nil {
		t.Fatalf("Health on a damaged file: %v", err)
	}
	if len(h.Integrity) < 2 || h.Integrity[0] == "ok" || !strings.Contains(strings.Join(h.Integrity, "\n"), "page") {
		t.Errorf("integrity findings %q, want the damaged page named", h.Integrity)
	}
	if other := errors.New("not storage"); db.StorageError(other) != other {
		t.Error("StorageError changed an error that is not about the storage")
	}
}
