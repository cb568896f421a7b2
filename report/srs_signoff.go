package report

import (
	"time"
)

// Signatory is a row of the SRS's 签字页 (sign-off page): a stakeholder who
// holds signoff authority, and their signature once they have signed.
type Signatory struct {
	Name    string
	Role    string
	Org     string
	Signed  bool
	Meaning string    // in the document's language: 需求确认
	At      time.Time // when they signed
	Request string    // SO-001
	KeyID   string    // "" when signed without a key
	// The facts the signature binds.
	Baseline     string
	BaselineHash string
	DocSHA256    string
}

// srsSignatory is a Signatory as the template sees it.
type srsSignatory struct {
	Name, Role, Org, Meaning, Date, Time, Request, KeyID string
	Baseline, BaselineHash, DocSHA256                    string
	Signed                                               bool
	FirstSigned                                          bool // the first signed row: the list of hashes starts here
}

func newSRSSignatories(ss []Signatory) []srsSignatory {
	out := make([]srsSignatory, 0, len(ss))
	first := true
	for _, s := range ss {
		row := srsSignatory{Name: s.Name, Role: s.Role, Org: s.Org, Signed: s.Signed}
		if s.Signed {
			row.FirstSigned, first = first, false
			row.Meaning, row.Request, row.KeyID = s.Meaning, s.Request, s.KeyID
			row.Date, row.Time = s.At.Format(dateLayout), s.At.Format(time.RFC3339)
			row.Baseline, row.BaselineHash, row.DocSHA256 = s.Baseline, s.BaselineHash, s.DocSHA256
		}
		out = append(out, row)
	}
	return out
}
