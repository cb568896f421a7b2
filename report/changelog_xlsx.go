package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow/change"
)

// WriteChangeLog writes the change log workbook (变更记录): one row per change
// request with its change set, impact and decision, a status dropdown, and a
// summary sheet of the approved effort, schedule and cost.
func WriteChangeLog(w io.Writer, c *ChangeLog) error {
	l := c.Lang
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	logSheet, sumSheet, listSheet := tr(l, "变更记录", "Change log"), tr(l, "汇总", "Summary"), "_lists"
	if err := f.SetSheetName("Sheet1", logSheet); err != nil {
		return err
	}
	for _, s := range []string{sumSheet, listSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	headers := []string{tr(l, "编号", "ID"), tr(l, "标题", "Title"), tr(l, "状态", "State"), tr(l, "申请人", "Requested by"),
		tr(l, "变更原因", "Reason"), tr(l, "依据基线", "Against"), tr(l, "修改需求", "Changed"), tr(l, "修改内容", "Set"),
		tr(l, "新增需求", "Added"), tr(l, "移除需求", "Removed"), tr(l, "工作量(人天)", "Effort (days)"),
		tr(l, "工期影响(工作日)", "Schedule (days)"), tr(l, "费用", "Cost"), tr(l, "风险", "Risk"),
		tr(l, "受影响需求", "Affected"), tr(l, "决定人", "Decided by"), tr(l, "决定日期", "Decided on"),
		tr(l, "决定意见", "Decision comment"), tr(l, "实施后基线", "Baseline"), tr(l, "提交日期", "Submitted")}
	g := newGrid(f, st, logSheet)
	for i, h := range headers {
		if err := g.text(i+1, 1, h, st.header, "header"); err != nil {
			return err
		}
	}
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
		for col := 1; col <= len(headers); col++ {
			if col >= 11 && col <= 13 {
				continue
			}
			style := st.text
			if col == 5 || col == 8 || col == 9 || col == 18 {
				style = st.wrap
			}
			if err := g.text(col, row, texts[col], style, where); err != nil {
				return err
			}
		}
		if imp := r.Impact; imp != nil {
			for col, v := range map[int]float64{11: imp.EffortDays, 12: imp.ScheduleDays, 13: imp.Cost} {
				axis, _ := excelize.CoordinatesToCellName(col, row)
				if err := f.SetCellFloat(logSheet, axis, v, -1, 64); err != nil {
					return err
				}
				if err := f.SetCellStyle(logSheet, axis, axis, st.number); err != nil {
					return err
				}
				g.fit.see(col, change.FormatDays(v))
			}
		}
	}
	if err := g.widths(); err != nil {
		return err
	}
	for _, col := range []string{"E", "H", "I", "R"} {
		if err := f.SetColWidth(logSheet, col, col, 40); err != nil {
			return err
		}
	}
	// The state dropdown reads its values from the hidden list sheet.
	lg := newGrid(f, st, listSheet)
	for i, s := range change.States {
		if err := lg.text(1, i+1, s.Name(l), st.text, "list"); err != nil {
			return err
		}
	}
	last := len(c.Requests) + 1 + 200
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(cellRange(3, 2, 3, last))
	dv.SetSqrefDropList(absRange(listSheet, 1, 1, 1, len(change.States)))
	dv.SetError(excelize.DataValidationErrorStyleStop, tr(l, "输入无效", "Invalid entry"), tr(l, "请从下拉列表中选择。", "Choose a value from the list."))
	if err := f.AddDataValidation(logSheet, dv); err != nil {
		return err
	}
	if err := f.SetPanes(logSheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := f.AutoFilter(logSheet, cellRange(1, 1, len(headers), len(c.Requests)+1), nil); err != nil {
		return err
	}

	s := change.Summarize(c.Requests)
	sg := newGrid(f, st, sumSheet)
	rows := [][2]string{{tr(l, "项目", "Project"), c.Project.Name}, {tr(l, "生成时间", "Generated"), c.Generated.Format("2006-01-02 15:04")}}
	for i, r := range rows {
		if err := sg.text(1, i+1, r[0], st.label, "summary"); err != nil {
			return err
		}
		if err := sg.text(2, i+1, r[1], st.text, "summary"); err != nil {
			return err
		}
	}
	row := len(rows) + 2
	if err := sg.text(1, row, tr(l, "状态", "State"), st.header, "summary"); err != nil {
		return err
	}
	if err := sg.text(2, row, tr(l, "数量", "Count"), st.header, "summary"); err != nil {
		return err
	}
	for _, state := range change.States {
		row++
		if err := sg.text(1, row, state.Name(l), st.text, "summary"); err != nil {
			return err
		}
		if err := sg.num(2, row, s.ByState[state], st.number); err != nil {
			return err
		}
	}
	row += 2
	for _, t := range []struct {
		label string
		v     float64
	}{{tr(l, "已批准变更工作量(人天)", "Approved effort (days)"), s.ApprovedDays},
		{tr(l, "已批准变更工期影响(工作日)", "Approved schedule impact (days)"), s.ApprovedSched},
		{tr(l, "已批准变更费用", "Approved cost"), s.ApprovedCost}} {
		if err := sg.text(1, row, t.label, st.label, "summary"); err != nil {
			return err
		}
		axis, _ := excelize.CoordinatesToCellName(2, row)
		if err := f.SetCellFloat(sumSheet, axis, t.v, -1, 64); err != nil {
			return err
		}
		row++
	}
	if err := sg.widths(); err != nil {
		return err
	}
	if err := f.SetSheetVisible(listSheet, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}
