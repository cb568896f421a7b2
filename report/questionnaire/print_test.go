package questionnaire

import (
	"bytes"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestQuestionnairePrints: the instructions portrait, each role sheet
// landscape one page wide (the questions and three answer columns, not 30:
// it printed on 38 pages) with its title and header rows repeated; the
// results summary and pains one page wide, the raw answers across pages with
// role and name repeated; header, footer and one font on every sheet.
func TestQuestionnairePrints(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			page, instr := "第 &P 页，共 &N 页", "填写说明"
			if lang == crmflow.LangEN {
				page, instr = "Page &P of &N", "Instructions"
			}
			q := reporttest.Questionnaire(t, lang)
			var b bytes.Buffer
			if err := Write(&b, q, reporttest.Time); err != nil {
				t.Fatal(err)
			}
			setup := reporttest.PrintSetup(t, b.Bytes())
			reporttest.WantPrint(t, setup, instr, "portrait", false, "", "", q.Title, q.ID+" — "+instr, page)
			for _, r := range q.Roles {
				name := r.Name(lang)
				reporttest.WantPrint(t, setup, name, "landscape", false, "$1:$5", "", q.Title, q.ID+" — "+name, page)
				if a := setup[name].Area; a == "" {
					t.Errorf("%s: no print area: all 30 answer columns print", name)
				}
			}

			q, res, rs := reporttest.SurveyResults(t, lang)
			b.Reset()
			if err := WriteResults(&b, lang, q, res, rs); err != nil {
				t.Fatal(err)
			}
			setup = reporttest.PrintSetup(t, b.Bytes())
			if len(setup) != 3 {
				t.Fatalf("results sheets %v", setup)
			}
			for sheet, p := range setup {
				switch {
				case p.TitleCols != "":
					reporttest.WantPrint(t, setup, sheet, "landscape", true, "$1:$1", "$A:$B", res.Title, sheet, page)
				case p.TitleRows != "":
					reporttest.WantPrint(t, setup, sheet, "landscape", false, "$1:$1", "", res.Title, sheet, page)
				default:
					reporttest.WantPrint(t, setup, sheet, "landscape", false, "", "", res.Title, sheet, page)
				}
			}
		})
	}
}
