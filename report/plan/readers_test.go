package plan

// The plan's documents as real readers see them: the ICS in Debian's
// python3-icalendar, the workbooks in openpyxl and LibreOffice, the HTML page
// and the Gantt SVG in headless Chromium. Each test skips, saying why, when
// its reader is missing, and fails instead under CRMFLOW_REQUIRE_READERS (CI).
// The Chromium, LibreOffice and openpyxl helpers are report/internal/reporttest's.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// pythonWith returns Debian's python3 when it can import module.
func pythonWith(t *testing.T, module, pkg string) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil && exec.Command(p, "-c", "import "+module).Run() == nil {
			return p
		}
	}
	if os.Getenv("CRMFLOW_REQUIRE_READERS") != "" {
		t.Fatalf("python3 with %s is not installed, and CRMFLOW_REQUIRE_READERS is set: .ci/run should have installed %s", module, pkg)
	}
	t.Skipf("python3 with %s is not installed (apt: %s); skipping this real-reader check", module, pkg)
	return ""
}

func runPython(t *testing.T, py, script string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(py, append([]string{"-c", script}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	return out
}

func TestICSInPythonIcalendar(t *testing.T) {
	py := pythonWith(t, "icalendar", "python3-icalendar")
	doc := fixture(t, crmflow.LangZH, 0)
	var buf bytes.Buffer
	stamp := time.Date(2027, 1, 21, 10, 0, 0, 0, time.UTC)
	if err := MilestonesICS(&buf, &Calendar{Project: doc.Project, Lang: doc.Lang, Stamp: stamp, Schedule: doc.Schedule}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "milestones.ics")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runPython(t, py, `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = []
for e in cal.walk('VEVENT'):
    events.append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION']),
                   'start': e.decoded('DTSTART').isoformat(), 'end': e.decoded('DTEND').isoformat(),
                   'stamp': e.decoded('DTSTAMP').isoformat(), 'allday': type(e.decoded('DTSTART')).__name__})
print(json.dumps({'version': str(cal['VERSION']), 'prodid': str(cal['PRODID']), 'events': events}, ensure_ascii=False))
`, file)
	var got struct {
		Version string `json:"version"`
		Events  []struct {
			UID, Summary, Description, Start, End, Stamp, Allday string
		} `json:"events"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Version != "2.0" || len(got.Events) != len(doc.Schedule.Rows) {
		t.Fatalf("version %q, %d events; want 2.0 and %d", got.Version, len(got.Events), len(doc.Schedule.Rows))
	}
	for i, r := range doc.Schedule.Rows {
		e := got.Events[i]
		// Every summary intact, Chinese and markup included, after unfolding.
		if want := r.ID + " " + r.Name; e.Summary != want {
			t.Errorf("event %d summary %q, want %q", i, e.Summary, want)
		}
		if e.UID != EventUID(doc.Project, r.ID) || e.Allday != "date" || e.Stamp != "2027-01-21T10:00:00+00:00" {
			t.Errorf("event %d: uid %q, start type %s, stamp %s", i, e.UID, e.Allday, e.Stamp)
		}
		if e.Start != r.Start.String() || e.End != (r.Finish+1).String() {
			t.Errorf("event %d runs %s to %s, want %s to %s (exclusive)", i, e.Start, e.End, r.Start, r.Finish+1)
		}
	}
	// Commas, quotes and semicolons survive TEXT escaping and folding.
	if !strings.Contains(got.Events[2].Description, "负责人："+formulaText) {
		t.Errorf("description lost its text: %q", got.Events[2].Description)
	}
	if !strings.Contains(got.Events[3].Description, "受 CR-001 影响顺延（+3 个工作日）") {
		t.Errorf("description lost its text: %q", got.Events[3].Description)
	}
}

func TestWorkbooksInOpenpyxl(t *testing.T) {
	reporttest.Openpyxl(t)
	doc := fixture(t, crmflow.LangZH, 0)
	wk, gt := workbooks(t, doc)
	script := `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    ps = ws.page_setup
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                cells[c.coordinate] = [str(c.value), c.data_type, c.fill.fgColor.rgb if c.fill and c.fill.fill_type else '']
    out[ws.title] = {'orientation': ps.orientation, 'paper': str(ps.paperSize), 'fitw': ps.fitToWidth, 'fith': ps.fitToHeight,
        'fit': ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        'titles': ws.print_title_rows, 'header': ws.oddHeader.left.text, 'footer': ws.oddFooter.right.text, 'cells': cells}
print(json.dumps(out, ensure_ascii=False))
`
	type sheet struct {
		Orientation, Paper, Titles, Header, Footer string
		Fitw, Fith                                 int
		Fit                                        bool
		Cells                                      map[string][3]string
	}
	read := func(data []byte) map[string]sheet {
		var out map[string]sheet
		if err := json.Unmarshal(reporttest.RunPython(t, script, xlsxFile(t, data)), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	weekly := read(wk.Bytes())
	for _, name := range []string{"概览", "里程碑", "风险", "变更"} {
		s, ok := weekly[name]
		if !ok {
			t.Fatalf("no sheet %s in %v", name, weekly)
		}
		if s.Orientation != "landscape" || s.Paper != "9" || s.Fitw != 1 || s.Fith != 0 || !s.Fit {
			t.Errorf("sheet %s prints %s on paper %s fit %v %dx%d; want landscape A4 one page wide", name, s.Orientation, s.Paper, s.Fit, s.Fitw, s.Fith)
		}
		if s.Header != "快消CRM" || s.Footer != "第 &P 页，共 &N 页" {
			t.Errorf("sheet %s header %q footer %q", name, s.Header, s.Footer)
		}
	}
	if got := weekly["里程碑"].Titles; got != "$1:$3" {
		t.Errorf("milestone sheet repeats rows %q, want $1:$3", got)
	}
	ms := weekly["里程碑"].Cells
	if ms["A4"][0] != "MS-01" || ms["B7"][0] != "移动端拜访模块开发（含照片水印、定位签到与离线缓存）" || ms["C6"][0] != formulaText || ms["C6"][1] != "s" {
		t.Errorf("milestone cells: A4 %v B7 %v C6 %v", ms["A4"], ms["B7"], ms["C6"])
	}
	if !strings.Contains(ms["K7"][0], "受 CR-001 影响顺延（+3 个工作日）") || ms["H7"][0] != "5" {
		t.Errorf("MS-04's reason %v and slip %v", ms["K7"], ms["H7"])
	}
	gantt := read(gt.Bytes())["甘特图"]
	if gantt.Orientation != "landscape" || gantt.Paper != "8" || gantt.Fitw != 1 || gantt.Titles != "$1:$3" {
		t.Errorf("Gantt prints %s on paper %s, %d wide, titles %q; want A3 landscape one page wide, rows 1:3", gantt.Orientation, gantt.Paper, gantt.Fitw, gantt.Titles)
	}
	if gantt.Cells["A4"][0] != "MS-01" || gantt.Cells["B5"][0] != "　基线" {
		t.Errorf("Gantt rows: A4 %v B5 %v", gantt.Cells["A4"], gantt.Cells["B5"])
	}
	if gantt.Cells["H3"][0] != "01-04" {
		t.Errorf("first week column %v, want 01-04", gantt.Cells["H3"])
	}
}

// TestGanttTimelineCells reads which timeline cells are filled, row by row.
func TestGanttTimelineCells(t *testing.T) {
	reporttest.Openpyxl(t)
	doc := fixture(t, crmflow.LangZH, 0)
	var gt bytes.Buffer
	if err := GanttXLSX(&gt, ganttOf(doc)); err != nil {
		t.Fatal(err)
	}
	out := reporttest.RunPython(t, `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
for r in (4, 5, 6):
    print(''.join('#' if ws.cell(row=r, column=c).fill.fill_type else '.' for c in range(8, 8 + 12)))
`, xlsxFile(t, gt.Bytes()))
	// Row 4: MS-01's forecast (01-04 to 01-19, weeks 1–3); row 5: its
	// baseline (01-04 to 01-15, weeks 1–2); row 6: MS-02 (01-20 to 01-26,
	// weeks 3–4).
	want := "###.........\n##..........\n..##........\n"
	if string(out) != want {
		t.Errorf("timeline cells:\n%s\nwant:\n%s", out, want)
	}
}

func TestWorkbooksInLibreOffice(t *testing.T) {
	reporttest.NeedSoffice(t)
	doc := fixture(t, crmflow.LangEN, 0)
	var wk bytes.Buffer
	if err := WeeklyXLSX(&wk, doc); err != nil {
		t.Fatal(err)
	}
	// The Milestones sheet as CSV, every cell as shown.
	records := reporttest.LibreOfficeCSV(t, wk.Bytes(), "Milestones")
	var row []string
	for _, r := range records {
		if len(r) > 0 && r[0] == "MS-03 ★" {
			row = r
		}
	}
	if len(row) < 11 || row[2] != formulaText || row[7] != "2" || row[10] != "pushed by late MS-02 (+2 working days)" {
		t.Errorf("LibreOffice reads MS-03 as %q", row)
	}
}

// xlsxFile writes a workbook for a reader to open.
func xlsxFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWeeklyHTMLInChromium(t *testing.T) {
	var buf bytes.Buffer
	if err := WeeklyHTML(&buf, fixture(t, crmflow.LangZH, 0)); err != nil {
		t.Fatal(err)
	}
	b := reporttest.OpenInChromium(t, buf.Bytes(), "weekly.html")
	b.PDF() // fails on no PDF or a tiny one
	dom := b.DOM()
	// The browser built the drawings and kept user markup as text.
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" xml:lang="zh"`, `class="today"`, "受 CR-001 影响顺延（+3 个工作日）", "&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM has no %q", want)
		}
	}
	if strings.Contains(dom, "<script>alert") {
		t.Error("user text became a script")
	}
}

func TestGanttSVGInChromium(t *testing.T) {
	var buf bytes.Buffer
	if err := GanttSVG(&buf, ganttOf(fixture(t, crmflow.LangZH, 0))); err != nil {
		t.Fatal(err)
	}
	dom := reporttest.OpenInChromium(t, buf.Bytes(), "gantt.svg").DOM()
	// Chromium parsed it as SVG (an XML error would show a parser error page).
	if !strings.Contains(dom, "<svg") || strings.Contains(dom, "parsererror") || !strings.Contains(dom, "MS-04 移动端拜访模块开发") {
		t.Errorf("Chromium did not render the Gantt SVG:\n%.600s", dom)
	}
}

// TestWorkbooksPrintSetup: every visible sheet of the weekly report and the
// Gantt chart prints landscape, one page wide, with its title rows repeated,
// the project in the header, the page in the footer and one font in every
// cell (report/xlsx.Print and SetFonts).
func TestWorkbooksPrintSetup(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			doc := fixture(t, lang, 0)
			wk, gt := workbooks(t, doc)
			page := tr(lang, "第 &P 页，共 &N 页", "Page &P of &N")
			for _, b := range []*bytes.Buffer{wk, gt} {
				setup := reporttest.PrintSetup(t, b.Bytes())
				for sheet, p := range setup {
					if p.TitleRows == "" {
						t.Errorf("%s: no title rows repeat", sheet)
					}
					reporttest.WantPrint(t, setup, sheet, "landscape", false, p.TitleRows, "", doc.Project.Name, "", page)
				}
			}
		})
	}
}

// TestWeeklyHTMLPages prints a week of ten milestones, in Chinese and in
// English, on five A4 landscape pages: the milestone table keeps each
// milestone on one line (its slip, status and RAG never wrap), so that the
// Gantt chart after it is not pushed onto a page of its own (it was six).
func TestWeeklyHTMLPages(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		var buf bytes.Buffer
		if err := WeeklyHTML(&buf, fixture(t, lang, 10)); err != nil {
			t.Fatal(err)
		}
		if n := reporttest.OpenInChromium(t, buf.Bytes(), "weekly-"+string(lang)+".html").Pages(); n > 5 {
			t.Errorf("%s: the weekly report of ten milestones prints on %d pages, want at most 5", lang, n)
		}
	}
}
