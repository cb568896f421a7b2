package app

import (
	"context"
	"errors"
	"slices"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/requirements"
)

// AddRequirement adds one requirement and returns it with its view.
func (a *App) AddRequirement(ctx context.Context, in requirements.Input) (requirements.View, error) {
	added, err := a.Requirements.Add(ctx, in)
	if err != nil {
		return requirements.View{}, err
	}
	return a.RequirementView(ctx, added[0])
}

// SetRequirementStatus moves a requirement along its lifecycle; it returns
// the status it left and the requirement after the move.
func (a *App) SetRequirementStatus(ctx context.Context, ref string, to requirements.Status) (requirements.Status, requirements.Requirement, error) {
	before, err := a.Requirements.Resolve(ctx, ref)
	if err != nil {
		return "", before, err
	}
	r, err := a.Requirements.SetStatus(ctx, before.ID, to)
	var e *crmflow.Error
	if to == requirements.Frozen && errors.As(err, &e) {
		// Name the baseline a freeze would take next, not one that exists.
		if all, berr := a.db.Baselines().Baselines(ctx); berr == nil {
			err = e.With("next", baseline.NextName(baseline.Latest(all)))
		}
	}
	return before.Status, r, err
}

// RequirementView is one requirement with its score, module name and links,
// in the project's language.
func (a *App) RequirementView(ctx context.Context, r requirements.Requirement) (requirements.View, error) {
	svc := a.Requirements
	st, err := svc.Settings(ctx)
	if err != nil {
		return requirements.View{}, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return requirements.View{}, err
	}
	links, err := svc.Store.Links(ctx, r.ID)
	if err != nil {
		return requirements.View{}, err
	}
	titles := map[string]string{}
	for _, l := range links {
		for _, id := range []string{l.From, l.To} {
			if _, ok := titles[id]; !ok && id != r.ID {
				if o, err := svc.Store.Requirement(ctx, id); err == nil {
					titles[id] = o.Title
				}
			}
		}
	}
	plans, err := a.reqPlans(ctx)
	if err != nil {
		return requirements.View{}, err
	}
	v := requirements.MakeView(r, st, cat, a.Lang(ctx), links, titles)
	plans.fill(&v)
	return v, nil
}

// RequirementList is a listing of requirements, in the project's language,
// that makes each one's full view on demand (so a large listing is never
// held twice).
type RequirementList struct {
	requirements.Listing
	Lang   crmflow.Lang
	byID   map[string][]requirements.Link
	titles map[string]string
	plans  *reqPlans
}

// View is the i-th requirement's view with its links and plan; only a
// listing asked with views has the links.
func (l *RequirementList) View(i int) requirements.View {
	r := l.Requirements[i]
	v := requirements.MakeView(r, l.Settings, l.Catalog, l.Lang, l.byID[r.ID], l.titles)
	l.plans.fill(&v)
	return v
}

// Column is the text of column name for requirement r: a plan field
// (release, sprint, estimate) or a custom field.
func (l *RequirementList) Column(r *requirements.Requirement, name string) string {
	if requirements.IsPlanField(name) {
		return l.plans.value(r.ID, name)
	}
	return r.Fields[name]
}

// ListRequirements returns the requirements that match filter in the order
// sortBy names (RequirementSortKeys). columns are fields the caller shows:
// plan fields (release, sprint, estimate) or custom fields, which must
// exist; filter.Fields may name plan fields too. views asks for the full
// requirements and their links, for View.
func (a *App) ListRequirements(ctx context.Context, filter requirements.Filter, sortBy string, columns []string, views bool) (*RequirementList, error) {
	svc := a.Requirements
	if len(columns) > 0 {
		defs, err := svc.Store.FieldDefs(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range columns {
			if _, ok := requirements.FindField(defs, c); !ok && !requirements.IsPlanField(c) {
				return nil, requirements.UnknownField(defs, c)
			}
		}
	}
	// Plan fields filter here, on the release plan; the rest in the requirements service.
	var pfs []planFilter
	custom := map[string]string{}
	for k, v := range filter.Fields {
		if !requirements.IsPlanField(k) {
			custom[k] = v
			continue
		}
		pf, err := a.planFilter(ctx, k, v)
		if err != nil {
			return nil, err
		}
		pfs = append(pfs, pf)
	}
	filter.Fields = custom
	base := sortBy
	if sortBy == SortRelease {
		base = requirements.SortID
	}
	listing, err := svc.List(ctx, filter, base, views)
	if err != nil {
		return nil, err
	}
	plans, err := a.reqPlans(ctx)
	if err != nil {
		return nil, err
	}
	if len(pfs) > 0 {
		listing.Requirements = slices.DeleteFunc(listing.Requirements, func(r requirements.Requirement) bool {
			for _, f := range pfs {
				if !plans.match(r.ID, f) {
					return true
				}
			}
			return false
		})
	}
	if sortBy == SortRelease {
		plans.sortByRelease(listing.Requirements)
	}
	out := &RequirementList{Listing: listing, Lang: a.Lang(ctx), plans: plans}
	if !views {
		return out, nil
	}
	links, err := svc.Store.Links(ctx, "")
	if err != nil {
		return nil, err
	}
	out.byID = map[string][]requirements.Link{}
	for _, l := range links {
		out.byID[l.From] = append(out.byID[l.From], l)
		if l.To != l.From {
			out.byID[l.To] = append(out.byID[l.To], l)
		}
	}
	// Titles of linked requirements: from the listing, or looked up when a
	// link leaves it.
	out.titles = make(map[string]string, len(listing.Requirements))
	for _, r := range listing.Requirements {
		out.titles[r.ID] = r.Title
	}
	for _, l := range links {
		if out.titles[l.From] == "" || out.titles[l.To] == "" {
			if out.titles, err = svc.Store.Titles(ctx); err != nil {
				return nil, err
			}
			break
		}
	}
	return out, nil
}
