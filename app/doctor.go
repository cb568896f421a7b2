package app

import (
	"context"
	"fmt"

	"github.com/crmflow/crmflow"
)

// DoctorCheck is one check of a workspace. Name is stable (schema,
// integrity, audit, suspects, references): front ends key their advice on it.
type DoctorCheck struct {
	Name     string   `json:"name"`
	OK       bool     `json:"ok"`
	Warn     bool     `json:"warn,omitempty"` // something to look at, not a fault
	Summary  string   `json:"summary"`
	Problems []string `json:"problems"`
}

// DoctorReport is the result of Doctor; OK when no check found a fault.
type DoctorReport struct {
	Path   string        `json:"path"`
	OK     bool          `json:"ok"`
	Checks []DoctorCheck `json:"checks"`
}

// Doctor checks the workspace: schema version, SQLite's integrity check, the
// audit chain with its anchors and every record and baseline against it,
// suspect trace links and references that point at nothing.
func (a *App) Doctor(ctx context.Context) (DoctorReport, error) {
	rep := DoctorReport{Path: a.db.Path(), OK: true}
	add := func(c DoctorCheck) {
		if c.Problems == nil {
			c.Problems = []string{}
		}
		c.OK = c.Warn || len(c.Problems) == 0
		rep.OK = rep.OK && c.OK
		rep.Checks = append(rep.Checks, c)
	}
	h, err := a.db.Health(ctx)
	if err != nil {
		return rep, err
	}
	schema := DoctorCheck{Name: "schema", Summary: fmt.Sprintf("schema version %d (this crmflow knows up to %d)", h.SchemaVersion, h.Known)}
	if h.SchemaVersion != h.Known {
		schema.Problems = append(schema.Problems, fmt.Sprintf("the database is at schema version %d, not %d", h.SchemaVersion, h.Known))
	}
	add(schema)
	integrity := DoctorCheck{Name: "integrity", Summary: "SQLite integrity check"}
	if len(h.Integrity) != 1 || h.Integrity[0] != "ok" {
		integrity.Problems = h.Integrity
	}
	add(integrity)

	// A damaged file can fail the checks below: each then says it could not
	// finish, and the report still names every fault the others found.
	unread := func(c *DoctorCheck, err error) bool {
		if err == nil {
			return false
		}
		se := a.db.StorageError(err)
		if crmflow.ErrorCode(se) == crmflow.EINTERNAL && len(integrity.Problems) == 0 {
			return true
		}
		c.Problems = append(c.Problems, "could not be checked: "+se.Error())
		return false
	}
	ar, err := a.db.VerifyAudit(ctx)
	audit := DoctorCheck{Name: "audit", Summary: fmt.Sprintf("audit log: %d events, its anchors, every record and baseline hash against it", ar.Events)}
	if unread(&audit, err) {
		return rep, err
	}
	for _, p := range ar.Problems {
		audit.Problems = append(audit.Problems, p.Kind+": "+p.Detail)
	}
	add(audit)

	sus, err := a.db.Changes().Suspects(ctx)
	suspects := DoctorCheck{Name: "suspects", Warn: len(sus) > 0, Summary: fmt.Sprintf("%d suspect trace links", len(sus))}
	if unread(&suspects, err) {
		return rep, err
	}
	if err != nil {
		suspects.Warn = false
	}
	for _, s := range sus {
		suspects.Problems = append(suspects.Problems, fmt.Sprintf("%s ↔ %s (%s, since %s)", s.Req, s.Item, s.CR, s.Since.Format(crmflow.TimeFormat)))
	}
	add(suspects)
	add(DoctorCheck{Name: "references", Summary: "references to records that exist", Problems: h.Dangling})
	return rep, nil
}
