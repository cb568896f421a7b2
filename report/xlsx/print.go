package xlsx

// How every sheet crmflow writes prints, and the one font its cells use.
//
// A sheet that is read on paper gets Print: A4, landscape unless it is
// narrow, scaled to one page wide with the height free, margins, rows (and
// columns) repeated on every page, a header naming the project and the
// document and a footer with the page number. Sheets written with the
// StreamWriter must call Print before NewStreamWriter: the stream writes the
// sheet's XML from what is set when it starts.

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
)

// Paper sizes (ECMA-376 paperSize).
const (
	PaperA4 = 9
	PaperA3 = 8
)

// Page is how one sheet prints.
type Page struct {
	Lang     crmflow.Lang
	Project  string // in the header, left
	Document string // in the header, right, and the footer, left
	Portrait bool   // landscape unless set
	Paper    int    // PaperA4 unless set
	// TitleRows repeats rows 1..TitleRows on every page (0: none);
	// TitleCols repeats columns 1..TitleCols.
	TitleRows, TitleCols int
	// Across lets a sheet too wide to shrink onto one page (one column per
	// question) run across pages at full size, its TitleCols repeated on
	// each, instead of one page wide.
	Across bool
	// Area, when set, is the print area (A1:H40): what lies outside it, a
	// chart's data or a spill-over legend, is not printed.
	Area string
}

// Print sets up sheet to print as p says.
func Print(f *excelize.File, sheet string, p Page) error {
	orient := "landscape"
	if p.Portrait {
		orient = "portrait"
	}
	paper := p.Paper
	if paper == 0 {
		paper = PaperA4
	}
	one, zero := 1, 0
	on := !p.Across
	if p.Across {
		one = 0
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &paper, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &on}); err != nil {
		return err
	}
	m, tb, hf := 0.4, 0.6, 0.25 // inches: room for the header and footer
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &tb, Bottom: &tb,
		Header: &hf, Footer: &hf}); err != nil {
		return err
	}
	var titles []string
	if p.TitleCols > 0 {
		c, err := excelize.ColumnNumberToName(p.TitleCols)
		if err != nil {
			return err
		}
		titles = append(titles, fmt.Sprintf("%s!$A:$%s", QuoteSheet(sheet), c))
	}
	if p.TitleRows > 0 {
		titles = append(titles, fmt.Sprintf("%s!$1:$%d", QuoteSheet(sheet), p.TitleRows))
	}
	if len(titles) > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: strings.Join(titles, ",")}); err != nil {
			return err
		}
	}
	if p.Area != "" {
		a, b, _ := strings.Cut(strings.ReplaceAll(p.Area, "$", ""), ":")
		col1, row1, err := excelize.CellNameToCoordinates(a)
		if err != nil {
			return err
		}
		col2, row2, err := excelize.CellNameToCoordinates(b)
		if err != nil {
			return err
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheet,
			RefersTo: AbsRange(sheet, col1, row1, col2, row2)}); err != nil {
			return err
		}
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + HeaderText(p.Project, 100) + "&R" + HeaderText(p.Document, 80),
		OddFooter: "&L" + HeaderText(p.Document, 80) + "&R" + PageNumber(p.Lang),
	})
}

// PageNumber is the footer's page number: 第 &P 页，共 &N 页 / Page &P of &N.
func PageNumber(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return "Page &P of &N"
	}
	return "第 &P 页，共 &N 页"
}

// HeaderText makes user text safe inside a header or footer: "&" starts a
// code there, so it is doubled; white space folds to single spaces; the text
// is cut so that the whole stays under Excel's 255 characters.
func HeaderText(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}

// FontFamily is the one font every cell of a workbook in lang uses. Both
// come with Office and WPS; a reader without them (LibreOffice on Linux)
// substitutes a sans-serif face, and for Chinese text its CJK sans fallback.
func FontFamily(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return "Calibri"
	}
	return "Microsoft YaHei"
}

// fontCharset is the font's character set: GB2312 for Chinese workbooks, so
// that Excel picks the face's Chinese glyphs; ANSI otherwise.
func fontCharset(lang crmflow.Lang) int {
	if lang == crmflow.LangEN {
		return 0
	}
	return 134
}

// FontSize is the body text size, in points.
const FontSize = 11

// SetFonts gives every font record of f that has no face or size the
// workbook's family, size and character set, the default font included. A
// style made with a Font but no Family (bold headers, grey hints) would
// otherwise carry no face, and LibreOffice falls back to a serif. Call it
// after the last NewStyle, before writing.
func SetFonts(f *excelize.File, lang crmflow.Lang) error {
	cs := fontCharset(lang)
	// A style with every attribute set makes the record whose values the
	// others borrow (excelize's font attributes are unexported types).
	id, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: FontFamily(lang), Size: FontSize, Charset: &cs}})
	if err != nil {
		return err
	}
	if f.Styles == nil || f.Styles.Fonts == nil || f.Styles.CellXfs == nil || id >= len(f.Styles.CellXfs.Xf) {
		return fmt.Errorf("workbook fonts: no font table")
	}
	xf := f.Styles.CellXfs.Xf[id]
	if xf.FontID == nil || *xf.FontID >= len(f.Styles.Fonts.Font) {
		return fmt.Errorf("workbook fonts: the font record is missing")
	}
	ref := f.Styles.Fonts.Font[*xf.FontID]
	for _, fnt := range f.Styles.Fonts.Font {
		if fnt == ref {
			continue
		}
		fnt.Name, fnt.Charset = ref.Name, ref.Charset
		if fnt.Sz == nil {
			fnt.Sz = ref.Sz
		}
		fnt.Scheme = nil // a theme font scheme would override the face
	}
	return nil
}

// LocalTime writes t (in its own zone: the machine's, or CRMFLOW_NOW's
// offset) as a person reads it: 2026年3月5日 14:30 / 5 March 2026, 14:30.
func LocalTime(t time.Time, lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return t.Format("2 January 2006, 15:04")
	}
	return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), int(t.Month()), t.Day(), t.Format("15:04"))
}
