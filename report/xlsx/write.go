// Package xlsx holds what every workbook crmflow writes or reads shares:
// styles and the one formula-safe path user text takes into a cell, sheet
// names, widths and ranges (write.go), and the streaming OOXML reader that
// opens an outside workbook within limits and walks its sheets (read.go).
package xlsx

// Helpers shared by the workbooks crmflow writes (excelize v2.11.1).
//
// Every piece of user text goes through one path, (*Styles).cellText: it
// is stored as a string cell (never through SetCellFormula, so never a
// formula), checked against what a cell can hold (32,767 UTF-16 units, valid
// UTF-8, characters XML 1.0 can carry) and, when it starts like a formula
// (= + - @ tab CR), styled with quotePrefix so that Excel keeps it text when
// someone edits the cell.
//
// excelize's Style has no QuotePrefix option (only its internal xf record
// does), so NewStyles copies each text style's xf record with
// quotePrefix="1" set, through the exported File.Styles field. The text styles
// also carry the text number format "@", so whatever a person types into those
// columns, existing or new rows, stays text in Excel, WPS and LibreOffice.

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/crmflow/crmflow/report"
	"github.com/xuri/excelize/v2"
)

// Workbook limits (Excel's; WPS and LibreOffice use the same).
const (
	MaxCellUnits  = excelize.TotalCellChars // UTF-16 code units in one cell
	MaxSheetUnits = excelize.MaxSheetNameLength
	MaxColWidth   = 60 // the widest column width we set, in character widths
	MinColWidth   = 6
	NumFmtText    = 49 // the built-in number format "@" (text)
)

// The hidden sheets of every workbook crmflow writes: the dropdown lists,
// and what the workbook is (kind, format version, project, export time).
const (
	ListsSheet = "_lists"
	MetaSheet  = "_crmflow"
)

// TextProblem says why s cannot be stored in a cell exactly as it is, or
// returns "". A cell holds at most 32,767 UTF-16 units (excelize would cut
// longer text without an error) and only characters XML 1.0 allows (excelize
// would turn the others into U+FFFD).
func TextProblem(s string) string {
	units := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
				return fmt.Sprintf("the text holds the control character U+%04X, which a workbook cannot store", b)
			}
			units++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return "the text is not valid UTF-8"
		case r == 0xFFFE || r == 0xFFFF:
			return fmt.Sprintf("the text holds the noncharacter U+%04X, which a workbook cannot store", r)
		case r > 0xFFFF:
			units += 2
		default:
			units++
		}
		i += size
	}
	if units > MaxCellUnits {
		return fmt.Sprintf("the text is %s characters (UTF-16 units) long; a cell holds at most %s, and crmflow does not cut text",
			GroupDigits(units), GroupDigits(MaxCellUnits))
	}
	return ""
}

// UTF16Len counts s in UTF-16 code units, the way Excel counts characters.
func UTF16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// GroupDigits writes n with thousands separators: 32767 → "32,767".
func GroupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + GroupDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// FormulaLike reports whether s starts with something a spreadsheet takes as
// the start of a formula when it is typed or pasted: = + - @ tab or CR (OWASP),
// and their full-width forms, which a Chinese IME produces.
func FormulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r == '＝' || r == '＋' || r == '－' || r == '＠'
}

// Styles holds the style IDs of one workbook, created once.
type Styles struct {
	f *excelize.File

	Title, Header, Label, Text, Wrap, Number, Suggested, Hint int
	// quoted maps a text style to its twin with quotePrefix="1".
	quoted map[int]int
}

func NewStyles(f *excelize.File) (*Styles, error) {
	st := &Styles{f: f, quoted: map[int]int{}}
	border := []excelize.Border{{Type: "left", Color: "9BA5B4", Style: 1}, {Type: "right", Color: "9BA5B4", Style: 1},
		{Type: "top", Color: "9BA5B4", Style: 1}, {Type: "bottom", Color: "9BA5B4", Style: 1}}
	top := &excelize.Alignment{Vertical: "top"}
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&st.Title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, NumFmt: NumFmtText}},
		{&st.Header, excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, NumFmt: NumFmtText, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.Label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top, NumFmt: NumFmtText}},
		{&st.Text, excelize.Style{Alignment: top, NumFmt: NumFmtText}},
		{&st.Wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, NumFmt: NumFmtText}},
		{&st.Number, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&st.Suggested, excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}, Alignment: top, NumFmt: NumFmtText}},
		{&st.Hint, excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, NumFmt: NumFmtText}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("workbook style: %w", err)
		}
		*d.id = id
	}
	for _, base := range []int{st.Title, st.Header, st.Label, st.Text, st.Wrap, st.Suggested, st.Hint} {
		q, err := st.AddQuotePrefixTwin(base)
		if err != nil {
			return nil, err
		}
		st.quoted[base] = q
	}
	return st, nil
}

// AddQuotePrefixTwin appends a copy of the cell format base with
// quotePrefix="1" (the flag Excel sets when a person types a leading ') and
// returns its ID. excelize exposes no option for it, and its NewStyle would
// return base again for an equal Style, so the record is copied directly.
func (st *Styles) AddQuotePrefixTwin(base int) (int, error) {
	return QuotePrefixTwin(st.f, base)
}

// QuotePrefixTwin is AddQuotePrefixTwin for a workbook with styles of its own.
func QuotePrefixTwin(f *excelize.File, base int) (int, error) {
	s := f.Styles
	if s == nil || s.CellXfs == nil || base < 0 || base >= len(s.CellXfs.Xf) {
		return 0, errors.New("workbook style: cannot find the cell format to add quotePrefix to")
	}
	xf := s.CellXfs.Xf[base]
	on := true
	xf.QuotePrefix = &on
	s.CellXfs.Xf = append(s.CellXfs.Xf, xf)
	s.CellXfs.Count = len(s.CellXfs.Xf)
	return len(s.CellXfs.Xf) - 1, nil
}

// CellText is the one path user text takes into a workbook: a string cell in
// style (or its quotePrefix twin when the text starts like a formula). The
// error says what is wrong with the text; callers add which record and field.
func (st *Styles) CellText(s string, style int) (excelize.Cell, error) {
	if p := TextProblem(s); p != "" {
		return excelize.Cell{}, errors.New(p)
	}
	if FormulaLike(s) {
		if q, ok := st.quoted[style]; ok {
			style = q
		}
	}
	return excelize.Cell{StyleID: style, Value: s}, nil
}

// Grid writes small sheets cell by cell through the normal (non-stream) API.
type Grid struct {
	F     *excelize.File
	St    *Styles
	Sheet string
	Fit   WidthFit
}

func NewGrid(f *excelize.File, st *Styles, sheet string) *Grid {
	return &Grid{F: f, St: st, Sheet: sheet}
}

// Text writes user or fixed text at (col, row), 1-based; where names the
// record for an error message.
func (g *Grid) Text(col, row int, s string, style int, where string) error {
	g.Fit.See(col, s)
	if s == "" {
		return g.StyleOnly(col, row, style)
	}
	c, err := g.St.CellText(s, style)
	if err != nil {
		return fmt.Errorf("sheet %s, %s: %w", g.Sheet, where, err)
	}
	axis, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := g.F.SetCellStr(g.Sheet, axis, s); err != nil {
		return err
	}
	return g.F.SetCellStyle(g.Sheet, axis, axis, c.StyleID)
}

// Num writes a number at (col, row).
func (g *Grid) Num(col, row, n int, style int) error {
	g.Fit.See(col, fmt.Sprint(n))
	axis, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := g.F.SetCellInt(g.Sheet, axis, int64(n)); err != nil {
		return err
	}
	return g.F.SetCellStyle(g.Sheet, axis, axis, style)
}

// StyleOnly styles an empty cell.
func (g *Grid) StyleOnly(col, row, style int) error {
	axis, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	return g.F.SetCellStyle(g.Sheet, axis, axis, style)
}

// Widths sets every seen column's width from its widest text.
func (g *Grid) Widths() error {
	for i, w := range g.Fit {
		if w == 0 {
			continue
		}
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := g.F.SetColWidth(g.Sheet, name, name, ColWidth(w)); err != nil {
			return err
		}
	}
	return nil
}

// WidthFit tracks the widest display width seen per column (index col-1).
type WidthFit []int

func (w *WidthFit) See(col int, s string) {
	for len(*w) < col {
		*w = append(*w, 0)
	}
	if d := report.DisplayWidth(s, MaxColWidth); d > (*w)[col-1] {
		(*w)[col-1] = d
	}
}

// SeeHeader is See for a bold header label, which takes more room than
// body text of the same length ("MoSCoW" must not wrap to "MoSCo/W").
func (w *WidthFit) SeeHeader(col int, s string) {
	w.See(col, "")
	if d := headerWidth(s); d > (*w)[col-1] {
		(*w)[col-1] = d
	}
}

// headerWidth is the display width a bold header label needs.
func headerWidth(s string) int {
	d := 0
	for _, l := range strings.Split(s, "\n") {
		d = max(d, report.DisplayWidth(l, MaxColWidth))
	}
	return min(MaxColWidth, (d*5+3)/4)
}

// HeaderLines is how many lines a bold header label takes in a column
// width characters wide.
func HeaderLines(s string, width int) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n += max(1, (headerWidth(l)+width-3)/max(1, width-2))
	}
	return n
}

// LinePoints is the height of one line of body text, in points, with the
// line spacing of the CJK fallback faces LibreOffice uses.
const LinePoints = 15.5

// MaxRowHeight is the tallest row Excel allows, in points.
const MaxRowHeight = excelize.MaxRowHeight

// RowHeight is the height, in points, of a row lines lines tall, at most
// MaxRowHeight (a longer cell scrolls on screen and is cut on paper).
func RowHeight(lines int) float64 {
	return min(float64(max(1, lines))*LinePoints+3, MaxRowHeight)
}

// ColWidth turns a display width into an Excel column width: some padding,
// at least MinColWidth, at most MaxColWidth (long text wraps).
func ColWidth(display int) float64 {
	w := display + 2
	if w < MinColWidth {
		w = MinColWidth
	}
	if w > MaxColWidth {
		w = MaxColWidth
	}
	return float64(w)
}

// SheetName makes s a valid, distinct sheet name: it drops the characters
// Excel forbids (: \ / ? * [ ]), trims quotes at both ends, cuts the name to
// 31 UTF-16 units and, because names match case-insensitively, appends " (2)",
// " (3)"… when taken already holds it. taken is updated.
func SheetName(s string, taken map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return -1
		case '\n', '\r', '\t':
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "'"))
	if s == "" {
		s = "Sheet"
	}
	base := CutUTF16(s, MaxSheetUnits)
	name := base
	for n := 2; taken[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		name = strings.TrimRight(CutUTF16(base, MaxSheetUnits-len(suffix)), "'") + suffix
	}
	if taken != nil {
		taken[strings.ToLower(name)] = true
	}
	return name
}

// CutUTF16 cuts s to at most n UTF-16 units, at a rune boundary.
func CutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > n {
			return s[:i]
		}
		units += u
	}
	return s
}

// QuoteSheet quotes a sheet name for a formula reference, doubling each
// single quote inside it.
func QuoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// AbsRange is an absolute reference to a block on sheet: 'S'!$A$1:$A$9.
func AbsRange(sheet string, col1, row1, col2, row2 int) string {
	c1, _ := excelize.ColumnNumberToName(col1)
	c2, _ := excelize.ColumnNumberToName(col2)
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", QuoteSheet(sheet), c1, row1, c2, row2)
}

// CellRange is a relative range such as B2:B501.
func CellRange(col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1)
	b, _ := excelize.CoordinatesToCellName(col2, row2)
	return a + ":" + b
}

// HideSheet hides sheet and checks that it is hidden: excelize silently keeps
// the active sheet and the last visible one visible.
func HideSheet(f *excelize.File, sheet string) error {
	if err := f.SetSheetVisible(sheet, false); err != nil {
		return err
	}
	visible, err := f.GetSheetVisible(sheet)
	if err != nil {
		return err
	}
	if visible {
		return fmt.Errorf("workbook: could not hide sheet %s", sheet)
	}
	return nil
}

// CellLines estimates how many lines s takes in a column of Excel width
// width, wrapped. A column's width counts digits of the default font; a
// CJK character prints narrower than two of them in the faces readers use,
// and Latin text narrower than one digit a letter, so WrappedLines (two and
// one) is given a little more room than the width, and a cell is still never
// clipped.
func CellLines(s string, width float64) int {
	return WrappedLines(s, max(1, int(width*1.15)-2))
}

// WrappedLines estimates how many lines s takes in a column width characters
// wide (CJK characters count two), so a row can be made tall enough that
// wrapped text is not clipped on screen or on the printed page.
func WrappedLines(s string, width int) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n += max(1, (report.DisplayWidth(l, 1<<20)+width-1)/width)
	}
	return n
}
