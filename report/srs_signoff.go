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
