// Package sqlite is the store: it implements the domain Store interfaces on a
// single SQLite file (modernc.org/sqlite, pure Go). Every write runs in one
// BEGIN IMMEDIATE transaction that also appends the audit events it produced.
package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/crmflow/crmflow"
)

// busy_timeout makes a writer wait for the lock instead of failing;
// _txlock=immediate makes every transaction BEGIN IMMEDIATE, so writers queue
// on the write lock up front instead of failing half-way through.
const dsnParams = "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=mmap_size(268435456)&_txlock=immediate"

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open workspace database.
type DB struct {
	sql   *sql.DB
	path  string
	clock crmflow.Clock
	actor crmflow.Actor
	// readOnly: the file or its folder cannot be written; opened immutable.
	readOnly bool
}

// Options configure an open database.
type Options struct {
	Clock crmflow.Clock
	Actor crmflow.Actor
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			panic("migration without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms := migrations()
	return ms[len(ms)-1].version
}

var sqliteMagic = []byte("SQLite format 3\x00")

// checkFile refuses files that are not SQLite databases before SQLite sees them.
func checkFile(p string) error {
	f, err := os.Open(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &crmflow.Error{Code: crmflow.ENOTFOUND, Message: fmt.Sprintf("%s does not exist", p), Err: err}
		}
		return &crmflow.Error{Code: crmflow.EINVALID, Message: fmt.Sprintf("cannot open %s: %v", p, err), Err: err}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return crmflow.Errorf(crmflow.EINVALID, "%s is a directory, not a crmflow workspace database", p).With("dir", p)
	}
	head := make([]byte, len(sqliteMagic))
	n, _ := io.ReadFull(f, head)
	if n == 0 {
		return crmflow.Errorf(crmflow.EINVALID, "%s is empty, not a crmflow workspace database", p)
	}
	if !bytes.Equal(head[:n], sqliteMagic) {
		return crmflow.Errorf(crmflow.EINVALID, "%s is not a SQLite database, so not a crmflow workspace", p)
	}
	return nil
}

func openRaw(p string, o Options) (*DB, error) {
	if o.Clock == nil {
		o.Clock = crmflow.SystemClock{}
	}
	if o.Actor == "" {
		o.Actor = "unknown"
	}
	db, err := sql.Open("sqlite", "file:"+p+dsnParams)
	if err != nil {
		return nil, err
	}
	return &DB{sql: db, path: p, clock: o.Clock, actor: o.Actor}, nil
}

func openReadOnly(p string, o Options) (*DB, error) {
	db, err := openRaw(p, o)
	if err != nil {
		return nil, err
	}
	db.sql.Close()
	if db.sql, err = sql.Open("sqlite", "file:"+p+readOnlyDSN); err != nil {
		return nil, err
	}
	db.readOnly = true
	return db, nil
}

// ReadOnly says whether the workspace was opened read-only.
func (db *DB) ReadOnly() bool { return db.readOnly }

// Open opens an existing workspace database, migrating it if it is older than
// this binary and refusing it if it is newer.
func Open(ctx context.Context, p string, o Options) (*DB, error) {
	if err := checkFile(p); err != nil {
		return nil, err
	}
	var db *DB
	var err error
	if writable(p) {
		db, err = openRaw(p, o)
	} else {
		db, err = openReadOnly(p, o)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, wrapOpenError(p, err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM project").Scan(&n); err != nil || n != 1 {
		db.Close()
		return nil, crmflow.Errorf(crmflow.EINVALID, "%s is a SQLite database but holds no crmflow project", p).
			In("open").With("missing", "project")
	}
	return db, nil
}

// Create makes a new workspace database at p holding project.
func Create(ctx context.Context, p string, project crmflow.Project, settings map[string]string, o Options) (*DB, error) {
	if _, err := os.Stat(p); err == nil {
		return nil, crmflow.Errorf(crmflow.ECONFLICT, "%s already exists", p).In("init").About("file", p)
	}
	db, err := openRaw(p, o)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*DB, error) {
		db.Close()
		os.Remove(p)
		os.Remove(p + "-wal")
		os.Remove(p + "-shm")
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		return fail(wrapOpenError(p, err))
	}
	err = db.withTx(ctx, func(tx *Tx) error {
		project.CreatedAt = tx.now
		if _, err := tx.Exec("INSERT INTO project(id, name, client, lang, created_at) VALUES (1, ?, ?, ?, ?)",
			project.Name, project.Client, string(project.Lang), formatTime(tx.now)); err != nil {
			return err
		}
		keys := make([]string, 0, len(settings))
		for k := range settings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, err := tx.Exec("INSERT INTO settings(key, value) VALUES (?, ?)", k, settings[k]); err != nil {
				return err
			}
		}
		if err := tx.Record("project", "create", nil, project); err != nil {
			return err
		}
		// The settings scores and priorities rest on, in the log from the
		// start: an edit of one, or one added, behind crmflow's back shows.
		for _, k := range keys {
			if err := tx.Record("setting:"+k, settingsInit, nil, settingChange{k, settings[k]}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return db, nil
}

func wrapOpenError(p string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return &crmflow.Error{Code: crmflow.EINVALID, Message: fmt.Sprintf("%s is corrupt or not a crmflow database (%v)", p, se), Err: err,
				Op: "open", Facts: map[string]string{"problem": "corrupt", "file": p, "detail": se.Error(), "open": "yes"}}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return readOnlyError(p, err)
		}
	}
	return storageError(p, err)
}

// migrate applies the embedded migrations the database lacks, each in one
// transaction. The version is re-read inside the transaction, so two processes
// opening an old database at once apply each migration once.
func (db *DB) migrate(ctx context.Context) error {
	ms := migrations()
	newest := ms[len(ms)-1].version
	current, err := db.userVersion(ctx, db.sql)
	if err != nil {
		return err
	}
	if current > newest {
		return crmflow.Errorf(crmflow.EINVALID, "%s was written by a newer crmflow (schema version %d; this crmflow %s knows up to %d)",
			db.path, current, crmflow.Version, newest).In("open").With("schema", "newer")
	}
	if current == newest {
		return nil
	}
	if db.readOnly {
		return readOnlyError(db.path, fmt.Errorf("schema version %d needs migrating to %d", current, newest))
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := db.userVersion(ctx, tx)
	if err != nil {
		return err
	}
	if v >= m.version {
		return nil // another process got here first
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

// querier is what reads need: a database, a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readSnapshot runs fn on one connection inside a deferred transaction, so
// the several queries of one read see one snapshot of the database (WAL)
// without taking the write lock that every BeginTx here takes.
func (db *DB) readSnapshot(ctx context.Context, fn func(q querier) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return busyError(err)
	}
	// Nothing was written: ROLLBACK just ends the read.
	defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") //nolint:errcheck
	return fn(conn)
}

func (db *DB) userVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Tx is one write transaction. The events recorded in it are chained into the
// audit log when it commits.
type Tx struct {
	*sql.Tx
	ctx    context.Context
	now    time.Time
	actor  crmflow.Actor
	events []pending
	head   Anchor // the log's head once the events are appended
}

type pending struct {
	entity, action string
	before, after  []byte
}

// Now is the transaction's time, truncated to the second.
func (tx *Tx) Now() time.Time { return tx.now }

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(q string, args ...any) (sql.Result, error) {
	return tx.ExecContext(tx.ctx, q, args...)
}

// QueryRow runs a one-row query in the transaction.
func (tx *Tx) QueryRow(q string, args ...any) *sql.Row { return tx.QueryRowContext(tx.ctx, q, args...) }

// Query runs a query in the transaction.
func (tx *Tx) Query(q string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(tx.ctx, q, args...)
}

// Record queues an audit event; before and after are marshalled to JSON (nil stays NULL).
func (tx *Tx) Record(entity, action string, before, after any) error {
	p := pending{entity: entity, action: action}
	var err error
	if p.before, err = marshalOrNil(before); err != nil {
		return err
	}
	if p.after, err = marshalOrNil(after); err != nil {
		return err
	}
	tx.events = append(tx.events, p)
	return nil
}

func marshalOrNil(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if b, ok := v.([]byte); ok {
		return b, nil
	}
	return json.Marshal(v)
}

// withTx runs fn in one BEGIN IMMEDIATE transaction and appends its audit
// events, chained by hash, before committing.
func (db *DB) withTx(ctx context.Context, fn func(*Tx) error) error {
	if db.readOnly {
		return readOnlyError(db.path, nil)
	}
	err := db.runTx(ctx, fn)
	return storageError(db.path, err)
}

func (db *DB) runTx(ctx context.Context, fn func(*Tx) error) error {
	sqlTx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return busyError(err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, now: db.clock.Now().Truncate(time.Second), actor: db.actor}
	defer sqlTx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.appendAudit(); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return busyError(err)
	}
	if tx.head.Seq > 0 {
		db.writeAnchor(tx.head)
	}
	return nil
}

func busyError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED) {
		return &crmflow.Error{Code: crmflow.ECONFLICT, Message: "the workspace stayed locked by another crmflow process for 15 s; nothing was written", Err: err,
			Facts: map[string]string{"problem": "busy"}}
	}
	return err
}

func (tx *Tx) appendAudit() error {
	if len(tx.events) == 0 {
		return nil
	}
	var seq int64
	prev := ""
	err := tx.QueryRow("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	at := formatTime(tx.now)
	ins := tx.newBatchInsert("INSERT INTO audit(seq, at, actor, entity, action, before, after, prev_hash, hash)", "", 9)
	defer ins.close()
	for _, p := range tx.events {
		seq++
		e := crmflow.AuditEvent{Seq: seq, Actor: tx.actor, Entity: p.entity, Action: p.action, Before: p.before, After: p.after, PrevHash: prev}
		h := eventHash(e, at)
		if err := ins.add(seq, at, string(tx.actor), p.entity, p.action, nullJSON(p.before), nullJSON(p.after), prev, h); err != nil {
			return err
		}
		prev = h
	}
	if err := ins.flush(); err != nil {
		return err
	}
	tx.head = Anchor{Seq: seq, Hash: prev}
	return nil
}

func nullJSON(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// eventHash is sha256(prev_hash || canonical event), the canonical event being
// the JSON of seq, time, actor, entity, action, before and after, in that order.
func eventHash(e crmflow.AuditEvent, at string) string {
	canon, _ := json.Marshal(struct {
		Seq    int64           `json:"seq"`
		At     string          `json:"at"`
		Actor  string          `json:"actor"`
		Entity string          `json:"entity"`
		Action string          `json:"action"`
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}{e.Seq, at, string(e.Actor), e.Entity, e.Action, rawOrNull(e.Before), rawOrNull(e.After)})
	sum := sha256.Sum256(append([]byte(e.PrevHash), canon...))
	return hex.EncodeToString(sum[:])
}

func rawOrNull(b []byte) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("null")
	}
	if !json.Valid(b) {
		// A tampered, invalid value still has to hash (to a mismatch), not fail.
		q, _ := json.Marshal(string(b))
		return q
	}
	return b
}

func formatTime(t time.Time) string { return t.Format(time.RFC3339) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
