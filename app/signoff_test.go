package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/signoff"
	_ "github.com/crmflow/crmflow/sqlite/backend"
	"github.com/crmflow/crmflow/stakeholder"
)

var signNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// signWorkspace is a workspace with n confirmed requirements frozen as
// v1.0, 王总 who may sign off with a registered key, and 张经理 who may not.
func signWorkspace(t testing.TB, n int) (*app.App, string, app.KeyFiles) {
	t.Helper()
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "crmflow.db")
	a, err := app.Create(ctx, p, crmflow.Project{Name: "快消CRM", Client: "某快消企业", Lang: crmflow.LangZH}, nil,
		app.Options{Clock: crmflow.FixedClock{T: signNow}, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	rs := make([]*requirements.Requirement, n)
	for i := range rs {
		rs[i] = &requirements.Requirement{Title: fmt.Sprintf("需求 %d", i+1), Module: "visit", Kind: requirements.KindFunctional,
			Status: requirements.Confirmed, Value: 3, Difficulty: 3, Urgency: 3, Criteria: []string{fmt.Sprintf("验收标准 %d", i+1)}}
	}
	if err := a.Requirements.Store.CreateRequirements(ctx, rs); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Freeze(ctx, "v1.0", ""); err != nil {
		t.Fatal(err)
	}
	for _, s := range []stakeholder.Stakeholder{
		{Name: "王总", Org: "客户", Role: "销售副总裁", Can: []stakeholder.Capability{stakeholder.Approve, stakeholder.Signoff}},
		{Name: "张经理", Org: "客户", Role: "销售运营经理"},
	} {
		if _, err := a.Stakeholders.Add(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	kf, err := a.GenerateKey(ctx, "王总", filepath.Join(t.TempDir(), "keys"), false)
	if err != nil {
		t.Fatal(err)
	}
	return a, p, kf
}

// srsV10 asks for the sign-off of the SRS built on v1.0, as an HTML page.
var srsV10 = app.SignoffInput{Doc: signoff.DocSRS, Baseline: "v1.0", Lang: crmflow.LangZH, Format: "html"}

// keptDoc is the document kept with SO-001: the SRS as it was signed.
func keptDoc(t testing.TB, a *app.App) []byte {
	t.Helper()
	b, _, err := a.Signoffs.Store.Document(context.Background(), "SO-001")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func requestAndSign(t testing.TB, a *app.App, kf app.KeyFiles) signoff.Request {
	t.Helper()
	ctx := context.Background()
	r, err := a.RequestSignoff(ctx, srsV10)
	if err != nil {
		t.Fatal(err)
	}
	// The document is the SRS as doc build writes it, on v1.0, with its 签字页.
	srs, err := a.SRS(ctx, crmflow.LangZH, "html", "v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "SO-001" || r.FileName != "需求规格说明书.html" || r.DocSHA256 != signoff.SHA256(srs.Data) || r.BaselineHash == "" ||
		!strings.Contains(string(srs.Data), "签字页") || !strings.Contains(string(srs.Data), "王总") {
		t.Fatalf("request %+v", r)
	}
	if _, _, err := a.SignSignoff(ctx, "SO-001", "王总", signoff.RequirementsConfirmed, kf.Secret); err != nil {
		t.Fatal(err)
	}
	return r
}

func sqlExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func problems(rep signoff.Report) string {
	var b strings.Builder
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "%s: %s\n", p.Code, p.Message)
	}
	return b.String()
}

func TestSignoffVerifiesAndKeyFile(t *testing.T) {
	a, _, kf := signWorkspace(t, 3)
	st, err := os.Stat(kf.Secret)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret key %s: %v %v, want mode 0600", kf.Secret, st.Mode(), err)
	}
	requestAndSign(t, a, kf)
	rep, err := a.VerifySignoff(context.Background(), "SO-001", "")
	if err != nil || !rep.OK || len(rep.Signatures) != 1 || !rep.Signatures[0].OK || rep.Signatures[0].KeyID != kf.Key.ID {
		t.Fatalf("verify: %v\n%+v\n%s", err, rep, problems(rep))
	}
}

func TestSignoffRefusals(t *testing.T) {
	a, _, kf := signWorkspace(t, 2)
	ctx := context.Background()
	v9 := srsV10
	v9.Baseline = "v9"
	if _, err := a.RequestSignoff(ctx, v9); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown baseline: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "验收报告.html")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RequestSignoff(ctx, app.SignoffInput{Doc: signoff.DocAcceptance, Baseline: "v1.0", Lang: crmflow.LangZH, File: empty}); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty document: %v", err)
	}
	if _, err := a.RequestSignoff(ctx, app.SignoffInput{Doc: signoff.DocAcceptance, Baseline: "v1.0", Lang: crmflow.LangZH}); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("the acceptance report without its file: %v", err)
	}
	if _, err := a.RequestSignoff(ctx, srsV10); err != nil {
		t.Fatal(err)
	}
	_, _, err := a.SignSignoff(ctx, "SO-001", "张经理", "", "")
	if crmflow.ErrorCode(err) != crmflow.EDENIED || !strings.Contains(err.Error(), "张经理 (销售运营经理) may not sign off") {
		t.Errorf("no authority: %v", err)
	}
	if _, _, err := a.SignSignoff(ctx, "SO-001", "王总", "", ""); err == nil || !strings.Contains(err.Error(), "has a registered key "+kf.Key.ID) {
		t.Errorf("signing without the registered key: %v", err)
	}
	// Another key pair that is not 王总's.
	other, err := signoff.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	otherFile := filepath.Join(t.TempDir(), "other.key")
	if err := os.WriteFile(otherFile, other.Secret, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.SignSignoff(ctx, "SO-001", "王总", "", otherFile); crmflow.ErrorCode(err) != crmflow.EDENIED || !strings.Contains(err.Error(), "is not 王总's registered key") {
		t.Errorf("a key that is not the signer's: %v", err)
	}
	if _, err := a.GenerateKey(ctx, "张经理", t.TempDir(), false); crmflow.ErrorCode(err) != crmflow.EDENIED {
		t.Errorf("a key for someone who may not sign: %v", err)
	}
	if _, _, err := a.SignSignoff(ctx, "SO-001", "王总", "", kf.Secret); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.SignSignoff(ctx, "SO-001", "王总", "", kf.Secret); crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), "already signed") {
		t.Errorf("signing twice: %v", err)
	}
	if _, _, err := a.SignSignoff(ctx, "SO-9", "王总", "", kf.Secret); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown sign-off: %v", err)
	}
}

// Each tamper is caught, with its own message.
func TestSignoffTamper(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(t *testing.T, a *app.App, db string) (file string)
		code   string
		want   string
	}{
		{"document edited", func(t *testing.T, a *app.App, db string) string {
			p := filepath.Join(t.TempDir(), "需求规格说明书.html")
			if err := os.WriteFile(p, append([]byte("<!-- 改 -->"), keptDoc(t, a)...), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, signoff.ProblemDocument, "the document bytes changed: "},
		{"kept document edited", func(t *testing.T, a *app.App, db string) string {
			sqlExec(t, db, `UPDATE signoff_requests SET document = CAST('<html>改</html>' AS BLOB)`)
			return ""
		}, signoff.ProblemDocument, "the copy of 需求规格说明书.html kept with SO-001 has SHA-256"},
		{"baseline edited out of band", func(t *testing.T, a *app.App, db string) string {
			sqlExec(t, db, `DROP TRIGGER baseline_items_immutable`,
				`UPDATE baseline_items SET item = replace(item, '验收标准 2', '验收标准 二') WHERE req_id = 'REQ-002'`)
			return ""
		}, signoff.ProblemBaseline, "baseline v1.0 changed: its requirements now hash to"},
		{"key swapped", func(t *testing.T, a *app.App, db string) string {
			other, err := signoff.GenerateKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			sqlExec(t, db, fmt.Sprintf(`UPDATE stakeholder_keys SET key_id = '%s', public_key = '%s'`, other.ID, other.Line))
			return ""
		}, signoff.ProblemKeyReplaced, "the signer's key was replaced: 王总 signed with key"},
		{"signature's facts edited", func(t *testing.T, a *app.App, db string) string {
			sqlExec(t, db, `UPDATE signoff_signatures SET role = '董事长'`)
			return ""
		}, signoff.ProblemSignature, "does not verify against the signature statement"},
		{"authority removed", func(t *testing.T, a *app.App, db string) string {
			sqlExec(t, db, `UPDATE stakeholders SET can = '["approve"]' WHERE name = '王总'`)
			return ""
		}, signoff.ProblemNoAuthority, "王总 (销售副总裁) lacks signoff authority: their capabilities are approve"},
		{"signature bytes replaced", func(t *testing.T, a *app.App, db string) string {
			other, err := signoff.GenerateKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			k, err := signoff.ParseSecretKey(other.Secret, "")
			if err != nil {
				t.Fatal(err)
			}
			sig := strings.ReplaceAll(string(k.Sign([]byte("a forged document"), "forged", "x")), "'", "''")
			sqlExec(t, db, fmt.Sprintf(`UPDATE signoff_signatures SET doc_sig = '%s'`, sig))
			return ""
		}, signoff.ProblemSignature, "王总's signature does not verify against the document"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, db, kf := signWorkspace(t, 3)
			requestAndSign(t, a, kf)
			file := c.tamper(t, a, db)
			rep, err := a.VerifySignoff(context.Background(), "SO-001", file)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK {
				t.Fatalf("tampering went unnoticed: %+v", rep)
			}
			found := false
			for _, p := range rep.Problems {
				if p.Code == c.code && strings.Contains(p.Message, c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s %q among:\n%s", c.code, c.want, problems(rep))
			}
			if c.code == signoff.ProblemBaseline {
				p := rep.Problems[0]
				if len(p.Requirements) != 1 || p.Requirements[0] != "REQ-002" || !strings.Contains(p.Message, "REQ-002 changed (criteria)") {
					t.Errorf("the changed requirement is not named: %+v", p)
				}
				if rep.Diff == nil || len(rep.Diff.Changed) != 1 {
					t.Errorf("no diff: %+v", rep.Diff)
				}
				// A damaged baseline cannot be signed any more.
				if _, _, err := a.SignSignoff(context.Background(), "SO-001", "王总", signoff.AcceptancePassed, kf.Secret); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
					t.Errorf("signing a request whose baseline changed: %v", err)
				}
			}
		})
	}
}

// A key rotated after signing leaves the signature valid, with a note.
func TestSignoffKeyRotation(t *testing.T) {
	a, p, kf := signWorkspace(t, 2)
	requestAndSign(t, a, kf)
	a.Close()
	later := signNow.Add(24 * time.Hour)
	b, err := app.Open(context.Background(), p, app.Options{Clock: crmflow.FixedClock{T: later}, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	nk, err := b.GenerateKey(context.Background(), "王总", t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := b.VerifySignoff(context.Background(), "SO-001", "")
	if err != nil || !rep.OK {
		t.Fatalf("a rotated key invalidated an earlier signature: %v\n%s", err, problems(rep))
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "newer key "+nk.Key.ID) {
		t.Errorf("notes %v", rep.Notes)
	}
}

// The exported signatures verify with the real minisign tool, with no crmflow.
func TestSignoffExportMinisign(t *testing.T) {
	bin := findMinisign(t)
	a, _, kf := signWorkspace(t, 3)
	requestAndSign(t, a, kf)
	dir := t.TempDir()
	files, err := a.ExportSignoff(context.Background(), "SO-001", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("exported %v", files)
	}
	pub := kf.Key.ID + ".pub"
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("-V", "-p", pub, "-m", "需求规格说明书.html", "-x", "需求规格说明书.html.1.minisig")
	if err != nil || !strings.Contains(out, "Trusted comment: crmflow SO-001 requirements-confirmed: 王总 (销售副总裁, 客户) 需求确认") {
		t.Fatalf("minisign -V on the document: %v\n%s", err, out)
	}
	if !strings.Contains(out, "sha256:"+signoff.SHA256(keptDoc(t, a))) {
		t.Errorf("the trusted comment lacks the document's SHA-256:\n%s", out)
	}
	if out, err := run("-V", "-p", pub, "-m", "SO-001-1-statement.txt"); err != nil {
		t.Fatalf("minisign -V on the statement: %v\n%s", err, out)
	}
	// The secret key file is one minisign itself reads (unencrypted, -W).
	msg := filepath.Join(dir, "msg.txt")
	if err := os.WriteFile(msg, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run("-S", "-s", kf.Secret, "-m", "msg.txt"); err != nil {
		t.Fatalf("minisign -S with the crmflow key: %v\n%s", err, out)
	}
	if out, err := run("-V", "-p", kf.Public, "-m", "msg.txt"); err != nil {
		t.Fatalf("minisign -V with the crmflow public key file: %v\n%s", err, out)
	}
	// A changed document fails minisign too.
	if err := os.WriteFile(filepath.Join(dir, "需求规格说明书.html"), append(keptDoc(t, a), ' '), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run("-V", "-p", pub, "-m", "需求规格说明书.html", "-x", "需求规格说明书.html.1.minisig"); err == nil {
		t.Fatalf("minisign accepted a changed document:\n%s", out)
	}
}

// findMinisign is the real minisign; CI (CRMFLOW_REQUIRE_READERS) fails
// rather than skip without it.
func findMinisign(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("minisign")
	if err == nil {
		return p
	}
	if os.Getenv("CRMFLOW_REQUIRE_READERS") != "" {
		t.Fatal("minisign is not installed, and CRMFLOW_REQUIRE_READERS is set: .ci/run should have installed it (apt: minisign)")
	}
	t.Skip("minisign is not installed (apt: minisign); skipping the real-verifier check")
	return ""
}

func TestSignatoriesForTheSRS(t *testing.T) {
	a, _, kf := signWorkspace(t, 2)
	ctx := context.Background()
	before, err := a.Signatories(ctx, "v1.0", crmflow.LangZH)
	if err != nil || len(before) != 1 || before[0].Name != "王总" || before[0].Signed {
		t.Fatalf("before signing: %+v %v", before, err)
	}
	requestAndSign(t, a, kf)
	after, err := a.Signatories(ctx, "v1.0", crmflow.LangEN)
	if err != nil || len(after) != 1 || !after[0].Signed || after[0].Meaning != "Requirements confirmed" || after[0].KeyID != kf.Key.ID ||
		after[0].DocSHA256 != signoff.SHA256(keptDoc(t, a)) {
		t.Fatalf("after signing: %+v %v", after, err)
	}
	draft, err := a.Signatories(ctx, "", crmflow.LangZH)
	if err != nil || len(draft) != 1 || draft[0].Signed {
		t.Fatalf("the working draft is signed by nobody: %+v %v", draft, err)
	}
}

// BenchmarkSignoffVerify verifies a signed 5,000-requirement baseline (< 500 ms).
func BenchmarkSignoffVerify(b *testing.B) {
	a, _, kf := signWorkspace(b, 5000)
	requestAndSign(b, a, kf)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		rep, err := a.VerifySignoff(ctx, "SO-001", "")
		if err != nil || !rep.OK {
			b.Fatal(err, problems(rep))
		}
	}
}
