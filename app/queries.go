package app

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/stakeholder"
	"github.com/crmflow/crmflow/survey"
)

// The reads front ends list and show from; each is one store query.

// AllRequirements returns every requirement in ID order.
func (a *App) AllRequirements(ctx context.Context) ([]requirements.Requirement, error) {
	return a.Requirements.Store.Requirements(ctx)
}

// Requirement returns the requirement with the ID id (exact, not a reference).
func (a *App) Requirement(ctx context.Context, id string) (requirements.Requirement, error) {
	return a.Requirements.Store.Requirement(ctx, id)
}

// RequirementLinks returns the links from or to id; every link when id is empty.
func (a *App) RequirementLinks(ctx context.Context, id string) ([]requirements.Link, error) {
	return a.Requirements.Store.Links(ctx, id)
}

// RequirementTitles maps every requirement ID to its title.
func (a *App) RequirementTitles(ctx context.Context) (map[string]string, error) {
	return a.Requirements.Store.Titles(ctx)
}

// FieldDefs returns the project's custom requirement fields.
func (a *App) FieldDefs(ctx context.Context) ([]requirements.FieldDef, error) {
	return a.Requirements.Store.FieldDefs(ctx)
}

// CustomModules returns the modules the project added to the catalog.
func (a *App) CustomModules(ctx context.Context) ([]requirements.Module, error) {
	return a.Requirements.Store.CustomModules(ctx)
}

// DataFields returns the data dictionary.
func (a *App) DataFields(ctx context.Context) ([]requirements.DataField, error) {
	return a.Requirements.Store.DataFields(ctx)
}

// RemoveDataField removes a field from the data dictionary.
func (a *App) RemoveDataField(ctx context.Context, entity, name string) error {
	return a.Requirements.Store.RemoveDataField(ctx, entity, name)
}

// Permissions returns the role × module permission matrix.
func (a *App) Permissions(ctx context.Context) ([]requirements.Permission, error) {
	return a.Requirements.Store.Permissions(ctx)
}

// RequirementHistory returns the field-by-field history of a requirement; ref
// may name a removed one, whose history remains.
func (a *App) RequirementHistory(ctx context.Context, ref string) (string, []requirements.Change, error) {
	id := ""
	if r, err := a.Requirements.Resolve(ctx, ref); err == nil {
		id = r.ID
	} else if nid, ok := crmflow.KindRequirement.NormalizeRef(ref); ok {
		id = nid
	} else {
		return "", nil, err
	}
	events, err := a.db.AuditLog(ctx, crmflow.AuditFilter{Entity: id})
	if err != nil {
		return id, nil, err
	}
	if len(events) == 0 {
		return id, nil, crmflow.Errorf(crmflow.ENOTFOUND, "requirement %s has no history", id).About("requirement", id)
	}
	plan, err := a.planFieldHistory(ctx, id)
	if err != nil {
		return id, nil, err
	}
	return id, mergeInAuditOrder(requirements.History(events), plan), nil
}

// Suspects lists the trace links a change made suspect.
func (a *App) Suspects(ctx context.Context) ([]change.Suspect, error) {
	return a.Changes.Store.Suspects(ctx)
}

// ClearSuspect clears the suspect mark between two items.
func (a *App) ClearSuspect(ctx context.Context, x, y string) error {
	_, err := a.Changes.Store.ClearSuspect(ctx, x, y)
	return err
}

// MeetingList returns every meeting.
func (a *App) MeetingList(ctx context.Context) ([]meeting.Meeting, error) {
	return a.Meetings.Store.Meetings(ctx)
}

// Meeting returns a meeting; ref is MEET-001, meet-1 or 1.
func (a *App) Meeting(ctx context.Context, ref string) (meeting.Meeting, error) {
	return a.Meetings.Store.Meeting(ctx, normalizeMeetingID(ref))
}

// normalizeMeetingID accepts MEET-1, meet-001 or 1; anything else stays as
// given, for the store to report.
func normalizeMeetingID(s string) string {
	if id, ok := crmflow.KindMeeting.NormalizeRef(s); ok {
		return id
	}
	return s
}

// Interview returns the interview with the ID id.
func (a *App) Interview(ctx context.Context, id string) (research.Interview, error) {
	return a.Research.Store.Interview(ctx, id)
}

// AllFindings returns every finding as stored.
func (a *App) AllFindings(ctx context.Context) ([]research.Finding, error) {
	return a.Research.Store.Findings(ctx)
}

// ProcessMaps returns every process map.
func (a *App) ProcessMaps(ctx context.Context) ([]process.Map, error) {
	return a.Processes.Store.Maps(ctx)
}

// StakeholderList returns the stakeholder register.
func (a *App) StakeholderList(ctx context.Context) ([]stakeholder.Stakeholder, error) {
	return a.Stakeholders.Store.Stakeholders(ctx)
}

// Questionnaires returns every questionnaire and how many responses each has.
func (a *App) Questionnaires(ctx context.Context) ([]survey.Questionnaire, map[string]int, error) {
	all, err := a.Surveys.Store.Questionnaires(ctx)
	if err != nil {
		return nil, nil, err
	}
	counts, err := a.Surveys.Store.ResponseCounts(ctx)
	return all, counts, err
}

// Finding returns the finding with the ID id.
func (a *App) Finding(ctx context.Context, id string) (research.Finding, error) {
	return a.Research.Store.Finding(ctx, id)
}
