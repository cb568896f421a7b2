package xlsx

// Reading workbooks that come from outside (see checklist.Read and
// questionnaire.Read for the two kinds crmflow reads back).
//
// A workbook was edited in Excel, WPS or LibreOffice, or anything else
// produced it. So Open refuses files over 64 MiB and opens the workbook with
// excelize.OpenReader limited to 64 MiB unpacked in all (16 MiB per part in
// memory), so a zip bomb is refused before it is unpacked. A sheet is read in
// one streaming pass of its XML (SheetWalk), where a row without values costs
// a few tokens and no memory: a million empty rows take about a second, and a
// row of data after them is still read, never dropped. The walk refuses
// invalid UTF-8 and truncated XML, naming the cell. (excelize's own row
// iterator takes an XML error as the end of the sheet and silently drops the
// rest, and does not report formulas or merged cells; that is why the pass is
// our own.)
//
// Errors are *report.ReadError values: "requirements.xlsx: sheet 需求清单, row 14,
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

	"github.com/crmflow/crmflow/report"
	"github.com/xuri/excelize/v2"
)

// Limits on a workbook Open reads.
const (
	MaxFile  = 64 << 20 // bytes of .xlsx
	MaxUnzip = 64 << 20 // bytes unpacked in all
	MaxXML   = 16 << 20 // a part larger than this is unpacked to a temporary file
	MaxRows  = 100_000  // rows with content read from one sheet
)

// maxRows is MaxRows, lowered by tests so that a sheet over the cap is
// quick to build.
var maxRows = MaxRows

// Open reads an .xlsx from outside within the limits above and
// returns a reader of its sheets. Any problem is a *report.ReadError naming file.
func Open(file string, r io.Reader, size int64) (*Workbook, error) {
	fileErr := func(err error, format string, args ...any) error {
		return &report.ReadError{File: file, Msg: fmt.Sprintf(format, args...), Err: err}
	}
	if size > MaxFile {
		return nil, fileErr(nil, "the file is %s bytes; the limit is %s", GroupDigits(int(size)), GroupDigits(MaxFile))
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, fileErr(err, "cannot read it: %v", err)
	}
	if len(data) > MaxFile {
		return nil, fileErr(nil, "the file is over %s bytes, the limit", GroupDigits(MaxFile))
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
	cr := &Workbook{file: file, zr: zr, sst: -1}
	if cr.zipFile(cr.workbookPath()) == nil {
		return nil, fileErr(nil, "not an .xlsx workbook: the zip archive holds no workbook (%s)", cr.workbookPath())
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxUnzip, UnzipXMLSizeLimit: MaxXML})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, fileErr(err, "the workbook unpacks to more than %d MiB; crmflow does not read it", MaxUnzip>>20)
		}
		return nil, fileErr(err, "not a readable .xlsx workbook: %v", err)
	}
	cr.sheets = f.GetSheetList()
	if err := f.Close(); err != nil {
		return nil, fileErr(err, "%v", err)
	}
	return cr, nil
}

type Workbook struct {
	file   string
	zr     *zip.Reader
	sheets []string

	sst       int      // shared strings: -1 not loaded yet, else how many loaded
	strings   []string // the shared strings table
	sstBroken error    // why strings from index sst on could not be read
}

// ErrAt builds a *report.ReadError; col may be nil.
func (cr *Workbook) ErrAt(sheet string, row int, col *Column, err error, format string, args ...any) *report.ReadError {
	e := &report.ReadError{File: cr.file, Sheet: sheet, Row: row, Msg: fmt.Sprintf(format, args...), Err: err}
	if col != nil {
		e.Column, e.Header = col.Letter, strings.TrimSpace(col.Header)
	}
	return e
}

// NormalizeInt turns a whole number written with a decimal part ("5.0",
// " 5.00 ", "5E0") into its plain form ("5"); other text is returned as it is.
func NormalizeInt(s string) string {
	t := strings.TrimSpace(s)
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return s
	}
	return strconv.FormatInt(int64(f), 10)
}

// Cell is one cell with a value or a formula.
type Cell struct {
	Col     int // 1-based
	Text    string
	Formula bool
}

// Merge is a merged range: its reference and its first row and columns.
type Merge struct {
	Ref        string
	Col1, Row1 int
	Col2       int
}

// Column names a column in an error: its letter and header text.
type Column struct {
	Letter string // "G"
	Header string // as it stands in the file
}

// ErrStop ends a walk early without an error.
var ErrStop = errors.New("stop")

// SheetWalk reads one worksheet's XML in a single streaming pass, straight
// from the zip. It gives the same text as excelize's RawCellValue: shared and
// inline strings (runs joined, phonetic runs left out, _xHHHH_ escapes
// decoded), and every other type as its stored value (numbers as written,
// booleans 1/0). Unlike excelize's row iterator it also reports formulas and
// merged cells, skips empty rows without work, and treats any XML error
// (invalid UTF-8, truncation) as an error rather than the end of the sheet.
type SheetWalk struct {
	cr      *Workbook
	Sheet   string
	Headers map[int]string // column → header text, for messages
}

// NewWalk starts a pass over sheet.
func (cr *Workbook) NewWalk(sheet string) *SheetWalk {
	return &SheetWalk{cr: cr, Sheet: sheet, Headers: map[int]string{}}
}

// ErrAt builds a *report.ReadError about a cell of the sheet; col 0 is the whole row.
func (w *SheetWalk) ErrAt(row, col int, err error, format string, args ...any) *report.ReadError {
	var c *Column
	if col > 0 {
		letter, _ := excelize.ColumnNumberToName(col)
		c = &Column{Letter: letter, Header: w.Headers[col]}
	}
	return w.cr.ErrAt(w.Sheet, row, c, err, format, args...)
}

// Walk calls fn for each row that has a cell with text or a formula, in
// order, and returns the merged ranges. fn may return ErrStop.
func (w *SheetWalk) Walk(fn func(n int, cells []Cell) error) ([]Merge, error) {
	part, err := w.cr.sheetPart(w.Sheet)
	if err != nil {
		return nil, w.ErrAt(0, 0, err, "%v", err)
	}
	rc, err := part.Open()
	if err != nil {
		return nil, w.ErrAt(0, 0, err, "cannot unpack it: %v", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, MaxUnzip))
	var (
		merges           []Merge
		cells            []Cell
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
			return w.ErrAt(row, c, e, "the text is not valid UTF-8 (the file is damaged or was not saved by a spreadsheet program)")
		}
		return w.ErrAt(row, c, e, "the sheet is damaged: %s", msg)
	}
	rows := 0
	endRow := func() error {
		if len(cells) == 0 {
			return nil
		}
		// A workbook under the unpack cap can still hold a million tiny
		// rows; past the cap the reader stops, so time, memory and the
		// errors a caller collects stay bounded.
		if rows++; rows > maxRows {
			return w.ErrAt(0, 0, nil, "the sheet has more than %s rows with data, the most crmflow reads from one sheet; split it into smaller files", GroupDigits(maxRows))
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
				merges = append(merges, Merge{Ref: ref, Col1: min(c1, c2), Row1: r1, Col2: max(c1, c2)})
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
						cells = append(cells, Cell{Col: col, Text: text, Formula: formula})
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

// stopOK turns ErrStop into a nil error.
func stopOK(err error) error {
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// cellText is a cell's text as excelize's RawCellValue gives it.
func (w *SheetWalk) cellText(typ, v, is string, row, col int) (string, error) {
	switch typ {
	case "s":
		t := strings.TrimSpace(v)
		if t == "" {
			return "", nil
		}
		i, err := strconv.Atoi(t)
		if err != nil || i < 0 {
			return "", w.ErrAt(row, col, err, "the cell refers to shared string %q, which is not a number (the file is damaged)", t)
		}
		return w.cr.sharedString(w, i, row, col)
	case "inlineStr":
		return unescapeOOXML(is), nil
	}
	return v, nil
}

// sharedString returns shared string i, loading the table on first use.
func (cr *Workbook) sharedString(w *SheetWalk, i, row, col int) (string, error) {
	if cr.sst < 0 {
		cr.loadSharedStrings()
	}
	if i < len(cr.strings) {
		return cr.strings[i], nil
	}
	if cr.sstBroken != nil {
		if strings.Contains(cr.sstBroken.Error(), "UTF-8") {
			return "", w.ErrAt(row, col, cr.sstBroken, "the text is not valid UTF-8 (the file is damaged or was not saved by a spreadsheet program)")
		}
		return "", w.ErrAt(row, col, cr.sstBroken, "the text cannot be read: the shared strings table is damaged: %v", cr.sstBroken)
	}
	return "", w.ErrAt(row, col, nil, "the cell refers to shared string %d, but the workbook has only %d (the file is damaged)", i+1, len(cr.strings))
}

// loadSharedStrings reads the shared strings table. If part of it cannot be
// read, the strings before the damage are kept and sstBroken says why; only
// a cell that shows a lost string is an error.
func (cr *Workbook) loadSharedStrings() {
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
	d := xml.NewDecoder(io.LimitReader(rc, MaxUnzip))
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
func (cr *Workbook) workbookPath() string {
	if rels, err := cr.relationships("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				return strings.TrimPrefix(r.target, "/")
			}
		}
	}
	return "xl/workbook.xml"
}

func (cr *Workbook) workbookRelsPath() string {
	dir, base := path.Split(cr.workbookPath())
	return dir + "_rels/" + base + ".rels"
}

// resolve turns a relationship target of the workbook into a part name.
func (cr *Workbook) resolve(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(cr.workbookPath()), target)
}

// sheetPart finds the zip entry of a worksheet through the workbook's
// relationships.
func (cr *Workbook) sheetPart(sheet string) (*zip.File, error) {
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

func (cr *Workbook) relationships(name string) ([]relationship, error) {
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

func (cr *Workbook) zipFile(name string) *zip.File {
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

func (cr *Workbook) decodePart(name string, v any) error {
	zf := cr.zipFile(name)
	if zf == nil {
		return fmt.Errorf("the file has no %s part", name)
	}
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("cannot unpack %s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, MaxXML)).Decode(v); err != nil {
		return fmt.Errorf("%s is damaged: %w", name, err)
	}
	return nil
}

// File is the name the workbook was opened under, for messages.
func (cr *Workbook) File() string { return cr.file }

// Sheets are the workbook's sheet names, in order.
func (cr *Workbook) Sheets() []string { return cr.sheets }

// KeyValues reads a two-column key/value sheet (the hidden meta sheet), if
// there is one, matching its name in any case; it returns the sheet's name
// ("" when missing). Only the first 100 rows are read.
func (cr *Workbook) KeyValues(name string) (map[string]string, string, error) {
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
	_, err := cr.NewWalk(sheet).Walk(func(n int, cells []Cell) error {
		if n > 100 {
			return ErrStop
		}
		var k, v string
		for _, c := range cells {
			switch c.Col {
			case 1:
				k = strings.TrimSpace(c.Text)
			case 2:
				v = c.Text
			}
		}
		if k != "" {
			kv[k] = v
		}
		return nil
	})
	return kv, sheet, err
}
