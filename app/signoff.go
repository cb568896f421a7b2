package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/signoff"
)

func assembleSignoff(a *App, db Store, o Options) {
	a.Signoffs = &signoff.Service{Store: db.Signoffs(), Baselines: db.Baselines(), People: db.Stakeholders(), Clock: o.Clock, Actor: o.Actor}
	a.GoLive = newGoLive(db, o)
}

// SignoffInput says which document to request a sign-off for.
type SignoffInput struct {
	Doc      signoff.Doc
	Baseline string // "" for the newest
	Lang     crmflow.Lang
	Format   Format // the SRS: md or html ("" for html)
	// File is a document crmflow does not build (the acceptance report),
	// signed as it is.
	File string
}

// RequestSignoff builds the document on a baseline, the way the document
// use cases build it, and records the sign-off request (SO-001) with the
// document's SHA-256 and the baseline's hash.
func (a *App) RequestSignoff(ctx context.Context, in SignoffInput) (signoff.Request, error) {
	if in.Baseline == "" {
		all, err := a.db.Baselines().Baselines(ctx)
		if err != nil {
			return signoff.Request{}, err
		}
		if len(all) == 0 {
			return signoff.Request{}, crmflow.Errorf(crmflow.EINVALID, "there is no baseline to sign off yet: freeze the confirmed requirements first").
				In("signoff.request").With("missing", "baseline")
		}
		in.Baseline = all[len(all)-1].Name
	}
	if _, err := a.db.Baselines().Baseline(ctx, in.Baseline); err != nil {
		return signoff.Request{}, err
	}
	doc, err := a.signoffDocument(ctx, in)
	if err != nil {
		return signoff.Request{}, err
	}
	return a.Signoffs.Request(ctx, signoff.NewRequest{Doc: in.Doc, Baseline: in.Baseline, Lang: in.Lang, FileName: doc.Name, Document: doc.Data})
}

// signoffDocument is the document a sign-off is requested for.
func (a *App) signoffDocument(ctx context.Context, in SignoffInput) (Document, error) {
	if in.File != "" {
		b, err := os.ReadFile(in.File)
		if err != nil {
			return Document{}, fileError(in.File, err)
		}
		return Document{Name: filepath.Base(in.File), Data: b}, nil
	}
	switch in.Doc {
	case signoff.DocSRS:
		fm := in.Format
		if fm == "" {
			fm = report.FormatHTML
		}
		return a.SRS(ctx, in.Lang, fm, in.Baseline)
	case signoff.DocGoLive:
		return a.GoLiveChecklist(ctx, in.Lang)
	}
	return Document{}, crmflow.Errorf(crmflow.EINVALID, "the %s is not built here: give the file to sign off", in.Doc.Name(in.Lang)).
		In("signoff.request").With("missing", "file")
}

// SignSignoff signs a request as signer, with the minisign secret key in
// keyFile ("" to sign without a key, allowed only for signers with none).
func (a *App) SignSignoff(ctx context.Context, ref, signer string, meaning signoff.Meaning, keyFile string) (signoff.Request, signoff.Signature, error) {
	in := signoff.SignInput{Signer: signer, Meaning: meaning}
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return signoff.Request{}, signoff.Signature{}, fileError(keyFile, err)
		}
		// A password-protected key (minisign -G) is opened with CRMFLOW_KEY_PASSWORD.
		k, err := signoff.ParseSecretKey(b, os.Getenv("CRMFLOW_KEY_PASSWORD"))
		if err != nil {
			return signoff.Request{}, signoff.Signature{}, crmflow.Errorf(crmflow.EINVALID, "%s: %v", keyFile, err)
		}
		in.Key = &k
	}
	return a.Signoffs.Sign(ctx, ref, in)
}

// VerifySignoff verifies a sign-off against the kept document, or against
// the file at path when it is not "".
func (a *App) VerifySignoff(ctx context.Context, ref, path string) (signoff.Report, error) {
	var f *signoff.File
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return signoff.Report{}, fileError(path, err)
		}
		f = &signoff.File{Name: path, Bytes: b}
	}
	return a.Signoffs.Verify(ctx, ref, f)
}

// KeyFiles are the files keys gen wrote.
type KeyFiles struct {
	Key    signoff.Key
	Public string
	Secret string
}

// GenerateKey makes an ed25519 key pair for a stakeholder who may sign off,
// writes it to dir in minisign's formats (NAME.pub, and NAME.key with mode
// 0600, never overwriting one) and registers the public key on them.
func (a *App) GenerateKey(ctx context.Context, who, dir string, force bool) (KeyFiles, error) {
	s, err := a.Stakeholders.Find(ctx, who)
	if err != nil {
		return KeyFiles{}, err
	}
	kp, err := signoff.GenerateKey(nil)
	if err != nil {
		return KeyFiles{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return KeyFiles{}, fileError(dir, err)
	}
	base := safeFileName(s.Name)
	out := KeyFiles{Public: filepath.Join(dir, base+".pub"), Secret: filepath.Join(dir, base+".key")}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	if _, err := os.Stat(out.Secret); err == nil && !force {
		return KeyFiles{}, crmflow.Errorf(crmflow.ECONFLICT, "%s already exists; a new key would replace %s's key", out.Secret, s.Name).
			In("keys.gen").About("stakeholder", s.Name).With("file", out.Secret)
	}
	// Register first: a stakeholder who may not sign gets no files.
	k, err := a.Signoffs.RegisterKey(ctx, s.Name, kp.Line)
	if err != nil {
		return KeyFiles{}, err
	}
	out.Key = k
	f, err := os.OpenFile(out.Secret, flags, 0o600)
	if err != nil {
		return out, fileError(out.Secret, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return out, fileError(out.Secret, err)
	}
	if _, err := f.Write(kp.Secret); err != nil {
		f.Close()
		return out, fileError(out.Secret, err)
	}
	if err := f.Close(); err != nil {
		return out, fileError(out.Secret, err)
	}
	if err := os.WriteFile(out.Public, kp.Public, 0o644); err != nil {
		return out, fileError(out.Public, err)
	}
	return out, nil
}

// AddPublicKey registers a signer's own minisign public key (from a
// .pub file), for signers who made their key pair with minisign -G.
func (a *App) AddPublicKey(ctx context.Context, who, pubFile string) (signoff.Key, error) {
	b, err := os.ReadFile(pubFile)
	if err != nil {
		return signoff.Key{}, fileError(pubFile, err)
	}
	return a.Signoffs.RegisterKey(ctx, who, string(b))
}

// Keys lists registered keys ("" for everyone's).
func (a *App) Keys(ctx context.Context, who string) ([]signoff.Key, error) {
	return a.Signoffs.Store.Keys(ctx, who)
}

// ExportSignoff writes into dir what a third party needs to check a
// sign-off without crmflow: the signed document, each signature's .minisig
// over it, each signature statement with its .minisig, each signer's public
// key, and VERIFY.txt with the minisign command lines. It returns the files.
func (a *App) ExportSignoff(ctx context.Context, ref, dir string) ([]string, error) {
	r, err := a.Signoffs.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	doc, _, err := a.Signoffs.Store.Document(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fileError(dir, err)
	}
	var written []string
	write := func(name string, b []byte) error {
		p := filepath.Join(dir, safeFileName(name))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return fileError(p, err)
		}
		written = append(written, p)
		return nil
	}
	if err := write(r.FileName, doc); err != nil {
		return nil, err
	}
	var howto strings.Builder
	fmt.Fprintf(&howto, "%s: %s, baseline %s\ndocument %s SHA-256 %s\nbaseline SHA-256 %s\n", r.ID, r.Title, r.Baseline, r.FileName, r.DocSHA256, r.BaselineHash)
	for _, s := range r.Signatures {
		fmt.Fprintf(&howto, "\n%d. %s (%s, %s) %s at %s\n", s.Seq, s.Signer, s.Role, s.Org, s.Meaning.Name(r.Lang), s.SignedAt.Format("2006-01-02T15:04:05Z07:00"))
		if !s.Keyed() {
			howto.WriteString("   signed without a key: the record above is the signature\n")
			continue
		}
		pub := s.KeyID + ".pub"
		sig := signoff.SignatureFileName(r, s)
		st := signoff.StatementFileName(r, s)
		for _, f := range []struct {
			name string
			b    []byte
		}{{pub, signoff.PublicKeyFile(s.PublicKey, s.KeyID)}, {sig, []byte(s.DocSig)}, {st, signoff.Statement(r, s)}, {st + ".minisig", []byte(s.StatementSig)}} {
			if err := write(f.name, f.b); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(&howto, "   minisign -V -p %s -m %s -x %s\n   minisign -V -p %s -m %s\n", pub, r.FileName, sig, pub, st)
	}
	if err := write("VERIFY.txt", []byte(howto.String())); err != nil {
		return nil, err
	}
	return written, nil
}

// Signatories is the SRS's 签字页 for the document built on baselineName
// ("" for the working draft): everyone who may sign off, with their
// signatures in the document's language.
func (a *App) Signatories(ctx context.Context, baselineName string, lang crmflow.Lang) ([]report.Signatory, error) {
	return signatories(ctx, a.Signoffs, baselineName, lang)
}

func signatories(ctx context.Context, svc *signoff.Service, baselineName string, lang crmflow.Lang) ([]report.Signatory, error) {
	ss, err := svc.Signatories(ctx, signoff.DocSRS, baselineName)
	if err != nil {
		return nil, err
	}
	out := make([]report.Signatory, 0, len(ss))
	for _, s := range ss {
		row := report.Signatory{Name: s.Name, Role: s.Role, Org: s.Org}
		if n := len(s.Signatures); n > 0 {
			g := s.Signatures[n-1]
			row.Signed, row.Meaning, row.At, row.Request, row.KeyID = true, g.Meaning.Name(lang), g.SignedAt, s.Request, g.KeyID
			row.Baseline, row.BaselineHash, row.DocSHA256 = g.Baseline, g.BaselineHash, g.DocSHA256
		}
		out = append(out, row)
	}
	return out, nil
}

// safeFileName keeps a name inside the folder it is written to.
func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 || r < ' ' {
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	return s
}

func fileError(p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &crmflow.Error{Code: crmflow.ENOTFOUND, Message: fmt.Sprintf("%s does not exist", p), Err: err}
	}
	return &crmflow.Error{Code: crmflow.EINVALID, Message: fmt.Sprintf("cannot use %s: %v", p, err), Err: err}
}
