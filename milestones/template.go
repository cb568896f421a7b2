package milestones

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/crmflow/crmflow"
)

//go:embed plans/*.json
var planFiles embed.FS

// Template is an embedded plan: the stages with default durations, roles,
// deliverables and dependencies.
type Template struct {
	Name       string          `json:"name"`
	Lang       crmflow.Lang    `json:"lang"`
	Title      string          `json:"title"`
	BufferPct  float64         `json:"buffer_pct"`
	Milestones []TemplateStage `json:"milestones"`
}

// TemplateStage is one stage of a template.
type TemplateStage struct {
	Key          string   `json:"key"`
	Name         string   `json:"name"`
	Duration     int      `json:"duration"`
	Role         string   `json:"role"`
	Deliverables []string `json:"deliverables"`
	After        []struct {
		Key string `json:"key"`
		Lag int    `json:"lag"`
	} `json:"after"`
}

// Templates returns every embedded template, by name then language.
func Templates() ([]Template, error) {
	paths, err := fs.Glob(planFiles, "plans/*.json")
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, p := range paths {
		b, err := planFiles.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var t Template
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			return nil, fmt.Errorf("plan template %s: %w", p, err)
		}
		if err := t.check(); err != nil {
			return nil, fmt.Errorf("plan template %s: %w", p, err)
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Lang > out[j].Lang
	})
	return out, nil
}

// FindTemplate returns the template name in lang.
func FindTemplate(name string, lang crmflow.Lang) (Template, error) {
	ts, err := Templates()
	if err != nil {
		return Template{}, err
	}
	var names []string
	for _, t := range ts {
		if t.Name == strings.TrimSpace(name) && t.Lang == lang {
			return t, nil
		}
		if t.Lang == lang {
			names = append(names, t.Name)
		}
	}
	return Template{}, crmflow.Errorf(crmflow.ENOTFOUND, "there is no plan template %q (templates: %s)", name, strings.Join(names, ", ")).
		About("plan template", name).With("templates", strings.Join(names, ", "))
}

func (t Template) check() error {
	keys := map[string]bool{}
	for _, s := range t.Milestones {
		if s.Key == "" || s.Name == "" || s.Duration < 0 || keys[s.Key] {
			return fmt.Errorf("stage %q: key, name and a duration >= 0 are required, keys unique", s.Key)
		}
		for _, a := range s.After {
			if !keys[a.Key] {
				return fmt.Errorf("stage %q follows %q, which is not an earlier stage", s.Key, a.Key)
			}
		}
		keys[s.Key] = true
	}
	return nil
}

// Instantiate turns the template into milestones MS-01… in order.
func (t Template) Instantiate() []Milestone {
	ids := map[string]string{}
	out := make([]Milestone, 0, len(t.Milestones))
	for i, s := range t.Milestones {
		id := crmflow.KindMilestone.Format(i + 1)
		ids[s.Key] = id
		m := Milestone{ID: id, Seq: i + 1, Name: s.Name, Role: s.Role, Duration: s.Duration, Preds: []Dep{}, Deliverables: []Deliverable{}}
		for _, a := range s.After {
			m.Preds = append(m.Preds, Dep{ID: ids[a.Key], Lag: a.Lag})
		}
		for _, d := range s.Deliverables {
			m.Deliverables = append(m.Deliverables, Deliverable{Name: d})
		}
		out = append(out, m)
	}
	return out
}
