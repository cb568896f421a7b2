package questionnaire

// Reading filled questionnaire workbooks back (see questionnaire.go).
//
// The workbook comes from outside: respondents and collectors filled it in
// Excel, WPS or LibreOffice. Read opens it with the same limits
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

	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/survey"
)

// Read reads a filled questionnaire workbook. file names it in
// errors; size is its length if known (or -1). A file that cannot be read as a
// questionnaire is a *report.ReadError.
func Read(file string, r io.Reader, size int64) (survey.FilledFile, error) {
	out := survey.FilledFile{File: file, Sheets: []survey.FilledSheet{}}
	cr, err := xlsx.Open(file, r, size)
	if err != nil {
		return out, err
	}
	meta, metaSheet, err := cr.KeyValues(xlsx.MetaSheet)
	if err != nil {
		return out, err
	}
	if metaSheet != "" {
		if k := meta["kind"]; k != questionnaireKind {
			return out, &report.ReadError{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("this is not a questionnaire workbook (it is a %q workbook)", orNone(k))}
		}
		if v, err := strconv.Atoi(xlsx.NormalizeInt(meta["format_version"])); err != nil || v < 1 {
			return out, &report.ReadError{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("format_version %q is not a whole number", meta["format_version"])}
		} else if v > FormatVersion {
			return out, &report.ReadError{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("the workbook has format version %d, newer than the %d this crmflow reads; upgrade crmflow", v, FormatVersion)}
		}
		out.Questionnaire = strings.TrimSpace(meta["questionnaire"])
		if rev, err := strconv.Atoi(xlsx.NormalizeInt(meta["revision"])); err == nil {
			out.Revision = rev
		}
	}
	for _, s := range cr.Sheets() {
		if strings.EqualFold(s, xlsx.MetaSheet) || strings.EqualFold(s, xlsx.ListsSheet) {
			continue
		}
		sh, ok, err := questionnaireSheet(cr, s)
		if err != nil {
			return out, err
		}
		if ok {
			out.Sheets = append(out.Sheets, sh)
		}
	}
	if len(out.Sheets) == 0 {
		return out, &report.ReadError{File: file, Msg: "no questionnaire sheet: none has the hidden role marker in cell A1 (was the workbook exported by crmflow survey export?)"}
	}
	return out, nil
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// questionnaireSheet reads one sheet; ok is false when it is not a role sheet.
func questionnaireSheet(cr *xlsx.Workbook, sheet string) (survey.FilledSheet, bool, error) {
	out := survey.FilledSheet{Sheet: sheet, Rows: map[string]int{}, Columns: []survey.FilledColumn{}}
	w := cr.NewWalk(sheet)
	cols := map[int]*survey.FilledColumn{}
	isRole := false
	_, err := w.Walk(func(n int, cells []xlsx.Cell) error {
		marker := ""
		if len(cells) > 0 && cells[0].Col == qKeyCol {
			marker = strings.TrimSpace(cells[0].Text)
		}
		if !isRole {
			if n != 1 || !strings.HasPrefix(marker, qRoleMarker) {
				return xlsx.ErrStop
			}
			isRole = true
			out.Role = strings.TrimSpace(strings.TrimPrefix(marker, qRoleMarker))
			return nil
		}
		if marker == "" || marker == qHeaderMarker {
			return nil
		}
		if prev, dup := out.Rows[marker]; dup {
			return w.ErrAt(n, qKeyCol, nil, "the hidden key %q is on rows %d and %d; do not copy question rows", marker, prev, n)
		}
		switch marker {
		case qNameMarker, qDepartmentMarker, qDateMarker:
		default:
			out.Rows[marker] = n
		}
		for _, c := range cells {
			if c.Col < qFirstAnswer || (strings.TrimSpace(c.Text) == "" && !c.Formula) {
				continue
			}
			fc := cols[c.Col]
			if fc == nil {
				letter, _ := excelize.ColumnNumberToName(c.Col)
				fc = &survey.FilledColumn{Column: letter, Answers: map[string]survey.FilledCell{}}
				cols[c.Col] = fc
			}
			cell := survey.FilledCell{Row: n, Text: c.Text, Formula: c.Formula}
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
