package app

import (
	"bytes"
	"context"
	"io"
	"sort"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/baseline"
	accdoc "github.com/crmflow/crmflow/report/acceptance"
	"github.com/crmflow/crmflow/requirements"
)

// newAcceptance is the acceptance service on the workspace (hooked into assemble).
func newAcceptance(db Store, a *App, o Options) *acceptance.Service {
	return &acceptance.Service{Store: db.Acceptance(), Baselines: db.Baselines(), Reqs: a.Requirements, Clock: o.Clock, Actor: o.Actor}
}

// moduleNames maps module keys to their names in lang.
func (a *App) moduleNames(ctx context.Context, lang crmflow.Lang) (map[string]string, *requirements.Catalog, error) {
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := map[string]string{}
	for _, mod := range cat.Modules() {
		m[mod.Key] = mod.Name(lang)
	}
	return m, cat, nil
}

// Coverage is the requirements of a baseline (the newest when bl is "")
// against their tests on their current content.
func (a *App) Coverage(ctx context.Context, bl string) (acceptance.Coverage, error) {
	ev, err := a.Acceptance.Evidence(ctx, bl)
	if err != nil {
		return acceptance.Coverage{}, err
	}
	return ev.Coverage(), nil
}

// TraceMatrix builds the trace matrix of a baseline: requirement × finding ×
// process step × test case × latest result, with its gaps.
func (a *App) TraceMatrix(ctx context.Context, bl string, lang crmflow.Lang) (*accdoc.MatrixDoc, error) {
	ev, err := a.Acceptance.Evidence(ctx, bl)
	if err != nil {
		return nil, err
	}
	tr := acceptance.Trace{Findings: map[string][]string{}, Steps: map[string][]string{}, Suspect: map[string]bool{}}
	byFinding, err := a.Research.FindingRequirements(ctx)
	if err != nil {
		return nil, err
	}
	for f, reqs := range byFinding {
		for _, r := range reqs {
			tr.Findings[r] = append(tr.Findings[r], f)
		}
	}
	for _, fs := range tr.Findings {
		sort.Slice(fs, func(i, j int) bool { return baseline.CompareIDs(fs[i], fs[j]) < 0 })
	}
	maps, err := a.Processes.Store.Maps(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range maps {
		for _, n := range m.Nodes {
			for _, r := range n.Reqs {
				tr.Steps[r] = append(tr.Steps[r], m.ID+"#"+n.ID)
			}
		}
	}
	sus, err := a.Changes.Store.Suspects(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range sus {
		if crmflow.KindTestCase.Is(s.Item) {
			tr.Suspect[s.Item] = true
		}
	}
	names, _, err := a.moduleNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	p, err := a.Project(ctx)
	if err != nil {
		return nil, err
	}
	return &accdoc.MatrixDoc{Lang: lang, Project: p.Name, Matrix: ev.Matrix(tr), Modules: names}, nil
}

// UATWorkbookDocument is the workbook testers fill in for a round, named for
// it, and how many cases it lists.
func (a *App) UATWorkbookDocument(ctx context.Context, ref string, lang crmflow.Lang) (Document, int, error) {
	data, r, n, err := a.UATWorkbook(ctx, ref, lang)
	if err != nil {
		return Document{}, 0, err
	}
	return Document{Name: accdoc.WorkbookFileName(lang, r.ID), Data: data}, n, nil
}

// AcceptanceDocument builds the acceptance report (验收报告) of a round as
// Markdown or a self-contained HTML page.
func (a *App) AcceptanceDocument(ctx context.Context, ref string, lang crmflow.Lang, format Format) (Document, error) {
	rep, err := a.AcceptanceReport(ctx, ref, lang)
	if err != nil {
		return Document{}, err
	}
	data := accdoc.Markdown(rep)
	if format == FormatHTML {
		if data, err = accdoc.HTML(rep); err != nil {
			return Document{}, err
		}
	}
	return Document{Name: accdoc.FileName(lang, rep.Status.Round.ID, string(format)), Data: data}, nil
}

// Trace matrix formats: Markdown, a self-contained HTML page, a workbook.
const (
	MatrixMarkdown = "md"
	MatrixHTML     = "html"
	MatrixXLSX     = "xlsx"
)

// TraceMatrixDocument builds the trace matrix of a baseline (the newest when
// bl is "") in format (md, html or xlsx).
func (a *App) TraceMatrixDocument(ctx context.Context, bl string, lang crmflow.Lang, format string) (Document, error) {
	if format != MatrixMarkdown && format != MatrixHTML && format != MatrixXLSX {
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "trace matrix format %q is not md, html or xlsx", format).
			In("trace.matrix").With("format", format)
	}
	m, err := a.TraceMatrix(ctx, bl, lang)
	if err != nil {
		return Document{}, err
	}
	var data []byte
	switch format {
	case MatrixMarkdown:
		data = accdoc.MatrixMarkdown(m)
	case MatrixHTML:
		if data, err = accdoc.MatrixHTML(m); err != nil {
			return Document{}, err
		}
	case MatrixXLSX:
		var buf bytes.Buffer
		if err := accdoc.MatrixWorkbook(&buf, m); err != nil {
			return Document{}, err
		}
		data = buf.Bytes()
	}
	return Document{Name: accdoc.MatrixFileName(lang, format), Data: data}, nil
}

// UATWorkbook writes the workbook testers fill in for a round.
func (a *App) UATWorkbook(ctx context.Context, ref string, lang crmflow.Lang) ([]byte, acceptance.Round, int, error) {
	st, err := a.Acceptance.Status(ctx, ref)
	if err != nil {
		return nil, acceptance.Round{}, 0, err
	}
	b, err := a.Acceptance.Baselines.Baseline(ctx, st.Round.Baseline)
	if err != nil {
		return nil, st.Round, 0, err
	}
	names, _, err := a.moduleNames(ctx, lang)
	if err != nil {
		return nil, st.Round, 0, err
	}
	titles, err := a.Requirements.Store.Titles(ctx)
	if err != nil {
		return nil, st.Round, 0, err
	}
	p, err := a.Project(ctx)
	if err != nil {
		return nil, st.Round, 0, err
	}
	wb := accdoc.Workbook{Lang: lang, Project: p.Name, Round: st.Round, Hash: b.Hash}
	for _, c := range st.Cases {
		x := c.Result
		if x.Result == acceptance.Untested && x.RecordedBy == "" {
			x.Result = ""
		}
		wb.Cases = append(wb.Cases, accdoc.WorkbookCase{Case: c.Case, ReqTitle: titles[c.Case.Req], Module: names[c.Module], Result: x})
	}
	var buf bytes.Buffer
	if err := accdoc.WriteWorkbook(&buf, wb); err != nil {
		return nil, st.Round, 0, err
	}
	return buf.Bytes(), st.Round, len(wb.Cases), nil
}

// UATImport is what importing a returned workbook did (or, dry, would do).
type UATImport struct {
	Round    string                `json:"round"`
	Plan     acceptance.ResultPlan `json:"plan"`
	Verified []string              `json:"verified"` // requirements moved to verified
	DryRun   bool                  `json:"dry_run"`
}

// ImportUAT reads a returned workbook and records its results, all or
// nothing; with dryRun it only checks and reports what would change.
func (a *App) ImportUAT(ctx context.Context, ref, file string, r io.Reader, size int64, dryRun bool) (UATImport, error) {
	round, err := a.Acceptance.Round(ctx, ref)
	if err != nil {
		return UATImport{}, err
	}
	read, err := accdoc.ReadWorkbook(file, r, size)
	if err != nil {
		return UATImport{}, err
	}
	if read.Round != "" && read.Round != round.ID {
		return UATImport{}, crmflow.Errorf(crmflow.EINVALID, "%s is the workbook of %s, not %s; nothing was imported", file, read.Round, round.ID).
			In("uat.import").About(crmflow.KindUAT.Noun, round.ID).With("workbook_round", read.Round)
	}
	plan, verified, err := a.Acceptance.ImportResults(ctx, round.ID, file, read.Sheet, read.Rows, dryRun)
	if err != nil {
		return UATImport{}, err
	}
	if verified == nil {
		verified = []string{}
	}
	return UATImport{Round: round.ID, Plan: plan, Verified: verified, DryRun: dryRun}, nil
}

// AcceptanceReport gathers the acceptance report (验收报告) of a round.
func (a *App) AcceptanceReport(ctx context.Context, ref string, lang crmflow.Lang) (*accdoc.Report, error) {
	st, verdict, defs, err := a.Acceptance.Assess(ctx, ref)
	if err != nil {
		return nil, err
	}
	b, err := a.Acceptance.Baselines.Baseline(ctx, st.Round.Baseline)
	if err != nil {
		return nil, err
	}
	p, err := a.Project(ctx)
	if err != nil {
		return nil, err
	}
	settings, err := a.db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	names, _, err := a.moduleNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	rep := &accdoc.Report{Lang: lang, Project: p.Name, Client: p.Client, Contract: settings["contract"], Date: a.clock.Now(),
		Baseline: b.Name, Hash: b.Hash, ReqCount: b.Count, Modules: names, Status: st, Verdict: verdict}
	in := map[string]bool{}
	for _, c := range st.Cases {
		in[c.Case.ID] = true
	}
	for _, d := range defs {
		if in[d.Case] {
			rep.Defects = append(rep.Defects, d)
		}
	}
	rounds, err := a.Acceptance.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rounds {
		if r.Baseline != b.Name {
			continue
		}
		rs := st
		if r.ID != st.Round.ID {
			if rs, err = a.Acceptance.Status(ctx, r.ID); err != nil {
				return nil, err
			}
		}
		line := accdoc.RoundLine{Round: r, Tally: rs.Total}
		for _, c := range rs.Cases {
			if d := c.Result.Date; d != "" {
				if line.First == "" || d < line.First {
					line.First = d
				}
				if d > line.Last {
					line.Last = d
				}
			}
		}
		rep.Rounds = append(rep.Rounds, line)
	}
	if a.Acceptance.Signatures != nil {
		if rep.Signatures, err = a.Acceptance.Signatures(ctx, st.Round); err != nil {
			return nil, err
		}
	}
	return rep, nil
}
