package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func newDB(t *testing.T) (*DB, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "crmflow.db")
	db, err := Create(context.Background(), p, crmflow.Project{Name: "测试项目", Client: "客户", Lang: crmflow.LangZH},
		map[string]string{"scoring.high": "4"}, Options{Clock: crmflow.FixedClock{T: testNow}, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, p
}

func addReq(t *testing.T, db *DB, title string) *requirements.Requirement {
	t.Helper()
	r := &requirements.Requirement{Title: title, Module: "visit", Kind: requirements.KindFunctional, Status: requirements.Draft,
		Value: 3, Difficulty: 3, Urgency: 3, Criteria: []string{"c"}}
	if err := db.Requirements().CreateRequirements(context.Background(), []*requirements.Requirement{r}); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFreshInstall(t *testing.T) {
	db, p := newDB(t)
	ctx := context.Background()
	v, err := db.userVersion(ctx, db.sql)
	if err != nil || v != SchemaVersion() {
		t.Fatalf("schema version %d, %v; want %d", v, err, SchemaVersion())
	}
	var mode string
	if err := db.sql.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := db.sql.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	p0, err := db.Project(ctx)
	if err != nil || p0.Name != "测试项目" || !p0.CreatedAt.Equal(testNow) {
		t.Fatalf("project = %+v, %v", p0, err)
	}
	if _, err := Create(ctx, p, crmflow.Project{Name: "x", Lang: crmflow.LangZH}, nil, Options{}); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("a second Create over an existing file: %v", err)
	}
	events, err := db.AuditLog(ctx, crmflow.AuditFilter{})
	if err != nil || len(events) != 2 || events[0].Entity != "project" || events[0].Action != "create" || events[0].PrevHash != "" ||
		events[1].Entity != "setting:scoring.high" || events[1].Action != "init" || string(events[1].After) != `{"key":"scoring.high","value":"4"}` {
		t.Fatalf("audit after init = %+v, %v; want the project's creation, then its one setting", events, err)
	}
}

func TestMigrationRerunIsNoop(t *testing.T) {
	db, p := newDB(t)
	ctx := context.Background()
	addReq(t, db, "a")
	// Applying a migration the database already has (as a second process racing
	// the first would) does nothing.
	for _, m := range migrations() {
		if err := db.applyMigration(ctx, m); err != nil {
			t.Fatalf("re-applying %s: %v", m.name, err)
		}
	}
	db.Close()
	db2, err := Open(ctx, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	reqs, err := db2.Requirements().Requirements(ctx)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("after reopen: %d requirements, %v", len(reqs), err)
	}
}

func TestMigrateOldDatabase(t *testing.T) {
	// A database at schema 0 (a half-created file) gets every migration.
	p := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE unrelated(x)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := openRaw(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.userVersion(context.Background(), db.sql); v != SchemaVersion() {
		t.Fatalf("version %d after migrate", v)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	db, p := newDB(t)
	if _, err := db.sql.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(p)
	_, err := Open(context.Background(), p, Options{})
	if err == nil || !strings.Contains(err.Error(), "written by a newer crmflow (schema version 99") {
		t.Fatalf("Open of a newer database: %v", err)
	}
	after, _ := os.ReadFile(p)
	if string(before) != string(after) {
		t.Fatal("opening a newer database changed it")
	}
}

func TestNotADatabase(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	os.WriteFile(p, []byte("hello"), 0o644)
	if _, err := Open(context.Background(), p, Options{}); err == nil || !strings.Contains(err.Error(), "is not a SQLite database") {
		t.Fatalf("got %v", err)
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "missing.db"), Options{}); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Fatalf("missing file: %v", err)
	}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, sql, kind, detail string
	}{
		// Events 1 and 2: the project and the setting init was given.
		{"edit an event", "UPDATE audit SET actor = 'mallory' WHERE seq = 3", "broken-chain", "event 3 (create REQ-001"},
		{"edit an event's data", "UPDATE audit SET after = replace(after, '\"a\"', '\"z\"') WHERE seq = 3", "broken-chain", "event 3"},
		{"delete an event", "DELETE FROM audit WHERE seq = 4", "broken-chain", "event 4 is missing"},
		{"rewrite a hash", "UPDATE audit SET hash = '00' WHERE seq = 3", "broken-chain", "event 3"},
		{"edit a setting given at init", "UPDATE settings SET value = '3' WHERE key = 'scoring.high'", "state-mismatch", "setting setting:scoring.high was changed outside crmflow"},
		{"add a setting", "INSERT INTO settings(key, value) VALUES ('scoring.low', '1')", "missing-history", "setting setting:scoring.low exists"},
		{"edit the data", "UPDATE requirements SET title = 'b' WHERE id = 'REQ-001'", "state-mismatch", "REQ-001 was changed outside crmflow"},
		{"delete the data", "DELETE FROM requirements WHERE id = 'REQ-002'", "state-mismatch", "REQ-002 was deleted outside crmflow"},
		{"insert data", "INSERT INTO requirements SELECT 'REQ-009', 9, title, description, module, kind, status, value, difficulty, urgency, moscow, criteria, owner, source, stakeholder, tags, fields, revision, created_at, updated_at FROM requirements WHERE id = 'REQ-001'", "missing-history", "REQ-009 exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := newDB(t)
			addReq(t, db, "a")
			addReq(t, db, "second")
			if _, err := db.Requirements().UpdateRequirement(ctx, "REQ-001", "update", func(r *requirements.Requirement) error {
				r.Urgency = 5
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			rep, err := db.VerifyAudit(ctx)
			if err != nil || !rep.OK || rep.Events != 5 {
				t.Fatalf("clean log: %+v, %v", rep, err)
			}
			if _, err := db.sql.Exec(tt.sql); err != nil {
				t.Fatal(err)
			}
			rep, err = db.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || len(rep.Problems) == 0 || rep.Problems[0].Kind != tt.kind || !strings.Contains(rep.Problems[0].Detail, tt.detail) {
				t.Fatalf("after %q: %+v", tt.sql, rep)
			}
		})
	}
}

func TestUpdateWithoutChangeWritesNothing(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	addReq(t, db, "a")
	r, err := db.Requirements().UpdateRequirement(ctx, "REQ-001", "update", func(r *requirements.Requirement) error { return nil })
	if err != nil || r.Revision != 1 {
		t.Fatalf("no-op update: revision %d, %v", r.Revision, err)
	}
	events, _ := db.AuditLog(ctx, crmflow.AuditFilter{Entity: "REQ-001"})
	if len(events) != 1 {
		t.Fatalf("a no-op update wrote %d events", len(events)-1)
	}
}

func TestFailedWriteLeavesNoTrace(t *testing.T) {
	db, _ := newDB(t)
	ctx := context.Background()
	addReq(t, db, "a")
	// The second of two requirements is invalid for the schema (value 9): neither is stored.
	rs := []*requirements.Requirement{
		{Title: "ok", Module: "visit", Kind: "functional", Status: "draft", Value: 3, Difficulty: 3, Urgency: 3},
		{Title: "bad", Module: "visit", Kind: "functional", Status: "draft", Value: 9, Difficulty: 3, Urgency: 3},
	}
	if err := db.Requirements().CreateRequirements(ctx, rs); err == nil {
		t.Fatal("the CHECK constraint did not fire")
	}
	reqs, _ := db.Requirements().Requirements(ctx)
	events, _ := db.AuditLog(ctx, crmflow.AuditFilter{})
	if len(reqs) != 1 || len(events) != 3 {
		t.Fatalf("after a failed batch: %d requirements, %d events", len(reqs), len(events))
	}
	// The ID counter rolled back too.
	addReq(t, db, "b")
	if _, err := db.Requirements().Requirement(ctx, "REQ-002"); err != nil {
		t.Fatalf("next ID after a rollback: %v", err)
	}
}

func TestBackupRestore(t *testing.T) {
	db, p := newDB(t)
	ctx := context.Background()
	addReq(t, db, "a")
	bak := filepath.Join(t.TempDir(), "b.db")
	if err := db.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, bak); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("backup over an existing file: %v", err)
	}
	addReq(t, db, "b")
	db.Close()
	if _, err := Restore(ctx, bak, p, false); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("restore without force: %v", err)
	}
	info, err := Restore(ctx, bak, p, true)
	if err != nil || info.Requirements != 1 {
		t.Fatalf("restore: %+v, %v", info, err)
	}
	db2, err := Open(ctx, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	reqs, _ := db2.Requirements().Requirements(ctx)
	if len(reqs) != 1 {
		t.Fatalf("restored %d requirements", len(reqs))
	}
	if rep, err := db2.VerifyAudit(ctx); err != nil || !rep.OK {
		t.Fatalf("restored database does not verify: %+v %v", rep, err)
	}
	if _, err := os.Stat(p + ".pre-restore"); err != nil {
		t.Fatalf("the replaced database was not kept: %v", err)
	}
}
