package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
)

// Processes is the process.Store on this database.
func (db *DB) Processes() process.Store { return procStore{db} }

type procStore struct{ db *DB }

// mapModel is what is stored as JSON: the parsed structure without the
// fields that have their own columns.
type mapModel struct {
	Description string         `json:"description"`
	Lanes       []process.Lane `json:"lanes"`
	Nodes       []process.Node `json:"nodes"`
	Flows       []process.Flow `json:"flows"`
}

const procColumns = "id, name, variant, source, model, created_at, updated_at"

func scanMap(s scanner) (process.Map, error) {
	var m process.Map
	var model, created, updated string
	if err := s.Scan(&m.ID, &m.Name, &m.Variant, &m.Source, &model, &created, &updated); err != nil {
		return m, err
	}
	var mm mapModel
	if err := json.Unmarshal([]byte(model), &mm); err != nil {
		return m, fmt.Errorf("%s: model: %w", m.ID, err)
	}
	m.Description, m.Lanes, m.Nodes, m.Flows = mm.Description, mm.Lanes, mm.Nodes, mm.Flows
	m.CreatedAt, m.UpdatedAt = parseTime(created), parseTime(updated)
	return m, nil
}

func modelJSON(m *process.Map) string {
	return mustJSON(mapModel{Description: m.Description, Lanes: m.Lanes, Nodes: m.Nodes, Flows: m.Flows})
}

// auditMap is what the audit log records of a map: its identity and source.
func auditMap(m *process.Map) any {
	return map[string]string{"id": m.ID, "name": m.Name, "variant": string(m.Variant), "source": m.Source}
}

func (s procStore) CreateMap(ctx context.Context, m *process.Map) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		n, err := tx.nextID("PM")
		if err != nil {
			return err
		}
		m.ID = crmflow.KindProcessMap.Format(n)
		m.CreatedAt, m.UpdatedAt = tx.now, tx.now
		if _, err := tx.Exec("INSERT INTO process_maps(seq, "+procColumns+", revision) VALUES (?,?,?,?,?,?,?,?,1)",
			n, m.ID, m.Name, m.Variant, m.Source, modelJSON(m), formatTime(m.CreatedAt), formatTime(m.UpdatedAt)); err != nil {
			return err
		}
		return tx.Record(m.ID, "create", nil, auditMap(m))
	})
}

func mapNotFound(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "process map %s does not exist", id).About(crmflow.KindProcessMap.Noun, id)
}

func (s procStore) Map(ctx context.Context, id string) (process.Map, error) {
	m, err := scanMap(s.db.sql.QueryRowContext(ctx, "SELECT "+procColumns+" FROM process_maps WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, mapNotFound(id)
	}
	return m, err
}

func (s procStore) Maps(ctx context.Context) ([]process.Map, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+procColumns+" FROM process_maps ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []process.Map{}
	for rows.Next() {
		m, err := scanMap(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s procStore) UpdateMap(ctx context.Context, id string, fn func(*process.Map) error) (process.Map, error) {
	var out process.Map
	err := s.db.withTx(ctx, func(tx *Tx) error {
		before, err := scanMap(tx.QueryRow("SELECT "+procColumns+" FROM process_maps WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return mapNotFound(id)
		}
		if err != nil {
			return err
		}
		m := before
		if err := fn(&m); err != nil {
			return err
		}
		m.ID, m.CreatedAt = before.ID, before.CreatedAt
		if m.Source == before.Source && m.Name == before.Name && m.Variant == before.Variant {
			out = before
			return nil
		}
		m.UpdatedAt = tx.now
		if _, err := tx.Exec("UPDATE process_maps SET name=?, variant=?, source=?, model=?, revision=revision+1, updated_at=? WHERE id=?",
			m.Name, m.Variant, m.Source, modelJSON(&m), formatTime(m.UpdatedAt), m.ID); err != nil {
			return err
		}
		out = m
		return tx.Record(m.ID, "update", auditMap(&before), auditMap(&m))
	})
	return out, err
}
