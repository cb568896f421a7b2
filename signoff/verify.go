package signoff

import (
	"context"
	"fmt"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/stakeholder"
)

// Problem codes: what a verification found changed.
const (
	ProblemDocument     = "document-changed"  // the document's bytes are not the ones signed
	ProblemBaseline     = "baseline-changed"  // the baseline's requirements are not the ones signed
	ProblemSignature    = "signature-invalid" // an ed25519 signature does not verify
	ProblemKeyReplaced  = "key-replaced"      // the key that signed is not the signer's registered key
	ProblemNoAuthority  = "no-authority"      // the signer does not hold signoff authority
	ProblemRecord       = "record-changed"    // the stored sign-off record disagrees with itself
	ProblemNotSigned    = "not-signed"        // nobody has signed yet
	ProblemBaselineGone = "baseline-missing"  // the baseline no longer exists
)

// Problem is one thing that differs from what was signed.
type Problem struct {
	Code         string   `json:"code"`
	Signer       string   `json:"signer,omitempty"`
	Message      string   `json:"message"`
	Requirements []string `json:"requirements,omitempty"` // for baseline changes: the IDs concerned
}

// Report is the result of verifying a sign-off.
type Report struct {
	ID           string           `json:"id"`
	OK           bool             `json:"ok"`
	Doc          Doc              `json:"doc"`
	File         string           `json:"file"` // the file checked, or the kept copy's name
	DocSHA256    string           `json:"doc_sha256"`
	Baseline     string           `json:"baseline"`
	BaselineHash string           `json:"baseline_hash"`
	Signatures   []SignatureCheck `json:"signatures"`
	Problems     []Problem        `json:"problems"`
	Diff         *baseline.Diff   `json:"baseline_diff,omitempty"`
	Notes        []string         `json:"notes"`
}

// SignatureCheck is one signature's result.
type SignatureCheck struct {
	Seq      int    `json:"seq"`
	Signer   string `json:"signer"`
	Role     string `json:"role"`
	Meaning  string `json:"meaning"`
	SignedAt string `json:"signed_at"`
	KeyID    string `json:"key_id"`
	OK       bool   `json:"ok"`
}

// File is a copy of the document to check instead of the kept one.
type File struct {
	Name  string
	Bytes []byte
}

// Verify checks a sign-off: the document (the kept copy, or file), the
// baseline's requirements, every signature against the document and the
// statement, each signer's registered key and their signoff authority.
func (svc *Service) Verify(ctx context.Context, ref string, file *File) (Report, error) {
	r, err := svc.Resolve(ctx, ref)
	if err != nil {
		return Report{}, err
	}
	doc, snap, err := svc.Store.Document(ctx, r.ID)
	if err != nil {
		return Report{}, err
	}
	rep := Report{ID: r.ID, Doc: r.Doc, File: r.FileName, DocSHA256: r.DocSHA256, Baseline: r.Baseline, BaselineHash: r.BaselineHash,
		Signatures: []SignatureCheck{}, Problems: []Problem{}, Notes: []string{}}
	signed := svc.checkDocument(&rep, r, doc, file)
	if err := svc.checkBaseline(ctx, &rep, r, snap); err != nil {
		return rep, err
	}
	people, err := svc.People.Stakeholders(ctx)
	if err != nil {
		return rep, err
	}
	keys, err := svc.Store.Keys(ctx, "")
	if err != nil {
		return rep, err
	}
	if len(r.Signatures) == 0 {
		rep.Problems = append(rep.Problems, Problem{Code: ProblemNotSigned, Message: fmt.Sprintf("%s has no signatures yet", r.ID)})
	}
	for _, s := range r.Signatures {
		n := len(rep.Problems)
		svc.checkSignature(&rep, r, s, signed, people, keys)
		rep.Signatures = append(rep.Signatures, SignatureCheck{Seq: s.Seq, Signer: s.Signer, Role: s.Role, Meaning: s.Meaning.Name(r.Lang),
			SignedAt: s.SignedAt.Format("2006-01-02T15:04:05Z07:00"), KeyID: s.KeyID, OK: len(rep.Problems) == n})
	}
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

// checkDocument compares the document's bytes with the SHA-256 recorded at
// request time and returns the bytes signatures are checked against.
func (svc *Service) checkDocument(rep *Report, r Request, kept []byte, file *File) []byte {
	if got := SHA256(kept); got != r.DocSHA256 {
		rep.Problems = append(rep.Problems, Problem{Code: ProblemDocument,
			Message: fmt.Sprintf("the document bytes changed: the copy of %s kept with %s has SHA-256 %s, not the signed %s", r.FileName, r.ID, got, r.DocSHA256)})
	}
	if file == nil {
		return kept
	}
	rep.File = file.Name
	if got := SHA256(file.Bytes); got != r.DocSHA256 {
		rep.Problems = append(rep.Problems, Problem{Code: ProblemDocument,
			Message: fmt.Sprintf("the document bytes changed: %s has SHA-256 %s, not the signed %s (%s)", file.Name, got, r.DocSHA256, r.FileName)})
	}
	return file.Bytes
}

// checkBaseline compares the baseline's requirements now with the snapshot
// taken at request time, itself checked against the recorded hash.
func (svc *Service) checkBaseline(ctx context.Context, rep *Report, r Request, snap []byte) error {
	name, before, err := splitSnapshot(snap)
	if err != nil || name != r.Baseline || baseline.Hash(name, before) != r.BaselineHash {
		rep.Problems = append(rep.Problems, Problem{Code: ProblemRecord,
			Message: fmt.Sprintf("the copy of baseline %s kept with %s no longer has the recorded SHA-256 %s", r.Baseline, r.ID, r.BaselineHash)})
		before = nil
	}
	b, err := svc.Baselines.Baseline(ctx, r.Baseline)
	if crmflow.ErrorCode(err) == crmflow.ENOTFOUND {
		rep.Problems = append(rep.Problems, Problem{Code: ProblemBaselineGone, Message: fmt.Sprintf("baseline %s no longer exists", r.Baseline)})
		return nil
	}
	if err != nil {
		return err
	}
	now, err := svc.Baselines.Items(ctx, r.Baseline)
	if err != nil {
		return err
	}
	computed := baseline.Hash(r.Baseline, now)
	if computed == r.BaselineHash && b.Hash == r.BaselineHash {
		return nil
	}
	p := Problem{Code: ProblemBaseline}
	switch {
	case computed != r.BaselineHash:
		p.Message = fmt.Sprintf("baseline %s changed: its requirements now hash to %s, not the signed %s", r.Baseline, computed, r.BaselineHash)
	default:
		p.Message = fmt.Sprintf("baseline %s changed: its recorded hash is now %s, not the signed %s", r.Baseline, b.Hash, r.BaselineHash)
	}
	if before != nil {
		d, err := baseline.Compare(r.Baseline, r.Baseline, before, now)
		if err == nil && !d.Empty() {
			rep.Diff = &d
			var parts []string
			for _, c := range d.Changed {
				fields := make([]string, len(c.Fields))
				for i, f := range c.Fields {
					fields[i] = f.Field
				}
				parts = append(parts, fmt.Sprintf("%s changed (%s)", c.ID, strings.Join(fields, ", ")))
				p.Requirements = append(p.Requirements, c.ID)
			}
			for _, it := range d.Added {
				parts = append(parts, it.ID+" added")
				p.Requirements = append(p.Requirements, it.ID)
			}
			for _, it := range d.Removed {
				parts = append(parts, it.ID+" removed")
				p.Requirements = append(p.Requirements, it.ID)
			}
			p.Message += ": " + strings.Join(parts, "; ")
		}
	}
	rep.Problems = append(rep.Problems, p)
	return nil
}

func (svc *Service) checkSignature(rep *Report, r Request, s Signature, doc []byte, people []stakeholder.Stakeholder, keys []Key) {
	add := func(code, format string, args ...any) {
		rep.Problems = append(rep.Problems, Problem{Code: code, Signer: s.Signer, Message: fmt.Sprintf(format, args...)})
	}
	if s.DocSHA256 != r.DocSHA256 || s.BaselineHash != r.BaselineHash || s.Baseline != r.Baseline {
		add(ProblemRecord, "%s's signature records document SHA-256 %s on baseline %s (%s), but %s is for %s on %s (%s)",
			s.Signer, s.DocSHA256, s.Baseline, s.BaselineHash, r.ID, r.DocSHA256, r.Baseline, r.BaselineHash)
	}
	if who, err := stakeholder.Lookup(people, s.Signer); err != nil || who.Name != s.Signer {
		add(ProblemNoAuthority, "%s, who signed, is not a stakeholder of this project", s.Signer)
	} else if !who.Has(stakeholder.Signoff) {
		add(ProblemNoAuthority, "%s (%s) lacks signoff authority: %s", who.Name, who.Role, stakeholder.CanText(who.Can))
	}
	var mine []Key
	for _, k := range keys {
		if k.Stakeholder == s.Signer {
			mine = append(mine, k)
		}
	}
	if !s.Keyed() {
		for _, k := range mine {
			if k.ValidAt(s.SignedAt) {
				add(ProblemKeyReplaced, "%s's signature carries no key, but %s had key %s when it was made", s.Signer, s.Signer, k.ID)
			}
		}
		return
	}
	var atSigning *Key
	for i := range mine {
		if mine[i].ValidAt(s.SignedAt) {
			atSigning = &mine[i]
		}
	}
	switch {
	case atSigning == nil:
		add(ProblemKeyReplaced, "the signer's key was replaced: %s signed with key %s, which was never registered for them", s.Signer, s.KeyID)
	case atSigning.ID != s.KeyID:
		add(ProblemKeyReplaced, "the signer's key was replaced: %s signed with key %s, but their registered key at %s is %s",
			s.Signer, s.KeyID, s.SignedAt.Format("2006-01-02 15:04"), atSigning.ID)
	case atSigning.PublicKey != s.PublicKey:
		add(ProblemKeyReplaced, "the signer's key was replaced: the public key registered for %s as %s is not the one that signed", s.Signer, s.KeyID)
	default:
		for _, k := range mine {
			if k.Current() && k.ID != s.KeyID {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s has a newer key %s since %s; the signature was made with %s, their key at the time",
					s.Signer, k.ID, k.CreatedAt.Format("2006-01-02"), s.KeyID))
			}
		}
	}
	tc := TrustedComment(r, s)
	if got, ok := VerifySignature(s.PublicKey, doc, []byte(s.DocSig)); !ok {
		add(ProblemSignature, "%s's signature does not verify against the document with key %s", s.Signer, s.KeyID)
	} else if got != tc {
		add(ProblemRecord, "%s's signed facts differ from the record: signed %q, recorded %q", s.Signer, got, tc)
	}
	if _, ok := VerifySignature(s.PublicKey, Statement(r, s), []byte(s.StatementSig)); !ok {
		add(ProblemSignature, "%s's signature does not verify against the signature statement (signer, role, meaning, time, hashes) with key %s", s.Signer, s.KeyID)
	}
}
