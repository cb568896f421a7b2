package app

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/checklist"
	"github.com/crmflow/crmflow/report/questionnaire"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/survey"
)

// Input is a file a front end read for an import (or failed to read: Err).
type Input struct {
	Name string
	Data []byte
	Err  error
}

// PlanRequirementImport reads an edited checklist workbook and plans its
// import: what is new, changed, conflicting or refused. Nothing is written.
func (a *App) PlanRequirementImport(ctx context.Context, in Input, opt requirements.ImportOptions) (*requirements.ImportPlan, error) {
	if in.Err != nil {
		return nil, in.Err
	}
	rows, meta, err := checklist.Read(filepath.Base(in.Name), bytes.NewReader(in.Data), int64(len(in.Data)))
	if err != nil {
		return nil, err
	}
	return a.Requirements.PlanImport(ctx, rows, meta, opt)
}

// ApplyRequirementImport writes a planned import in one transaction.
func (a *App) ApplyRequirementImport(ctx context.Context, plan *requirements.ImportPlan) error {
	return a.Requirements.ApplyImport(ctx, plan)
}

// PlanSurveyImport reads filled questionnaire workbooks for q and plans their
// import; a file that cannot be read or parsed becomes a problem of the plan,
// in the order given, before the problems of the answers.
func (a *App) PlanSurveyImport(ctx context.Context, q *survey.Questionnaire, inputs []Input, replace bool) (*survey.ImportPlan, int, error) {
	var files []survey.FilledFile
	var probs []survey.Problem
	for _, in := range inputs {
		err := in.Err
		if err == nil {
			var ff survey.FilledFile
			ff, err = questionnaire.Read(in.Name, bytes.NewReader(in.Data), int64(len(in.Data)))
			if err == nil {
				files = append(files, ff)
				continue
			}
		}
		pr := survey.Problem{File: in.Name, Message: err.Error(), Lang: q.Lang}
		var re *report.ReadError
		if errors.As(err, &re) {
			pr = survey.Problem{File: in.Name, Sheet: re.Sheet, Row: re.Row, Column: re.Column, Message: re.Msg, Lang: q.Lang}
			if re.Facts["problem"] == "no-file" && q.Lang == crmflow.LangZH {
				pr.Message = "没有这个文件"
			}
		}
		probs = append(probs, pr)
	}
	plan, err := a.Surveys.PlanImport(ctx, q, files, replace)
	if err != nil {
		return nil, 0, err
	}
	plan.Problems = append(probs, plan.Problems...)
	return plan, len(files), nil
}

// ApplySurveyImport writes a planned survey import in one transaction.
func (a *App) ApplySurveyImport(ctx context.Context, plan *survey.ImportPlan) error {
	return a.Surveys.ApplyImport(ctx, plan)
}

// ResolveQuestionnaire finds a questionnaire by ID (Q-001, 1) or title.
func (a *App) ResolveQuestionnaire(ctx context.Context, ref string) (survey.Questionnaire, error) {
	return a.Surveys.Resolve(ctx, ref)
}
