package report

// Reading filled questionnaire workbooks back (see questionnaire.go).
//
// The workbook comes from outside: respondents and collectors filled it in
// Excel, WPS or LibreOffice. ReadQuestionnaire opens it with the same limits
// and the same streaming sheet pass as the checklist reader, and returns raw
// cell text: the survey package validates the answers. A role sheet is one
// whose hidden cell A1 says "role:KEY", whatever the sheet is called; its rows
// are mapped by the hidden keys in column A, never by text or position, so a
// re-sorted or renamed sheet still reads. Every column from E on that holds a
// name, department, date or answer is one respondent. Numbers come back as
// stored ("4" or "4.0"), dates as serial numbers or text: the survey package
// reads both. Formula cells are flagged, not evaluated.

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow/survey"
)

// ReadQuestionnaire reads a filled questionnaire workbook. file names it in
// errors; size is its length if known (or -1). A file that cannot be read as a
// questionnaire is a *ReadError.
func ReadQuestionnaire(file string, r io.Reader, size int64) (survey.FilledFile, error) {
	out := survey.FilledFile{File: file, Sheets: []survey.FilledSheet{}}
	cr, err := openWorkbook(file, r, size)
	if err != nil {
		return out, err
	}
	meta, metaSheet, err := cr.keyValues(checklistMetaSheet)
	if err != nil {
		return out, err
	}
	if metaSheet != "" {
		if k := meta["kind"]; k != questionnaireKind {
			return out, &ReadError{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("this is not a questionnaire workbook (it is a %q workbook)", orNone(k))}
		}
		if v, err := strconv.Atoi(normalizeInt(meta["format_version"])); err != nil || v < 1 {
			return out, &ReadError{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("format_version %q is not a whole number", meta["format_version"])}
		} else if v > QuestionnaireFormatVersion {
			return out, &ReadError{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("the workbook has format version %d, newer than the %d this crmflow reads; upgrade crmflow", v, QuestionnaireFormatVersion)}
		}
		out.Questionnaire = strings.TrimSpace(meta["questionnaire"])
		if rev, err := strconv.Atoi(normalizeInt(meta["revision"])); err == nil {
			out.Revision = rev
		}
	}
	for _, s := range cr.sheets {
		if strings.EqualFold(s, checklistMetaSheet) || strings.EqualFold(s, checklistListsSheet) {
			continue
		}
		sh, ok, err := cr.questionnaireSheet(s)
		if err != nil {
			return out, err
		}
		if ok {
			out.Sheets = append(out.Sheets, sh)
		}
	}
	if len(out.Sheets) == 0 {
		return out, &ReadError{File: file, Msg: "no questionnaire sheet: none has the hidden role marker in cell A1 (was the workbook exported by crmflow survey export?)"}
	}
	return out, nil
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// keyValues reads a two-column key/value sheet (the hidden meta sheet), if
// there is one; it returns the sheet's name ("" when missing).
func (cr *checklistReader) keyValues(name string) (map[string]string, string, error) {
	kv := map[string]string{}
	sheet := ""
	for _, s := range cr.sheets {
		if strings.EqualFold(s, name) {
			sheet = s
		}
	}
	if sheet == "" {
		return kv, "", nil
	}
	_, err := cr.newWalk(sheet).walk(func(n int, cells []sheetCell) error {
		if n > 100 {
			return errStopWalk
		}
		var k, v string
		for _, c := range cells {
			switch c.col {
			case 1:
				k = strings.TrimSpace(c.text)
			case 2:
				v = c.text
			}
		}
		if k != "" {
			kv[k] = v
		}
		return nil
	})
	return kv, sheet, err
}

// questionnaireSheet reads one sheet; ok is false when it is not a role sheet.
func (cr *checklistReader) questionnaireSheet(sheet string) (survey.FilledSheet, bool, error) {
	out := survey.FilledSheet{Sheet: sheet, Rows: map[string]int{}, Columns: []survey.FilledColumn{}}
	w := cr.newWalk(sheet)
	cols := map[int]*survey.FilledColumn{}
	isRole := false
	_, err := w.walk(func(n int, cells []sheetCell) error {
		marker := ""
		if len(cells) > 0 && cells[0].col == qKeyCol {
			marker = strings.TrimSpace(cells[0].text)
		}
		if !isRole {
			if n != 1 || !strings.HasPrefix(marker, qRoleMarker) {
				return errStopWalk
			}
			isRole = true
			out.Role = strings.TrimSpace(strings.TrimPrefix(marker, qRoleMarker))
			return nil
		}
		if marker == "" || marker == qHeaderMarker {
			return nil
		}
		if prev, dup := out.Rows[marker]; dup {
			return w.errAt(n, qKeyCol, nil, "the hidden key %q is on rows %d and %d; do not copy question rows", marker, prev, n)
		}
		switch marker {
		case qNameMarker, qDepartmentMarker, qDateMarker:
		default:
			out.Rows[marker] = n
		}
		for _, c := range cells {
			if c.col < qFirstAnswer || (strings.TrimSpace(c.text) == "" && !c.formula) {
				continue
			}
			fc := cols[c.col]
			if fc == nil {
				letter, _ := excelize.ColumnNumberToName(c.col)
				fc = &survey.FilledColumn{Column: letter, Answers: map[string]survey.FilledCell{}}
				cols[c.col] = fc
			}
			cell := survey.FilledCell{Row: n, Text: c.text, Formula: c.formula}
			switch marker {
			case qNameMarker:
				fc.Name = cell
			case qDepartmentMarker:
				fc.Department = cell
			case qDateMarker:
				fc.Date = cell
			default:
				fc.Answers[marker] = cell
			}
		}
		if marker == qNameMarker || marker == qDepartmentMarker || marker == qDateMarker {
			out.Rows[marker] = n
		}
		return nil
	})
	if err != nil || !isRole {
		return out, false, err
	}
	nameRow, deptRow, dateRow := out.Rows[qNameMarker], out.Rows[qDepartmentMarker], out.Rows[qDateMarker]
	delete(out.Rows, qNameMarker)
	delete(out.Rows, qDepartmentMarker)
	delete(out.Rows, qDateMarker)
	keys := make([]int, 0, len(cols))
	for k := range cols {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		c := cols[k]
		// Rows for empty cells, so problems can name them.
		if c.Name.Row == 0 {
			c.Name.Row = nameRow
		}
		if c.Department.Row == 0 {
			c.Department.Row = deptRow
		}
		if c.Date.Row == 0 {
			c.Date.Row = dateRow
		}
		out.Columns = append(out.Columns, *c)
	}
	return out, true, nil
}
