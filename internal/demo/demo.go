// Package demo fills an empty workspace with example data: Seed writes a
// small, realistic project a newcomer can explore (the 快消 company's CRM
// customization from the seed document), and Scale writes n synthetic
// requirements for trying crmflow at volume. Both go through the
// requirements.Service API only, and both are deterministic.
package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Summary counts what Seed or Scale wrote.
type Summary struct {
	Requirements int // requirements added
	Links        int // trace links added
	Fields       int // custom field definitions added
	Confirmed    int // requirements left confirmed
	Draft        int // requirements left draft
	DataFields   int // data dictionary entries
	Permissions  int // role × module matrix cells
}

// Seed fills an empty workspace with the seed's example project: a 快消 (FMCG)
// company's CRM customization, whose sales reps recorded customer visits in
// Excel by hand and lost 30% of the records. It defines two custom fields
// (预计工时, 交付批次), adds the requirements in one transaction, moves one to
// rejected and one to deferred, and adds the trace links. The first
// requirement, REQ-001, is 拜访记录移动端实时录入.
//
// The workspace must hold no requirements. Seed uses only the Service API and
// is deterministic: the same workspace state gives the same data (timestamps
// come from the store's clock).
func Seed(ctx context.Context, svc *requirements.Service) (Summary, error) {
	var sum Summary
	if err := requireEmpty(ctx, svc); err != nil {
		return sum, err
	}
	n, err := ensureFields(ctx, svc, seedFields)
	if err != nil {
		return sum, err
	}
	sum.Fields = n

	inputs := make([]requirements.Input, len(seedReqs))
	for i, s := range seedReqs {
		in, err := s.input()
		if err != nil {
			return sum, err
		}
		inputs[i] = in
	}
	added, err := svc.Add(ctx, inputs...)
	if err != nil {
		return sum, fmt.Errorf("demo seed: %w", err)
	}
	ids := make(map[string]string, len(added))
	status := make(map[string]requirements.Status, len(added))
	for i, r := range added {
		ids[seedReqs[i].key] = r.ID
		status[r.ID] = r.Status
	}
	sum.Requirements = len(added)

	for _, s := range seedReqs {
		if s.status == rejected || s.status == deferred {
			r, err := svc.SetStatus(ctx, ids[s.key], s.status)
			if err != nil {
				return sum, fmt.Errorf("demo seed: %w", err)
			}
			status[r.ID] = r.Status
		}
	}
	for _, l := range seedLinks {
		from, to := ids[l.from], ids[l.to]
		if from == "" || to == "" {
			return sum, crmflow.Errorf(crmflow.EINTERNAL, "demo seed: link %s → %s names an unknown requirement", l.from, l.to)
		}
		if _, err := svc.Link(ctx, from, to, l.kind); err != nil {
			return sum, fmt.Errorf("demo seed: %w", err)
		}
		sum.Links++
	}
	if sum.DataFields, sum.Permissions, err = seedDataModel(ctx, svc, ids); err != nil {
		return sum, err
	}
	for _, st := range status {
		countStatus(&sum, st)
	}
	return sum, nil
}

// input turns a seed entry into what Service.Add takes. Rejected and deferred
// entries start as drafts; Seed moves them afterwards.
func (s seedReq) input() (requirements.Input, error) {
	st := s.status
	if st != confirmed {
		st = draft
	}
	if st == confirmed && len(s.criteria) == 0 {
		// Service.SetStatus refuses this; Add does not check it, so Seed does.
		return requirements.Input{}, crmflow.Errorf(crmflow.EINTERNAL, "demo seed: %q is confirmed but has no acceptance criteria", s.title)
	}
	fields := map[string]string{}
	if s.hours != "" {
		fields[FieldHours] = s.hours
	}
	if s.batch != "" {
		fields[FieldBatch] = s.batch
	}
	return requirements.Input{
		Requirement: requirements.Requirement{
			Title:       s.title,
			Description: s.desc,
			Module:      s.module,
			Kind:        s.kind,
			Status:      st,
			Value:       s.v,
			Difficulty:  s.d,
			Urgency:     s.u,
			MoSCoW:      s.moscow,
			Criteria:    slices.Clone(s.criteria),
			Owner:       s.owner,
			Source:      s.source,
			Stakeholder: s.stakeholder,
			Tags:        slices.Clone(s.tags),
		},
		FieldText: fields,
	}, nil
}

func countStatus(sum *Summary, st requirements.Status) {
	switch st {
	case requirements.Confirmed:
		sum.Confirmed++
	case requirements.Draft:
		sum.Draft++
	}
}

// requireEmpty refuses a workspace that already holds requirements, so the
// demo never mixes with real data and its IDs start at REQ-001.
func requireEmpty(ctx context.Context, svc *requirements.Service) error {
	all, err := svc.Store.Requirements(ctx)
	if err != nil {
		return err
	}
	if len(all) > 0 {
		return crmflow.Errorf(crmflow.ECONFLICT, "the workspace already holds %d requirements; demo data goes into an empty workspace only", len(all)).
			In("demo.load")
	}
	return nil
}

// ensureFields defines the fields that are missing. A field that already
// exists with the same type and choices is kept (so a Seed that failed after
// this step can be run again); one that differs is a conflict. It returns the
// number of fields it added.
func ensureFields(ctx context.Context, svc *requirements.Service, defs []requirements.FieldDef) (int, error) {
	have, err := svc.Store.FieldDefs(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range defs {
		if old, ok := requirements.FindField(have, d.Name); ok {
			if old.Type != d.Type || !slices.Equal(old.Choices, d.Choices) || old.Default != d.Default {
				return n, crmflow.Errorf(crmflow.ECONFLICT, "custom field %s already exists as a %s field with other settings; the demo needs its own definition", d.Name, old.Type).
					In("demo.load")
			}
			continue
		}
		d.Choices = slices.Clone(d.Choices)
		if _, err := svc.AddField(ctx, d); err != nil {
			return n, fmt.Errorf("demo: %w", err)
		}
		n++
	}
	return n, nil
}
