// Package signoff is the sign-off record (签字确认): a stakeholder signs a
// document built on a baseline, and the record binds the signer's printed
// name, role, time and meaning to the baseline's hash and the document's
// SHA-256 (21 CFR Part 11 §11.50, §11.70). With a key, the signature is an
// ed25519 signature in minisign's format over exactly those facts, so anyone
// can check it with the standard minisign tool. It imports no CLI or storage
// code.
package signoff

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/stakeholder"
)

// Doc is a kind of document that is signed off.
type Doc string

// The documents.
const (
	DocSRS        Doc = "srs"        // 需求规格说明书
	DocAcceptance Doc = "acceptance" // 验收报告
	DocGoLive     Doc = "golive"     // 上线批准 (the go-live checklist)
)

// Docs lists every document kind.
var Docs = []Doc{DocSRS, DocAcceptance, DocGoLive}

// ParseDoc reads a document kind.
func ParseDoc(s string) (Doc, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "srs", "需求规格说明书":
		return DocSRS, nil
	case "acceptance", "验收报告":
		return DocAcceptance, nil
	case "golive", "go-live", "上线批准":
		return DocGoLive, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "document %q is not one of srs, acceptance, golive", s).
		With("problem", "choice").With("field", "document").With("value", s).With("choices", "srs, acceptance, golive")
}

// Name is the document's name in lang.
func (d Doc) Name(lang crmflow.Lang) string {
	en := lang == crmflow.LangEN
	switch d {
	case DocSRS:
		return pick(en, "Software requirements specification", "需求规格说明书")
	case DocAcceptance:
		return pick(en, "Acceptance report", "验收报告")
	case DocGoLive:
		return pick(en, "Go-live approval", "上线批准")
	}
	return string(d)
}

// Meaning is what a signature means.
type Meaning string

// The meanings.
const (
	RequirementsConfirmed Meaning = "requirements-confirmed" // 需求确认
	AcceptancePassed      Meaning = "acceptance-passed"      // 验收通过
	GoLiveApproved        Meaning = "go-live-approved"       // 上线批准
)

// Meanings lists every meaning.
var Meanings = []Meaning{RequirementsConfirmed, AcceptancePassed, GoLiveApproved}

// DefaultMeaning is the meaning a signature on d has unless said otherwise.
func (d Doc) DefaultMeaning() Meaning {
	switch d {
	case DocAcceptance:
		return AcceptancePassed
	case DocGoLive:
		return GoLiveApproved
	}
	return RequirementsConfirmed
}

// ParseMeaning reads a meaning in either language.
func ParseMeaning(s string) (Meaning, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, m := range Meanings {
		if t == string(m) || s == m.Name(crmflow.LangZH) || t == strings.ToLower(m.Name(crmflow.LangEN)) {
			return m, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "meaning %q is not one of 需求确认 (requirements-confirmed), 验收通过 (acceptance-passed), 上线批准 (go-live-approved)", s)
}

// Name is the meaning in lang.
func (m Meaning) Name(lang crmflow.Lang) string {
	en := lang == crmflow.LangEN
	switch m {
	case RequirementsConfirmed:
		return pick(en, "Requirements confirmed", "需求确认")
	case AcceptancePassed:
		return pick(en, "Acceptance passed", "验收通过")
	case GoLiveApproved:
		return pick(en, "Go-live approved", "上线批准")
	}
	return string(m)
}

func pick(en bool, e, z string) string {
	if en {
		return e
	}
	return z
}

// Request is one sign-off: a document, built on a baseline, that
// stakeholders sign. The document's bytes and the baseline's items are kept
// as they were when it was requested.
type Request struct {
	ID           string       `json:"id"`
	Doc          Doc          `json:"doc"`
	Title        string       `json:"title"`
	FileName     string       `json:"file_name"`
	Lang         crmflow.Lang `json:"lang"`
	Baseline     string       `json:"baseline"`
	BaselineHash string       `json:"baseline_hash"`
	DocSHA256    string       `json:"doc_sha256"`
	Size         int          `json:"size"`
	CreatedAt    time.Time    `json:"created_at"`
	CreatedBy    string       `json:"created_by"`
	Signatures   []Signature  `json:"signatures"`
}

// Signature is one stakeholder's signature on a request.
type Signature struct {
	Seq          int       `json:"seq"`
	Signer       string    `json:"signer"` // printed name
	Role         string    `json:"role"`
	Org          string    `json:"org"`
	Meaning      Meaning   `json:"meaning"`
	SignedAt     time.Time `json:"signed_at"`
	Baseline     string    `json:"baseline"`
	BaselineHash string    `json:"baseline_hash"`
	DocSHA256    string    `json:"doc_sha256"`
	KeyID        string    `json:"key_id"`     // "" when signed without a key
	PublicKey    string    `json:"public_key"` // the public key's base64 line
	DocSig       string    `json:"doc_sig"`    // .minisig over the document
	StatementSig string    `json:"statement_sig"`
	RecordedBy   string    `json:"recorded_by"`
}

// Keyed reports whether the signature carries an ed25519 signature.
func (s Signature) Keyed() bool { return s.KeyID != "" }

// SHA256 is the hex SHA-256 of b.
func SHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Statement is the signature statement: the facts a signature binds, as
// text, one per line. It is what the statement signature signs; exported as
// a file, `minisign -V` checks it without crmflow.
func Statement(r Request, s Signature) []byte {
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, oneLine(v)) }
	b.WriteString("crmflow sign-off statement 1\n")
	line("sign-off", r.ID)
	line("document", string(r.Doc)+" "+r.FileName)
	line("document-sha256", s.DocSHA256)
	line("baseline", s.Baseline)
	line("baseline-sha256", s.BaselineHash)
	line("signer", s.Signer)
	line("role", s.Role)
	line("org", s.Org)
	line("meaning", string(s.Meaning)+" "+s.Meaning.Name(crmflow.LangZH))
	line("signed-at", s.SignedAt.Format(time.RFC3339))
	line("key-id", s.KeyID)
	return []byte(b.String())
}

// TrustedComment is the one-line trusted comment of both signatures: the
// same facts, so `minisign -V` on the document prints who signed what.
func TrustedComment(r Request, s Signature) string {
	return oneLine(fmt.Sprintf("crmflow %s %s: %s (%s, %s) %s %s; baseline %s sha256:%s; document %s sha256:%s",
		r.ID, s.Meaning, s.Signer, s.Role, s.Org, s.Meaning.Name(crmflow.LangZH), s.SignedAt.Format(time.RFC3339),
		s.Baseline, s.BaselineHash, r.FileName, s.DocSHA256))
}

// StatementFileName is the exported statement's file name for signature s.
func StatementFileName(r Request, s Signature) string {
	return fmt.Sprintf("%s-%d-statement.txt", r.ID, s.Seq)
}

// SignatureFileName is the exported .minisig of the document for signature s.
func SignatureFileName(r Request, s Signature) string {
	return fmt.Sprintf("%s.%d.minisig", r.FileName, s.Seq)
}

// Store keeps sign-off requests, their signatures and signers' keys.
type Store interface {
	// CreateRequest stores r with its document and baseline snapshot (the
	// baseline's canonical document), allocating r.ID.
	CreateRequest(ctx context.Context, r *Request, document, snapshot []byte) error
	// Request returns a request with its signatures.
	Request(ctx context.Context, id string) (Request, error)
	// Requests lists every request, oldest first, with signatures.
	Requests(ctx context.Context) ([]Request, error)
	// Document returns the document bytes and baseline snapshot kept for a request.
	Document(ctx context.Context, id string) (document, snapshot []byte, err error)
	// AddSignature appends s to request id; check runs inside the
	// transaction on the request as stored and may refuse.
	AddSignature(ctx context.Context, id string, s *Signature, check func(Request) error) error
	// AddKey registers k for its stakeholder, retiring the current key.
	AddKey(ctx context.Context, k Key) error
	// Keys lists every key a stakeholder ever had, oldest first ("" = everyone's).
	Keys(ctx context.Context, stakeholder string) ([]Key, error)
}

// Baselines is what sign-off needs of the baseline store.
type Baselines interface {
	Baseline(ctx context.Context, name string) (baseline.Baseline, error)
	Items(ctx context.Context, name string) ([][]byte, error)
}

// People is what sign-off needs of the stakeholder register.
type People interface {
	Stakeholders(ctx context.Context) ([]stakeholder.Stakeholder, error)
}
