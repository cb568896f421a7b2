package app

import (
	"bytes"
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	svgdraw "github.com/crmflow/crmflow/report/svg"

	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
)

// sinceBaseline is what a working draft holds beyond the newest baseline:
// requirements not in it, and requirements whose revision moved on since.
// A rejected or deferred requirement that never made a baseline is not news:
// it was decided to leave it out, not added.
func (a *App) sinceBaseline(ctx context.Context, baselines []baseline.Baseline, all []requirements.Requirement) (report.Since, error) {
	name := baseline.Latest(baselines)
	if name == "" {
		return report.Since{}, nil
	}
	items, err := a.BaselineItems(ctx, name)
	if err != nil {
		return report.Since{}, err
	}
	rev := make(map[string]int, len(items))
	for _, it := range items {
		rev[it.ID] = it.Revision
	}
	s := report.Since{Baseline: name}
	for _, r := range all {
		switch n, ok := rev[r.ID]; {
		case !ok && (r.Status == requirements.Rejected || r.Status == requirements.Deferred):
		case !ok:
			s.Added = append(s.Added, r.ID)
		case n != r.Revision:
			s.Changed = append(s.Changed, r.ID)
		}
	}
	return s, nil
}

// testCaseCount is how many UAT test cases the project has.
func (a *App) testCaseCount(ctx context.Context) (int, error) {
	cs, err := a.Acceptance.Store.CaseSummaries(ctx)
	return len(cs), err
}

// printWidth is the widest a part of a swimlane is drawn for the HTML
// documents: on an A4 page (174 mm of text width) it keeps labels readable.
const printWidth = 900

// printFigure is map m cut into page-wide parts.
func printFigure(m *process.Map, lang crmflow.Lang) ([]byte, error) {
	var b bytes.Buffer
	if err := svgdraw.WriteProcessParts(&b, m, process.Lay(m), lang, printWidth); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
