package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/milestones"
	rx "github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/requirements"
)

// WeeklyXLSX writes the weekly report as a workbook: the overview (basic
// information, ratings, done and planned work, buffer, requirements, what
// the client must do), then the milestone table, the top risks and this
// week's change requests, each printing A4 landscape one page wide with its
// title rows repeated and the project, document and page in the header and
// footer.
func WeeklyXLSX(out io.Writer, doc *Weekly) error {
	if doc == nil || doc.Data == nil {
		return fmt.Errorf("weekly report: no data")
	}
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	l, d := doc.Lang, doc.Data
	t := func(zh, en string) string { return tr(l, zh, en) }
	title := doc.Project.Name + " " + WeeklyTitle(l, d.Week)
	period := t(fmt.Sprintf("报告周期：%s 至 %s · 报告日期：%s", d.From, d.To, d.Today), fmt.Sprintf("Period: %s to %s · As of: %s", d.From, d.To, d.Today))
	docName := WeeklyTitle(l, d.Week)

	// Overview.
	s, err := b.sheet(t("概览", "Overview"), true)
	if err != nil {
		return err
	}
	r := 1
	wide := func(row int, v string, style int) error {
		if err := s.text(1, row, v, style); err != nil {
			return err
		}
		return b.f.MergeCell(s.name, cellName(1, row), cellName(5, row))
	}
	if err := wide(r, title, b.title); err != nil {
		return err
	}
	if err := wide(r+1, period, b.note); err != nil {
		return err
	}
	r = 4
	section := func(name string) error {
		err := wide(r, name, b.sub)
		r++
		return err
	}
	pair := func(k, v string) error {
		if err := s.text(1, r, k, b.bold); err != nil {
			return err
		}
		if err := s.text(2, r, v, b.text); err != nil {
			return err
		}
		for c := 3; c <= 5; c++ {
			if err := s.text(c, r, "", b.text); err != nil {
				return err
			}
		}
		r++
		return b.f.MergeCell(s.name, cellName(2, r-1), cellName(5, r-1))
	}
	if err := section(t("一、基本信息", "1. Basic information")); err != nil {
		return err
	}
	info := [][2]string{{t("项目名称", "Project"), doc.Project.Name}, {t("客户", "Client"), doc.Project.Client}, {t("报告周", "Week"), d.Week}}
	if doc.Schedule != nil {
		bl := doc.Schedule.Baseline
		if bl == "" {
			bl = t("未建立（按初始计划衡量）", "none (measured against the initial plan)")
		}
		info = append(info, [2]string{t("计划开始", "Plan start"), dateText(doc.Schedule.Start)}, [2]string{t("计划基线", "Plan baseline"), bl},
			[2]string{t("基线完成", "Baseline finish"), dateText(doc.Schedule.ReferenceFinish)})
	}
	info = append(info, [2]string{t("预计完成", "Forecast finish"), dateText(d.Finish)}, [2]string{t("承诺日期（含缓冲）", "Committed finish (with buffer)"), dateText(d.Buffer.Commit)})
	for _, kv := range info {
		if err := pair(kv[0], kv[1]); err != nil {
			return err
		}
	}
	r++
	if err := section(t("二、总体状态", "2. Overall status")); err != nil {
		return err
	}
	if err := s.text(1, r, t("总体", "Overall"), b.bold); err != nil {
		return err
	}
	if err := s.text(2, r, d.RAG.Name(l), b.rag[ragColor(d.RAG)]); err != nil {
		return err
	}
	if err := s.text(3, r, trendText(l, d.Trend), b.text); err != nil {
		return err
	}
	if err := s.text(4, r, d.Summary(l), b.text); err != nil {
		return err
	}
	if err := b.f.MergeCell(s.name, cellName(4, r), cellName(5, r)); err != nil {
		return err
	}
	r++
	if err := s.row(r, b.header, t("维度", "Dimension"), t("本周", "This week"), t("上周", "Last week"), t("趋势", "Trend"), t("依据", "Basis")); err != nil {
		return err
	}
	r++
	for _, dim := range d.Dims {
		if err := s.text(1, r, dim.Name(l), b.bold); err != nil {
			return err
		}
		if err := s.text(2, r, dim.RAG.Name(l), b.rag[ragColor(dim.RAG)]); err != nil {
			return err
		}
		last := b.text
		if dim.Last != "" {
			last = b.rag[ragColor(dim.Last)]
		}
		if err := s.text(3, r, ragText(l, dim.Last), last); err != nil {
			return err
		}
		if err := s.text(4, r, trendText(l, dim.Trend), b.text); err != nil {
			return err
		}
		if err := s.text(5, r, dimFacts(l, dim), b.text); err != nil {
			return err
		}
		r++
	}
	r++
	list := func(name string, lines []string, none string) error {
		if err := section(name); err != nil {
			return err
		}
		if len(lines) == 0 {
			lines = []string{none}
		}
		for _, line := range lines {
			if err := wide(r, line, b.wrap); err != nil {
				return err
			}
			r++
		}
		r++
		return nil
	}
	items := func(its []milestones.WeekItem) []string {
		out := make([]string, len(its))
		for i, it := range its {
			out[i] = "• " + itemText(l, it)
		}
		return out
	}
	if err := list(t("三、本周完成", "3. Done this week"), items(d.Done), t("本周没有完成或开始的工作。", "Nothing was finished or started this week.")); err != nil {
		return err
	}
	if err := list(t("四、下周计划", "4. Planned next week"), items(d.Next), t("下周没有计划开始或到期的里程碑。", "No milestone is due or starts next week.")); err != nil {
		return err
	}
	bf := d.Buffer
	buf := []string{t(fmt.Sprintf("项目缓冲 %d 个工作日，已用 %d 个（%.0f%%），关键链完成 %.0f%%，处于%s区。", bf.Days, bf.UsedDays, bf.UsedPct, bf.ChainDonePct, bf.Zone.Name(l)),
		fmt.Sprintf("Project buffer %d working days, %d used (%.0f%%); critical chain %.0f%% complete; %s zone.", bf.Days, bf.UsedDays, bf.UsedPct, bf.ChainDonePct, bf.Zone.Name(l)))}
	if lb := d.LastBuf; lb != nil {
		buf = append(buf, t(fmt.Sprintf("上周：已用 %.0f%%，关键链完成 %.0f%%（%s区）。", lb.UsedPct, lb.ChainDonePct, lb.Zone.Name(l)),
			fmt.Sprintf("Last week: %.0f%% used, chain %.0f%% complete (%s zone).", lb.UsedPct, lb.ChainDonePct, lb.Zone.Name(l))))
	}
	if err := list(t("六、缓冲使用", "6. Buffer used"), buf, ""); err != nil {
		return err
	}
	if err := section(t("九、需求统计", "9. Requirements")); err != nil {
		return err
	}
	if err := s.row(r, b.header, t("状态", "Status"), t("数量", "Count")); err != nil {
		return err
	}
	r++
	for _, st := range requirements.Statuses {
		if n := d.Reqs.ByStatus[string(st)]; n > 0 {
			if err := s.text(1, r, st.Name(l), b.text); err != nil {
				return err
			}
			if err := s.num(2, r, float64(n), b.number); err != nil {
				return err
			}
			r++
		}
	}
	if err := s.text(1, r, t("在范围内", "In scope"), b.bold); err != nil {
		return err
	}
	if err := s.num(2, r, float64(d.Reqs.Total), b.number); err != nil {
		return err
	}
	r += 2
	var needs []string
	for i, n := range d.Needs {
		needs = append(needs, fmt.Sprintf("%d. %s", i+1, needText(l, n)))
	}
	if err := list(t("十、需客户协调事项", "10. Needs from the client"), needs, t("本周没有需要客户协调的事项。", "Nothing needs the client this week.")); err != nil {
		return err
	}
	for i, w := range []float64{18, 12, 12, 14, 78} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := b.f.SetColWidth(s.name, col, col, w); err != nil {
			return err
		}
	}
	if err := s.printSetup(paperA4, 2, doc.Project.Name, docName, l); err != nil {
		return err
	}

	// Milestones.
	s, err = b.sheet(t("里程碑", "Milestones"), false)
	if err != nil {
		return err
	}
	head := []string{"ID", t("里程碑", "Milestone"), t("负责人", "Owner"), t("基线完成", "Baseline"), t("预计开始", "Forecast start"),
		t("预计完成", "Forecast finish"), t("实际完成", "Actual"), t("偏差（工作日）", "Slip (working days)"), t("状态", "Status"), "RAG", t("偏差原因", "Reason")}
	if err := tableTop(s, title, period, head); err != nil {
		return err
	}
	for i, row := range d.Rows {
		y := i + 4
		id := row.ID
		if row.Critical {
			id += " ★"
		}
		for c, v := range []string{id, row.Name, row.Owner, dateText(row.BaselineFinish), dateText(row.Start), dateText(row.Finish), dateText(row.ActualFinish)} {
			if err := s.text(c+1, y, v, b.text); err != nil {
				return err
			}
		}
		if err := s.num(8, y, float64(row.Slip), b.number); err != nil {
			return err
		}
		if err := s.text(9, y, row.Status.Name(l), b.text); err != nil {
			return err
		}
		if err := s.text(10, y, row.RAG.Name(l), b.rag[ragColor(row.RAG)]); err != nil {
			return err
		}
		if err := s.text(11, y, row.Reason(l), b.text); err != nil {
			return err
		}
	}
	if err := finishTable(s, len(head), doc.Project.Name, docName, l); err != nil {
		return err
	}

	// Risks.
	s, err = b.sheet(t("风险", "Risks"), false)
	if err != nil {
		return err
	}
	head = []string{"ID", t("风险", "Risk"), t("概率", "Probability"), t("影响", "Impact"), t("暴露值", "Exposure"), t("负责人", "Owner"),
		t("应对措施", "Action"), t("计划日期", "Due"), t("状态", "Status")}
	if err := tableTop(s, title, period, head); err != nil {
		return err
	}
	for i, rk := range d.Risks {
		y := i + 4
		for c, v := range []string{rk.ID, rk.Text, rk.Probability.Name(l), rk.Impact.Name(l)} {
			if err := s.text(c+1, y, v, b.text); err != nil {
				return err
			}
		}
		if err := s.num(5, y, float64(rk.Exposure()), b.number); err != nil {
			return err
		}
		for c, v := range []string{rk.Owner, rk.Mitigation, dateText(rk.Due), rk.Status.Name(l)} {
			if err := s.text(c+6, y, v, b.text); err != nil {
				return err
			}
		}
	}
	if err := finishTable(s, len(head), doc.Project.Name, docName, l); err != nil {
		return err
	}

	// Change requests.
	s, err = b.sheet(t("变更", "Changes"), false)
	if err != nil {
		return err
	}
	head = []string{"ID", t("变更", "Change"), t("状态", "State"), t("进度影响（工作日）", "Schedule impact (working days)"), t("影响里程碑", "Milestones reached")}
	if err := tableTop(s, title, period, head); err != nil {
		return err
	}
	for i, c := range d.Changes {
		y := i + 4
		for col, v := range []string{c.ID, c.Title, change.State(c.State).Name(l)} {
			if err := s.text(col+1, y, v, b.text); err != nil {
				return err
			}
		}
		if err := s.num(4, y, c.ScheduleDays, b.number); err != nil {
			return err
		}
		if err := s.text(5, y, strings.Join(c.Milestones, ", "), b.text); err != nil {
			return err
		}
	}
	if err := finishTable(s, len(head), doc.Project.Name, docName, l); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	if err := rx.SetFonts(b.f, l); err != nil {
		return err
	}
	return b.f.Write(out)
}

// tableTop writes a table sheet's title, period and header row (rows 1–3,
// repeated on every printed page).
func tableTop(s *sheet, title, period string, head []string) error {
	if err := s.text(1, 1, title, s.b.title); err != nil {
		return err
	}
	if err := s.text(1, 2, period, s.b.note); err != nil {
		return err
	}
	s.width = nil // the title does not set column widths
	if err := s.row(3, s.b.header, head...); err != nil {
		return err
	}
	return s.b.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
}

// finishTable sizes the columns, filters the header and sets up printing.
func finishTable(s *sheet, cols int, project, document string, lang crmflow.Lang) error {
	if err := s.widths(8, 48); err != nil {
		return err
	}
	if err := s.b.f.AutoFilter(s.name, cellName(1, 3)+":"+cellName(cols, 3), nil); err != nil {
		return err
	}
	return s.printSetup(paperA4, 3, project, document, lang)
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}
