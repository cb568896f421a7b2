// Package feedback is the register of users' feedback after go-live (上线后
// 用户反馈): each item says what was reported, by whom, about which module and
// how badly it hurts; triage turns it into a draft requirement for the next
// version or rejects it with a reason. It imports no CLI or storage code.
package feedback

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// Severity is how much an item hurts the users who reported it.
type Severity string

// The severities, worst first.
const (
	Critical   Severity = "critical"   // work stops or data is wrong
	Major      Severity = "major"      // work goes on with a costly workaround
	Minor      Severity = "minor"      // an annoyance
	Suggestion Severity = "suggestion" // an idea, nothing is broken
)

// Severities lists every severity, worst first.
var Severities = []Severity{Critical, Major, Minor, Suggestion}

// Name is the severity in lang.
func (s Severity) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(s)
	}
	return map[Severity]string{Critical: "严重", Major: "重要", Minor: "一般", Suggestion: "建议"}[s]
}

// ParseSeverity reads a severity in either language; empty is minor.
func ParseSeverity(s string) (Severity, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return Minor, nil
	}
	for _, v := range Severities {
		if t == string(v) || t == v.Name(crmflow.LangZH) {
			return v, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "severity %q is not one of critical (严重), major (重要), minor (一般), suggestion (建议)", s).
		With("field", "severity")
}

// ParseSeverityIn is ParseSeverity for a project in lang: an English
// project's error names the severities in English only.
func ParseSeverityIn(s string, lang crmflow.Lang) (Severity, error) {
	sev, err := ParseSeverity(s)
	if err != nil && lang == crmflow.LangEN {
		return "", crmflow.Errorf(crmflow.EINVALID, "severity %q is not one of critical, major, minor, suggestion", s).With("field", "severity")
	}
	return sev, err
}

// Status is where an item stands.
type Status string

// The statuses. An item leaves New once, to Triaged or Rejected.
const (
	New      Status = "new"
	Triaged  Status = "triaged" // became a draft requirement
	Rejected Status = "rejected"
)

// Statuses lists every status.
var Statuses = []Status{New, Triaged, Rejected}

// Name is the status in lang.
func (s Status) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Status]string{New: "new", Triaged: "triaged to requirement", Rejected: "rejected"}[s]
	}
	return map[Status]string{New: "待分诊", Triaged: "已转需求", Rejected: "已拒绝"}[s]
}

// ParseStatus reads a status in either language.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, v := range Statuses {
		if t == string(v) || s == v.Name(crmflow.LangZH) || t == v.Name(crmflow.LangEN) {
			return v, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "status %q is not one of new (待分诊), triaged (已转需求), rejected (已拒绝)", s).
		With("field", "status")
}

// Item is one piece of feedback.
type Item struct {
	ID          string    `json:"id"`
	Text        string    `json:"text"`
	Source      string    `json:"source"` // who reported it: a person or a team
	Module      string    `json:"module"` // a module key, or empty
	Severity    Severity  `json:"severity"`
	Status      Status    `json:"status"`
	Requirement string    `json:"requirement"` // the draft requirement triage created
	Reason      string    `json:"reason"`      // why it was rejected
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
	DecidedAt   time.Time `json:"decided_at"` // when it was triaged or rejected
	DecidedBy   string    `json:"decided_by"`
}

// MaxText bounds an item's text (a register line, not a document).
const MaxText = 2000

// Validate checks what a person typed.
func (it *Item) Validate() error {
	it.Text, it.Source = strings.TrimSpace(it.Text), strings.TrimSpace(it.Source)
	if it.Text == "" {
		return crmflow.Errorf(crmflow.EINVALID, "feedback text is empty").With("missing", "text")
	}
	if n := utf8.RuneCountInString(it.Text); n > MaxText {
		return crmflow.Errorf(crmflow.EINVALID, "feedback text is %d characters; at most %d", n, MaxText).With("field", "text")
	}
	if err := crmflow.CheckTexts("text", it.Text, "source", it.Source, "module", it.Module); err != nil {
		return err
	}
	if _, err := ParseSeverity(string(it.Severity)); err != nil {
		return err
	}
	return nil
}

// TriageTo records that the item became requirement req. Only a new item
// can be triaged.
func TriageTo(it Item, req string, at time.Time, by string) (Item, error) {
	if err := stillNew(it, "feedback.triage"); err != nil {
		return it, err
	}
	it.Status, it.Requirement, it.DecidedAt, it.DecidedBy = Triaged, req, at, by
	return it, nil
}

// Reject records that the item will not be done, and why.
func Reject(it Item, reason string, at time.Time, by string) (Item, error) {
	if err := stillNew(it, "feedback.reject"); err != nil {
		return it, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return it, crmflow.Errorf(crmflow.EINVALID, "rejecting feedback %s needs a reason", it.ID).
			In("feedback.reject").About(crmflow.KindFeedback.Noun, it.ID).With("missing", "reason")
	}
	if err := crmflow.CheckText("reason", reason); err != nil {
		return it, err
	}
	it.Status, it.Reason, it.DecidedAt, it.DecidedBy = Rejected, reason, at, by
	return it, nil
}

// CanTriage says whether the item may still be triaged or rejected.
func CanTriage(it Item) error { return stillNew(it, "feedback.triage") }

func stillNew(it Item, op string) error {
	switch it.Status {
	case New:
		return nil
	case Triaged:
		return crmflow.Errorf(crmflow.ECONFLICT, "feedback %s was already triaged to %s", it.ID, it.Requirement).
			In(op).About(crmflow.KindFeedback.Noun, it.ID).With("status", string(it.Status)).With("requirement", it.Requirement)
	default:
		return crmflow.Errorf(crmflow.ECONFLICT, "feedback %s was already rejected: %s", it.ID, it.Reason).
			In(op).About(crmflow.KindFeedback.Noun, it.ID).With("status", string(it.Status))
	}
}

// DefaultTitle is a requirement title made from the item's text: its first
// line, at most 40 characters.
func DefaultTitle(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > 40 {
		r := []rune(line)
		line = string(r[:39]) + "…"
	}
	return line
}

// Description is the draft requirement's description: the feedback, quoted,
// with who reported it.
func Description(it Item, lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		s := "User feedback " + it.ID
		if it.Source != "" {
			s += " from " + it.Source
		}
		return s + ": " + it.Text
	}
	s := "用户反馈 " + it.ID
	if it.Source != "" {
		s += "（" + it.Source + "）"
	}
	return s + "：" + it.Text
}

// Store keeps the register. Update reads the item inside one transaction,
// lets fn compute its next state and records both in the audit log.
type Store interface {
	CreateFeedback(ctx context.Context, it *Item) error
	Feedback(ctx context.Context, id string) (Item, error)
	// CheckedFeedback is Feedback, refused when the stored item is not what
	// its history says.
	CheckedFeedback(ctx context.Context, id string) (Item, error)
	FeedbackItems(ctx context.Context) ([]Item, error)
	UpdateFeedback(ctx context.Context, id, action string, fn func(Item) (Item, error)) (Item, error)
}

// Draft is the requirement triage asks for.
type Draft struct {
	Title       string
	Description string
	Module      string // a module key or name
	Source      string // the feedback's ID
	Stakeholder string
}

// Service is the register's use cases.
type Service struct {
	Store Store
	Clock crmflow.Clock
	Actor crmflow.Actor
	// ResolveModule turns a module as typed into its key.
	ResolveModule func(ctx context.Context, name string) (string, error)
	// AddRequirement adds a draft requirement and returns its ID.
	AddRequirement func(ctx context.Context, d Draft) (string, error)
}

// Resolve finds an item by its ID, in any case or zero padding.
func (s *Service) Resolve(ctx context.Context, ref string) (Item, error) {
	id, ok := crmflow.KindFeedback.Normalize(strings.TrimSpace(ref))
	if !ok {
		return Item{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a feedback ID (FB-001)", ref).
			About(crmflow.KindFeedback.Noun, ref).With("problem", "bad-id")
	}
	return s.Store.Feedback(ctx, id)
}

// Add records a new item.
func (s *Service) Add(ctx context.Context, it Item) (Item, error) {
	sev, err := ParseSeverity(string(it.Severity))
	if err != nil {
		return it, err
	}
	it.Severity, it.Status = sev, New
	it.ID, it.Requirement, it.Reason, it.DecidedBy, it.DecidedAt = "", "", "", "", time.Time{}
	it.Module = strings.TrimSpace(it.Module)
	if err := it.Validate(); err != nil {
		return it, err
	}
	if it.Module != "" && s.ResolveModule != nil {
		key, err := s.ResolveModule(ctx, it.Module)
		if err != nil {
			return it, err
		}
		it.Module = key
	}
	it.CreatedBy = string(s.Actor)
	if err := s.Store.CreateFeedback(ctx, &it); err != nil {
		return it, err
	}
	return it, nil
}

// List returns the items, oldest first; status "" is all of them.
func (s *Service) List(ctx context.Context, status Status) ([]Item, error) {
	all, err := s.Store.FeedbackItems(ctx)
	if err != nil || status == "" {
		return all, err
	}
	out := []Item{}
	for _, it := range all {
		if it.Status == status {
			out = append(out, it)
		}
	}
	return out, nil
}

// Triage turns a new item into a draft requirement whose source is the item
// and records the requirement on the item. title and module "" take the
// item's own.
func (s *Service) Triage(ctx context.Context, ref, title, module string, lang crmflow.Lang) (Item, error) {
	it, err := s.Resolve(ctx, ref)
	if err != nil {
		return it, err
	}
	// Checked before the requirement is added: a refused triage adds nothing.
	if it, err = s.Store.CheckedFeedback(ctx, it.ID); err != nil {
		return it, err
	}
	if err := CanTriage(it); err != nil {
		return it, err
	}
	d := Draft{Title: strings.TrimSpace(title), Module: strings.TrimSpace(module), Source: it.ID,
		Description: Description(it, lang), Stakeholder: it.Source}
	if d.Title == "" {
		d.Title = DefaultTitle(it.Text)
	}
	if d.Module == "" {
		d.Module = it.Module
	}
	if d.Module == "" {
		return it, crmflow.Errorf(crmflow.EINVALID, "feedback %s has no module; say which module the requirement belongs to", it.ID).
			In("feedback.triage").About(crmflow.KindFeedback.Noun, it.ID).With("missing", "module")
	}
	req, err := s.AddRequirement(ctx, d)
	if err != nil {
		return it, err
	}
	return s.Store.UpdateFeedback(ctx, it.ID, "triage", func(cur Item) (Item, error) {
		return TriageTo(cur, req, s.now(), string(s.Actor))
	})
}

// Reject closes a new item with the reason.
func (s *Service) Reject(ctx context.Context, ref, reason string) (Item, error) {
	it, err := s.Resolve(ctx, ref)
	if err != nil {
		return it, err
	}
	return s.Store.UpdateFeedback(ctx, it.ID, "reject", func(cur Item) (Item, error) {
		return Reject(cur, reason, s.now(), string(s.Actor))
	})
}

func (s *Service) now() time.Time {
	if s.Clock == nil {
		return time.Now().UTC()
	}
	return s.Clock.Now()
}
