package app

import (
	"bytes"
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/bpmn"
	"github.com/crmflow/crmflow/report/docs"
	"github.com/crmflow/crmflow/report/reqform"
	"github.com/crmflow/crmflow/requirements"
)

// Format is a document's format: md or html.
type Format = report.Format

// The document formats.
const (
	FormatMarkdown = report.FormatMarkdown
	FormatHTML     = report.FormatHTML
)

// RequirementForm is a requirement written as the plain-text form a person
// edits (the module named in the project's language); the form and the
// requirement as it was are what ReplaceFromForm needs afterwards.
func (a *App) RequirementForm(ctx context.Context, r requirements.Requirement) ([]byte, error) {
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	defs, err := a.Requirements.Store.FieldDefs(ctx)
	if err != nil {
		return nil, err
	}
	lang := a.Lang(ctx)
	modName := r.Module
	if m, ok := cat.Lookup(r.Module); ok {
		modName = m.Name(lang)
	}
	var form bytes.Buffer
	if err := reqform.Format(&form, r, modName, defs, lang); err != nil {
		return nil, err
	}
	return form.Bytes(), nil
}

// ParseRequirementForm reads a requirement form over base: the fields the
// form holds replace base's.
func (a *App) ParseRequirementForm(ctx context.Context, src []byte, base requirements.Requirement) (requirements.Requirement, error) {
	cat, err := a.Requirements.Catalog(ctx)
	if err != nil {
		return base, err
	}
	defs, err := a.Requirements.Store.FieldDefs(ctx)
	if err != nil {
		return base, err
	}
	return reqform.Parse(src, base, defs, func(name string) (string, error) {
		m, err := cat.Resolve(name)
		return m.Key, err
	})
}

// ReplaceFromForm saves an edited form over r, unless r changed since the
// form was made. A form that does not parse is an EINVALID error.
func (a *App) ReplaceFromForm(ctx context.Context, r requirements.Requirement, edited []byte) (requirements.Requirement, error) {
	parsed, err := a.ParseRequirementForm(ctx, edited, r)
	if err != nil {
		return r, err
	}
	return a.Requirements.Replace(ctx, r.ID, r.Revision, parsed)
}

// NewRequirementFromForm reads a form for a requirement to add (by a change
// request): fields the form leaves out take the defaults.
func (a *App) NewRequirementFromForm(ctx context.Context, src []byte) (requirements.Requirement, error) {
	base := requirements.Requirement{Kind: requirements.KindFunctional, Value: 3, Difficulty: 3, Urgency: 3}
	return a.ParseRequirementForm(ctx, src, base)
}

// ProcessFromBPMN reads a BPMN 2.0 diagram and writes it in the process
// language; name is the file's name, for messages.
func ProcessFromBPMN(name string, data []byte) ([]byte, error) {
	m, err := bpmn.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return process.Format(m), nil
}

// BaselineDiffMarkdown writes a baseline diff as Markdown in lang.
func BaselineDiffMarkdown(d baseline.Diff, lang crmflow.Lang) ([]byte, error) {
	var buf bytes.Buffer
	err := docs.BaselineDiffMarkdown(&buf, d, lang)
	return buf.Bytes(), err
}

// BaselineDiffHTML writes a baseline diff as a self-contained HTML page in lang.
func BaselineDiffHTML(d baseline.Diff, lang crmflow.Lang) ([]byte, error) {
	var buf bytes.Buffer
	err := docs.BaselineDiffHTML(&buf, d, lang)
	return buf.Bytes(), err
}
