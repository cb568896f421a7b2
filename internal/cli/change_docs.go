package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
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
	m, err := db.Meetings().Meeting(ctx, normalizeMeetingID(ref))
	if err != nil {
		return err
	}
	p, err := db.Project(ctx)
	if err != nil {
		return err
	}
	people, err := db.Stakeholders().Stakeholders(ctx)
	if err != nil {
		return err
	}
	svc, err := newRequirementService(db)
	if err != nil {
		return err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return err
	}
	reqs, err := svc.Store.Summaries(ctx)
	if err != nil {
		return err
	}
	modules := map[string]string{}
	for _, r := range reqs {
		modules[r.ID] = r.Module
	}
	doc := &report.Minutes{Project: p, Lang: l, Generated: clock.Now(), Meeting: m, Stakeholders: people,
		Modules: func(id string) string {
			if mod, ok := cat.Lookup(modules[id]); ok {
				return mod.Name(l)
			}
			return modules[id]
		}}
	var buf bytes.Buffer
	if err := report.BuildMinutes(&buf, doc, fm); err != nil {
		return err
	}
	name := m.ID + "-minutes." + string(fm)
	if l == crmflow.LangZH {
		name = m.ID + "-会议纪要." + string(fm)
	}
	return writeDoc(f, outputPath(out, name), buf.Bytes())
}

// changeLog gathers the change log.
func changeLog(ctx context.Context, f *Factory, l crmflow.Lang) (*report.ChangeLog, error) {
	svc, err := f.Changes()
	if err != nil {
		return nil, err
	}
	db, _ := f.DB()
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
	if err := report.BuildChangeLog(&buf, c, fm); err != nil {
		return err
	}
	name := "change-log." + string(fm)
	if l == crmflow.LangZH {
		name = "需求变更记录." + string(fm)
	}
	return writeDoc(f, outputPath(out, name), buf.Bytes())
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
