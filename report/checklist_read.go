package report

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
// Errors are *ReadError values: "requirements.xlsx: sheet 需求清单, row 14,
// column 价值: ...".

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Limits on a workbook ReadChecklist opens.
const (
	checklistMaxFile  = 64 << 20 // bytes of .xlsx
	checklistMaxUnzip = 64 << 20 // bytes unpacked in all
	checklistMaxXML   = 16 << 20 // a part larger than this is unpacked to a temporary file
)

// ReadError is a problem in a workbook being read, with where it is.
type ReadError struct {
	File   string // the name given to ReadChecklist
	Sheet  string // "" when the problem is with the file as a whole
	Row    int    // 1-based; 0 when not about one row
	Column string // column letter, e.g. "G"; "" when not about one column
	Header string // the column's header text, when known
	Msg    string
	Err    error // the underlying error, if any
}

func (e *ReadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	sep := ": "
	add := func(s string) {
		b.WriteString(sep)
		b.WriteString(s)
		sep = ", "
	}
	if e.Sheet != "" {
		add("sheet " + e.Sheet)
	}
	if e.Row > 0 {
		add("row " + strconv.Itoa(e.Row))
	}
	switch {
	case e.Header != "":
		add("column " + e.Header)
	case e.Column != "":
		add("column " + e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap exposes the error as a *crmflow.Error with code invalid, which in
// turn wraps the underlying error.
func (e *ReadError) Unwrap() error {
	return &crmflow.Error{Code: crmflow.EINVALID, Message: e.Error(), Err: e.Err}
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

// ReadChecklist reads a checklist workbook back (possibly edited and re-saved
// by Excel, WPS or LibreOffice). file is the name used in error messages; size
// is the input's length if known (or -1). It returns one ImportRow per
// non-empty requirement row, with cells keyed by column (see
// requirements.ImportRow, plus "moscow_suggested": "1" when the exported
// MoSCoW was a suggestion, so the importer can tell an untouched suggestion
// from a choice), and what the hidden _crmflow sheet says (FormatVersion 0
// when it is missing). Any problem is a *ReadError.
func ReadChecklist(file string, r io.Reader, size int64) ([]requirements.ImportRow, requirements.ImportMeta, error) {
	var meta requirements.ImportMeta
	cr, err := openWorkbook(file, r, size)
	if err != nil {
		return nil, meta, err
	}
	if meta, err = cr.meta(); err != nil {
		return nil, meta, err
	}
	rows, err := cr.requirements()
	return rows, meta, err
}

// openWorkbook reads an .xlsx from outside within the limits above and
// returns a reader of its sheets. Any problem is a *ReadError naming file.
func openWorkbook(file string, r io.Reader, size int64) (*checklistReader, error) {
	fileErr := func(err error, format string, args ...any) error {
		return &ReadError{File: file, Msg: fmt.Sprintf(format, args...), Err: err}
	}
	if size > checklistMaxFile {
		return nil, fileErr(nil, "the file is %s bytes; the limit is %s", groupDigits(int(size)), groupDigits(checklistMaxFile))
	}
	data, err := io.ReadAll(io.LimitReader(r, checklistMaxFile+1))
	if err != nil {
		return nil, fileErr(err, "cannot read it: %v", err)
	}
	if len(data) > checklistMaxFile {
		return nil, fileErr(nil, "the file is over %s bytes, the limit", groupDigits(checklistMaxFile))
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return nil, fileErr(nil, "this is an old .xls or a password-protected workbook; save it as an unprotected .xlsx (Excel Workbook) and try again")
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, fileErr(nil, "not an .xlsx workbook (it is not a zip archive); save it as .xlsx (Excel Workbook) and try again")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileErr(err, "not a readable .xlsx workbook: %v", err)
	}
	cr := &checklistReader{file: file, zr: zr, sst: -1}
	if cr.zipFile(cr.workbookPath()) == nil {
		return nil, fileErr(nil, "not an .xlsx workbook: the zip archive holds no workbook (%s)", cr.workbookPath())
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: checklistMaxUnzip, UnzipXMLSizeLimit: checklistMaxXML})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, fileErr(err, "the workbook unpacks to more than %d MiB; crmflow does not read it", checklistMaxUnzip>>20)
		}
		return nil, fileErr(err, "not a readable .xlsx workbook: %v", err)
	}
	cr.sheets = f.GetSheetList()
	if err := f.Close(); err != nil {
		return nil, fileErr(err, "%v", err)
	}
	return cr, nil
}

type checklistReader struct {
	file   string
	zr     *zip.Reader
	sheets []string

	sst       int      // shared strings: -1 not loaded yet, else how many loaded
	strings   []string // the shared strings table
	sstBroken error    // why strings from index sst on could not be read
}

// errAt builds a *ReadError; col may be nil.
func (cr *checklistReader) errAt(sheet string, row int, col *readColumn, err error, format string, args ...any) *ReadError {
	e := &ReadError{File: cr.file, Sheet: sheet, Row: row, Msg: fmt.Sprintf(format, args...), Err: err}
	if col != nil {
		e.Column, e.Header = col.letter, strings.TrimSpace(col.header)
	}
	return e
}

// meta reads the hidden _crmflow sheet, if there is one.
func (cr *checklistReader) meta() (requirements.ImportMeta, error) {
	meta := requirements.ImportMeta{Modules: []string{}}
	sheet := ""
	for _, s := range cr.sheets {
		if strings.EqualFold(s, checklistMetaSheet) {
			sheet = s
		}
	}
	if sheet == "" {
		return meta, nil
	}
	w := cr.newWalk(sheet)
	_, err := w.walk(func(n int, cells []sheetCell) error {
		if n > 100 {
			return errStopWalk
		}
		var key, val string
		for _, c := range cells {
			switch c.col {
			case 1:
				key = strings.TrimSpace(c.text)
			case 2:
				val = strings.TrimSpace(c.text)
			}
		}
		switch key {
		case "format_version":
			v, err := strconv.Atoi(normalizeInt(val))
			if err != nil || v < 0 {
				return cr.errAt(sheet, n, nil, err, "format_version %q is not a whole number", val)
			}
			if v > ChecklistFormatVersion {
				return cr.errAt(sheet, n, nil, nil, "the workbook has format version %d, newer than the %d this crmflow reads; upgrade crmflow",
					v, ChecklistFormatVersion)
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
func (cr *checklistReader) requirements() ([]requirements.ImportRow, error) {
	zh, en := checklistSheets(crmflow.LangZH), checklistSheets(crmflow.LangEN)
	var named []string
	for _, s := range cr.sheets {
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
	for _, s := range cr.sheets {
		if strings.EqualFold(s, checklistMetaSheet) || strings.EqualFold(s, checklistListsSheet) {
			continue
		}
		found := false
		w := cr.newWalk(s)
		_, err := w.walk(func(n int, cells []sheetCell) error {
			if n == 1 {
				_, err := cr.header(w, cells)
				found = err == nil
			}
			return errStopWalk
		})
		var re *ReadError
		if err != nil && !errors.As(err, &re) {
			return nil, err
		}
		if found {
			return cr.rows(s)
		}
	}
	return nil, cr.errAt("", 0, nil, nil, "no requirements sheet: expected a sheet named %s or %s, or one whose first row has the headers %s (%s) and %s (%s); sheets: %s",
		zh.requirements, en.requirements, checklistBaseColumns[0].zh, checklistBaseColumns[0].en,
		checklistBaseColumns[3].zh, checklistBaseColumns[3].en, strings.Join(cr.sheets, ", "))
}

// header maps the first row's cells to columns, and tells w the headers.
func (cr *checklistReader) header(w *sheetWalk, cells []sheetCell) ([]readColumn, error) {
	var cols []readColumn
	seen := map[string]*readColumn{}
	for _, cell := range cells {
		letter, _ := excelize.ColumnNumberToName(cell.col)
		c := readColumn{idx: cell.col - 1, letter: letter, header: cell.text}
		if cell.formula {
			return nil, cr.errAt(w.sheet, 1, &c, nil, "the header cell holds a formula; type the header text itself")
		}
		key, ok := headerKey(cell.text)
		if !ok {
			continue
		}
		w.headers[cell.col] = strings.TrimSpace(cell.text)
		if key == "score" {
			key = "" // derived: not read back
		}
		c.key = key
		if key != "" {
			if prev := seen[strings.ToLower(key)]; prev != nil {
				return nil, cr.errAt(w.sheet, 1, &c, nil, "duplicate column: %q in column %s and %q in column %s are the same field; delete or rename one",
					strings.TrimSpace(prev.header), prev.letter, strings.TrimSpace(cell.text), letter)
			}
			seen[strings.ToLower(key)] = &c
		}
		cols = append(cols, c)
	}
	for _, k := range []int{0, 3} { // id, title
		want := checklistBaseColumns[k]
		if seen[want.key] == nil {
			return nil, cr.errAt(w.sheet, 1, nil, nil, "the header row has no %s (%s) column; the first row must hold the column headers as exported",
				want.zh, want.en)
		}
	}
	return cols, nil
}

// rows reads the requirement rows of sheet in one pass over its XML.
func (cr *checklistReader) rows(sheet string) ([]requirements.ImportRow, error) {
	w := cr.newWalk(sheet)
	var cols []readColumn
	out := []requirements.ImportRow{}
	byCol := map[int]sheetCell{}
	headerDone := false
	merges, err := w.walk(func(n int, cells []sheetCell) error {
		if !headerDone {
			headerDone = true
			var hdr []sheetCell
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
			byCol[c.col] = c
		}
		row := requirements.ImportRow{File: cr.file, Sheet: sheet, Row: n, Cells: make(map[string]requirements.ImportCell, len(cols))}
		empty := true
		for i := range cols {
			c := &cols[i]
			if c.key == "" {
				continue
			}
			cell := byCol[c.idx+1]
			if cell.formula {
				return cr.errAt(sheet, n, c, nil, "the cell holds a formula; formulas are not read back: type the value itself")
			}
			text := cell.text
			if strings.TrimSpace(text) != "" && c.key != "revision" && c.key != "moscow_suggested" {
				empty = false // a row whose visible cells were all cleared is empty, whatever the hidden columns hold
			}
			if !utf8.ValidString(text) {
				return cr.errAt(sheet, n, c, nil, "the text is not valid UTF-8")
			}
			if u := utf16Len(text); u > maxCellUnits {
				return cr.errAt(sheet, n, c, nil, "the text is %s characters long; a cell holds at most %s",
					groupDigits(u), groupDigits(maxCellUnits))
			}
			if normalizedInts[c.key] {
				text = normalizeInt(text)
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
		for c := m.col1; c <= m.col2; c++ {
			col := read[c]
			if col == nil {
				continue
			}
			if m.row1 == 1 {
				return nil, cr.errAt(sheet, 1, col, nil, "the header cells %s are merged; unmerge them so each column has its own header", m.ref)
			}
			return nil, cr.errAt(sheet, m.row1, col, nil, "the cells %s are merged; unmerge them and give each cell its own value", m.ref)
		}
	}
	return out, nil
}

// normalizeInt turns a whole number written with a decimal part ("5.0",
// " 5.00 ", "5E0") into its plain form ("5"); other text is returned as it is.
func normalizeInt(s string) string {
	t := strings.TrimSpace(s)
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return s
	}
	return strconv.FormatInt(int64(f), 10)
}

// sheetCell is one cell with a value or a formula.
type sheetCell struct {
	col     int // 1-based
	text    string
	formula bool
}

type mergeRange struct {
	ref        string
	col1, row1 int
	col2       int
}

// errStopWalk ends a walk early without an error.
var errStopWalk = errors.New("stop")

// sheetWalk reads one worksheet's XML in a single streaming pass, straight
// from the zip. It gives the same text as excelize's RawCellValue: shared and
// inline strings (runs joined, phonetic runs left out, _xHHHH_ escapes
// decoded), and every other type as its stored value (numbers as written,
// booleans 1/0). Unlike excelize's row iterator it also reports formulas and
// merged cells, skips empty rows without work, and treats any XML error
// (invalid UTF-8, truncation) as an error rather than the end of the sheet.
type sheetWalk struct {
	cr      *checklistReader
	sheet   string
	headers map[int]string // column → header text, for messages
}

func (cr *checklistReader) newWalk(sheet string) *sheetWalk {
	return &sheetWalk{cr: cr, sheet: sheet, headers: map[int]string{}}
}

func (w *sheetWalk) errAt(row, col int, err error, format string, args ...any) *ReadError {
	var c *readColumn
	if col > 0 {
		letter, _ := excelize.ColumnNumberToName(col)
		c = &readColumn{letter: letter, header: w.headers[col]}
	}
	return w.cr.errAt(w.sheet, row, c, err, format, args...)
}

// walk calls fn for each row that has a cell with text or a formula, in
// order, and returns the merged ranges. fn may return errStopWalk.
func (w *sheetWalk) walk(fn func(n int, cells []sheetCell) error) ([]mergeRange, error) {
	part, err := w.cr.sheetPart(w.sheet)
	if err != nil {
		return nil, w.errAt(0, 0, err, "%v", err)
	}
	rc, err := part.Open()
	if err != nil {
		return nil, w.errAt(0, 0, err, "cannot unpack it: %v", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, checklistMaxUnzip))
	var (
		merges           []mergeRange
		cells            []sheetCell
		row, col, depth  int
		inCell, formula  bool
		inV, inIS, inRPh bool
		inT              bool
		typ              string
		v, is            strings.Builder
	)
	xmlErr := func(e error) error {
		msg := e.Error()
		var se *xml.SyntaxError
		if errors.As(e, &se) {
			msg = se.Msg
		}
		c := 0
		if inCell {
			c = col
		}
		if strings.Contains(msg, "UTF-8") {
			return w.errAt(row, c, e, "the text is not valid UTF-8 (the file is damaged or was not saved by a spreadsheet program)")
		}
		return w.errAt(row, c, e, "the sheet is damaged: %s", msg)
	}
	endRow := func() error {
		if len(cells) == 0 {
			return nil
		}
		err := fn(row, cells)
		cells = cells[:0]
		return err
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth != 0 {
				return nil, xmlErr(errors.New("the sheet ends in the middle (the file is truncated)"))
			}
			break
		}
		if err != nil {
			return nil, xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "row":
				if err := endRow(); err != nil {
					return nil, stopOK(err)
				}
				next := row + 1
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n <= row || n > excelize.TotalRows {
						return nil, xmlErr(fmt.Errorf("row number %q is out of order or out of range", r))
					}
					next = n
				}
				row, col = next, 0
			case "c":
				if row == 0 {
					return nil, xmlErr(errors.New("a cell outside a row"))
				}
				inCell, formula, typ = true, false, attr(t, "t")
				v.Reset()
				is.Reset()
				next := col + 1
				if ref := attr(t, "r"); ref != "" {
					c, r, err := excelize.CellNameToCoordinates(ref)
					if err != nil || r != row || c <= col {
						return nil, xmlErr(fmt.Errorf("cell reference %q is out of place", ref))
					}
					next = c
				}
				if next > excelize.MaxColumns {
					return nil, xmlErr(errors.New("too many columns"))
				}
				col = next
			case "f":
				formula = formula || inCell
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "rPh":
				inRPh = true
			case "t":
				inT = inIS && !inRPh
			case "mergeCell":
				ref := attr(t, "ref")
				a, b, _ := strings.Cut(ref, ":")
				c1, r1, err1 := excelize.CellNameToCoordinates(a)
				c2, _, err2 := excelize.CellNameToCoordinates(b)
				if b == "" {
					c2, err2 = c1, nil
				}
				if err1 != nil || err2 != nil {
					return nil, xmlErr(fmt.Errorf("bad merged range %q", ref))
				}
				merges = append(merges, mergeRange{ref: ref, col1: min(c1, c2), row1: r1, col2: max(c1, c2)})
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "c":
				if inCell {
					text, err := w.cellText(typ, v.String(), is.String(), row, col)
					if err != nil {
						return nil, err
					}
					if text != "" || formula {
						cells = append(cells, sheetCell{col: col, text: text, formula: formula})
					}
				}
				inCell, inV, inIS, inT = false, false, false, false
			case "v":
				inV = false
			case "is":
				inIS = false
			case "rPh":
				inRPh = false
			case "t":
				inT = false
			case "sheetData":
				if err := endRow(); err != nil {
					return nil, stopOK(err)
				}
			}
		case xml.CharData:
			switch {
			case inV:
				v.Write(t)
			case inT:
				is.Write(t)
			}
		}
	}
	if err := endRow(); err != nil {
		return nil, stopOK(err)
	}
	return merges, nil
}

// stopOK turns errStopWalk into a nil error.
func stopOK(err error) error {
	if errors.Is(err, errStopWalk) {
		return nil
	}
	return err
}

// cellText is a cell's text as excelize's RawCellValue gives it.
func (w *sheetWalk) cellText(typ, v, is string, row, col int) (string, error) {
	switch typ {
	case "s":
		t := strings.TrimSpace(v)
		if t == "" {
			return "", nil
		}
		i, err := strconv.Atoi(t)
		if err != nil || i < 0 {
			return "", w.errAt(row, col, err, "the cell refers to shared string %q, which is not a number (the file is damaged)", t)
		}
		return w.cr.sharedString(w, i, row, col)
	case "inlineStr":
		return unescapeOOXML(is), nil
	}
	return v, nil
}

// sharedString returns shared string i, loading the table on first use.
func (cr *checklistReader) sharedString(w *sheetWalk, i, row, col int) (string, error) {
	if cr.sst < 0 {
		cr.loadSharedStrings()
	}
	if i < len(cr.strings) {
		return cr.strings[i], nil
	}
	if cr.sstBroken != nil {
		if strings.Contains(cr.sstBroken.Error(), "UTF-8") {
			return "", w.errAt(row, col, cr.sstBroken, "the text is not valid UTF-8 (the file is damaged or was not saved by a spreadsheet program)")
		}
		return "", w.errAt(row, col, cr.sstBroken, "the text cannot be read: the shared strings table is damaged: %v", cr.sstBroken)
	}
	return "", w.errAt(row, col, nil, "the cell refers to shared string %d, but the workbook has only %d (the file is damaged)", i+1, len(cr.strings))
}

// loadSharedStrings reads the shared strings table. If part of it cannot be
// read, the strings before the damage are kept and sstBroken says why; only
// a cell that shows a lost string is an error.
func (cr *checklistReader) loadSharedStrings() {
	cr.sst = 0
	name := "xl/sharedStrings.xml"
	if rels, err := cr.relationships(cr.workbookRelsPath()); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/sharedStrings") {
				name = cr.resolve(r.target)
			}
		}
	}
	zf := cr.zipFile(name)
	if zf == nil {
		return
	}
	rc, err := zf.Open()
	if err != nil {
		cr.sstBroken = err
		return
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, checklistMaxUnzip))
	var (
		b             strings.Builder
		inSI, inT     bool
		inRPh, closed bool
		depth         int
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth != 0 && !closed {
				cr.sstBroken = errors.New("the shared strings table ends in the middle (the file is truncated)")
			}
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				err = errors.New(se.Msg)
			}
			cr.sstBroken = err
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "si":
				inSI = true
				b.Reset()
			case "rPh":
				inRPh = true
			case "t":
				inT = inSI && !inRPh
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "si":
				if inSI {
					cr.strings = append(cr.strings, unescapeOOXML(b.String()))
				}
				inSI = false
			case "rPh":
				inRPh = false
			case "t":
				inT = false
			case "sst":
				closed = true
			}
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		}
	}
	cr.sst = len(cr.strings)
}

// unescapeOOXML decodes the _xHHHH_ escapes OOXML uses for characters XML
// cannot carry (_x000D_ is a CR; _x005F_ an underscore), as excelize does.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			break
		}
		hex := s[i+2 : i+6]
		n, err := strconv.ParseUint(hex, 16, 16)
		if err != nil || s[i+6] != '_' {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		if n == 0x5F {
			b.WriteByte('_')
		} else {
			b.WriteRune(rune(n))
		}
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// workbookPath is the workbook part, as _rels/.rels names it.
func (cr *checklistReader) workbookPath() string {
	if rels, err := cr.relationships("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				return strings.TrimPrefix(r.target, "/")
			}
		}
	}
	return "xl/workbook.xml"
}

func (cr *checklistReader) workbookRelsPath() string {
	dir, base := path.Split(cr.workbookPath())
	return dir + "_rels/" + base + ".rels"
}

// resolve turns a relationship target of the workbook into a part name.
func (cr *checklistReader) resolve(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(cr.workbookPath()), target)
}

// sheetPart finds the zip entry of a worksheet through the workbook's
// relationships.
func (cr *checklistReader) sheetPart(sheet string) (*zip.File, error) {
	var wb struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := cr.decodePart(cr.workbookPath(), &wb); err != nil {
		return nil, err
	}
	id := ""
	for _, s := range wb.Sheets {
		if s.Name == sheet {
			for _, a := range s.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
		}
	}
	rels, err := cr.relationships(cr.workbookRelsPath())
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		if r.id != id || id == "" {
			continue
		}
		target := cr.resolve(r.target)
		if zf := cr.zipFile(target); zf != nil {
			return zf, nil
		}
		return nil, fmt.Errorf("the workbook names the part %s for this sheet, but the file has no such part", target)
	}
	return nil, errors.New("the workbook does not say where this sheet's data is (the file is damaged)")
}

type relationship struct{ id, typ, target string }

func (cr *checklistReader) relationships(name string) ([]relationship, error) {
	var x struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := cr.decodePart(name, &x); err != nil {
		return nil, err
	}
	out := make([]relationship, len(x.Rels))
	for i, r := range x.Rels {
		out[i] = relationship{r.ID, r.Type, r.Target}
	}
	return out, nil
}

func (cr *checklistReader) zipFile(name string) *zip.File {
	for _, zf := range cr.zr.File {
		if zf.Name == name {
			return zf
		}
	}
	for _, zf := range cr.zr.File {
		if strings.EqualFold(zf.Name, name) {
			return zf
		}
	}
	return nil
}

func (cr *checklistReader) decodePart(name string, v any) error {
	zf := cr.zipFile(name)
	if zf == nil {
		return fmt.Errorf("the file has no %s part", name)
	}
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("cannot unpack %s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, checklistMaxXML)).Decode(v); err != nil {
		return fmt.Errorf("%s is damaged: %w", name, err)
	}
	return nil
}
