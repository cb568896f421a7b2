package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// Milestones is the milestones.Store on this database.
func (db *DB) Milestones() milestones.Store { return planStore{db} }

type planStore struct{ db *DB }

func dateText(d milestones.Date) string { return d.String() }

func textDate(s string) (milestones.Date, error) {
	if s == "" {
		return 0, nil
	}
	return milestones.ParseDate(s)
}

// Plan reads the whole plan in one snapshot.
func (s planStore) Plan(ctx context.Context) (*milestones.Plan, error) {
	var p *milestones.Plan
	err := s.db.readSnapshot(ctx, func(q querier) error {
		var err error
		p, err = loadPlan(ctx, q)
		return err
	})
	return p, err
}

// Update reads the plan and applies fn's mutation in one write transaction.
func (s planStore) Update(ctx context.Context, op string, fn func(p *milestones.Plan) (milestones.Mutation, error)) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		p, err := loadPlan(ctx, tx)
		if err != nil {
			return err
		}
		mu, err := fn(p)
		if err != nil {
			return err
		}
		return tx.applyPlan(p, mu)
	})
}

func loadPlan(ctx context.Context, q querier) (*milestones.Plan, error) {
	p := &milestones.Plan{Milestones: []milestones.Milestone{}, Risks: []milestones.Risk{}, Overrides: []milestones.Override{},
		Baselines: []milestones.Baseline{}, Shifts: []milestones.Shift{}}
	var start, tmpl string
	err := q.QueryRowContext(ctx, "SELECT start, buffer_pct, template FROM plan_settings WHERE id = 1").Scan(&start, &p.Settings.BufferPct, &tmpl)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		if p.Settings.Start, err = textDate(start); err != nil {
			return nil, corrupt("plan_settings", err)
		}
		p.Settings.Template = tmpl
	}
	if err := loadMilestones(ctx, q, p); err != nil {
		return nil, err
	}
	if err := loadRisks(ctx, q, p); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT date, workday, note FROM calendar_overrides ORDER BY date")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o milestones.Override
		var date string
		if err := rows.Scan(&date, &o.Workday, &o.Note); err != nil {
			return nil, err
		}
		if o.Date, err = textDate(date); err != nil {
			return nil, corrupt("calendar_overrides", err)
		}
		p.Overrides = append(p.Overrides, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadBaselines(ctx, q, p); err != nil {
		return nil, err
	}
	return p, loadShifts(ctx, q, p)
}

func corrupt(table string, err error) error {
	return &crmflow.Error{Code: crmflow.EINTERNAL, Message: fmt.Sprintf("the workspace's %s table holds a bad value: %v", table, err), Err: err}
}

func loadMilestones(ctx context.Context, q querier, p *milestones.Plan) error {
	rows, err := q.QueryContext(ctx, `SELECT id, seq, name, owner, role, duration, start_on, preds, deliverables,
		actual_start, actual_finish, note FROM milestones ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m milestones.Milestone
		var startOn, preds, dels, as, af string
		if err := rows.Scan(&m.ID, &m.Seq, &m.Name, &m.Owner, &m.Role, &m.Duration, &startOn, &preds, &dels, &as, &af, &m.Note); err != nil {
			return err
		}
		if err := errors.Join(json.Unmarshal([]byte(preds), &m.Preds), json.Unmarshal([]byte(dels), &m.Deliverables)); err != nil {
			return corrupt("milestones", err)
		}
		for _, f := range []struct {
			dst *milestones.Date
			s   string
		}{{&m.StartOn, startOn}, {&m.ActualStart, as}, {&m.ActualFinish, af}} {
			if *f.dst, err = textDate(f.s); err != nil {
				return corrupt("milestones", err)
			}
		}
		if m.Preds == nil {
			m.Preds = []milestones.Dep{}
		}
		if m.Deliverables == nil {
			m.Deliverables = []milestones.Deliverable{}
		}
		p.Milestones = append(p.Milestones, m)
	}
	return rows.Err()
}

func loadRisks(ctx context.Context, q querier, p *milestones.Plan) error {
	rows, err := q.QueryContext(ctx, `SELECT id, seq, text, probability, impact, owner, mitigation, due, status,
		created_at, updated_at FROM risks ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r milestones.Risk
		var due, created, updated string
		if err := rows.Scan(&r.ID, &r.Seq, &r.Text, &r.Probability, &r.Impact, &r.Owner, &r.Mitigation, &due, &r.Status, &created, &updated); err != nil {
			return err
		}
		if r.Due, err = textDate(due); err != nil {
			return corrupt("risks", err)
		}
		r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
		p.Risks = append(p.Risks, r)
	}
	return rows.Err()
}

func loadBaselines(ctx context.Context, q querier, p *milestones.Plan) error {
	rows, err := q.QueryContext(ctx, "SELECT name, taken_at, finish, buffer_days, dates FROM plan_baselines ORDER BY seq")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b milestones.Baseline
		var at, finish, dates string
		if err := rows.Scan(&b.Name, &at, &finish, &b.BufferDays, &dates); err != nil {
			return err
		}
		b.At = parseTime(at)
		if b.Finish, err = textDate(finish); err != nil {
			return corrupt("plan_baselines", err)
		}
		if err := json.Unmarshal([]byte(dates), &b.Dates); err != nil {
			return corrupt("plan_baselines", err)
		}
		p.Baselines = append(p.Baselines, b)
	}
	return rows.Err()
}

// loadShifts reads the applied change requests' schedule impacts: the first
// milestone an impact lists is the one the change delays (cr analyze
// --milestone), the rest are those after it.
func loadShifts(ctx context.Context, q querier, p *milestones.Plan) error {
	rows, err := q.QueryContext(ctx, "SELECT cr, days, milestones FROM schedule_impacts ORDER BY created_at, cr")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cr, list string
		var days float64
		if err := rows.Scan(&cr, &days, &list); err != nil {
			return err
		}
		var ids []string
		if err := json.Unmarshal([]byte(list), &ids); err != nil {
			return corrupt("schedule_impacts", err)
		}
		if len(ids) > 0 && days > 0 {
			p.Shifts = append(p.Shifts, milestones.Shift{CR: cr, Milestone: ids[0], Days: days})
		}
	}
	return rows.Err()
}

// applyPlan writes a mutation, recording each changed record with its
// before and after state.
func (tx *Tx) applyPlan(p *milestones.Plan, mu milestones.Mutation) error {
	now := formatTime(tx.now)
	if s := mu.Settings; s != nil {
		var before any
		if p.Initialized() {
			before = p.Settings
		}
		if _, err := tx.Exec(`INSERT INTO plan_settings(id, start, buffer_pct, template) VALUES (1, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET start = excluded.start, buffer_pct = excluded.buffer_pct, template = excluded.template`,
			dateText(s.Start), s.BufferPct, s.Template); err != nil {
			return err
		}
		if err := tx.Record("plan", "set", before, s); err != nil {
			return err
		}
	}
	old := map[string]milestones.Milestone{}
	for _, m := range p.Milestones {
		old[m.ID] = m
	}
	for _, m := range mu.Milestones {
		if m.Preds == nil {
			m.Preds = []milestones.Dep{}
		}
		if m.Deliverables == nil {
			m.Deliverables = []milestones.Deliverable{}
		}
		if _, err := tx.Exec(`INSERT INTO milestones(id, seq, name, owner, role, duration, start_on, preds, deliverables,
			actual_start, actual_finish, note, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET name = excluded.name, owner = excluded.owner, role = excluded.role,
			duration = excluded.duration, start_on = excluded.start_on, preds = excluded.preds,
			deliverables = excluded.deliverables, actual_start = excluded.actual_start,
			actual_finish = excluded.actual_finish, note = excluded.note, updated_at = excluded.updated_at`,
			m.ID, m.Seq, m.Name, m.Owner, m.Role, m.Duration, dateText(m.StartOn), mustJSON(m.Preds), mustJSON(m.Deliverables),
			dateText(m.ActualStart), dateText(m.ActualFinish), m.Note, now); err != nil {
			return err
		}
		if prev, ok := old[m.ID]; ok {
			if err := tx.Record(m.ID, "update", prev, m); err != nil {
				return err
			}
		} else if err := tx.Record(m.ID, "create", nil, m); err != nil {
			return err
		}
	}
	oldRisks := map[string]milestones.Risk{}
	for _, r := range p.Risks {
		oldRisks[r.ID] = r
	}
	for _, r := range mu.Risks {
		if _, err := tx.Exec(`INSERT INTO risks(id, seq, text, probability, impact, owner, mitigation, due, status, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET text = excluded.text, probability = excluded.probability,
			impact = excluded.impact, owner = excluded.owner, mitigation = excluded.mitigation, due = excluded.due,
			status = excluded.status, updated_at = excluded.updated_at`,
			r.ID, r.Seq, r.Text, r.Probability, r.Impact, r.Owner, r.Mitigation, dateText(r.Due), r.Status,
			formatTime(r.CreatedAt), formatTime(r.UpdatedAt)); err != nil {
			return err
		}
		var before any
		action := "create"
		if prev, ok := oldRisks[r.ID]; ok {
			before, action = prev, "update"
		}
		if err := tx.Record(r.ID, action, before, r); err != nil {
			return err
		}
	}
	oldDays := map[milestones.Date]milestones.Override{}
	for _, o := range p.Overrides {
		oldDays[o.Date] = o
	}
	for _, o := range mu.Overrides {
		if _, err := tx.Exec(`INSERT INTO calendar_overrides(date, workday, note, updated_at) VALUES (?,?,?,?)
			ON CONFLICT(date) DO UPDATE SET workday = excluded.workday, note = excluded.note, updated_at = excluded.updated_at`,
			dateText(o.Date), o.Workday, o.Note, now); err != nil {
			return err
		}
		var before any
		if prev, ok := oldDays[o.Date]; ok {
			before = prev
		}
		if err := tx.Record("calendar:"+dateText(o.Date), "set", before, o); err != nil {
			return err
		}
	}
	if b := mu.Baseline; b != nil {
		if _, err := tx.Exec("INSERT INTO plan_baselines(name, taken_at, finish, buffer_days, dates) VALUES (?,?,?,?,?)",
			b.Name, formatTime(b.At), dateText(b.Finish), b.BufferDays, mustJSON(b.Dates)); err != nil {
			return err
		}
		if err := tx.Record("plan-baseline:"+b.Name, "create", nil, b); err != nil {
			return err
		}
	}
	return nil
}
