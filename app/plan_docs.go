package app

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/report/plan"
)

// WeeklyFormats are the weekly report's formats.
var WeeklyFormats = []string{"md", "html", "xlsx"}

// GanttFormats are the Gantt chart's formats.
var GanttFormats = []string{"svg", "xlsx", "mermaid"}

// WeeklyReport builds the weekly report (项目周报) for an ISO week
// ("2027-W03"; "" is this week) in lang ("": the project's language).
func (a *App) WeeklyReport(ctx context.Context, week, format string, lang crmflow.Lang) (Document, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(WeeklyFormats, format) {
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not md, html or xlsx", format).In("report.weekly")
	}
	day := milestones.Date(0)
	if week != "" {
		var err error
		if day, err = milestones.ParseWeek(week); err != nil {
			return Document{}, err
		}
	}
	data, err := a.WeeklyData(ctx, day)
	if err != nil {
		return Document{}, err
	}
	p, err := a.Project(ctx)
	if err != nil {
		return Document{}, err
	}
	// The Gantt chart of the HTML page is the schedule as of the report day.
	sched, err := a.ScheduleAt(ctx, data.Today)
	if err != nil {
		return Document{}, err
	}
	cal, err := a.Milestones.Calendar(ctx)
	if err != nil {
		return Document{}, err
	}
	if lang == "" {
		lang = a.Lang(ctx)
	}
	doc := &plan.Weekly{Project: p, Lang: lang, Generated: a.clock.Now(), Data: data, Schedule: sched, Calendar: cal}
	if doc.Sprints, err = a.weeklySprints(ctx, data.From, data.To); err != nil {
		return Document{}, err
	}
	var buf bytes.Buffer
	switch format {
	case "md":
		err = plan.WeeklyMarkdown(&buf, doc)
	case "html":
		err = plan.WeeklyHTML(&buf, doc)
	case "xlsx":
		err = plan.WeeklyXLSX(&buf, doc)
	}
	if err != nil {
		return Document{}, err
	}
	name := "weekly-report-" + data.Week + "." + format
	if lang == crmflow.LangZH {
		name = "项目周报-" + data.Week + "." + format
	}
	return Document{Name: name, Data: buf.Bytes()}, nil
}

// GanttChart draws the schedule as of today: svg, xlsx (the timeline in
// cells) or mermaid.
func (a *App) GanttChart(ctx context.Context, format string) (Document, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(GanttFormats, format) {
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not svg, xlsx or mermaid", format).In("gantt")
	}
	g, err := a.gantt(ctx)
	if err != nil {
		return Document{}, err
	}
	var buf bytes.Buffer
	ext := format
	switch format {
	case "svg":
		err = plan.GanttSVG(&buf, g)
	case "xlsx":
		err = plan.GanttXLSX(&buf, g)
	case "mermaid":
		err = plan.GanttMermaid(&buf, g)
		ext = "mmd"
	}
	if err != nil {
		return Document{}, err
	}
	name := "gantt." + ext
	if g.Lang == crmflow.LangZH {
		name = "甘特图." + ext
	}
	return Document{Name: name, Data: buf.Bytes()}, nil
}

func (a *App) gantt(ctx context.Context) (*plan.Gantt, error) {
	s, err := a.Schedule(ctx)
	if err != nil {
		return nil, err
	}
	p, err := a.Project(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := a.Milestones.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	if s, err = a.withSprintRows(ctx, s); err != nil {
		return nil, err
	}
	return &plan.Gantt{Project: p, Lang: a.Lang(ctx), Schedule: s, Calendar: cal}, nil
}

// MilestoneCalendar writes the milestones as an ICS calendar (RFC 5545):
// one all-day event per milestone over its forecast dates.
func (a *App) MilestoneCalendar(ctx context.Context) (Document, error) {
	s, err := a.Schedule(ctx)
	if err != nil {
		return Document{}, err
	}
	p, err := a.Project(ctx)
	if err != nil {
		return Document{}, err
	}
	var buf bytes.Buffer
	if err := plan.MilestonesICS(&buf, &plan.Calendar{Project: p, Lang: a.Lang(ctx), Stamp: a.clock.Now(), Schedule: s}); err != nil {
		return Document{}, err
	}
	return Document{Name: "milestones.ics", Data: buf.Bytes()}, nil
}
