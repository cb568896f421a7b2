package checklist

// Reading the requirement checklist back (see checklist.go for the workbook).
//
// The workbook comes from outside: a stakeholder edited it in Excel, WPS or
// LibreOffice, or anything else produced it. So the reader
//
//   - refuses files over 64 MiB and opens the workbook with
//     excelize.OpenReader limited to 64 MiB unpacked in all (16 MiB per part in
//     memory), so a zip bomb is refused before it is unpacked;
//   - finds the requirements sheet by name (需求清单 or Requirements, any
//     case), or else takes the first sheet whose first row has both an ID and
//     a title header;
//   - maps columns by their header text (zh, en or the column key, any case,
//     spaces trimmed, any order), never by position. A header it does not know
//     is returned as the custom field "field:HEADER" (the importer checks it
//     against the project's fields); a header written "field:NAME" is that
//     custom field. Duplicate headers and merged header cells are errors;
//   - returns each cell's stored text, as excelize's RawCellValue does, not
//     its display format: 12.5 shown as "12.50" or "13" comes back as "12.5"
//     (so a re-save never turns into a spurious change), and a date typed into
//     a General cell comes back as its serial number (the checklist's text
//     columns are formatted "@", so dates typed there stay text). For value,
//     difficulty, urgency and the hidden columns, a whole number written as
//     "5.0" or "5.00" is given back as "5";
//   - never evaluates a formula: a formula in a column it reads is an error
//     naming the cell ("formulas are not read back"), because the cached result
//     may be stale or absent, and the sender's logic is not ours to run;
//   - skips empty rows, counting a row whose cells were all cleared except
//     the hidden machine columns as empty. The sheet is read in one streaming pass of its XML
//     (sheetWalk), where a row without values costs a few tokens and no
//     memory: a million empty rows take about a second, and a row of data
//     after them is still read, never dropped;
//   - refuses invalid UTF-8, truncated XML and text over 32,767 UTF-16 units,
//     naming the cell. (excelize's own row iterator takes an XML error as the
//     end of the sheet and silently drops the rest, and does not report
//     formulas or merged cells; that is why the pass is our own.)
//
// Errors are *report.ReadError values: "requirements.xlsx: sheet 需求清单, row 14,
// column 价值: ...".

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/requirements"
)

// checklistReader reads the checklist's sheets of a workbook.
type checklistReader struct{ *xlsx.Workbook }

// errAt builds a *report.ReadError; col may be nil.
func (cr checklistReader) errAt(sheet string, row int, col *readColumn, err error, format string, args ...any) *report.ReadError {
	var c *xlsx.Column
	if col != nil {
		c = &xlsx.Column{Letter: col.letter, Header: col.header}
	}
	return cr.ErrAt(sheet, row, c, err, format, args...)
}

// readColumn is one header cell mapped to a field.
type readColumn struct {
	idx    int    // 0-based column index
	letter string // "G"
	header string // as it stands in the file
	key    string // "value", "field:预计工时"...; "" for a derived column (score)
}

// checklistHeaderKeys maps folded header text (zh, en, key) to column keys.
var checklistHeaderKeys = func() map[string]string {
	m := map[string]string{}
	for _, c := range append(append([]checklistColumn{}, checklistBaseColumns...), checklistTailColumns...) {
		for _, h := range []string{c.key, c.zh, c.en} {
			m[foldHeader(h)] = c.key
		}
	}
	m["criterion"], m["acceptance"], m["验收条件"] = "criteria", "criteria", "criteria"
	m["moscow suggested"], m["建议值"] = "moscow_suggested", "moscow_suggested"
	return m
}()

func foldHeader(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// headerKey maps header text to a column key: a built-in column, "field:NAME"
// for anything else. ok is false for an empty header.
func headerKey(h string) (key string, ok bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return "", false
	}
	if k, found := checklistHeaderKeys[foldHeader(h)]; found {
		return k, true
	}
	if len(h) > 6 && strings.EqualFold(h[:6], "field:") {
		if name := strings.TrimSpace(h[6:]); name != "" {
			return "field:" + name, true
		}
	}
	return "field:" + h, true
}

// normalizedInts are the columns whose whole numbers are given back without
// a decimal part ("5.0" → "5").
var normalizedInts = map[string]bool{"value": true, "difficulty": true, "urgency": true, "revision": true, "moscow_suggested": true}

// Read reads a checklist workbook back (possibly edited and re-saved
// by Excel, WPS or LibreOffice). file is the name used in error messages; size
// is the input's length if known (or -1). It returns one ImportRow per
// non-empty requirement row, with cells keyed by column (see
// requirements.ImportRow, plus "moscow_suggested": "1" when the exported
// MoSCoW was a suggestion, so the importer can tell an untouched suggestion
// from a choice), and what the hidden _crmflow sheet says (FormatVersion 0
// when it is missing). Any problem is a *report.ReadError.
func Read(file string, r io.Reader, size int64) ([]requirements.ImportRow, requirements.ImportMeta, error) {
	var meta requirements.ImportMeta
	wb, err := xlsx.Open(file, r, size)
	if err != nil {
		return nil, meta, err
	}
	cr := checklistReader{wb}
	if meta, err = cr.meta(); err != nil {
		return nil, meta, err
	}
	rows, err := cr.requirements()
	return rows, meta, err
}

// meta reads the hidden _crmflow sheet, if there is one.
func (cr checklistReader) meta() (requirements.ImportMeta, error) {
	meta := requirements.ImportMeta{Modules: []string{}}
	sheet := ""
	for _, s := range cr.Sheets() {
		if strings.EqualFold(s, xlsx.MetaSheet) {
			sheet = s
		}
	}
	if sheet == "" {
		return meta, nil
	}
	w := cr.NewWalk(sheet)
	_, err := w.Walk(func(n int, cells []xlsx.Cell) error {
		if n > 100 {
			return xlsx.ErrStop
		}
		var key, val string
		for _, c := range cells {
			switch c.Col {
			case 1:
				key = strings.TrimSpace(c.Text)
			case 2:
				val = strings.TrimSpace(c.Text)
			}
		}
		switch key {
		case "format_version":
			v, err := strconv.Atoi(xlsx.NormalizeInt(val))
			if err != nil || v < 0 {
				return cr.errAt(sheet, n, nil, err, "format_version %q is not a whole number", val)
			}
			if v > FormatVersion {
				return cr.errAt(sheet, n, nil, nil, "the workbook has format version %d, newer than the %d this crmflow reads; upgrade crmflow",
					v, FormatVersion)
			}
			meta.FormatVersion = v
		case "project":
			meta.Project = val
		case "exported_at":
			meta.ExportedAt = val
		case "lang":
			meta.Lang = val
		case "modules":
			for _, m := range strings.Split(val, ",") {
				if m = strings.TrimSpace(m); m != "" {
					meta.Modules = append(meta.Modules, m)
				}
			}
		}
		return nil
	})
	return meta, err
}

// requirements finds the requirements sheet and reads its rows.
func (cr checklistReader) requirements() ([]requirements.ImportRow, error) {
	zh, en := checklistSheets(crmflow.LangZH), checklistSheets(crmflow.LangEN)
	var named []string
	for _, s := range cr.Sheets() {
		if strings.EqualFold(strings.TrimSpace(s), zh.requirements) || strings.EqualFold(strings.TrimSpace(s), en.requirements) {
			named = append(named, s)
		}
	}
	if len(named) > 1 {
		return nil, cr.errAt("", 0, nil, nil, "it has both a %s and a %s sheet; keep one", named[0], named[1])
	}
	if len(named) == 1 {
		return cr.rows(named[0])
	}
	for _, s := range cr.Sheets() {
		if strings.EqualFold(s, xlsx.MetaSheet) || strings.EqualFold(s, xlsx.ListsSheet) {
			continue
		}
		found := false
		w := cr.NewWalk(s)
		_, err := w.Walk(func(n int, cells []xlsx.Cell) error {
			if n == 1 {
				_, err := cr.header(w, cells)
				found = err == nil
			}
			return xlsx.ErrStop
		})
		var re *report.ReadError
		if err != nil && !errors.As(err, &re) {
			return nil, err
		}
		if found {
			return cr.rows(s)
		}
	}
	return nil, cr.errAt("", 0, nil, nil, "no requirements sheet: expected a sheet named %s or %s, or one whose first row has the headers %s (%s) and %s (%s); sheets: %s",
		zh.requirements, en.requirements, checklistBaseColumns[0].zh, checklistBaseColumns[0].en,
		checklistBaseColumns[3].zh, checklistBaseColumns[3].en, strings.Join(cr.Sheets(), ", "))
}

// header maps the first row's cells to columns, and tells w the headers.
func (cr checklistReader) header(w *xlsx.SheetWalk, cells []xlsx.Cell) ([]readColumn, error) {
	var cols []readColumn
	seen := map[string]*readColumn{}
	for _, cell := range cells {
		letter, _ := excelize.ColumnNumberToName(cell.Col)
		c := readColumn{idx: cell.Col - 1, letter: letter, header: cell.Text}
		if cell.Formula {
			return nil, cr.errAt(w.Sheet, 1, &c, nil, "the header cell holds a formula; type the header text itself")
		}
		key, ok := headerKey(cell.Text)
		if !ok {
			continue
		}
		w.Headers[cell.Col] = strings.TrimSpace(cell.Text)
		c.key = key // the score is derived: passed on only so that an edit to it can be reported
		if key != "" {
			if prev := seen[strings.ToLower(key)]; prev != nil {
				return nil, cr.errAt(w.Sheet, 1, &c, nil, "duplicate column: %q in column %s and %q in column %s are the same field; delete or rename one",
					strings.TrimSpace(prev.header), prev.letter, strings.TrimSpace(cell.Text), letter)
			}
			seen[strings.ToLower(key)] = &c
		}
		cols = append(cols, c)
	}
	for _, k := range []int{0, 3} { // id, title
		want := checklistBaseColumns[k]
		if seen[want.key] == nil {
			return nil, cr.errAt(w.Sheet, 1, nil, nil, "the header row has no %s (%s) column; the first row must hold the column headers as exported",
				want.zh, want.en)
		}
	}
	return cols, nil
}

// rows reads the requirement rows of sheet in one pass over its XML.
func (cr checklistReader) rows(sheet string) ([]requirements.ImportRow, error) {
	w := cr.NewWalk(sheet)
	var cols []readColumn
	out := []requirements.ImportRow{}
	byCol := map[int]xlsx.Cell{}
	headerDone := false
	merges, err := w.Walk(func(n int, cells []xlsx.Cell) error {
		if !headerDone {
			headerDone = true
			var hdr []xlsx.Cell
			if n == 1 {
				hdr = cells
			}
			var err error
			if cols, err = cr.header(w, hdr); err != nil {
				return err
			}
			if n == 1 {
				return nil
			}
		}
		clear(byCol)
		for _, c := range cells {
			byCol[c.Col] = c
		}
		row := requirements.ImportRow{File: cr.File(), Sheet: sheet, Row: n, Cells: make(map[string]requirements.ImportCell, len(cols))}
		empty := true
		for i := range cols {
			c := &cols[i]
			if c.key == "" {
				continue
			}
			cell := byCol[c.idx+1]
			if c.key == "score" {
				// Computed, not read: the import says so when it was edited.
				if !cell.Formula && utf8.ValidString(cell.Text) && len(cell.Text) < 64 {
					row.Computed = map[string]requirements.ImportCell{"score": {Column: c.letter, Header: c.header, Text: xlsx.NormalizeInt(cell.Text)}}
				}
				continue
			}
			if cell.Formula {
				return cr.errAt(sheet, n, c, nil, "the cell holds a formula; formulas are not read back: type the value itself")
			}
			text := cell.Text
			if strings.TrimSpace(text) != "" && c.key != "revision" && c.key != "moscow_suggested" {
				empty = false // a row whose visible cells were all cleared is empty, whatever the hidden columns hold
			}
			if !utf8.ValidString(text) {
				return cr.errAt(sheet, n, c, nil, "the text is not valid UTF-8")
			}
			if u := xlsx.UTF16Len(text); u > xlsx.MaxCellUnits {
				return cr.errAt(sheet, n, c, nil, "the text is %s characters long; a cell holds at most %s",
					xlsx.GroupDigits(u), xlsx.GroupDigits(xlsx.MaxCellUnits))
			}
			if normalizedInts[c.key] {
				text = xlsx.NormalizeInt(text)
			}
			if c.key == "revision" {
				if text != "" {
					rev, err := strconv.Atoi(text)
					if err != nil || rev < 0 {
						return cr.errAt(sheet, n, c, err, "revision %q is not a whole number; the hidden revision column must not be changed", text)
					}
					row.Revision = rev
				}
				continue
			}
			row.Cells[c.key] = requirements.ImportCell{Column: c.letter, Header: c.header, Text: text}
		}
		if !empty {
			out = append(out, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !headerDone {
		if _, err := cr.header(w, nil); err != nil {
			return nil, err
		}
	}
	read := map[int]*readColumn{}
	for i := range cols {
		if cols[i].key != "" {
			read[cols[i].idx+1] = &cols[i]
		}
	}
	for _, m := range merges {
		for c := m.Col1; c <= m.Col2; c++ {
			col := read[c]
			if col == nil {
				continue
			}
			if m.Row1 == 1 {
				return nil, cr.errAt(sheet, 1, col, nil, "the header cells %s are merged; unmerge them so each column has its own header", m.Ref)
			}
			return nil, cr.errAt(sheet, m.Row1, col, nil, "the cells %s are merged; unmerge them and give each cell its own value", m.Ref)
		}
	}
	return out, nil
}
