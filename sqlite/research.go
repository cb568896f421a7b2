package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/research"
)

// Research is the research.Store on this database.
func (db *DB) Research() research.Store { return researchStore{db} }

type researchStore struct{ db *DB }

const interviewColumns = "id, with_name, role, org, date, notes, created_at"

func scanInterview(s scanner) (research.Interview, error) {
	var iv research.Interview
	var created string
	err := s.Scan(&iv.ID, &iv.With, &iv.Role, &iv.Org, &iv.Date, &iv.Notes, &created)
	iv.CreatedAt = parseTime(created)
	return iv, err
}

func (s researchStore) CreateInterview(ctx context.Context, iv *research.Interview) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		n, err := tx.nextID("INT")
		if err != nil {
			return err
		}
		iv.ID, iv.CreatedAt = crmflow.KindInterview.Format(n), tx.now
		if _, err := tx.Exec("INSERT INTO interviews(seq, "+interviewColumns+") VALUES (?,?,?,?,?,?,?,?)",
			n, iv.ID, iv.With, iv.Role, iv.Org, iv.Date, iv.Notes, formatTime(iv.CreatedAt)); err != nil {
			return err
		}
		return tx.Record(iv.ID, "create", nil, iv)
	})
}

func (s researchStore) Interview(ctx context.Context, id string) (research.Interview, error) {
	iv, err := scanInterview(s.db.sql.QueryRowContext(ctx, "SELECT "+interviewColumns+" FROM interviews WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return iv, crmflow.Errorf(crmflow.ENOTFOUND, "interview %s does not exist", id).About(crmflow.KindInterview.Noun, id)
	}
	return iv, err
}

func (s researchStore) Interviews(ctx context.Context) ([]research.Interview, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+interviewColumns+" FROM interviews ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []research.Interview{}
	for rows.Next() {
		iv, err := scanInterview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, iv)
	}
	return out, rows.Err()
}

const findingColumns = "id, text, interview, measure, value, unit, module, severity, process, step, created_at"

func scanFinding(s scanner) (research.Finding, error) {
	var f research.Finding
	var interview sql.NullString
	var value sql.NullFloat64
	var created string
	err := s.Scan(&f.ID, &f.Text, &interview, &f.Measure, &value, &f.Unit, &f.Module, &f.Severity, &f.Process, &f.Step, &created)
	f.Interview = interview.String
	if value.Valid {
		v := value.Float64
		f.Value = &v
	}
	f.CreatedAt = parseTime(created)
	return f, err
}

func (s researchStore) CreateFinding(ctx context.Context, f *research.Finding) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var interview any
		if f.Interview != "" {
			var one int
			if err := tx.QueryRow("SELECT 1 FROM interviews WHERE id = ?", f.Interview).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return crmflow.Errorf(crmflow.ENOTFOUND, "interview %s does not exist", f.Interview).About(crmflow.KindInterview.Noun, f.Interview)
			} else if err != nil {
				return err
			}
			interview = f.Interview
		}
		var value any
		if f.Value != nil {
			value = *f.Value
		}
		n, err := tx.nextID("F")
		if err != nil {
			return err
		}
		f.ID, f.CreatedAt = crmflow.KindFinding.Format(n), tx.now
		if _, err := tx.Exec("INSERT INTO findings(seq, "+findingColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
			n, f.ID, f.Text, interview, f.Measure, value, f.Unit, f.Module, f.Severity, f.Process, f.Step, formatTime(f.CreatedAt)); err != nil {
			return err
		}
		return tx.Record(f.ID, "create", nil, f)
	})
}

func (s researchStore) Finding(ctx context.Context, id string) (research.Finding, error) {
	f, err := scanFinding(s.db.sql.QueryRowContext(ctx, "SELECT "+findingColumns+" FROM findings WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, crmflow.Errorf(crmflow.ENOTFOUND, "finding %s does not exist", id).About(crmflow.KindFinding.Noun, id)
	}
	return f, err
}

func (s researchStore) Findings(ctx context.Context) ([]research.Finding, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+findingColumns+" FROM findings ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []research.Finding{}
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

const competitorColumns = "name, strengths, weaknesses, notes, pricing, created_at, updated_at"

func scanCompetitor(s scanner) (research.Competitor, error) {
	var c research.Competitor
	var created, updated string
	err := s.Scan(&c.Name, &c.Strengths, &c.Weaknesses, &c.Notes, &c.Pricing, &created, &updated)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	c.Features = []research.Feature{}
	return c, err
}

// auditCompetitor is what the audit log records of a competitor: its fields, not its features.
func auditCompetitor(c *research.Competitor) any {
	return map[string]string{"name": c.Name, "strengths": c.Strengths, "weaknesses": c.Weaknesses, "notes": c.Notes, "pricing": c.Pricing}
}

func competitorEntity(name string) string { return "competitor:" + name }

func (s researchStore) CreateCompetitor(ctx context.Context, c *research.Competitor) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var have string
		err := tx.QueryRow("SELECT name FROM competitors WHERE name = ?", c.Name).Scan(&have)
		if err == nil {
			return crmflow.Errorf(crmflow.ECONFLICT, "competitor %s already exists", have).
				In("competitor.add").About("competitor", have)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		n, err := tx.nextID("COMP")
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = tx.now, tx.now
		if _, err := tx.Exec("INSERT INTO competitors(seq, "+competitorColumns+") VALUES (?,?,?,?,?,?,?,?)",
			n, c.Name, c.Strengths, c.Weaknesses, c.Notes, c.Pricing, formatTime(tx.now), formatTime(tx.now)); err != nil {
			return err
		}
		return tx.Record(competitorEntity(c.Name), "create", nil, auditCompetitor(c))
	})
}

func competitorNotFound(name string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "no competitor is called %q", name).About("competitor", name)
}

func (s researchStore) UpdateCompetitor(ctx context.Context, name string, fn func(*research.Competitor) error) (research.Competitor, error) {
	var out research.Competitor
	err := s.db.withTx(ctx, func(tx *Tx) error {
		before, err := scanCompetitor(tx.QueryRow("SELECT "+competitorColumns+" FROM competitors WHERE name = ?", name))
		if errors.Is(err, sql.ErrNoRows) {
			return competitorNotFound(name)
		}
		if err != nil {
			return err
		}
		c := before
		if err := fn(&c); err != nil {
			return err
		}
		c.Name, c.CreatedAt = before.Name, before.CreatedAt
		if c.Strengths == before.Strengths && c.Weaknesses == before.Weaknesses && c.Notes == before.Notes && c.Pricing == before.Pricing {
			out = before
			return nil
		}
		c.UpdatedAt = tx.now
		if _, err := tx.Exec("UPDATE competitors SET strengths=?, weaknesses=?, notes=?, pricing=?, updated_at=? WHERE name=?",
			c.Strengths, c.Weaknesses, c.Notes, c.Pricing, formatTime(tx.now), c.Name); err != nil {
			return err
		}
		out = c
		return tx.Record(competitorEntity(c.Name), "update", auditCompetitor(&before), auditCompetitor(&c))
	})
	if err != nil {
		return out, err
	}
	feats, err := s.features(ctx)
	out.Features = append(out.Features[:0], feats[out.Name]...)
	return out, err
}

func (s researchStore) features(ctx context.Context) (map[string][]research.Feature, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT competitor, feature, verdict, note FROM competitor_features ORDER BY pos")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]research.Feature{}
	for rows.Next() {
		var comp, verdict string
		var f research.Feature
		if err := rows.Scan(&comp, &f.Feature, &verdict, &f.Note); err != nil {
			return nil, err
		}
		f.Verdict = research.Verdict(verdict)
		out[comp] = append(out[comp], f)
	}
	return out, rows.Err()
}

func (s researchStore) Competitors(ctx context.Context) ([]research.Competitor, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+competitorColumns+" FROM competitors ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []research.Competitor{}
	for rows.Next() {
		c, err := scanCompetitor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	feats, err := s.features(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Features = append(out[i].Features, feats[out[i].Name]...)
	}
	return out, nil
}

func (s researchStore) SetFeature(ctx context.Context, name string, f research.Feature) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var have string
		err := tx.QueryRow("SELECT name FROM competitors WHERE name = ?", name).Scan(&have)
		if errors.Is(err, sql.ErrNoRows) {
			return competitorNotFound(name)
		}
		if err != nil {
			return err
		}
		var before *research.Feature
		var verdict string
		old := research.Feature{Feature: f.Feature}
		err = tx.QueryRow("SELECT verdict, note FROM competitor_features WHERE competitor = ? AND feature = ?", have, f.Feature).Scan(&verdict, &old.Note)
		switch {
		case err == nil:
			old.Verdict = research.Verdict(verdict)
			if old == f {
				return nil
			}
			before = &old
			if _, err := tx.Exec("UPDATE competitor_features SET verdict=?, note=? WHERE competitor=? AND feature=?", string(f.Verdict), f.Note, have, f.Feature); err != nil {
				return err
			}
		case errors.Is(err, sql.ErrNoRows):
			pos, err := tx.nextID("FEAT")
			if err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT INTO competitor_features(competitor, feature, verdict, note, pos) VALUES (?,?,?,?,?)", have, f.Feature, string(f.Verdict), f.Note, pos); err != nil {
				return err
			}
		default:
			return err
		}
		if _, err := tx.Exec("UPDATE competitors SET updated_at=? WHERE name=?", formatTime(tx.now), have); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return tx.Record(competitorEntity(have), "feature", b, f)
	})
}
