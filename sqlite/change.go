package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
			return crmflow.Errorf(crmflow.ECONFLICT, "%s is already a stakeholder", p.Name).WithTry("crmflow stakeholder list")
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
		m.ID = fmt.Sprintf("MEET-%03d", n)
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
		return m, crmflow.Errorf(crmflow.ENOTFOUND, "meeting %s does not exist", id).WithTry("crmflow meeting list")
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
func (db *DB) Baselines() baseline.Store { return baselineStore{db} }

type baselineStore struct{ db *DB }

const baselineColumns = "name, note, cr, hash, count, created_at, created_by"

func scanBaseline(s scanner) (baseline.Baseline, error) {
	var b baseline.Baseline
	var created string
	err := s.Scan(&b.Name, &b.Note, &b.CR, &b.Hash, &b.Count, &created, &b.CreatedBy)
	b.CreatedAt = parseTime(created)
	return b, err
}

func baselineNotFound(name string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "there is no baseline %q", name).WithTry("crmflow baseline list")
}

// auditBaseline is what the audit log records of a baseline.
func auditBaseline(b baseline.Baseline) map[string]any {
	return map[string]any{"name": b.Name, "note": b.Note, "cr": b.CR, "hash": b.Hash, "count": b.Count}
}

// BaselineEntity is the audit log entity of a baseline.
func BaselineEntity(name string) string { return "baseline/" + name }

func (s baselineStore) Freeze(ctx context.Context, name, note string) (baseline.Baseline, error) {
	var out baseline.Baseline
	err := s.db.withTx(ctx, func(tx *Tx) error {
		rows, err := tx.Query("SELECT "+reqColumns+" FROM requirements WHERE status = ? ORDER BY seq", requirements.Confirmed)
		if err != nil {
			return err
		}
		var confirmed []requirements.Requirement
		for rows.Next() {
			r, err := scanRequirement(rows)
			if err != nil {
				rows.Close()
				return err
			}
			confirmed = append(confirmed, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(confirmed) == 0 {
			return crmflow.Errorf(crmflow.EINVALID, "nothing to freeze: no requirement is confirmed").
				WithTry("crmflow meeting add --kind confirmation --date ... --attendees ... --confirm REQ-001..REQ-020")
		}
		for _, before := range confirmed {
			r := before.Clone()
			if err := requirements.MoveTo(&r, requirements.Frozen); err != nil {
				return err
			}
			if err := tx.updateRequirement(before, &r, "freeze"); err != nil {
				return err
			}
		}
		out, err = tx.createBaseline(name, note, "")
		return err
	})
	return out, err
}

// createBaseline stores a baseline of every requirement that is frozen or
// beyond, as it is now in the transaction.
func (tx *Tx) createBaseline(name, note, cr string) (baseline.Baseline, error) {
	var last string
	err := tx.QueryRow("SELECT name FROM baselines ORDER BY seq DESC LIMIT 1").Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return baseline.Baseline{}, err
	}
	if name == "" {
		name = baseline.NextName(last)
	}
	if err := baseline.ValidName(name); err != nil {
		return baseline.Baseline{}, err
	}
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM baselines WHERE name = ?", name).Scan(&n); err != nil {
		return baseline.Baseline{}, err
	}
	if n > 0 {
		return baseline.Baseline{}, crmflow.Errorf(crmflow.ECONFLICT, "baseline %s already exists; baselines are never replaced", name).
			WithTry("crmflow freeze --name " + baseline.NextName(last))
	}
	links, err := tx.links("")
	if err != nil {
		return baseline.Baseline{}, err
	}
	out := map[string][]requirements.Link{}
	for _, l := range links {
		out[l.From] = append(out[l.From], l)
	}
	rows, err := tx.Query("SELECT "+reqColumns+" FROM requirements WHERE status IN (?,?,?) ORDER BY seq",
		requirements.Frozen, requirements.Implemented, requirements.Verified)
	if err != nil {
		return baseline.Baseline{}, err
	}
	var ids []string
	var items [][]byte
	var sc rowScanner
	for rows.Next() {
		r, err := sc.scan(rows)
		if err != nil {
			rows.Close()
			return baseline.Baseline{}, err
		}
		ids = append(ids, r.ID)
		items = append(items, baseline.Canonical(baseline.ItemOf(r, out[r.ID])))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return baseline.Baseline{}, err
	}
	seq, err := tx.nextID("BASELINE")
	if err != nil {
		return baseline.Baseline{}, err
	}
	b := baseline.Baseline{Name: name, Note: note, CR: cr, Hash: baseline.Hash(name, items), Count: len(items),
		CreatedAt: tx.now, CreatedBy: string(tx.actor)}
	if _, err := tx.Exec("INSERT INTO baselines(seq, "+baselineColumns+") VALUES (?,?,?,?,?,?,?,?)",
		seq, b.Name, b.Note, b.CR, b.Hash, b.Count, formatTime(b.CreatedAt), b.CreatedBy); err != nil {
		return b, err
	}
	stmt, err := tx.PrepareContext(tx.ctx, "INSERT INTO baseline_items(baseline, req_id, item) VALUES (?,?,?)")
	if err != nil {
		return b, err
	}
	defer stmt.Close()
	for i, it := range items {
		if _, err := stmt.ExecContext(tx.ctx, name, ids[i], it); err != nil {
			return b, err
		}
	}
	return b, tx.Record(BaselineEntity(name), "create", nil, auditBaseline(b))
}

func (s baselineStore) Baseline(ctx context.Context, name string) (baseline.Baseline, error) {
	b, err := scanBaseline(s.db.sql.QueryRowContext(ctx, "SELECT "+baselineColumns+" FROM baselines WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return b, baselineNotFound(name)
	}
	return b, err
}

func (s baselineStore) Baselines(ctx context.Context) ([]baseline.Baseline, error) {
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

func (s baselineStore) Items(ctx context.Context, name string) ([][]byte, error) {
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

func (s baselineStore) Containing(ctx context.Context, id string) (string, error) {
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
	return crmflow.Errorf(crmflow.ENOTFOUND, "change request %s does not exist", id).WithTry("crmflow cr list")
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
		r.ID = change.FormatID(n)
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
		r, err := tx.request(id)
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

func (s changeStore) ApplyRequest(ctx context.Context, id string, plan change.ApplyPlan) (change.Request, baseline.Baseline, error) {
	var out change.Request
	var made baseline.Baseline
	err := s.db.withTx(ctx, func(tx *Tx) error {
		cr, err := tx.request(id)
		if err != nil {
			return err
		}
		before := json.RawMessage(mustJSON(cr))
		if err := plan.Start(&cr); err != nil {
			return err
		}
		changed := []string{}
		for _, rid := range cr.Proposal.Reqs {
			prev, err := tx.requirement(rid)
			if err != nil {
				return err
			}
			r := prev.Clone()
			if err := plan.Change(&r); err != nil {
				return err
			}
			// A changed requirement must be built (and verified) again.
			if r.Status == requirements.Implemented || r.Status == requirements.Verified {
				r.Status = requirements.Frozen
			}
			if err := tx.updateRequirement(prev, &r, "change"); err != nil {
				return err
			}
			changed = append(changed, rid)
		}
		for _, rid := range cr.Proposal.Remove {
			prev, err := tx.requirement(rid)
			if err != nil {
				return err
			}
			r := prev.Clone()
			r.Status = requirements.Rejected
			if err := tx.updateRequirement(prev, &r, "change"); err != nil {
				return err
			}
			changed = append(changed, rid)
		}
		adds := make([]*requirements.Requirement, len(cr.Proposal.Add))
		for i := range cr.Proposal.Add {
			a := cr.Proposal.Add[i].Clone()
			a.Status = requirements.Frozen
			if a.Source == "" {
				a.Source = cr.ID
			}
			adds[i] = &a
		}
		if err := tx.createRequirements(adds); err != nil {
			return err
		}
		if made, err = tx.createBaseline("", cr.Title, cr.ID); err != nil {
			return err
		}
		cr.Baseline = made.Name
		if err := tx.markSuspect(changed, plan.Steps, cr.ID); err != nil {
			return err
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

// markSuspect marks what traces to the changed requirements: requirements
// that depend on them (children, derived ones, related ones), process steps
// and test cases.
func (tx *Tx) markSuspect(changed []string, steps map[string][]string, cr string) error {
	for _, id := range changed {
		links, err := tx.links(id)
		if err != nil {
			return err
		}
		for _, l := range links {
			var other string
			switch {
			case l.To == id:
				other = l.From
			case l.Kind == requirements.LinkRelatesTo:
				other = l.To
			default:
				continue
			}
			if _, err := tx.Exec("UPDATE req_links SET suspect = 1 WHERE from_id = ? AND to_id = ? AND kind = ?", l.From, l.To, l.Kind); err != nil {
				return err
			}
			if err := tx.addSuspect(id, other, cr); err != nil {
				return err
			}
		}
		for _, step := range steps[id] {
			if err := tx.addSuspect(id, step, cr); err != nil {
				return err
			}
		}
		cases, err := tx.casesOf(id) // its UAT test cases (sqlite/acceptance.go)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if err := tx.addSuspect(id, c, cr); err != nil {
				return err
			}
		}
	}
	return nil
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

func suspectKind(item string) string {
	switch {
	case strings.HasPrefix(item, "REQ-"):
		return "requirement"
	case strings.HasPrefix(item, "PM-"):
		return "process-step"
	case strings.HasPrefix(item, "TC-"):
		return "test"
	}
	return "other"
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
		x.Since, x.Kind = parseTime(since), suspectKind(x.Item)
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
			return crmflow.Errorf(crmflow.ENOTFOUND, "no suspect trace link between %s and %s", a, b).WithTry("crmflow trace suspect")
		}
		if _, err := tx.Exec("UPDATE req_links SET suspect = 0 WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)", a, b, b, a); err != nil {
			return err
		}
		return tx.Record(a, "trace-clear", map[string]string{"item": b}, nil)
	})
	return int(n), err
}
