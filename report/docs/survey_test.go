package docs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

func TestSurveyGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		_, res, _ := reporttest.SurveyResults(t, lang)
		var b bytes.Buffer
		if err := SurveyResultsMarkdown(&b, lang, res); err != nil {
			t.Fatal(err)
		}
		reporttest.Golden(t, "survey-results."+string(lang)+".md", b.Bytes())
		b.Reset()
		if err := QuestionnaireMarkdown(&b, reporttest.Questionnaire(t, lang), reporttest.Time); err != nil {
			t.Fatal(err)
		}
		reporttest.Golden(t, "questionnaire."+string(lang)+".md", b.Bytes())
	}
}

func TestSurveyResultsHTML(t *testing.T) {
	_, res, _ := reporttest.SurveyResults(t, crmflow.LangZH)
	var b bytes.Buffer
	if err := SurveyResultsHTML(&b, crmflow.LangZH, res); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, bad := range []string{"<b>手工</b>", "<script", "href=\"http", "src=\"survey-figure"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if n := strings.Count(html, "<svg"); n != 7 {
		t.Errorf("%d charts", n)
	}
	if !strings.Contains(html, `lang="zh-CN"`) || !strings.Contains(html, "&lt;b&gt;手工&lt;/b&gt;") {
		t.Error("lang or escaped text missing")
	}
	// Deterministic.
	var again bytes.Buffer
	_ = SurveyResultsHTML(&again, crmflow.LangZH, res)
	if again.String() != html {
		t.Error("the page differs between two runs")
	}

	dom := reporttest.OpenInChromium(t, b.Bytes(), "results.html").DOM()
	if strings.Count(string(dom), "<svg") != 7 || !strings.Contains(string(dom), "痛点排名") || strings.Contains(string(dom), "<b>手工</b>") {
		t.Errorf("the DOM lacks the charts or headings (%d bytes)", len(dom))
	}
}
