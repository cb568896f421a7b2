package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/signoff"
)

// Signoffs is the signoff.Store on this database.
func (db *DB) Signoffs() signoff.Store { return signoffStore{db} }

type signoffStore struct{ db *DB }

const signoffColumns = "id, doc, title, file_name, lang, baseline, baseline_hash, doc_sha256, size, created_at, created_by"

func scanSignoff(s scanner) (signoff.Request, error) {
	var r signoff.Request
	var doc, lang, created string
	err := s.Scan(&r.ID, &doc, &r.Title, &r.FileName, &lang, &r.Baseline, &r.BaselineHash, &r.DocSHA256, &r.Size, &created, &r.CreatedBy)
	r.Doc, r.Lang, r.CreatedAt = signoff.Doc(doc), crmflow.Lang(lang), parseTime(created)
	r.Signatures = []signoff.Signature{}
	return r, err
}

const signatureColumns = "request, seq, signer, role, org, meaning, signed_at, baseline, baseline_hash, doc_sha256, key_id, public_key, doc_sig, statement_sig, recorded_by"

func scanSignature(s scanner) (string, signoff.Signature, error) {
	var g signoff.Signature
	var req, meaning, at string
	err := s.Scan(&req, &g.Seq, &g.Signer, &g.Role, &g.Org, &meaning, &at, &g.Baseline, &g.BaselineHash, &g.DocSHA256,
		&g.KeyID, &g.PublicKey, &g.DocSig, &g.StatementSig, &g.RecordedBy)
	g.Meaning, g.SignedAt = signoff.Meaning(meaning), parseTime(at)
	return req, g, err
}

func signoffNotFound(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "sign-off %s does not exist", id).About("sign-off", id)
}

// auditSignoff is what the audit log records of a request: its facts, not
// the document's bytes (the SHA-256 stands for them).
func auditSignoff(r signoff.Request) map[string]any {
	return map[string]any{"id": r.ID, "doc": r.Doc, "file_name": r.FileName, "lang": r.Lang, "baseline": r.Baseline,
		"baseline_hash": r.BaselineHash, "doc_sha256": r.DocSHA256, "size": r.Size}
}

func (s signoffStore) CreateRequest(ctx context.Context, r *signoff.Request, document, snapshot []byte) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		n, err := tx.nextID(crmflow.KindSignoff.Prefix)
		if err != nil {
			return err
		}
		r.ID = crmflow.KindSignoff.Format(n)
		r.CreatedAt = tx.now
		// The log's head as the document goes up for signing: an anchor.
		h, err := head(tx.ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO signoff_requests("+signoffColumns+", seq, document, snapshot, audit_seq, audit_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			r.ID, string(r.Doc), r.Title, r.FileName, string(r.Lang), r.Baseline, r.BaselineHash, r.DocSHA256, r.Size,
			formatTime(r.CreatedAt), r.CreatedBy, n, document, snapshot, h.Seq, h.Hash); err != nil {
			return err
		}
		return tx.Record(r.ID, "request", nil, auditSignoff(*r))
	})
}

func (s signoffStore) Request(ctx context.Context, id string) (signoff.Request, error) {
	var out signoff.Request
	err := s.db.readSnapshot(ctx, func(q querier) error {
		r, err := scanSignoff(q.QueryRowContext(ctx, "SELECT "+signoffColumns+" FROM signoff_requests WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return signoffNotFound(id)
		}
		if err != nil {
			return err
		}
		sigs, err := signatures(ctx, q, id)
		if err != nil {
			return err
		}
		r.Signatures = sigs[id]
		if r.Signatures == nil {
			r.Signatures = []signoff.Signature{}
		}
		out = r
		return nil
	})
	return out, err
}

// signatures reads the signatures of one request, or of all ("").
func signatures(ctx context.Context, q querier, id string) (map[string][]signoff.Signature, error) {
	query := "SELECT " + signatureColumns + " FROM signoff_signatures"
	var args []any
	if id != "" {
		query += " WHERE request = ?"
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY request, seq", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]signoff.Signature{}
	for rows.Next() {
		req, g, err := scanSignature(rows)
		if err != nil {
			return nil, err
		}
		out[req] = append(out[req], g)
	}
	return out, rows.Err()
}

func (s signoffStore) Requests(ctx context.Context) ([]signoff.Request, error) {
	out := []signoff.Request{}
	err := s.db.readSnapshot(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+signoffColumns+" FROM signoff_requests ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanSignoff(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		sigs, err := signatures(ctx, q, "")
		if err != nil {
			return err
		}
		for i := range out {
			if g := sigs[out[i].ID]; g != nil {
				out[i].Signatures = g
			}
		}
		return nil
	})
	return out, err
}

func (s signoffStore) Document(ctx context.Context, id string) ([]byte, []byte, error) {
	var doc, snap []byte
	err := s.db.sql.QueryRowContext(ctx, "SELECT document, snapshot FROM signoff_requests WHERE id = ?", id).Scan(&doc, &snap)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, signoffNotFound(id)
	}
	return doc, snap, err
}

func (s signoffStore) AddSignature(ctx context.Context, id string, g *signoff.Signature, check func(signoff.Request) error) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		r, err := scanSignoff(tx.QueryRow("SELECT "+signoffColumns+" FROM signoff_requests WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return signoffNotFound(id)
		}
		if err != nil {
			return err
		}
		sigs, err := signatures(tx.ctx, tx, id)
		if err != nil {
			return err
		}
		if sigs[id] != nil {
			r.Signatures = sigs[id]
		}
		if err := check(r); err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO signoff_signatures("+signatureColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			id, g.Seq, g.Signer, g.Role, g.Org, string(g.Meaning), formatTime(g.SignedAt), g.Baseline, g.BaselineHash, g.DocSHA256,
			g.KeyID, g.PublicKey, g.DocSig, g.StatementSig, g.RecordedBy); err != nil {
			return err
		}
		return tx.Record(id, "sign", nil, g)
	})
}

func (s signoffStore) AddKey(ctx context.Context, k signoff.Key) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM stakeholder_keys WHERE stakeholder = ? AND key_id = ?", k.Stakeholder, k.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return crmflow.Errorf(crmflow.ECONFLICT, "key %s is already registered for %s", k.ID, k.Stakeholder).About("stakeholder", k.Stakeholder)
		}
		at := formatTime(tx.now)
		var retired []string
		rows, err := tx.Query("SELECT key_id FROM stakeholder_keys WHERE stakeholder = ? AND retired_at = ''", k.Stakeholder)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			retired = append(retired, id)
		}
		rows.Close()
		if _, err := tx.Exec("UPDATE stakeholder_keys SET retired_at = ? WHERE stakeholder = ? AND retired_at = ''", at, k.Stakeholder); err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO stakeholder_keys(stakeholder, key_id, public_key, created_at) VALUES (?,?,?,?)",
			k.Stakeholder, k.ID, k.PublicKey, at); err != nil {
			return err
		}
		return tx.Record("stakeholder/"+k.Stakeholder, "key", map[string]any{"retired": retired},
			map[string]any{"key_id": k.ID, "public_key": k.PublicKey})
	})
}

func (s signoffStore) Keys(ctx context.Context, who string) ([]signoff.Key, error) {
	query := "SELECT stakeholder, key_id, public_key, created_at, retired_at FROM stakeholder_keys"
	var args []any
	if who != "" {
		query += " WHERE stakeholder = ?"
		args = append(args, who)
	}
	rows, err := s.db.sql.QueryContext(ctx, query+" ORDER BY created_at, rowid", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []signoff.Key{}
	for rows.Next() {
		var k signoff.Key
		var created, retired string
		if err := rows.Scan(&k.Stakeholder, &k.ID, &k.PublicKey, &created, &retired); err != nil {
			return nil, err
		}
		k.CreatedAt = parseTime(created)
		if retired != "" {
			k.RetiredAt = parseTime(retired)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
