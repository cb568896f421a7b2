package acceptance

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report/docs"
	"github.com/crmflow/crmflow/report/xlsx"
)

// MatrixDoc is the trace matrix with the names it is shown with.
type MatrixDoc struct {
	Lang    crmflow.Lang
	Project string
	Matrix  acceptance.Matrix
	Modules map[string]string // module key → name
}

// MatrixFileName is the matrix's default file name.
func MatrixFileName(lang crmflow.Lang, ext string) string {
	return tr(lang, "需求跟踪矩阵.", "trace-matrix.") + ext
}

// GapName is a gap in lang.
func GapName(g string, lang crmflow.Lang) string {
	zh := map[string]string{acceptance.GapNoTest: "无用例", acceptance.GapNotRun: "未执行", acceptance.GapFailing: "不通过",
		acceptance.GapBlocked: "阻塞", acceptance.GapSuspect: "待复核", acceptance.GapSource: "无来源"}
	en := map[string]string{acceptance.GapNoTest: "no test", acceptance.GapNotRun: "not run", acceptance.GapFailing: "failing",
		acceptance.GapBlocked: "blocked", acceptance.GapSuspect: "suspect", acceptance.GapSource: "no source"}
	if lang == crmflow.LangEN {
		return en[g]
	}
	return zh[g]
}

func (d *MatrixDoc) header() []string {
	l := d.Lang
	return []string{tr(l, "需求", "Requirement"), tr(l, "标题", "Title"), tr(l, "模块", "Module"), tr(l, "来源发现", "Findings"),
		tr(l, "流程步骤", "Process steps"), tr(l, "用例", "Test case"), tr(l, "最新结果", "Latest result"), tr(l, "轮次", "Round"), tr(l, "缺口", "Gaps")}
}

func (d *MatrixDoc) cells(r acceptance.MatrixRow) []string {
	gaps := make([]string, len(r.Gaps))
	for i, g := range r.Gaps {
		gaps[i] = GapName(g, d.Lang)
	}
	mod := r.Module
	if n := d.Modules[r.Module]; n != "" {
		mod = n
	}
	return []string{r.Req, r.Title, mod, strings.Join(r.Findings, ", "), strings.Join(r.Steps, ", "), r.Case,
		r.Result.Name(d.Lang), r.Round, strings.Join(gaps, tr(d.Lang, "、", ", "))}
}

// MatrixMarkdown writes the matrix; rows with gaps carry a ⚠ mark.
func MatrixMarkdown(d *MatrixDoc) []byte {
	l := d.Lang
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", tr(l, "需求跟踪矩阵", "Requirements Trace Matrix"))
	fmt.Fprintf(&b, tr(l, "**项目**：%s  \n**基线**：%s  \n**缺口**：%d 行（标 ⚠）\n\n", "**Project**: %s  \n**Baseline**: %s  \n**Gaps**: %d rows (marked ⚠)\n\n"),
		mdText(d.Project), mdText(d.Matrix.Baseline), d.Matrix.Gaps)
	fmt.Fprintf(&b, "## %s\n\n", tr(l, "矩阵", "Matrix"))
	rows := make([][]string, 0, len(d.Matrix.Rows))
	for _, r := range d.Matrix.Rows {
		c := d.cells(r)
		for i := range c {
			c[i] = mdText(c[i])
		}
		if len(r.Gaps) > 0 {
			c[len(c)-1] = "⚠ " + c[len(c)-1]
		}
		rows = append(rows, c)
	}
	table(&b, d.header(), rows)
	return []byte(b.String())
}

// MatrixHTML writes the matrix as one self-contained page.
func MatrixHTML(d *MatrixDoc) ([]byte, error) {
	return docs.MarkdownToHTML(MatrixMarkdown(d), tr(d.Lang, "需求跟踪矩阵", "Requirements Trace Matrix"), d.Lang)
}

// MatrixWorkbook writes the matrix as a sheet: frozen header, autofilter,
// rows with gaps filled amber; landscape and fit to width.
func MatrixWorkbook(w io.Writer, d *MatrixDoc) error {
	l := d.Lang
	f := excelize.NewFile()
	defer f.Close()
	sheet := tr(l, "跟踪矩阵", "Trace matrix")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	gap, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}})
	if err != nil {
		return err
	}
	quoted := map[int]int{}
	for _, base := range []int{text, gap} {
		if quoted[base], err = xlsx.QuotePrefixTwin(f, base); err != nil {
			return err
		}
	}
	// Page setup before the stream writer: it writes the sheet's XML from
	// what is set when it starts, and settings made after Flush are lost.
	if err := xlsx.Print(f, sheet, xlsx.Page{Lang: l, Project: d.Project, Document: tr(l, "需求跟踪矩阵", "Requirements Trace Matrix"), TitleRows: 1}); err != nil {
		return err
	}
	if err := xlsx.SetFonts(f, l); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := []float64{11, 36, 12, 14, 18, 11, 10, 8, 18}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	hdr := []any{}
	for _, h := range d.header() {
		hdr = append(hdr, excelize.Cell{StyleID: head, Value: h})
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	for i, r := range d.Matrix.Rows {
		st := text
		if len(r.Gaps) > 0 {
			st = gap
		}
		vals := d.cells(r)
		row := make([]any, len(vals))
		for j, v := range vals {
			if p := xlsx.TextProblem(v); p != "" {
				return crmflow.Errorf(crmflow.EINVALID, "%s: %s", r.Req, p)
			}
			s := st
			if xlsx.FormulaLike(v) {
				s = quoted[st]
			}
			row[j] = excelize.Cell{StyleID: s, Value: v}
		}
		// As tall as the longest wrapped cell: a reader does not grow a
		// streamed row for wrapped text, and it would overlap the next one.
		lines := 1
		for j, v := range vals {
			if j < len(widths) {
				lines = max(lines, xlsx.WrappedLines(v, int(widths[j])-1))
			}
		}
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(axis, row, excelize.RowOpts{Height: float64(lines)*15 + 3}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:I%d", len(d.Matrix.Rows)+1), nil); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}
