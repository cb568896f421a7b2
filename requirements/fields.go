package requirements

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// FieldType is the type of a project-defined custom field.
type FieldType string

// The custom field types.
const (
	FieldNumber FieldType = "number"
	FieldText   FieldType = "text"
	FieldChoice FieldType = "choice"
	FieldDate   FieldType = "date"
)

// FieldDef defines a custom field every requirement of the project can carry.
type FieldDef struct {
	Name      string    `json:"name"`
	Type      FieldType `json:"type"`
	Choices   []string  `json:"choices"`
	Default   string    `json:"default"`
	CreatedAt time.Time `json:"created_at"`
}

// builtinNames are requirement fields a custom field may not shadow: the
// keys of the field table and of the plan fields, the derived score and
// quadrant, the parent link and the desc shorthand.
var builtinNames = func() map[string]bool {
	m := map[string]bool{"desc": true, "score": true, "quadrant": true, "parent": true}
	for _, f := range append(FieldTable[:len(FieldTable):len(FieldTable)], PlanFields...) {
		m[f.Key] = true
	}
	return m
}()

// ParseFieldType accepts number, text, choice or date.
func ParseFieldType(s string) (FieldType, error) {
	switch t := FieldType(strings.ToLower(strings.TrimSpace(s))); t {
	case FieldNumber, FieldText, FieldChoice, FieldDate:
		return t, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "field type %q is not one of number, text, choice, date", s)
}

// Validate checks the definition and canonicalizes its default.
func (d *FieldDef) Validate() error {
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" {
		return crmflow.Errorf(crmflow.EINVALID, "field name is empty")
	}
	if utf8.RuneCountInString(d.Name) > 40 || strings.ContainsAny(d.Name, "=,\n\r\t:") {
		return crmflow.Errorf(crmflow.EINVALID, "field name %q must be at most 40 characters and hold no = , : or line breaks", d.Name)
	}
	if builtinNames[strings.ToLower(d.Name)] {
		return crmflow.Errorf(crmflow.EINVALID, "field name %q is a built-in requirement field", d.Name)
	}
	if _, err := ParseFieldType(string(d.Type)); err != nil {
		return err
	}
	if d.Type == FieldChoice {
		seen := map[string]bool{}
		var cs []string
		for _, c := range d.Choices {
			c = strings.TrimSpace(c)
			if c == "" || seen[c] {
				continue
			}
			seen[c] = true
			cs = append(cs, c)
		}
		if len(cs) == 0 {
			return crmflow.Errorf(crmflow.EINVALID, "field %s is a choice field but has no choices", d.Name).
				In("field.define").About("custom field", d.Name).With("type", "choice")
		}
		d.Choices = cs
	} else if len(d.Choices) > 0 {
		return crmflow.Errorf(crmflow.EINVALID, "--choices is only for choice fields, and %s is a %s field", d.Name, d.Type)
	}
	if d.Choices == nil {
		d.Choices = []string{}
	}
	if d.Default != "" {
		v, err := d.Canonical(d.Default)
		if err != nil {
			return err
		}
		d.Default = v
	}
	return nil
}

// Canonical validates a value for this field and returns its stored form.
func (d FieldDef) Canonical(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	switch d.Type {
	case FieldNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", crmflow.Errorf(crmflow.EINVALID, "field %s: %q is not a number", d.Name, v)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case FieldDate:
		t, err := crmflow.ParseDateExact(v)
		if err != nil {
			return "", crmflow.Errorf(crmflow.EINVALID, "field %s: %s", d.Name, err.(*crmflow.Error).Message)
		}
		return t.Format("2006-01-02"), nil
	case FieldChoice:
		for _, c := range d.Choices {
			if c == v {
				return v, nil
			}
		}
		return "", crmflow.Errorf(crmflow.EINVALID, "field %s: %q is not one of %s", d.Name, v, strings.Join(d.Choices, ", "))
	default:
		if utf8.RuneCountInString(v) > MaxTextLen {
			return "", crmflow.Errorf(crmflow.EINVALID, "field %s: the text is longer than %d characters", d.Name, MaxTextLen)
		}
		return v, nil
	}
}

// FindField returns the definition named name.
func FindField(defs []FieldDef, name string) (FieldDef, bool) {
	for _, d := range defs {
		if d.Name == strings.TrimSpace(name) {
			return d, true
		}
	}
	return FieldDef{}, false
}

// UnknownField is the error for a field name the project does not define.
func UnknownField(defs []FieldDef, name string) error {
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = d.Name
	}
	known := "none are defined"
	if len(names) > 0 {
		known = "known: " + strings.Join(names, ", ")
	}
	return crmflow.Errorf(crmflow.EINVALID, "custom field %q is not defined (%s)", name, known).
		In("field.lookup").About("custom field", name)
}

// SetField validates raw for the field d and stores it on r; an empty value
// removes the field.
func (d FieldDef) SetField(r *Requirement, raw string) error {
	c, err := d.Canonical(raw)
	if err != nil {
		return err
	}
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
	if c == "" {
		delete(r.Fields, d.Name)
	} else {
		r.Fields[d.Name] = c
	}
	return nil
}
