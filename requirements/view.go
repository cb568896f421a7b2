package requirements

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/crmflow/crmflow"
)

// View is a requirement as crmflow shows it: the stored fields plus what the
// project settings derive. Its JSON keys are stable (documented in docs/json.md).
type View struct {
	ID              string            `json:"id"`
	Title           string            `json:"title"`
	Description     string            `json:"description"`
	Module          string            `json:"module"`
	ModuleName      string            `json:"module_name"`
	Kind            Kind              `json:"kind"`
	Status          Status            `json:"status"`
	Value           int               `json:"value"`
	Difficulty      int               `json:"difficulty"`
	Urgency         int               `json:"urgency"`
	Score           int               `json:"score"`
	Quadrant        Quadrant          `json:"quadrant"`
	MoSCoW          MoSCoW            `json:"moscow"`
	MoSCoWSuggested bool              `json:"moscow_suggested"`
	Criteria        []string          `json:"criteria"`
	Owner           string            `json:"owner"`
	Source          string            `json:"source"`
	Stakeholder     string            `json:"stakeholder"`
	Tags            []string          `json:"tags"`
	Fields          map[string]string `json:"fields"`
	Parent          string            `json:"parent"`
	Links           []LinkView        `json:"links"`
	// The plan of the requirement (PlanFields): the release plan keeps it,
	// the application fills it in; empty when the requirement is unplanned.
	Release   string    `json:"release,omitempty"`
	Sprint    string    `json:"sprint,omitempty"`
	Estimate  float64   `json:"estimate_days,omitempty"`
	Revision  int       `json:"revision"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Stored is the requirement v shows: its stored fields, with MoSCoW empty
// when v shows a suggestion. Formats read fields through the field table
// from it.
func (v *View) Stored() Requirement {
	r := Requirement{ID: v.ID, Title: v.Title, Description: v.Description, Module: v.Module, Kind: v.Kind,
		Status: v.Status, Value: v.Value, Difficulty: v.Difficulty, Urgency: v.Urgency, MoSCoW: v.MoSCoW,
		Criteria: v.Criteria, Owner: v.Owner, Source: v.Source, Stakeholder: v.Stakeholder, Tags: v.Tags,
		Fields: v.Fields, Revision: v.Revision, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if v.MoSCoWSuggested {
		r.MoSCoW = ""
	}
	return r
}

// LinkView is a link seen from one requirement: outgoing ("REQ-004 parent
// REQ-001" seen from REQ-004) or incoming (seen from REQ-001, as "child").
type LinkView struct {
	Kind      LinkKind `json:"kind"`
	Direction string   `json:"direction"` // out or in
	ID        string   `json:"id"`        // the other requirement
	Title     string   `json:"title"`
	Suspect   bool     `json:"suspect"`
}

// Role is the link's meaning from the viewing requirement's side.
func (l LinkView) Role() string {
	switch {
	case l.Kind == LinkParent && l.Direction == "out":
		return "parent"
	case l.Kind == LinkParent:
		return "child"
	case l.Kind == LinkDerivesFrom && l.Direction == "out":
		return "derives-from"
	case l.Kind == LinkDerivesFrom:
		return "derived-by"
	}
	return "relates-to"
}

// MakeView builds the view of r. links may hold any links; those touching r
// are shown. titles maps IDs to titles for the linked requirements (may be nil).
func MakeView(r Requirement, st Settings, cat *Catalog, lang crmflow.Lang, links []Link, titles map[string]string) View {
	e := st.Evaluate(&r)
	v := View{ID: r.ID, Title: r.Title, Description: r.Description, Module: r.Module, ModuleName: r.Module,
		Kind: r.Kind, Status: r.Status, Value: r.Value, Difficulty: r.Difficulty, Urgency: r.Urgency,
		Score: e.Score, Quadrant: e.Quadrant, MoSCoW: e.MoSCoW, MoSCoWSuggested: e.MoSCoWSuggested,
		Criteria: nonNil(r.Criteria), Owner: r.Owner, Source: r.Source, Stakeholder: r.Stakeholder,
		Tags: nonNil(r.Tags), Fields: r.Fields, Links: []LinkView{}, Revision: r.Revision,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if m, ok := cat.Lookup(r.Module); ok {
		v.ModuleName = m.Name(lang)
	}
	for _, l := range links {
		switch r.ID {
		case l.From:
			v.Links = append(v.Links, LinkView{Kind: l.Kind, Direction: "out", ID: l.To, Title: titles[l.To], Suspect: l.Suspect})
			if l.Kind == LinkParent {
				v.Parent = l.To
			}
		case l.To:
			v.Links = append(v.Links, LinkView{Kind: l.Kind, Direction: "in", ID: l.From, Title: titles[l.From], Suspect: l.Suspect})
		}
	}
	sort.SliceStable(v.Links, func(i, j int) bool {
		a, b := v.Links[i], v.Links[j]
		if a.Role() != b.Role() {
			return a.Role() > b.Role() // parent, relates-to, derives-from, derived-by, child
		}
		return a.ID < b.ID
	})
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Change is one field change in a requirement's history.
type Change struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Field  string    `json:"field"`
	Old    string    `json:"old"`
	New    string    `json:"new"`
}

// historyFields is the order fields are reported in: the field table's
// imported fields and the custom field values.
var historyFields = fieldKeys(func(f Field) bool { return f.Import || f.Type == TypeMap })

// History turns a requirement's audit events into field-by-field changes.
func History(events []crmflow.AuditEvent) []Change {
	out := []Change{}
	for _, e := range events {
		base := Change{Seq: e.Seq, At: e.At, Actor: string(e.Actor), Action: e.Action}
		before, after := decode(e.Before), decode(e.After)
		switch e.Action {
		case "link", "unlink":
			var l Link
			raw := e.After
			if e.Action == "unlink" {
				raw = e.Before
			}
			_ = json.Unmarshal(raw, &l)
			c := base
			c.Field = "link"
			desc := fmt.Sprintf("%s %s %s", l.From, l.Kind, l.To)
			if e.Action == "link" {
				c.New = desc
			} else {
				c.Old = desc
			}
			out = append(out, c)
			continue
		}
		for _, f := range historyFields {
			o, n := text(before[f]), text(after[f])
			if o == n {
				continue
			}
			c := base
			c.Field, c.Old, c.New = f, o, n
			out = append(out, c)
		}
	}
	return out
}

func decode(raw json.RawMessage) map[string]any {
	m := map[string]any{}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &m)
	}
	return m
}

// text renders a JSON value for a history line: strings bare, lists joined, maps as k=v.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	case []any:
		s := ""
		for i, e := range x {
			if i > 0 {
				s += " | "
			}
			s += text(e)
		}
		return s
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s := ""
		for i, k := range keys {
			if i > 0 {
				s += ", "
			}
			s += k + "=" + text(x[k])
		}
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
