// Package questionnaire writes the survey workbooks: the questionnaire to
// hand out (and reads filled ones back) and the results workbook.
package questionnaire

// The questionnaire workbook (问卷): what a business analyst hands out and
// collectors send back (read by Read, questionnaire_read.go).
//
// Sheets, in order:
//
//	填写说明 / Instructions    how to fill it in, which sheet is whose, the columns (active sheet)
//	one sheet per role         the questions asked of that role
//	_lists                    the dropdown options (hidden)
//	_crmflow                  kind, format_version, questionnaire, revision, title, lang, exported_at (hidden)
//
// A role sheet:
//
//	     A (hidden)        B      C          D                 E, F, … (30 answer columns)
//	1    role:sales-rep    title
//	2    _name                               姓名 *            one respondent per column
//	3    _department                         部门
//	4    _date                               日期
//	5    _header           序号   问题       填写说明          回答 1, 回答 2, …
//	6    sales-rep.xxx     1      question   how to answer     answers
//
// Column A carries the question keys, so the reader maps rows by key and
// never by text or position. Collectors may fill more columns to the right
// than the 30 that carry the dropdowns and checks: every column with a name
// or an answer is read.

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/survey"
)

// FormatVersion is the format_version of the hidden _crmflow
// sheet; Read refuses newer workbooks.
const FormatVersion = 1

// AnswerColumns is how many answer columns carry the dropdowns
// and checks.
const AnswerColumns = 30

// Layout of a role sheet.
const (
	qKeyCol        = 1 // A: hidden keys
	qNoCol         = 2 // B
	qTextCol       = 3 // C
	qHintCol       = 4 // D
	qFirstAnswer   = 5 // E
	qNameRow       = 2
	qDepartmentRow = 3
	qDateRow       = 4
	qHeaderRow     = 5
	qFirstQuestion = 6

	qRoleMarker       = "role:"
	qNameMarker       = "_name"
	qDepartmentMarker = "_department"
	qDateMarker       = "_date"
	qHeaderMarker     = "_header"
	questionnaireKind = "questionnaire"
)

type qWriter struct {
	q        *survey.Questionnaire
	lang     crmflow.Lang
	f        *excelize.File
	st       *xlsx.Styles
	answer   int // answer cells: general format, wrapped, bordered
	label    int // respondent labels: bold, right-aligned
	required int // required question text: bold, wrapped
	sheets   map[string]string
	instr    string
	exported time.Time
}

func (w *qWriter) t(zh, en string) string { return report.Tr(w.lang, zh, en) }

// Write writes q's workbook to hand out, in q's language.
// exported is written to the hidden meta sheet.
func Write(out io.Writer, q *survey.Questionnaire, exported time.Time) error {
	w := &qWriter{q: q, lang: q.Lang, f: excelize.NewFile(), sheets: map[string]string{}, exported: exported}
	if w.lang != crmflow.LangEN {
		w.lang = crmflow.LangZH
	}
	defer w.f.Close()
	if err := w.build(); err != nil {
		return err
	}
	if err := xlsx.SetFonts(w.f, w.lang); err != nil {
		return err
	}
	if _, err := w.f.WriteTo(out); err != nil {
		return fmt.Errorf("write questionnaire: %w", err)
	}
	return nil
}

func (w *qWriter) build() error {
	f := w.f
	var err error
	if w.st, err = xlsx.NewStyles(f); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "9BA5B4", Style: 1}, {Type: "right", Color: "9BA5B4", Style: 1},
		{Type: "top", Color: "9BA5B4", Style: 1}, {Type: "bottom", Color: "9BA5B4", Style: 1}}
	for _, d := range []struct {
		id *int
		s  excelize.Style
	}{
		{&w.answer, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFDE7"}}}},
		{&w.label, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: xlsx.NumFmtText,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&w.required, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: xlsx.NumFmtText,
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		if *d.id, err = f.NewStyle(&d.s); err != nil {
			return err
		}
	}
	taken := map[string]bool{"_lists": true, "_crmflow": true}
	w.instr = xlsx.SheetName(w.t("填写说明", "Instructions"), taken)
	if err := f.SetSheetName("Sheet1", w.instr); err != nil {
		return err
	}
	for _, r := range w.q.Roles {
		w.sheets[r.Key] = xlsx.SheetName(r.Name(w.lang), taken)
		if _, err := f.NewSheet(w.sheets[r.Key]); err != nil {
			return err
		}
	}
	for _, s := range []string{xlsx.ListsSheet, xlsx.MetaSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	if err := w.instructions(); err != nil {
		return err
	}
	lists := xlsx.NewGrid(f, w.st, xlsx.ListsSheet)
	listCol := 0
	for _, r := range w.q.Roles {
		if err := w.roleSheet(r, lists, &listCol); err != nil {
			return err
		}
	}
	if err := lists.Widths(); err != nil {
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
	return nil
}

// hint says how to answer a question, in the workbook's language.
func (w *qWriter) hint(x *survey.Question) string {
	var s string
	switch x.Type {
	case survey.Single:
		s = w.t("单选：从下拉列表中选择", "Single choice: pick from the dropdown")
	case survey.Multi:
		names := make([]string, len(x.Options))
		for i, o := range x.Options {
			names[i] = o.In(w.lang)
		}
		s = w.t("多选，用“、”或“,”分隔：", "Multiple choice, separated by \",\": ") + strings.Join(names, w.t("、", "; "))
	case survey.Rating:
		s = w.t("评分：1 到 5 的整数，从下拉列表中选择", "Rating: a whole number from 1 to 5, from the dropdown")
	case survey.Number:
		s = w.t("填写数字", "Enter a number")
	default:
		s = w.t("文字回答", "Answer in words")
	}
	if x.Required {
		s += w.t("（必填）", " (required)")
	}
	return s
}

func (w *qWriter) roleSheet(r survey.Role, lists *xlsx.Grid, listCol *int) error {
	f, st := w.f, w.st
	sheet := w.sheets[r.Key]
	g := xlsx.NewGrid(f, st, sheet)
	qs := w.q.QuestionsFor(r.Key)
	lastAnswer := qFirstAnswer + AnswerColumns - 1
	lastRow := qFirstQuestion + len(qs) - 1
	marks := [][2]any{{1, qRoleMarker + r.Key}, {qNameRow, qNameMarker}, {qDepartmentRow, qDepartmentMarker}, {qDateRow, qDateMarker}, {qHeaderRow, qHeaderMarker}}
	for _, m := range marks {
		if err := g.Text(qKeyCol, m[0].(int), m[1].(string), st.Text, "key"); err != nil {
			return err
		}
	}
	title := w.q.Title + " — " + r.Name(w.lang)
	if err := g.Text(qNoCol, 1, title, st.Title, "title"); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "B1", "D1"); err != nil {
		return err
	}
	for _, l := range []struct {
		row  int
		text string
	}{
		{qNameRow, w.t("姓名 *", "Name *")},
		{qDepartmentRow, w.t("部门", "Department")},
		{qDateRow, w.t("日期（YYYY-MM-DD）", "Date (YYYY-MM-DD)")},
	} {
		if err := g.Text(qHintCol, l.row, l.text, w.label, "label"); err != nil {
			return err
		}
	}
	if err := g.Text(qTextCol, qNameRow, w.t("每位受访者填写右侧一列 →", "One column per respondent →"), st.Hint, "hint"); err != nil {
		return err
	}
	headers := []string{w.t("序号", "No."), w.t("问题（* 为必填）", "Question (* = required)"), w.t("填写说明", "How to answer")}
	for i, h := range headers {
		if err := g.Text(qNoCol+i, qHeaderRow, h, st.Header, "header"); err != nil {
			return err
		}
	}
	for i := 0; i < AnswerColumns; i++ {
		if err := g.Text(qFirstAnswer+i, qHeaderRow, w.t("回答 ", "Answer ")+strconv.Itoa(i+1), st.Header, "header"); err != nil {
			return err
		}
	}
	// Respondent cells and answer cells get the answer style.
	if err := f.SetCellStyle(sheet, cellName(qFirstAnswer, qNameRow), cellName(lastAnswer, qDateRow), w.answer); err != nil {
		return err
	}
	if len(qs) > 0 {
		if err := f.SetCellStyle(sheet, cellName(qFirstAnswer, qFirstQuestion), cellName(lastAnswer, lastRow), w.answer); err != nil {
			return err
		}
	}
	stop := func(dv *excelize.DataValidation, msg string) {
		dv.SetError(excelize.DataValidationErrorStyleStop, w.t("输入无效", "Invalid entry"), msg)
	}
	// The date row: a date, or text a person types.
	dateDV := excelize.NewDataValidation(true)
	dateDV.SetInput(w.t("日期", "Date"), w.t("格式：YYYY-MM-DD，例如 2026-11-25", "As YYYY-MM-DD, e.g. 2026-11-25"))
	dateDV.SetSqref(xlsx.CellRange(qFirstAnswer, qDateRow, lastAnswer, qDateRow))
	if err := f.AddDataValidation(sheet, dateDV); err != nil {
		return err
	}
	for i := range qs {
		x := &qs[i]
		row := qFirstQuestion + i
		if err := g.Text(qKeyCol, row, x.Key, st.Text, "key"); err != nil {
			return err
		}
		if err := g.Num(qNoCol, row, i+1, st.Number); err != nil {
			return err
		}
		text, style := x.Text.In(w.lang), st.Wrap
		if x.Required {
			text, style = "* "+text, w.required
		}
		where := "question " + x.Key
		if err := g.Text(qTextCol, row, text, style, where); err != nil {
			return err
		}
		hint := w.hint(x)
		if err := g.Text(qHintCol, row, hint, st.Hint, where); err != nil {
			return err
		}
		lines := max(xlsx.CellLines(text, 50), xlsx.CellLines(hint, 30))
		if err := f.SetRowHeight(sheet, row, xlsx.RowHeight(max(2, lines))); err != nil {
			return err
		}
		var dv *excelize.DataValidation
		switch x.Type {
		case survey.Single:
			*listCol++
			for j, o := range x.Options {
				if err := lists.Text(*listCol, j+1, o.In(w.lang), st.Text, where); err != nil {
					return err
				}
			}
			dv = excelize.NewDataValidation(true)
			dv.SetSqrefDropList(xlsx.AbsRange(xlsx.ListsSheet, *listCol, 1, *listCol, len(x.Options)))
			stop(dv, w.t("请从下拉列表中选择。", "Choose an option from the list."))
		case survey.Rating:
			dv = excelize.NewDataValidation(true)
			if err := dv.SetDropList([]string{"1", "2", "3", "4", "5"}); err != nil {
				return err
			}
			stop(dv, w.t("请选择 1 到 5 的整数。", "Choose a whole number from 1 to 5."))
		case survey.Number:
			dv = excelize.NewDataValidation(true)
			if err := dv.SetRange(-1e15, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			stop(dv, w.t("请输入数字。", "Enter a number."))
		case survey.Multi:
			dv = excelize.NewDataValidation(true)
			dv.SetInput(w.t("多选", "Multiple choice"), w.t("可选多个，用“、”或“,”分隔，例如：选项一、选项二", "Pick several, separated by \",\", e.g. first option, second option"))
		}
		if dv == nil {
			continue
		}
		dv.SetSqref(xlsx.CellRange(qFirstAnswer, row, lastAnswer, row))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("sheet %s, %s: %w", sheet, where, err)
		}
	}
	widths := []struct {
		from, to string
		w        float64
	}{{"A", "A", 16}, {"B", "B", 6}, {"C", "C", 50}, {"D", "D", 30}}
	for _, c := range widths {
		if err := f.SetColWidth(sheet, c.from, c.to, c.w); err != nil {
			return err
		}
	}
	first, _ := excelize.ColumnNumberToName(qFirstAnswer)
	last, _ := excelize.ColumnNumberToName(lastAnswer)
	if err := f.SetColWidth(sheet, first, last, 20); err != nil {
		return err
	}
	if err := f.SetColVisible(sheet, "A", false); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, qHeaderRow, 22); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 26); err != nil {
		return err
	}
	// On paper: the questions with the first answer columns, to fill in by
	// hand, the title and header rows on every page.
	area := xlsx.CellRange(qNoCol, 1, qFirstAnswer+printedAnswers-1, max(lastRow, qHeaderRow))
	if err := w.print(sheet, xlsx.Page{TitleRows: qHeaderRow, Area: area}); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: qHintCol, YSplit: qHeaderRow, TopLeftCell: cellName(qFirstAnswer, qFirstQuestion),
		ActivePane: "bottomRight", Selection: []excelize.Selection{{SQRef: cellName(qFirstAnswer, qNameRow), ActiveCell: cellName(qFirstAnswer, qNameRow), Pane: "bottomRight"}}})
}

// printedAnswers is how many answer columns a printed role sheet shows.
const printedAnswers = 3

// print sets up how sheet prints, the questionnaire's title in the header.
func (w *qWriter) print(sheet string, p xlsx.Page) error {
	p.Lang, p.Project, p.Document = w.lang, w.q.Title, w.t("问卷", "Questionnaire")+" "+w.q.ID+" — "+sheet
	return xlsx.Print(w.f, sheet, p)
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func (w *qWriter) instructions() error {
	g := xlsx.NewGrid(w.f, w.st, w.instr)
	st, t := w.st, w.t
	if err := g.Text(1, 1, w.q.Title, st.Title, "title"); err != nil {
		return err
	}
	if err := w.f.MergeCell(w.instr, "A1", "B1"); err != nil {
		return err
	}
	row := 3
	info := [][2]string{
		{t("问卷编号", "Questionnaire"), fmt.Sprintf("%s (%s %d)", w.q.ID, t("版本", "revision"), w.q.Revision)},
		{t("导出时间", "Exported at"), xlsx.LocalTime(w.exported, w.lang)},
	}
	for _, kv := range info {
		if err := g.Text(1, row, kv[0], st.Label, "label"); err != nil {
			return err
		}
		if err := g.Text(2, row, kv[1], st.Text, kv[0]); err != nil {
			return err
		}
		row++
	}
	row++
	if err := g.Text(1, row, t("哪张工作表是您的", "Which sheet is yours"), st.Label, "heading"); err != nil {
		return err
	}
	row++
	for _, r := range w.q.Roles {
		n := len(w.q.QuestionsFor(r.Key))
		if err := g.Text(1, row, w.sheets[r.Key], st.Text, "sheet"); err != nil {
			return err
		}
		if err := g.Text(2, row, fmt.Sprintf(t("%s填写此表（%d 个问题）", "For %s (%d questions)"), r.Name(w.lang), n), st.Hint, "sheet"); err != nil {
			return err
		}
		row++
	}
	steps := []string{
		t("找到您所在角色的工作表。每位受访者使用一列「回答」：在该列顶部填写姓名（必填）、部门和日期，再在下方逐题作答。",
			"Find the sheet for your role. Each respondent uses one Answer column: write your name (required), department and date at its top, then answer each question below it."),
		t("一份文件可以收集多人的回答：第二位受访者用「回答 2」列，依此类推；超过 30 人时继续向右填写。",
			"One file can collect several people's answers: the second respondent uses Answer 2, and so on; past 30 people, keep going to the right."),
		t("单选题和评分题请从下拉列表中选择；多选题可填多个选项，用“、”或“,”分隔；数字题只填数字；带 * 的题目必填。",
			"Pick single-choice and rating answers from the dropdown; for multiple choice write several options separated by \",\"; number questions take a number only; questions marked * are required."),
		t("列的含义：「序号」为题号，「问题」为题目，「填写说明」告诉您如何作答，「回答」列由您填写。",
			"The columns: No. is the question number, Question the question, How to answer says how to answer it, and the Answer columns are yours to fill in."),
		t("请不要修改题目、删除行或工作表，也不要使用公式；隐藏的列和工作表用于识别问卷，请勿改动。保存为 .xlsx 后发回。",
			"Do not change the questions, delete rows or sheets, or use formulas; the hidden column and sheets identify the questionnaire, so leave them alone. Save as .xlsx and send it back."),
	}
	row++
	if err := g.Text(1, row, t("如何填写", "How to fill it in"), st.Label, "heading"); err != nil {
		return err
	}
	row++
	const stepWidth = 78 // column B: a portrait page's width
	for i, s := range steps {
		if err := g.Text(1, row, strconv.Itoa(i+1)+".", st.Label, "step"); err != nil {
			return err
		}
		if err := g.Text(2, row, s, st.Hint, "step"); err != nil {
			return err
		}
		// As tall as the wrapped step, or readers draw it over the next row.
		if err := w.f.SetRowHeight(w.instr, row, xlsx.RowHeight(xlsx.CellLines(s, stepWidth))); err != nil {
			return err
		}
		row++
	}
	if err := w.f.SetColWidth(w.instr, "A", "A", 22); err != nil {
		return err
	}
	if err := w.f.SetColWidth(w.instr, "B", "B", stepWidth); err != nil {
		return err
	}
	return w.print(w.instr, xlsx.Page{Portrait: true})
}

func (w *qWriter) meta() error {
	g := xlsx.NewGrid(w.f, w.st, xlsx.MetaSheet)
	kv := [][2]string{
		{"kind", questionnaireKind},
		{"format_version", strconv.Itoa(FormatVersion)},
		{"questionnaire", w.q.ID},
		{"revision", strconv.Itoa(w.q.Revision)},
		{"title", w.q.Title},
		{"lang", string(w.lang)},
		{"exported_at", w.exported.Format(crmflow.TimeFormat)},
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
