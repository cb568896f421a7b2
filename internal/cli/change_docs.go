package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/internal/demo"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/changelog"
	"github.com/crmflow/crmflow/report/docs"
	"github.com/crmflow/crmflow/sqlite"
)

// buildMinutes writes the minutes of a meeting.
func buildMinutes(ctx context.Context, f *Factory, ref string, l crmflow.Lang, fm report.Format, out string) error {
	db, err := f.DB()
	if err != nil {
		return err
	}
	clock, err := f.Clock()
	if err != nil {
		return err
	}
	doc, err := minutesDoc(ctx, db, clock, normalizeMeetingID(ref), l)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docs.BuildMinutes(&buf, doc, fm); err != nil {
		return err
	}
	return writeDoc(f, outputPath(out, minutesFileName(doc.Meeting.ID, l, fm)), buf.Bytes())
}

func minutesFileName(id string, l crmflow.Lang, fm report.Format) string {
	if l == crmflow.LangZH {
		return id + "-会议纪要." + string(fm)
	}
	return id + "-minutes." + string(fm)
}

// minutesDoc gathers what the minutes of meeting id are built from.
func minutesDoc(ctx context.Context, db *sqlite.DB, clock crmflow.Clock, id string, l crmflow.Lang) (*docs.Minutes, error) {
	m, err := db.Meetings().Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := db.Project(ctx)
	if err != nil {
		return nil, err
	}
	people, err := db.Stakeholders().Stakeholders(ctx)
	if err != nil {
		return nil, err
	}
	svc, err := newRequirementService(db)
	if err != nil {
		return nil, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := svc.Store.Summaries(ctx)
	if err != nil {
		return nil, err
	}
	modules := map[string]string{}
	for _, r := range reqs {
		modules[r.ID] = r.Module
	}
	doc := &docs.Minutes{Project: p, Lang: l, Generated: clock.Now(), Meeting: m, Stakeholders: people,
		Modules: func(id string) string {
			if mod, ok := cat.Lookup(modules[id]); ok {
				return mod.Name(l)
			}
			return modules[id]
		}}
	return doc, nil
}

// changeLog gathers the change log.
func changeLog(ctx context.Context, f *Factory, l crmflow.Lang) (*report.ChangeLog, error) {
	db, err := f.DB()
	if err != nil {
		return nil, err
	}
	svc, err := f.changeService(db)
	if err != nil {
		return nil, err
	}
	return changeLogOf(ctx, db, svc, l)
}

func changeLogOf(ctx context.Context, db *sqlite.DB, svc *change.Service, l crmflow.Lang) (*report.ChangeLog, error) {
	p, err := db.Project(ctx)
	if err != nil {
		return nil, err
	}
	all, err := svc.List(ctx, "")
	if err != nil {
		return nil, err
	}
	titles, err := svc.Reqs.Store.Titles(ctx)
	if err != nil {
		return nil, err
	}
	return &report.ChangeLog{Project: p, Lang: l, Generated: svc.Clock.Now(), Requests: all, Titles: titles}, nil
}

// buildChangeLog writes the change log document.
func buildChangeLog(ctx context.Context, f *Factory, l crmflow.Lang, fm report.Format, out string) error {
	c, err := changeLog(ctx, f, l)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docs.BuildChangeLog(&buf, c, fm); err != nil {
		return err
	}
	return writeDoc(f, outputPath(out, changeLogFileName(l, string(fm))), buf.Bytes())
}

func changeLogFileName(l crmflow.Lang, ext string) string {
	if l == crmflow.LangZH {
		return "需求变更记录." + ext
	}
	return "change-log." + ext
}

// writeDoc writes a built document and says where.
func writeDoc(f *Factory, path string, data []byte) error {
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	fmt.Fprintln(f.IO.Out, path)
	fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%d KB)\n", path, (len(data)+1023)/1024)
	return nil
}

// writeChangeControlDocs writes the demo's minutes (md and html), change log
// (xlsx and md) and the diff between its two baselines.
func writeChangeControlDocs(ctx context.Context, f *Factory, db *sqlite.DB, dir string, sum demo.ChangeSummary) ([]string, error) {
	clock, err := f.Clock()
	if err != nil {
		return nil, err
	}
	svc, err := f.changeService(db)
	if err != nil {
		return nil, err
	}
	var written []string
	write := func(name string, build func(*bytes.Buffer) error) error {
		var buf bytes.Buffer
		if err := build(&buf); err != nil {
			return err
		}
		p := filepath.Join(dir, name)
		written = append(written, p)
		return writeFileAtomic(p, buf.Bytes())
	}
	l := crmflow.LangZH
	doc, err := minutesDoc(ctx, db, clock, sum.Meeting, l)
	if err != nil {
		return nil, err
	}
	log, err := changeLogOf(ctx, db, svc, l)
	if err != nil {
		return nil, err
	}
	for _, fm := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
		if err := write(minutesFileName(sum.Meeting, l, fm), func(b *bytes.Buffer) error { return docs.BuildMinutes(b, doc, fm) }); err != nil {
			return nil, err
		}
	}
	if err := write(changeLogFileName(l, "xlsx"), func(b *bytes.Buffer) error { return changelog.Write(b, log) }); err != nil {
		return nil, err
	}
	if err := write(changeLogFileName(l, "md"), func(b *bytes.Buffer) error { return docs.BuildChangeLog(b, log, report.FormatMarkdown) }); err != nil {
		return nil, err
	}
	// The survey report in both languages: the questionnaire's questions and
	// options come from the bank in each, so the English one reads as English.
	for _, sl := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		rep, err := surveyReport(ctx, db, clock, sl)
		if err != nil {
			return nil, err
		}
		for _, fm := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
			if err := write(surveyReportFileName(sl, fm), func(b *bytes.Buffer) error { return docs.BuildSurveyReport(b, rep, fm) }); err != nil {
				return nil, err
			}
		}
	}
	if len(sum.Baselines) == 2 {
		from, to := sum.Baselines[0], sum.Baselines[1]
		a, err := db.Baselines().Items(ctx, from)
		if err != nil {
			return nil, err
		}
		b, err := db.Baselines().Items(ctx, to)
		if err != nil {
			return nil, err
		}
		d, err := baseline.Compare(from, to, a, b)
		if err != nil {
			return nil, err
		}
		if err := write("baseline-diff-"+from+"-"+to+".md", func(buf *bytes.Buffer) error { return docs.BaselineDiffMarkdown(buf, d, l) }); err != nil {
			return nil, err
		}
	}
	return written, nil
}

func surveyReportFileName(l crmflow.Lang, fm report.Format) string {
	if l == crmflow.LangZH {
		return "需求调研报告." + string(fm)
	}
	return "survey-report." + string(fm)
}

// surveyReport gathers the questionnaires' results, interviews, ranked
// findings and competitors for the survey report.
func surveyReport(ctx context.Context, db *sqlite.DB, clock crmflow.Clock, l crmflow.Lang) (*docs.SurveyReport, error) {
	p, err := db.Project(ctx)
	if err != nil {
		return nil, err
	}
	ssvc, err := newSurveyService(db)
	if err != nil {
		return nil, err
	}
	rsvc, err := newResearchService(db)
	if err != nil {
		return nil, err
	}
	rep := &docs.SurveyReport{Project: p, Lang: l, Generated: clock.Now()}
	qs, err := ssvc.Store.Questionnaires(ctx)
	if err != nil {
		return nil, err
	}
	for i := range qs {
		res, _, err := ssvc.Results(ctx, &qs[i], l)
		if err != nil {
			return nil, err
		}
		rep.Results = append(rep.Results, res)
	}
	if rep.Interviews, err = rsvc.Interviews(ctx); err != nil {
		return nil, err
	}
	if rep.Findings, err = rsvc.RankedFindings(ctx, l); err != nil {
		return nil, err
	}
	if rep.Competitors, err = rsvc.Competitors(ctx); err != nil {
		return nil, err
	}
	if rep.Matrix, err = rsvc.Matrix(ctx); err != nil {
		return nil, err
	}
	reqs, err := newRequirementService(db)
	if err != nil {
		return nil, err
	}
	if rep.Titles, err = reqs.Store.Titles(ctx); err != nil {
		return nil, err
	}
	return rep, nil
}
