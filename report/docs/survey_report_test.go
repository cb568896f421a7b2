package docs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/survey"
)

// surveyReportFixture is a small project's survey: one questionnaire, two
// interviews (one with hostile Markdown), three findings (one promoted to two
// requirements, one unpromoted), two competitors and their matrix.
func surveyReportFixture(t testing.TB, lang crmflow.Lang) *SurveyReport {
	_, res, _ := reporttest.SurveyResults(t, lang)
	v := func(f float64) *float64 { return &f }
	competitors := []research.Competitor{
		{Name: "销售易", Strengths: "移动端成熟", Weaknesses: "定制 | 费用高", Pricing: "按用户/年",
			Features: []research.Feature{{Feature: "移动拜访", Verdict: research.Yes}, {Feature: "离线签到", Verdict: research.Partial, Note: "仅安卓"}}},
		{Name: "<纷享销客>", Strengths: "连接型 CRM", Notes: "=HYPERLINK(\"http://x\")",
			Features: []research.Feature{{Feature: "移动拜访", Verdict: research.Yes}, {Feature: "BI 报表", Verdict: research.No}}},
	}
	return &SurveyReport{
		Project:   crmflow.Project{Name: "华东快消 CRM 定制", Client: "某快消品公司", Lang: lang},
		Lang:      lang,
		Generated: reporttest.Time,
		Results:   []survey.Results{*res},
		Interviews: []research.Interview{
			{ID: "INT-001", With: "张总", Role: "销售总监", Org: "销售部", Date: "2026-11-20",
				Notes: "# 现状\n\n拜访记录靠 Excel，月底汇总。\n\n## 期望\n\n- 手机端拜访签到\n- <script>alert(1)</script>"},
			{ID: "INT-002", With: "王工", Date: "2026-11-21"},
		},
		Findings: []research.FindingView{
			{Finding: research.Finding{ID: "F-001", Text: "拜访记录靠Excel，月底汇总丢失约30%", Interview: "INT-001", Measure: "拜访记录丢失率", Value: v(30), Unit: "%", Severity: 5, Module: "visit"},
				ModuleName: "拜访跟进", MeasureText: "拜访记录丢失率 30%", Interviewee: research.Interview{With: "张总", Role: "销售总监"}.WhoIn(lang), Requirements: []string{"REQ-005", "REQ-031"}},
			{Finding: research.Finding{ID: "F-002", Text: "离职交接 | 客户流失", Severity: 4},
				MeasureText: "", Requirements: nil},
			{Finding: research.Finding{ID: "F-003", Text: "报表靠手工 *汇总*", Interview: "INT-002", Severity: 2},
				Interviewee: "王工", Requirements: []string{"REQ-012"}},
		},
		Competitors: competitors,
		Matrix:      research.BuildMatrix(competitors),
		Titles:      map[string]string{"REQ-005": "移动端拜访签到", "REQ-031": "拜访记录自动汇总", "REQ-012": "销售周报自动生成"},
	}
}

func buildSurveyReport(t testing.TB, r *SurveyReport, f report.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := BuildSurveyReport(&b, r, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSurveyReportGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		reporttest.Golden(t, "survey-report."+string(lang)+".md", buildSurveyReport(t, surveyReportFixture(t, lang), report.FormatMarkdown))
	}
}

// TestSurveyReportContent pins what the issue asks of the report, so a
// careless -update cannot drop a section.
func TestSurveyReportContent(t *testing.T) {
	md := string(buildSurveyReport(t, surveyReportFixture(t, crmflow.LangZH), report.FormatMarkdown))
	for _, want := range []string{
		"## 调研方法", "1 份问卷共回收 3 份答卷；访谈关键人员 2 人次；记录问题与痛点 3 条；研究竞品 2 家",
		"## 问卷调查", "答卷 3 份；按角色：",
		"## 访谈纪要", "### INT-001 张总（销售总监）", "#### 现状", "##### 期望",
		"## 问题与痛点（按严重度排序）",
		"| 1 | **F-001** | 拜访记录靠Excel，月底汇总丢失约30% | 拜访记录丢失率 30% | INT-001 张总（销售总监） | 5 | 拜访跟进 | REQ-005, REQ-031 |",
		"| 2 | **F-002** | 离职交接 \\| 客户流失 |", "| 4 |  | — |",
		"- F-002 离职交接 \\| 客户流失 → 尚未转化为需求", "### INT-002 王工\n\n日期：2026-11-21\n\n## 问题与痛点",
		"- F-001 拜访记录靠Excel，月底汇总丢失约30% → REQ-005 移动端拜访签到；REQ-031 拜访记录自动汇总",
		"## 竞品调研", "### 销售易", "- **不足**：定制 \\| 费用高",
		"| 功能 | 销售易 | \\<纷享销客\\> |", "| 离线签到 | 部分（仅安卓） | — |", "| BI 报表 | — | 无 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	en := string(buildSurveyReport(t, surveyReportFixture(t, crmflow.LangEN), report.FormatMarkdown))
	for _, want := range []string{"## Method", "## Findings, ranked", "- **Weaknesses**: ", "| partial (仅安卓) |", "### INT-001 张总 (销售总监)", "| INT-001 张总 (销售总监) |", "→ no requirement yet"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English report lacks %q", want)
		}
	}
	if strings.ContainsAny(strings.Split(en, "## Interviews")[0], "：（") {
		t.Error("the English report uses Chinese punctuation before the interviews")
	}
}

func TestSurveyReportEmpty(t *testing.T) {
	r := &SurveyReport{Project: crmflow.Project{Name: "空项目"}, Lang: crmflow.LangZH, Generated: reporttest.Time}
	for _, f := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
		out := string(buildSurveyReport(t, r, f))
		for _, want := range []string{"本项目尚无问卷", "本项目尚无访谈", "本项目尚无记录的问题", "本项目尚无竞品记录"} {
			if !strings.Contains(out, want) {
				t.Errorf("format %v: the empty report lacks %q", f, want)
			}
		}
	}
}

func TestSurveyReportHTML(t *testing.T) {
	page := buildSurveyReport(t, surveyReportFixture(t, crmflow.LangZH), report.FormatHTML)
	html := string(page)
	for _, bad := range []string{"<script>alert", "<纷享销客>", "href=\"http", "src=\"q1-survey-figure"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if n := strings.Count(html, "<svg"); n != 7 {
		t.Errorf("%d charts inline, want 7 (one per charted question)", n)
	}
	if !bytes.Equal(page, buildSurveyReport(t, surveyReportFixture(t, crmflow.LangZH), report.FormatHTML)) {
		t.Error("the page differs between two runs")
	}

	br := reporttest.OpenInChromium(t, page, "survey.html")
	br.PDF()
	dom := br.DOM()
	for _, want := range []string{"调研方法", "访谈纪要", "问题与痛点（按严重度排序）", "竞品调研", "&lt;纷享销客&gt;", "REQ-005, REQ-031"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM lacks %q", want)
		}
	}
	if strings.Count(dom, "<svg") != 7 || strings.Contains(dom, "<script>alert") {
		t.Errorf("the DOM has %d charts or runs the interview's script", strings.Count(dom, "<svg"))
	}
}

func TestDemoteHeadings(t *testing.T) {
	for _, c := range []struct {
		in    string
		level int
		want  string
	}{
		{"# 背景\n正文\n## 细节", 2, "### 背景\n正文\n#### 细节"},
		{"## 背景\n### 细节\n## 期望", 3, "#### 背景\n##### 细节\n#### 期望"},
		{"##### 深\n###### 更深", 2, "### 深\n#### 更深"},
		{"# a\n##### e", 4, "##### a\n###### e"},
		{"```\n# 代码 <b>\n```\n#话题 <b>", 2, "```\n# 代码 <b>\n```\n#话题 \\<b>"},
		{"\r\n# x\r\n", 1, "\n## x"},
	} {
		if got := demoteHeadings(c.in, c.level); got != c.want {
			t.Errorf("demoteHeadings(%q, %d) = %q, want %q", c.in, c.level, got, c.want)
		}
	}
}
