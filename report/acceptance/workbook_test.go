package acceptance

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/internal/readers"
)

func testWorkbook(lang crmflow.Lang) Workbook {
	round := acceptance.Round{ID: "UAT-1", Name: "UAT 第一轮", Baseline: "v1.1", Testers: []string{"张经理", "赵主管"}}
	mk := func(id, req, title string) acceptance.TestCase {
		return acceptance.TestCase{ID: id, Req: req, Title: title, Steps: "1. 打开\n2. 保存", Expected: "5 秒内可见"}
	}
	return Workbook{Lang: lang, Project: "快消CRM", Round: round, Hash: strings.Repeat("cd", 32), Cases: []WorkbookCase{
		{Case: mk("TC-001", "REQ-001", "拜访记录 5 秒内可见"), Module: "拜访跟进",
			Result: acceptance.Execution{Result: acceptance.Pass, Tester: "张经理", Date: "2026-11-30", Defects: []string{}}},
		{Case: mk("TC-002", "REQ-001", "=cmd|' /C calc'!A0"), Module: "拜访跟进"},
		{Case: mk("TC-003", "REQ-002", "照片带水印"), Module: "拜访跟进"},
	}}
}

func writeWB(t *testing.T, wb Workbook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, wb); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cellsOf reads rows back as (case, field) → value, for comparison.
func cellsOf(rows []acceptance.SheetRow) map[string]string {
	m := map[string]string{}
	for _, r := range rows {
		for k, c := range r.Cells {
			if c.Value != "" && k != acceptance.FieldCase {
				m[r.Cells[acceptance.FieldCase].Value+"/"+k] = c.Value
			}
		}
	}
	return m
}

func TestWorkbookLayout(t *testing.T) {
	data := writeWB(t, testWorkbook(crmflow.LangZH))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"UAT用例", "_crmflow"}) {
		t.Fatalf("sheets = %v", got)
	}
	if v, _ := f.GetSheetVisible("_crmflow"); v {
		t.Error("the meta sheet is visible")
	}
	head, _ := f.GetRows("UAT用例")
	if !slices.Equal(head[2], []string{"用例编号", "需求编号", "模块", "用例标题", "前置条件", "测试步骤", "预期结果", "结果", "测试人", "测试日期", "实际结果/备注", "缺陷"}) {
		t.Errorf("header = %q", head[2])
	}
	if head[3][7] != "通过" || head[3][8] != "张经理" || head[4][0] != "TC-002" {
		t.Errorf("rows = %q", head[3:])
	}
	dvs, err := f.GetDataValidations("UAT用例")
	if err != nil || len(dvs) != 2 {
		t.Fatalf("validations = %+v, %v", dvs, err)
	}
	if dvs[0].Sqref != "H4:H506" || dvs[0].Formula1 != "'_crmflow'!$D$1:$D$4" {
		t.Errorf("result dropdown = %+v", dvs[0])
	}
	lists, _ := f.GetRows("_crmflow")
	var results []string
	for _, r := range lists {
		if len(r) > 3 && r[3] != "" {
			results = append(results, r[3])
		}
	}
	if !slices.Equal(results, []string{"通过", "不通过", "阻塞", "未测"}) {
		t.Errorf("result list = %v", results)
	}
	// A title that starts like a formula is a string, never a formula.
	if fm, _ := f.GetCellFormula("UAT用例", "D5"); fm != "" {
		t.Errorf("D5 holds the formula %q", fm)
	}
	pl, err := f.GetPageLayout("UAT用例")
	if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout = %+v, %v", pl, err)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		titles = titles || (dn.Name == "_xlnm.Print_Titles" && dn.RefersTo == "'UAT用例'!$1:$3" && dn.Scope == "UAT用例")
	}
	if !titles {
		t.Errorf("no print titles in %+v", f.GetDefinedName())
	}
}

func TestWorkbookRoundTripExcelize(t *testing.T) {
	data := writeWB(t, testWorkbook(crmflow.LangZH))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]string{"H5": "不通过", "I5": "赵主管", "K5": "=SUM(1) 无水印", "L5": "水印缺失", "H6": "阻塞", "I6": "张经理", "J6": "2026/12/01"} {
		if err := f.SetCellStr("UAT用例", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	// A date typed into a General cell arrives as a serial number.
	if err := f.SetCellValue("UAT用例", "J5", time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	read, err := ReadWorkbook("returned.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if read.Round != "UAT-1" || read.Sheet != "UAT用例" || len(read.Rows) != 3 {
		t.Fatalf("read = %+v", read)
	}
	got := cellsOf(read.Rows)
	want := map[string]string{"TC-001/result": "通过", "TC-001/tester": "张经理", "TC-001/date": "2026-11-30",
		"TC-002/result": "不通过", "TC-002/tester": "赵主管", "TC-002/date": "2026-12-02", "TC-002/comment": "=SUM(1) 无水印", "TC-002/defect": "水印缺失",
		"TC-003/result": "阻塞", "TC-003/tester": "张经理", "TC-003/date": "2026/12/01"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if c := read.Rows[1].Cells[acceptance.FieldResult]; c.Column != "H" || c.Header != "结果" || read.Rows[1].Row != 5 {
		t.Errorf("row 5 result cell = %+v (row %d)", c, read.Rows[1].Row)
	}
}

func TestReadWorkbookRefuses(t *testing.T) {
	data := writeWB(t, testWorkbook(crmflow.LangEN))
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	if err := f.SetCellFormula("UAT cases", "H5", `"Pass"`); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_ = f.Write(&buf)
	f.Close()
	_, err := ReadWorkbook("f.xlsx", bytes.NewReader(buf.Bytes()), -1)
	if err == nil || !strings.Contains(err.Error(), "f.xlsx: sheet UAT cases, row 5, column H (Result): the cell holds a formula") {
		t.Errorf("formula: %v", err)
	}
	for name, in := range map[string][]byte{"empty": nil, "text": []byte("hello"), "xls": {0xD0, 0xCF, 0x11, 0xE0}, "bad zip": []byte("PK\x03\x04garbage")} {
		if _, err := ReadWorkbook(name+".xlsx", bytes.NewReader(in), int64(len(in))); err == nil || !strings.HasPrefix(err.Error(), name+".xlsx") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ReadWorkbook("big.xlsx", bytes.NewReader(nil), maxFile+1); err == nil || !strings.Contains(err.Error(), "the limit") {
		t.Errorf("big: %v", err)
	}
	// A workbook without the headers names what it looked for.
	g := excelize.NewFile()
	_ = g.SetCellStr("Sheet1", "A1", "ID")
	buf.Reset()
	_ = g.Write(&buf)
	if _, err := ReadWorkbook("other.xlsx", bytes.NewReader(buf.Bytes()), -1); err == nil || !strings.Contains(err.Error(), "用例编号 (Case ID)") {
		t.Errorf("no headers: %v", err)
	}
}

const openpyxlFill = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["UAT用例"]
out = {
    "sheets": wb.sheetnames,
    "states": {s.title: s.sheet_state for s in wb.worksheets},
    "orientation": ws.page_setup.orientation,
    "fit_width": ws.page_setup.fitToWidth,
    "fit_height": ws.page_setup.fitToHeight,
    "fit_to_page": bool(ws.sheet_properties.pageSetUpPr.fitToPage),
    "print_title_rows": ws.print_title_rows,
    "freeze": ws.freeze_panes,
    "validations": sorted([[dv.type, dv.formula1, str(dv.sqref)] for dv in ws.data_validations.dataValidation]),
    "quote_prefix_D5": bool(ws["D5"].quotePrefix),
}
ws["H5"] = "不通过"; ws["I5"] = "赵主管"; ws["J5"] = "2026-12-02"; ws["K5"] = "+86 照片无水印"; ws["L5"] = "水印缺失"
ws["H6"] = "阻塞"; ws["I6"] = "张经理"
wb.save(sys.argv[2])
print(json.dumps(out, ensure_ascii=False))
`

func TestWorkbookOpenpyxl(t *testing.T) {
	py := readers.Openpyxl(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "uat.xlsx"), filepath.Join(dir, "returned.xlsx")
	if err := os.WriteFile(in, writeWB(t, testWorkbook(crmflow.LangZH)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := exec.Command(py, "-c", openpyxlFill, in, out).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var got struct {
		Sheets       []string          `json:"sheets"`
		States       map[string]string `json:"states"`
		Orientation  string            `json:"orientation"`
		FitWidth     int               `json:"fit_width"`
		FitHeight    int               `json:"fit_height"`
		FitToPage    bool              `json:"fit_to_page"`
		TitleRows    string            `json:"print_title_rows"`
		Freeze       string            `json:"freeze"`
		Validations  [][]string        `json:"validations"`
		QuotePrefix5 bool              `json:"quote_prefix_D5"`
	}
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatalf("%v: %s", err, res)
	}
	if got.States["_crmflow"] != "hidden" || got.Orientation != "landscape" || got.FitWidth != 1 || got.FitHeight != 0 || !got.FitToPage ||
		got.TitleRows != "$1:$3" || got.Freeze != "A4" || !got.QuotePrefix5 {
		t.Errorf("openpyxl sees %+v", got)
	}
	wantDV := [][]string{{"list", "'_crmflow'!$D$1:$D$4", "H4:H506"}, {"list", "'_crmflow'!$E$1:$E$2", "I4:I506"}}
	if !slices.EqualFunc(got.Validations, wantDV, slices.Equal) {
		t.Errorf("validations = %v, want %v", got.Validations, wantDV)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	read, err := ReadWorkbook("returned.xlsx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	cells := cellsOf(read.Rows)
	for k, v := range map[string]string{"TC-001/result": "通过", "TC-002/result": "不通过", "TC-002/date": "2026-12-02", "TC-002/comment": "+86 照片无水印",
		"TC-002/defect": "水印缺失", "TC-003/result": "阻塞", "TC-003/tester": "张经理"} {
		if cells[k] != v {
			t.Errorf("after openpyxl %s = %q, want %q", k, cells[k], v)
		}
	}
	if read.Round != "UAT-1" {
		t.Errorf("round = %q", read.Round)
	}
}

// TestWorkbookLibreOffice: LibreOffice opens the workbook and saves it again
// as xlsx (what a tester using it does); the results read back the same, and
// the result dropdown survives.
func TestWorkbookLibreOffice(t *testing.T) {
	bin := readers.Soffice(t)
	dir := t.TempDir()
	wb := testWorkbook(crmflow.LangZH)
	wb.Cases[1].Result = acceptance.Execution{Result: acceptance.Fail, Tester: "赵主管", Date: "2026-12-01", Comment: "-照片无水印", Defects: []string{"DEF-001"}}
	in := filepath.Join(dir, "src", "uat.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, writeWB(t, wb), 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")), "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "uat.xlsx"))
	if err != nil {
		t.Fatalf("soffice wrote nothing: %v", err)
	}
	read, err := ReadWorkbook("uat.xlsx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	cells := cellsOf(read.Rows)
	for k, v := range map[string]string{"TC-001/result": "通过", "TC-001/date": "2026-11-30", "TC-002/result": "不通过", "TC-002/tester": "赵主管",
		"TC-002/comment": "-照片无水印", "TC-002/defect": "DEF-001"} {
		if cells[k] != v {
			t.Errorf("after LibreOffice %s = %q, want %q", k, cells[k], v)
		}
	}
	if len(read.Rows) != 2 || read.Round != "UAT-1" {
		t.Errorf("read %d rows of round %q", len(read.Rows), read.Round)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, _ := f.GetDataValidations("UAT用例")
	found := false
	for _, dv := range dvs {
		found = found || (strings.Contains(dv.Sqref, "H4") && strings.Contains(dv.Formula1, "_crmflow"))
	}
	if !found {
		t.Errorf("the result dropdown did not survive LibreOffice: %+v", dvs)
	}
}

// FuzzReadWorkbook: any bytes either read or fail with an error naming the
// file; rows read always plan without a panic.
func FuzzReadWorkbook(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, testWorkbook(crmflow.LangZH)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	round := acceptance.Round{ID: "UAT-1", Baseline: "v1.1", Testers: []string{"张经理"}}
	scope := map[string]acceptance.TestCase{"TC-001": {ID: "TC-001"}, "TC-002": {ID: "TC-002"}, "TC-003": {ID: "TC-003"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		read, err := ReadWorkbook("fuzz.xlsx", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.xlsx") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		plan, errs := acceptance.PlanImport(round, scope, map[string]acceptance.Execution{}, map[string]acceptance.Defect{}, read.Rows, "2026-12-01")
		if len(errs) == 0 {
			for _, c := range plan.Changes {
				if _, ok := scope[c.Case]; !ok || c.After.Result == acceptance.Untested {
					t.Fatalf("plan records %+v", c)
				}
			}
		}
	})
}
