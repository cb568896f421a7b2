package signoff

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"time"

	"aead.dev/minisign"

	"github.com/crmflow/crmflow"
)

// Keys are minisign key pairs (ed25519). crmflow writes secret keys
// unencrypted, the way `minisign -G -W` does: the file's 0600 permissions and
// the signer's own account protect it. The standard minisign tool reads both
// files, and verifies every signature crmflow makes with the public key alone.

// Key is a public key registered for a stakeholder.
type Key struct {
	Stakeholder string    `json:"stakeholder"`
	ID          string    `json:"key_id"`     // 16 hex digits, as minisign prints it
	PublicKey   string    `json:"public_key"` // the base64 line of a minisign public key file
	CreatedAt   time.Time `json:"created_at"`
	RetiredAt   time.Time `json:"retired_at,omitzero"` // zero while the key is current
}

// Current reports whether the key has not been retired.
func (k Key) Current() bool { return k.RetiredAt.IsZero() }

// ValidAt reports whether the key was the stakeholder's key at t.
func (k Key) ValidAt(t time.Time) bool {
	return !t.Before(k.CreatedAt) && (k.RetiredAt.IsZero() || t.Before(k.RetiredAt))
}

// KeyPair is a newly generated key pair in minisign's file formats.
type KeyPair struct {
	ID     string
	Public []byte // the .pub file
	Secret []byte // the .key file (unencrypted)
	Line   string // the public key's base64 line
}

// GenerateKey makes an ed25519 key pair; random nil means crypto/rand.
func GenerateKey(random io.Reader) (KeyPair, error) {
	if random == nil {
		random = rand.Reader
	}
	pub, sec, err := minisign.GenerateKey(random)
	if err != nil {
		return KeyPair{}, err
	}
	secText, err := sec.MarshalText()
	if err != nil {
		return KeyPair{}, err
	}
	id := keyID(pub.ID())
	return KeyPair{ID: id, Public: PublicKeyFile(pub.String(), id), Secret: append(secText, '\n'), Line: pub.String()}, nil
}

func keyID(id uint64) string { return fmt.Sprintf("%016X", id) }

// PublicKeyFile is the text of a minisign public key file.
func PublicKeyFile(line, id string) []byte {
	return []byte("untrusted comment: minisign public key " + id + "\n" + line + "\n")
}

// ParsePublicKey reads a public key file or its base64 line and returns the
// key's ID and line.
func ParsePublicKey(text []byte) (id, line string, err error) {
	var pk minisign.PublicKey
	if err := pk.UnmarshalText(bytes.TrimSpace(text)); err != nil {
		return "", "", crmflow.Errorf(crmflow.EINVALID, "not a minisign public key: %v", err)
	}
	return keyID(pk.ID()), pk.String(), nil
}

// SecretKey is a parsed minisign secret key.
type SecretKey struct {
	key minisign.PrivateKey
}

// ID is the key's ID.
func (s SecretKey) ID() string { return keyID(s.key.ID()) }

// PublicLine is the base64 line of the matching public key.
func (s SecretKey) PublicLine() string {
	return s.key.Public().(minisign.PublicKey).String()
}

// ParseSecretKey reads a minisign secret key file: unencrypted (as keys gen
// and minisign -G -W write them), or password-protected (minisign -G) when
// password is given.
func ParseSecretKey(text []byte, password string) (SecretKey, error) {
	text = bytes.TrimSpace(text)
	if minisign.IsEncrypted(text) {
		if password == "" {
			return SecretKey{}, crmflow.Errorf(crmflow.EINVALID, "the secret key is password-protected and no password was given (CRMFLOW_KEY_PASSWORD)")
		}
		k, err := minisign.DecryptKey(password, text)
		if err != nil {
			return SecretKey{}, crmflow.Errorf(crmflow.EINVALID, "cannot decrypt the secret key: %v", err)
		}
		return SecretKey{key: k}, nil
	}
	var k minisign.PrivateKey
	if err := k.UnmarshalText(text); err != nil {
		return SecretKey{}, crmflow.Errorf(crmflow.EINVALID, "not a minisign secret key: %v", err)
	}
	return SecretKey{key: k}, nil
}

// Sign signs msg the way `minisign -S` does (pre-hashed BLAKE2b-512, "ED"),
// with a trusted comment bound to the signature.
func (s SecretKey) Sign(msg []byte, trusted, untrusted string) []byte {
	r := minisign.NewReader(bytes.NewReader(msg))
	if _, err := io.Copy(io.Discard, r); err != nil {
		panic(err) // reading from memory does not fail
	}
	return r.SignWithComments(s.key, trusted, untrusted)
}

// VerifySignature checks a .minisig text over msg with a public key line and
// returns the trusted comment it carries.
func VerifySignature(publicLine string, msg, sig []byte) (trusted string, ok bool) {
	var pk minisign.PublicKey
	if err := pk.UnmarshalText([]byte(publicLine)); err != nil {
		return "", false
	}
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return "", false
	}
	r := minisign.NewReader(bytes.NewReader(msg))
	if _, err := io.Copy(io.Discard, r); err != nil {
		return "", false
	}
	if !r.Verify(pk, sig) {
		return s.TrustedComment, false
	}
	return s.TrustedComment, true
}

// oneLine keeps user text on one line inside a trusted comment or statement.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
