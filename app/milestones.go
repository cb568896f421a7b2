package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/requirements"
)

// Today is the clock's calendar day.
func (a *App) Today() milestones.Date { return milestones.DateOf(a.clock.Now()) }

// PlanTemplates lists the plan templates in the project's language.
func (a *App) PlanTemplates(ctx context.Context) ([]milestones.Template, error) {
	all, err := milestones.Templates()
	if err != nil {
		return nil, err
	}
	lang := a.Lang(ctx)
	out := []milestones.Template{}
	for _, t := range all {
		if t.Lang == lang {
			out = append(out, t)
		}
	}
	return out, nil
}

// InitPlan creates the plan from a template in the project's language.
func (a *App) InitPlan(ctx context.Context, template, start, buffer string) (*milestones.Plan, error) {
	return a.Milestones.Init(ctx, milestones.InitInput{Template: template, Lang: a.Lang(ctx), Start: start, Buffer: buffer})
}

// Plan returns the whole plan as stored.
func (a *App) Plan(ctx context.Context) (*milestones.Plan, error) { return a.Milestones.Plan(ctx) }

// Schedule computes the plan as of today.
func (a *App) Schedule(ctx context.Context) (*milestones.Schedule, error) {
	return a.Milestones.Schedule(ctx)
}

// ScheduleWithSprints is the schedule with the sprints of each release as
// rows right after the milestone the release belongs to, so the
// development plan shows in it.
func (a *App) ScheduleWithSprints(ctx context.Context) (*milestones.Schedule, error) {
	s, err := a.Milestones.Schedule(ctx)
	if err != nil {
		return nil, err
	}
	return a.withSprintRows(ctx, s)
}

// ScheduleAt computes the plan as of a given day.
func (a *App) ScheduleAt(ctx context.Context, day milestones.Date) (*milestones.Schedule, error) {
	p, err := a.Milestones.Plan(ctx)
	if err != nil {
		return nil, err
	}
	return milestones.Compute(p, day)
}

// MilestoneRow returns one milestone with its computed dates.
func (a *App) MilestoneRow(ctx context.Context, ref string) (milestones.Row, error) {
	s, err := a.Schedule(ctx)
	if err != nil {
		return milestones.Row{}, err
	}
	p, err := a.Plan(ctx)
	if err != nil {
		return milestones.Row{}, err
	}
	m, err := p.ResolveMilestone(ref)
	if err != nil {
		return milestones.Row{}, err
	}
	r, _ := s.Row(m.ID)
	return r, nil
}

// AddMilestone appends a milestone.
func (a *App) AddMilestone(ctx context.Context, in milestones.MilestoneInput) (milestones.Milestone, error) {
	return a.Milestones.Add(ctx, in)
}

// EditMilestone changes a milestone.
func (a *App) EditMilestone(ctx context.Context, ref string, in milestones.EditInput) (milestones.Milestone, error) {
	return a.Milestones.Edit(ctx, ref, in)
}

// StartMilestone records a start ("" is today).
func (a *App) StartMilestone(ctx context.Context, ref, date string) (milestones.Milestone, error) {
	return a.Milestones.Start(ctx, ref, date)
}

// FinishMilestone records a finish ("" is today).
func (a *App) FinishMilestone(ctx context.Context, ref, date string) (milestones.Milestone, error) {
	return a.Milestones.Finish(ctx, ref, date)
}

// DeliverableDone marks a milestone's deliverable handed over.
func (a *App) DeliverableDone(ctx context.Context, ref, name, date string) (milestones.Milestone, error) {
	return a.Milestones.DeliverableDone(ctx, ref, name, date)
}

// TakePlanBaseline snapshots the planned dates.
func (a *App) TakePlanBaseline(ctx context.Context, name string) (milestones.Baseline, error) {
	return a.Milestones.TakeBaseline(ctx, name)
}

// CalendarMonth shows one month of the project's working calendar.
func (a *App) CalendarMonth(ctx context.Context, month string) (milestones.MonthView, error) {
	y, m, err := milestones.ParseMonth(month)
	if err != nil {
		return milestones.MonthView{}, err
	}
	cal, err := a.Milestones.Calendar(ctx)
	if err != nil {
		return milestones.MonthView{}, err
	}
	return cal.Month(y, m), nil
}

// SetCalendarDay overrides one day.
func (a *App) SetCalendarDay(ctx context.Context, date, kind, note string) (milestones.Override, error) {
	return a.Milestones.SetDay(ctx, date, kind, note)
}

// AddRisk registers a risk.
func (a *App) AddRisk(ctx context.Context, in milestones.RiskInput) (milestones.Risk, error) {
	return a.Milestones.AddRisk(ctx, in)
}

// EditRisk changes a risk.
func (a *App) EditRisk(ctx context.Context, ref string, in milestones.RiskInput) (milestones.Risk, error) {
	return a.Milestones.EditRisk(ctx, ref, in)
}

// Risks lists the risk register in ID order.
func (a *App) Risks(ctx context.Context) ([]milestones.Risk, error) {
	p, err := a.Plan(ctx)
	if err != nil {
		return nil, err
	}
	return p.Risks, nil
}

// WeeklyData gathers and builds the data of the weekly report for the week
// holding day (0: today). The report is as of the week's Sunday, or today
// when the week is not over; last week's ratings are as of seven days before.
func (a *App) WeeklyData(ctx context.Context, day milestones.Date) (*milestones.Weekly, error) {
	today := a.Today()
	if day == 0 {
		day = today
	}
	asOf := min(day.Monday()+6, today)
	p, err := a.Plan(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Initialized() {
		return nil, crmflow.Errorf(crmflow.ENOTFOUND, "the project has no plan yet").About("plan", "").In("report.weekly")
	}
	now, err := milestones.Compute(p, asOf)
	if err != nil {
		return nil, err
	}
	var last *milestones.Schedule
	if asOf-7 >= p.Settings.Start {
		if last, err = milestones.Compute(p, asOf-7); err != nil {
			return nil, err
		}
	}
	in := milestones.WeekInput{Week: day, Now: now, Last: last, Risks: p.Risks}
	if in.Changes, err = a.changeItems(ctx); err != nil {
		return nil, err
	}
	if in.Reqs, err = a.reqCounts(ctx, day.Monday()); err != nil {
		return nil, err
	}
	if in.Done, err = a.requirementMoves(ctx, day.Monday(), asOf); err != nil {
		return nil, err
	}
	return milestones.WeeklyData(in)
}

// requirementMoves counts, from the audit log, the requirements whose status
// changed in the week from monday to asOf, by the status they reached.
func (a *App) requirementMoves(ctx context.Context, monday, asOf milestones.Date) ([]milestones.WeekItem, error) {
	events, err := a.db.AuditLog(ctx, crmflow.AuditFilter{})
	if err != nil {
		return nil, err
	}
	type state struct {
		Status string `json:"status"`
	}
	byStatus := map[string]*milestones.WeekItem{}
	var order []string
	for _, e := range events {
		day := milestones.DateOf(e.At)
		if day < monday || day > asOf || e.Before == nil || e.After == nil {
			continue
		}
		if k, _, ok := crmflow.KindOf(e.Entity); !ok || k != crmflow.KindRequirement {
			continue
		}
		var before, after state
		if json.Unmarshal(e.Before, &before) != nil || json.Unmarshal(e.After, &after) != nil || after.Status == "" || before.Status == after.Status {
			continue
		}
		it := byStatus[after.Status]
		if it == nil {
			it = &milestones.WeekItem{Kind: "requirement", What: after.Status}
			byStatus[after.Status] = it
			order = append(order, after.Status)
		}
		it.Count++
		it.Date = max(it.Date, day)
	}
	out := make([]milestones.WeekItem, 0, len(order))
	for _, s := range order {
		out = append(out, *byStatus[s])
	}
	return out, nil
}

func (a *App) changeItems(ctx context.Context) ([]milestones.ChangeItem, error) {
	crs, err := a.Changes.Store.Requests(ctx)
	if err != nil {
		return nil, err
	}
	lang := a.Lang(ctx)
	out := []milestones.ChangeItem{}
	for _, cr := range crs {
		it := milestones.ChangeItem{ID: cr.ID, Title: cr.Title, State: string(cr.State), StateName: cr.State.Name(lang),
			SubmittedAt: cr.CreatedAt, Milestones: []string{}}
		if ev, ok := cr.Decision(); ok {
			it.DecidedAt = ev.At
		}
		for _, ev := range cr.Events {
			if ev.To == change.Implemented {
				it.AppliedAt = ev.At
			}
		}
		if cr.Impact != nil {
			it.ScheduleDays = cr.Impact.ScheduleDays
			it.Milestones = append(it.Milestones, cr.Impact.Milestones...)
		}
		out = append(out, it)
	}
	return out, nil
}

// reqCounts counts the requirements in scope now, at the end of the week
// before monday (those created by then; statuses are today's), and in the
// first requirement baseline.
func (a *App) reqCounts(ctx context.Context, monday milestones.Date) (milestones.ReqCounts, error) {
	rs, err := a.Requirements.Store.Summaries(ctx)
	if err != nil {
		return milestones.ReqCounts{}, err
	}
	c := milestones.ReqCounts{ByStatus: map[string]int{}}
	y, m, d := monday.Time().Date()
	cut := time.Date(y, m, d, 0, 0, 0, 0, a.clock.Now().Location())
	for _, r := range rs {
		c.ByStatus[string(r.Status)]++
		if r.Status == requirements.Rejected || r.Status == requirements.Deferred {
			continue
		}
		c.Total++
		if r.CreatedAt.Before(cut) {
			c.Last++
		}
	}
	bs, err := a.Changes.Baselines.Baselines(ctx)
	if err != nil {
		return c, err
	}
	for _, b := range bs {
		if b.CR == "" {
			c.Baseline = b.Count
			break
		}
	}
	return c, nil
}

// MilestonesReached lists the milestone ref names and every milestone after it.
func (a *App) MilestonesReached(ctx context.Context, ref string) ([]string, error) {
	return a.Milestones.Reached(ctx, ref)
}
