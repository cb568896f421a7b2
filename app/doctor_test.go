package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/golive"
	_ "github.com/crmflow/crmflow/sqlite/backend"
)

var doctorNow = crmflow.FixedClock{T: time.Date(2026, 12, 4, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}

var (
	demoOnce sync.Once
	demoDir  string
	demoErr  error
)

// demoWorkspace is the demo with a calendar override and a go-live item
// set, built once; each caller gets its own copy.
func demoWorkspace(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		demoDir, demoErr = os.MkdirTemp("", "crmflow-doctor-")
		if demoErr != nil {
			return
		}
		ctx := context.Background()
		p := filepath.Join(demoDir, "crmflow.db")
		o := app.Options{Clock: doctorNow, Actor: "tester"}
		if _, demoErr = app.CreateDemo(ctx, p, app.DemoOptions{Out: filepath.Join(demoDir, "out")}, o); demoErr != nil {
			return
		}
		a, err := app.Open(ctx, p, o)
		if demoErr = err; err != nil {
			return
		}
		defer a.Close()
		if _, demoErr = a.SetCalendarDay(ctx, "2027-01-09", "workday", "调休"); demoErr != nil {
			return
		}
		items, err := a.GoLive.Items(ctx, crmflow.LangZH)
		if demoErr = err; err != nil {
			return
		}
		owner := "李工"
		_, demoErr = a.SetGoLive(ctx, items[0].Key, golive.Update{Owner: &owner})
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	dir := t.TempDir()
	for _, name := range []string{"crmflow.db", "crmflow.db.anchor"} {
		copyFile(t, filepath.Join(demoDir, name), filepath.Join(dir, name))
	}
	return filepath.Join(dir, "crmflow.db")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

func doctor(t *testing.T, p string) app.DoctorReport {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, p, app.Options{Clock: doctorNow, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	rep, err := a.Doctor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func check(rep app.DoctorReport, name string) app.DoctorCheck {
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	return app.DoctorCheck{}
}

// TestDoctorFindsEditsOfEveryKind edits each kind of record the plan,
// acceptance, sign-off and go-live capabilities keep, the way a person with
// sqlite3 would, and expects doctor (audit verify) to name it.
func TestDoctorFindsEditsOfEveryKind(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"milestone", "UPDATE milestones SET duration = duration + 5 WHERE id = 'MS-01'", "milestone MS-01 was changed outside crmflow"},
		{"milestone deleted", "DELETE FROM milestones WHERE id = (SELECT max(id) FROM milestones)", "was deleted outside crmflow"},
		{"risk", "UPDATE risks SET status = 'closed' WHERE id = 'RISK-01'", "risk RISK-01 was changed outside crmflow"},
		{"calendar override", "UPDATE calendar_overrides SET workday = 0", "calendar override calendar:2027-01-09 was changed outside crmflow"},
		{"plan baseline", "UPDATE plan_baselines SET finish = '2030-01-01'", "plan baseline plan-baseline:"},
		{"plan settings", "UPDATE plan_settings SET buffer_pct = 0", "plan setting plan was changed outside crmflow"},
		{"test case", "UPDATE test_cases SET title = '改过' WHERE id = 'TC-001'", "test case TC-001 was changed outside crmflow"},
		{"test case body", "UPDATE test_cases SET body = json_set(body, '$.expected', '随便') WHERE id = 'TC-002'", "test case TC-002 was changed outside crmflow"},
		{"UAT round", "UPDATE uat_rounds SET body = json_set(body, '$.baseline', 'v1.0')", "UAT round UAT-1 was changed outside crmflow"},
		{"UAT result column", "UPDATE uat_results SET result = 'pass'", "UAT result UAT-1/"},
		{"UAT result inserted", "INSERT INTO uat_results SELECT 'UAT-1', 'TC-999', result, body, recorded_at FROM uat_results LIMIT 1", "UAT result UAT-1/TC-999 exists but the audit log has no record"},
		{"defect", "UPDATE defects SET state = 'closed' WHERE id = 'DEF-002'", "defect DEF-002 was changed outside crmflow"},
		{"defect deleted", "DELETE FROM defects WHERE id = 'DEF-001'", "defect DEF-001 was deleted outside crmflow"},
		{"sign-off document", "UPDATE signoff_requests SET document = CAST('<p>forged</p>' AS BLOB)", "sign-off SO-001 was changed outside crmflow"},
		{"sign-off baseline", "UPDATE signoff_requests SET baseline = 'v1.0'", "sign-off SO-001 was changed outside crmflow"},
		{"signature", "UPDATE signoff_signatures SET meaning = 'approve-with-conditions'", "signature SO-001#1 was changed outside crmflow"},
		{"signature deleted", "DELETE FROM signoff_signatures", "signature SO-001#1 was deleted outside crmflow"},
		{"go-live item", "UPDATE golive_items SET status = 'done', evidence = '上线报告.pdf'", "go-live item golive/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := demoWorkspace(t)
			if rep := doctor(t, p); !rep.OK {
				t.Fatalf("the demo is not clean: %+v", rep)
			}
			db, err := sql.Open("sqlite", "file:"+p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := db.Exec(tt.sql)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatalf("%q changed nothing", tt.sql)
			}
			rep := doctor(t, p)
			audit := check(rep, "audit")
			if rep.OK || audit.OK || !strings.Contains(strings.Join(audit.Problems, "\n"), tt.want) {
				t.Fatalf("after %q the audit check says %+v, want a problem containing %q", tt.sql, audit, tt.want)
			}
		})
	}
}

// TestSignoffAnchorsTheLog: a sign-off keeps the log's head; cutting the log
// back before it is reported even with the checkpoint file gone.
func TestSignoffAnchorsTheLog(t *testing.T) {
	p := demoWorkspace(t)
	db, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	if err := db.QueryRow("SELECT audit_seq FROM signoff_requests WHERE id = 'SO-001'").Scan(&seq); err != nil || seq == 0 {
		db.Close()
		t.Fatalf("SO-001 keeps no anchor: %d, %v", seq, err)
	}
	_, err = db.Exec("DELETE FROM audit WHERE seq >= ?", seq)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p + ".anchor"); err != nil {
		t.Fatal(err)
	}
	audit := check(doctor(t, p), "audit")
	want := fmt.Sprintf("truncated: the audit log ends at event %d but sign-off SO-001 records event %d: events were cut off the log", seq-1, seq)
	if audit.OK || !slices.Contains(audit.Problems, want) {
		t.Fatalf("the log cut back before SO-001's anchor: %+v, want %q", audit, want)
	}
}

// TestDoctorFindsDanglingReferences: records of the later capabilities that
// point at something deleted outside crmflow are listed under references.
func TestDoctorFindsDanglingReferences(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"milestone", "DELETE FROM milestones WHERE id = 'MS-01'", "milestone after a missing milestone: MS-02 → MS-01"},
		{"test case", "DELETE FROM requirements WHERE id = (SELECT req_id FROM test_cases WHERE id = 'TC-001')", "test case of a missing requirement: TC-001 → "},
		{"defect", "DELETE FROM test_cases WHERE id = (SELECT case_id FROM defects WHERE id = 'DEF-001')", "defect of a missing test case: DEF-001 → "},
		{"sign-off", "UPDATE signoff_requests SET baseline = 'v9.9' WHERE id = 'SO-001'", "sign-off on a missing baseline: SO-001 → v9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := demoWorkspace(t)
			db, err := sql.Open("sqlite", "file:"+p+"?_pragma=foreign_keys(0)")
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec(tt.sql)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			refs := check(doctor(t, p), "references")
			if refs.OK || !strings.Contains(strings.Join(refs.Problems, "\n"), tt.want) {
				t.Fatalf("after %q: %+v, want %q", tt.sql, refs, tt.want)
			}
		})
	}
}
