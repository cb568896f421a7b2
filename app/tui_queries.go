package app

import (
	"bytes"

	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/survey"
)

// RequirementDetail is one requirement as a detail screen shows it: the view
// with its links, the finding it came from, the process steps that refer to it
// and its change history.
type RequirementDetail struct {
	View     requirements.View
	Source   *research.FindingView // nil when the source names no finding
	Steps    []process.StepRef
	History  []requirements.Change
	Settings requirements.Settings
}

// RequirementDetail gathers what a detail screen shows about one requirement.
func (a *App) RequirementDetail(ctx context.Context, ref string, lang crmflow.Lang) (RequirementDetail, error) {
	svc := a.Requirements
	r, err := svc.Resolve(ctx, ref)
	if err != nil {
		return RequirementDetail{}, err
	}
	st, err := svc.Settings(ctx)
	if err != nil {
		return RequirementDetail{}, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return RequirementDetail{}, err
	}
	links, err := svc.Store.Links(ctx, r.ID)
	if err != nil {
		return RequirementDetail{}, err
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
	d := RequirementDetail{View: requirements.MakeView(r, st, cat, lang, links, titles), Settings: st}
	if id, ok := research.SourceFinding(r.Source); ok {
		fv, err := a.Research.FindingView(ctx, id, lang)
		switch {
		case err == nil:
			d.Source = &fv
		case crmflow.ErrorCode(err) != crmflow.ENOTFOUND:
			return d, err
		}
	}
	if d.Steps, err = a.Processes.StepsFor(ctx, r.ID); err != nil {
		return d, err
	}
	events, err := a.db.AuditLog(ctx, crmflow.AuditFilter{Entity: r.ID})
	if err != nil {
		return d, err
	}
	d.History = requirements.History(events)
	return d, nil
}

// QuestionnaireCount is a questionnaire with the number of responses it has.
type QuestionnaireCount struct {
	Questionnaire survey.Questionnaire
	Responses     int
}

// QuestionnaireCounts lists the questionnaires in ID order with their response counts.
func (a *App) QuestionnaireCounts(ctx context.Context) ([]QuestionnaireCount, error) {
	qs, err := a.Surveys.Store.Questionnaires(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := a.Surveys.Store.ResponseCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]QuestionnaireCount, len(qs))
	for i, q := range qs {
		out[i] = QuestionnaireCount{Questionnaire: q, Responses: counts[q.ID]}
	}
	return out, nil
}

// ProcessMaps lists every process map in ID order.
func (a *App) ProcessMaps(ctx context.Context) ([]process.Map, error) {
	return a.Processes.Store.Maps(ctx)
}

// RequirementForm is the readable text form of a requirement that a person
// edits in $EDITOR, with the requirement it was made from. A requirement
// that may not be edited (frozen, verified) is refused here, before the
// person spends time on an edit that cannot be saved.
func (a *App) RequirementForm(ctx context.Context, ref string, lang crmflow.Lang) ([]byte, requirements.Requirement, error) {
	svc := a.Requirements
	r, err := svc.Resolve(ctx, ref)
	if err != nil {
		return nil, r, err
	}
	if !r.Status.Editable() {
		_, err := svc.Edit(ctx, r.ID, requirements.Patch{Title: &r.Title})
		return nil, r, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return nil, r, err
	}
	defs, err := svc.Store.FieldDefs(ctx)
	if err != nil {
		return nil, r, err
	}
	modName := r.Module
	if m, ok := cat.Lookup(r.Module); ok {
		modName = m.Name(lang)
	}
	var buf bytes.Buffer
	if err := report.FormatRequirementForm(&buf, r, modName, defs, lang); err != nil {
		return nil, r, err
	}
	return buf.Bytes(), r, nil
}

// SaveRequirementForm parses an edited form of base and saves it, refused when
// base changed meanwhile (its revision moved on).
func (a *App) SaveRequirementForm(ctx context.Context, base requirements.Requirement, edited []byte) (requirements.Requirement, error) {
	svc := a.Requirements
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return base, err
	}
	defs, err := svc.Store.FieldDefs(ctx)
	if err != nil {
		return base, err
	}
	parsed, err := report.ParseRequirementForm(edited, base, defs, func(name string) (string, error) {
		m, err := cat.Resolve(name)
		return m.Key, err
	})
	if err != nil {
		return base, err
	}
	return svc.Replace(ctx, base.ID, base.Revision, parsed)
}
