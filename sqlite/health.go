package sqlite

import (
	"context"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/crmflow/crmflow"
)

// Health is crmflow.StoreHealth: the check below the domain.
type Health = crmflow.StoreHealth

// dangling lists, per reference kind, a query for the references whose
// target is missing.
var dangling = []struct{ what, query string }{
	{"suspect mark on a missing requirement", "SELECT req_id || ' (' || item || ')' FROM trace_suspects WHERE req_id NOT IN (SELECT id FROM requirements)"},
	{"data field of a missing requirement", "SELECT entity || '.' || name || ' → ' || req_id FROM data_fields WHERE req_id <> '' AND req_id NOT IN (SELECT id FROM requirements)"},
	{"finding of a missing interview", "SELECT id || ' → ' || interview FROM findings WHERE COALESCE(interview, '') <> '' AND interview NOT IN (SELECT id FROM interviews)"},
	{"finding of a missing process map", "SELECT id || ' → ' || process FROM findings WHERE process <> '' AND process NOT IN (SELECT id FROM process_maps)"},
	{"meeting decision on a missing requirement", "SELECT m.id || ' → ' || json_extract(d.value, '$.req') FROM meetings m, json_each(m.decisions) d WHERE json_extract(d.value, '$.req') NOT IN (SELECT id FROM requirements)"},
	{"change request on a missing requirement", "SELECT c.id || ' → ' || r.value FROM change_requests c, json_each(c.body, '$.proposal.reqs') r WHERE c.state NOT IN ('rejected', 'closed') AND r.value NOT IN (SELECT id FROM requirements)"},
	{"change request against a missing baseline", "SELECT id || ' → ' || json_extract(body, '$.against') FROM change_requests WHERE json_extract(body, '$.against') <> '' AND json_extract(body, '$.against') NOT IN (SELECT name FROM baselines)"},
	{"milestone after a missing milestone", "SELECT m.id || ' → ' || json_extract(p.value, '$.id') FROM milestones m, json_each(m.preds) p WHERE json_extract(p.value, '$.id') NOT IN (SELECT id FROM milestones)"},
	{"test case of a missing requirement", "SELECT id || ' → ' || req_id FROM test_cases WHERE req_id NOT IN (SELECT id FROM requirements)"},
	{"UAT round on a missing baseline", "SELECT id || ' → ' || baseline FROM uat_rounds WHERE baseline NOT IN (SELECT name FROM baselines)"},
	{"UAT result of a missing test case", "SELECT round || '/' || case_id FROM uat_results WHERE case_id NOT IN (SELECT id FROM test_cases) OR round NOT IN (SELECT id FROM uat_rounds)"},
	{"defect of a missing test case", "SELECT id || ' → ' || case_id FROM defects WHERE case_id NOT IN (SELECT id FROM test_cases)"},
	{"sign-off on a missing baseline", "SELECT id || ' → ' || baseline FROM signoff_requests WHERE baseline <> '' AND baseline NOT IN (SELECT name FROM baselines)"},
}

// Health checks the database file.
func (db *DB) Health(ctx context.Context) (Health, error) {
	h := Health{Known: SchemaVersion(), Integrity: []string{}, Dangling: []string{}}
	v, err := db.userVersion(ctx, db.sql)
	if err != nil {
		return h, err
	}
	h.SchemaVersion = v
	// On a damaged file the check itself stops part way (SQLite reports the
	// damage it met): that is its finding, not a failure of the check.
	if err := db.lines(ctx, "PRAGMA integrity_check", "", &h.Integrity); err != nil {
		if !isDamage(err) {
			return h, err
		}
		h.Integrity = append(h.Integrity, "the check stopped: "+err.Error())
	}
	for _, d := range dangling {
		if err := db.lines(ctx, d.query, d.what+": ", &h.Dangling); err != nil {
			if !isDamage(err) {
				return h, fmt.Errorf("%s: %w", d.what, err)
			}
			h.Dangling = append(h.Dangling, d.what+": could not be checked: "+err.Error())
		}
	}
	return h, nil
}

// lines appends each row of a one-column query to out, after prefix.
func (db *DB) lines(ctx context.Context, query, prefix string, out *[]string) error {
	rows, err := db.sql.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		*out = append(*out, prefix+s)
	}
	return rows.Err()
}

// isDamage tells an error SQLite gives for a damaged file.
func isDamage(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}
