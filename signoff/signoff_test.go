package signoff

import (
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/crmflow/crmflow"
)

func TestKeysSignAndVerify(t *testing.T) {
	kp, err := GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	id, line, err := ParsePublicKey(kp.Public)
	if err != nil || id != kp.ID || line != kp.Line || len(id) != 16 {
		t.Fatalf("public key: %s %s %v", id, line, err)
	}
	if !strings.HasPrefix(string(kp.Public), "untrusted comment: minisign public key "+kp.ID+"\n") {
		t.Errorf("public key file %q", kp.Public)
	}
	sk, err := ParseSecretKey(kp.Secret, "")
	if err != nil || sk.ID() != kp.ID || sk.PublicLine() != kp.Line {
		t.Fatalf("secret key: %v", err)
	}
	sig := sk.Sign([]byte("文档"), "trusted 王总", "untrusted")
	if tc, ok := VerifySignature(kp.Line, []byte("文档"), sig); !ok || tc != "trusted 王总" {
		t.Errorf("verify: %q %v", tc, ok)
	}
	if _, ok := VerifySignature(kp.Line, []byte("文档!"), sig); ok {
		t.Error("a changed message verified")
	}
	if _, ok := VerifySignature(kp.Line, []byte("文档"), []byte(strings.Replace(string(sig), "trusted 王总", "trusted 李总", 1))); ok {
		t.Error("a changed trusted comment verified")
	}
	var ms minisign.Signature
	if err := ms.UnmarshalText(sig); err != nil || ms.Algorithm != minisign.HashEdDSA {
		t.Errorf("not a pre-hashed (ED) minisign signature: %v\n%s", err, sig)
	}
	// A password-protected key (minisign -G) is not opened without its password.
	enc := []byte(strings.Replace(string(kp.Secret), "RWQAAEIy", "RWRTY0Iy", 1))
	if _, err := ParseSecretKey(enc, ""); err == nil || !strings.Contains(err.Error(), "password-protected") {
		t.Errorf("no password: %v", err)
	}
	if _, err := ParseSecretKey([]byte("nonsense"), ""); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("garbage: %v", err)
	}
	if _, _, err := ParsePublicKey([]byte("nonsense")); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("garbage public key: %v", err)
	}
}

func TestStatementAndMeanings(t *testing.T) {
	r := Request{ID: "SO-001", Doc: DocSRS, FileName: "需求规格说明书.html"}
	s := Signature{Seq: 1, Signer: "王总", Role: "销售\n副总裁", Org: "客户", Meaning: RequirementsConfirmed, SignedAt: time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("", 8*3600)),
		Baseline: "v1.0", BaselineHash: "bh", DocSHA256: "dh", KeyID: "K"}
	st := string(Statement(r, s))
	for _, want := range []string{"sign-off: SO-001\n", "document-sha256: dh\n", "baseline-sha256: bh\n", "role: 销售 副总裁\n", "meaning: requirements-confirmed 需求确认\n", "signed-at: 2026-11-25T10:00:00+08:00\n"} {
		if !strings.Contains(st, want) {
			t.Errorf("statement lacks %q:\n%s", want, st)
		}
	}
	if tc := TrustedComment(r, s); strings.Contains(tc, "\n") || !strings.Contains(tc, "sha256:dh") {
		t.Errorf("trusted comment %q", tc)
	}
	for in, want := range map[string]Meaning{"需求确认": RequirementsConfirmed, "acceptance-passed": AcceptancePassed, "Go-live approved": GoLiveApproved, "上线批准": GoLiveApproved} {
		if m, err := ParseMeaning(in); err != nil || m != want {
			t.Errorf("ParseMeaning(%q) = %v %v", in, m, err)
		}
	}
	if _, err := ParseMeaning("同意"); err == nil {
		t.Error("an unknown meaning")
	}
	if DocAcceptance.DefaultMeaning() != AcceptancePassed || DocGoLive.DefaultMeaning() != GoLiveApproved || DocSRS.DefaultMeaning() != RequirementsConfirmed {
		t.Error("default meanings")
	}
	k := Key{CreatedAt: s.SignedAt, RetiredAt: s.SignedAt.Add(time.Hour)}
	if !k.ValidAt(s.SignedAt) || k.ValidAt(s.SignedAt.Add(time.Hour)) || k.ValidAt(s.SignedAt.Add(-time.Second)) {
		t.Error("key validity")
	}
}
