package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Requirements is the requirements.Store on this database.
func (db *DB) Requirements() requirements.Store { return reqStore{db} }

type reqStore struct{ db *DB }

const reqColumns = "id, title, description, module, kind, status, value, difficulty, urgency, moscow, criteria, owner, source, stakeholder, tags, fields, revision, created_at, updated_at"

type scanner interface{ Scan(dest ...any) error }

// rowScanner decodes requirement rows. It reuses the previous row's parsed
// timestamps, since rows written in one batch share them.
type rowScanner struct {
	// raw lets the JSON columns alias the driver's buffer (sql.RawBytes):
	// only for *sql.Rows, whose buffer lives until the next Next.
	raw                      bool
	lastCreated, lastUpdated string
	created, updated         time.Time
}

func scanRequirement(s scanner) (requirements.Requirement, error) {
	var rs rowScanner
	return rs.scan(s)
}

func (rs *rowScanner) scan(s scanner) (requirements.Requirement, error) {
	var r requirements.Requirement
	var criteria, tags, fields []byte
	dc, dt, df := any(&criteria), any(&tags), any(&fields)
	if rs.raw {
		dc, dt, df = (*sql.RawBytes)(&criteria), (*sql.RawBytes)(&tags), (*sql.RawBytes)(&fields)
	}
	var kind, status, moscow, created, updated string
	// Named string types (Kind, Status, MoSCoW) go through plain strings:
	// database/sql would convert them by reflection, allocating each time.
	err := s.Scan(&r.ID, &r.Title, &r.Description, &r.Module, &kind, &status, &r.Value, &r.Difficulty, &r.Urgency,
		&moscow, dc, &r.Owner, &r.Source, &r.Stakeholder, dt, df, &r.Revision, &created, &updated)
	if err != nil {
		return r, err
	}
	r.Kind, r.Status, r.MoSCoW = requirements.Kind(kind), requirements.Status(status), requirements.MoSCoW(moscow)
	return r, rs.finish(&r, criteria, tags, fields, created, updated)
}

// finish decodes the JSON columns and timestamps of a scanned row.
func (rs *rowScanner) finish(r *requirements.Requirement, criteria, tags, fields []byte, created, updated string) error {
	// Most lists are empty: skip the JSON decoder for them (it dominates large listings).
	if len(criteria) > 0 && string(criteria) != "[]" {
		if err := json.Unmarshal(criteria, &r.Criteria); err != nil {
			return fmt.Errorf("%s: criteria: %w", r.ID, err)
		}
	}
	if string(tags) != "[]" {
		if err := json.Unmarshal(tags, &r.Tags); err != nil {
			return fmt.Errorf("%s: tags: %w", r.ID, err)
		}
	}
	if string(fields) != "{}" {
		if err := json.Unmarshal(fields, &r.Fields); err != nil {
			return fmt.Errorf("%s: fields: %w", r.ID, err)
		}
	}
	if created != rs.lastCreated {
		rs.lastCreated, rs.created = created, parseTime(created)
	}
	if updated != rs.lastUpdated {
		rs.lastUpdated, rs.updated = updated, parseTime(updated)
	}
	r.CreatedAt, r.UpdatedAt = rs.created, rs.updated
	if r.Criteria == nil {
		r.Criteria = []string{}
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
	return nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, string slices and string maps are marshalled here
	}
	return string(b)
}

func (s reqStore) CreateRequirements(ctx context.Context, rs []*requirements.Requirement) error {
	return s.db.withTx(ctx, func(tx *Tx) error { return tx.createRequirements(rs) })
}

// createRequirements inserts rs with fresh IDs, recording each.
func (tx *Tx) createRequirements(rs []*requirements.Requirement) error {
	ctx := tx.ctx
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO requirements(seq, "+reqColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, r := range rs {
		n, err := tx.nextID("REQ")
		if err != nil {
			return err
		}
		r.ID = crmflow.KindRequirement.Format(n)
		r.Revision = 1
		r.CreatedAt, r.UpdatedAt = tx.now, tx.now
		r.Normalize()
		if _, err := stmt.ExecContext(ctx, n, r.ID, r.Title, r.Description, r.Module, r.Kind, r.Status, r.Value, r.Difficulty, r.Urgency,
			r.MoSCoW, mustJSON(r.Criteria), r.Owner, r.Source, r.Stakeholder, mustJSON(r.Tags), mustJSON(r.Fields),
			r.Revision, formatTime(r.CreatedAt), formatTime(r.UpdatedAt)); err != nil {
			return err
		}
		if err := tx.Record(r.ID, "create", nil, r); err != nil {
			return err
		}
	}
	return nil
}

// nextID allocates the next number for a prefix inside the transaction.
func (tx *Tx) nextID(prefix string) (int, error) {
	var n int
	err := tx.QueryRow(`INSERT INTO id_counters(prefix, next) VALUES (?, 1)
		ON CONFLICT(prefix) DO UPDATE SET next = next + 1 RETURNING next`, prefix).Scan(&n)
	return n, err
}

func notFound(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "requirement %s does not exist", id).About(crmflow.KindRequirement.Noun, id)
}

func (s reqStore) Requirement(ctx context.Context, id string) (requirements.Requirement, error) {
	r, err := scanRequirement(s.db.sql.QueryRowContext(ctx, "SELECT "+reqColumns+" FROM requirements WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound(id)
	}
	return r, err
}

func (s reqStore) Requirements(ctx context.Context) ([]requirements.Requirement, error) {
	rs := rowScanner{raw: true}
	return s.scanAll(ctx, reqColumns, func(rows *sql.Rows) (requirements.Requirement, error) { return rs.scan(rows) })
}

const summaryColumns = "id, title, module, kind, status, value, difficulty, urgency, moscow, owner, tags, fields, revision, created_at, updated_at"

func (s reqStore) Summaries(ctx context.Context) ([]requirements.Requirement, error) {
	var rs rowScanner
	return s.scanAll(ctx, summaryColumns, func(rows *sql.Rows) (requirements.Requirement, error) {
		var r requirements.Requirement
		var tags, fields sql.RawBytes
		var kind, status, moscow, created, updated string
		if err := rows.Scan(&r.ID, &r.Title, &r.Module, &kind, &status, &r.Value, &r.Difficulty, &r.Urgency,
			&moscow, &r.Owner, &tags, &fields, &r.Revision, &created, &updated); err != nil {
			return r, err
		}
		r.Kind, r.Status, r.MoSCoW = requirements.Kind(kind), requirements.Status(status), requirements.MoSCoW(moscow)
		return r, rs.finish(&r, nil, tags, fields, created, updated)
	})
}

// scanAll reads every requirement row in ID order, sized up front.
func (s reqStore) scanAll(ctx context.Context, columns string, scan func(*sql.Rows) (requirements.Requirement, error)) ([]requirements.Requirement, error) {
	var n int
	if err := s.db.sql.QueryRowContext(ctx, "SELECT count(*) FROM requirements").Scan(&n); err != nil {
		return nil, err
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+columns+" FROM requirements ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]requirements.Requirement, 0, n)
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s reqStore) Titles(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, title FROM requirements")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		out[id] = title
	}
	return out, rows.Err()
}

func (tx *Tx) requirement(id string) (requirements.Requirement, error) {
	r, err := scanRequirement(tx.QueryRow("SELECT "+reqColumns+" FROM requirements WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound(id)
	}
	return r, err
}

const updateRequirementSQL = `UPDATE requirements SET title=?, description=?, module=?, kind=?, status=?, value=?, difficulty=?, urgency=?,
		moscow=?, criteria=?, owner=?, source=?, stakeholder=?, tags=?, fields=?, revision=?, updated_at=? WHERE id=?`

// updateRequirement stores r as the next revision of before.
func (tx *Tx) updateRequirement(before requirements.Requirement, r *requirements.Requirement, action string) error {
	return tx.writeRequirement(func(args ...any) error {
		_, err := tx.Exec(updateRequirementSQL, args...)
		return err
	}, before, r, action)
}

// writeRequirement stores r as the next revision of before with exec and
// records the change.
func (tx *Tx) writeRequirement(exec func(args ...any) error, before requirements.Requirement, r *requirements.Requirement, action string) error {
	r.ID, r.Revision, r.CreatedAt = before.ID, before.Revision+1, before.CreatedAt
	r.UpdatedAt = tx.now
	r.Normalize()
	if err := exec(r.Title, r.Description, r.Module, r.Kind, r.Status, r.Value, r.Difficulty, r.Urgency, r.MoSCoW,
		mustJSON(r.Criteria), r.Owner, r.Source, r.Stakeholder, mustJSON(r.Tags), mustJSON(r.Fields),
		r.Revision, formatTime(r.UpdatedAt), r.ID); err != nil {
		return err
	}
	return tx.Record(r.ID, action, before, r)
}

// reqUpdater stores many requirements in one transaction with one prepared
// UPDATE, rather than preparing it again for each.
type reqUpdater struct {
	tx   *Tx
	stmt *sql.Stmt
}

func (tx *Tx) prepareUpdates() (*reqUpdater, error) {
	stmt, err := tx.PrepareContext(tx.ctx, updateRequirementSQL)
	if err != nil {
		return nil, err
	}
	return &reqUpdater{tx: tx, stmt: stmt}, nil
}

// update stores r as the next revision of before.
func (u *reqUpdater) update(before requirements.Requirement, r *requirements.Requirement, action string) error {
	return u.tx.writeRequirement(func(args ...any) error {
		_, err := u.stmt.ExecContext(u.tx.ctx, args...)
		return err
	}, before, r, action)
}

func (u *reqUpdater) Close() error { return u.stmt.Close() }

func (s reqStore) UpdateRequirement(ctx context.Context, id, action string, fn func(*requirements.Requirement) error) (requirements.Requirement, error) {
	var out requirements.Requirement
	err := s.db.withTx(ctx, func(tx *Tx) (err error) {
		out, err = tx.editRequirement(id, action, fn)
		return err
	})
	return out, err
}

// editRequirement runs fn on requirement id and stores the result as its
// next revision, unless fn changed nothing.
func (tx *Tx) editRequirement(id, action string, fn func(*requirements.Requirement) error) (requirements.Requirement, error) {
	before, err := tx.requirement(id)
	if err != nil {
		return before, err
	}
	r := before.Clone()
	if err := fn(&r); err != nil {
		return before, err
	}
	r.ID, r.Revision, r.CreatedAt, r.UpdatedAt = before.ID, before.Revision, before.CreatedAt, before.UpdatedAt
	r.Normalize()
	if reflect.DeepEqual(r, before) {
		return before, nil
	}
	if err := tx.updateRequirement(before, &r, action); err != nil {
		return before, err
	}
	return r, nil
}

func (s reqStore) DeleteRequirement(ctx context.Context, id string, check func(requirements.Requirement, []requirements.Link) error) error {
	return s.db.withTx(ctx, func(tx *Tx) error { return tx.deleteRequirement(id, check) })
}

// deleteRequirement removes id and its links once check allows it.
func (tx *Tx) deleteRequirement(id string, check func(requirements.Requirement, []requirements.Link) error) error {
	r, err := tx.requirement(id)
	if err != nil {
		return err
	}
	links, err := tx.links(id)
	if err != nil {
		return err
	}
	if err := check(r, links); err != nil {
		return err
	}
	// Links go with the requirement; record each so the other side's history shows it.
	for _, l := range links {
		other := l.From
		if other == id {
			other = l.To
		}
		if err := tx.Record(other, "unlink", l, nil); err != nil {
			return err
		}
	}
	if _, err := tx.Exec("DELETE FROM requirements WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Record(id, "delete", r, nil)
}

func (s reqStore) RequirementAt(ctx context.Context, id string, revision int) (requirements.Requirement, bool, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT after FROM audit WHERE entity = ? AND after IS NOT NULL
		AND json_extract(after, '$.revision') = ? ORDER BY seq DESC LIMIT 1`, id, revision)
	if err != nil {
		return requirements.Requirement{}, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return requirements.Requirement{}, false, rows.Err()
	}
	var after []byte
	if err := rows.Scan(&after); err != nil {
		return requirements.Requirement{}, false, err
	}
	var r requirements.Requirement
	if err := json.Unmarshal(after, &r); err != nil {
		return r, false, fmt.Errorf("%s revision %d in the audit log: %w", id, revision, err)
	}
	r.Normalize()
	return r, r.ID == id, nil
}

func (s reqStore) ApplyImport(ctx context.Context, creates []*requirements.Requirement, updates []requirements.ImportUpdate, deletes []string,
	canDelete func(requirements.Requirement, []requirements.Link) error) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		up, err := tx.prepareUpdates()
		if err != nil {
			return err
		}
		defer up.Close()
		for _, u := range updates {
			before, err := tx.requirement(u.ID)
			if err != nil {
				return err
			}
			if before.Revision != u.Revision {
				return crmflow.Errorf(crmflow.ECONFLICT, "%s changed while the import was prepared (revision %d, now %d); nothing was written", u.ID, u.Revision, before.Revision).
					In("req.import").About(crmflow.KindRequirement.Noun, u.ID).With("problem", "stale")
			}
			r := u.Result.Clone()
			if err := up.update(before, &r, "import"); err != nil {
				return err
			}
		}
		for _, id := range deletes {
			if err := tx.deleteRequirement(id, canDelete); err != nil {
				return err
			}
		}
		if len(creates) > 0 {
			return tx.createRequirements(creates)
		}
		return nil
	})
}

const linkColumns = "from_id, to_id, kind, suspect, created_at"

func scanLinks(rows *sql.Rows) ([]requirements.Link, error) {
	defer rows.Close()
	out := []requirements.Link{}
	for rows.Next() {
		var l requirements.Link
		var created string
		if err := rows.Scan(&l.From, &l.To, &l.Kind, &l.Suspect, &created); err != nil {
			return nil, err
		}
		l.CreatedAt = parseTime(created)
		out = append(out, l)
	}
	return out, rows.Err()
}

func (tx *Tx) links(id string) ([]requirements.Link, error) {
	rows, err := tx.Query("SELECT "+linkColumns+" FROM req_links WHERE ? = '' OR from_id = ? OR to_id = ? ORDER BY from_id, to_id, kind", id, id, id)
	if err != nil {
		return nil, err
	}
	return scanLinks(rows)
}

func (s reqStore) Links(ctx context.Context, id string) ([]requirements.Link, error) {
	// Two queries, not "? = '' OR …": SQLite uses the indexes on from_id and
	// to_id only when every OR term can, so one requirement's links were a
	// scan of them all.
	q, args := "SELECT "+linkColumns+" FROM req_links ORDER BY from_id, to_id, kind", []any{}
	if id != "" {
		q, args = "SELECT "+linkColumns+" FROM req_links WHERE from_id = ? OR to_id = ? ORDER BY from_id, to_id, kind", []any{id, id}
	}
	rows, err := s.db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanLinks(rows)
}

func (s reqStore) AddLink(ctx context.Context, l requirements.Link, check func([]requirements.Link) error) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		for _, id := range []string{l.From, l.To} {
			if _, err := tx.requirement(id); err != nil {
				return err
			}
		}
		near, err := tx.linksNear(l)
		if err != nil {
			return err
		}
		if err := check(near); err != nil {
			return err
		}
		l.CreatedAt = tx.now
		if _, err := tx.Exec("INSERT INTO req_links("+linkColumns+") VALUES (?,?,?,?,?)", l.From, l.To, l.Kind, l.Suspect, formatTime(l.CreatedAt)); err != nil {
			return err
		}
		if err := tx.Record(l.From, "link", nil, l); err != nil {
			return err
		}
		return tx.Record(l.To, "link", nil, l)
	})
}

func (s reqStore) AddLinks(ctx context.Context, ls []requirements.Link, check func(requirements.Link, []requirements.Link) error) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		insert, err := tx.PrepareContext(tx.ctx, "INSERT INTO req_links("+linkColumns+") VALUES (?,?,?,?,?)")
		if err != nil {
			return err
		}
		defer insert.Close()
		for _, l := range ls {
			for _, id := range []string{l.From, l.To} {
				if _, err := tx.requirement(id); err != nil {
					return err
				}
			}
			near, err := tx.linksNear(l)
			if err != nil {
				return err
			}
			if err := check(l, near); err != nil {
				return err
			}
			l.CreatedAt = tx.now
			if _, err := insert.ExecContext(tx.ctx, l.From, l.To, l.Kind, l.Suspect, formatTime(l.CreatedAt)); err != nil {
				return err
			}
			if err := tx.Record(l.From, "link", nil, l); err != nil {
				return err
			}
			if err := tx.Record(l.To, "link", nil, l); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s reqStore) RemoveLink(ctx context.Context, l requirements.Link) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var created string
		err := tx.QueryRow("SELECT suspect, created_at FROM req_links WHERE from_id=? AND to_id=? AND kind=?", l.From, l.To, l.Kind).Scan(&l.Suspect, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return crmflow.Errorf(crmflow.ENOTFOUND, "there is no %s link from %s to %s", l.Kind, l.From, l.To).
				In("req.unlink").About(crmflow.KindRequirement.Noun, l.From).With("link", string(l.Kind)).With("to", l.To)
		}
		if err != nil {
			return err
		}
		l.CreatedAt = parseTime(created)
		if _, err := tx.Exec("DELETE FROM req_links WHERE from_id=? AND to_id=? AND kind=?", l.From, l.To, l.Kind); err != nil {
			return err
		}
		if err := tx.Record(l.From, "unlink", l, nil); err != nil {
			return err
		}
		return tx.Record(l.To, "unlink", l, nil)
	})
}

func (s reqStore) CustomModules(ctx context.Context) ([]requirements.Module, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT key, name_zh, name_en, created_at FROM modules ORDER BY created_at, key")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []requirements.Module{}
	for rows.Next() {
		m := requirements.Module{Custom: true}
		var created string
		if err := rows.Scan(&m.Key, &m.Zh, &m.En, &created); err != nil {
			return nil, err
		}
		m.CreatedAt = parseTime(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s reqStore) AddModule(ctx context.Context, m requirements.Module) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		m.CreatedAt = tx.now
		if _, err := tx.Exec("INSERT INTO modules(key, name_zh, name_en, created_at) VALUES (?,?,?,?)", m.Key, m.Zh, m.En, formatTime(m.CreatedAt)); err != nil {
			if isUnique(err) {
				return crmflow.Errorf(crmflow.ECONFLICT, "module %s already exists", m.Key)
			}
			return err
		}
		return tx.Record("module:"+m.Key, "create", nil, m)
	})
}

func (s reqStore) FieldDefs(ctx context.Context) ([]requirements.FieldDef, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT name, type, choices, default_value, created_at FROM custom_fields ORDER BY position")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []requirements.FieldDef{}
	for rows.Next() {
		var d requirements.FieldDef
		var choices, created string
		if err := rows.Scan(&d.Name, &d.Type, &choices, &d.Default, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(choices), &d.Choices); err != nil {
			return nil, fmt.Errorf("custom field %s: choices: %w", d.Name, err)
		}
		d.CreatedAt = parseTime(created)
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s reqStore) AddFieldDef(ctx context.Context, d requirements.FieldDef) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		d.CreatedAt = tx.now
		_, err := tx.Exec(`INSERT INTO custom_fields(name, type, choices, default_value, position, created_at)
			VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM custom_fields), ?)`,
			d.Name, d.Type, mustJSON(d.Choices), d.Default, formatTime(d.CreatedAt))
		if isUnique(err) {
			return crmflow.Errorf(crmflow.ECONFLICT, "custom field %q already exists", d.Name)
		}
		if err != nil {
			return err
		}
		return tx.Record("field:"+d.Name, "create", nil, d)
	})
}

// linksNear reads the links a check of l needs, through the indexes rather
// than the whole table: those from or to either end (duplicates, a second
// parent) and those reachable from l.To over links of l's kind (a cycle).
// relates-to links cannot make a cycle, so none is followed for them.
func (tx *Tx) linksNear(l requirements.Link) ([]requirements.Link, error) {
	follow := string(l.Kind)
	if l.Kind == requirements.LinkRelatesTo {
		follow = ""
	}
	rows, err := tx.Query(`WITH RECURSIVE reach(id) AS (
			SELECT ? UNION SELECT k.to_id FROM req_links k JOIN reach r ON k.from_id = r.id WHERE k.kind = ?)
		SELECT `+linkColumns+` FROM req_links
		WHERE from_id IN (?, ?) OR to_id IN (?, ?) OR (kind = ? AND from_id IN (SELECT id FROM reach))
		ORDER BY from_id, to_id, kind`, l.To, follow, l.From, l.To, l.From, l.To, follow)
	if err != nil {
		return nil, err
	}
	return scanLinks(rows)
}
