package app

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	relreport "github.com/crmflow/crmflow/report/release"
	"github.com/crmflow/crmflow/requirements"
)

// ReleaseNotesFormats are the release notes' formats.
var ReleaseNotesFormats = []string{"md", "html"}

// BurndownFormats are the burndown's formats.
var BurndownFormats = []string{"svg", "json"}

// ReleaseNotesData gathers what a release delivers: its implemented and
// verified requirements by module and kind, the applied change requests of
// the release, and what was deferred out of it.
func (a *App) ReleaseNotesData(ctx context.Context, ref string, lang crmflow.Lang) (*relreport.Notes, error) {
	r, err := a.Releases.ResolveRelease(ctx, ref)
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = a.Lang(ctx)
	}
	p, err := a.Project(ctx)
	if err != nil {
		return nil, err
	}
	items, err := a.Releases.Store.Items(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	crs, err := a.Changes.List(ctx, "")
	if err != nil {
		return nil, err
	}
	applied := func(c change.Request) bool { return c.Baseline != "" }
	changedBy := map[string][]string{}
	for _, c := range crs {
		if !applied(c) {
			continue
		}
		for _, id := range slices.Concat(c.Proposal.Reqs, c.Proposal.Remove) {
			changedBy[id] = append(changedBy[id], c.ID)
		}
	}
	n := &relreport.Notes{Project: p.Name, Client: p.Client, Lang: lang, Release: r.Name, Target: r.Target.String(),
		Generated: a.clock.Now(), Modules: []relreport.ModuleGroup{}, Changes: []relreport.Change{}, Deferred: []relreport.Line{}}
	type key struct{ module, kind string }
	lines := map[key][]relreport.Line{}
	for _, it := range items {
		if it.Release != r.ID {
			continue
		}
		if crmflow.KindChange.Is(it.Ref) {
			for _, c := range crs {
				if c.ID == it.Ref && applied(c) {
					n.Changes = append(n.Changes, relreport.Change{ID: c.ID, Title: c.Title, Baseline: c.Baseline,
						Reqs: slices.Concat(c.Proposal.Reqs, c.Proposal.Remove)})
				}
			}
			continue
		}
		req, err := a.Requirements.Store.Requirement(ctx, it.Ref)
		if err != nil {
			return nil, err
		}
		b, err := a.db.Baselines().Containing(ctx, req.ID)
		if err != nil {
			return nil, err
		}
		ln := relreport.Line{Ref: req.ID, Title: req.Title, Status: req.Status.Name(lang), Baseline: b, Changes: changedBy[req.ID]}
		if ln.Changes == nil {
			ln.Changes = []string{}
		}
		switch req.Status {
		case requirements.Implemented, requirements.Verified:
			lines[key{req.Module, string(req.Kind)}] = append(lines[key{req.Module, string(req.Kind)}], ln)
		case requirements.Deferred:
			n.Deferred = append(n.Deferred, ln)
		}
	}
	slices.SortFunc(n.Changes, func(x, y relreport.Change) int { return crmflowCompare(x.ID, y.ID) })
	slices.SortFunc(n.Deferred, func(x, y relreport.Line) int { return crmflowCompare(x.Ref, y.Ref) })
	var modules []string
	for k := range lines {
		if !slices.Contains(modules, k.module) {
			modules = append(modules, k.module)
		}
	}
	slices.SortFunc(modules, func(x, y string) int {
		if c := cat.Order(x) - cat.Order(y); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	for _, m := range modules {
		name := m
		if mod, ok := cat.Lookup(m); ok {
			name = mod.Name(lang)
		}
		g := relreport.ModuleGroup{Module: name}
		for _, k := range requirements.Kinds {
			ls := lines[key{m, string(k)}]
			if len(ls) == 0 {
				continue
			}
			slices.SortFunc(ls, func(x, y relreport.Line) int { return crmflowCompare(x.Ref, y.Ref) })
			g.Kinds = append(g.Kinds, relreport.KindGroup{Kind: k.Name(lang), Lines: ls})
		}
		n.Modules = append(n.Modules, g)
	}
	return n, nil
}

// ReleaseNotes writes the release notes (发布说明) as md or html.
func (a *App) ReleaseNotes(ctx context.Context, ref, format string, lang crmflow.Lang) (Document, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(ReleaseNotesFormats, format) {
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not md or html", format).In("release.notes")
	}
	n, err := a.ReleaseNotesData(ctx, ref, lang)
	if err != nil {
		return Document{}, err
	}
	var buf bytes.Buffer
	if format == "md" {
		err = relreport.Markdown(&buf, n)
	} else {
		err = relreport.HTML(&buf, n)
	}
	if err != nil {
		return Document{}, err
	}
	name := "release-notes-" + n.Release + "." + format
	if n.Lang == crmflow.LangZH {
		name = "发布说明-" + n.Release + "." + format
	}
	return Document{Name: name, Data: buf.Bytes()}, nil
}

// BurndownChart writes a sprint's burndown as svg or json.
func (a *App) BurndownChart(ctx context.Context, ref, format string, lang crmflow.Lang) (Document, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(BurndownFormats, format) {
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not svg or json", format).In("sprint.burndown")
	}
	b, err := a.SprintBurndown(ctx, ref)
	if err != nil {
		return Document{}, err
	}
	if lang == "" {
		lang = a.Lang(ctx)
	}
	var buf bytes.Buffer
	if format == "svg" {
		err = relreport.BurndownSVG(&buf, &b, lang)
	} else {
		var data []byte
		data, err = json.MarshalIndent(b, "", "  ")
		buf.Write(data)
		buf.WriteByte('\n')
	}
	if err != nil {
		return Document{}, err
	}
	name := "burndown-" + b.Sprint + "." + format
	if lang == crmflow.LangZH {
		name = "燃尽图-" + b.Sprint + "." + format
	}
	return Document{Name: name, Data: buf.Bytes()}, nil
}
