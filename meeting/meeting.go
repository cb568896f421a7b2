// Package meeting records the meetings where requirements are decided — above
// all the confirmation meeting (需求确认会), whose decisions move requirement
// statuses — with attendees, decisions and minutes. It imports no CLI or
// storage code.
package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Kind is what a meeting was for.
type Kind string

// The meeting kinds.
const (
	Confirmation Kind = "confirmation" // 需求确认会
	Review       Kind = "review"       // 需求评审会
	Kickoff      Kind = "kickoff"      // 启动会
	Other        Kind = "other"
)

// Kinds lists every kind.
var Kinds = []Kind{Confirmation, Review, Kickoff, Other}

// ParseKind accepts a kind by key or Chinese name.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "confirmation", "confirm", "确认会", "需求确认会":
		return Confirmation, nil
	case "review", "评审会", "需求评审会":
		return Review, nil
	case "kickoff", "kick-off", "启动会":
		return Kickoff, nil
	case "other", "其他":
		return Other, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "meeting kind %q is not one of confirmation, review, kickoff, other", s)
}

// Name returns the kind's name in lang.
func (k Kind) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Kind]string{Confirmation: "Requirement confirmation meeting", Review: "Requirement review meeting",
			Kickoff: "Kick-off meeting", Other: "Meeting"}[k]
	}
	return map[Kind]string{Confirmation: "需求确认会", Review: "需求评审会", Kickoff: "项目启动会", Other: "会议"}[k]
}

// Outcome is what a meeting decided about one requirement.
type Outcome string

// The outcomes and the status each one moves a requirement to.
const (
	Confirm Outcome = "confirm"
	Defer   Outcome = "defer"
	Reject  Outcome = "reject"
)

// Status is the requirement status an outcome leads to.
func (o Outcome) Status() requirements.Status {
	return map[Outcome]requirements.Status{Confirm: requirements.Confirmed, Defer: requirements.Deferred, Reject: requirements.Rejected}[o]
}

// Name returns the outcome's name in lang.
func (o Outcome) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Outcome]string{Confirm: "Confirmed", Defer: "Deferred", Reject: "Rejected"}[o]
	}
	return map[Outcome]string{Confirm: "确认", Defer: "延期", Reject: "拒绝"}[o]
}

// Decision is one requirement's outcome, with the status it had before.
type Decision struct {
	Req     string              `json:"req"`
	Title   string              `json:"title"`
	Outcome Outcome             `json:"outcome"`
	From    requirements.Status `json:"from"`
}

// Meeting is one recorded meeting.
type Meeting struct {
	ID        string     `json:"id"` // MEET-001
	Kind      Kind       `json:"kind"`
	Date      string     `json:"date"` // YYYY-MM-DD
	Title     string     `json:"title"`
	Attendees []string   `json:"attendees"`
	Decisions []Decision `json:"decisions"`
	Notes     string     `json:"notes"` // minutes, Markdown
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
	// Overrides are the requirements a range covered that an explicit
	// decision of this meeting decided otherwise (only as recorded, not stored).
	Overrides []Override `json:"overrides,omitempty"`
}

// Count returns how many decisions had outcome o.
func (m Meeting) Count(o Outcome) int {
	n := 0
	for _, d := range m.Decisions {
		if d.Outcome == o {
			n++
		}
	}
	return n
}

// Store keeps meetings.
type Store interface {
	// CreateMeeting assigns the next ID (MEET-001 ...) and stores m in one
	// transaction with its decisions: decide is called on each decided
	// requirement, as it is inside that transaction, and may change it.
	CreateMeeting(ctx context.Context, m *Meeting, decide func(d *Decision, r *requirements.Requirement) error) error
	Meeting(ctx context.Context, id string) (Meeting, error)
	// Meetings lists every meeting in ID order.
	Meetings(ctx context.Context) ([]Meeting, error)
}

// Input is a meeting as a person describes it.
type Input struct {
	Kind      Kind
	Date      string
	Title     string
	Attendees []string
	Notes     string
	Confirm   []string // requirement IDs or ranges (REQ-001..REQ-020)
	Defer     []string
	Reject    []string
	Lang      crmflow.Lang // the project's language, for the default title
}

// Service records meetings.
type Service struct {
	Store Store
	// ExpandRefs turns requirement references into IDs (see ExpandRange).
	ExpandRefs func(ctx context.Context, refs []string) ([]string, error)
}

// Add records a meeting and moves the statuses it decided, all or nothing.
func (s *Service) Add(ctx context.Context, in Input) (Meeting, error) {
	m := Meeting{Kind: in.Kind, Date: strings.TrimSpace(in.Date), Title: strings.TrimSpace(in.Title), Notes: in.Notes}
	if err := crmflow.CheckTexts("title", m.Title, "notes", m.Notes); err != nil {
		return m, err
	}
	for _, a := range in.Attendees {
		if err := crmflow.CheckText("attendee", a); err != nil {
			return m, err
		}
	}
	if _, err := crmflow.ParseDateExact(m.Date); err != nil {
		return m, err
	}
	for _, a := range in.Attendees {
		if a = strings.TrimSpace(a); a != "" && !slices.Contains(m.Attendees, a) {
			m.Attendees = append(m.Attendees, a)
		}
	}
	if len(m.Attendees) == 0 {
		return m, crmflow.Errorf(crmflow.EINVALID, "a meeting needs its attendees").In("meeting.add").With("missing", "attendees")
	}
	if m.Title == "" {
		m.Title = m.Kind.Name(in.Lang)
	}
	var groups []Refs
	for _, g := range []struct {
		o    Outcome
		refs []string
	}{{Confirm, in.Confirm}, {Defer, in.Defer}, {Reject, in.Reject}} {
		rg := Refs{Outcome: g.o, Refs: g.refs}
		for _, ref := range g.refs {
			ids, err := s.ExpandRefs(ctx, []string{ref})
			if err != nil {
				return m, err
			}
			rg.IDs = append(rg.IDs, ids)
		}
		groups = append(groups, rg)
	}
	decisions, overrides, err := Decide(groups)
	if err != nil {
		return m, err
	}
	m.Decisions = decisions
	if m.Kind == Confirmation && len(m.Decisions) == 0 {
		return m, crmflow.Errorf(crmflow.EINVALID, "a confirmation meeting decides requirements: give --confirm, --defer or --reject").
			In("meeting.add").With("missing", "decisions")
	}
	err = s.Store.CreateMeeting(ctx, &m, func(d *Decision, r *requirements.Requirement) error {
		d.Title, d.From = r.Title, r.Status
		if err := requirements.MoveTo(r, d.Outcome.Status()); err != nil {
			return err
		}
		return nil
	})
	if err == nil {
		// Set after storing: what the command said, not part of the record.
		m.Overrides = overrides
	}
	return m, err
}

// ExpandRange turns "REQ-001..REQ-020", "1..20" or a single reference into
// requirement IDs; resolve handles single references.
func ExpandRange(ref string, resolve func(string) (string, error)) ([]string, error) {
	lo, hi, isRange := strings.Cut(ref, "..")
	if !isRange {
		id, err := resolve(ref)
		if err != nil {
			return nil, err
		}
		return []string{id}, nil
	}
	na, okA := crmflow.KindRequirement.ParseRef(lo)
	nb, okB := crmflow.KindRequirement.ParseRef(hi)
	if !okA || !okB {
		return nil, crmflow.Errorf(crmflow.EINVALID, "range %q is not REQ-001..REQ-020", ref)
	}
	if na > nb {
		return nil, crmflow.Errorf(crmflow.EINVALID, "range %q runs backwards", ref)
	}
	if nb-na >= 100000 {
		return nil, crmflow.Errorf(crmflow.EINVALID, "range %q is too long", ref)
	}
	out := make([]string, 0, nb-na+1)
	for n := na; n <= nb; n++ {
		out = append(out, crmflow.KindRequirement.Format(n))
	}
	return out, nil
}
