package questionnaire

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/survey"
)

// summaryPageHeight is how much of the summary sheet, in points, one
// landscape A4 page holds once the sheet (about 1,500 pixels wide with its
// charts) is scaled to the page's width, with some room to spare.
const summaryPageHeight = 840

// summaryPageBreaks starts a new printed page before a question's block
// (from one start to the next) that would not fit on the current one, so a
// table or its chart is never cut in two.
func summaryPageBreaks(f *excelize.File, sheet string, starts []int) error {
	used := 0.0
	for r := 1; r < starts[0]; r++ {
		h, err := f.GetRowHeight(sheet, r)
		if err != nil {
			return err
		}
		used += h
	}
	for i := 0; i+1 < len(starts); i++ {
		block := 0.0
		for r := starts[i]; r < starts[i+1]; r++ {
			h, err := f.GetRowHeight(sheet, r)
			if err != nil {
				return err
			}
			block += h
		}
		if used > 0 && used+block > summaryPageHeight {
			if err := f.InsertPageBreak(sheet, cellName(1, starts[i])); err != nil {
				return err
			}
			used = 0
		}
		used += block
	}
	return nil
}

// WriteResults writes the results workbook: a summary sheet with
// each question's counts (and a bar chart beside each choice, rating and
// number question), the pain points ranked with a chart, and the raw answers,
// one row per respondent. Every user text goes through the formula-safe
// cell path.
func WriteResults(w io.Writer, lang crmflow.Lang, q *survey.Questionnaire, res *survey.Results, responses []survey.Response) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	// A question's text wraps in its column, bold.
	labelWrap, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: xlsx.NumFmtText,
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	t := func(k string) string { return report.SurveyWords.In(lang, k) }
	tt := func(zh, en string) string { return report.Tr(lang, zh, en) }
	taken := map[string]bool{}
	summary := xlsx.SheetName(tt("汇总", "Summary"), taken)
	pains := xlsx.SheetName(t("pains"), taken)
	raw := xlsx.SheetName(tt("原始答案", "Raw answers"), taken)
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	for _, s := range []string{pains, raw} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}

	// Summary: one block per question.
	g := xlsx.NewGrid(f, st, summary)
	if err := g.Text(1, 1, t("results")+" — "+res.Title, st.Title, "title"); err != nil {
		return err
	}
	if err := g.Text(1, 2, fmt.Sprintf("%s %s · %s %d · %s %d", t("id"), res.Questionnaire, t("revision"), res.Revision, t("respondents"), res.Respondents), st.Text, "info"); err != nil {
		return err
	}
	g.Fit = nil
	row := 4
	var starts []int // the first row of each question's block
	for i, qr := range res.Questions {
		starts = append(starts, row)
		where := "question " + qr.Key
		label := fmt.Sprintf("%d. %s", i+1, qr.Text)
		if err := g.Text(1, row, label, labelWrap, where); err != nil {
			return err
		}
		if err := f.SetRowHeight(summary, row, xlsx.RowHeight(xlsx.CellLines(label, 48))); err != nil {
			return err
		}
		role := qr.RoleName
		if role == "" {
			role = t("allroles")
		}
		if err := g.Text(2, row, role+" · "+qr.Type.Name(lang)+" · "+fmt.Sprintf(t("asked"), qr.Answered, qr.Asked), st.Hint, where); err != nil {
			return err
		}
		row++
		var labels []string
		var counts []int
		var shares []float64
		head := [3]string{t("option"), t("count"), t("share")}
		switch {
		case qr.Type.Choice():
			for _, o := range qr.Options {
				labels, counts, shares = append(labels, o.Option), append(counts, o.Count), append(shares, o.Percent)
			}
		case qr.Stats != nil:
			head = [3]string{t("range"), t("count"), ""}
			if qr.Type == survey.Rating {
				head[0] = t("rating")
			}
			s := qr.Stats
			stats := [][2]string{{t("mean"), report.Num(s.Mean)}, {t("median"), report.Num(s.Median)}, {t("min"), report.Num(s.Min)}, {t("max"), report.Num(s.Max)}}
			for j, kv := range stats {
				if err := g.Text(5, row+j, kv[0], st.Label, where); err != nil {
					return err
				}
				if err := g.Text(6, row+j, kv[1], st.Text, where); err != nil {
					return err
				}
			}
			for _, d := range s.Distribution {
				labels, counts = append(labels, d.Label), append(counts, d.Count)
			}
		default:
			for _, a := range qr.Texts {
				who := a.Respondent
				if a.Department != "" {
					who += " (" + a.Department + ")"
				}
				if err := g.Text(1, row, a.Text, st.Wrap, where); err != nil {
					return err
				}
				if err := g.Text(2, row, who, st.Wrap, where); err != nil {
					return err
				}
				if err := f.SetRowHeight(summary, row, xlsx.RowHeight(max(xlsx.CellLines(a.Text, 48), xlsx.CellLines(who, 30)))); err != nil {
					return err
				}
				row++
			}
			row++
			continue
		}
		for j, h := range head {
			if h != "" {
				if err := g.Text(j+1, row, h, st.Header, "header"); err != nil {
					return err
				}
			}
		}
		first := row + 1
		for j := range labels {
			r := first + j
			if err := g.Text(1, r, labels[j], st.Text, where); err != nil {
				return err
			}
			if err := g.Num(2, r, counts[j], st.Number); err != nil {
				return err
			}
			if shares != nil {
				if err := f.SetCellFloat(summary, cellName(3, r), shares[j], 1, 64); err != nil {
					return err
				}
			}
		}
		if len(labels) > 0 && qr.Answered > 0 {
			err := f.AddChart(summary, cellName(8, row-1), &excelize.Chart{
				Type: excelize.Bar,
				Series: []excelize.ChartSeries{{Name: xlsx.AbsRange(summary, 2, row, 2, row),
					Categories: xlsx.AbsRange(summary, 1, first, 1, first+len(labels)-1),
					Values:     xlsx.AbsRange(summary, 2, first, 2, first+len(labels)-1),
					Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D4F91"}}}},
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("%d. %s", i+1, report.CutDisplay(qr.Text, 60))}}},
				Legend:    excelize.ChartLegend{Position: "none"},
				Format:    excelize.GraphicOptions{OffsetX: 5, OffsetY: 5},
				Dimension: excelize.ChartDimension{Width: 480, Height: uint(max(180, 40+26*len(labels)))},
			})
			if err != nil {
				return fmt.Errorf("chart for %s: %w", qr.Key, err)
			}
		}
		// Leave room for the chart beside the table.
		row = max(first+len(labels), row+max(9, (40+26*len(labels))/20)) + 2
	}
	for _, c := range []struct {
		col string
		w   float64
	}{{"A", 48}, {"B", 30}, {"C", 10}, {"E", 12}, {"F", 10}} {
		if err := f.SetColWidth(summary, c.col, c.col, c.w); err != nil {
			return err
		}
	}
	if err := summaryPageBreaks(f, summary, append(starts, row)); err != nil {
		return err
	}

	// Pain points ranked.
	pg := xlsx.NewGrid(f, st, pains)
	for j, h := range []string{t("rank"), t("pain"), t("count"), t("share"), t("roles")} {
		if err := pg.Text(j+1, 1, h, st.Header, "header"); err != nil {
			return err
		}
	}
	for j, p := range res.Pains {
		r := j + 2
		if err := pg.Num(1, r, j+1, st.Number); err != nil {
			return err
		}
		if err := pg.Text(2, r, p.Pain, st.Text, "pain"); err != nil {
			return err
		}
		if err := pg.Num(3, r, p.Count, st.Number); err != nil {
			return err
		}
		if err := f.SetCellFloat(pains, cellName(4, r), p.Percent, 1, 64); err != nil {
			return err
		}
		if err := pg.Text(5, r, strings.Join(p.Roles, t("sep")), st.Text, "pain"); err != nil {
			return err
		}
	}
	if err := pg.Widths(); err != nil {
		return err
	}
	if len(res.Pains) > 0 && res.Respondents > 0 {
		n := len(res.Pains)
		err := f.AddChart(pains, cellName(7, 1), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{Name: xlsx.AbsRange(pains, 3, 1, 3, 1), Categories: xlsx.AbsRange(pains, 2, 2, 2, n+1),
				Values: xlsx.AbsRange(pains, 3, 2, 3, n+1), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C0504D"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t("pains")}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 560, Height: uint(max(220, 60+26*n))},
		})
		if err != nil {
			return err
		}
	}

	// Raw answers: one row per respondent, one column per question.
	rg := xlsx.NewGrid(f, st, raw)
	heads := []string{tt("角色", "Role"), tt("姓名", "Name"), tt("部门", "Department"), tt("日期", "Date"), tt("文件", "File")}
	for _, x := range q.Questions {
		heads = append(heads, x.Key)
	}
	for j, h := range heads {
		if err := rg.Text(j+1, 1, h, st.Header, "header"); err != nil {
			return err
		}
	}
	for i, r := range responses {
		rowN := i + 2
		role := r.Respondent.Role
		if ro, ok := q.Role(role); ok {
			role = ro.Name(lang)
		}
		where := "respondent " + r.Respondent.Name
		for j, v := range []string{role, r.Respondent.Name, r.Respondent.Department, r.Respondent.Date, r.File} {
			if err := rg.Text(j+1, rowN, v, st.Text, where); err != nil {
				return err
			}
		}
		for j, x := range q.Questions {
			a, ok := r.Answers[x.Key]
			if !ok {
				continue
			}
			col := 6 + j
			switch {
			case x.Type.Choice():
				names := make([]string, 0, len(a.Choices))
				for _, c := range a.Choices {
					if c >= 1 && c <= len(x.Options) {
						names = append(names, x.Options[c-1].In(lang))
					}
				}
				err = rg.Text(col, rowN, strings.Join(names, t("sep")), st.Text, where)
			case a.Number != nil:
				rg.Fit.See(col, report.Num(*a.Number))
				err = f.SetCellFloat(raw, cellName(col, rowN), *a.Number, -1, 64)
			default:
				err = rg.Text(col, rowN, a.Text, st.Wrap, where)
			}
			if err != nil {
				return err
			}
		}
	}
	// Answer columns no wider than rawMaxWidth, long answers wrapped in
	// rows as tall as they need, so fewer pages run across.
	const rawMaxWidth = 28
	for i := range rg.Fit {
		rg.Fit[i] = min(rg.Fit[i], rawMaxWidth-2)
	}
	if err := rg.Widths(); err != nil {
		return err
	}
	for i, r := range responses {
		lines := 1
		for j, x := range q.Questions {
			if a, ok := r.Answers[x.Key]; ok && !x.Type.Choice() && a.Number == nil {
				lines = max(lines, xlsx.CellLines(a.Text, xlsx.ColWidth(rg.Fit[5+j])))
			}
		}
		if err := f.SetRowHeight(raw, i+2, xlsx.RowHeight(lines)); err != nil {
			return err
		}
	}
	if err := f.SetPanes(raw, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if len(responses) > 0 {
		if err := f.AutoFilter(raw, xlsx.CellRange(1, 1, len(heads), len(responses)+1), nil); err != nil {
			return err
		}
	}
	// Printing (after AutoFilter, which replaces the fit-to-page property).
	doc := t("results") + " — " + res.Title
	for _, p := range []struct {
		sheet string
		page  xlsx.Page
	}{
		{summary, xlsx.Page{}},
		{pains, xlsx.Page{TitleRows: 1}},
		// One column per question: too wide to shrink onto a page, so it runs
		// across pages with role and name repeated.
		{raw, xlsx.Page{TitleRows: 1, TitleCols: 2, Across: true}},
	} {
		p.page.Lang, p.page.Project, p.page.Document = lang, res.Title, doc+" — "+p.sheet
		if err := xlsx.Print(f, p.sheet, p.page); err != nil {
			return err
		}
	}
	if err := xlsx.SetFonts(f, lang); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write results workbook: %w", err)
	}
	return nil
}
