// Package stakeholder keeps the people on the client's and the vendor's side
// who confirm, approve and sign: who they are and what they may decide.
// It imports no CLI or storage code.
package stakeholder

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// Capability is a kind of decision a stakeholder may take.
type Capability string

// The capabilities.
const (
	// Approve lets a stakeholder approve, reject or defer change requests.
	Approve Capability = "approve"
	// Signoff lets a stakeholder sign documents and baselines.
	Signoff Capability = "signoff"
)

// Capabilities lists every capability.
var Capabilities = []Capability{Approve, Signoff}

// ParseCapabilities reads "approve,signoff" (or 审批, 签字).
func ParseCapabilities(s string) ([]Capability, error) {
	out := []Capability{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
		var c Capability
		switch strings.ToLower(part) {
		case "approve", "审批", "批准":
			c = Approve
		case "signoff", "sign-off", "sign", "签字", "签署":
			c = Signoff
		default:
			return nil, crmflow.Errorf(crmflow.EINVALID, "capability %q is not one of approve, signoff", part)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Stakeholder is one person who takes part in decisions.
type Stakeholder struct {
	Name      string       `json:"name"`
	Org       string       `json:"org"`
	Role      string       `json:"role"`
	Email     string       `json:"email"`
	Can       []Capability `json:"can"`
	CreatedAt time.Time    `json:"created_at"`
}

// Has reports whether s may take decisions of kind c.
func (s Stakeholder) Has(c Capability) bool { return slices.Contains(s.Can, c) }

// Validate checks what a person typed.
func (s *Stakeholder) Validate() error {
	if err := crmflow.CheckTexts("stakeholder name", s.Name, "organisation", s.Org, "role", s.Role, "email", s.Email); err != nil {
		return err
	}
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return crmflow.Errorf(crmflow.EINVALID, "stakeholder name is empty")
	}
	if utf8.RuneCountInString(s.Name) > 100 || strings.ContainsAny(s.Name, ",\n\r") {
		return crmflow.Errorf(crmflow.EINVALID, "stakeholder name %q is longer than 100 characters or holds a comma or newline", s.Name)
	}
	if s.Email != "" {
		if _, err := mail.ParseAddress(s.Email); err != nil {
			return crmflow.Errorf(crmflow.EINVALID, "email %q is not an address", s.Email)
		}
	}
	if s.Can == nil {
		s.Can = []Capability{}
	}
	return nil
}

// Store keeps stakeholders.
type Store interface {
	// AddStakeholder stores s; ECONFLICT when the name is taken.
	AddStakeholder(ctx context.Context, s Stakeholder) error
	// Stakeholders lists everyone in the order they were added.
	Stakeholders(ctx context.Context) ([]Stakeholder, error)
}

// Service is the stakeholder register.
type Service struct{ Store Store }

// Add registers a stakeholder.
func (svc *Service) Add(ctx context.Context, s Stakeholder) (Stakeholder, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	return s, svc.Store.AddStakeholder(ctx, s)
}

// Find returns the stakeholder with this name.
func (svc *Service) Find(ctx context.Context, name string) (Stakeholder, error) {
	all, err := svc.Store.Stakeholders(ctx)
	if err != nil {
		return Stakeholder{}, err
	}
	return Lookup(all, name)
}

// Lookup finds name among all, exactly or by an unambiguous prefix.
func Lookup(all []Stakeholder, name string) (Stakeholder, error) {
	name = strings.TrimSpace(name)
	var hits []Stakeholder
	for _, s := range all {
		if s.Name == name {
			return s, nil
		}
		if name != "" && strings.HasPrefix(s.Name, name) {
			hits = append(hits, s)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	if len(hits) > 1 {
		return Stakeholder{}, crmflow.Errorf(crmflow.EINVALID, "%q matches %d stakeholders; give the full name", name, len(hits))
	}
	return Stakeholder{}, crmflow.Errorf(crmflow.ENOTFOUND, "%q is not a stakeholder of this project", name).
		In("stakeholder.lookup").About("stakeholder", name)
}

// Require returns the stakeholder name, checking that they hold capability c.
func Require(all []Stakeholder, name string, c Capability) (Stakeholder, error) {
	s, err := Lookup(all, name)
	if err != nil {
		return s, err
	}
	if !s.Has(c) {
		return s, crmflow.Errorf(crmflow.EINVALID, "%s (%s) may not %s: %s", s.Name, s.Role, c, CanText(s.Can)).
			In("stakeholder.require").About("stakeholder", s.Name).With("capability", string(c))
	}
	return s, nil
}

// CanText says what a stakeholder may do, for messages that refuse them:
// "they may approve, signoff", or "they have no capabilities".
func CanText(cs []Capability) string {
	if len(cs) == 0 {
		return "they have no capabilities"
	}
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return "their capabilities are " + strings.Join(s, ", ")
}
