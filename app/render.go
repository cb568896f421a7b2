package app

import (
	"bytes"
	"context"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report/bpmn"
	"github.com/crmflow/crmflow/report/docs"
	"github.com/crmflow/crmflow/report/mermaid"
	"github.com/crmflow/crmflow/report/questionnaire"
	svgdraw "github.com/crmflow/crmflow/report/svg"
	"github.com/crmflow/crmflow/survey"
)

// RenderProcess draws a process map as svg (swimlanes in lang), mermaid (or
// mmd) or bpmn; the document is named PM-001.svg, .mmd or .bpmn.
func RenderProcess(m *process.Map, format string, lang crmflow.Lang) (Document, error) {
	var buf bytes.Buffer
	var err error
	ext := format
	switch format {
	case "svg":
		err = svgdraw.WriteProcess(&buf, m, process.Lay(m), lang)
	case "mermaid", "mmd":
		ext = "mmd"
		err = mermaid.WriteProcess(&buf, m)
	case "bpmn":
		err = bpmn.Write(&buf, m, process.Lay(m))
	default:
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not svg, mermaid or bpmn", format)
	}
	return Document{Name: m.ID + "." + ext, Data: buf.Bytes()}, err
}

// QuestionnaireDocument writes a questionnaire to hand out: the xlsx workbook,
// or a printable md.
func (a *App) QuestionnaireDocument(q *survey.Questionnaire, format string) (Document, error) {
	return questionnaireDocument(q, format, a.clock.Now())
}

func questionnaireDocument(q *survey.Questionnaire, format string, now time.Time) (Document, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "xlsx":
		err = questionnaire.Write(&buf, q, now)
	case "md", "markdown":
		format = "md"
		err = docs.QuestionnaireMarkdown(&buf, q, now)
	default:
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not xlsx or md", format)
	}
	return Document{Name: "questionnaire-" + q.ID + "." + format, Data: buf.Bytes()}, err
}

// SurveyResults aggregates a questionnaire's responses, with its results in lang.
func (a *App) SurveyResults(ctx context.Context, q *survey.Questionnaire, lang crmflow.Lang) (survey.Results, []survey.Response, error) {
	return a.Surveys.Results(ctx, q, lang)
}

// SurveyResultsDocument writes a questionnaire's results as md, html or xlsx.
func SurveyResultsDocument(q *survey.Questionnaire, res *survey.Results, responses []survey.Response, lang crmflow.Lang, format string) (Document, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "md", "markdown":
		format = "md"
		err = docs.SurveyResultsMarkdown(&buf, lang, res)
	case "html":
		err = docs.SurveyResultsHTML(&buf, lang, res)
	case "xlsx":
		err = questionnaire.WriteResults(&buf, lang, q, res, responses)
	default:
		return Document{}, crmflow.Errorf(crmflow.EINVALID, "--format %q is not md, html or xlsx", format)
	}
	return Document{Name: "survey-results." + format, Data: buf.Bytes()}, err
}
