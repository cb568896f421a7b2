package requirements

import (
	"strings"

	"github.com/crmflow/crmflow"
)

// Status is where a requirement is in its lifecycle.
type Status string

// The statuses.
const (
	Draft       Status = "draft"
	Confirmed   Status = "confirmed"
	Frozen      Status = "frozen"
	Implemented Status = "implemented"
	Verified    Status = "verified"
	Rejected    Status = "rejected"
	Deferred    Status = "deferred"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{Draft, Confirmed, Frozen, Implemented, Verified, Rejected, Deferred}

// transitions holds the allowed moves. Rejected and deferred requirements can
// be reopened as drafts; confirmed ones can go back to draft for rework.
var transitions = map[Status][]Status{
	Draft:       {Confirmed, Rejected, Deferred},
	Confirmed:   {Frozen, Rejected, Deferred, Draft},
	Frozen:      {Implemented},
	Implemented: {Verified},
	Verified:    {},
	Rejected:    {Draft},
	Deferred:    {Draft},
}

// ParseStatus accepts a status by its key or Chinese name.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, st := range Statuses {
		if t == string(st) || s == st.Name(crmflow.LangZH) {
			return st, nil
		}
	}
	keys := make([]string, len(Statuses))
	for i, st := range Statuses {
		keys[i] = string(st)
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "status %q is not one of %s", s, strings.Join(keys, ", ")).
		With("problem", "choice").With("field", "status").With("value", s).With("choices", strings.Join(keys, ", "))
}

// Name returns the status's name in lang.
func (s Status) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(s)
	}
	return map[Status]string{Draft: "草稿", Confirmed: "已确认", Frozen: "已冻结", Implemented: "已实现",
		Verified: "已验证", Rejected: "已拒绝", Deferred: "已延期"}[s]
}

// Next lists the statuses reachable from s.
func (s Status) Next() []Status { return transitions[s] }

// CanMoveTo reports whether s → to is allowed.
func (s Status) CanMoveTo(to Status) bool {
	for _, n := range transitions[s] {
		if n == to {
			return true
		}
	}
	return false
}

// Editable reports whether requirements in this status may be edited in place.
// From frozen on, the only way to change a requirement is a change request.
func (s Status) Editable() bool {
	switch s {
	case Frozen, Implemented, Verified:
		return false
	}
	return true
}

// CheckTransition returns an error naming the allowed moves when s → to is not one.
func CheckTransition(id string, from, to Status) error {
	if from == to {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is already %s", id, to).
			In("req.status").About(crmflow.KindRequirement.Noun, id).With("problem", "same").With("status", string(to))
	}
	if from.CanMoveTo(to) {
		return nil
	}
	next := from.Next()
	if len(next) == 0 {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is %s; no status change is allowed from %s", id, from, from).
			In("req.status").About(crmflow.KindRequirement.Noun, id).With("problem", "final").With("from", string(from))
	}
	names := make([]string, len(next))
	for i, n := range next {
		names[i] = string(n)
	}
	return crmflow.Errorf(crmflow.ECONFLICT, "%s cannot move from %s to %s; allowed from %s: %s",
		id, from, to, from, strings.Join(names, ", ")).
		In("req.status").About(crmflow.KindRequirement.Noun, id).With("allowed", names[0]).
		With("from", string(from)).With("to", string(to)).With("choices", strings.Join(names, ","))
}

// MoveTo changes r's status to to when the lifecycle allows it. A requirement
// is confirmed only when it has acceptance criteria, since it must be verifiable.
func MoveTo(r *Requirement, to Status) error {
	if err := CheckTransition(r.ID, r.Status, to); err != nil {
		return err
	}
	if to == Confirmed && len(r.Criteria) == 0 {
		return crmflow.Errorf(crmflow.EINVALID, "%s has no acceptance criteria; a requirement is confirmed only when it can be verified", r.ID).
			In("req.status").About(crmflow.KindRequirement.Noun, r.ID).With("missing", "criteria")
	}
	r.Status = to
	return nil
}
