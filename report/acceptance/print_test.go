package acceptance

import (
	"bytes"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestWorkbooksPrint: the UAT workbook and the trace matrix as openpyxl
// reads their page setup: landscape, one page wide, title rows repeated,
// the project and the document in the header, the page in the footer, one
// font in every cell.
func TestWorkbooksPrint(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			page := tr(lang, "第 &P 页，共 &N 页", "Page &P of &N")
			wb := testWorkbook(lang)
			setup := reporttest.PrintSetup(t, writeWB(t, wb))
			reporttest.WantPrint(t, setup, sheetTitle(lang), "landscape", false, "$1:$3", "", wb.Project,
				tr(lang, "用户验收测试清单", "user acceptance test checklist"), page)

			d := &MatrixDoc{Lang: lang, Project: "快消CRM", Matrix: acceptance.Matrix{Baseline: "v1.1", Rows: []acceptance.MatrixRow{
				{Req: "REQ-001", Title: "拜访记录", Module: "visit", Case: "TC-001", Result: acceptance.Pass, Round: "UAT-1", Gaps: []string{}}}}}
			var b bytes.Buffer
			if err := MatrixWorkbook(&b, d); err != nil {
				t.Fatal(err)
			}
			setup = reporttest.PrintSetup(t, b.Bytes())
			reporttest.WantPrint(t, setup, tr(lang, "跟踪矩阵", "Trace matrix"), "landscape", false, "$1:$1", "", d.Project,
				tr(lang, "需求跟踪矩阵", "Requirements Trace Matrix"), page)
		})
	}
}
