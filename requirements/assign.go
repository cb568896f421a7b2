package requirements

import (
	"sort"
	"strings"

	"github.com/crmflow/crmflow"
)

// assignable maps the names a person may use in "field=value" (the keys and
// the Chinese labels, which are the checklist's column names, of the field
// table's editable fields) to the field they set.
var assignable = func() map[string]string {
	m := map[string]string{}
	for _, f := range FieldTable {
		if f.Edit {
			m[strings.ToLower(f.Key)], m[strings.ToLower(f.ZH)] = f.Key, f.Key
		}
	}
	return m
}()

// AssignableFields lists the built-in field keys "field=value" accepts.
func AssignableFields() []string {
	seen := map[string]bool{}
	for _, v := range assignable {
		seen[v] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ParseAssignments turns "field=value" texts into a Patch. Criteria are
// separated by newlines or ";", tags by commas; custom fields are set by name.
// An unknown field is an error naming the fields there are.
func ParseAssignments(assignments []string, defs []FieldDef) (Patch, error) {
	var p Patch
	seen := map[string]bool{}
	for _, a := range assignments {
		name, value, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return p, crmflow.Errorf(crmflow.EINVALID, "%q is not field=value", a)
		}
		key, builtin := assignable[strings.ToLower(name)]
		if !builtin {
			if _, ok := FindField(defs, name); !ok {
				names := AssignableFields()
				for _, d := range defs {
					names = append(names, d.Name)
				}
				return p, crmflow.Errorf(crmflow.EINVALID, "unknown field %q; fields are %s", name, strings.Join(names, ", "))
			}
			key = "field:" + name
		}
		if seen[key] {
			return p, crmflow.Errorf(crmflow.EINVALID, "field %q is set twice", name)
		}
		seen[key] = true
		if err := p.assign(key, value); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (p *Patch) assign(key, v string) error {
	trimmed := strings.TrimSpace(v)
	switch key {
	case "title":
		p.Title = &trimmed
	case "description":
		p.Description = &v
	case "module":
		p.ModuleName = &trimmed
	case "kind":
		k, err := ParseKind(trimmed)
		if err != nil {
			return err
		}
		p.Kind = &k
	case "value", "difficulty", "urgency":
		n, err := ParseScore(key, trimmed)
		if err != nil {
			return err
		}
		switch key {
		case "value":
			p.Value = &n
		case "difficulty":
			p.Difficulty = &n
		default:
			p.Urgency = &n
		}
	case "moscow":
		m, err := ParseMoSCoW(trimmed)
		if err != nil {
			return err
		}
		p.MoSCoW = &m
	case "criteria":
		list := []string{}
		for _, c := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == ';' || r == '；' }) {
			if c = strings.TrimSpace(c); c != "" {
				list = append(list, c)
			}
		}
		p.Criteria = &list
	case "owner":
		p.Owner = &trimmed
	case "source":
		p.Source = &trimmed
	case "stakeholder":
		p.Stakeholder = &trimmed
	case "tags":
		list := []string{}
		for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' }) {
			if t = strings.TrimSpace(t); t != "" {
				list = append(list, t)
			}
		}
		p.Tags = &list
	default:
		if p.Fields == nil {
			p.Fields = map[string]string{}
		}
		p.Fields[strings.TrimPrefix(key, "field:")] = trimmed
	}
	return nil
}
