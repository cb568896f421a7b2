package plan

// Cell helpers for the plan's workbooks (excelize v2.11.1), on top of
// report/xlsx: user text is a string cell (never a formula), checked by
// xlsx.TextProblem, and text that starts like a formula gets the quotePrefix
// twin of its style (xlsx.FormulaLike, Styles.AddQuotePrefixTwin), so Excel
// keeps it text when someone edits the cell. The plan's sheets have styles of
// their own (section titles, bordered cells, RAG fills), made here.

import (
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	rx "github.com/crmflow/crmflow/report/xlsx"
)

// book is one workbook being written, with its styles.
type book struct {
	f      *excelize.File
	st     *rx.Styles
	quoted map[int]int // style → its quotePrefix twin

	title, sub, header, text, wrap, number, bold, note int
	rag                                                map[string]int // RAG fill by color
}

func newBook() (*book, error) {
	f := excelize.NewFile()
	st, err := rx.NewStyles(f)
	if err != nil {
		return nil, err
	}
	b := &book{f: f, st: st, quoted: map[int]int{}, rag: map[string]int{}}
	border := []excelize.Border{{Type: "left", Color: "9BA5B4", Style: 1}, {Type: "right", Color: "9BA5B4", Style: 1},
		{Type: "top", Color: "9BA5B4", Style: 1}, {Type: "bottom", Color: "9BA5B4", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	defs := []struct {
		id *int
		s  excelize.Style
	}{
		{&b.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 15}, NumFmt: rx.NumFmtText}},
		{&b.sub, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F4E79"}, NumFmt: rx.NumFmtText}},
		{&b.header, excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, NumFmt: rx.NumFmtText, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&b.text, excelize.Style{Alignment: top, NumFmt: rx.NumFmtText, Border: border}},
		{&b.wrap, excelize.Style{Alignment: top, NumFmt: rx.NumFmtText}},
		{&b.note, excelize.Style{Font: &excelize.Font{Color: "374151"}, NumFmt: rx.NumFmtText}},
		{&b.number, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}, Border: border}},
		{&b.bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top, NumFmt: rx.NumFmtText, Border: border}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.s)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	for _, c := range []string{ragColor("green"), ragColor("amber"), ragColor("red")} {
		id, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, NumFmt: rx.NumFmtText, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
		if err != nil {
			return nil, err
		}
		b.rag[c] = id
	}
	for _, base := range []int{b.title, b.sub, b.header, b.text, b.wrap, b.bold, b.note} {
		q, err := b.st.AddQuotePrefixTwin(base)
		if err != nil {
			return nil, err
		}
		b.quoted[base] = q
	}
	return b, nil
}

// sheet writes one worksheet cell by cell and remembers column widths.
type sheet struct {
	b     *book
	name  string
	width []int
}

func (b *book) sheet(name string, first bool) (*sheet, error) {
	if first {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	return &sheet{b: b, name: name}, nil
}

func (s *sheet) see(col int, text string, limit int) {
	for len(s.width) < col {
		s.width = append(s.width, 0)
	}
	w := 0
	for line := range strings.Lines(text) {
		w = max(w, runewidth.StringWidth(strings.TrimRight(line, "\r\n")))
	}
	s.width[col-1] = max(s.width[col-1], min(w, limit))
}

// text writes user or fixed text at (col, row), 1-based, as a string cell.
func (s *sheet) text(col, row int, v string, style int) error {
	s.see(col, v, 50)
	axis, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if v != "" {
		if p := rx.TextProblem(v); p != "" {
			return fmt.Errorf("sheet %s, cell %s: %s", s.name, axis, p)
		}
		if err := s.b.f.SetCellStr(s.name, axis, v); err != nil {
			return err
		}
		if rx.FormulaLike(v) {
			if q, ok := s.b.quoted[style]; ok {
				style = q
			}
		}
	}
	return s.b.f.SetCellStyle(s.name, axis, axis, style)
}

// num writes a number at (col, row).
func (s *sheet) num(col, row int, n float64, style int) error {
	s.see(col, fmt.Sprint(n), 50)
	axis, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := s.b.f.SetCellFloat(s.name, axis, n, -1, 64); err != nil {
		return err
	}
	return s.b.f.SetCellStyle(s.name, axis, axis, style)
}

// row writes texts from column 1.
func (s *sheet) row(row int, style int, texts ...string) error {
	for i, t := range texts {
		if err := s.text(i+1, row, t, style); err != nil {
			return err
		}
	}
	return nil
}

// widths sets each column from its widest text, between lo and hi.
func (s *sheet) widths(lo, hi int) error {
	for i, w := range s.width {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := s.b.f.SetColWidth(s.name, name, name, float64(min(max(w+2, lo), hi))); err != nil {
			return err
		}
	}
	return nil
}

// Paper sizes (ECMA-376 paperSize).
const (
	paperA4 = rx.PaperA4
	paperA3 = rx.PaperA3
)

// printSetup makes the sheet print landscape on paper, one page wide, with
// rows 1..titleRows repeated on every page and a header and footer naming
// the project, the document and the page (report/xlsx.Print).
func (s *sheet) printSetup(paper int, titleRows int, project, document string, lang crmflow.Lang) error {
	return rx.Print(s.b.f, s.name, rx.Page{Lang: lang, Project: project, Document: document, Paper: paper, TitleRows: titleRows})
}
