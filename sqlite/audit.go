package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
)

// AuditLog returns events, oldest first.
func (db *DB) AuditLog(ctx context.Context, f crmflow.AuditFilter) ([]crmflow.AuditEvent, error) {
	q := "SELECT seq, at, actor, entity, action, before, after, prev_hash, hash FROM audit"
	var args []any
	if f.Entity != "" {
		q += " WHERE entity = ?"
		args = append(args, f.Entity)
	}
	q += " ORDER BY seq"
	if f.Limit > 0 {
		q = "SELECT * FROM (" + q + " DESC LIMIT ?) ORDER BY seq"
		args = append(args, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []crmflow.AuditEvent{}
	for rows.Next() {
		e, _, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanEvent(rows *sql.Rows) (crmflow.AuditEvent, string, error) {
	var e crmflow.AuditEvent
	var at string
	var before, after sql.NullString
	err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Entity, &e.Action, &before, &after, &e.PrevHash, &e.Hash)
	e.At = parseTime(at)
	if before.Valid {
		e.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		e.After = json.RawMessage(after.String)
	}
	return e, at, err
}

// VerifyAudit walks the hash chain from the first event, then checks that
// every requirement's current row is what its last audit event says it is, so
// an out-of-band edit of either the log or the data is found.
func (db *DB) VerifyAudit(ctx context.Context) (crmflow.AuditReport, error) {
	rep := crmflow.AuditReport{Problems: []crmflow.AuditProblem{}}
	rows, err := db.sql.QueryContext(ctx, "SELECT seq, at, actor, entity, action, before, after, prev_hash, hash FROM audit ORDER BY seq")
	if err != nil {
		return rep, err
	}
	prev := ""
	var want int64 = 1
	chainBroken := false
	last := map[string]crmflow.AuditEvent{} // entity → newest create/update/status/delete event
	checks := recordChecks()
	folds := make([]folder, len(checks))
	for i, c := range checks {
		folds[i] = c.newFold()
	}
	for rows.Next() {
		e, at, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return rep, err
		}
		rep.Events++
		if !chainBroken {
			switch {
			case e.Seq != want:
				rep.Problems = append(rep.Problems, crmflow.AuditProblem{Seq: e.Seq, Entity: e.Entity, Kind: "broken-chain",
					Detail: fmt.Sprintf("event %d is missing: the log jumps from %d to %d", want, want-1, e.Seq)})
				chainBroken = true
			case e.PrevHash != prev:
				rep.Problems = append(rep.Problems, crmflow.AuditProblem{Seq: e.Seq, Entity: e.Entity, Kind: "broken-chain",
					Detail: fmt.Sprintf("event %d does not point at the hash of event %d", e.Seq, e.Seq-1)})
				chainBroken = true
			case eventHash(e, at) != e.Hash:
				rep.Problems = append(rep.Problems, crmflow.AuditProblem{Seq: e.Seq, Entity: e.Entity, Kind: "broken-chain",
					Detail: fmt.Sprintf("event %d (%s %s at %s by %s) was changed after it was written: its hash does not match its content", e.Seq, e.Action, e.Entity, at, e.Actor)})
				chainBroken = true
			}
		}
		prev, want = e.Hash, e.Seq+1
		for _, f := range folds {
			f.fold(&e)
		}
		switch e.Action {
		case "create", "update", "status", "import", "delete", "freeze", "change":
			if crmflow.KindRequirement.Is(e.Entity) || strings.HasPrefix(e.Entity, "baseline/") {
				last[e.Entity] = e
			}
		}
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rows.Close()
	rep.Head = prev
	aproblems, err := db.verifyAnchors(ctx, want-1)
	if err != nil {
		return rep, err
	}
	rep.Problems = append(rep.Problems, aproblems...)

	reqs, err := db.Requirements().Requirements(ctx)
	if err != nil {
		return rep, err
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		seen[r.ID] = true
		e, ok := last[r.ID]
		if !ok || e.Action == "delete" {
			rep.Problems = append(rep.Problems, crmflow.AuditProblem{Entity: r.ID, Kind: "missing-history",
				Detail: fmt.Sprintf("%s exists but the audit log has no record of its current state", r.ID)})
			continue
		}
		cur, _ := json.Marshal(r)
		if !bytes.Equal(compact(e.After), cur) {
			rep.Problems = append(rep.Problems, crmflow.AuditProblem{Seq: e.Seq, Entity: r.ID, Kind: "state-mismatch",
				Detail: fmt.Sprintf("%s was changed outside crmflow: it differs from audit event %d (%s)", r.ID, e.Seq, diffFields(e.After, cur))})
		}
	}
	bproblems, err := db.verifyBaselines(ctx, last)
	if err != nil {
		return rep, err
	}
	rep.Problems = append(rep.Problems, bproblems...)
	for i, c := range checks {
		cur, err := c.load(ctx, db)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", c.noun, err)
		}
		if t, ok := folds[i].(interface{ tracked() bool }); ok && t.tracked() {
			c.untracked = false
		}
		rep.Problems = append(rep.Problems, compareRecords(c, folds[i].expected(), cur)...)
	}
	ids := make([]string, 0, len(last))
	for id := range last {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if e := last[id]; e.Action != "delete" && !seen[id] {
			rep.Problems = append(rep.Problems, crmflow.AuditProblem{Seq: e.Seq, Entity: id, Kind: "state-mismatch",
				Detail: fmt.Sprintf("%s was deleted outside crmflow (last audit event %d is %s)", id, e.Seq, e.Action)})
		}
	}
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

func compact(b []byte) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

// diffFields names the top-level JSON fields that differ.
func diffFields(a, b []byte) string {
	var ma, mb map[string]json.RawMessage
	_ = json.Unmarshal(a, &ma)
	_ = json.Unmarshal(b, &mb)
	var diff []string
	for k, v := range mb {
		if !bytes.Equal(compact(ma[k]), compact(v)) {
			diff = append(diff, k)
		}
	}
	sort.Strings(diff)
	if len(diff) == 0 {
		return "content differs"
	}
	return "fields " + fmt.Sprint(diff)
}

// verifyBaselines checks every baseline against its audit record and
// recomputes its hash from the stored items.
func (db *DB) verifyBaselines(ctx context.Context, last map[string]crmflow.AuditEvent) ([]crmflow.AuditProblem, error) {
	var out []crmflow.AuditProblem
	store := db.Baselines()
	all, err := store.Baselines(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range all {
		entity := BaselineEntity(b.Name)
		e, ok := last[entity]
		delete(last, entity) // checked here, not as a requirement
		if !ok {
			out = append(out, crmflow.AuditProblem{Entity: entity, Kind: "missing-history",
				Detail: fmt.Sprintf("baseline %s exists but the audit log has no record of it", b.Name)})
			continue
		}
		cur, _ := json.Marshal(auditBaseline(b))
		if !bytes.Equal(compact(e.After), cur) {
			out = append(out, crmflow.AuditProblem{Seq: e.Seq, Entity: entity, Kind: "state-mismatch",
				Detail: fmt.Sprintf("baseline %s was changed outside crmflow: it differs from audit event %d (%s)", b.Name, e.Seq, diffFields(e.After, cur))})
			continue
		}
		items, err := store.Items(ctx, b.Name)
		if err != nil {
			return nil, err
		}
		if v := baseline.Verify(b, items); !v.OK {
			out = append(out, crmflow.AuditProblem{Seq: e.Seq, Entity: entity, Kind: "state-mismatch",
				Detail: fmt.Sprintf("baseline %s was changed outside crmflow: %s", b.Name, v.Problems[0])})
		}
	}
	var gone []string
	for entity := range last {
		if strings.HasPrefix(entity, "baseline/") {
			gone = append(gone, entity)
		}
	}
	sort.Strings(gone)
	for _, entity := range gone {
		if e := last[entity]; true {
			out = append(out, crmflow.AuditProblem{Seq: e.Seq, Entity: entity, Kind: "state-mismatch",
				Detail: fmt.Sprintf("baseline %s was deleted outside crmflow", strings.TrimPrefix(entity, "baseline/"))})
			delete(last, entity)
		}
	}
	return out, nil
}

// verifyAnchors checks the log against every anchor kept outside it: a log
// ending before an anchor was cut short, one holding another hash at an
// anchor's seq was rewritten.
func (db *DB) verifyAnchors(ctx context.Context, last int64) ([]crmflow.AuditProblem, error) {
	known, err := db.anchors(ctx)
	if err != nil {
		return nil, err
	}
	var out []crmflow.AuditProblem
	for _, a := range known {
		if a.Seq == 0 {
			out = append(out, crmflow.AuditProblem{Kind: "anchor", Detail: a.where + " cannot be read"})
			continue
		}
		if a.Seq > last {
			out = append(out, crmflow.AuditProblem{Seq: a.Seq, Kind: "truncated",
				Detail: fmt.Sprintf("the audit log ends at event %d but %s records event %d: events were cut off the log", last, a.where, a.Seq)})
			continue
		}
		var h string
		err := db.sql.QueryRowContext(ctx, "SELECT hash FROM audit WHERE seq = ?", a.Seq).Scan(&h)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		if h != a.Hash {
			out = append(out, crmflow.AuditProblem{Seq: a.Seq, Kind: "truncated",
				Detail: fmt.Sprintf("event %d is not the one %s records (hash %.16s, now %.16s): the log was rewritten", a.Seq, a.where, a.Hash, h)})
		}
	}
	return out, nil
}
