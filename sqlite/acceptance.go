package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
)

// Acceptance is the acceptance.Store on this database.
func (db *DB) Acceptance() acceptance.Store { return acceptStore{db} }

type acceptStore struct{ db *DB }

func notFoundOf(k crmflow.Kind, id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "%s %s does not exist", k.Noun, id).About(k.Noun, id)
}

// scanBody decodes one JSON body column into v.
func scanBody[T any](s scanner, what string) (T, error) {
	var v T
	var body string
	if err := s.Scan(&body); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		return v, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

func queryBodies[T any](ctx context.Context, q querier, what, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scanBody[T](rows, what)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func oneBody[T any](row *sql.Row, k crmflow.Kind, id string) (T, error) {
	v, err := scanBody[T](row, k.Noun)
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFoundOf(k, id)
	}
	return v, err
}

// ---- test cases

func (s acceptStore) CreateCases(ctx context.Context, cs []*acceptance.TestCase) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		for _, c := range cs {
			if _, err := tx.requirement(c.Req); err != nil {
				return err
			}
			n, err := tx.nextID(crmflow.KindTestCase.Prefix)
			if err != nil {
				return err
			}
			c.ID = crmflow.KindTestCase.Format(n)
			c.CreatedAt, c.UpdatedAt, c.CreatedBy = tx.now, tx.now, string(tx.actor)
			if _, err := tx.Exec("INSERT INTO test_cases(id, seq, req_id, title, body, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
				c.ID, n, c.Req, c.Title, mustJSON(c), formatTime(c.CreatedAt), formatTime(c.UpdatedAt)); err != nil {
				return err
			}
			if err := tx.Record(c.ID, "create", nil, c); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s acceptStore) Case(ctx context.Context, id string) (acceptance.TestCase, error) {
	return oneBody[acceptance.TestCase](s.db.sql.QueryRowContext(ctx, "SELECT body FROM test_cases WHERE id = ?", id), crmflow.KindTestCase, id)
}

func (s acceptStore) Cases(ctx context.Context) ([]acceptance.TestCase, error) {
	return queryBodies[acceptance.TestCase](ctx, s.db.sql, "test case", "SELECT body FROM test_cases ORDER BY seq")
}

func (s acceptStore) CaseSummaries(ctx context.Context) ([]acceptance.TestCase, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, req_id, title FROM test_cases ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []acceptance.TestCase{}
	for rows.Next() {
		var c acceptance.TestCase
		if err := rows.Scan(&c.ID, &c.Req, &c.Title); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s acceptStore) UpdateCase(ctx context.Context, id string, fn func(*acceptance.TestCase) error) (acceptance.TestCase, error) {
	var out acceptance.TestCase
	err := s.db.withTx(ctx, func(tx *Tx) error {
		c, err := oneBody[acceptance.TestCase](tx.QueryRow("SELECT body FROM test_cases WHERE id = ?", id), crmflow.KindTestCase, id)
		if err != nil {
			return err
		}
		before := json.RawMessage(mustJSON(c))
		if err := fn(&c); err != nil {
			return err
		}
		if string(mustJSON(c)) == string(before) {
			out = c
			return nil
		}
		c.UpdatedAt = tx.now
		if _, err := tx.Exec("UPDATE test_cases SET title = ?, body = ?, updated_at = ? WHERE id = ?", c.Title, mustJSON(c), formatTime(c.UpdatedAt), id); err != nil {
			return err
		}
		out = c
		return tx.Record(id, "update", before, c)
	})
	return out, err
}

// casesOf lists the test cases of a requirement, for the suspect marks a
// change request sets.
func (tx *Tx) casesOf(req string) ([]string, error) {
	rows, err := tx.Query("SELECT id FROM test_cases WHERE req_id = ? ORDER BY seq", req)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ---- rounds

func (s acceptStore) CreateRound(ctx context.Context, r *acceptance.Round) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM baselines WHERE name = ?", r.Baseline).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return crmflow.Errorf(crmflow.ENOTFOUND, "there is no baseline %q", r.Baseline).About("baseline", r.Baseline)
		}
		seq, err := tx.nextID(crmflow.KindUAT.Prefix)
		if err != nil {
			return err
		}
		r.ID = crmflow.KindUAT.Format(seq)
		r.CreatedAt, r.CreatedBy = tx.now, string(tx.actor)
		if _, err := tx.Exec("INSERT INTO uat_rounds(id, seq, baseline, body, created_at) VALUES (?,?,?,?,?)",
			r.ID, seq, r.Baseline, mustJSON(r), formatTime(r.CreatedAt)); err != nil {
			return err
		}
		return tx.Record(r.ID, "create", nil, r)
	})
}

func (s acceptStore) Round(ctx context.Context, id string) (acceptance.Round, error) {
	return oneBody[acceptance.Round](s.db.sql.QueryRowContext(ctx, "SELECT body FROM uat_rounds WHERE id = ?", id), crmflow.KindUAT, id)
}

func (s acceptStore) Rounds(ctx context.Context) ([]acceptance.Round, error) {
	return queryBodies[acceptance.Round](ctx, s.db.sql, "UAT round", "SELECT body FROM uat_rounds ORDER BY seq")
}

// ---- results

func (s acceptStore) Executions(ctx context.Context, round string) ([]acceptance.Execution, error) {
	if round == "" {
		return queryBodies[acceptance.Execution](ctx, s.db.sql, "UAT result",
			"SELECT r.body FROM uat_results r JOIN uat_rounds u ON u.id = r.round JOIN test_cases c ON c.id = r.case_id ORDER BY u.seq, c.seq")
	}
	return queryBodies[acceptance.Execution](ctx, s.db.sql, "UAT result",
		"SELECT r.body FROM uat_results r JOIN test_cases c ON c.id = r.case_id WHERE r.round = ? ORDER BY c.seq", round)
}

func (s acceptStore) ResultSummaries(ctx context.Context) ([]acceptance.Execution, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT round, case_id, result, recorded_at FROM uat_results")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []acceptance.Execution{}
	var lastText string
	var last time.Time
	for rows.Next() {
		var x acceptance.Execution
		var at string
		if err := rows.Scan(&x.Round, &x.Case, &x.Result, &at); err != nil {
			return nil, err
		}
		// Results imported together share their time: parse it once.
		if at != lastText {
			lastText, last = at, parseTime(at)
		}
		x.RecordedAt = last
		out = append(out, x)
	}
	return out, rows.Err()
}

func (s acceptStore) ApplyResults(ctx context.Context, round string, plan func(map[string]acceptance.Execution, map[string]acceptance.Defect) (acceptance.ResultPlan, error)) (acceptance.ResultPlan, error) {
	var out acceptance.ResultPlan
	err := s.db.withTx(ctx, func(tx *Tx) error {
		if _, err := oneBody[acceptance.Round](tx.QueryRow("SELECT body FROM uat_rounds WHERE id = ?", round), crmflow.KindUAT, round); err != nil {
			return err
		}
		execs, err := queryBodies[acceptance.Execution](tx.ctx, tx, "UAT result", "SELECT body FROM uat_results WHERE round = ?", round)
		if err != nil {
			return err
		}
		cur := make(map[string]acceptance.Execution, len(execs))
		for _, x := range execs {
			cur[x.Case] = x
		}
		defs, err := queryBodies[acceptance.Defect](tx.ctx, tx, "defect", "SELECT body FROM defects")
		if err != nil {
			return err
		}
		dm := make(map[string]acceptance.Defect, len(defs))
		for _, d := range defs {
			dm[d.ID] = d
		}
		p, err := plan(cur, dm)
		if err != nil {
			return err
		}
		for i := range p.Changes {
			ch := &p.Changes[i]
			if ch.NewDefect != "" {
				c, err := oneBody[acceptance.TestCase](tx.QueryRow("SELECT body FROM test_cases WHERE id = ?", ch.Case), crmflow.KindTestCase, ch.Case)
				if err != nil {
					return err
				}
				d := acceptance.Defect{Case: ch.Case, Req: c.Req, Round: round, Title: ch.NewDefect, Severity: acceptance.Minor,
					State: acceptance.Open, History: []acceptance.DefectChange{}}
				if err := d.Validate(); err != nil {
					return err
				}
				if err := tx.createDefect(&d); err != nil {
					return err
				}
				ch.After.Defects = append(ch.After.Defects, d.ID)
			}
			x := ch.After
			x.RecordedAt, x.RecordedBy = tx.now, string(tx.actor)
			ch.After = x
			if _, err := tx.Exec(`INSERT INTO uat_results(round, case_id, result, body, recorded_at) VALUES (?,?,?,?,?)
				ON CONFLICT(round, case_id) DO UPDATE SET result = excluded.result, body = excluded.body, recorded_at = excluded.recorded_at`,
				round, x.Case, x.Result, mustJSON(x), formatTime(x.RecordedAt)); err != nil {
				return err
			}
			var before any
			if ch.Before != nil {
				before = ch.Before
			}
			if err := tx.Record(round+"/"+x.Case, "result", before, x); err != nil {
				return err
			}
		}
		out = p
		return nil
	})
	return out, err
}

// ---- defects

func (tx *Tx) createDefect(d *acceptance.Defect) error {
	n, err := tx.nextID(crmflow.KindDefect.Prefix)
	if err != nil {
		return err
	}
	d.ID = crmflow.KindDefect.Format(n)
	d.CreatedAt, d.CreatedBy = tx.now, string(tx.actor)
	if d.History == nil {
		d.History = []acceptance.DefectChange{}
	}
	if _, err := tx.Exec("INSERT INTO defects(id, seq, case_id, severity, state, body, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
		d.ID, n, d.Case, d.Severity, d.State, mustJSON(d), formatTime(d.CreatedAt), formatTime(d.CreatedAt)); err != nil {
		return err
	}
	return tx.Record(d.ID, "create", nil, d)
}

func (s acceptStore) CreateDefect(ctx context.Context, d *acceptance.Defect) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		if _, err := oneBody[acceptance.TestCase](tx.QueryRow("SELECT body FROM test_cases WHERE id = ?", d.Case), crmflow.KindTestCase, d.Case); err != nil {
			return err
		}
		return tx.createDefect(d)
	})
}

func (s acceptStore) Defect(ctx context.Context, id string) (acceptance.Defect, error) {
	return oneBody[acceptance.Defect](s.db.sql.QueryRowContext(ctx, "SELECT body FROM defects WHERE id = ?", id), crmflow.KindDefect, id)
}

func (s acceptStore) Defects(ctx context.Context) ([]acceptance.Defect, error) {
	return queryBodies[acceptance.Defect](ctx, s.db.sql, "defect", "SELECT body FROM defects ORDER BY seq")
}

func (s acceptStore) UpdateDefect(ctx context.Context, id, action string, fn func(*acceptance.Defect) error) (acceptance.Defect, error) {
	var out acceptance.Defect
	err := s.db.withTx(ctx, func(tx *Tx) error {
		d, err := oneBody[acceptance.Defect](tx.QueryRow("SELECT body FROM defects WHERE id = ?", id), crmflow.KindDefect, id)
		if err != nil {
			return err
		}
		before := json.RawMessage(mustJSON(d))
		if err := fn(&d); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE defects SET severity = ?, state = ?, body = ?, updated_at = ? WHERE id = ?",
			d.Severity, d.State, mustJSON(d), formatTime(tx.now), id); err != nil {
			return err
		}
		out = d
		return tx.Record(id, action, before, d)
	})
	return out, err
}
