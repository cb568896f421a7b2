package plan

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/requirements"
)

// The figures the HTML page inlines in place of Markdown images.
const (
	figGantt = "gantt.svg"
	figFever = "buffer.svg"
)

// WeeklyMarkdown writes the weekly report as Markdown.
func WeeklyMarkdown(w io.Writer, doc *Weekly) error {
	return weeklyMarkdown(w, doc, false)
}

// weeklyMarkdown writes the report; figures adds image references that the
// HTML page replaces with the Gantt chart and the fever chart.
func weeklyMarkdown(out io.Writer, doc *Weekly, figures bool) error {
	if doc == nil || doc.Data == nil {
		return fmt.Errorf("weekly report: no data")
	}
	w := bufio.NewWriter(out)
	l, d := doc.Lang, doc.Data
	t := func(zh, en string) string { return tr(l, zh, en) }
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	p("# %s\n\n", mdText(doc.Project.Name+" "+WeeklyTitle(l, d.Week)))
	p("%s\n\n", t(fmt.Sprintf("报告周期：%s 至 %s · 报告日期：%s", d.From, d.To, d.Today),
		fmt.Sprintf("Period: %s to %s · As of: %s", d.From, d.To, d.Today)))

	p("## %s\n\n", t("一、基本信息", "1. Basic information"))
	// Two facts per line keep the table short.
	var info [][2]string
	add := func(k, v string) { info = append(info, [2]string{k, v}) }
	add(t("项目名称", "Project"), mdText(doc.Project.Name))
	if doc.Project.Client != "" {
		add(t("客户", "Client"), mdText(doc.Project.Client))
	}
	add(t("报告周", "Week"), d.Week)
	if doc.Schedule != nil {
		add(t("计划开始", "Plan start"), dateText(doc.Schedule.Start))
		bl := doc.Schedule.Baseline
		if bl == "" {
			bl = t("未建立（按初始计划衡量）", "none (measured against the initial plan)")
		} else {
			bl = mdText(bl)
		}
		add(t("计划基线", "Plan baseline"), bl)
		add(t("基线完成", "Baseline finish"), dateText(doc.Schedule.ReferenceFinish))
	}
	add(t("预计完成", "Forecast finish"), dateText(d.Finish))
	add(t("承诺日期（含缓冲）", "Committed finish (with buffer)"), dateText(d.Buffer.Commit))
	p("| %s | %s | %s | %s |\n|---|---|---|---|\n", t("项目", "Item"), t("内容", "Value"), t("项目", "Item"), t("内容", "Value"))
	for i := 0; i < len(info); i += 2 {
		k2, v2 := "", ""
		if i+1 < len(info) {
			k2, v2 = info[i+1][0], info[i+1][1]
		}
		p("| %s | %s | %s | %s |\n", info[i][0], info[i][1], k2, v2)
	}
	p("\n")

	p("## %s\n\n", t("二、总体状态", "2. Overall status"))
	p("**%s%s**%s\n\n", t("总体：", "Overall: "), ragText(l, d.RAG), t("（"+trendText(l, d.Trend)+"）", " ("+trendText(l, d.Trend)+")"))
	p("%s\n\n", mdText(d.Summary(l)))
	p("| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t("维度", "Dimension"), t("本周", "This week"),
		t("上周", "Last week"), t("趋势", "Trend"), t("依据", "Basis"))
	for _, dim := range d.Dims {
		p("| %s | %s | %s | %s | %s |\n", dim.Name(l), ragText(l, dim.RAG), ragText(l, dim.Last), trendText(l, dim.Trend), mdText(dimFacts(l, dim)))
	}
	p("\n")

	p("## %s\n\n", t("三、本周完成", "3. Done this week"))
	writeItems(w, l, d.Done, t("本周没有完成或开始的工作。", "Nothing was finished or started this week."))
	p("## %s\n\n", t("四、下周计划", "4. Planned next week"))
	writeItems(w, l, d.Next, t("下周没有计划开始或到期的里程碑。", "No milestone is due or starts next week."))

	p("## %s\n\n", t("五、里程碑", "5. Milestones"))
	p("| ID | %s | %s | %s | %s | %s | %s | %s | RAG | %s |\n|---|---|---|---|---|---|---|---|---|---|\n",
		t("里程碑", "Milestone"), t("负责人", "Owner"), t("基线完成", "Baseline"), t("预计完成", "Forecast"),
		t("实际完成", "Actual"), t("偏差（工作日）", "Slip"), t("状态", "Status"), t("偏差原因", "Reason"))
	for _, r := range d.Rows {
		id := r.ID
		if r.Critical {
			id += " ★"
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", id, mdText(r.Name), mdText(r.Owner), dateText(r.BaselineFinish),
			dateText(r.Finish), dateText(r.ActualFinish), slipText(r.Slip), r.Status.Name(l), ragText(l, r.RAG), mdText(r.Reason(l)))
	}
	p("\n%s\n\n", t("★ 关键路径上的里程碑；偏差为预计完成相对基线完成的工作日数。", "★ on the critical path; the slip is the forecast finish against the baseline finish, in working days."))
	if figures && doc.Schedule != nil {
		p("![%s](%s)\n\n", t("甘特图", "Gantt chart"), figGantt)
	}

	p("## %s\n\n", t("六、缓冲使用", "6. Buffer used"))
	b := d.Buffer
	p("%s\n\n", t(fmt.Sprintf("项目缓冲 %d 个工作日，已用 %d 个（%.0f%%），关键链完成 %.0f%%，处于%s区。", b.Days, b.UsedDays, b.UsedPct, b.ChainDonePct, b.Zone.Name(l)),
		fmt.Sprintf("Project buffer %d working days, %d used (%.0f%%); critical chain %.0f%% complete; %s zone.", b.Days, b.UsedDays, b.UsedPct, b.ChainDonePct, b.Zone.Name(l))))
	if d.LastBuf != nil {
		p("%s\n\n", t(fmt.Sprintf("上周：已用 %.0f%%，关键链完成 %.0f%%（%s区）。", d.LastBuf.UsedPct, d.LastBuf.ChainDonePct, d.LastBuf.Zone.Name(l)),
			fmt.Sprintf("Last week: %.0f%% used, chain %.0f%% complete (%s zone).", d.LastBuf.UsedPct, d.LastBuf.ChainDonePct, d.LastBuf.Zone.Name(l))))
	}
	if figures {
		p("![%s](%s)\n\n", t("缓冲消耗图", "Fever chart"), figFever)
	}

	p("## %s\n\n", t("七、主要风险", "7. Top risks"))
	if len(d.Risks) == 0 {
		p("%s\n\n", t("没有未关闭的风险。", "No open risk."))
	} else {
		p("| ID | %s | %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|---|---|\n", t("风险", "Risk"),
			t("概率", "Probability"), t("影响", "Impact"), t("暴露值", "Exposure"), t("负责人", "Owner"), t("应对措施", "Action"),
			t("计划日期", "Due"), t("状态", "Status"))
		for _, r := range d.Risks {
			p("| %s | %s | %s | %s | %d | %s | %s | %s | %s |\n", r.ID, mdText(r.Text), r.Probability.Name(l), r.Impact.Name(l),
				r.Exposure(), mdText(r.Owner), mdText(r.Mitigation), dateText(r.Due), r.Status.Name(l))
		}
		p("\n")
	}

	p("## %s\n\n", t("八、本周变更", "8. Change requests this week"))
	if len(d.Changes) == 0 {
		p("%s\n\n", t("本周没有变更请求。", "No change request this week."))
	} else {
		p("| ID | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t("变更", "Change"), t("状态", "State"),
			t("进度影响", "Schedule impact"), t("影响里程碑", "Milestones reached"))
		for _, c := range d.Changes {
			ms := strings.Join(c.Milestones, ", ")
			if ms == "" {
				ms = "—"
			}
			p("| %s | %s | %s | %s | %s |\n", c.ID, mdText(c.Title), change.State(c.State).Name(l), daysText(l, c.ScheduleDays), ms)
		}
		p("\n")
	}

	p("## %s\n\n", t("九、需求统计", "9. Requirements"))
	p("| %s | %s |\n|---|---|\n", t("状态", "Status"), t("数量", "Count"))
	for _, st := range requirements.Statuses {
		if n := d.Reqs.ByStatus[string(st)]; n > 0 {
			p("| %s | %d |\n", st.Name(l), n)
		}
	}
	p("| **%s** | **%d** |\n\n", t("在范围内", "In scope"), d.Reqs.Total)
	if d.Reqs.Baseline > 0 {
		p("%s\n\n", t(fmt.Sprintf("需求基线 %d 条，当前在范围内 %d 条（上周末 %d 条）。", d.Reqs.Baseline, d.Reqs.Total, d.Reqs.Last),
			fmt.Sprintf("%d in the requirement baseline, %d in scope now (%d at the end of last week).", d.Reqs.Baseline, d.Reqs.Total, d.Reqs.Last)))
	}

	p("## %s\n\n", t("十、需客户协调事项", "10. Needs from the client"))
	if len(d.Needs) == 0 {
		p("%s\n\n", t("本周没有需要客户协调的事项。", "Nothing needs the client this week."))
	} else {
		for i, n := range d.Needs {
			p("%d. %s\n", i+1, mdText(needText(l, n)))
		}
		p("\n")
	}
	writeSprints(w, l, doc.Sprints)
	if len(d.Estimated) > 0 {
		years := make([]string, len(d.Estimated))
		for i, y := range d.Estimated {
			years[i] = fmt.Sprint(y)
		}
		p("> %s\n\n", t("注意："+strings.Join(years, "、")+" 年尚无官方节假日安排，按周末估算。",
			"Note: no official holiday calendar for "+strings.Join(years, ", ")+" yet; weekends only."))
	}
	p("%s\n", t("*由 crmflow 生成于 "+doc.Generated.Format("2006-01-02 15:04")+"。*",
		"*Generated by crmflow on "+doc.Generated.Format("2006-01-02 15:04")+".*"))
	return w.Flush()
}

// writeItems writes a bulleted list of week items, or none.
func writeItems(w io.Writer, l crmflow.Lang, items []milestones.WeekItem, none string) {
	if len(items) == 0 {
		fmt.Fprintf(w, "%s\n\n", none)
		return
	}
	for _, it := range items {
		fmt.Fprintf(w, "- %s\n", mdText(itemText(l, it)))
	}
	fmt.Fprintln(w)
}

// itemText is one line of done or planned work.
func itemText(l crmflow.Lang, it milestones.WeekItem) string {
	name := it.ID + " " + it.Name
	switch it.Kind {
	case "finished":
		return tr(l, it.Date.String()+" 完成 "+name, it.Date.String()+" finished "+name)
	case "started":
		return tr(l, it.Date.String()+" 开始 "+name, it.Date.String()+" started "+name)
	case "deliverable":
		return tr(l, fmt.Sprintf("%s 交付 %s（%s）", it.Date, it.What, name), fmt.Sprintf("%s delivered %s (%s)", it.Date, it.What, name))
	case "due":
		return tr(l, it.Date.String()+" 计划完成 "+name, "due "+it.Date.String()+": "+name)
	case "start":
		return tr(l, it.Date.String()+" 计划开始 "+name, "starts "+it.Date.String()+": "+name)
	case "requirement":
		st := requirements.Status(it.What).Name(l)
		return tr(l, fmt.Sprintf("本周 %d 条需求变为%s（最近一次 %s）", it.Count, st, it.Date), fmt.Sprintf("%s became %s this week (last on %s)", crmflow.Count(it.Count, "requirement"), st, it.Date))
	case "continue":
		return tr(l, "继续 "+name+"（预计 "+it.Date.String()+" 完成）", "continue "+name+" (due "+it.Date.String()+")")
	}
	return strings.TrimSpace(it.Date.String() + " " + name)
}

// needText is one item the client must decide or provide.
func needText(l crmflow.Lang, n milestones.Coordination) string {
	switch n.Kind {
	case "decision":
		return tr(l, "请决策变更 "+n.ID+" "+n.Text, "Decide change request "+n.ID+" "+n.Text)
	case "risk":
		return tr(l, fmt.Sprintf("风险 %s %s 的应对已过计划日期 %s（负责人 %s）", n.ID, n.Text, n.Due, n.Owner),
			fmt.Sprintf("Risk %s %s: the action was due %s (owner %s)", n.ID, n.Text, n.Due, n.Owner))
	case "milestone":
		return tr(l, fmt.Sprintf("%s %s 需客户 %s 参与，%s 前", n.ID, n.Text, n.Owner, n.Due),
			fmt.Sprintf("%s %s needs %s from the client by %s", n.ID, n.Text, n.Owner, n.Due))
	}
	return n.ID + " " + n.Text
}

// daysText writes a schedule impact in working days.
func daysText(l crmflow.Lang, days float64) string {
	if days == 0 {
		return "—"
	}
	return tr(l, fmt.Sprintf("%+g 个工作日", days), fmt.Sprintf("%+g %s", days, workingDays(days)))
}

// workingDays is "working day" in the number days (signed, perhaps a
// fraction) calls for: only ±1 is singular.
func workingDays(days float64) string {
	if days == 1 || days == -1 {
		return "working day"
	}
	return "working days"
}

// dimFacts says what a dimension's rating came from.
func dimFacts(l crmflow.Lang, d milestones.Dimension) string {
	f := d.Facts
	switch d.Key {
	case "schedule":
		return tr(l, fmt.Sprintf("缓冲已用 %.0f%%，关键链完成 %.0f%%；红色里程碑 %.0f 个，黄色 %.0f 个", f["buffer_used_pct"], f["chain_done_pct"], f["red_milestones"], f["amber_milestones"]),
			fmt.Sprintf("buffer %.0f%% used, chain %.0f%% done; %.0f red and %s", f["buffer_used_pct"], f["chain_done_pct"], f["red_milestones"], crmflow.Count(int(f["amber_milestones"]), "amber milestone")))
	case "scope":
		if f["baseline"] == 0 {
			return tr(l, fmt.Sprintf("在范围需求 %.0f 条，尚无需求基线", f["requirements"]), fmt.Sprintf("%.0f requirements in scope, no requirement baseline yet", f["requirements"]))
		}
		return tr(l, fmt.Sprintf("在范围需求 %.0f 条，基线 %.0f 条，增长 %.1f%%", f["requirements"], f["baseline"], f["growth_pct"]),
			fmt.Sprintf("%.0f requirements in scope, %.0f in the baseline, %+.1f%%", f["requirements"], f["baseline"], f["growth_pct"]))
	case "change":
		return tr(l, fmt.Sprintf("已实施变更影响 %.0f 个工作日（缓冲 %.0f 个）；待决 %.0f 项，最久 %.0f 天", f["applied_schedule_days"], f["buffer_days"], f["pending"], f["oldest_pending_days"]),
			fmt.Sprintf("applied changes add %.0f working days (buffer %.0f); %.0f pending, oldest %.0f days", f["applied_schedule_days"], f["buffer_days"], f["pending"], f["oldest_pending_days"]))
	case "risk":
		return tr(l, fmt.Sprintf("未关闭风险 %.0f 项，最高暴露值 %.0f", f["open"], f["top_exposure"]),
			fmt.Sprintf("%s, highest exposure %.0f", crmflow.Count(int(f["open"]), "open risk"), f["top_exposure"]))
	}
	return ""
}
