package acceptance

import (
	"fmt"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report/docs"
)

// RoundLine is one UAT round as the report lists it.
type RoundLine struct {
	Round acceptance.Round
	Tally acceptance.Tally
	First string // the first and last day results were recorded for
	Last  string
}

// Report is what the acceptance report (验收报告) of one round is made of.
type Report struct {
	Lang     crmflow.Lang
	Project  string
	Client   string
	Contract string // the contract it accepts against; "" when none is recorded
	Date     time.Time
	Baseline string
	Hash     string
	ReqCount int
	Modules  map[string]string // module key → name in Lang
	Rounds   []RoundLine       // every round on the baseline, oldest first
	Status   acceptance.RoundStatus
	Defects  []acceptance.Defect // those found by the round's cases
	Verdict  acceptance.Assessment
	// Signatures is what the sign-off capability supplies; none prints
	// blank lines for the client and the vendor to sign on.
	Signatures []acceptance.Signature
}

// FileName is the report's file name in lang.
func FileName(lang crmflow.Lang, round string, ext string) string {
	if lang == crmflow.LangEN {
		return round + "-acceptance-report." + ext
	}
	return round + "-验收报告." + ext
}

func (r *Report) module(key string) string {
	if n, ok := r.Modules[key]; ok && n != "" {
		return n
	}
	return key
}

// Markdown writes the report.
func Markdown(r *Report) []byte {
	l := r.Lang
	var b strings.Builder
	title := tr(l, "用户验收报告", "User Acceptance Report")
	fmt.Fprintf(&b, "# %s\n\n", title)
	colon := tr(l, "：", ": ")
	fmt.Fprintf(&b, "**%s**%s%s  \n", tr(l, "项目", "Project"), colon, mdText(r.Project))
	fmt.Fprintf(&b, "**%s**%s%s  \n", tr(l, "客户", "Client"), colon, mdText(r.Client))
	fmt.Fprintf(&b, "**%s**%s%s %s  \n", tr(l, "验收轮次", "UAT round"), colon, r.Status.Round.ID, mdText(r.Status.Round.Name))
	fmt.Fprintf(&b, "**%s**%s%s\n\n", tr(l, "报告日期", "Date"), colon, r.Date.Format("2006-01-02"))

	fmt.Fprintf(&b, "## 1. %s\n\n", tr(l, "验收依据", "Basis"))
	contract := r.Contract
	if contract == "" {
		contract = tr(l, "未登记", "not recorded")
	}
	table(&b, []string{tr(l, "项目", "Item"), tr(l, "内容", "Value")}, [][]string{
		{tr(l, "合同", "Contract"), mdText(contract)},
		{tr(l, "需求规格说明书版本（基线）", "SRS version (baseline)"), mdText(r.Baseline)},
		{tr(l, "基线哈希（SHA-256）", "Baseline hash (SHA-256)"), "`" + r.Hash + "`"},
		{tr(l, "验收规则", "Acceptance rule"), tr(l, "全部计划用例已执行；所有致命、严重缺陷均已修复并复验通过", "every planned case run; every critical and major defect fixed and re-verified")},
	})

	fmt.Fprintf(&b, "## 2. %s\n\n", tr(l, "验收范围", "Scope"))
	fmt.Fprintf(&b, tr(l, "基线 %s 共 %d 条需求，其中 %d 条有验收用例，共 %d 个用例。\n\n",
		"Baseline %s holds %d requirements; %d of them have acceptance test cases, %d cases in all.\n\n"),
		mdText(r.Baseline), r.ReqCount, len(r.Status.Reqs), r.Status.Total.Total)

	fmt.Fprintf(&b, "## 3. %s\n\n", tr(l, "验收轮次", "Rounds"))
	rows := [][]string{}
	for _, rl := range r.Rounds {
		period := "—"
		if rl.First != "" {
			period = rl.First
			if rl.Last != rl.First {
				period += " ~ " + rl.Last
			}
		}
		rows = append(rows, []string{rl.Round.ID, mdText(rl.Round.Name), mdText(rl.Round.Baseline), mdText(strings.Join(rl.Round.Testers, tr(l, "、", ", "))),
			period, fmt.Sprint(rl.Tally.Pass), fmt.Sprint(rl.Tally.Fail), fmt.Sprint(rl.Tally.Blocked), fmt.Sprint(rl.Tally.Untested)})
	}
	table(&b, []string{tr(l, "轮次", "Round"), tr(l, "名称", "Name"), tr(l, "基线", "Baseline"), tr(l, "测试人", "Testers"),
		tr(l, "执行日期", "Dates"), tr(l, "通过", "Pass"), tr(l, "不通过", "Fail"), tr(l, "阻塞", "Blocked"), tr(l, "未测", "Untested")}, rows)

	fmt.Fprintf(&b, "## 4. %s\n\n", tr(l, "测试结果（按模块）", "Results by module"))
	rows = rows[:0]
	for _, m := range r.Status.Modules {
		rows = append(rows, []string{mdText(r.module(m.Key)), fmt.Sprint(m.Total), fmt.Sprint(m.Pass), fmt.Sprint(m.Fail),
			fmt.Sprint(m.Blocked), fmt.Sprint(m.Untested), pct(m.PassRate())})
	}
	t := r.Status.Total
	rows = append(rows, []string{tr(l, "**合计**", "**Total**"), fmt.Sprint(t.Total), fmt.Sprint(t.Pass), fmt.Sprint(t.Fail),
		fmt.Sprint(t.Blocked), fmt.Sprint(t.Untested), pct(t.PassRate())})
	table(&b, []string{tr(l, "模块", "Module"), tr(l, "用例", "Cases"), tr(l, "通过", "Pass"), tr(l, "不通过", "Fail"),
		tr(l, "阻塞", "Blocked"), tr(l, "未测", "Untested"), tr(l, "通过率", "Pass rate")}, rows)
	notPassed := [][]string{}
	for _, c := range r.Status.Cases {
		if c.Result.Result == acceptance.Pass {
			continue
		}
		notPassed = append(notPassed, []string{c.Case.ID, c.Case.Req, mdText(c.Case.Title), c.Result.Result.Name(l),
			mdText(c.Result.Comment), mdText(strings.Join(c.Result.Defects, ", "))})
	}
	if len(notPassed) > 0 {
		fmt.Fprintf(&b, "%s\n\n", tr(l, "未通过的用例：", "Cases that did not pass:"))
		table(&b, []string{tr(l, "用例", "Case"), tr(l, "需求", "Requirement"), tr(l, "标题", "Title"), tr(l, "结果", "Result"),
			tr(l, "备注", "Comment"), tr(l, "缺陷", "Defects")}, notPassed)
	}

	fmt.Fprintf(&b, "## 5. %s\n\n", tr(l, "缺陷统计（按严重程度）", "Defects by severity"))
	rows = rows[:0]
	for _, sev := range acceptance.Severities {
		counts := map[acceptance.DefectState]int{}
		n := 0
		for _, d := range r.Defects {
			if d.Severity == sev {
				counts[d.State]++
				n++
			}
		}
		rows = append(rows, []string{sev.Name(l), fmt.Sprint(n), fmt.Sprint(counts[acceptance.Open]), fmt.Sprint(counts[acceptance.Fixed]),
			fmt.Sprint(counts[acceptance.Verified]), fmt.Sprint(counts[acceptance.Closed])})
	}
	table(&b, []string{tr(l, "严重程度", "Severity"), tr(l, "合计", "Total"), acceptance.Open.Name(l), acceptance.Fixed.Name(l),
		acceptance.Verified.Name(l), acceptance.Closed.Name(l)}, rows)
	if len(r.Defects) > 0 {
		rows = rows[:0]
		for _, d := range r.Defects {
			rows = append(rows, []string{d.ID, d.Case, mdText(d.Title), d.Severity.Name(l), d.State.Name(l), mdText(d.Owner)})
		}
		table(&b, []string{tr(l, "缺陷", "Defect"), tr(l, "用例", "Case"), tr(l, "标题", "Title"), tr(l, "严重程度", "Severity"),
			tr(l, "状态", "State"), tr(l, "负责人", "Owner")}, rows)
	}

	fmt.Fprintf(&b, "## 6. %s\n\n", tr(l, "遗留问题", "Open items"))
	if len(r.Verdict.OpenItems) == 0 && len(r.Verdict.Blocking) == 0 {
		fmt.Fprintf(&b, "%s\n\n", tr(l, "无。", "None."))
	} else {
		rows = rows[:0]
		for _, d := range r.Verdict.Blocking {
			rows = append(rows, []string{d.ID, d.Case, mdText(d.Title), d.Severity.Name(l), mdText(d.Owner), mdText(d.Due)})
		}
		for _, it := range r.Verdict.OpenItems {
			what := it.Severity.Name(l)
			if it.Defect == "" {
				what = it.Result.Name(l)
			}
			rows = append(rows, []string{mdText(it.Defect), it.Case, mdText(it.Title), what, mdText(it.Owner), mdText(it.Due)})
		}
		table(&b, []string{tr(l, "缺陷", "Defect"), tr(l, "用例", "Case"), tr(l, "问题", "Issue"), tr(l, "严重程度/结果", "Severity/result"),
			tr(l, "负责人", "Owner"), tr(l, "完成期限", "Deadline")}, rows)
	}

	fmt.Fprintf(&b, "## 7. %s\n\n", tr(l, "验收结论", "Verdict"))
	fmt.Fprintf(&b, "**%s**\n\n", r.Verdict.Verdict.Name(l))
	switch r.Verdict.Verdict {
	case acceptance.Rejected:
		if n := len(r.Verdict.Blocking); n > 0 {
			fmt.Fprintf(&b, tr(l, "仍有 %d 个致命或严重缺陷未修复并复验，按验收规则不予通过。\n\n",
				"%d critical or major defects are not yet fixed and re-verified, so by the acceptance rule the system is not accepted.\n\n"), n)
		}
		if n := r.Verdict.Untested; n > 0 {
			fmt.Fprintf(&b, tr(l, "仍有 %d 个用例未执行；验收须执行全部计划用例。\n\n",
				"%d cases were not run; an acceptance runs every planned case.\n\n"), n)
		}
	case acceptance.Conditional:
		fmt.Fprintf(&b, tr(l, "致命、严重缺陷均已修复并复验；%d 项遗留问题须由负责人在期限内完成。\n\n",
			"Every critical and major defect is fixed and re-verified; %d open items remain, each to be closed by its owner by its deadline.\n\n"), len(r.Verdict.OpenItems))
	default:
		fmt.Fprintf(&b, "%s\n\n", tr(l, "全部用例通过，无遗留缺陷。", "Every case passed and no defect is open."))
	}

	fmt.Fprintf(&b, "## 8. %s\n\n", tr(l, "签字", "Signatures"))
	rows = rows[:0]
	for _, s := range r.Signatures {
		rows = append(rows, []string{mdText(s.Role), mdText(s.Name), mdText(s.Meaning), mdText(s.SignedAt), mdText(s.Note)})
	}
	if len(rows) == 0 {
		blank := ""
		rows = append(rows,
			[]string{tr(l, "客户方代表", "Client representative"), blank, tr(l, "验收通过", "Accepted"), blank, blank},
			[]string{tr(l, "实施方项目经理", "Vendor project manager"), blank, tr(l, "验收通过", "Accepted"), blank, blank})
	}
	table(&b, []string{tr(l, "角色", "Role"), tr(l, "姓名", "Name"), tr(l, "签字含义", "Meaning"), tr(l, "日期", "Date"), tr(l, "备注", "Note")}, rows)
	return []byte(b.String())
}

// HTML writes the report as one self-contained page.
func HTML(r *Report) ([]byte, error) {
	return docs.MarkdownToHTML(Markdown(r), tr(r.Lang, "用户验收报告", "User Acceptance Report")+" "+r.Status.Round.ID, r.Lang)
}
