package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/stakeholder"
)

// ---- stakeholders

// Stakeholders is the stakeholder.Store on this database.
func (db *DB) Stakeholders() stakeholder.Store { return peopleStore{db} }

type peopleStore struct{ db *DB }

func (s peopleStore) AddStakeholder(ctx context.Context, p stakeholder.Stakeholder) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM stakeholders WHERE name = ?", p.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s is already a stakeholder", p.Name).In("stakeholder.add").About("stakeholder", p.Name)
		}
		seq, err := tx.nextID("STK")
		if err != nil {
			return err
		}
		p.CreatedAt = tx.now
		if _, err := tx.Exec("INSERT INTO stakeholders(name, seq, org, role, email, can, created_at) VALUES (?,?,?,?,?,?,?)",
			p.Name, seq, p.Org, p.Role, p.Email, mustJSON(p.Can), formatTime(p.CreatedAt)); err != nil {
			return err
		}
		return tx.Record("stakeholder/"+p.Name, "create", nil, p)
	})
}

func (s peopleStore) Stakeholders(ctx context.Context) ([]stakeholder.Stakeholder, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT name, org, role, email, can, created_at FROM stakeholders ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stakeholder.Stakeholder{}
	for rows.Next() {
		var p stakeholder.Stakeholder
		var can, created string
		if err := rows.Scan(&p.Name, &p.Org, &p.Role, &p.Email, &can, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(can), &p.Can); err != nil {
			return nil, fmt.Errorf("stakeholder %s: %w", p.Name, err)
		}
		p.CreatedAt = parseTime(created)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ---- meetings

// Meetings is the meeting.Store on this database.
func (db *DB) Meetings() meeting.Store { return meetingStore{db} }

type meetingStore struct{ db *DB }

const meetingColumns = "id, kind, date, title, attendees, decisions, notes, created_at, created_by"

func scanMeeting(s scanner) (meeting.Meeting, error) {
	var m meeting.Meeting
	var attendees, decisions, created string
	if err := s.Scan(&m.ID, &m.Kind, &m.Date, &m.Title, &attendees, &decisions, &m.Notes, &created, &m.CreatedBy); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(attendees), &m.Attendees); err != nil {
		return m, fmt.Errorf("%s: attendees: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(decisions), &m.Decisions); err != nil {
		return m, fmt.Errorf("%s: decisions: %w", m.ID, err)
	}
	m.CreatedAt = parseTime(created)
	return m, nil
}

func (s meetingStore) CreateMeeting(ctx context.Context, m *meeting.Meeting, decide func(*meeting.Decision, *requirements.Requirement) error) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		for i := range m.Decisions {
			d := &m.Decisions[i]
			before, err := tx.requirement(d.Req)
			if err != nil {
				return err
			}
			r := before.Clone()
			if err := decide(d, &r); err != nil {
				return err
			}
			if err := tx.updateRequirement(before, &r, "status"); err != nil {
				return err
			}
		}
		n, err := tx.nextID("MEET")
		if err != nil {
			return err
		}
		m.ID = crmflow.KindMeeting.Format(n)
		m.CreatedAt, m.CreatedBy = tx.now, string(tx.actor)
		if _, err := tx.Exec("INSERT INTO meetings(seq, "+meetingColumns+") VALUES (?,?,?,?,?,?,?,?,?,?)",
			n, m.ID, m.Kind, m.Date, m.Title, mustJSON(m.Attendees), mustJSON(m.Decisions), m.Notes,
			formatTime(m.CreatedAt), m.CreatedBy); err != nil {
			return err
		}
		return tx.Record(m.ID, "create", nil, m)
	})
}

func (s meetingStore) Meeting(ctx context.Context, id string) (meeting.Meeting, error) {
	m, err := scanMeeting(s.db.sql.QueryRowContext(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, crmflow.Errorf(crmflow.ENOTFOUND, "meeting %s does not exist", id).About(crmflow.KindMeeting.Noun, id)
	}
	return m, err
}

func (s meetingStore) Meetings(ctx context.Context) ([]meeting.Meeting, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+meetingColumns+" FROM meetings ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []meeting.Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ---- baselines

// Baselines is the baseline.Store on this database.
func (db *DB) Baselines() baseline.Store { return BaselineStore{db} }

// BaselineStore is the baseline.Store on a database.
type BaselineStore struct{ db *DB }

const baselineColumns = "name, note, cr, hash, count, created_at, created_by"

func scanBaseline(s scanner) (baseline.Baseline, error) {
	var b baseline.Baseline
	var created string
	err := s.Scan(&b.Name, &b.Note, &b.CR, &b.Hash, &b.Count, &created, &b.CreatedBy)
	b.CreatedAt = parseTime(created)
	return b, err
}

func baselineNotFound(name string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "there is no baseline %q", name).About("baseline", name)
}

// auditBaseline is what the audit log records of a baseline.
func auditBaseline(b baseline.Baseline) map[string]any {
	return map[string]any{"name": b.Name, "note": b.Note, "cr": b.CR, "hash": b.Hash, "count": b.Count}
}

// BaselineEntity is the audit log entity of a baseline.
func BaselineEntity(name string) string { return "baseline/" + name }

func (s BaselineStore) ApplyFreeze(ctx context.Context, plan func([]requirements.Requirement) (baseline.FreezePlan, error)) (baseline.Baseline, error) {
	var out baseline.Baseline
	err := s.db.withTx(ctx, func(tx *Tx) error {
		all, err := tx.requirementsWhere()
		if err != nil {
			return err
		}
		p, err := plan(all)
		if err != nil {
			return err
		}
		before := make(map[string]requirements.Requirement, len(all))
		for _, r := range all {
			before[r.ID] = r
		}
		up, err := tx.prepareUpdates()
		if err != nil {
			return err
		}
		defer up.Close()
		for _, f := range p.Frozen {
			b, ok := before[f.ID]
			if !ok {
				return crmflow.Errorf(crmflow.EINTERNAL, "the freeze plan names %s, which the freeze did not read", f.ID)
			}
			r := f.Clone()
			if err := up.update(b, &r, "freeze"); err != nil {
				return err
			}
		}
		out, err = tx.takeBaseline(p.Baseline)
		return err
	})
	return out, err
}

// requirementsWhere reads the requirements (all of them when statuses is
// empty, else those in one of statuses) in ID order, inside the transaction.
func (tx *Tx) requirementsWhere(statuses ...requirements.Status) ([]requirements.Requirement, error) {
	q, args := "SELECT "+reqColumns+" FROM requirements ORDER BY seq", []any(nil)
	if len(statuses) > 0 {
		q = "SELECT " + reqColumns + " FROM requirements WHERE status IN (?" + strings.Repeat(",?", len(statuses)-1) + ") ORDER BY seq"
		for _, st := range statuses {
			args = append(args, string(st))
		}
	}
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []requirements.Requirement{}
	var sc rowScanner
	for rows.Next() {
		r, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// takeBaseline stores the baseline sp takes of the requirements and links as
// they are now in the transaction.
func (tx *Tx) takeBaseline(sp baseline.Spec) (baseline.Baseline, error) {
	var c baseline.Contents
	rows, err := tx.Query("SELECT name FROM baselines ORDER BY seq")
	if err != nil {
		return baseline.Baseline{}, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return baseline.Baseline{}, err
		}
		c.Existing = append(c.Existing, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return baseline.Baseline{}, err
	}
	if c.Reqs, err = tx.requirementsWhere(baseline.MemberStatuses...); err != nil {
		return baseline.Baseline{}, err
	}
	if c.Links, err = tx.links(""); err != nil {
		return baseline.Baseline{}, err
	}
	snap, err := sp.Take(c)
	if err != nil {
		return baseline.Baseline{}, err
	}
	seq, err := tx.nextID("BASELINE")
	if err != nil {
		return baseline.Baseline{}, err
	}
	// The log's committed head anchors it: a baseline outlives a cut log.
	anchor, err := head(tx.ctx, tx)
	if err != nil {
		return baseline.Baseline{}, err
	}
	b := snap.Baseline
	b.CreatedAt, b.CreatedBy = tx.now, string(tx.actor)
	if _, err := tx.Exec("INSERT INTO baselines(seq, "+baselineColumns+", audit_seq, audit_hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
		seq, b.Name, b.Note, b.CR, b.Hash, b.Count, formatTime(b.CreatedAt), b.CreatedBy, anchor.Seq, anchor.Hash); err != nil {
		return b, err
	}
	stmt, err := tx.PrepareContext(tx.ctx, "INSERT INTO baseline_items(baseline, req_id, item) VALUES (?,?,?)")
	if err != nil {
		return b, err
	}
	defer stmt.Close()
	for i, it := range snap.Items {
		if _, err := stmt.ExecContext(tx.ctx, b.Name, snap.IDs[i], it); err != nil {
			return b, err
		}
	}
	return b, tx.Record(BaselineEntity(b.Name), "create", nil, auditBaseline(b))
}

func (s BaselineStore) Baseline(ctx context.Context, name string) (baseline.Baseline, error) {
	b, err := scanBaseline(s.db.sql.QueryRowContext(ctx, "SELECT "+baselineColumns+" FROM baselines WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return b, baselineNotFound(name)
	}
	return b, err
}

func (s BaselineStore) Baselines(ctx context.Context) ([]baseline.Baseline, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+baselineColumns+" FROM baselines ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []baseline.Baseline{}
	for rows.Next() {
		b, err := scanBaseline(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (s BaselineStore) Items(ctx context.Context, name string) ([][]byte, error) {
	if _, err := s.Baseline(ctx, name); err != nil {
		return nil, err
	}
	// Items are read in requirement-number order: length first, then text.
	rows, err := s.db.sql.QueryContext(ctx, "SELECT item FROM baseline_items WHERE baseline = ? ORDER BY length(req_id), req_id", name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := [][]byte{}
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (s BaselineStore) Containing(ctx context.Context, id string) (string, error) {
	var name string
	err := s.db.sql.QueryRowContext(ctx, `SELECT b.name FROM baseline_items i JOIN baselines b ON b.name = i.baseline
		WHERE i.req_id = ? ORDER BY b.seq DESC LIMIT 1`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// ---- change requests

// Changes is the change.Store on this database.
func (db *DB) Changes() change.Store { return changeStore{db} }

type changeStore struct{ db *DB }

func scanRequest(s scanner) (change.Request, error) {
	var body string
	var r change.Request
	if err := s.Scan(&body); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return r, fmt.Errorf("change request: %w", err)
	}
	return r, nil
}

func crNotFound(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "change request %s does not exist", id).About(crmflow.KindChange.Noun, id)
}

func (tx *Tx) saveRequest(r *change.Request, insert bool, seq int) error {
	r.UpdatedAt = tx.now
	if insert {
		_, err := tx.Exec("INSERT INTO change_requests(id, seq, state, body, created_at, updated_at) VALUES (?,?,?,?,?,?)",
			r.ID, seq, r.State, mustJSON(r), formatTime(r.CreatedAt), formatTime(r.UpdatedAt))
		return err
	}
	_, err := tx.Exec("UPDATE change_requests SET state = ?, body = ?, updated_at = ? WHERE id = ?",
		r.State, mustJSON(r), formatTime(r.UpdatedAt), r.ID)
	return err
}

func (s changeStore) CreateRequest(ctx context.Context, r *change.Request) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		n, err := tx.nextID("CR")
		if err != nil {
			return err
		}
		r.ID = crmflow.KindChange.Format(n)
		r.CreatedAt = tx.now
		if err := tx.saveRequest(r, true, n); err != nil {
			return err
		}
		return tx.Record(r.ID, "create", nil, r)
	})
}

func (s changeStore) Request(ctx context.Context, id string) (change.Request, error) {
	r, err := scanRequest(s.db.sql.QueryRowContext(ctx, "SELECT body FROM change_requests WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, crNotFound(id)
	}
	return r, err
}

func (s changeStore) Requests(ctx context.Context) ([]change.Request, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT body FROM change_requests ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []change.Request{}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (tx *Tx) request(id string) (change.Request, error) {
	r, err := scanRequest(tx.QueryRow("SELECT body FROM change_requests WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, crNotFound(id)
	}
	return r, err
}

func (s changeStore) UpdateRequest(ctx context.Context, id, action string, fn func(*change.Request) error) (change.Request, error) {
	var out change.Request
	err := s.db.withTx(ctx, func(tx *Tx) error {
		r, err := tx.checkedRequest(id)
		if err != nil {
			return err
		}
		// The audit's before is taken now, since fn changes r's slices in place.
		before := json.RawMessage(mustJSON(r))
		if err := fn(&r); err != nil {
			return err
		}
		if err := tx.saveRequest(&r, false, 0); err != nil {
			return err
		}
		out = r
		return tx.Record(r.ID, action, before, r)
	})
	return out, err
}

func (s changeStore) ApplyRequest(ctx context.Context, id string, plan func(change.ApplyState) (change.ApplyPlan, error)) (change.Request, baseline.Baseline, error) {
	var out change.Request
	var made baseline.Baseline
	err := s.db.withTx(ctx, func(tx *Tx) error {
		// A request edited outside crmflow (a rejected one made approved)
		// must not move requirements: its state is checked against its history.
		cr, err := tx.checkedRequest(id)
		if err != nil {
			return err
		}
		before := json.RawMessage(mustJSON(cr))
		st := change.ApplyState{Request: cr, Reqs: map[string]requirements.Requirement{}, Links: map[string][]requirements.Link{},
			Tests: map[string][]string{}}
		if st.Applied, err = tx.requestsIn(change.Implemented, change.Closed); err != nil {
			return err
		}
		for _, rid := range slices.Concat(cr.Proposal.Reqs, cr.Proposal.Remove) {
			if st.Reqs[rid], err = tx.requirement(rid); err != nil {
				return err
			}
			if st.Links[rid], err = tx.links(rid); err != nil {
				return err
			}
			if st.Tests[rid], err = tx.casesOf(rid); err != nil { // sqlite/acceptance.go
				return err
			}
		}
		p, err := plan(st)
		if err != nil {
			return err
		}
		up, err := tx.prepareUpdates()
		if err != nil {
			return err
		}
		defer up.Close()
		for _, u := range p.Update {
			prev, ok := st.Reqs[u.ID]
			if !ok {
				return crmflow.Errorf(crmflow.EINTERNAL, "the plan for %s changes %s, which it did not read", id, u.ID)
			}
			r := u.Clone()
			if err := up.update(prev, &r, "change"); err != nil {
				return err
			}
		}
		adds := make([]*requirements.Requirement, len(p.Add))
		for i := range p.Add {
			a := p.Add[i].Clone()
			adds[i] = &a
		}
		if err := tx.createRequirements(adds); err != nil {
			return err
		}
		if made, err = tx.takeBaseline(p.Baseline); err != nil {
			return err
		}
		cr = p.Request
		cr.Baseline = made.Name
		for _, m := range p.Suspect {
			if err := tx.markSuspect(m, cr.ID); err != nil {
				return err
			}
		}
		if cr.Impact != nil {
			if _, err := tx.Exec("INSERT INTO schedule_impacts(cr, days, milestones, created_at) VALUES (?,?,?,?)",
				cr.ID, cr.Impact.ScheduleDays, mustJSON(cr.Impact.Milestones), formatTime(tx.now)); err != nil {
				return err
			}
		}
		if err := tx.saveRequest(&cr, false, 0); err != nil {
			return err
		}
		out = cr
		return tx.Record(cr.ID, "apply", before, cr)
	})
	return out, made, err
}

// markSuspect writes one suspect mark: the link it flags, if any, and the
// suspect entry for its item.
func (tx *Tx) markSuspect(m change.SuspectMark, cr string) error {
	if l := m.Link; l != nil {
		if _, err := tx.Exec("UPDATE req_links SET suspect = 1 WHERE from_id = ? AND to_id = ? AND kind = ?", l.From, l.To, l.Kind); err != nil {
			return err
		}
	}
	return tx.addSuspect(m.Req, m.Item, cr)
}

func (tx *Tx) addSuspect(req, item, cr string) error {
	res, err := tx.Exec(`INSERT INTO trace_suspects(req_id, item, cr, since) VALUES (?,?,?,?)
		ON CONFLICT(req_id, item) DO UPDATE SET cr = excluded.cr, since = excluded.since`, req, item, cr, formatTime(tx.now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.Record(req, "suspect", nil, map[string]string{"item": item, "cr": cr})
	}
	return nil
}

func (s changeStore) Suspects(ctx context.Context) ([]change.Suspect, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT req_id, item, cr, since FROM trace_suspects ORDER BY length(req_id), req_id, item")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []change.Suspect{}
	for rows.Next() {
		var x change.Suspect
		var since string
		if err := rows.Scan(&x.Req, &x.Item, &x.CR, &since); err != nil {
			return nil, err
		}
		x.Since, x.Kind = parseTime(since), change.SuspectKind(x.Item)
		out = append(out, x)
	}
	return out, rows.Err()
}

func (s changeStore) ClearSuspect(ctx context.Context, a, b string) (int, error) {
	var n int64
	err := s.db.withTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec("DELETE FROM trace_suspects WHERE (req_id = ? AND item = ?) OR (req_id = ? AND item = ?)", a, b, b, a)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return crmflow.Errorf(crmflow.ENOTFOUND, "no suspect trace link between %s and %s", a, b).In("trace.clear").About("trace link", a+" "+b).With("from", a).With("to", b)
		}
		if _, err := tx.Exec("UPDATE req_links SET suspect = 0 WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)", a, b, b, a); err != nil {
			return err
		}
		return tx.Record(a, "trace-clear", map[string]string{"item": b}, nil)
	})
	return int(n), err
}

// requestsIn reads the requests in the given states, oldest first.
func (tx *Tx) requestsIn(a, b change.State) ([]change.Request, error) {
	rows, err := tx.Query("SELECT body FROM change_requests WHERE state IN (?, ?) ORDER BY seq", string(a), string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []change.Request{}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
