package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/internal/demo"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
)

// DemoOptions say which demo to seed.
type DemoOptions struct {
	// Scale > 0 generates a synthetic project with Scale requirements instead
	// of the seed's example, and writes no documents.
	Scale int
	// Out is the folder the example's documents go to.
	Out string
	// Progress, when set, hears how far a synthetic project got.
	Progress func(done, total int)
}

// DemoResult is what the demo made.
type DemoResult struct {
	Project   crmflow.Project
	Summary   demo.Summary
	Research  demo.ResearchSummary
	Change    demo.ChangeSummary
	Plan      demo.PlanSummary
	Maps      int
	Responses int
	Signoff   DemoSignoff
	// Acceptance is the UAT round run on the baseline change control left.
	Acceptance AcceptanceDemo
	Releases   DemoReleases
	Feedback   DemoFeedback
	// Scale is the rest of a synthetic project (interviews, responses,
	// milestones, change requests, UAT) beside its requirements.
	Scale demo.ScaleSummary
	// Written lists the documents written, in order.
	Written []string
	// Statuses counts the requirements by the status they ended in.
	Statuses map[string]int
}

// demoAnalyst is the display name of whoever runs the demo: the
// implementation side's analyst (李工 also owns a UAT defect).
const demoAnalyst = "李工"

// DemoProject is the project the demo creates.
func DemoProject(scale int) crmflow.Project {
	if scale > 0 {
		return crmflow.Project{Name: fmt.Sprintf("合成项目（%d 条需求）", scale), Client: "合成客户", Lang: crmflow.LangZH}
	}
	return crmflow.Project{Name: "某快消企业CRM定制", Client: "某快消企业", Lang: crmflow.LangZH}
}

// CreateDemo creates a workspace at path and seeds the demo into it.
func CreateDemo(ctx context.Context, path string, d DemoOptions, o Options) (DemoResult, error) {
	if d.Scale < 0 {
		return DemoResult{}, crmflow.Errorf(crmflow.EINVALID, "--scale must be a positive number of requirements")
	}
	a, err := Create(ctx, path, DemoProject(d.Scale), DefaultSettings(), o)
	if err != nil {
		return DemoResult{}, err
	}
	defer a.Close()
	res, err := a.SeedDemo(ctx, d)
	if err != nil {
		return res, err
	}
	// Count what the requirements really are at the end (UAT verifies some).
	l, err := a.Requirements.List(ctx, requirements.Filter{}, requirements.SortID, false)
	if err != nil {
		return res, err
	}
	res.Statuses = map[string]int{}
	for _, r := range l.Requirements {
		res.Statuses[string(r.Status)]++
	}
	return res, nil
}

// SeedDemo fills an empty workspace with the seed's example project (or a
// synthetic one) and writes the documents the client would receive.
func (a *App) SeedDemo(ctx context.Context, d DemoOptions) (DemoResult, error) {
	var res DemoResult
	p, err := a.Project(ctx)
	if err != nil {
		return res, err
	}
	res.Project = p
	if d.Scale > 0 {
		if res.Summary, err = demo.Scale(ctx, a.Requirements, d.Scale, d.Progress); err != nil {
			return res, err
		}
		res.Scale, err = demo.ScaleProject(ctx, demo.ScaleServices{Reqs: a.Requirements, Stakeholders: a.Stakeholders,
			Meetings: a.Meetings, Baselines: a.db.Baselines(), Changes: a.Changes, Milestones: a.Milestones,
			Research: a.Research, Surveys: a.Surveys, Acceptance: a.Acceptance}, d.Scale, a.clock.Now().Format(time.DateOnly))
		res.Research.Interviews, res.Responses = res.Scale.Interviews, res.Scale.Responses
		return res, err
	}
	// Documents name the analyst who prepared them, not the login that ran
	// the demo (root, a CI user).
	if _, _, err := a.SetProject(ctx, KeyUserName, demoAnalyst); err != nil {
		return res, err
	}
	if res.Summary, err = demo.Seed(ctx, a.Requirements); err != nil {
		return res, err
	}
	sum := &res.Summary
	// Interviews and findings first: the process maps mark findings.
	if res.Research, err = demo.SeedResearch(ctx, a.Research); err != nil {
		return res, err
	}
	sum.Requirements += len(res.Research.Promoted)
	sum.Draft += len(res.Research.Promoted)
	maps, err := demo.SeedProcesses(ctx, a.Processes)
	if err != nil {
		return res, err
	}
	res.Maps = len(maps)
	// The plan before the change requests, so that CR-001 can name the
	// milestone it delays and move the plan when applied.
	if res.Plan, err = demo.SeedPlan(ctx, a.Milestones); err != nil {
		return res, err
	}
	// The confirmation meeting, the freeze and two change requests.
	res.Change, err = demo.SeedChangeControl(ctx, demo.ChangeServices{Stakeholders: a.Stakeholders, Meetings: a.Meetings,
		Reqs: a.Requirements, Baselines: a.db.Baselines(), Changes: a.Changes}, a.clock.Now().Format(time.DateOnly))
	if err != nil {
		return res, err
	}
	sum.Confirmed += res.Change.Confirmed
	sum.Draft -= res.Change.Confirmed + res.Change.Deferred + res.Change.Rejected
	questionnaire, responses, err := demo.SeedSurvey(ctx, a.Surveys)
	if err != nil {
		return res, err
	}
	res.Responses = responses

	write := func(name string, doc Document) error {
		p := filepath.Join(d.Out, filepath.FromSlash(name))
		if err := WriteDocument(p, doc); err != nil {
			return err
		}
		res.Written = append(res.Written, p)
		return nil
	}
	build := func(name string, doc Document, err error) error {
		if err != nil {
			return err
		}
		return write(name, doc)
	}
	// The questionnaire as handed out, and its results.
	doc, err := a.QuestionnaireDocument(&questionnaire, "xlsx")
	if err := build("questionnaire.xlsx", doc, err); err != nil {
		return res, err
	}
	results, rs, err := a.Surveys.Results(ctx, &questionnaire, crmflow.LangZH)
	if err != nil {
		return res, err
	}
	for _, format := range []string{"html", "xlsx"} {
		doc, err := SurveyResultsDocument(&questionnaire, &results, rs, crmflow.LangZH, format)
		if err := build(doc.Name, doc, err); err != nil {
			return res, err
		}
	}
	// The specification and the checklist in both languages.
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		reg, err := a.Register(ctx, lang, "")
		if err != nil {
			return res, err
		}
		for _, fm := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
			doc, err := srsDocument(reg, fm)
			if err := build(doc.Name, doc, err); err != nil {
				return res, err
			}
		}
		doc, err := checklistDocument(reg)
		if err := build(doc.Name, doc, err); err != nil {
			return res, err
		}
	}
	// The minutes, the change log and what the change did to the baseline.
	if err := a.writeChangeControlDocs(ctx, res.Change, build); err != nil {
		return res, err
	}
	// The weekly report for this week, the Gantt chart and the calendar.
	if err := a.writePlanDocs(ctx, build); err != nil {
		return res, err
	}
	// The sign-off of the SRS on the newest baseline, go-live and legacy data.
	if n := len(res.Change.Baselines); n > 0 {
		var files []string
		res.Signoff, files, err = a.seedSignoff(ctx, filepath.Dir(d.Out), d.Out, res.Change.Baselines[n-1], write)
		res.Written = append(res.Written, files...)
		if err != nil {
			return res, err
		}
	}
	// Development in sprints, then acceptance on the baseline the change
	// left, after the documents above so they read as they did before.
	if res.Releases, err = a.seedDevelopment(ctx); err != nil {
		return res, err
	}
	if res.Acceptance, err = a.DemoAcceptance(ctx, demoTesters); err != nil {
		return res, err
	}
	if err := a.writeAcceptanceDocs(ctx, res.Acceptance, build); err != nil {
		return res, err
	}
	// The process maps in every format.
	for i := range maps {
		for _, format := range []string{"svg", "mermaid", "bpmn"} {
			doc, err := a.RenderMap(ctx, &maps[i], format, crmflow.LangZH)
			if err := build("process/"+doc.Name, doc, err); err != nil {
				return res, err
			}
		}
	}
	if res.Releases, err = a.seedReleases(ctx, res.Releases, build); err != nil {
		return res, err
	}
	res.Feedback, err = a.seedFeedback(ctx)
	return res, err
}

// writeChangeControlDocs writes the demo's minutes (md and html), change log
// (xlsx and md), the survey report in both languages and the diff between its
// two baselines.
func (a *App) writeChangeControlDocs(ctx context.Context, sum demo.ChangeSummary, build func(string, Document, error) error) error {
	l := crmflow.LangZH
	doc, err := a.minutes(ctx, sum.Meeting, l)
	if err != nil {
		return err
	}
	for _, fm := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
		d, err := minutesDocument(doc, fm)
		if err := build(d.Name, d, err); err != nil {
			return err
		}
	}
	log, err := a.changeLog(ctx, l)
	if err != nil {
		return err
	}
	for _, fm := range []report.Format{"xlsx", report.FormatMarkdown} {
		d, err := changeLogDocument(log, fm)
		if err := build(d.Name, d, err); err != nil {
			return err
		}
	}
	// The survey report in both languages: the questionnaire's questions and
	// options come from the bank in each, so the English one reads as English.
	for _, sl := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		rep, err := a.surveyReport(ctx, sl)
		if err != nil {
			return err
		}
		for _, fm := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
			d, err := surveyReportDocument(rep, fm)
			if err := build(d.Name, d, err); err != nil {
				return err
			}
		}
	}
	if len(sum.Baselines) == 2 {
		d, err := a.BaselineDiffDocument(ctx, sum.Baselines[0], sum.Baselines[1], l)
		if err := build(d.Name, d, err); err != nil {
			return err
		}
	}
	return nil
}

// writePlanDocs writes the demo's weekly report for the current week (zh: md,
// html, xlsx; en: md, html), the Gantt chart (svg, xlsx, mermaid) and the
// milestone calendar.
func (a *App) writePlanDocs(ctx context.Context, build func(string, Document, error) error) error {
	for _, w := range []struct {
		lang    crmflow.Lang
		formats []string
	}{{crmflow.LangZH, []string{"md", "html", "xlsx"}}, {crmflow.LangEN, []string{"md", "html"}}} {
		for _, fm := range w.formats {
			d, err := a.WeeklyReport(ctx, "", fm, w.lang)
			if err := build(d.Name, d, err); err != nil {
				return err
			}
		}
	}
	for _, fm := range GanttFormats {
		d, err := a.GanttChart(ctx, fm)
		if err := build(d.Name, d, err); err != nil {
			return err
		}
	}
	d, err := a.MilestoneCalendar(ctx)
	return build(d.Name, d, err)
}
