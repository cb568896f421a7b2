package acceptance

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
)

// TestMatrixWorkbookPrints checks the page setup a client's printer reads:
// landscape, one page wide, the header row repeated, and rows tall enough for
// their wrapped cells. The stream writer drops settings made after it starts,
// which once left the matrix printing as portrait strips.
func TestMatrixWorkbookPrints(t *testing.T) {
	d := &MatrixDoc{Lang: crmflow.LangZH, Project: "快消CRM", Modules: map[string]string{"visit": "拜访跟进"},
		Matrix: acceptance.Matrix{Baseline: "v1.1", Rows: []acceptance.MatrixRow{
			{Req: "REQ-001", Title: "拜访记录移动端实时录入", Module: "visit", Findings: []string{"F-001"},
				Steps: []string{"PM-002#view", "PM-002#checkout", "PM-002#consolidate"}, Case: "TC-001", Result: acceptance.Pass, Round: "UAT-1", Gaps: []string{}},
			{Req: "REQ-002", Title: "拜访管理移动化", Module: "visit", Findings: []string{}, Steps: []string{}, Gaps: []string{"no-source"}},
		}}}
	var buf bytes.Buffer
	if err := MatrixWorkbook(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	pl, err := f.GetPageLayout(sheet)
	if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v, %v: want landscape, one page wide", pl, err)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("fit to page is not on: %+v, %v", props, err)
	}
	titles := false
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == sheet && n.RefersTo == "'"+sheet+"'!$1:$1" {
			titles = true
		}
	}
	if !titles {
		t.Errorf("the header row does not repeat: %+v", f.GetDefinedName())
	}
	// Three process steps wrap in their 18-wide column: the row grows.
	if h, err := f.GetRowHeight(sheet, 2); err != nil || h < 30 {
		t.Errorf("row 2 height %v, %v: too short for its wrapped steps", h, err)
	}
}
