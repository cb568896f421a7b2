package docs

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/survey"
)

// SurveyReport is what the survey report (调研报告) is built from.
type SurveyReport struct {
	Project     crmflow.Project
	Lang        crmflow.Lang
	Generated   time.Time
	Results     []survey.Results // one per questionnaire
	Interviews  []research.Interview
	Findings    []research.FindingView // ranked
	Competitors []research.Competitor
	Matrix      research.Matrix
	Titles      map[string]string // requirement titles
}

// BuildSurveyReport writes the survey report: method, respondents by role,
// results per question, interview summaries, the findings ranked with the
// requirements each became, and the competitor matrix.
func BuildSurveyReport(w io.Writer, r *SurveyReport, format report.Format) error {
	var b bytes.Buffer
	l := r.Lang
	figures := map[string][]byte{}
	title := r.Project.Name + " " + report.Tr(l, "需求调研报告", "Requirement survey report")
	fmt.Fprintf(&b, "# %s\n\n", mdInline(title))
	fmt.Fprintf(&b, "%s%s · %s%s\n\n", report.Tr(l, "客户：", "Client: "), mdInline(r.Project.Client), report.Tr(l, "生成时间：", "Generated: "), r.Generated.Format("2006-01-02"))

	respondents := 0
	for _, res := range r.Results {
		respondents += res.Respondents
	}
	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "调研方法", "Method"))
	fmt.Fprintf(&b, report.Tr(l, "本次调研采用问卷调查与深度访谈相结合的方式：%d 份问卷共回收 %d 份答卷；访谈关键人员 %d 人次；记录问题与痛点 %d 条；研究竞品 %d 家。\n\n",
		"The survey combined questionnaires and in-depth interviews: %d questionnaire(s) with %d responses; %d interviews with key people; %d findings recorded; %d competitors studied.\n\n"),
		len(r.Results), respondents, len(r.Interviews), len(r.Findings), len(r.Competitors))

	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "问卷调查", "Questionnaires"))
	if len(r.Results) == 0 {
		b.WriteString(report.Tr(l, "本项目尚无问卷。\n\n", "No questionnaire yet.\n\n"))
	}
	for i, res := range r.Results {
		fmt.Fprintf(&b, "### %s %s\n\n", mdInline(res.Questionnaire), mdInline(res.Title))
		var roles []string
		for _, rc := range res.Roles {
			roles = append(roles, fmt.Sprintf("%s %d", mdInline(rc.Name), rc.Respondents))
		}
		fmt.Fprintf(&b, report.Tr(l, "答卷 %d 份；按角色：%s。\n\n", "%d responses; by role: %s.\n\n"), res.Respondents, strings.Join(roles, report.Tr(l, "、", ", ")))
		var sec bytes.Buffer
		charts := format == report.FormatHTML
		if err := SurveyResultsSections(&sec, l, &res, 4, charts); err != nil {
			return err
		}
		if charts {
			figs, err := SurveyResultsFigures(l, &res)
			if err != nil {
				return err
			}
			// Each questionnaire's figures get their own names on the page.
			prefix := fmt.Sprintf("q%d-", i+1)
			for k, v := range figs {
				figures[prefix+k] = v
			}
			b.WriteString(strings.ReplaceAll(sec.String(), "(survey-figure-", "("+prefix+"survey-figure-"))
		} else {
			b.Write(sec.Bytes())
		}
	}

	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "访谈纪要", "Interviews"))
	if len(r.Interviews) == 0 {
		b.WriteString(report.Tr(l, "本项目尚无访谈。\n\n", "No interviews yet.\n\n"))
	}
	for _, iv := range r.Interviews {
		fmt.Fprintf(&b, "### %s %s\n\n", mdInline(iv.ID), mdInline(iv.WhoIn(l)))
		var meta []string
		for _, kv := range [][2]string{{report.Tr(l, "日期：", "Date: "), iv.Date}, {report.Tr(l, "单位：", "Organisation: "), iv.Org}} {
			if strings.TrimSpace(kv[1]) != "" {
				meta = append(meta, kv[0]+mdInline(kv[1]))
			}
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "%s\n\n", strings.Join(meta, " · "))
		}
		if strings.TrimSpace(iv.Notes) != "" {
			b.WriteString(demoteHeadings(withoutRemoteImages(iv.Notes), 3))
			b.WriteString("\n\n")
		}
	}

	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "问题与痛点（按严重度排序）", "Findings, ranked"))
	if len(r.Findings) == 0 {
		b.WriteString(report.Tr(l, "本项目尚无记录的问题。\n\n", "No findings yet.\n\n"))
	} else {
		fmt.Fprintf(&b, "| # | %s | %s | %s | %s | %s | %s | %s |\n|---:|---|---|---|---|---:|---|---|\n", report.Tr(l, "编号", "ID"), report.Tr(l, "问题", "Finding"),
			report.Tr(l, "量化", "Measure"), report.Tr(l, "来源", "Source"), report.Tr(l, "严重度", "Severity"), report.Tr(l, "模块", "Module"), report.Tr(l, "转化需求", "Requirements"))
		for i, f := range r.Findings {
			reqs := "—"
			if len(f.Requirements) > 0 {
				reqs = mdCell(strings.Join(f.Requirements, ", "))
			}
			source := f.Interview
			if f.Interviewee != "" {
				source += " " + f.Interviewee
			}
			// The ID in bold: the stylesheet keeps bold cells on one line.
			id := mdCell(f.ID)
			if id != "" {
				id = "**" + id + "**"
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %d | %s | %s |\n", i+1, id, mdCell(f.Text), mdCell(f.MeasureText), mdCell(source),
				f.Severity, mdCell(f.ModuleName), reqs)
		}
		b.WriteString("\n")
		fmt.Fprintf(&b, "### %s\n\n", report.Tr(l, "问题到需求的追踪", "From findings to requirements"))
		for _, f := range r.Findings {
			if len(f.Requirements) == 0 {
				fmt.Fprintf(&b, "- %s %s → %s\n", mdInline(f.ID), mdInline(f.Text), report.Tr(l, "尚未转化为需求", "no requirement yet"))
				continue
			}
			var parts []string
			for _, id := range f.Requirements {
				parts = append(parts, mdInline(id+" "+r.Titles[id]))
			}
			fmt.Fprintf(&b, "- %s %s → %s\n", mdInline(f.ID), mdInline(f.Text), strings.Join(parts, report.Tr(l, "；", "; ")))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "竞品调研", "Competitor research"))
	if len(r.Competitors) == 0 {
		b.WriteString(report.Tr(l, "本项目尚无竞品记录。\n\n", "No competitors recorded.\n\n"))
	}
	for _, c := range r.Competitors {
		fmt.Fprintf(&b, "### %s\n\n", mdInline(c.Name))
		for _, kv := range [][2]string{{report.Tr(l, "优势", "Strengths"), c.Strengths}, {report.Tr(l, "不足", "Weaknesses"), c.Weaknesses},
			{report.Tr(l, "价格", "Pricing"), c.Pricing}, {report.Tr(l, "备注", "Notes"), c.Notes}} {
			if strings.TrimSpace(kv[1]) != "" {
				fmt.Fprintf(&b, "- **%s**%s%s\n", kv[0], report.Tr(l, "：", ": "), mdInline(kv[1]))
			}
		}
		b.WriteString("\n")
	}
	if len(r.Matrix.Rows) > 0 {
		fmt.Fprintf(&b, "### %s\n\n| %s |", report.Tr(l, "功能对比", "Feature matrix"), report.Tr(l, "功能", "Feature"))
		for _, c := range r.Matrix.Competitors {
			fmt.Fprintf(&b, " %s |", mdCell(c))
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", len(r.Matrix.Competitors)) + "\n")
		verdicts := map[string][2]string{"yes": {"有", "yes"}, "no": {"无", "no"}, "partial": {"部分", "partial"}, "": {"—", "—"}}
		for _, row := range r.Matrix.Rows {
			fmt.Fprintf(&b, "| %s |", mdCell(row.Feature))
			for _, cell := range row.Cells {
				v := verdicts[string(cell.Verdict)]
				text := report.Tr(l, v[0], v[1])
				if cell.Note != "" {
					text += report.Tr(l, "（"+cell.Note+"）", " ("+cell.Note+")")
				}
				fmt.Fprintf(&b, " %s |", mdCell(text))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	if format == report.FormatHTML {
		page, err := markdownToHTML(b.Bytes(), title, l, figures)
		if err != nil {
			return err
		}
		_, err = w.Write(page)
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
