package app

import (
	"context"

	"github.com/crmflow/crmflow/feedback"
	"github.com/crmflow/crmflow/requirements"
)

// newFeedback wires the feedback register to the requirements it feeds: a
// module is resolved through the project's catalog, and triage adds a draft
// requirement through the same use case as `req add`, its source the item.
func newFeedback(db Store, a *App, o Options) *feedback.Service {
	reqs := a.Requirements
	return &feedback.Service{Store: db.Feedback(), Clock: o.Clock, Actor: o.Actor,
		ResolveModule: func(ctx context.Context, name string) (string, error) {
			cat, err := reqs.Catalog(ctx)
			if err != nil {
				return "", err
			}
			m, err := cat.Resolve(name)
			return m.Key, err
		},
		AddRequirement: func(ctx context.Context, d feedback.Draft) (string, error) {
			in := requirements.Input{ModuleName: d.Module}
			in.Title, in.Description, in.Source, in.Stakeholder = d.Title, d.Description, d.Source, d.Stakeholder
			in.Value, in.Difficulty, in.Urgency = 3, 3, 3
			added, err := reqs.Add(ctx, in)
			if err != nil {
				return "", err
			}
			return added[0].ID, nil
		}}
}

// TriageFeedback turns a feedback item into a draft requirement (its source
// the item); title and module "" take the item's.
func (a *App) TriageFeedback(ctx context.Context, ref, title, module string) (feedback.Item, error) {
	return a.Feedback.Triage(ctx, ref, title, module, a.Lang(ctx))
}

// TriageFeedbackInto turns feedback into a draft requirement planned for a
// release. The release is looked up first, so an unknown one writes nothing.
func (a *App) TriageFeedbackInto(ctx context.Context, ref, title, module, rel string) (feedback.Item, error) {
	if rel == "" {
		return a.TriageFeedback(ctx, ref, title, module)
	}
	if _, err := a.Releases.ResolveRelease(ctx, rel); err != nil {
		return feedback.Item{}, err
	}
	it, err := a.TriageFeedback(ctx, ref, title, module)
	if err != nil {
		return it, err
	}
	return it, a.SetRelease(ctx, it.Requirement, rel)
}

// FeedbackView is an item with its names in the project's language.
type FeedbackView struct {
	feedback.Item
	ModuleName   string `json:"module_name"`
	SeverityName string `json:"severity_name"`
	StatusName   string `json:"status_name"`
}

// FeedbackViews lists the items (status "" is all), oldest first.
func (a *App) FeedbackViews(ctx context.Context, status feedback.Status) ([]FeedbackView, error) {
	items, err := a.Feedback.List(ctx, status)
	if err != nil {
		return nil, err
	}
	return a.feedbackViews(ctx, items)
}

// FeedbackView is one item by its ID.
func (a *App) FeedbackView(ctx context.Context, ref string) (FeedbackView, error) {
	it, err := a.Feedback.Resolve(ctx, ref)
	if err != nil {
		return FeedbackView{}, err
	}
	vs, err := a.feedbackViews(ctx, []feedback.Item{it})
	if err != nil {
		return FeedbackView{}, err
	}
	return vs[0], nil
}

func (a *App) feedbackViews(ctx context.Context, items []feedback.Item) ([]FeedbackView, error) {
	lang := a.Lang(ctx)
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]FeedbackView, 0, len(items))
	for _, it := range items {
		v := FeedbackView{Item: it, SeverityName: it.Severity.Name(lang), StatusName: it.Status.Name(lang)}
		if m, ok := cat.Lookup(it.Module); ok && it.Module != "" {
			v.ModuleName = m.Name(lang)
		}
		out = append(out, v)
	}
	return out, nil
}
