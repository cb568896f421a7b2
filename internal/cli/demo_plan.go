package cli

import (
	"context"
	"path/filepath"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/internal/demo"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/sqlite"
)

// seedDemoPlan lays out the demo's plan before its change requests, so that
// CR-001 can name the milestone it delays and move the plan when applied.
func seedDemoPlan(ctx context.Context, db *sqlite.DB, clock crmflow.Clock, changes *change.Service) (demo.PlanSummary, error) {
	svc := &milestones.Service{Store: db.Milestones(), Clock: clock}
	changes.MilestonesReached = svc.Reached
	return demo.SeedPlan(ctx, svc)
}

// writeDemoPlanDocs writes the demo's weekly report for the current week
// (zh: md, html, xlsx; en: md, html), the Gantt chart (svg, xlsx, mermaid)
// and the milestone calendar into outDir.
func writeDemoPlanDocs(ctx context.Context, f *Factory, dbPath, outDir string) ([]string, error) {
	clock, err := f.Clock()
	if err != nil {
		return nil, err
	}
	a, err := app.Open(ctx, dbPath, app.Options{Clock: clock, Actor: f.Actor()})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	var docs []app.Document
	for _, w := range []struct {
		lang    crmflow.Lang
		formats []string
	}{{crmflow.LangZH, []string{"md", "html", "xlsx"}}, {crmflow.LangEN, []string{"md", "html"}}} {
		for _, fm := range w.formats {
			d, err := a.WeeklyReport(ctx, "", fm, w.lang)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d)
		}
	}
	for _, fm := range app.GanttFormats {
		d, err := a.GanttChart(ctx, fm)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	d, err := a.MilestoneCalendar(ctx)
	if err != nil {
		return nil, err
	}
	docs = append(docs, d)
	var written []string
	for _, d := range docs {
		p := filepath.Join(outDir, d.Name)
		if err := writeFileAtomic(p, d.Data); err != nil {
			return nil, err
		}
		written = append(written, p)
	}
	return written, nil
}
