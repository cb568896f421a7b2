package process

import (
	"context"
	"strings"

	"github.com/crmflow/crmflow"
)

// Service holds the rules for process maps; the CLI calls it.
type Service struct {
	Store Store
	// RefExists says whether a reference a step makes (REQ-004, F-001)
	// exists in the workspace.
	RefExists func(ctx context.Context, ref string) bool
}

// Check parses src and checks its references against the workspace.
func (s *Service) Check(ctx context.Context, file string, src []byte) (*Map, error) {
	m, err := Parse(file, src)
	if s.RefExists != nil && m != nil {
		// References are checked beside the other errors, not after them.
		var all ErrorList
		if l, ok := err.(ErrorList); ok {
			all = append(all, l...)
		} else if pe, ok := err.(*ParseError); ok {
			all = append(all, pe)
		} else if err != nil {
			return nil, err
		}
		if rerr := CheckRefs(file, m, func(ref string) bool { return s.RefExists(ctx, ref) }); rerr != nil {
			if l, ok := rerr.(ErrorList); ok {
				all = append(all, l...)
			} else if pe, ok := rerr.(*ParseError); ok {
				all = append(all, pe)
			}
		}
		all.sort()
		if err = all.Err(); err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	m.Source = string(src)
	return m, nil
}

// Add checks and stores a new map.
func (s *Service) Add(ctx context.Context, file string, src []byte) (Map, error) {
	m, err := s.Check(ctx, file, src)
	if err != nil {
		return Map{}, err
	}
	if err := s.Store.CreateMap(ctx, m); err != nil {
		return Map{}, err
	}
	return *m, nil
}

// Replace checks new source for an existing map and stores it.
func (s *Service) Replace(ctx context.Context, id, file string, src []byte) (Map, error) {
	m, err := s.Check(ctx, file, src)
	if err != nil {
		return Map{}, err
	}
	return s.Store.UpdateMap(ctx, id, func(old *Map) error {
		old.Name, old.Variant, old.Description = m.Name, m.Variant, m.Description
		old.Lanes, old.Nodes, old.Flows, old.Source = m.Lanes, m.Nodes, m.Flows, m.Source
		return nil
	})
}

// Resolve finds a map by ID (PM-001, pm-1, 1) or by its exact name.
func (s *Service) Resolve(ctx context.Context, ref string) (Map, error) {
	ref = strings.TrimSpace(ref)
	if id, ok := crmflow.KindProcessMap.NormalizeRef(ref); ok {
		return s.Store.Map(ctx, id)
	}
	all, err := s.Store.Maps(ctx)
	if err != nil {
		return Map{}, err
	}
	var found []Map
	for _, m := range all {
		if m.Name == ref {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Map{}, crmflow.Errorf(crmflow.ENOTFOUND, "no process map has the ID or name %q", ref).About(crmflow.KindProcessMap.Noun, "").With("ref", ref)
	}
	ids := make([]string, len(found))
	for i, m := range found {
		ids[i] = m.ID + " (" + string(m.Variant) + ")"
	}
	return Map{}, crmflow.Errorf(crmflow.EINVALID, "%q names %d maps: %s", ref, len(found), strings.Join(ids, ", ")).
		About(crmflow.KindProcessMap.Noun, "").With("candidate", found[0].ID)
}

// StepRef is a process step that references a requirement or finding.
type StepRef struct {
	Map     string  `json:"map"`
	Name    string  `json:"name"`
	Variant Variant `json:"variant"`
	Step    string  `json:"step"`
	Label   string  `json:"label"`
	Lane    string  `json:"lane"`
}

// StepsFor lists the steps, across every map, that reference ref (REQ-004).
func (s *Service) StepsFor(ctx context.Context, ref string) ([]StepRef, error) {
	all, err := s.Store.Maps(ctx)
	if err != nil {
		return nil, err
	}
	out := []StepRef{}
	for _, m := range all {
		for _, n := range m.Nodes {
			hit := false
			for _, r := range append(append([]string(nil), n.Reqs...), n.Findings...) {
				hit = hit || r == ref
			}
			if hit {
				lane := n.Lane
				if l, ok := m.Lane(n.Lane); ok {
					lane = l.Name
				}
				out = append(out, StepRef{Map: m.ID, Name: m.Name, Variant: m.Variant, Step: n.ID, Label: n.Label, Lane: lane})
			}
		}
	}
	return out, nil
}
