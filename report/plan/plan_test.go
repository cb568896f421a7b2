package plan

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// Texts that must stay text: a formula, Markdown and HTML markup.
const (
	formulaText = "=HYPERLINK(\"http://x.example\",\"点我\")"
	markupText  = "<script>alert(1)</script> | *粗* [链接](http://x.example)"
)

var fixtureStart = milestones.NewDate(2027, time.January, 4)

// fixturePlan is a small plan in lang: six milestones (one of length zero),
// a baseline taken at the start, the first stage finished two working days
// late, the second under way, and CR-001 adding three days to development.
func fixturePlan(lang crmflow.Lang, n int) *milestones.Plan {
	zh := lang == crmflow.LangZH
	name := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	p := &milestones.Plan{Settings: milestones.Settings{Start: fixtureStart, BufferPct: 15}}
	add := func(m milestones.Milestone) {
		m.Seq = len(p.Milestones) + 1
		m.ID = crmflow.KindMilestone.Format(m.Seq)
		p.Milestones = append(p.Milestones, m)
	}
	dep := func(ids ...string) []milestones.Dep {
		var out []milestones.Dep
		for _, id := range ids {
			out = append(out, milestones.Dep{ID: id})
		}
		return out
	}
	add(milestones.Milestone{Name: name("需求调研", "Requirements research"), Owner: name("李分析", "Li"), Duration: 10,
		Deliverables: []milestones.Deliverable{{Name: name("调研报告", "Survey report")}}})
	add(milestones.Milestone{Name: name("业务流程梳理", "Process mapping"), Owner: name("李分析", "Li"), Duration: 5, Preds: dep("MS-01")})
	add(milestones.Milestone{Name: name("需求确认/冻结", "Requirements sign-off"), Owner: formulaText, Duration: 5, Preds: dep("MS-02")})
	add(milestones.Milestone{Name: name("移动端拜访模块开发（含照片水印、定位签到与离线缓存）", "Mobile visit module (photo watermarks, check-in, offline cache)"),
		Owner: name("陈开发", "Chen"), Duration: 20, Preds: dep("MS-03")})
	add(milestones.Milestone{Name: markupText, Owner: name("赵产品", "Zhao"), Duration: 5, Preds: dep("MS-03")})
	add(milestones.Milestone{Name: name("上线评审", "Go-live review"), Owner: name("周经理", "Zhou"), Duration: 0, Preds: dep("MS-04", "MS-05")})
	// More milestones in a chain of pairs, for the benchmark.
	for len(p.Milestones) < n {
		k := len(p.Milestones)
		preds := dep(crmflow.KindMilestone.Format(k))
		if k > 2 {
			preds = append(preds, milestones.Dep{ID: crmflow.KindMilestone.Format(k - 2), Lag: 1})
		}
		add(milestones.Milestone{Name: fmt.Sprintf(name("迭代任务 %d", "Iteration task %d"), k+1), Owner: "王", Duration: 1 + k%7, Preds: preds})
	}
	s0, err := milestones.Compute(p, fixtureStart)
	if err != nil {
		panic(err)
	}
	bl := milestones.Baseline{Name: "P1", At: fixtureStart.Time(), Finish: s0.Finish, BufferDays: s0.Buffer.Days, Dates: map[string]milestones.BaselineDates{}}
	for _, r := range s0.Rows {
		bl.Dates[r.ID] = milestones.BaselineDates{Start: r.Start, Finish: r.Finish}
	}
	p.Baselines = []milestones.Baseline{bl}
	p.Milestones[0].ActualStart = fixtureStart
	p.Milestones[0].ActualFinish = milestones.NewDate(2027, time.January, 19)
	p.Milestones[0].Deliverables[0].Done = true
	p.Milestones[0].Deliverables[0].DoneOn = milestones.NewDate(2027, time.January, 18)
	p.Milestones[1].ActualStart = milestones.NewDate(2027, time.January, 20)
	p.Shifts = []milestones.Shift{{CR: "CR-001", Milestone: "MS-04", Days: 3}}
	created := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	p.Risks = []milestones.Risk{
		{ID: "RISK-01", Seq: 1, Text: name("客户IT人手不足", "The client's IT team is short-handed"), Probability: milestones.High, Impact: milestones.Medium,
			Owner: name("王总", "Wang"), Mitigation: formulaText, Due: milestones.NewDate(2027, time.January, 15), Status: milestones.RiskOpen, CreatedAt: created},
		{ID: "RISK-02", Seq: 2, Text: markupText, Probability: milestones.Low, Impact: milestones.High,
			Owner: name("陈工", "Chen"), Mitigation: name("提前备份", "Back up first"), Due: milestones.NewDate(2027, time.February, 1), Status: milestones.RiskOpen, CreatedAt: created},
		{ID: "RISK-03", Seq: 3, Text: name("已关闭的风险", "A closed risk"), Probability: milestones.High, Impact: milestones.High, Status: milestones.RiskClosed, CreatedAt: created},
	}
	return p
}

var fixtureToday = milestones.NewDate(2027, time.January, 21)

func fixtureProject(lang crmflow.Lang) crmflow.Project {
	if lang == crmflow.LangEN {
		return crmflow.Project{Name: "FMCG CRM", Client: "FMCG Co. & Partners", Lang: lang, CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	}
	return crmflow.Project{Name: "快消CRM", Client: "某快消企业", Lang: lang, CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
}

// fixture builds the weekly report of week 2027-W03 as of 2027-01-21.
func fixture(t testing.TB, lang crmflow.Lang, n int) *Weekly {
	t.Helper()
	p := fixturePlan(lang, n)
	now, err := milestones.Compute(p, fixtureToday)
	if err != nil {
		t.Fatal(err)
	}
	last, err := milestones.Compute(p, fixtureToday-7)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d int, h int) time.Time { return time.Date(2027, 1, d, h, 0, 0, 0, time.UTC) }
	crs := []milestones.ChangeItem{
		{ID: "CR-001", Title: "拜访照片增加时间与定位水印", State: "implemented", SubmittedAt: at(18, 9), DecidedAt: at(19, 9), AppliedAt: at(20, 9), ScheduleDays: 3,
			Milestones: []string{"MS-04", "MS-06"}},
		{ID: "CR-002", Title: formulaText, State: "analyzed", SubmittedAt: at(11, 9), ScheduleDays: 1.5, Milestones: []string{}},
	}
	if lang == crmflow.LangEN {
		crs[0].Title = "Time and location watermarks on visit photos"
	}
	w, err := milestones.WeeklyData(milestones.WeekInput{Week: fixtureToday, Now: now, Last: last, Risks: p.Risks, Changes: crs,
		Reqs: milestones.ReqCounts{ByStatus: map[string]int{"draft": 3, "confirmed": 10, "frozen": 20, "rejected": 1}, Total: 33, Last: 31, Baseline: 30},
		Done: []milestones.WeekItem{{Kind: "requirement", What: "confirmed", Count: 4, Date: milestones.NewDate(2027, time.January, 20)}}})
	if err != nil {
		t.Fatal(err)
	}
	return &Weekly{Project: fixtureProject(lang), Lang: lang, Generated: time.Date(2027, 1, 21, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Data: w, Schedule: now, Calendar: p.Calendar()}
}

func ganttOf(doc *Weekly) *Gantt {
	return &Gantt{Project: doc.Project, Lang: doc.Lang, Schedule: doc.Schedule, Calendar: doc.Calendar}
}

func TestWeeklyMarkdownGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WeeklyMarkdown(&buf, fixture(t, lang, 0)); err != nil {
				t.Fatal(err)
			}
			reporttest.Golden(t, "weekly."+string(lang)+".md", buf.Bytes())
			md := buf.String()
			// The reason a milestone moved, as the issue words it.
			want := map[crmflow.Lang]string{crmflow.LangZH: "受 CR-001 影响顺延（+3 个工作日）", crmflow.LangEN: "moved by CR-001 (+3 working days)"}[lang]
			if !strings.Contains(md, want) {
				t.Errorf("no %q in the report", want)
			}
			// User text stays text: no raw HTML, no live link.
			if strings.Contains(md, "<script>") || regexp.MustCompile(`[^\\]\]\(http`).MatchString(md) {
				t.Error("user text reached the Markdown unescaped")
			}
			// An English report shows no Chinese it was not given.
			if lang == crmflow.LangEN {
				given := []string{"拜访照片", "点我", "粗", "链接"}
				rest := md
				for _, g := range given {
					rest = strings.ReplaceAll(rest, g, "")
				}
				if m := regexp.MustCompile(`\p{Han}+`).FindString(rest); m != "" {
					t.Errorf("the English report holds Chinese it was not given: %q", m)
				}
			}
		})
	}
}

func TestWeeklyHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WeeklyHTML(&buf, fixture(t, crmflow.LangZH, 0)); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`<html lang="zh-CN">`, `<span class="figure"><svg`, `class="today"`, `class="now"`, "@page { size: A4 landscape",
		"受 CR-001 影响顺延（+3 个工作日）", "&lt;script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if n := strings.Count(page, "<svg"); n != 2 {
		t.Errorf("the page has %d drawings, want the Gantt and the fever chart", n)
	}
	for _, bad := range []string{"<script", "<img", `href="http`, `src=`, "<link", "@import", "url(", "<a href=\"http"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q: it must load nothing and run nothing", bad)
		}
	}
}

func TestGanttSVG(t *testing.T) {
	doc := fixture(t, crmflow.LangZH, 0)
	var buf bytes.Buffer
	if err := GanttSVG(&buf, ganttOf(doc)); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	// Critical path red, others blue; baselines; the zero-length milestone a diamond.
	if n := strings.Count(svg, `class="bar"`); n != 5 {
		t.Errorf("%d bars, want 5", n)
	}
	if n := strings.Count(svg, `class="milestone"`); n != 1 {
		t.Errorf("%d diamonds, want 1", n)
	}
	if n := strings.Count(svg, `class="baseline"`); n != 5 {
		t.Errorf("%d baseline bars, want 5", n)
	}
	crit := 0
	for _, r := range doc.Schedule.Rows {
		if r.Critical {
			crit++ // bars and the diamond
		}
	}
	if n := strings.Count(svg, `fill="#C0392B" fill-opacity`); n != crit {
		t.Errorf("%d red shapes, want the %d critical ones", n, crit)
	}
	if !strings.Contains(svg, "今天 2027-01-21") || strings.Contains(svg, "<script") {
		t.Error("no today line, or markup from user text")
	}
	// The long Chinese label is cut to the label column with an ellipsis.
	if !strings.Contains(svg, "…") {
		t.Error("the long label was not cut")
	}
}

func TestGanttMermaidCalendar(t *testing.T) {
	doc := fixture(t, crmflow.LangZH, 0)
	var buf bytes.Buffer
	if err := GanttMermaid(&buf, ganttOf(doc)); err != nil {
		t.Fatal(err)
	}
	m := buf.String()
	// 春节 2027: 02-08 to 02-12 are weekday holidays; Sunday 02-14 is a 调休 working day.
	for _, want := range []string{"excludes weekends, ", "2027-02-08", "2027-02-12", "includes 2027-01-31, 2027-02-14",
		"MS-01 需求调研 :done, ms_01, 2027-01-04, 12d", "milestone, ms_06, 2027-03-12, 0d", "#lt;script#gt;alert(1)#lt;/script#gt; | *粗* [链接](http#58;//x.example)"} {
		if !strings.Contains(m, want) {
			t.Errorf("no %q in:\n%s", want, m)
		}
	}
	if strings.Contains(m, "<script") {
		t.Error("markup from user text reached the chart")
	}
	// Every task line is name :tags with one colon.
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, "    MS-") && strings.Count(line, ":") != 1 {
			t.Errorf("task line with %d colons: %s", strings.Count(line, ":"), line)
		}
	}
}

func TestICS(t *testing.T) {
	doc := fixture(t, crmflow.LangZH, 0)
	stamp := time.Date(2027, 1, 21, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var buf bytes.Buffer
	if err := MilestonesICS(&buf, &Calendar{Project: doc.Project, Lang: doc.Lang, Stamp: stamp, Schedule: doc.Schedule}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if err := checkFolding(data); err != nil {
		t.Fatal(err)
	}
	text := string(data)
	folded := 0
	for _, line := range strings.SplitAfter(text, "\r\n") {
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no line was folded: the test should exercise folding of Chinese text")
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "DTSTAMP:20270121T020000Z\r\n",
		"UID:" + EventUID(doc.Project, "MS-01") + "\r\n", "DTSTART;VALUE=DATE:20270104\r\n", "DTEND;VALUE=DATE:20270120\r\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q", want)
		}
	}
	if strings.Count(text, "BEGIN:VEVENT") != len(doc.Schedule.Rows) {
		t.Error("not one event per milestone")
	}
	// UIDs are stable (a renamed project keeps them) and differ between workspaces.
	renamed, other := doc.Project, doc.Project
	renamed.Name = "新名字"
	other.CreatedAt = other.CreatedAt.Add(time.Second)
	if EventUID(doc.Project, "MS-01") != EventUID(renamed, "MS-01") || EventUID(other, "MS-01") == EventUID(doc.Project, "MS-01") ||
		EventUID(doc.Project, "MS-01") == EventUID(doc.Project, "MS-02") {
		t.Error("UIDs must be stable per milestone and workspace")
	}
	// A line that would split a character is caught.
	bad := append([]byte("SUMMARY:"+strings.Repeat("中", 30)+"\r\n"), []byte(" x\r\n")...)
	if checkFolding(bad) == nil {
		t.Error("a line over 75 octets passed the check")
	}
	cut := []byte("SUMMARY:中")
	if checkFolding(append(cut[:len(cut)-1], "\r\n"...)) == nil {
		t.Error("a split UTF-8 character passed the check")
	}
}

func TestWorkbooksKeepTextAsText(t *testing.T) {
	doc := fixture(t, crmflow.LangZH, 0)
	wk, gt := workbooks(t, doc)
	for name, data := range map[string][]byte{"weekly": wk.Bytes(), "gantt": gt.Bytes()} {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c, v := range row {
					if v != formulaText {
						continue
					}
					found++
					axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if fm, _ := f.GetCellFormula(sh, axis); fm != "" {
						t.Errorf("%s %s!%s is a formula", name, sh, axis)
					}
					st, _ := f.GetCellStyle(sh, axis)
					if xf := f.Styles.CellXfs.Xf[st]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
						t.Errorf("%s %s!%s has no quotePrefix", name, sh, axis)
					}
				}
			}
		}
		if found == 0 {
			t.Errorf("%s: the formula-like text is missing", name)
		}
		f.Close()
	}
}

func TestMdText(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":          `a\|b`,
		"- item":       `\- item`,
		"1. first":     `1\. first`,
		"line\nnext":   "line / next",
		"<b>&amp;</b>": `\<b\>\&amp;\</b\>`,
		"中文":           "中文",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	if !utf8.ValidString(mdText("a\xffb")) {
		t.Error("invalid UTF-8 passed through")
	}
}

func BenchmarkWeeklyHTML2000(b *testing.B) {
	doc := fixture(b, crmflow.LangZH, 2000)
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := WeeklyHTML(&buf, doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}

// BenchmarkWeeklyReport2000 is the whole report: the schedule now and a week
// ago, the report data and the HTML page.
func BenchmarkWeeklyReport2000(b *testing.B) {
	var buf bytes.Buffer
	for b.Loop() {
		doc := fixture(b, crmflow.LangZH, 2000)
		buf.Reset()
		if err := WeeklyHTML(&buf, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// workbooks writes doc's weekly report and Gantt chart as xlsx.
func workbooks(t *testing.T, doc *Weekly) (weekly, gantt *bytes.Buffer) {
	t.Helper()
	weekly, gantt = &bytes.Buffer{}, &bytes.Buffer{}
	if err := WeeklyXLSX(weekly, doc); err != nil {
		t.Fatal(err)
	}
	if err := GanttXLSX(gantt, ganttOf(doc)); err != nil {
		t.Fatal(err)
	}
	return weekly, gantt
}
