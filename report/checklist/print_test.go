package checklist

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestChecklistPrints checks, with openpyxl, what a client's printer reads
// from every visible sheet: the requirements landscape and one page wide
// with the header row repeated (it printed as five vertical strips over 17
// pages), the instructions portrait, the project and the sheet in the header,
// the page number in the footer, one named font in every cell (LibreOffice
// fell back to a serif for the header styles).
func TestChecklistPrints(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			reg := checklistTestRegister(t, lang)
			setup := reporttest.PrintSetup(t, writeChecklistBytes(t, reg))
			n := checklistSheets(lang)
			doc, page := "需求清单", "第 &P 页，共 &N 页"
			if lang == crmflow.LangEN {
				doc, page = "Requirement checklist", "Page &P of &N"
			}
			p := reg.Project.Name
			reporttest.WantPrint(t, setup, n.instructions, "portrait", false, "", "", p, doc+" — "+n.instructions, page)
			reporttest.WantPrint(t, setup, n.requirements, "landscape", false, "$1:$1", "", p, doc+" — "+n.requirements, page)
			reporttest.WantPrint(t, setup, n.summary, "landscape", false, "", "", p, doc+" — "+n.summary, page)
			reporttest.WantPrint(t, setup, n.dictionary, "landscape", false, "$1:$1", "", p, doc+" — "+n.dictionary, page)
			reporttest.WantPrint(t, setup, n.permissions, "landscape", false, "$1:$1", "$A:$A", p, doc+" — "+n.permissions, page)
		})
	}
}

// TestChecklistPrintedPages prints a demo-sized checklist (36 requirements
// with long descriptions) with LibreOffice: each sheet fits one page wide,
// so the whole stays within a page count a client can handle (it was 17).
func TestChecklistPrintedPages(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangEN)
	base := reg.Requirements
	for i := len(base); len(reg.Requirements) < 36; i++ {
		v := base[i%len(base)]
		v.ID = fmt.Sprintf("REQ-%03d", i+1)
		v.Description = strings.Repeat("Sales reps record every visit on the phone right after it, with photos and the check-in place. ", 3)
		reg.Requirements = append(reg.Requirements, v)
	}
	if n := reporttest.PDFPages(t, writeChecklistBytes(t, reg)); n > 9 || n < 5 {
		t.Errorf("the checklist prints on %d pages, want 5 to 9 (one per sheet at least)", n)
	}
}
