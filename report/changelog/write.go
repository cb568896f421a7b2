// Package changelog writes the change log workbook (变更记录).
package changelog

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
)

// Write writes the change log workbook (变更记录): one row per change
// request with its change set, impact and decision, a status dropdown, and a
// summary sheet of the approved effort, schedule and cost.
func Write(w io.Writer, c *report.ChangeLog) error {
	l := c.Lang
	f := excelize.NewFile()
	defer f.Close()
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	logSheet, sumSheet, listSheet := report.Tr(l, "变更记录", "Change log"), report.Tr(l, "汇总", "Summary"), "_lists"
	if err := f.SetSheetName("Sheet1", logSheet); err != nil {
		return err
	}
	for _, s := range []string{sumSheet, listSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	headers := []string{report.Tr(l, "编号", "ID"), report.Tr(l, "标题", "Title"), report.Tr(l, "状态", "State"), report.Tr(l, "申请人", "Requested by"),
		report.Tr(l, "变更原因", "Reason"), report.Tr(l, "依据基线", "Against"), report.Tr(l, "修改需求", "Changed"), report.Tr(l, "修改内容", "Set"),
		report.Tr(l, "新增需求", "Added"), report.Tr(l, "移除需求", "Removed"), report.Tr(l, "工作量(人天)", "Effort (days)"),
		report.Tr(l, "工期影响(工作日)", "Schedule (days)"), report.Tr(l, "费用", "Cost"), report.Tr(l, "风险", "Risk"),
		report.Tr(l, "受影响需求", "Affected"), report.Tr(l, "决定人", "Decided by"), report.Tr(l, "决定日期", "Decided on"),
		report.Tr(l, "决定意见", "Decision comment"), report.Tr(l, "实施后基线", "Baseline"), report.Tr(l, "提交日期", "Submitted")}
	g := xlsx.NewGrid(f, st, logSheet)
	for i, h := range headers {
		if err := g.Text(i+1, 1, h, st.Header, "header"); err != nil {
			return err
		}
		g.Fit.SeeHeader(i+1, h)
	}
	rowTexts := make([]map[int]string, len(c.Requests))
	for i, r := range c.Requests {
		row := i + 2
		where := "row " + fmt.Sprint(row) + " (" + r.ID + ")"
		var added []string
		for _, a := range r.Proposal.Add {
			added = append(added, a.Title)
		}
		texts := map[int]string{1: r.ID, 2: r.Title, 3: r.State.Name(l), 4: r.RequestedBy, 5: r.Reason, 6: r.Against,
			7: strings.Join(r.Proposal.Reqs, ", "), 8: strings.Join(r.Proposal.Set, "\n"), 9: strings.Join(added, "\n"),
			10: strings.Join(r.Proposal.Remove, ", "), 19: r.Baseline, 20: r.CreatedAt.Format("2006-01-02")}
		if imp := r.Impact; imp != nil {
			texts[14] = imp.Risk.Name(l)
			var aff []string
			for _, a := range imp.Affected {
				aff = append(aff, a.ID)
			}
			texts[15] = strings.Join(aff, ", ")
		}
		if d, ok := r.Decision(); ok {
			texts[16], texts[17], texts[18] = d.By, d.At.Format("2006-01-02"), d.Comment
		}
		rowTexts[i] = texts
		for col := 1; col <= len(headers); col++ {
			if col >= 11 && col <= 13 {
				continue
			}
			style := st.Wrap
			if col == 1 {
				style = st.Text
			}
			if err := g.Text(col, row, texts[col], style, where); err != nil {
				return err
			}
		}
		if imp := r.Impact; imp != nil {
			for col, v := range map[int]float64{11: imp.EffortDays, 12: imp.ScheduleDays, 13: imp.Cost} {
				axis, _ := excelize.CoordinatesToCellName(col, row)
				if err := f.SetCellFloat(logSheet, axis, v, -1, 64); err != nil {
					return err
				}
				if err := f.SetCellStyle(logSheet, axis, axis, st.Number); err != nil {
					return err
				}
				g.Fit.See(col, change.FormatDays(v))
			}
		}
	}
	// Columns no wider than the page can take one page wide (the long texts
	// wrap), and rows as tall as their wrapped cells.
	widths := make([]float64, len(headers))
	for i := range headers {
		limit := 12.0
		switch i + 1 {
		case 5, 8, 9, 18: // reason, set, added, decision comment
			limit = 28
		case 2:
			limit = 22
		case 11, 12, 13, 14: // effort, schedule, cost, risk: the header wraps
			limit = 9
		}
		widths[i] = min(xlsx.ColWidth(g.Fit[i]), limit)
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(logSheet, name, name, widths[i]); err != nil {
			return err
		}
	}
	headLines := 1
	for i, h := range headers {
		headLines = max(headLines, xlsx.HeaderLines(h, int(widths[i])))
	}
	if err := f.SetRowHeight(logSheet, 1, xlsx.RowHeight(headLines)); err != nil {
		return err
	}
	for i, texts := range rowTexts {
		lines := 1
		for col, v := range texts {
			lines = max(lines, xlsx.CellLines(v, widths[col-1]))
		}
		if err := f.SetRowHeight(logSheet, i+2, xlsx.RowHeight(lines)); err != nil {
			return err
		}
	}
	// The state dropdown reads its values from the hidden list sheet.
	lg := xlsx.NewGrid(f, st, listSheet)
	for i, s := range change.States {
		if err := lg.Text(1, i+1, s.Name(l), st.Text, "list"); err != nil {
			return err
		}
	}
	last := len(c.Requests) + 1 + 200
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(xlsx.CellRange(3, 2, 3, last))
	dv.SetSqrefDropList(xlsx.AbsRange(listSheet, 1, 1, 1, len(change.States)))
	dv.SetError(excelize.DataValidationErrorStyleStop, report.Tr(l, "输入无效", "Invalid entry"), report.Tr(l, "请从下拉列表中选择。", "Choose a value from the list."))
	if err := f.AddDataValidation(logSheet, dv); err != nil {
		return err
	}
	if err := f.SetPanes(logSheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := f.AutoFilter(logSheet, xlsx.CellRange(1, 1, len(headers), len(c.Requests)+1), nil); err != nil {
		return err
	}

	s := change.Summarize(c.Requests)
	sg := xlsx.NewGrid(f, st, sumSheet)
	rows := [][2]string{{report.Tr(l, "项目", "Project"), c.Project.Name}, {report.Tr(l, "生成时间", "Generated"), xlsx.LocalTime(c.Generated, l)}}
	for i, r := range rows {
		if err := sg.Text(1, i+1, r[0], st.Label, "summary"); err != nil {
			return err
		}
		if err := sg.Text(2, i+1, r[1], st.Text, "summary"); err != nil {
			return err
		}
	}
	row := len(rows) + 2
	if err := sg.Text(1, row, report.Tr(l, "状态", "State"), st.Header, "summary"); err != nil {
		return err
	}
	if err := sg.Text(2, row, report.Tr(l, "数量", "Count"), st.Header, "summary"); err != nil {
		return err
	}
	for _, state := range change.States {
		row++
		if err := sg.Text(1, row, state.Name(l), st.Text, "summary"); err != nil {
			return err
		}
		if err := sg.Num(2, row, s.ByState[state], st.Number); err != nil {
			return err
		}
	}
	row += 2
	for _, t := range []struct {
		label string
		v     float64
	}{{report.Tr(l, "已批准变更工作量(人天)", "Approved effort (days)"), s.ApprovedDays},
		{report.Tr(l, "已批准变更工期影响(工作日)", "Approved schedule impact (days)"), s.ApprovedSched},
		{report.Tr(l, "已批准变更费用", "Approved cost"), s.ApprovedCost}} {
		if err := sg.Text(1, row, t.label, st.Label, "summary"); err != nil {
			return err
		}
		axis, _ := excelize.CoordinatesToCellName(2, row)
		if err := f.SetCellFloat(sumSheet, axis, t.v, -1, 64); err != nil {
			return err
		}
		row++
	}
	if err := sg.Widths(); err != nil {
		return err
	}
	doc := report.Tr(l, "需求变更记录", "Change log")
	// Twenty columns: on A3 they print one page wide at a readable size.
	if err := xlsx.Print(f, logSheet, xlsx.Page{Lang: l, Project: c.Project.Name, Document: doc, TitleRows: 1, Paper: xlsx.PaperA3}); err != nil {
		return err
	}
	if err := xlsx.Print(f, sumSheet, xlsx.Page{Lang: l, Project: c.Project.Name, Document: doc + " — " + sumSheet, Portrait: true}); err != nil {
		return err
	}
	if err := xlsx.SetFonts(f, l); err != nil {
		return err
	}
	if err := f.SetSheetVisible(listSheet, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}
