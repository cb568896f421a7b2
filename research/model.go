// Package research holds what the survey phase learns besides questionnaires:
// interviews (访谈) with their Markdown notes, findings (痛点, pain points with
// an optional measure such as 拜访记录丢失率 30%), and competitor notes
// (竞品调研) with a feature matrix. A finding becomes a requirement through
// requirements.Service, and the requirement's Source names the finding: that
// is the trace. It imports no CLI, storage or spreadsheet code.
package research

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// DateLayout is how interview dates are written.
const DateLayout = "2006-01-02"

// Limits on text a person types (Excel holds at most 32,767 characters in a cell).
const (
	MaxNameLen  = 100   // who, role, organisation, measure, unit, competitor and feature names
	MaxTextLen  = 2000  // a finding's text, a competitor's strengths, weaknesses, notes, pricing
	MaxNotesLen = 32000 // interview notes
)

// Interview is one conversation with a stakeholder.
type Interview struct {
	ID        string    `json:"id"` // INT-001, assigned by the store
	With      string    `json:"with"`
	Role      string    `json:"role"`
	Org       string    `json:"org"`
	Date      string    `json:"date"`  // YYYY-MM-DD
	Notes     string    `json:"notes"` // Markdown
	CreatedAt time.Time `json:"created_at"`
}

// Who is the interviewee with the role: 张总（销售总监）.
func (iv Interview) Who() string { return iv.WhoIn(crmflow.LangZH) }

// WhoIn is the interviewee with the role, punctuated for lang: 张总（销售总监）
// in Chinese, 张总 (销售总监) in English text.
func (iv Interview) WhoIn(lang crmflow.Lang) string {
	switch {
	case iv.Role == "":
		return iv.With
	case lang == crmflow.LangEN:
		return iv.With + " (" + iv.Role + ")"
	}
	return iv.With + "（" + iv.Role + "）"
}

// Finding is a pain point, with an optional measure.
type Finding struct {
	ID        string    `json:"id"` // F-001, assigned by the store
	Text      string    `json:"text"`
	Interview string    `json:"interview"`      // INT-001 or empty
	Measure   string    `json:"measure"`        // the measure's name: 拜访记录丢失率
	Value     *float64  `json:"value"`          // nil: no number
	Unit      string    `json:"unit"`           // %, 小时, 元 ...
	Module    string    `json:"module"`         // a module key from the catalog, or empty
	Severity  int       `json:"severity"`       // 1–5, 5 the worst
	Process   string    `json:"process"`        // PM-001 or empty
	Step      string    `json:"step,omitempty"` // a step of Process (its ID: S3), or empty
	CreatedAt time.Time `json:"created_at"`
}

// DefaultSeverity is a finding's severity when none is given.
const DefaultSeverity = 3

// HasMeasure reports whether the finding names a measure.
func (f Finding) HasMeasure() bool { return f.Measure != "" }

// MeasureText is the measure as a person reads it: "拜访记录丢失率 30%",
// "离职交接后流失客户数 40 家",
// "拜访记录丢失率", or "" without a measure.
func (f Finding) MeasureText() string {
	if f.Measure == "" {
		return ""
	}
	if f.Value == nil {
		return f.Measure
	}
	sep := " "
	if f.Unit == "" || f.Unit == "%" || f.Unit == "‰" {
		sep = ""
	}
	return f.Measure + " " + FormatValue(*f.Value) + sep + f.Unit
}

// FormatValue writes a measure's number without trailing zeros: 30, 2.5.
func FormatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// ParseValue reads a measure's number as a person typed it.
func ParseValue(s string) (float64, error) {
	t := strings.TrimSpace(s)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		hint := ""
		if strings.HasSuffix(t, "%") {
			hint = "; give the unit apart (--value 30 --unit %)"
		}
		return 0, crmflow.Errorf(crmflow.EINVALID, "value %q is not a number%s", s, hint)
	}
	return v, nil
}

// ParseSeverity reads a 1–5 severity.
func ParseSeverity(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 5 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "severity %q is not an integer 1–5 (5 the worst)", s)
	}
	return n, nil
}

// Verdict says whether a competitor has a feature.
type Verdict string

// The verdicts.
const (
	Yes     Verdict = "yes"
	No      Verdict = "no"
	Partial Verdict = "partial"
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{Yes, No, Partial}

// ParseVerdict accepts yes/no/partial and their Chinese forms (有/无/部分).
func ParseVerdict(s string) (Verdict, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "有", "支持", "是", "✓":
		return Yes, nil
	case "no", "n", "无", "没有", "不支持", "否", "✗":
		return No, nil
	case "partial", "part", "p", "部分", "部分支持":
		return Partial, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "verdict %q is not one of yes, no, partial", s)
}

// Mark is the verdict as a matrix cell shows it.
func (v Verdict) Mark() string {
	switch v {
	case Yes:
		return "✓"
	case No:
		return "✗"
	case Partial:
		return "◐"
	}
	return "?"
}

// Competitor is a product the client compared, or might compare, with the custom CRM.
type Competitor struct {
	Name       string    `json:"name"`
	Strengths  string    `json:"strengths"`
	Weaknesses string    `json:"weaknesses"`
	Notes      string    `json:"notes"`
	Pricing    string    `json:"pricing"`
	Features   []Feature `json:"features"` // in the order they were first set
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Feature is one cell of the feature matrix: whether a competitor has a feature.
type Feature struct {
	Feature string  `json:"feature"`
	Verdict Verdict `json:"verdict"`
	Note    string  `json:"note"`
}

// Feature returns the competitor's cell for a feature.
func (c Competitor) Feature(name string) (Feature, bool) {
	for _, f := range c.Features {
		if f.Feature == name {
			return f, true
		}
	}
	return Feature{}, false
}

func checkName(field, s string, required bool) error {
	if err := crmflow.CheckText(field, s); err != nil {
		return err
	}
	if required && strings.TrimSpace(s) == "" {
		return crmflow.Errorf(crmflow.EINVALID, "%s is empty", field)
	}
	if strings.ContainsAny(s, "\n\r\t") {
		return crmflow.Errorf(crmflow.EINVALID, "%s must be one line", field)
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLen {
		return crmflow.Errorf(crmflow.EINVALID, "%s is %d characters long; the limit is %d", field, n, MaxNameLen)
	}
	return nil
}

func checkText(field, s string, limit int) error {
	if err := crmflow.CheckText(field, s); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return crmflow.Errorf(crmflow.EINVALID, "%s is %d characters long; the limit is %d", field, n, limit)
	}
	return nil
}

// ParseDate checks a YYYY-MM-DD date.
func ParseDate(s string) (string, error) {
	d, err := crmflow.ParseDate(s)
	if err != nil {
		return "", err.(*crmflow.Error).With("field", "date")
	}
	return d.Format(DateLayout), nil
}

// Normalize trims the interview's text fields.
func (iv *Interview) Normalize() {
	iv.With, iv.Role, iv.Org = strings.TrimSpace(iv.With), strings.TrimSpace(iv.Role), strings.TrimSpace(iv.Org)
	iv.Notes = strings.TrimSpace(strings.ReplaceAll(iv.Notes, "\r\n", "\n"))
}

// Validate checks an interview's fields.
func (iv *Interview) Validate() error {
	if err := checkName("who (--with)", iv.With, true); err != nil {
		return err
	}
	if err := checkName("role", iv.Role, false); err != nil {
		return err
	}
	if err := checkName("organisation", iv.Org, false); err != nil {
		return err
	}
	d, err := ParseDate(iv.Date)
	if err != nil {
		return err
	}
	iv.Date = d
	if strings.TrimSpace(iv.Notes) == "" {
		return crmflow.Errorf(crmflow.EINVALID, "the interview notes are empty").About(crmflow.KindInterview.Noun, "").With("missing", "notes")
	}
	if !utf8.ValidString(iv.Notes) {
		return crmflow.Errorf(crmflow.EINVALID, "the interview notes are not UTF-8 text")
	}
	return checkText("the notes", iv.Notes, MaxNotesLen)
}

// Normalize trims the finding's text fields.
func (f *Finding) Normalize() {
	f.Text = strings.TrimSpace(strings.ReplaceAll(f.Text, "\r\n", "\n"))
	f.Measure, f.Unit = strings.TrimSpace(f.Measure), strings.TrimSpace(f.Unit)
	f.Interview, f.Module, f.Process = strings.TrimSpace(f.Interview), strings.TrimSpace(f.Module), strings.TrimSpace(f.Process)
	f.Step = strings.TrimSpace(f.Step)
	if f.Severity == 0 {
		f.Severity = DefaultSeverity
	}
}

// Validate checks a finding's own fields (not its references).
func (f *Finding) Validate() error {
	if err := crmflow.CheckTexts("the finding's text", f.Text, "measure", f.Measure, "unit", f.Unit); err != nil {
		return err
	}
	if f.Step != "" && f.Process == "" {
		return crmflow.Errorf(crmflow.EINVALID, "step %q needs the process map it is in (--process PM-001)", f.Step).About(crmflow.KindFinding.Noun, "").With("missing", "process")
	}
	if f.Text == "" {
		return crmflow.Errorf(crmflow.EINVALID, "the finding's text is empty").About(crmflow.KindFinding.Noun, "").With("missing", "text")
	}
	if !utf8.ValidString(f.Text) {
		return crmflow.Errorf(crmflow.EINVALID, "the finding's text is not UTF-8 text")
	}
	if err := checkText("the finding's text", f.Text, MaxTextLen); err != nil {
		return err
	}
	if err := checkName("measure", f.Measure, false); err != nil {
		return err
	}
	if err := checkName("unit", f.Unit, false); err != nil {
		return err
	}
	if f.Measure == "" && (f.Value != nil || f.Unit != "") {
		return crmflow.Errorf(crmflow.EINVALID, "a value or unit needs the measure it belongs to").About(crmflow.KindFinding.Noun, "").With("missing", "measure")
	}
	if f.Value != nil && (math.IsNaN(*f.Value) || math.IsInf(*f.Value, 0)) {
		return crmflow.Errorf(crmflow.EINVALID, "value is not a number")
	}
	if f.Severity < 1 || f.Severity > 5 {
		return crmflow.Errorf(crmflow.EINVALID, "severity must be an integer 1–5 (5 the worst), got %d", f.Severity)
	}
	return nil
}

// Normalize trims the competitor's text fields.
func (c *Competitor) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	for _, p := range []*string{&c.Strengths, &c.Weaknesses, &c.Notes, &c.Pricing} {
		*p = strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
	}
	if c.Features == nil {
		c.Features = []Feature{}
	}
}

// Validate checks a competitor's fields.
func (c *Competitor) Validate() error {
	if err := checkName("the competitor's name", c.Name, true); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"strengths", c.Strengths}, {"weaknesses", c.Weaknesses}, {"notes", c.Notes}, {"pricing", c.Pricing}} {
		if err := checkText(f.name, f.v, MaxTextLen); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a feature cell.
func (f *Feature) Validate() error {
	f.Feature, f.Note = strings.TrimSpace(f.Feature), strings.TrimSpace(f.Note)
	if err := checkName("the feature's name", f.Feature, true); err != nil {
		return err
	}
	if _, err := ParseVerdict(string(f.Verdict)); err != nil {
		return err
	}
	return checkText("the note", f.Note, MaxTextLen)
}
