// Package checklist writes the requirement checklist workbook and reads an
// edited one back into import rows.
package checklist

// The requirement checklist workbook: what stakeholders edit in Excel, WPS or
// LibreOffice and send back (read back by Read, read.go).
//
// Sheets, in order (zh / en names):
//
//	说明 / Instructions        how to edit and send back; project, client, export time, version (active sheet)
//	需求清单 / Requirements    one row per requirement; the only sheet read back
//	汇总 / Summary             counts by module × MoSCoW and by status, and a bar chart
//	数据字典 / Data dictionary entities and fields
//	角色权限 / Permissions     roles × modules
//	_lists                    the dropdown values (hidden)
//	_crmflow                  format_version, project, exported_at, lang, modules (hidden)
//
// The requirements sheet is written with excelize's StreamWriter. Its data
// validations, conditional formats and autofilter are added to the still-empty
// sheet before the stream writer is created, because in excelize v2.11.1
// AddDataValidation, SetConditionalFormat and AutoFilter on a streamed sheet
// after Flush return nil but are silently dropped from the saved file (the
// stream's raw XML wins). Likewise SetActiveSheet and SetSheetVisible run
// before streaming, since they load every worksheet.

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/requirements"
)

// FormatVersion is the format_version the hidden _crmflow sheet
// carries; Read refuses workbooks of a newer format.
const FormatVersion = 1

// checklistSpareRows is how many empty rows below the requirements still get
// the dropdowns and validations, for requirements a stakeholder adds.
const checklistSpareRows = 500

type checklistSheetNames struct {
	instructions, requirements, summary, dictionary, permissions string
}

func checklistSheets(lang crmflow.Lang) checklistSheetNames {
	return checklistSheetNames{report.Tr(lang, "说明", "Instructions"), report.Tr(lang, "需求清单", "Requirements"),
		report.Tr(lang, "汇总", "Summary"), report.Tr(lang, "数据字典", "Data dictionary"), report.Tr(lang, "角色权限", "Permissions")}
}

// colKind is how a requirements column is written.
type colKind int

const (
	colText   colKind = iota // one line of text
	colWrap                  // long or multi-line text, wrapped
	colNumber                // a number
	colHidden                // a machine column, hidden
)

// checklistColumn is one column of the requirements sheet.
type checklistColumn struct {
	key    string
	zh, en string
	kind   colKind
	read   bool // read back by Read
	field  *requirements.FieldDef
}

func (c checklistColumn) header(lang crmflow.Lang) string {
	return report.Text{ZH: c.zh, EN: c.en}.In(lang)
}

// checklistLayout is the order and form of the built-in columns before the
// custom fields; their headers are the field table's labels (score, derived,
// is not a field and has its own). A test fails when a field the table marks
// for import is missing here.
var checklistLayout = []struct {
	key  string
	kind colKind
}{
	{"id", colText}, {"module", colText}, {"kind", colText}, {"title", colWrap}, {"description", colWrap},
	{"criteria", colWrap}, {"value", colNumber}, {"difficulty", colNumber}, {"urgency", colNumber},
	{"score", colNumber}, {"moscow", colText}, {"status", colText}, {"owner", colText}, {"source", colText},
	{"stakeholder", colText}, {"tags", colText},
}

// checklistBaseColumns are the built-in columns before the custom fields.
var checklistBaseColumns = func() []checklistColumn {
	cols := make([]checklistColumn, len(checklistLayout))
	for i, l := range checklistLayout {
		if l.key == "score" {
			cols[i] = checklistColumn{key: "score", zh: "评分", en: "Score", kind: l.kind}
			continue
		}
		cols[i] = fieldColumn(l.key, l.kind)
	}
	return cols
}()

// fieldColumn is the column of a field of the table, read back.
func fieldColumn(key string, kind colKind) checklistColumn {
	f, ok := requirements.FieldByKey(key)
	if !ok {
		panic("checklist: no field " + key) // a test guards it
	}
	return checklistColumn{key: f.Key, zh: f.ZH, en: f.EN, kind: kind, read: true}
}

// checklistTailColumns are the hidden machine columns after the custom fields.
var checklistTailColumns = []checklistColumn{
	{key: "moscow_suggested", zh: "建议", en: "Suggested", kind: colHidden, read: true},
	fieldColumn("revision", colHidden),
}

// checklistColumns lists the requirements sheet's columns for a project with
// these custom fields. A field whose name is also a built-in header (a field
// called 价值, say) gets the header "field:价值" so the sheet stays readable.
func checklistColumns(fields []requirements.FieldDef) []checklistColumn {
	cols := slices.Clone(checklistBaseColumns)
	builtin := map[string]bool{}
	for _, c := range append(slices.Clone(checklistBaseColumns), checklistTailColumns...) {
		builtin[strings.ToLower(c.key)], builtin[strings.ToLower(c.zh)], builtin[strings.ToLower(c.en)] = true, true, true
	}
	for i := range fields {
		d := &fields[i]
		h := d.Name
		if builtin[strings.ToLower(strings.TrimSpace(h))] || strings.HasPrefix(strings.ToLower(h), "field:") {
			h = "field:" + d.Name
		}
		kind := colText
		switch d.Type {
		case requirements.FieldNumber:
			kind = colNumber
		case requirements.FieldText:
			kind = colWrap
		}
		cols = append(cols, checklistColumn{key: "field:" + d.Name, zh: h, en: h, kind: kind, read: true, field: d})
	}
	return append(cols, checklistTailColumns...)
}

// Columns lists the requirement sheet's column keys in order, for a
// project with these custom fields: id, module, kind, title, description,
// criteria, value, difficulty, urgency, score, moscow, status, owner, source,
// stakeholder, tags, "field:NAME" per custom field, then the hidden
// moscow_suggested and revision. All but score are read back.
func Columns(fields []requirements.FieldDef) []string {
	cols := checklistColumns(fields)
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = c.key
	}
	return keys
}

// checklistLang is the language a register's checklist is written in.
func checklistLang(reg *report.Register) crmflow.Lang {
	if reg.Lang == crmflow.LangEN {
		return crmflow.LangEN
	}
	return crmflow.LangZH
}

// checklistRequirements is reg.Requirements limited to reg.ModuleFilter.
func checklistRequirements(reg *report.Register) []requirements.View {
	if len(reg.ModuleFilter) == 0 {
		return reg.Requirements
	}
	var out []requirements.View
	for _, v := range reg.Requirements {
		if slices.Contains(reg.ModuleFilter, v.Module) {
			out = append(out, v)
		}
	}
	return out
}

// checklistWriter holds what the sheets of one workbook share.
type checklistWriter struct {
	reg   *report.Register
	lang  crmflow.Lang
	names checklistSheetNames
	f     *excelize.File
	st    *xlsx.Styles
	cols  []checklistColumn
	reqs  []requirements.View
}

func (w *checklistWriter) t(zh, en string) string { return report.Tr(w.lang, zh, en) }

// print sets up how sheet prints: one page wide, the header naming the
// project and "checklist — sheet", the page number in the footer.
func (w *checklistWriter) print(sheet string, p xlsx.Page) error {
	p.Lang, p.Project = w.lang, w.reg.Project.Name
	p.Document = w.t("需求清单", "Requirement checklist") + " — " + sheet
	return xlsx.Print(w.f, sheet, p)
}

// Write writes the requirement checklist workbook for reg (reg.Lang
// decides zh/en headers and names). It checks every cell before writing
// anything: text a cell cannot hold (over 32,767 UTF-16 units, invalid UTF-8,
// control characters) is an error naming the requirement and column, and
// nothing is written to w.
func Write(w io.Writer, reg *report.Register) error {
	cw := &checklistWriter{reg: reg, lang: checklistLang(reg), f: excelize.NewFile()}
	defer cw.f.Close()
	cw.names = checklistSheets(cw.lang)
	taken := map[string]bool{}
	for _, n := range []*string{&cw.names.instructions, &cw.names.requirements, &cw.names.summary, &cw.names.dictionary,
		&cw.names.permissions} {
		*n = xlsx.SheetName(*n, taken)
	}
	cw.cols = checklistColumns(reg.Fields)
	cw.reqs = checklistRequirements(reg)
	if err := cw.build(); err != nil {
		return err
	}
	if err := xlsx.SetFonts(cw.f, cw.lang); err != nil {
		return err
	}
	if _, err := cw.f.WriteTo(w); err != nil {
		return fmt.Errorf("write checklist: %w", err)
	}
	return nil
}

func (w *checklistWriter) build() error {
	f := w.f
	var err error
	if w.st, err = xlsx.NewStyles(f); err != nil {
		return err
	}
	// Build the requirement rows first: a bad cell fails before anything else.
	rows, fit, err := w.requirementRows()
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", w.names.instructions); err != nil {
		return err
	}
	for _, s := range []string{w.names.requirements, w.names.summary, w.names.dictionary, w.names.permissions,
		xlsx.ListsSheet, xlsx.MetaSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("sheet %s: %w", s, err)
		}
	}
	if err := w.instructions(); err != nil {
		return err
	}
	lists, err := w.lists()
	if err != nil {
		return err
	}
	if err := w.summary(); err != nil {
		return err
	}
	if err := w.dictionary(); err != nil {
		return err
	}
	if err := w.permissions(); err != nil {
		return err
	}
	if err := w.meta(); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	for _, s := range []string{xlsx.ListsSheet, xlsx.MetaSheet} {
		if err := xlsx.HideSheet(f, s); err != nil {
			return err
		}
	}
	if err := w.requirementRules(lists, len(rows)); err != nil {
		return err
	}
	return w.streamRequirements(rows, fit)
}

// requirementRows turns the requirements into the sheet's cells (nil: empty)
// and measures the columns.
func (w *checklistWriter) requirementRows() ([][]any, xlsx.WidthFit, error) {
	st, lang := w.st, w.lang
	fit := xlsx.WidthFit{}
	for i, c := range w.cols {
		fit.SeeHeader(i+1, c.header(lang))
	}
	rows := make([][]any, 0, len(w.reqs))
	for ri := range w.reqs {
		v := &w.reqs[ri]
		r := v.Stored()
		row := make([]any, len(w.cols))
		for ci, c := range w.cols {
			var val any // string: user text; int or float64: a number
			style := st.Wrap
			if c.key == "id" {
				style = st.Text
			}
			switch c.key {
			case "module":
				val = w.reg.ModuleName(v.Module)
			case "kind":
				val = orKey(v.Kind.Name(lang), string(v.Kind))
			case "score":
				val = v.Score
			case "moscow":
				val = v.MoSCoW.Name(lang)
				if v.MoSCoWSuggested {
					style = st.Suggested
				}
			case "status":
				val = orKey(v.Status.Name(lang), string(v.Status))
			case "moscow_suggested":
				if v.MoSCoWSuggested {
					val = "1"
				}
			default:
				if f, ok := requirements.FieldByKey(c.key); ok { // the field's text as the table gives it
					val = f.Get(&r)
					if f.Type == requirements.TypeScore || f.Type == requirements.TypeInt {
						val, _ = strconv.Atoi(f.Get(&r))
					}
					break
				}
				// a custom field
				s := v.Fields[c.field.Name]
				val = s
				if c.kind == colNumber {
					if n, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(n) && !math.IsInf(n, 0) {
						val = n
					}
				}
			}
			switch x := val.(type) {
			case string:
				if c.kind != colHidden {
					fit.See(ci+1, x)
				}
				if x == "" {
					continue
				}
				cell, err := st.CellText(x, style)
				if err != nil {
					return nil, nil, crmflow.Errorf(crmflow.EINVALID, "requirement %s, %s: %v", v.ID, c.header(lang), err)
				}
				row[ci] = cell
			case int:
				fit.See(ci+1, strconv.Itoa(x))
				row[ci] = excelize.Cell{StyleID: st.Number, Value: x}
			case float64:
				fit.See(ci+1, strconv.FormatFloat(x, 'f', -1, 64))
				row[ci] = excelize.Cell{StyleID: st.Number, Value: x}
			}
		}
		rows = append(rows, row)
	}
	return rows, fit, nil
}

func orKey(name, key string) string {
	if name == "" {
		return key
	}
	return name
}

// checklistLists are the dropdown sources on the hidden _lists sheet, as
// absolute references, by column key ("module", "kind", "field:NAME"...).
type checklistLists map[string]string

// lists writes the dropdown values, one list per column of the _lists sheet.
// Lists live on a sheet rather than inline because an inline list is limited
// to 255 characters and cannot hold a comma.
func (w *checklistWriter) lists() (checklistLists, error) {
	g := xlsx.NewGrid(w.f, w.st, xlsx.ListsSheet)
	out := checklistLists{}
	col := 0
	add := func(key string, values []string) error {
		if len(values) == 0 {
			return nil
		}
		col++
		for i, s := range values {
			if err := g.Text(col, i+1, s, w.st.Text, "list "+key); err != nil {
				return err
			}
		}
		out[key] = xlsx.AbsRange(xlsx.ListsSheet, col, 1, col, len(values))
		return nil
	}
	var modules, kinds, statuses, classes []string
	seen := map[string]bool{}
	for _, m := range w.reg.Modules {
		if n := m.Name(w.lang); n != "" && !seen[n] {
			seen[n] = true
			modules = append(modules, n)
		}
	}
	for _, k := range requirements.Kinds {
		kinds = append(kinds, k.Name(w.lang))
	}
	for _, s := range requirements.Statuses {
		statuses = append(statuses, s.Name(w.lang))
	}
	for _, m := range requirements.MoSCoWs {
		classes = append(classes, m.Name(w.lang))
	}
	for _, l := range []struct {
		key    string
		values []string
	}{{"module", modules}, {"kind", kinds}, {"status", statuses}, {"moscow", classes}} {
		if err := add(l.key, l.values); err != nil {
			return nil, err
		}
	}
	for _, d := range w.reg.Fields {
		if d.Type == requirements.FieldChoice {
			if err := add("field:"+d.Name, d.Choices); err != nil {
				return nil, err
			}
		}
	}
	return out, g.Widths()
}

// requirementRules adds the validations, conditional formats and autofilter
// to the requirements sheet while it is still empty (see the file comment).
func (w *checklistWriter) requirementRules(lists checklistLists, n int) error {
	f, sheet := w.f, w.names.requirements
	last := n + 1 + checklistSpareRows
	stop := func(dv *excelize.DataValidation, msg string) {
		dv.SetError(excelize.DataValidationErrorStyleStop, w.t("输入无效", "Invalid entry"), msg)
	}
	moscowCol := 0
	for i, c := range w.cols {
		col := i + 1
		var dv *excelize.DataValidation
		switch {
		case lists[c.key] != "":
			dv = excelize.NewDataValidation(true)
			dv.SetSqrefDropList(lists[c.key])
			stop(dv, w.t("请从下拉列表中选择。", "Choose a value from the list."))
		case c.key == "value" || c.key == "difficulty" || c.key == "urgency":
			dv = excelize.NewDataValidation(true)
			if err := dv.SetRange(1, 5, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			stop(dv, w.t("请输入 1 到 5 的整数。", "Enter a whole number from 1 to 5."))
		case c.field != nil && c.field.Type == requirements.FieldNumber:
			dv = excelize.NewDataValidation(true)
			if err := dv.SetRange(-1e15, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			stop(dv, w.t("请输入数字。", "Enter a number."))
		case c.field != nil && c.field.Type == requirements.FieldDate:
			dv = excelize.NewDataValidation(true)
			dv.SetInput(c.header(w.lang), w.t("日期格式：YYYY-MM-DD，例如 2026-03-31", "Date as YYYY-MM-DD, e.g. 2026-03-31"))
		}
		if c.key == "moscow" {
			moscowCol = col
		}
		if dv == nil {
			continue
		}
		dv.SetSqref(xlsx.CellRange(col, 2, col, last))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("sheet %s, column %s: %w", sheet, c.header(w.lang), err)
		}
	}
	colors := []string{"FFC7CE", "FFD8A8", "C6EFCE", "D9D9D9"} // must light red, should orange, could green, won't grey
	var rules []excelize.ConditionalFormatOptions
	for i, m := range requirements.MoSCoWs {
		id, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i]}}})
		if err != nil {
			return err
		}
		rules = append(rules, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Format: &id,
			Value: `"` + strings.ReplaceAll(m.Name(w.lang), `"`, `""`) + `"`})
	}
	if err := f.SetConditionalFormat(sheet, xlsx.CellRange(moscowCol, 2, moscowCol, last), rules); err != nil {
		return err
	}
	return f.AutoFilter(sheet, xlsx.CellRange(1, 1, len(w.cols), n+1), nil)
}

// checklistMaxWidth caps a requirements column so that the sheet prints one
// A4 page wide at a readable scale: long text wraps inside its column.
func checklistMaxWidth(c checklistColumn) int {
	switch {
	case c.key == "title":
		return 26
	case c.kind == colWrap:
		return 34
	case c.kind == colNumber:
		return 12
	}
	return 16
}

// streamRequirements writes the requirements sheet with the StreamWriter:
// page setup, widths, styles, hidden columns and the frozen header first,
// then the rows, each as tall as its longest wrapped cell.
func (w *checklistWriter) streamRequirements(rows [][]any, fit xlsx.WidthFit) error {
	if err := w.print(w.names.requirements, xlsx.Page{TitleRows: 1}); err != nil {
		return err
	}
	sw, err := w.f.NewStreamWriter(w.names.requirements)
	if err != nil {
		return err
	}
	st := w.st
	widths := make([]int, len(w.cols))
	for i, c := range w.cols {
		col := i + 1
		style := st.Wrap
		switch {
		case c.key == "id":
			style = st.Text
		case c.kind == colNumber:
			style = st.Number
		}
		if err := sw.SetColStyle(col, col, style); err != nil {
			return err
		}
		widths[i] = min(int(xlsx.ColWidth(fit[i])), checklistMaxWidth(c))
		if err := sw.SetColWidth(col, col, float64(widths[i])); err != nil {
			return err
		}
		if c.kind == colHidden {
			if err := sw.SetColVisible(col, col, false); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	header := make([]any, len(w.cols))
	headLines := 1
	for i, c := range w.cols {
		cell, err := st.CellText(c.header(w.lang), st.Header)
		if err != nil {
			return crmflow.Errorf(crmflow.EINVALID, "custom field %s: %v", c.header(w.lang), err)
		}
		header[i] = cell
		if c.kind != colHidden {
			headLines = max(headLines, xlsx.HeaderLines(c.header(w.lang), widths[i]))
		}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: xlsx.RowHeight(headLines)}); err != nil {
		return err
	}
	for i, row := range rows {
		// A reader does not grow a streamed row for wrapped text: without a
		// height, printed cells are clipped or overlap the next row.
		lines := 1
		for ci, v := range row {
			if cell, ok := v.(excelize.Cell); ok && w.cols[ci].kind != colHidden {
				if text, ok := cell.Value.(string); ok {
					lines = max(lines, xlsx.CellLines(text, float64(widths[ci])))
				}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row, excelize.RowOpts{Height: xlsx.RowHeight(lines)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// instructions writes the 说明 sheet: how to edit the checklist and send it back.
func (w *checklistWriter) instructions() error {
	g := xlsx.NewGrid(w.f, w.st, w.names.instructions)
	st, reg := w.st, w.reg
	t := w.t
	if err := g.Text(1, 1, t("需求清单", "Requirement checklist")+" — "+reg.Project.Name, st.Title, "title"); err != nil {
		return err
	}
	if err := w.f.MergeCell(g.Sheet, "A1", "B1"); err != nil {
		return err
	}
	g.Fit = nil // the merged title spans both columns: it must not widen column A
	scope := t("全部模块", "all modules")
	if len(reg.ModuleFilter) > 0 {
		names := make([]string, len(reg.ModuleFilter))
		for i, k := range reg.ModuleFilter {
			names[i] = reg.ModuleName(k)
		}
		scope = strings.Join(names, t("、", ", "))
	}
	info := [][2]string{
		{t("项目", "Project"), reg.Project.Name},
		{t("客户", "Client"), reg.Project.Client},
		{t("导出时间", "Exported at"), xlsx.LocalTime(reg.Generated, w.lang)},
	}
	info = append(info, w.versionRows()...)
	info = append(info, [][2]string{
		{t("范围", "Scope"), scope},
		{t("需求数", "Requirements"), strconv.Itoa(len(w.reqs))},
	}...)
	if a := report.AnchorText(w.lang, reg.Anchor); a != "" {
		info = append(info, [2]string{report.AnchorLabel(w.lang), a})
	}
	row := 3
	for _, kv := range info {
		if err := g.Text(1, row, kv[0], st.Label, "label"); err != nil {
			return err
		}
		if err := g.Text(2, row, kv[1], st.Text, kv[0]); err != nil {
			return err
		}
		row++
	}
	var readBack, hidden []string
	for _, c := range w.cols {
		switch {
		case c.kind == colHidden:
			hidden = append(hidden, c.header(w.lang))
		case c.read && c.key != "id":
			readBack = append(readBack, c.header(w.lang))
		}
	}
	sep := t("、", ", ")
	req := w.names.requirements
	steps := []string{
		t(fmt.Sprintf("在「%s」工作表中直接修改需求，保存为 .xlsx 后发回。Excel、WPS 和 LibreOffice 均可。", req),
			fmt.Sprintf("Edit the requirements on the %q sheet, save the file as .xlsx and send it back. Excel, WPS and LibreOffice all work.", req)),
		t("读回的列："+strings.Join(readBack, sep)+"。「评分」由系统根据价值、难度、紧急度计算，修改不会被读回。",
			"Columns read back: "+strings.Join(readBack, sep)+". Score is computed from value, difficulty and urgency; edits to it are not read back."),
		t("不要修改「编号」列，也不要修改隐藏的「"+strings.Join(hidden, "」「")+"」列：它们用于识别每条需求和发现冲突。",
			"Do not change the ID column or the hidden "+strings.Join(hidden, " and ")+" columns: they identify each requirement and reveal conflicting edits."),
		t("新增需求：在表格末尾新起一行，编号留空，填写标题、模块等。导入时，没有编号的行成为新需求。",
			"To add a requirement, fill in a new row below the table and leave its ID empty. Rows without an ID become new requirements on import."),
		t("验收标准每行一条（单元格内换行：Windows 按 Alt+Enter，Mac 按 Control+Option+Enter）。标签之间用逗号分隔。",
			"Acceptance criteria: one per line (a line break inside a cell is Alt+Enter on Windows, Control+Option+Enter on a Mac). Separate tags with commas."),
		t("价值、难度、紧急度填写 1 到 5 的整数；模块、类型、状态、MoSCoW 请从下拉列表中选择。",
			"Value, difficulty and urgency are whole numbers from 1 to 5; choose module, kind, status and MoSCoW from the dropdowns."),
		t("灰色斜体的 MoSCoW 是根据评分给出的建议：保持不变，它仍是建议；选择其他值，它成为明确的优先级；清空则恢复为建议。",
			"A grey italic MoSCoW is suggested from the score: leave it and it stays a suggestion; choose another value to set it explicitly; clear the cell to go back to the suggestion."),
		t("请不要使用公式：以 = 开头的内容按文本保存；含公式的单元格不会被读回，导入时会报错。",
			"Do not use formulas: text starting with = is kept as text, and a cell holding a formula is refused on import."),
		t("不要删除或重命名工作表，也不要修改第一行表头（列的顺序可以调整）。自己添加的列会被当作自定义字段读回，发回前请删除。隐藏的工作表保存导出信息，请勿修改。",
			"Do not delete or rename sheets or change the header row (columns may be reordered). Columns you add are read as custom fields: delete them before sending the file back. The hidden sheets record the export; leave them alone."),
		t("「"+w.names.summary+"」「"+w.names.dictionary+"」「"+w.names.permissions+"」工作表仅供查看，修改不会被读回。",
			"The "+w.names.summary+", "+w.names.dictionary+" and "+w.names.permissions+" sheets are for reading; edits to them are not read back."),
	}
	row++
	if err := g.Text(1, row, t("如何填写", "How to edit"), st.Label, "heading"); err != nil {
		return err
	}
	row++
	const stepWidth = 84 // column B: the page's width, portrait
	for i, s := range steps {
		if err := g.Text(1, row, strconv.Itoa(i+1)+".", st.Label, "step"); err != nil {
			return err
		}
		if err := g.Text(2, row, s, st.Hint, "step"); err != nil {
			return err
		}
		// As tall as the wrapped step: a reader draws wrapped lines over
		// the next row otherwise.
		if err := w.f.SetRowHeight(g.Sheet, row, xlsx.RowHeight(xlsx.CellLines(s, stepWidth))); err != nil {
			return err
		}
		row++
	}
	if err := w.f.SetColWidth(g.Sheet, "A", "A", xlsx.ColWidth(g.Fit[0])); err != nil {
		return err
	}
	if err := w.f.SetColWidth(g.Sheet, "B", "B", stepWidth); err != nil {
		return err
	}
	return w.print(g.Sheet, xlsx.Page{Portrait: true})
}

// versionRows state the latest baseline and, apart from it, what is new or
// changed since (requirements not frozen): a checklist exported beside v1.1
// with two drafts is v1.1 plus two, not a "working draft".
func (w *checklistWriter) versionRows() [][2]string {
	t, reg := w.t, w.reg
	latest := reg.Baseline
	if latest == "" {
		latest = reg.Version
	}
	var open []string
	drafts, confirmed := 0, 0
	for _, v := range w.reqs {
		switch v.Status {
		case requirements.Draft:
			drafts++
		case requirements.Confirmed:
			confirmed++
		default:
			continue
		}
		open = append(open, v.ID)
	}
	if latest == "" {
		return [][2]string{{t("需求基线", "Baseline"), t("尚未冻结基线（工作稿）", "none frozen yet (working draft)")}}
	}
	since := t("无", "none")
	if len(open) > 0 {
		ids := open
		if len(ids) > 12 {
			ids = append(slices.Clone(ids[:12]), "…")
		}
		since = fmt.Sprintf(t("%d 条（草稿 %d，已确认 %d）：%s", "%d (%d draft, %d confirmed): %s"),
			len(open), drafts, confirmed, strings.Join(ids, t("、", ", ")))
	}
	return [][2]string{
		{t("最新基线", "Latest baseline"), latest},
		{t("基线后新增或变更", "New or changed since"), since},
	}
}

// moduleOrder lists the module keys of vs in catalog order (unknown keys last, by key).
func (w *checklistWriter) moduleOrder(keys []string) []string {
	pos := map[string]int{}
	for i, m := range w.reg.Modules {
		pos[m.Key] = i
	}
	out := slices.Clone(keys)
	slices.SortStableFunc(out, func(a, b string) int {
		pa, oka := pos[a]
		pb, okb := pos[b]
		switch {
		case oka && okb:
			return pa - pb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(out)
}

// summary writes counts by module × MoSCoW and by status, and a bar chart.
func (w *checklistWriter) summary() error {
	g := xlsx.NewGrid(w.f, w.st, w.names.summary)
	st, t := w.st, w.t
	var keys []string
	counts := map[string]map[requirements.MoSCoW]int{}
	for _, v := range w.reqs {
		if counts[v.Module] == nil {
			counts[v.Module] = map[requirements.MoSCoW]int{}
			keys = append(keys, v.Module)
		}
		counts[v.Module][v.MoSCoW]++
	}
	keys = w.moduleOrder(keys)
	if err := g.Text(1, 1, t("模块", "Module"), st.Header, "header"); err != nil {
		return err
	}
	for i, m := range requirements.MoSCoWs {
		if err := g.Text(i+2, 1, m.Name(w.lang), st.Header, "header"); err != nil {
			return err
		}
	}
	totalCol := len(requirements.MoSCoWs) + 2
	if err := g.Text(totalCol, 1, t("合计", "Total"), st.Header, "header"); err != nil {
		return err
	}
	colTotals := make([]int, len(requirements.MoSCoWs))
	for r, k := range keys {
		row := r + 2
		if err := g.Text(1, row, w.reg.ModuleName(k), st.Text, "module "+k); err != nil {
			return err
		}
		sum := 0
		for i, m := range requirements.MoSCoWs {
			n := counts[k][m]
			sum += n
			colTotals[i] += n
			if err := g.Num(i+2, row, n, st.Number); err != nil {
				return err
			}
		}
		// Requirements without a class (none, normally) count in the total only.
		sum += counts[k][""]
		if err := g.Num(totalCol, row, sum, st.Number); err != nil {
			return err
		}
	}
	totalRow := len(keys) + 2
	if err := g.Text(1, totalRow, t("合计", "Total"), st.Label, "total"); err != nil {
		return err
	}
	for i, n := range colTotals {
		if err := g.Num(i+2, totalRow, n, st.Number); err != nil {
			return err
		}
	}
	if err := g.Num(totalCol, totalRow, len(w.reqs), st.Number); err != nil {
		return err
	}

	statusRow := totalRow + 2
	if err := g.Text(1, statusRow, t("状态", "Status"), st.Header, "header"); err != nil {
		return err
	}
	if err := g.Text(2, statusRow, t("数量", "Count"), st.Header, "header"); err != nil {
		return err
	}
	byStatus := map[requirements.Status]int{}
	for _, v := range w.reqs {
		byStatus[v.Status]++
	}
	for i, s := range requirements.Statuses {
		if err := g.Text(1, statusRow+1+i, s.Name(w.lang), st.Text, "status"); err != nil {
			return err
		}
		if err := g.Num(2, statusRow+1+i, byStatus[s], st.Number); err != nil {
			return err
		}
	}
	end := statusRow + 1 + len(requirements.Statuses)
	if err := g.Text(1, end, t("合计", "Total"), st.Label, "total"); err != nil {
		return err
	}
	if err := g.Num(2, end, len(w.reqs), st.Number); err != nil {
		return err
	}
	if err := g.Widths(); err != nil {
		return err
	}
	if err := w.f.SetPanes(g.Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := w.print(g.Sheet, xlsx.Page{}); err != nil {
		return err
	}
	if len(keys) == 0 {
		return nil
	}
	tallest := 0
	for _, k := range keys {
		n := 0
		for _, c := range counts[k] {
			n += c
		}
		tallest = max(tallest, n)
	}
	step := float64(max(1, (tallest+9)/10)) // about ten whole-number steps
	colors := []string{"C0504D", "F79646", "9BBB59", "A6A6A6"}
	var series []excelize.ChartSeries
	for i := range requirements.MoSCoWs {
		series = append(series, excelize.ChartSeries{
			Name:       xlsx.AbsRange(g.Sheet, i+2, 1, i+2, 1),
			Categories: xlsx.AbsRange(g.Sheet, 1, 2, 1, len(keys)+1),
			Values:     xlsx.AbsRange(g.Sheet, i+2, 2, i+2, len(keys)+1),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i]}},
		})
	}
	anchor, _ := excelize.CoordinatesToCellName(totalCol+2, 1)
	return w.f.AddChart(g.Sheet, anchor, &excelize.Chart{
		Type:   excelize.ColStacked,
		Series: series,
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t("各模块需求数（按 MoSCoW）", "Requirements per module by MoSCoW")}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		// Dark axis labels (the default grey is unreadable on paper) and
		// whole-number steps: these are counts.
		XAxis:  excelize.ChartAxis{Font: excelize.Font{Color: "262626", Family: xlsx.FontFamily(w.lang), Size: 9}},
		YAxis:  excelize.ChartAxis{Font: excelize.Font{Color: "262626", Family: xlsx.FontFamily(w.lang), Size: 9}, MajorUnit: step, MajorGridLines: true},
		Format: excelize.GraphicOptions{OffsetX: 10, OffsetY: 10},
		Dimension: excelize.ChartDimension{
			Width: 640, Height: uint(320 + 12*len(keys)),
		},
	})
}

// dictionary writes the data dictionary. With a module filter, fields that
// belong to a requirement outside the export are left out.
func (w *checklistWriter) dictionary() error {
	g := xlsx.NewGrid(w.f, w.st, w.names.dictionary)
	st, t := w.st, w.t
	headers := []string{t("实体", "Entity"), t("字段", "Field"), t("类型", "Type"), t("必填", "Required"),
		t("唯一", "Unique"), t("可选值", "Values"), t("说明", "Description"), t("需求", "Requirement")}
	for i, h := range headers {
		if err := g.Text(i+1, 1, h, st.Header, "header"); err != nil {
			return err
		}
	}
	exported := map[string]bool{}
	for _, v := range w.reqs {
		exported[v.ID] = true
	}
	yes := func(b bool) string {
		if b {
			return t("是", "Yes")
		}
		return t("否", "No")
	}
	row := 2
	for _, d := range w.reg.DataFields {
		if len(w.reg.ModuleFilter) > 0 && d.Req != "" && !exported[d.Req] {
			continue
		}
		where := "field " + d.Entity + "." + d.Name
		cells := []struct {
			s     string
			style int
		}{{d.Entity, st.Text}, {d.Name, st.Text}, {orKey(d.Type.Name(w.lang), string(d.Type)), st.Text},
			{yes(d.Required), st.Text}, {yes(d.Unique), st.Text}, {strings.Join(d.Values, t("、", ", ")), st.Wrap},
			{d.Description, st.Wrap}, {d.Req, st.Text}}
		for i, c := range cells {
			if err := g.Text(i+1, row, c.s, c.style, where); err != nil {
				return err
			}
		}
		row++
	}
	if err := g.Widths(); err != nil {
		return err
	}
	if err := w.f.SetPanes(g.Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// AutoFilter first: it replaces the sheet properties that say "fit to page".
	if err := w.f.AutoFilter(g.Sheet, xlsx.CellRange(1, 1, len(headers), max(row-1, 1)), nil); err != nil {
		return err
	}
	return w.print(g.Sheet, xlsx.Page{TitleRows: 1})
}

// permissions writes the role × module matrix: cells like "R C U (本人)".
func (w *checklistWriter) permissions() error {
	g := xlsx.NewGrid(w.f, w.st, w.names.permissions)
	st, t := w.st, w.t
	var roles, modules []string
	cells := map[[2]string]requirements.Permission{}
	for _, p := range w.reg.Permissions {
		if len(w.reg.ModuleFilter) > 0 && !slices.Contains(w.reg.ModuleFilter, p.Module) {
			continue
		}
		if !slices.Contains(roles, p.Role) {
			roles = append(roles, p.Role)
		}
		modules = append(modules, p.Module)
		cells[[2]string{p.Role, p.Module}] = p
	}
	modules = w.moduleOrder(modules)
	if err := g.Text(1, 1, t("角色", "Role"), st.Header, "header"); err != nil {
		return err
	}
	for i, m := range modules {
		if err := g.Text(i+2, 1, w.reg.ModuleName(m), st.Header, "module "+m); err != nil {
			return err
		}
	}
	for r, role := range roles {
		if err := g.Text(1, r+2, role, st.Label, "role "+role); err != nil {
			return err
		}
		for i, m := range modules {
			p, ok := cells[[2]string{role, m}]
			if !ok {
				continue
			}
			if err := g.Text(i+2, r+2, permissionText(p, w.lang), st.Text, "role "+role); err != nil {
				return err
			}
		}
	}
	legendRow := len(roles) + 3
	var parts []string
	for _, a := range requirements.Actions {
		parts = append(parts, a.Letter()+" "+a.Name(w.lang))
	}
	var scopes []string
	for _, s := range requirements.Scopes {
		if s != requirements.ScopeAll {
			scopes = append(scopes, s.Name(w.lang))
		}
	}
	legend := t("图例：", "Legend: ") + strings.Join(parts, t("，", ", ")) + t("；括号内为数据范围（", "; brackets give the data scope (") +
		strings.Join(scopes, t("、", ", ")) + t("），未注明为全部；— 为无权限。", "); none means all data; — means no access.")
	if err := g.Text(1, legendRow, legend, st.Hint, "legend"); err != nil {
		return err
	}
	g.Fit[0] = min(g.Fit[0], 12) // the legend spans the table; it must not widen column A
	if err := g.Widths(); err != nil {
		return err
	}
	// The legend wraps across the table's width, as tall as its lines.
	span := 0
	for _, d := range g.Fit {
		span += int(xlsx.ColWidth(d))
	}
	last, _ := excelize.CoordinatesToCellName(max(len(modules)+1, 2), legendRow)
	first, _ := excelize.CoordinatesToCellName(1, legendRow)
	if err := w.f.MergeCell(g.Sheet, first, last); err != nil {
		return err
	}
	if err := w.f.SetRowHeight(g.Sheet, legendRow, xlsx.RowHeight(xlsx.CellLines(legend, float64(span)))); err != nil {
		return err
	}
	if err := w.print(g.Sheet, xlsx.Page{TitleRows: 1, TitleCols: 1}); err != nil {
		return err
	}
	return w.f.SetPanes(g.Sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

// permissionText is one matrix cell: the action letters, then the scope in
// brackets unless it is "all"; "—" for a cell that grants nothing.
func permissionText(p requirements.Permission, lang crmflow.Lang) string {
	var letters []string
	for _, a := range requirements.Actions {
		if p.Has(a) {
			letters = append(letters, a.Letter())
		}
	}
	if len(letters) == 0 {
		return "—"
	}
	s := strings.Join(letters, " ")
	if p.Scope != "" && p.Scope != requirements.ScopeAll {
		s += " (" + p.Scope.Name(lang) + ")"
	}
	return s
}

// meta writes the hidden _crmflow sheet: what the workbook says about itself.
func (w *checklistWriter) meta() error {
	g := xlsx.NewGrid(w.f, w.st, xlsx.MetaSheet)
	kv := [][2]string{
		{"format_version", strconv.Itoa(FormatVersion)},
		{"project", w.reg.Project.Name},
		{"exported_at", w.reg.Generated.Format(crmflow.TimeFormat)},
		{"lang", string(w.lang)},
		{"modules", strings.Join(w.reg.ModuleFilter, ",")},
	}
	if a := w.reg.Anchor; a.Seq > 0 {
		kv = append(kv, [2]string{"audit_seq", strconv.FormatInt(a.Seq, 10)}, [2]string{"audit_hash", a.Hash})
	}
	for i, p := range kv {
		if err := g.Text(1, i+1, p[0], w.st.Text, "key"); err != nil {
			return err
		}
		if err := g.Text(2, i+1, p[1], w.st.Text, p[0]); err != nil {
			return err
		}
	}
	return g.Widths()
}
