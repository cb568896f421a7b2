package docs

// Survey results as documents: Markdown and a self-contained HTML page with
// SVG bar charts, and the printable Markdown questionnaire. The per-question
// rendering (SurveyResultsSections) is shared with the survey report
// (调研报告), which embeds it under its own headings.

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/svg"
	"github.com/crmflow/crmflow/survey"
)

// pct writes a percentage with at most one decimal.
func pct(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + "%" }

// SurveyResultsMarkdown writes res as a Markdown document: a cover with the
// respondents by role, the pain points ranked, then every question's results.
func SurveyResultsMarkdown(w io.Writer, lang crmflow.Lang, res *survey.Results) error {
	return surveyResultsDoc(w, lang, res, false)
}

func surveyResultsDoc(w io.Writer, lang crmflow.Lang, res *survey.Results, charts bool) error {
	var b bytes.Buffer
	t := func(k string) string { return report.SurveyWords.In(lang, k) }
	fmt.Fprintf(&b, "# %s%s%s\n\n", t("results"), t("colon"), mdInline(res.Title))
	fmt.Fprintf(&b, report.Tr(lang, "%s %s（%s %d）· %s %d\n\n", "%s %s (%s %d) · %s: %d\n\n"),
		t("id"), res.Questionnaire, t("revision"), res.Revision, t("respondents"), res.Respondents)
	var parts []string
	for _, r := range res.Roles {
		parts = append(parts, fmt.Sprintf("%s %d", mdInline(r.Name), r.Respondents))
	}
	fmt.Fprintf(&b, "%s%s%s\n\n", t("byrole"), t("colon"), strings.Join(parts, " · "))
	if err := SurveyResultsSections(&b, lang, res, 2, charts); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// surveyFigure is the image path that stands for question i's chart in the
// Markdown given to the HTML page; the page inlines the SVG there.
func surveyFigure(i int) string { return fmt.Sprintf("survey-figure-%d.svg", i) }

// SurveyResultsSections writes the pain-point ranking and the per-question
// results as Markdown sections whose headings start at level (2 for ##).
// With charts, each choice and rating question is followed by an image
// surveyFigure(i) that SurveyResultsFigures draws (for HTML pages).
func SurveyResultsSections(w io.Writer, lang crmflow.Lang, res *survey.Results, level int, charts bool) error {
	t := func(k string) string { return report.SurveyWords.In(lang, k) }
	h := func(n int) string { return strings.Repeat("#", level+n) + " " }
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%s\n\n", h(0), t("pains"))
	if len(res.Pains) == 0 || res.Respondents == 0 {
		fmt.Fprintf(&b, "%s\n\n", t("nopains"))
	} else {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n|---:|---|---:|---:|---|\n", t("rank"), t("pain"), t("count"), t("share"), t("roles"))
		for i, p := range res.Pains {
			roles := make([]string, len(p.Roles))
			for j, r := range p.Roles {
				roles[j] = mdCell(r)
			}
			fmt.Fprintf(&b, "| %d | %s | %d | %s | %s |\n", i+1, mdCell(p.Pain), p.Count, pct(p.Percent), strings.Join(roles, t("sep")))
		}
		b.WriteString("\n")
		if charts {
			fmt.Fprintf(&b, "![%s](%s)\n\n", t("pains"), surveyFigure(0))
		}
	}
	fmt.Fprintf(&b, "%s%s\n\n", h(0), t("questions"))
	for i, q := range res.Questions {
		role := q.RoleName
		if role == "" {
			role = t("allroles")
		}
		req := ""
		if q.Required {
			req = " · " + t("required")
		}
		fmt.Fprintf(&b, "%s%d. %s\n\n", h(1), i+1, mdInline(q.Text))
		fmt.Fprintf(&b, "%s · %s · %s%s\n\n", mdInline(role), q.Type.Name(lang), fmt.Sprintf(t("asked"), q.Answered, q.Asked), req)
		if q.Answered == 0 {
			fmt.Fprintf(&b, "%s\n\n", t("noanswer"))
			continue
		}
		switch {
		case q.Type.Choice():
			fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---:|---:|\n", t("option"), t("count"), t("share"))
			for _, o := range q.Options {
				fmt.Fprintf(&b, "| %s | %d | %s |\n", mdCell(o.Option), o.Count, pct(o.Percent))
			}
			b.WriteString("\n")
			if q.Type == survey.Multi {
				fmt.Fprintf(&b, "%s\n\n", t("multinote"))
			}
		case q.Stats != nil:
			s := q.Stats
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n|---:|---:|---:|---:|---:|\n", t("answers"), t("mean"), t("median"), t("min"), t("max"))
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n\n", s.Count, report.Num(s.Mean), report.Num(s.Median), report.Num(s.Min), report.Num(s.Max))
			head := t("range")
			if q.Type == survey.Rating {
				head = t("rating")
			}
			fmt.Fprintf(&b, "| %s | %s |\n|---|---:|\n", head, t("count"))
			for _, d := range s.Distribution {
				fmt.Fprintf(&b, "| %s | %d |\n", mdCell(d.Label), d.Count)
			}
			b.WriteString("\n")
		default:
			for _, a := range q.Texts {
				who := a.Respondent
				if a.Department != "" {
					who += report.Tr(lang, "（"+a.Department+"）", " ("+a.Department+")")
				}
				fmt.Fprintf(&b, "- %s — %s\n", mdInline(a.Text), mdInline(who))
			}
			b.WriteString("\n")
		}
		if charts && (q.Type.Choice() || q.Stats != nil) {
			fmt.Fprintf(&b, "![%s %d](%s)\n\n", t("chart"), i+1, surveyFigure(i+1))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// SurveyResultsFigures draws the bar charts SurveyResultsSections refers to
// with charts on: the pain-point ranking and each choice and rating or number
// question's distribution, keyed by their image paths.
func SurveyResultsFigures(lang crmflow.Lang, res *survey.Results) (map[string][]byte, error) {
	figs := map[string][]byte{}
	draw := func(key string, c svg.BarChart) error {
		var b bytes.Buffer
		c.Lang = string(lang)
		if err := svg.WriteBarChart(&b, c); err != nil {
			return err
		}
		figs[key] = b.Bytes()
		return nil
	}
	if len(res.Pains) > 0 && res.Respondents > 0 {
		c := svg.BarChart{Title: report.SurveyWords.In(lang, "pains")}
		for _, p := range res.Pains {
			c.Bars = append(c.Bars, svg.Bar{Label: p.Pain, Value: float64(p.Count), Text: fmt.Sprintf("%d (%s)", p.Count, pct(p.Percent))})
		}
		if err := draw(surveyFigure(0), c); err != nil {
			return nil, err
		}
	}
	for i, q := range res.Questions {
		if q.Answered == 0 {
			continue
		}
		var c svg.BarChart
		switch {
		case q.Type.Choice():
			for _, o := range q.Options {
				c.Bars = append(c.Bars, svg.Bar{Label: o.Option, Value: float64(o.Count), Text: fmt.Sprintf("%d (%s)", o.Count, pct(o.Percent))})
			}
		case q.Stats != nil:
			for _, d := range q.Stats.Distribution {
				c.Bars = append(c.Bars, svg.Bar{Label: d.Label, Value: float64(d.Count), Text: strconv.Itoa(d.Count)})
			}
		default:
			continue
		}
		if err := draw(surveyFigure(i+1), c); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// SurveyResultsHTML writes res as one self-contained HTML page (the SRS's
// page template and stylesheet) with an SVG bar chart per question.
func SurveyResultsHTML(w io.Writer, lang crmflow.Lang, res *survey.Results) error {
	var md bytes.Buffer
	if err := surveyResultsDoc(&md, lang, res, true); err != nil {
		return err
	}
	figs, err := SurveyResultsFigures(lang, res)
	if err != nil {
		return err
	}
	title := report.SurveyWords.In(lang, "results") + " — " + res.Title
	page, err := markdownToHTML(md.Bytes(), title, lang, figs)
	if err != nil {
		return err
	}
	_, err = w.Write(page)
	return err
}

// QuestionnaireMarkdown writes q as a printable Markdown questionnaire: one
// section per role, with lines to write on and boxes to tick.
func QuestionnaireMarkdown(w io.Writer, q *survey.Questionnaire, exported time.Time) error {
	lang := q.Lang
	if lang != crmflow.LangEN {
		lang = crmflow.LangZH
	}
	t := func(zh, en string) string { return report.Tr(lang, zh, en) }
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", mdInline(q.Title))
	fmt.Fprintf(&b, "%s %s · %s %d · %s\n\n", t("问卷", "Questionnaire"), q.ID, t("版本", "revision"), q.Revision, exported.Format("2006-01-02"))
	b.WriteString(t("请在您所在角色的部分作答。单选题勾选一项，多选题可勾选多项，评分题圈出 1 到 5 的一个数字（1 最低，5 最高）。带 * 的题目必填。\n\n",
		"Answer the part for your role. Tick one box for single choice and any for multiple choice; circle one number from 1 (lowest) to 5 (highest) for ratings. Questions marked * are required.\n\n"))
	for _, r := range q.Roles {
		fmt.Fprintf(&b, "## %s\n\n", mdInline(r.Name(lang)))
		// Ideographic spaces between the blanks in Chinese, em spaces in English.
		gap := t("\u3000", "\u2003")
		fmt.Fprintf(&b, "%s ______________%s%s ______________%s%s ______________\n\n",
			t("姓名：", "Name:"), gap, t("部门：", "Department:"), gap, t("日期：", "Date:"))
		for i, x := range q.QuestionsFor(r.Key) {
			star := ""
			if x.Required {
				star = " \\*"
			}
			fmt.Fprintf(&b, "**%d. %s**%s"+t("（%s）", " (%s)")+"\n\n", i+1, mdInline(x.Text.In(lang)), star, x.Type.Name(lang))
			switch x.Type {
			case survey.Single, survey.Multi:
				box := "○"
				if x.Type == survey.Multi {
					box = "☐"
				}
				for _, o := range x.Options {
					fmt.Fprintf(&b, "- %s %s\n", box, mdInline(o.In(lang)))
				}
				b.WriteString("\n")
			case survey.Rating:
				b.WriteString(strings.Join([]string{"1 ○", "2 ○", "3 ○", "4 ○", "5 ○"}, gap) + "\n\n")
			case survey.Number:
				fmt.Fprintf(&b, "%s ______________\n\n", t("数字：", "Number:"))
			default:
				b.WriteString("________________________________________________\n\n________________________________________________\n\n")
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}
