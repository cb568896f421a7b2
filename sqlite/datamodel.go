package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

func (s reqStore) DataFields(ctx context.Context) ([]requirements.DataField, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT entity, name, type, required, is_unique, vals, description, req_id, created_at
		FROM data_fields d ORDER BY (SELECT MIN(position) FROM data_fields e WHERE e.entity = d.entity), position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []requirements.DataField{}
	for rows.Next() {
		var f requirements.DataField
		var vals, created string
		if err := rows.Scan(&f.Entity, &f.Name, &f.Type, &f.Required, &f.Unique, &vals, &f.Description, &f.Req, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(vals), &f.Values); err != nil {
			return nil, fmt.Errorf("data field %s.%s: values: %w", f.Entity, f.Name, err)
		}
		f.CreatedAt = parseTime(created)
		out = append(out, f)
	}
	return out, rows.Err()
}

func dataEntity(entity, name string) string { return "data:" + entity + "." + name }

func (s reqStore) PutDataField(ctx context.Context, f requirements.DataField, replace bool) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		if f.Req != "" {
			if _, err := tx.requirement(f.Req); err != nil {
				return err
			}
		}
		var old requirements.DataField
		var vals, created string
		var pos int
		err := tx.QueryRow(`SELECT type, required, is_unique, vals, description, req_id, position, created_at FROM data_fields WHERE entity = ? AND name = ?`,
			f.Entity, f.Name).Scan(&old.Type, &old.Required, &old.Unique, &vals, &old.Description, &old.Req, &pos, &created)
		exists := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if exists && !replace {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s.%s is already in the data dictionary", f.Entity, f.Name).
				In("data.add").About("data field", f.Entity+"."+f.Name).With("entity", f.Entity).With("name", f.Name)
		}
		if exists {
			old.Entity, old.Name, old.CreatedAt = f.Entity, f.Name, parseTime(created)
			_ = json.Unmarshal([]byte(vals), &old.Values)
			f.CreatedAt = old.CreatedAt
			if _, err := tx.Exec(`UPDATE data_fields SET type=?, required=?, is_unique=?, vals=?, description=?, req_id=? WHERE entity=? AND name=?`,
				f.Type, f.Required, f.Unique, mustJSON(f.Values), f.Description, f.Req, f.Entity, f.Name); err != nil {
				return err
			}
			return tx.Record(dataEntity(f.Entity, f.Name), "update", old, f)
		}
		f.CreatedAt = tx.now
		if _, err := tx.Exec(`INSERT INTO data_fields(entity, name, type, required, is_unique, vals, description, req_id, position, created_at)
			VALUES (?,?,?,?,?,?,?,?, (SELECT COALESCE(MAX(position), 0) + 1 FROM data_fields), ?)`,
			f.Entity, f.Name, f.Type, f.Required, f.Unique, mustJSON(f.Values), f.Description, f.Req, formatTime(f.CreatedAt)); err != nil {
			return err
		}
		return tx.Record(dataEntity(f.Entity, f.Name), "create", nil, f)
	})
}

func (s reqStore) RemoveDataField(ctx context.Context, entity, name string) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec("DELETE FROM data_fields WHERE entity = ? AND name = ?", entity, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return crmflow.Errorf(crmflow.ENOTFOUND, "%s.%s is not in the data dictionary", entity, name).About("data field", entity+"."+name)
		}
		return tx.Record(dataEntity(entity, name), "delete", map[string]string{"entity": entity, "name": name}, nil)
	})
}

func (s reqStore) Permissions(ctx context.Context) ([]requirements.Permission, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT role, module, actions, scope FROM permissions ORDER BY role, module")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []requirements.Permission{}
	for rows.Next() {
		var p requirements.Permission
		var actions string
		if err := rows.Scan(&p.Role, &p.Module, &actions, &p.Scope); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(actions), &p.Actions); err != nil {
			return nil, fmt.Errorf("permission %s/%s: %w", p.Role, p.Module, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s reqStore) SetPermission(ctx context.Context, p requirements.Permission) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var before any
		var actions, scope string
		err := tx.QueryRow("SELECT actions, scope FROM permissions WHERE role = ? AND module = ?", p.Role, p.Module).Scan(&actions, &scope)
		if err == nil {
			old := requirements.Permission{Role: p.Role, Module: p.Module, Scope: requirements.Scope(scope)}
			_ = json.Unmarshal([]byte(actions), &old.Actions)
			if mustJSON(old.Actions) == mustJSON(p.Actions) && old.Scope == p.Scope {
				return nil
			}
			before = old
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		entity := "perm:" + p.Role + "/" + p.Module
		if len(p.Actions) == 0 {
			if before == nil {
				return nil
			}
			if _, err := tx.Exec("DELETE FROM permissions WHERE role = ? AND module = ?", p.Role, p.Module); err != nil {
				return err
			}
			return tx.Record(entity, "delete", before, nil)
		}
		if _, err := tx.Exec(`INSERT INTO permissions(role, module, actions, scope) VALUES (?,?,?,?)
			ON CONFLICT(role, module) DO UPDATE SET actions = excluded.actions, scope = excluded.scope`,
			p.Role, p.Module, mustJSON(p.Actions), p.Scope); err != nil {
			return err
		}
		return tx.Record(entity, "set", before, p)
	})
}
