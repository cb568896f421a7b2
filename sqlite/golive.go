package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/crmflow/crmflow/golive"
)

// GoLive is the golive.Store on this database.
func (db *DB) GoLive() golive.Store { return goliveStore{db} }

type goliveStore struct{ db *DB }

const goliveColumns = "key, owner, status, evidence, evidence_sha256, reason, updated_at, updated_by"

func scanGoLive(s scanner) (golive.State, error) {
	var st golive.State
	var status, at string
	err := s.Scan(&st.Key, &st.Owner, &status, &st.Evidence, &st.EvidenceSHA256, &st.Reason, &at, &st.UpdatedBy)
	st.Status, st.UpdatedAt = golive.Status(status), parseTime(at)
	return st, err
}

func (s goliveStore) States(ctx context.Context) ([]golive.State, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+goliveColumns+" FROM golive_items ORDER BY key")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []golive.State{}
	for rows.Next() {
		st, err := scanGoLive(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func (s goliveStore) PutState(ctx context.Context, key, action string, update func(golive.State) (golive.State, error)) (golive.State, error) {
	var out golive.State
	err := s.db.withTx(ctx, func(tx *Tx) error {
		before, err := scanGoLive(tx.QueryRow("SELECT "+goliveColumns+" FROM golive_items WHERE key = ?", key))
		exists := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !exists {
			before = golive.State{}
		}
		st, err := update(before)
		if err != nil {
			return err
		}
		st.Key, st.UpdatedAt = key, tx.now
		if _, err := tx.Exec(`INSERT INTO golive_items(`+goliveColumns+`) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, status = excluded.status, evidence = excluded.evidence,
			evidence_sha256 = excluded.evidence_sha256, reason = excluded.reason, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			st.Key, st.Owner, string(st.Status), st.Evidence, st.EvidenceSHA256, st.Reason, formatTime(st.UpdatedAt), st.UpdatedBy); err != nil {
			return err
		}
		var prev any
		if exists {
			prev = before
		}
		out = st
		return tx.Record("golive/"+key, action, prev, st)
	})
	return out, err
}
