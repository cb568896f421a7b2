package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Anchor is the head of the audit log at some moment: its newest event's
// sequence number and hash. The log may grow past an anchor but never end
// before it or hold another hash at its seq.
type Anchor struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// AnchorPath is the checkpoint file kept beside a workspace database: a
// database edit cannot rewind it, so a log cut short shows.
func AnchorPath(dbPath string) string { return dbPath + ".anchor" }

// ReadAnchor reads the checkpoint file; ok is false when there is none.
func ReadAnchor(dbPath string) (a Anchor, ok bool, err error) {
	b, err := os.ReadFile(AnchorPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return a, false, nil
	}
	if err != nil {
		return a, false, err
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return a, false, fmt.Errorf("%s: %w", AnchorPath(dbPath), err)
	}
	return a, true, nil
}

// writeAnchor moves the checkpoint file forward to a, after a commit. It
// never moves it back: two processes committing at once may finish in either
// order. A failure (a read-only folder) leaves the older anchor, which is
// still true, so it is not reported: the data is already committed.
func (db *DB) writeAnchor(a Anchor) {
	if have, ok, err := ReadAnchor(db.path); err == nil && ok && have.Seq >= a.Seq {
		return
	}
	_ = replaceAnchor(db.path, a)
}

// replaceAnchor writes the checkpoint file atomically (temp file + rename).
func replaceAnchor(dbPath string, a Anchor) error {
	b, _ := json.Marshal(a)
	p := AnchorPath(dbPath)
	tmp, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// head reads the newest event of the log.
func head(ctx context.Context, q querier) (Anchor, error) {
	var a Anchor
	err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&a.Seq, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil
	}
	return a, err
}

// knownAnchor is an anchor and where it was kept.
type knownAnchor struct {
	Anchor
	where string
}

// anchors lists the anchors the log must honour: the checkpoint file,
// every baseline's and every sign-off's.
func (db *DB) anchors(ctx context.Context) ([]knownAnchor, error) {
	var out []knownAnchor
	a, ok, err := ReadAnchor(db.path)
	if err != nil {
		out = append(out, knownAnchor{where: "unreadable checkpoint file " + AnchorPath(db.path)})
	} else if ok {
		out = append(out, knownAnchor{a, "the checkpoint file " + filepath.Base(AnchorPath(db.path))})
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT name, audit_seq, audit_hash FROM baselines WHERE audit_seq > 0 ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k knownAnchor
		var name string
		if err := rows.Scan(&name, &k.Seq, &k.Hash); err != nil {
			return nil, err
		}
		k.where = "baseline " + name
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	srows, err := db.sql.QueryContext(ctx, "SELECT id, audit_seq, audit_hash FROM signoff_requests WHERE audit_seq > 0 ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var k knownAnchor
		var id string
		if err := srows.Scan(&id, &k.Seq, &k.Hash); err != nil {
			return nil, err
		}
		k.where = "sign-off " + id
		out = append(out, k)
	}
	return out, srows.Err()
}
