package signoff

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/stakeholder"
)

// Service runs sign-offs.
type Service struct {
	Store     Store
	Baselines Baselines
	People    People
	Clock     crmflow.Clock
	Actor     crmflow.Actor
}

// NewRequest is what a sign-off request is made from: the built document
// and the baseline it was built on.
type NewRequest struct {
	Doc      Doc
	Baseline string
	Lang     crmflow.Lang
	FileName string
	Title    string
	Document []byte
}

// Request records a sign-off request: the document's SHA-256 and the
// baseline's hash, with the document and the baseline's items kept as they
// are now. A damaged baseline is refused.
func (svc *Service) Request(ctx context.Context, n NewRequest) (Request, error) {
	if n.Baseline == "" {
		return Request{}, crmflow.Errorf(crmflow.EINVALID, "a sign-off needs the baseline its document was built on").In("signoff.request")
	}
	if len(n.Document) == 0 {
		return Request{}, crmflow.Errorf(crmflow.EINVALID, "the document to sign off is empty").In("signoff.request")
	}
	if strings.ContainsAny(n.FileName, `/\`) || n.FileName == "" || n.FileName == "." || n.FileName == ".." {
		return Request{}, crmflow.Errorf(crmflow.EINVALID, "document file name %q must be a plain file name", n.FileName).In("signoff.request")
	}
	b, err := svc.Baselines.Baseline(ctx, n.Baseline)
	if err != nil {
		return Request{}, err
	}
	items, err := svc.Baselines.Items(ctx, n.Baseline)
	if err != nil {
		return Request{}, err
	}
	if v := baseline.Verify(b, items); !v.OK {
		return Request{}, crmflow.Errorf(crmflow.EINVALID, "baseline %s is damaged, so it cannot be signed off: %s", b.Name, strings.Join(v.Problems, "; ")).
			In("signoff.request").About("baseline", b.Name)
	}
	r := Request{Doc: n.Doc, Title: n.Title, FileName: n.FileName, Lang: n.Lang, Baseline: b.Name, BaselineHash: b.Hash,
		DocSHA256: SHA256(n.Document), Size: len(n.Document), CreatedBy: string(svc.Actor), Signatures: []Signature{}}
	if r.Title == "" {
		r.Title = n.Doc.Name(n.Lang)
	}
	if err := svc.Store.CreateRequest(ctx, &r, n.Document, baseline.Document(b.Name, items)); err != nil {
		return Request{}, err
	}
	return r, nil
}

// Resolve returns a request by ID (SO-001, so-1 or 1).
func (svc *Service) Resolve(ctx context.Context, ref string) (Request, error) {
	id, ok := crmflow.KindSignoff.NormalizeRef(ref)
	if !ok {
		return Request{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a sign-off ID like SO-001", ref).About("sign-off", ref)
	}
	return svc.Store.Request(ctx, id)
}

// SignInput is who signs, meaning what, with which key.
type SignInput struct {
	Signer  string
	Meaning Meaning // "" means the document's default
	Key     *SecretKey
}

// Sign records a signature. The signer must hold signoff authority; when
// they have a registered key, the signature is made with it (and only it).
// The request's document and baseline must still be what was requested.
func (svc *Service) Sign(ctx context.Context, ref string, in SignInput) (Request, Signature, error) {
	r, err := svc.Resolve(ctx, ref)
	if err != nil {
		return r, Signature{}, err
	}
	people, err := svc.People.Stakeholders(ctx)
	if err != nil {
		return r, Signature{}, err
	}
	who, err := stakeholder.Lookup(people, in.Signer)
	if err != nil {
		return r, Signature{}, err
	}
	if !who.Has(stakeholder.Signoff) {
		return r, Signature{}, crmflow.Errorf(crmflow.EDENIED, "%s (%s) may not sign off: %s", who.Name, who.Role, stakeholder.CanText(who.Can)).
			In("signoff.sign").About("stakeholder", who.Name).With("capability", string(stakeholder.Signoff))
	}
	meaning := in.Meaning
	if meaning == "" {
		meaning = r.Doc.DefaultMeaning()
	}
	keys, err := svc.Store.Keys(ctx, who.Name)
	if err != nil {
		return r, Signature{}, err
	}
	var current *Key
	for i := range keys {
		if keys[i].Current() {
			current = &keys[i]
		}
	}
	switch {
	case in.Key != nil && current == nil:
		return r, Signature{}, crmflow.Errorf(crmflow.EINVALID, "%s has no registered public key, so a signature with key %s could not be checked later", who.Name, in.Key.ID()).
			In("signoff.sign").About("stakeholder", who.Name)
	case in.Key != nil && (in.Key.ID() != current.ID || in.Key.PublicLine() != current.PublicKey):
		return r, Signature{}, crmflow.Errorf(crmflow.EDENIED, "the secret key %s is not %s's registered key %s", in.Key.ID(), who.Name, current.ID).
			In("signoff.sign").About("stakeholder", who.Name)
	case in.Key == nil && current != nil:
		return r, Signature{}, crmflow.Errorf(crmflow.EINVALID, "%s has a registered key %s: sign with its secret key", who.Name, current.ID).
			In("signoff.sign").About("stakeholder", who.Name).With("key", current.ID)
	}
	doc, snap, err := svc.Store.Document(ctx, r.ID)
	if err != nil {
		return r, Signature{}, err
	}
	// Refuse to sign what no longer matches its request.
	var pre Report
	pre.Problems = []Problem{}
	svc.checkDocument(&pre, r, doc, nil)
	if err := svc.checkBaseline(ctx, &pre, r, snap); err != nil {
		return r, Signature{}, err
	}
	if len(pre.Problems) > 0 {
		return r, Signature{}, crmflow.Errorf(crmflow.ECONFLICT, "%s cannot be signed: %s", r.ID, pre.Problems[0].Message).In("signoff.sign").About("sign-off", r.ID)
	}
	s := Signature{Signer: who.Name, Role: who.Role, Org: who.Org, Meaning: meaning, SignedAt: svc.Clock.Now().Truncate(time.Second),
		Baseline: r.Baseline, BaselineHash: r.BaselineHash, DocSHA256: r.DocSHA256, RecordedBy: string(svc.Actor)}
	err = svc.Store.AddSignature(ctx, r.ID, &s, func(stored Request) error {
		for _, o := range stored.Signatures {
			if o.Signer == s.Signer && o.Meaning == s.Meaning {
				return crmflow.Errorf(crmflow.ECONFLICT, "%s already signed %s as %s on %s", o.Signer, r.ID, o.Meaning.Name(r.Lang), o.SignedAt.Format("2006-01-02 15:04")).
					In("signoff.sign").About("sign-off", r.ID)
			}
		}
		s.Seq = len(stored.Signatures) + 1
		if in.Key != nil {
			s.KeyID, s.PublicKey = in.Key.ID(), in.Key.PublicLine()
			tc := TrustedComment(stored, s)
			s.DocSig = string(in.Key.Sign(doc, tc, "signature from crmflow sign-off "+stored.ID))
			s.StatementSig = string(in.Key.Sign(Statement(stored, s), tc, "statement signature from crmflow sign-off "+stored.ID))
		}
		return nil
	})
	if err != nil {
		return r, s, err
	}
	r.Signatures = append(r.Signatures, s)
	return r, s, nil
}

// RegisterKey registers a public key for a stakeholder, retiring the one
// they had. Only stakeholders who may sign off get keys.
func (svc *Service) RegisterKey(ctx context.Context, name, publicLine string) (Key, error) {
	people, err := svc.People.Stakeholders(ctx)
	if err != nil {
		return Key{}, err
	}
	who, err := stakeholder.Lookup(people, name)
	if err != nil {
		return Key{}, err
	}
	if !who.Has(stakeholder.Signoff) {
		return Key{}, crmflow.Errorf(crmflow.EDENIED, "%s (%s) may not sign off, so gets no signing key: %s", who.Name, who.Role, stakeholder.CanText(who.Can)).
			In("keys.gen").About("stakeholder", who.Name).With("capability", string(stakeholder.Signoff))
	}
	id, line, err := ParsePublicKey([]byte(publicLine))
	if err != nil {
		return Key{}, err
	}
	k := Key{Stakeholder: who.Name, ID: id, PublicKey: line}
	if err := svc.Store.AddKey(ctx, k); err != nil {
		return Key{}, err
	}
	keys, err := svc.Store.Keys(ctx, who.Name)
	if err != nil {
		return Key{}, err
	}
	for _, x := range keys {
		if x.ID == id && x.Current() {
			return x, nil
		}
	}
	return k, nil
}

// Signatory is a stakeholder who signs a document: on its 签字页 before and
// after signing.
type Signatory struct {
	Name       string
	Role       string
	Org        string
	Signatures []Signature // theirs, on requests for this document and baseline
	Request    string      // the sign-off they signed in, "" if none
}

// Signatories lists the stakeholders who hold signoff authority, in the
// order they were added, with their signatures on document d built on
// baselineName ("" for the working draft: nobody has signed it).
func (svc *Service) Signatories(ctx context.Context, d Doc, baselineName string) ([]Signatory, error) {
	people, err := svc.People.Stakeholders(ctx)
	if err != nil {
		return nil, err
	}
	var reqs []Request
	if baselineName != "" {
		all, err := svc.Store.Requests(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range all {
			if r.Doc == d && r.Baseline == baselineName {
				reqs = append(reqs, r)
			}
		}
	}
	out := []Signatory{}
	for _, p := range people {
		if !p.Has(stakeholder.Signoff) {
			continue
		}
		s := Signatory{Name: p.Name, Role: p.Role, Org: p.Org, Signatures: []Signature{}}
		for _, r := range reqs {
			for _, sig := range r.Signatures {
				if sig.Signer == p.Name {
					s.Signatures = append(s.Signatures, sig)
					s.Request = r.ID
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// splitSnapshot reads the baseline items back out of a canonical baseline
// document (baseline.Document), byte for byte.
func splitSnapshot(doc []byte) (string, [][]byte, error) {
	var d struct {
		Format       string            `json:"format"`
		Name         string            `json:"name"`
		Requirements []json.RawMessage `json:"requirements"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return "", nil, err
	}
	items := make([][]byte, len(d.Requirements))
	for i, r := range d.Requirements {
		items[i] = r
	}
	return d.Name, items, nil
}
