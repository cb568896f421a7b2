package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/golive"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/changelog"
	"github.com/crmflow/crmflow/report/checklist"
	"github.com/crmflow/crmflow/report/docs"
	svgdraw "github.com/crmflow/crmflow/report/svg"
	"github.com/crmflow/crmflow/requirements"
)

// Document is a built file: the name it is written under, its bytes, and the
// files that go beside it (a Markdown SRS's figures), named relative to it.
type Document struct {
	Name   string
	Data   []byte
	Beside []File
	// Requirements is how many requirements the document lists (SRS, checklist).
	Requirements int
	// Warnings are things the user should know about the document as built
	// (remote images dropped from the notes).
	Warnings []string
}

// remoteImageWarnings says how many remote images in notes a document
// dropped, HTML or Markdown: documents load nothing from the network.
func remoteImageWarnings(l crmflow.Lang, notes ...string) []string {
	n := 0
	for _, md := range notes {
		n += docs.RemoteImages(md)
	}
	if n == 0 {
		return nil
	}
	return []string{fmt.Sprintf(report.Tr(l, "笔记中的 %d 张远程图片未放入文档（文档不从网络加载任何内容）：原处显示图片说明和地址",
		"%d remote images in the notes were left out of the document (documents load nothing from the network); their alt text and address stand in their place"), n)}
}

// File is one file of a document, with a slash-separated relative path.
type File struct {
	Path string
	Data []byte
}

// Register gathers the register documents are built from, in lang: as it is
// now, or as of the baseline asOf.
func (a *App) Register(ctx context.Context, lang crmflow.Lang, asOf string) (*report.Register, error) {
	svc := a.Requirements
	p, err := a.db.Project(ctx)
	if err != nil {
		return nil, err
	}
	st, err := svc.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	baselines, err := a.db.Baselines().Baselines(ctx)
	if err != nil {
		return nil, err
	}
	var all []requirements.Requirement
	var links []requirements.Link
	if asOf == "" {
		if all, err = svc.Store.Requirements(ctx); err != nil {
			return nil, err
		}
		if links, err = svc.Store.Links(ctx, ""); err != nil {
			return nil, err
		}
	} else {
		// The document as of a baseline: its requirements and links, and the
		// revision history up to it.
		if all, links, err = a.baselineRequirements(ctx, asOf); err != nil {
			return nil, err
		}
		for i, b := range baselines {
			if b.Name == asOf {
				baselines = baselines[:i+1]
				break
			}
		}
	}
	reg := &report.Register{Project: p, Lang: lang, Generated: a.clock.Now(), Settings: st, Modules: cat.Modules()}
	if reg.Anchor, err = a.documentAnchor(ctx, asOf); err != nil {
		return nil, err
	}
	titles := make(map[string]string, len(all))
	for _, r := range all {
		titles[r.ID] = r.Title
	}
	byID := map[string][]requirements.Link{}
	for _, l := range links {
		byID[l.From] = append(byID[l.From], l)
		byID[l.To] = append(byID[l.To], l)
	}
	reg.Requirements = make([]requirements.View, len(all))
	for i, r := range all {
		reg.Requirements[i] = requirements.MakeView(r, st, cat, lang, byID[r.ID], titles)
	}
	if reg.Fields, err = svc.Store.FieldDefs(ctx); err != nil {
		return nil, err
	}
	if reg.DataFields, err = svc.Store.DataFields(ctx); err != nil {
		return nil, err
	}
	if reg.Permissions, err = svc.Store.Permissions(ctx); err != nil {
		return nil, err
	}
	if reg.Processes, err = a.processFigures(ctx, lang); err != nil {
		return nil, err
	}
	// The 签字页: who may sign off, prefilled, and their signatures on this baseline.
	if reg.Signatories, err = a.Signatories(ctx, asOf, lang); err != nil {
		return nil, err
	}
	// Revisions name people, not logins (see people.go).
	person, err := a.People(ctx)
	if err != nil {
		return nil, err
	}
	reg.Revisions, reg.Version = revisions(baselines, lang, person)
	reg.Baseline = baseline.Latest(baselines)
	if asOf == "" && isWorkingDraft(baselines, all) {
		change := fmt.Sprintf("工作草稿，共 %d 条需求", len(all))
		version := "草稿"
		if lang == crmflow.LangEN {
			change, version = "Working draft, "+crmflow.Count(len(all), "requirement"), "Draft"
		}
		reg.Revisions = append(reg.Revisions, report.Revision{Version: version, Date: reg.Generated, Author: person(string(a.actor)), Change: change})
		reg.Version = ""
		if reg.Since, err = a.sinceBaseline(ctx, baselines, all); err != nil {
			return nil, err
		}
	}
	if reg.TestCases, err = a.testCaseCount(ctx); err != nil {
		return nil, err
	}
	return reg, nil
}

// documentAnchor is the audit log's head a document shows: the newest event,
// or for a baseline's document the event that froze the baseline (so the
// document stays the same as the log grows).
func (a *App) documentAnchor(ctx context.Context, asOf string) (crmflow.Anchor, error) {
	f := crmflow.AuditFilter{Limit: 1}
	if asOf != "" {
		f.Entity = "baseline/" + asOf
	}
	evs, err := a.db.AuditLog(ctx, f)
	if err != nil || len(evs) == 0 {
		return crmflow.Anchor{}, err
	}
	return crmflow.Anchor{Seq: evs[0].Seq, Hash: evs[0].Hash}, nil
}

// isWorkingDraft is the "working draft" rule: the register is a draft, not
// the newest baseline's version, until a first freeze and whenever a
// requirement is draft or confirmed (changed since the newest baseline).
func isWorkingDraft(baselines []baseline.Baseline, all []requirements.Requirement) bool {
	if len(baselines) == 0 {
		return true
	}
	for _, r := range all {
		if r.Status == requirements.Draft || r.Status == requirements.Confirmed {
			return true
		}
	}
	return false
}

// revisions is the revision history (修订记录) from the baselines: one line
// per freeze or applied change request. The version is the newest baseline's.
func revisions(baselines []baseline.Baseline, lang crmflow.Lang, person func(string) string) ([]report.Revision, string) {
	out := []report.Revision{}
	for _, b := range baselines {
		var what string
		switch {
		case b.CR != "" && lang == crmflow.LangEN:
			what = fmt.Sprintf("Change request %s applied: %s (%s)", b.CR, b.Note, crmflow.Count(b.Count, "requirement"))
		case b.CR != "":
			what = fmt.Sprintf("实施变更 %s：%s（共 %d 条需求）", b.CR, b.Note, b.Count)
		case lang == crmflow.LangEN:
			what = "Baseline frozen, " + crmflow.Count(b.Count, "requirement")
		default:
			what = fmt.Sprintf("需求冻结，共 %d 条需求", b.Count)
		}
		if b.CR == "" && b.Note != "" {
			what += "（" + b.Note + "）"
			if lang == crmflow.LangEN {
				what = strings.TrimSuffix(what, "（"+b.Note+"）") + " (" + b.Note + ")"
			}
		}
		out = append(out, report.Revision{Version: b.Name, Date: b.CreatedAt, Author: person(b.CreatedBy), Change: what})
	}
	return out, baseline.Latest(baselines)
}

// baselineRequirements reads a baseline's requirements and links.
func (a *App) baselineRequirements(ctx context.Context, name string) ([]requirements.Requirement, []requirements.Link, error) {
	items, err := a.BaselineItems(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	reqs := make([]requirements.Requirement, 0, len(items))
	links := []requirements.Link{}
	for _, it := range items {
		r, ls := it.Requirement()
		reqs = append(reqs, r)
		links = append(links, ls...)
	}
	return reqs, links, nil
}

// processFigures draws every process map for the document.
func (a *App) processFigures(ctx context.Context, lang crmflow.Lang) ([]report.ProcessFigure, error) {
	maps, err := a.db.Processes().Maps(ctx)
	if err != nil {
		return nil, err
	}
	pains, err := a.mapPains(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]report.ProcessFigure, 0, len(maps))
	for i := range maps {
		drawn := process.WithPains(&maps[i], pains[maps[i].ID])
		m := &drawn
		var svg bytes.Buffer
		if err := svgdraw.WriteProcess(&svg, m, process.Lay(m), lang); err != nil {
			return nil, err
		}
		pf := report.ProcessFigure{ID: m.ID, Name: m.Name, AsIs: m.Variant == process.AsIs, Description: m.Description, SVG: svg.Bytes()}
		if pf.PrintSVG, err = printFigure(m, lang); err != nil {
			return nil, err
		}
		laneName := map[string]string{}
		for _, l := range m.Lanes {
			pf.Lanes = append(pf.Lanes, l.Name)
			laneName[l.ID] = l.Name
		}
		for _, n := range m.Nodes {
			if len(n.Findings) > 0 || len(n.Reqs) > 0 {
				pf.Steps = append(pf.Steps, report.ProcessStep{Label: n.Label, Lane: laneName[n.Lane], Findings: n.Findings, Reqs: n.Reqs})
			}
		}
		if len(m.Pains) > 0 {
			whole := report.ProcessStep{Label: report.Tr(lang, "（整个流程）", "(the whole process)")}
			for _, p := range m.Pains {
				whole.Findings = append(whole.Findings, p.ID)
			}
			pf.Steps = append(pf.Steps, whole)
		}
		out = append(out, pf)
	}
	return out, nil
}

// SRS builds the requirement specification (需求规格说明书) in lang and
// format, as of the baseline asOf when it is set. A Markdown document gets its
// process figures as SVG files beside it.
func (a *App) SRS(ctx context.Context, lang crmflow.Lang, format report.Format, asOf string) (Document, error) {
	reg, err := a.Register(ctx, lang, asOf)
	if err != nil {
		return Document{}, err
	}
	return srsDocument(reg, format)
}

func srsDocument(reg *report.Register, format report.Format) (Document, error) {
	var buf bytes.Buffer
	if err := docs.BuildSRS(&buf, reg, format); err != nil {
		return Document{}, err
	}
	d := Document{Name: SRSFileName(reg.Lang, format), Data: buf.Bytes(), Requirements: len(reg.Requirements)}
	if format == report.FormatMarkdown {
		for _, pf := range reg.Processes {
			d.Beside = append(d.Beside, File{Path: report.FigurePath(pf.ID, reg.Lang), Data: pf.SVG})
		}
	}
	return d, nil
}

// SRSFileName is the specification's file name in each language.
func SRSFileName(lang crmflow.Lang, format report.Format) string {
	if lang == crmflow.LangEN {
		return "software-requirements-specification." + string(format)
	}
	return "需求规格说明书." + string(format)
}

// Checklist builds the requirement checklist workbook in lang, listing only
// the named modules when there are any.
func (a *App) Checklist(ctx context.Context, lang crmflow.Lang, modules []string) (Document, error) {
	reg, err := a.Register(ctx, lang, "")
	if err != nil {
		return Document{}, err
	}
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return Document{}, err
	}
	for _, name := range modules {
		m, err := cat.Resolve(name)
		if err != nil {
			return Document{}, err
		}
		reg.ModuleFilter = append(reg.ModuleFilter, m.Key)
	}
	return checklistDocument(reg)
}

func checklistDocument(reg *report.Register) (Document, error) {
	var buf bytes.Buffer
	if err := checklist.Write(&buf, reg); err != nil {
		return Document{}, err
	}
	n := 0
	for _, r := range reg.Requirements {
		if len(reg.ModuleFilter) == 0 || slices.Contains(reg.ModuleFilter, r.Module) {
			n++
		}
	}
	name := "requirements.xlsx"
	if reg.Lang == crmflow.LangEN {
		name = "requirements.en.xlsx"
	}
	return Document{Name: name, Data: buf.Bytes(), Requirements: n}, nil
}

// minutes gathers what the minutes of meeting id are built from.
func (a *App) minutes(ctx context.Context, id string, l crmflow.Lang) (*docs.Minutes, error) {
	m, err := a.db.Meetings().Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	person, err := a.People(ctx)
	if err != nil {
		return nil, err
	}
	m.CreatedBy = person(m.CreatedBy)
	p, err := a.db.Project(ctx)
	if err != nil {
		return nil, err
	}
	people, err := a.db.Stakeholders().Stakeholders(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := a.Requirements.Store.Summaries(ctx)
	if err != nil {
		return nil, err
	}
	modules := map[string]string{}
	for _, r := range reqs {
		modules[r.ID] = r.Module
	}
	return &docs.Minutes{Project: p, Lang: l, Generated: a.clock.Now(), Meeting: m, Stakeholders: people,
		Modules: func(id string) string {
			if mod, ok := cat.Lookup(modules[id]); ok {
				return mod.Name(l)
			}
			return modules[id]
		}}, nil
}

// Minutes builds the minutes of a meeting (会议纪要); ref is MEET-001, 1, ...
func (a *App) Minutes(ctx context.Context, ref string, l crmflow.Lang, format report.Format) (Document, error) {
	doc, err := a.minutes(ctx, normalizeMeetingID(ref), l)
	if err != nil {
		return Document{}, err
	}
	return minutesDocument(doc, format)
}

func minutesDocument(doc *docs.Minutes, format report.Format) (Document, error) {
	var buf bytes.Buffer
	if err := docs.BuildMinutes(&buf, doc, format); err != nil {
		return Document{}, err
	}
	return Document{Name: minutesFileName(doc.Meeting.ID, doc.Lang, format), Data: buf.Bytes(),
		Warnings: remoteImageWarnings(doc.Lang, doc.Meeting.Notes)}, nil
}

func minutesFileName(id string, l crmflow.Lang, fm report.Format) string {
	if l == crmflow.LangZH {
		return id + "-会议纪要." + string(fm)
	}
	return id + "-minutes." + string(fm)
}

// changeLog gathers the change log.
func (a *App) changeLog(ctx context.Context, l crmflow.Lang) (*report.ChangeLog, error) {
	p, err := a.db.Project(ctx)
	if err != nil {
		return nil, err
	}
	all, err := a.Changes.List(ctx, "")
	if err != nil {
		return nil, err
	}
	titles, err := a.Requirements.Store.Titles(ctx)
	if err != nil {
		return nil, err
	}
	return &report.ChangeLog{Project: p, Lang: l, Generated: a.clock.Now(), Requests: all, Titles: titles}, nil
}

// ChangeLog builds the change log (变更记录) as md or html, or as the
// workbook when format is "xlsx".
func (a *App) ChangeLog(ctx context.Context, l crmflow.Lang, format report.Format) (Document, error) {
	c, err := a.changeLog(ctx, l)
	if err != nil {
		return Document{}, err
	}
	return changeLogDocument(c, format)
}

func changeLogDocument(c *report.ChangeLog, format report.Format) (Document, error) {
	var buf bytes.Buffer
	var err error
	if format == "xlsx" {
		err = changelog.Write(&buf, c)
	} else {
		err = docs.BuildChangeLog(&buf, c, format)
	}
	if err != nil {
		return Document{}, err
	}
	name := "change-log." + string(format)
	if c.Lang == crmflow.LangZH {
		name = "需求变更记录." + string(format)
	}
	return Document{Name: name, Data: buf.Bytes()}, nil
}

// surveyReport gathers the questionnaires' results, interviews, ranked
// findings and competitors for the survey report.
func (a *App) surveyReport(ctx context.Context, l crmflow.Lang) (*docs.SurveyReport, error) {
	p, err := a.db.Project(ctx)
	if err != nil {
		return nil, err
	}
	rep := &docs.SurveyReport{Project: p, Lang: l, Generated: a.clock.Now()}
	qs, err := a.Surveys.Store.Questionnaires(ctx)
	if err != nil {
		return nil, err
	}
	for i := range qs {
		res, _, err := a.Surveys.Results(ctx, &qs[i], l)
		if err != nil {
			return nil, err
		}
		rep.Results = append(rep.Results, res)
	}
	rs := a.Research
	if rep.Interviews, err = rs.Interviews(ctx); err != nil {
		return nil, err
	}
	if rep.Findings, err = rs.RankedFindings(ctx, l); err != nil {
		return nil, err
	}
	if rep.Competitors, err = rs.Competitors(ctx); err != nil {
		return nil, err
	}
	if rep.Matrix, err = rs.Matrix(ctx); err != nil {
		return nil, err
	}
	if rep.Titles, err = a.Requirements.Store.Titles(ctx); err != nil {
		return nil, err
	}
	return rep, nil
}

// SurveyReport builds the survey report (调研报告).
func (a *App) SurveyReport(ctx context.Context, l crmflow.Lang, format report.Format) (Document, error) {
	rep, err := a.surveyReport(ctx, l)
	if err != nil {
		return Document{}, err
	}
	return surveyReportDocument(rep, format)
}

func surveyReportDocument(rep *docs.SurveyReport, format report.Format) (Document, error) {
	l := rep.Lang
	var buf bytes.Buffer
	if err := docs.BuildSurveyReport(&buf, rep, format); err != nil {
		return Document{}, err
	}
	name := "survey-report." + string(format)
	if l == crmflow.LangZH {
		name = "需求调研报告." + string(format)
	}
	var notes []string
	for _, iv := range rep.Interviews {
		notes = append(notes, iv.Notes)
	}
	return Document{Name: name, Data: buf.Bytes(), Warnings: remoteImageWarnings(l, notes...)}, nil
}

// BaselineDiffDocument writes the diff between two baselines as Markdown.
func (a *App) BaselineDiffDocument(ctx context.Context, from, to string, l crmflow.Lang) (Document, error) {
	d, err := a.BaselineDiff(ctx, from, to)
	if err != nil {
		return Document{}, err
	}
	data, err := BaselineDiffMarkdown(d, l)
	if err != nil {
		return Document{}, err
	}
	return Document{Name: "baseline-diff-" + from + "-" + to + ".md", Data: data}, nil
}

// GoLiveChecklist builds the go-live readiness checklist (上线准备检查表) as
// Markdown, the document a go-live approval signs.
func (a *App) GoLiveChecklist(ctx context.Context, l crmflow.Lang) (Document, error) {
	items, err := a.GoLive.Items(ctx, l)
	if err != nil {
		return Document{}, err
	}
	p, err := a.db.Project(ctx)
	if err != nil {
		return Document{}, err
	}
	name := "上线准备检查表.md"
	if l == crmflow.LangEN {
		name = "go-live-readiness.md"
	}
	return Document{Name: name, Data: golive.Markdown(items, l, p.Name, a.clock.Now())}, nil
}
