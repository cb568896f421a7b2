package app

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
)

// RequirementDetail is one requirement as a detail screen shows it: the view
// with its links, the finding it came from, the process steps that refer to it
// and its change history.
type RequirementDetail struct {
	View     requirements.View
	Source   *research.FindingView // nil when the source names no finding
	Feedback *FeedbackView         // the feedback item it was triaged from, if any
	Steps    []process.StepRef
	History  []requirements.Change
}

// RequirementDetail gathers what a detail screen shows about one requirement.
func (a *App) RequirementDetail(ctx context.Context, ref string, lang crmflow.Lang) (RequirementDetail, error) {
	r, err := a.Requirements.Resolve(ctx, ref)
	if err != nil {
		return RequirementDetail{}, err
	}
	var d RequirementDetail
	if d.View, err = a.RequirementView(ctx, r); err != nil {
		return d, err
	}
	if id, ok := research.SourceFinding(r.Source); ok {
		fv, err := a.Research.FindingView(ctx, id, lang)
		switch {
		case err == nil:
			d.Source = &fv
		case crmflow.ErrorCode(err) != crmflow.ENOTFOUND:
			return d, err
		}
	}
	if crmflow.KindFeedback.Is(r.Source) {
		fv, err := a.FeedbackView(ctx, r.Source)
		switch {
		case err == nil:
			d.Feedback = &fv
		case crmflow.ErrorCode(err) != crmflow.ENOTFOUND:
			return d, err
		}
	}
	if d.Steps, err = a.Processes.StepsFor(ctx, r.ID); err != nil {
		return d, err
	}
	if _, d.History, err = a.RequirementHistory(ctx, r.ID); err != nil && crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		return d, err
	}
	return d, nil
}
