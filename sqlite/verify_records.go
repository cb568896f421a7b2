package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/golive"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/signoff"
)

// laterChecks are the record checks for the plan, acceptance, sign-off and
// go-live capabilities; recordChecks appends them.
func laterChecks() []recordCheck {
	return []recordCheck{
		snapshot(func(e string) bool { return e == "plan" }, "plan setting", loadPlanPart(func(p *milestones.Plan) map[string]any {
			if !p.Initialized() {
				return nil
			}
			return map[string]any{"plan": p.Settings}
		})),
		snapshot(crmflow.KindMilestone.Is, "milestone", loadPlanPart(func(p *milestones.Plan) map[string]any {
			out := map[string]any{}
			for _, m := range p.Milestones {
				out[m.ID] = m
			}
			return out
		})),
		snapshot(crmflow.KindRisk.Is, "risk", loadPlanPart(func(p *milestones.Plan) map[string]any {
			out := map[string]any{}
			for _, r := range p.Risks {
				out[r.ID] = r
			}
			return out
		})),
		snapshot(prefixed("calendar:"), "calendar override", loadPlanPart(func(p *milestones.Plan) map[string]any {
			out := map[string]any{}
			for _, o := range p.Overrides {
				out["calendar:"+dateText(o.Date)] = o
			}
			return out
		})),
		snapshot(prefixed("plan-baseline:"), "plan baseline", loadPlanPart(func(p *milestones.Plan) map[string]any {
			out := map[string]any{}
			for _, b := range p.Baselines {
				out["plan-baseline:"+b.Name] = b
			}
			return out
		})),
		snapshot(crmflow.KindTestCase.Is, "test case", loadTestCases),
		listed(crmflow.KindUAT.Is, "UAT round", func(db *DB) func(context.Context) ([]acceptance.Round, error) { return db.Acceptance().Rounds },
			func(r acceptance.Round) (string, any) { return r.ID, r }),
		snapshot(isResultEntity, "UAT result", loadResults),
		snapshot(crmflow.KindDefect.Is, "defect", loadDefects),
		snapshot(crmflow.KindSignoff.Is, "sign-off", loadSignoffs, "sign"),
		{noun: "signature", newFold: newSignatureFold, load: loadSignatures},
		listed(prefixed("golive/"), "go-live item", func(db *DB) func(context.Context) ([]golive.State, error) { return db.GoLive().States },
			func(st golive.State) (string, any) { return "golive/" + st.Key, st }),
	}
}

// loadPlanPart loads the plan once and keys one part of it by audit entity.
func loadPlanPart(part func(*milestones.Plan) map[string]any) func(context.Context, *DB) (map[string][]byte, error) {
	return func(ctx context.Context, db *DB) (map[string][]byte, error) {
		p, err := db.Milestones().Plan(ctx)
		if err != nil {
			return nil, err
		}
		out := map[string][]byte{}
		for k, v := range part(p) {
			out[k] = mustMarshal(v)
		}
		return out, nil
	}
}

func isResultEntity(e string) bool {
	round, c, ok := strings.Cut(e, "/")
	return ok && crmflow.KindUAT.Is(round) && crmflow.KindTestCase.Is(c)
}

// bodyRows reads a table's JSON bodies with the columns that lists and
// summaries read laid over them, so an edit of either shows.
func bodyRows[T any](ctx context.Context, db *DB, query string, key func(*T) string, lay func(*T, []string)) (map[string][]byte, error) {
	rows, err := db.sql.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal([]byte(vals[0]), &v); err != nil {
			return nil, fmt.Errorf("%s: %w", strings.Join(vals[1:], " "), err)
		}
		lay(&v, vals[1:])
		out[key(&v)] = mustMarshal(v)
	}
	return out, rows.Err()
}

func loadTestCases(ctx context.Context, db *DB) (map[string][]byte, error) {
	return bodyRows(ctx, db, "SELECT body, id, req_id, title FROM test_cases",
		func(c *acceptance.TestCase) string { return c.ID },
		func(c *acceptance.TestCase, col []string) { c.ID, c.Req, c.Title = col[0], col[1], col[2] })
}

func loadResults(ctx context.Context, db *DB) (map[string][]byte, error) {
	return bodyRows(ctx, db, "SELECT body, round, case_id, result FROM uat_results",
		func(x *acceptance.Execution) string { return x.Round + "/" + x.Case },
		func(x *acceptance.Execution, col []string) {
			x.Round, x.Case, x.Result = col[0], col[1], acceptance.Result(col[2])
		})
}

func loadDefects(ctx context.Context, db *DB) (map[string][]byte, error) {
	return bodyRows(ctx, db, "SELECT body, id, case_id, severity, state FROM defects",
		func(d *acceptance.Defect) string { return d.ID },
		func(d *acceptance.Defect, col []string) {
			d.ID, d.Case, d.Severity, d.State = col[0], col[1], acceptance.Severity(col[2]), acceptance.DefectState(col[3])
		})
}

// loadSignoffs reads each request as the log records it, with the SHA-256
// and size of the document bytes actually stored: an edit of the document,
// its hash or its size shows as a difference.
func loadSignoffs(ctx context.Context, db *DB) (map[string][]byte, error) {
	rs, err := db.Signoffs().Requests(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, r := range rs {
		var doc []byte
		if err := db.sql.QueryRowContext(ctx, "SELECT document FROM signoff_requests WHERE id = ?", r.ID).Scan(&doc); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(doc)
		r.DocSHA256, r.Size = hex.EncodeToString(sum[:]), len(doc)
		out[r.ID] = mustMarshal(auditSignoff(r))
	}
	return out, nil
}

// ---- signatures: each "sign" event adds one to its request.

type signatureFold struct{ exp map[string]expectedState }

func newSignatureFold() folder { return &signatureFold{map[string]expectedState{}} }

func signatureKey(req string, seq int) string { return fmt.Sprintf("%s#%d", req, seq) }

func (f *signatureFold) fold(e *crmflow.AuditEvent) {
	if e.Action != "sign" || !crmflow.KindSignoff.Is(e.Entity) {
		return
	}
	var g signoff.Signature
	if json.Unmarshal(e.After, &g) != nil {
		return
	}
	f.exp[signatureKey(e.Entity, g.Seq)] = expectedState{state: e.After, seq: e.Seq}
}

func (f *signatureFold) expected() map[string]expectedState { return f.exp }

func loadSignatures(ctx context.Context, db *DB) (map[string][]byte, error) {
	all, err := signatures(ctx, db.sql, "")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for req, gs := range all {
		for _, g := range gs {
			out[signatureKey(req, g.Seq)] = mustMarshal(g)
		}
	}
	return out, nil
}
