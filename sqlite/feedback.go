package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/feedback"
)

// Feedback is the feedback.Store on this database.
func (db *DB) Feedback() feedback.Store { return feedbackStore{db} }

type feedbackStore struct{ db *DB }

const feedbackColumns = "id, text, source, module, severity, status, requirement, reason, created_at, created_by, decided_at, decided_by"

func scanFeedback(s scanner) (feedback.Item, error) {
	var it feedback.Item
	var sev, status, created, decided string
	err := s.Scan(&it.ID, &it.Text, &it.Source, &it.Module, &sev, &status, &it.Requirement, &it.Reason,
		&created, &it.CreatedBy, &decided, &it.DecidedBy)
	it.Severity, it.Status, it.CreatedAt = feedback.Severity(sev), feedback.Status(status), parseTime(created)
	if decided != "" {
		it.DecidedAt = parseTime(decided)
	}
	return it, err
}

func formatOptTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func (s feedbackStore) CreateFeedback(ctx context.Context, it *feedback.Item) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		n, err := tx.nextID(crmflow.KindFeedback.Prefix)
		if err != nil {
			return err
		}
		it.ID, it.CreatedAt = crmflow.KindFeedback.Format(n), tx.now
		if _, err := tx.Exec("INSERT INTO feedback(seq, "+feedbackColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
			n, it.ID, it.Text, it.Source, it.Module, string(it.Severity), string(it.Status), it.Requirement, it.Reason,
			formatTime(it.CreatedAt), it.CreatedBy, formatOptTime(it.DecidedAt), it.DecidedBy); err != nil {
			return err
		}
		return tx.Record(it.ID, "create", nil, it)
	})
}

func notFoundFeedback(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "feedback %s does not exist", id).About(crmflow.KindFeedback.Noun, id)
}

func (s feedbackStore) Feedback(ctx context.Context, id string) (feedback.Item, error) {
	it, err := scanFeedback(s.db.sql.QueryRowContext(ctx, "SELECT "+feedbackColumns+" FROM feedback WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, notFoundFeedback(id)
	}
	return it, err
}

func (s feedbackStore) FeedbackItems(ctx context.Context) ([]feedback.Item, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+feedbackColumns+" FROM feedback ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []feedback.Item{}
	for rows.Next() {
		it, err := scanFeedback(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// CheckedFeedback reads an item and checks it against its history, so a
// triage that adds a requirement first does not rest on an edit made outside
// crmflow.
func (s feedbackStore) CheckedFeedback(ctx context.Context, id string) (feedback.Item, error) {
	var out feedback.Item
	err := s.db.withTx(ctx, func(tx *Tx) error {
		it, err := scanFeedback(tx.QueryRow("SELECT "+feedbackColumns+" FROM feedback WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundFeedback(id)
		} else if err != nil {
			return err
		}
		out = it
		return tx.checkHistory(crmflow.KindFeedback.Noun, id, mustMarshal(it))
	})
	return out, err
}

// UpdateFeedback applies fn to the item as stored, after checking the stored
// item against its history: a triage must not rest on an edit made outside
// crmflow.
func (s feedbackStore) UpdateFeedback(ctx context.Context, id, action string, fn func(feedback.Item) (feedback.Item, error)) (feedback.Item, error) {
	var out feedback.Item
	err := s.db.withTx(ctx, func(tx *Tx) error {
		before, err := scanFeedback(tx.QueryRow("SELECT "+feedbackColumns+" FROM feedback WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundFeedback(id)
		} else if err != nil {
			return err
		}
		if err := tx.checkHistory(crmflow.KindFeedback.Noun, id, mustMarshal(before)); err != nil {
			return err
		}
		it, err := fn(before)
		if err != nil {
			return err
		}
		// Stored to the second: the log records what a reader will load.
		it.ID, it.DecidedAt = before.ID, parseTime(formatOptTime(it.DecidedAt))
		if _, err := tx.Exec(`UPDATE feedback SET text = ?, source = ?, module = ?, severity = ?, status = ?, requirement = ?,
			reason = ?, decided_at = ?, decided_by = ? WHERE id = ?`,
			it.Text, it.Source, it.Module, string(it.Severity), string(it.Status), it.Requirement, it.Reason,
			formatOptTime(it.DecidedAt), it.DecidedBy, id); err != nil {
			return err
		}
		out = it
		return tx.Record(id, action, before, it)
	})
	return out, err
}
