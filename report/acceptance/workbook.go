package acceptance

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report/xlsx"
)

// WorkbookCase is one row of the UAT workbook.
type WorkbookCase struct {
	Case     acceptance.TestCase
	ReqTitle string
	Module   string // the module's name
	Result   acceptance.Execution
}

// Workbook is what the UAT workbook of a round shows.
type Workbook struct {
	Lang    crmflow.Lang
	Project string
	Round   acceptance.Round
	Hash    string // the baseline's hash
	Cases   []WorkbookCase
}

// metaSheet is the hidden sheet that names the round the workbook belongs to.
const metaSheet = "_crmflow"

// formatVersion is the workbook layout's version, for readers to check.
const formatVersion = "1"

type column struct {
	key, zh, en string
	width       float64
	input       bool // filled in by testers
}

var columns = []column{
	{acceptance.FieldCase, "用例编号", "Case ID", 11, false},
	{"req", "需求编号", "Requirement", 11, false},
	{"module", "模块", "Module", 12, false},
	{"title", "用例标题", "Title", 30, false},
	{"preconditions", "前置条件", "Preconditions", 22, false},
	{"steps", "测试步骤", "Steps", 40, false},
	{"expected", "预期结果", "Expected result", 30, false},
	{acceptance.FieldResult, "结果", "Result", 10, true},
	{acceptance.FieldTester, "测试人", "Tester", 11, true},
	{acceptance.FieldDate, "测试日期", "Date", 12, true},
	{acceptance.FieldComment, "实际结果/备注", "Actual result / comment", 30, true},
	{acceptance.FieldDefect, "缺陷", "Defect", 16, true},
}

// The rows of the layout: two title rows, then the header, then the cases.
const (
	headerRow = 3
	firstRow  = 4
)

func sheetTitle(lang crmflow.Lang) string { return tr(lang, "UAT用例", "UAT cases") }

// WorkbookFileName is the workbook's default file name.
func WorkbookFileName(lang crmflow.Lang, round string) string {
	return tr(lang, round+"-UAT测试清单.xlsx", round+"-uat-checklist.xlsx")
}

// WriteWorkbook writes the UAT workbook: one sheet of cases with a result
// dropdown (通过/不通过/阻塞/未测), a tester dropdown, date, comment and defect
// columns for testers to fill in; landscape, fit to the page width, title
// rows repeated on every printed page; and a hidden sheet naming the round.
func WriteWorkbook(w io.Writer, wb Workbook) error {
	l := wb.Lang
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetTitle(l)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "9BA5B4", Style: 1}, {Type: "right", Color: "9BA5B4", Style: 1},
		{Type: "top", Color: "9BA5B4", Style: 1}, {Type: "bottom", Color: "9BA5B4", Style: 1}}
	mk := func(s excelize.Style) (int, error) { return f.NewStyle(&s) }
	titleSt, err := mk(excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, NumFmt: 49})
	if err != nil {
		return err
	}
	headSt, err := mk(excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, NumFmt: 49, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	textSt, err := mk(excelize.Style{NumFmt: 49, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	inputSt, err := mk(excelize.Style{NumFmt: 49, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}})
	if err != nil {
		return err
	}
	// Text that starts like a formula gets the quotePrefix flag as well, so
	// Excel keeps it text when someone edits the cell.
	quoted := map[int]int{}
	for _, base := range []int{textSt, inputSt} {
		if quoted[base], err = xlsx.QuotePrefixTwin(f, base); err != nil {
			return err
		}
	}
	put := func(col, row int, s string, style int, where string) error {
		if p := xlsx.TextProblem(s); p != "" {
			return crmflow.Errorf(crmflow.EINVALID, "%s: %s", where, p)
		}
		if xlsx.FormulaLike(s) {
			if q, ok := quoted[style]; ok {
				style = q
			}
		}
		axis, _ := excelize.CoordinatesToCellName(col, row)
		if err := f.SetCellStr(sheet, axis, s); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, axis, axis, style)
	}
	title := fmt.Sprintf("%s %s %s", wb.Round.ID, wb.Round.Name, tr(l, "用户验收测试清单", "user acceptance test checklist"))
	if err := put(1, 1, title, titleSt, "title"); err != nil {
		return err
	}
	sub := fmt.Sprintf(tr(l, "%s · 基线 %s（%s）· 测试人：%s · 结果请从下拉列表选择：通过 / 不通过 / 阻塞 / 未测",
		"%s · baseline %s (%s) · testers: %s · pick the result from the list: Pass / Fail / Blocked / Untested"),
		wb.Project, wb.Round.Baseline, shortHash(wb.Hash), strings.Join(wb.Round.Testers, tr(l, "、", ", ")))
	if err := put(1, 2, sub, textSt, "subtitle"); err != nil {
		return err
	}
	// The subtitle spans the table, as tall as it wraps (in column A alone
	// it was cut to its first words).
	span := 0.0
	for _, c := range columns {
		span += c.width
	}
	lastName, _ := excelize.ColumnNumberToName(len(columns))
	if err := f.MergeCell(sheet, "A2", lastName+"2"); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 2, xlsx.RowHeight(xlsx.CellLines(sub, span))); err != nil {
		return err
	}
	for i, c := range columns {
		if err := put(i+1, headerRow, tr(l, c.zh, c.en), headSt, "header"); err != nil {
			return err
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, c.width); err != nil {
			return err
		}
	}
	for i, wc := range wb.Cases {
		row := firstRow + i
		res := ""
		if wc.Result.Result != "" {
			res = wc.Result.Result.Name(l)
		}
		vals := []string{wc.Case.ID, wc.Case.Req, wc.Module, wc.Case.Title, wc.Case.Preconditions, wc.Case.Steps, wc.Case.Expected,
			res, wc.Result.Tester, wc.Result.Date, wc.Result.Comment, strings.Join(wc.Result.Defects, ", ")}
		for j, v := range vals {
			st := textSt
			if columns[j].input {
				st = inputSt
			}
			if err := put(j+1, row, v, st, fmt.Sprintf("%s, %s", wc.Case.ID, columns[j].en)); err != nil {
				return err
			}
		}
		// Tall enough for the wrapped steps and results: readers (LibreOffice,
		// print) do not grow a row for wrapped text on their own.
		lines := 1
		for j, v := range vals {
			lines = max(lines, xlsx.WrappedLines(v, int(columns[j].width)-1))
		}
		if err := f.SetRowHeight(sheet, row, xlsx.RowHeight(lines)); err != nil {
			return err
		}
	}
	last := firstRow + len(wb.Cases) - 1
	if last < firstRow {
		last = firstRow
	}
	lastCol, _ := excelize.ColumnNumberToName(len(columns))
	colOf := func(key string) string {
		for i, c := range columns {
			if c.key == key {
				n, _ := excelize.ColumnNumberToName(i + 1)
				return n
			}
		}
		return ""
	}
	// The dropdown lists live on the hidden sheet, so a tester name with a
	// comma or a long list never breaks the validation formula.
	if _, err := f.NewSheet(metaSheet); err != nil {
		return err
	}
	meta := [][2]string{{"format", "crmflow-uat"}, {"version", formatVersion}, {"round", wb.Round.ID}, {"baseline", wb.Round.Baseline}, {"hash", wb.Hash}}
	for i, kv := range meta {
		if err := f.SetCellStr(metaSheet, fmt.Sprintf("A%d", i+1), kv[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(metaSheet, fmt.Sprintf("B%d", i+1), kv[1]); err != nil {
			return err
		}
	}
	for i, r := range acceptance.Results {
		if err := f.SetCellStr(metaSheet, fmt.Sprintf("D%d", i+1), r.Name(l)); err != nil {
			return err
		}
	}
	for i, t := range wb.Round.Testers {
		if p := xlsx.TextProblem(t); p != "" {
			return crmflow.Errorf(crmflow.EINVALID, "tester %q: %s", t, p)
		}
		if err := f.SetCellStr(metaSheet, fmt.Sprintf("E%d", i+1), t); err != nil {
			return err
		}
	}
	sq := func(key string) string { return fmt.Sprintf("%s%d:%s%d", colOf(key), firstRow, colOf(key), last+500) }
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sq(acceptance.FieldResult)
	dv.SetSqrefDropList(fmt.Sprintf("'%s'!$D$1:$D$%d", metaSheet, len(acceptance.Results)))
	dv.SetError(excelize.DataValidationErrorStyleStop, tr(l, "结果", "Result"), tr(l, "请选择：通过、不通过、阻塞、未测", "Pick Pass, Fail, Blocked or Untested"))
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return err
	}
	if n := len(wb.Round.Testers); n > 0 {
		tv := excelize.NewDataValidation(true)
		tv.Sqref = sq(acceptance.FieldTester)
		tv.SetSqrefDropList(fmt.Sprintf("'%s'!$E$1:$E$%d", metaSheet, n))
		// A stand-in tester may be typed: warn, do not refuse.
		tv.SetError(excelize.DataValidationErrorStyleWarning, tr(l, "测试人", "Tester"), tr(l, "不在本轮测试人名单中", "Not one of this round's testers"))
		if err := f.AddDataValidation(sheet, tv); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", firstRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A%d:%s%d", headerRow, lastCol, last), nil); err != nil {
		return err
	}
	if err := xlsx.Print(f, sheet, xlsx.Page{Lang: l, Project: wb.Project, Document: title, TitleRows: headerRow}); err != nil {
		return err
	}
	if err := xlsx.SetFonts(f, l); err != nil {
		return err
	}
	if err := f.SetSheetVisible(metaSheet, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// Limits on a workbook ReadWorkbook opens.
const (
	maxFile  = 32 << 20
	maxUnzip = 64 << 20
)

// Read is a returned UAT workbook as read.
type Read struct {
	Round string // from the hidden sheet; "" when it is missing
	Sheet string
	Rows  []acceptance.SheetRow
}

// headerKeys maps header text (zh, en, key; any case) to a column key.
var headerKeys = func() map[string]string {
	m := map[string]string{}
	for _, c := range columns {
		for _, h := range []string{c.key, c.zh, c.en} {
			m[fold(h)] = c.key
		}
	}
	m[fold("备注")], m[fold("实际结果")], m[fold("comment")] = acceptance.FieldComment, acceptance.FieldComment, acceptance.FieldComment
	m[fold("用例")], m[fold("用例ID")], m[fold("日期")], m[fold("缺陷编号")] = acceptance.FieldCase, acceptance.FieldCase, acceptance.FieldDate, acceptance.FieldDefect
	return m
}()

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

// ReadWorkbook reads a UAT workbook back, as a tester returned it (from
// Excel, WPS or LibreOffice). It finds the case sheet by name, or the first
// sheet with a case-ID and a result header in its first rows; maps columns
// by header text, never by position; refuses formulas (their cached values
// may be stale) and files over the limits. Every problem is an
// acceptance.ImportError naming file, sheet, row and column.
func ReadWorkbook(file string, r io.Reader, size int64) (Read, error) {
	var out Read
	fail := func(sheet string, row int, col, field, format string, args ...any) error {
		return acceptance.ImportErrors([]acceptance.ImportError{{File: file, Sheet: sheet, Row: row, Column: col, Field: field, Msg: fmt.Sprintf(format, args...)}})
	}
	if size > maxFile {
		return out, fail("", 0, "", "", "the file is %d bytes; the limit is %d", size, maxFile)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return out, fail("", 0, "", "", "cannot read it: %v", err)
	}
	if len(data) > maxFile {
		return out, fail("", 0, "", "", "the file is over %d bytes, the limit", maxFile)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return out, fail("", 0, "", "", "not an .xlsx workbook; save it as .xlsx (Excel Workbook) and try again")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return out, fail("", 0, "", "", "cannot open the workbook: %v", err)
	}
	defer f.Close()
	if v, err := f.GetCellValue(metaSheet, "B3"); err == nil {
		if k, _ := f.GetCellValue(metaSheet, "A3"); k == "round" {
			out.Round = strings.TrimSpace(v)
		}
	}
	wb, err := openRows(file, data)
	if err != nil {
		return out, err
	}
	var rows [][]string
	var formulas map[[2]int]bool
	hdr := 0
	cols := map[int]string{}
	for _, name := range f.GetSheetList() {
		if name == metaSheet {
			continue
		}
		rs, fs, err := sheetRows(wb, name)
		if err != nil {
			return out, importError(file, err)
		}
		for i := 0; i < len(rs) && i < 10; i++ {
			m := map[int]string{}
			for j, h := range rs[i] {
				if k, ok := headerKeys[fold(h)]; ok {
					if _, dup := m[j]; !dup {
						m[j] = k
					}
				}
			}
			has := map[string]int{}
			for j, k := range m {
				has[k]++
				if has[k] > 1 {
					col, _ := excelize.ColumnNumberToName(j + 1)
					return out, fail(name, i+1, col, rs[i][j], "the header %q appears twice", rs[i][j])
				}
			}
			if has[acceptance.FieldCase] == 1 && has[acceptance.FieldResult] == 1 {
				out.Sheet, rows, formulas, hdr, cols = name, rs, fs, i+1, m
				break
			}
		}
		if out.Sheet != "" {
			break
		}
	}
	if out.Sheet == "" {
		return out, fail("", 0, "", "", "no sheet has a 用例编号 (Case ID) and a 结果 (Result) header in its first 10 rows")
	}
	var errs []acceptance.ImportError
	for i := hdr; i < len(rows); i++ {
		row := acceptance.SheetRow{Row: i + 1, Cells: map[string]acceptance.Cell{}}
		empty := true
		for j, v := range rows[i] {
			key, ok := cols[j]
			if !ok {
				continue
			}
			col, _ := excelize.ColumnNumberToName(j + 1)
			header := rows[hdr-1][j]
			if formulas[[2]int{i, j}] {
				errs = append(errs, acceptance.ImportError{File: file, Sheet: out.Sheet, Row: i + 1, Column: col, Field: header,
					Msg: "the cell holds a formula; formulas are not read back, type the value"})
				continue
			}
			if p := xlsx.TextProblem(v); p != "" {
				errs = append(errs, acceptance.ImportError{File: file, Sheet: out.Sheet, Row: i + 1, Column: col, Field: header, Msg: p})
				continue
			}
			if key == acceptance.FieldDate {
				v = dateText(v)
			}
			if strings.TrimSpace(v) != "" && cols[j] != "" && isInput(key) {
				empty = false
			}
			row.Cells[key] = acceptance.Cell{Value: v, Column: col, Header: header}
		}
		for j, key := range cols {
			if _, ok := row.Cells[key]; !ok {
				col, _ := excelize.ColumnNumberToName(j + 1)
				row.Cells[key] = acceptance.Cell{Column: col, Header: rows[hdr-1][j]}
			}
		}
		if empty {
			continue
		}
		out.Rows = append(out.Rows, row)
	}
	if len(errs) > 0 {
		return out, acceptance.ImportErrors(errs)
	}
	return out, nil
}

// isInput reports whether a column is one testers fill in; a row whose input
// cells are all empty carries no result.
func isInput(key string) bool {
	for _, c := range columns {
		if c.key == key {
			return c.input
		}
	}
	return false
}

// dateText turns a date a spreadsheet stored as a serial number (a tester
// typed a date into a cell that was not text) into YYYY-MM-DD.
func dateText(v string) string {
	v = strings.TrimSpace(v)
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 1 || n > 2958465 {
		return v
	}
	t, err := excelize.ExcelDateToTime(n, false)
	if err != nil {
		return v
	}
	return t.Format("2006-01-02")
}
