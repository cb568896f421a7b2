// Package requirements is the requirement register: the requirement type, its
// validation, scoring, lifecycle, trace links, custom fields and quality lint.
// It imports no CLI, storage or spreadsheet code.
package requirements

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// Kind classifies a requirement.
type Kind string

// The requirement kinds.
const (
	KindFunctional    Kind = "functional"
	KindData          Kind = "data"
	KindReport        Kind = "report"
	KindPermission    Kind = "permission"
	KindNonFunctional Kind = "non-functional"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindFunctional, KindData, KindReport, KindPermission, KindNonFunctional}

// ParseKind accepts a kind by its English key or its Chinese name.
func ParseKind(s string) (Kind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "functional", "function", "功能", "功能需求":
		return KindFunctional, nil
	case "data", "数据", "数据需求":
		return KindData, nil
	case "report", "报表", "报表需求":
		return KindReport, nil
	case "permission", "permissions", "权限", "权限需求":
		return KindPermission, nil
	case "non-functional", "nonfunctional", "nfr", "非功能", "非功能需求":
		return KindNonFunctional, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "kind %q is not one of %s", s, joinKinds())
}

func joinKinds() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Name returns the kind's name in lang.
func (k Kind) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(k)
	}
	return map[Kind]string{KindFunctional: "功能", KindData: "数据", KindReport: "报表",
		KindPermission: "权限", KindNonFunctional: "非功能"}[k]
}

// MoSCoW is a priority class.
type MoSCoW string

// The MoSCoW classes; the empty value means "not set explicitly".
const (
	Must   MoSCoW = "must"
	Should MoSCoW = "should"
	Could  MoSCoW = "could"
	Wont   MoSCoW = "wont"
)

// MoSCoWs lists the classes in priority order.
var MoSCoWs = []MoSCoW{Must, Should, Could, Wont}

// ParseMoSCoW accepts must/should/could/wont (and won't, M/S/C/W, 必须有/应该有/可以有/本次不做).
// The empty string and "auto" clear an explicit choice.
func ParseMoSCoW(s string) (MoSCoW, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto", "suggested":
		return "", nil
	case "must", "m", "必须有", "必须":
		return Must, nil
	case "should", "s", "应该有", "应该":
		return Should, nil
	case "could", "c", "可以有", "可以":
		return Could, nil
	case "wont", "won't", "w", "本次不做", "不做":
		return Wont, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "MoSCoW %q is not one of must, should, could, wont", s)
}

// Name returns the class's name in lang.
func (m MoSCoW) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[MoSCoW]string{Must: "Must", Should: "Should", Could: "Could", Wont: "Won't"}[m]
	}
	return map[MoSCoW]string{Must: "必须有", Should: "应该有", Could: "可以有", Wont: "本次不做"}[m]
}

// Requirement is one entry of the register, as stored. Score, quadrant and the
// suggested MoSCoW are derived from it and the project settings (see Evaluate).
type Requirement struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Module      string            `json:"module"` // a module key from the catalog
	Kind        Kind              `json:"kind"`
	Status      Status            `json:"status"`
	Value       int               `json:"value"`
	Difficulty  int               `json:"difficulty"`
	Urgency     int               `json:"urgency"`
	MoSCoW      MoSCoW            `json:"moscow"` // explicit choice; empty: suggested from the score
	Criteria    []string          `json:"criteria"`
	Owner       string            `json:"owner"`
	Source      string            `json:"source"`
	Stakeholder string            `json:"stakeholder"`
	Tags        []string          `json:"tags"`
	Fields      map[string]string `json:"fields"` // custom field values, in their canonical text form
	Revision    int               `json:"revision"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// Limits on text a person types; they keep documents and spreadsheets sane
// (Excel holds at most 32,767 characters in a cell).
const (
	MaxTitleLen = 200
	MaxTextLen  = 32000
)

// Validate checks the fields a person sets.
func (r *Requirement) Validate() error {
	if err := crmflow.CheckTexts("title", r.Title, "description", r.Description, "owner", r.Owner,
		"source", r.Source, "stakeholder", r.Stakeholder, "module", r.Module); err != nil {
		return err
	}
	for i, c := range r.Criteria {
		if err := crmflow.CheckText(fmt.Sprintf("acceptance criterion %d", i+1), c); err != nil {
			return err
		}
	}
	for _, t := range r.Tags {
		if err := crmflow.CheckText("tag", t); err != nil {
			return err
		}
	}
	for k, v := range r.Fields {
		if err := crmflow.CheckTexts("custom field name", k, "custom field "+k, v); err != nil {
			return err
		}
	}
	if strings.TrimSpace(r.Title) == "" {
		return crmflow.Errorf(crmflow.EINVALID, "title is empty").With("missing", "title").With("empty", "yes")
	}
	if n := utf8.RuneCountInString(r.Title); n > MaxTitleLen {
		return crmflow.Errorf(crmflow.EINVALID, "title is %d characters long; the limit is %d", n, MaxTitleLen)
	}
	if strings.ContainsAny(r.Title, "\n\r") {
		return crmflow.Errorf(crmflow.EINVALID, "title must be one line")
	}
	if n := utf8.RuneCountInString(r.Description); n > MaxTextLen {
		return crmflow.Errorf(crmflow.EINVALID, "description is %d characters long; the limit is %d", n, MaxTextLen)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"value", r.Value}, {"difficulty", r.Difficulty}, {"urgency", r.Urgency}} {
		if f.v < 1 || f.v > 5 {
			return crmflow.Errorf(crmflow.EINVALID, "%s must be an integer 1–5, got %d", f.name, f.v)
		}
	}
	if r.Module == "" {
		return crmflow.Errorf(crmflow.EINVALID, "module is empty")
	}
	if _, err := ParseKind(string(r.Kind)); err != nil {
		return err
	}
	if _, err := ParseMoSCoW(string(r.MoSCoW)); err != nil {
		return err
	}
	for i, c := range r.Criteria {
		if strings.TrimSpace(c) == "" {
			return crmflow.Errorf(crmflow.EINVALID, "acceptance criterion %d is empty", i+1)
		}
		if n := utf8.RuneCountInString(c); n > MaxTextLen {
			return crmflow.Errorf(crmflow.EINVALID, "acceptance criterion %d is %d characters long; the limit is %d", i+1, n, MaxTextLen)
		}
	}
	for _, t := range r.Tags {
		if strings.TrimSpace(t) == "" || strings.ContainsAny(t, ",\n") {
			return crmflow.Errorf(crmflow.EINVALID, "tag %q is empty or holds a comma or newline", t)
		}
	}
	return nil
}

// ParseScore reads a 1–5 score as a person typed it; field names the flag or column.
func ParseScore(field, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 5 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%s %q is not an integer 1–5", field, s).With("problem", "score").With("field", field).With("value", s)
	}
	return n, nil
}

// Clone returns a deep copy, so a change can be compared with the original.
func (r Requirement) Clone() Requirement {
	c := r
	c.Criteria = append([]string(nil), r.Criteria...)
	c.Tags = append([]string(nil), r.Tags...)
	if r.Fields != nil {
		c.Fields = make(map[string]string, len(r.Fields))
		for k, v := range r.Fields {
			c.Fields[k] = v
		}
	}
	return c
}

// Normalize makes empty lists non-nil and trims text, so the stored and JSON
// forms are the same for equal requirements.
func (r *Requirement) Normalize() {
	r.Title = strings.TrimSpace(r.Title)
	r.Description = strings.TrimSpace(r.Description)
	r.Owner = strings.TrimSpace(r.Owner)
	r.Source = strings.TrimSpace(r.Source)
	r.Stakeholder = strings.TrimSpace(r.Stakeholder)
	crit := make([]string, 0, len(r.Criteria))
	for _, c := range r.Criteria {
		crit = append(crit, strings.TrimSpace(c))
	}
	r.Criteria = crit
	tags := make([]string, 0, len(r.Tags))
	seen := map[string]bool{}
	for _, t := range r.Tags {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	r.Tags = tags
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
}
