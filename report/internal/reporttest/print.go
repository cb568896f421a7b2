package reporttest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/internal/readers"
)

// SheetPrint is how openpyxl (the reader a client's tooling uses) sees one
// visible sheet's page setup.
type SheetPrint struct {
	Orientation string   `json:"orientation"`
	FitToWidth  int      `json:"fit_w"`
	FitToHeight int      `json:"fit_h"`
	FitToPage   bool     `json:"fit_page"`
	TitleRows   string   `json:"title_rows"` // "1:3"
	TitleCols   string   `json:"title_cols"` // "A:B"
	Area        string   `json:"area"`
	Header      string   `json:"header"` // left | center | right
	Footer      string   `json:"footer"`
	Fonts       []string `json:"fonts"` // the faces the written cells use
}

const printScript = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
def hf(h):
    return " | ".join((p.text or "") for p in (h.left, h.center, h.right))
for ws in wb.worksheets:
    if ws.sheet_state != "visible":
        continue
    ps = ws.page_setup
    pr = ws.sheet_properties.pageSetUpPr
    fonts = sorted({c.font.name or "" for row in ws.iter_rows() for c in row if c.value is not None})
    out[ws.title] = {
        "orientation": ps.orientation or "",
        "fit_w": int(ps.fitToWidth) if ps.fitToWidth is not None else 1,
        "fit_h": int(ps.fitToHeight) if ps.fitToHeight is not None else 1,
        "fit_page": bool(pr is not None and pr.fitToPage),
        "title_rows": ws.print_title_rows or "",
        "title_cols": ws.print_title_cols or "",
        "area": str(ws.print_area or ""),
        "header": hf(ws.oddHeader),
        "footer": hf(ws.oddFooter),
        "fonts": fonts,
    }
print(json.dumps(out, ensure_ascii=False))
`

// PrintSetup reads every visible sheet's page setup with openpyxl; the test
// is skipped when openpyxl is missing.
func PrintSetup(t *testing.T, data []byte) map[string]SheetPrint {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var out map[string]SheetPrint
	if err := json.Unmarshal(RunPython(t, printScript, path), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// WantPrint fails unless sheet prints as a client needs: in orientation,
// fitted one page wide with the height free (or, across, at full size),
// title rows (and columns) repeated, the project and document in the header
// and the page number in the footer, every cell in one named face.
func WantPrint(t *testing.T, setup map[string]SheetPrint, sheet, orientation string, across bool, titleRows, titleCols, project, document, page string) {
	t.Helper()
	p, ok := setup[sheet]
	if !ok {
		t.Errorf("no visible sheet %q among %v", sheet, keys(setup))
		return
	}
	if p.Orientation != orientation {
		t.Errorf("%s: orientation %q, want %q", sheet, p.Orientation, orientation)
	}
	switch {
	case across && (p.FitToPage || p.FitToWidth != 0):
		t.Errorf("%s: fit to page %v, %d wide: want full size across pages", sheet, p.FitToPage, p.FitToWidth)
	case !across && (!p.FitToPage || p.FitToWidth != 1 || p.FitToHeight != 0):
		t.Errorf("%s: fit to page %v, %d wide × %d tall: want one page wide, height free", sheet, p.FitToPage, p.FitToWidth, p.FitToHeight)
	}
	if p.TitleRows != titleRows || p.TitleCols != titleCols {
		t.Errorf("%s: print titles rows %q cols %q, want %q %q", sheet, p.TitleRows, p.TitleCols, titleRows, titleCols)
	}
	if !strings.Contains(p.Header, project) || !strings.Contains(p.Header, document) {
		t.Errorf("%s: header %q lacks the project %q or the document %q", sheet, p.Header, project, document)
	}
	if !strings.Contains(p.Footer, page) {
		t.Errorf("%s: footer %q lacks the page number %q", sheet, p.Footer, page)
	}
	if len(p.Fonts) != 1 || p.Fonts[0] == "" {
		t.Errorf("%s: cells use the faces %q, want one named face", sheet, p.Fonts)
	}
}

func keys(m map[string]SheetPrint) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// PDFPages prints an xlsx with LibreOffice and returns the PDF's page count
// (pdfinfo); a missing reader skips the test, or fails it in CI.
func PDFPages(t *testing.T, data []byte) int {
	t.Helper()
	bin := NeedSoffice(t)
	readers.Pdfinfo(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	Soffice(t, bin, in, "pdf", dir, filepath.Join(dir, "book.pdf"))
	return pdfFilePages(t, filepath.Join(dir, "book.pdf"))
}

// Pages is how many pages the PDF Chromium printed has (pdfinfo).
func (b *Browser) Pages() int {
	b.t.Helper()
	b.PDF()
	return pdfFilePages(b.t, filepath.Join(b.dir, "page.pdf"))
}

// pdfFilePages is the page count pdfinfo reads from the PDF file.
func pdfFilePages(t *testing.T, file string) int {
	t.Helper()
	out, err := exec.Command(readers.Pdfinfo(t), file).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo printed no page count: %s", out)
	return 0
}
