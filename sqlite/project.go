package sqlite

import (
	"context"
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/crmflow/crmflow"
)

func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// Project returns the workspace's project.
func (db *DB) Project(ctx context.Context) (crmflow.Project, error) {
	var p crmflow.Project
	var created string
	err := db.sql.QueryRowContext(ctx, "SELECT name, client, lang, created_at FROM project WHERE id = 1").Scan(&p.Name, &p.Client, &p.Lang, &created)
	p.CreatedAt = parseTime(created)
	return p, err
}

// UpdateProject changes the project record.
func (db *DB) UpdateProject(ctx context.Context, fn func(*crmflow.Project) error) (crmflow.Project, error) {
	var out crmflow.Project
	err := db.withTx(ctx, func(tx *Tx) error {
		var before crmflow.Project
		var created string
		if err := tx.QueryRow("SELECT name, client, lang, created_at FROM project WHERE id = 1").Scan(&before.Name, &before.Client, &before.Lang, &created); err != nil {
			return err
		}
		before.CreatedAt = parseTime(created)
		p := before
		if err := fn(&p); err != nil {
			return err
		}
		p.CreatedAt = before.CreatedAt
		out = p
		if p == before {
			return nil
		}
		if _, err := tx.Exec("UPDATE project SET name=?, client=?, lang=? WHERE id = 1", p.Name, p.Client, string(p.Lang)); err != nil {
			return err
		}
		return tx.Record("project", "update", before, p)
	})
	return out, err
}

// Settings returns every stored setting.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

type settingChange struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// SetSetting stores one setting (already validated by its owner).
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.withTx(ctx, func(tx *Tx) error {
		var old *settingChange
		var v string
		if err := tx.QueryRow("SELECT value FROM settings WHERE key = ?", key).Scan(&v); err == nil {
			if v == value {
				return nil
			}
			old = &settingChange{key, v}
		}
		if _, err := tx.Exec("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value); err != nil {
			return err
		}
		var before any
		if old != nil {
			before = old
		}
		return tx.Record("setting:"+key, "set", before, settingChange{key, value})
	})
}
