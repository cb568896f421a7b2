package docs

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/stakeholder"
)

// The change-control documents (minutes, change log, baseline diff) as
// golden files and as real readers see them. The fixtures hold hostile user
// text: Markdown, raw HTML and spreadsheet formulas.

var changeTestTime = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func minutesFixture(lang crmflow.Lang) *Minutes {
	return &Minutes{
		Project:   crmflow.Project{Name: "华东快消 CRM 定制", Client: "某快消品公司", Lang: lang},
		Lang:      lang,
		Generated: changeTestTime,
		Meeting: meeting.Meeting{ID: "MEET-001", Kind: meeting.Confirmation, Date: "2026-11-24", Title: "第一批需求确认 | 拜访",
			Attendees: []string{"张总", "李工", "王顾问"},
			Decisions: []meeting.Decision{
				{Req: "REQ-001", Title: "拜访记录移动端实时录入", Outcome: meeting.Confirm, From: requirements.Draft},
				{Req: "REQ-008", Title: "客户 *重复* 合并", Outcome: meeting.Reject, From: requirements.Draft},
				{Req: "REQ-020", Title: "<b>BI</b> 大屏", Outcome: meeting.Defer, From: requirements.Draft},
			},
			Notes:     "# 讨论\n\nREQ-008 与 REQ-003 重复。\n\n## 遗留\n\n- <script>alert(1)</script>\n",
			CreatedBy: "王顾问", CreatedAt: changeTestTime},
		Stakeholders: []stakeholder.Stakeholder{{Name: "张总", Org: "某快消品公司", Role: "销售总监"}, {Name: "李工", Org: "某快消品公司", Role: "IT"}},
		Modules: func(id string) string {
			return map[string]string{"REQ-001": "拜访跟进", "REQ-008": "客户管理"}[id]
		},
	}
}

// baselineDiffFixture is a diff in the language's own words: a number, a
// title grown by a phrase, a sentence with an added clause holding raw
// HTML, a criterion added on a line of its own, and a text replaced whole.
func baselineDiffFixture(t *testing.T, lang crmflow.Lang) baseline.Diff {
	t.Helper()
	enc := func(items ...baseline.Item) [][]byte {
		var out [][]byte
		for _, it := range items {
			out = append(out, baseline.Canonical(it))
		}
		return out
	}
	item := func(id, title, desc string, urgency int, criteria ...string) baseline.Item {
		return baseline.Item{ID: id, Revision: 1, Title: title, Description: desc, Module: "visit", Kind: "functional", Status: "confirmed",
			Value: 4, Difficulty: 2, Urgency: urgency, MoSCoW: "must", Criteria: criteria, Tags: []string{}, Fields: map[string]string{}, Links: []baseline.ItemLink{}}
	}
	tx := func(zh, en string) string { return report.Tr(lang, zh, en) }
	old := item("REQ-005", tx("拜访拍照", "Visit photos"), tx("销售在拜访时拍照上传。", "Reps take a photo on each visit."), 3, tx("照片可上传", "A photo can be uploaded"))
	old.Source = tx("客户访谈", "Interview with the sales director")
	a := enc(old, item("REQ-030", tx("旧需求", "Old requirement"), "", 2))
	changed := item("REQ-005", tx("拜访拍照加水印", "Visit photos with a watermark"), tx("销售在拜访时拍照上传，照片带 <水印>。", "Reps take a photo on each visit, stamped with a <watermark>."), 5,
		tx("照片可上传", "A photo can be uploaded"), tx("照片带时间与定位水印", "The photo shows time and place"))
	changed.Source = tx("变更请求 CR-001", "CR-001")
	changed.Revision = 2
	b := enc(changed, item("REQ-031", tx("新 | 需求", "New | requirement"), "", 3))
	d, err := baseline.Compare("v1.0", "v1.1", a, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestChangeDocsGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		var b bytes.Buffer
		if err := BuildMinutes(&b, minutesFixture(lang), report.FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		reporttest.Golden(t, "minutes."+string(lang)+".md", b.Bytes())
		b.Reset()
		if err := BuildChangeLog(&b, reporttest.ChangeLog(lang), report.FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		reporttest.Golden(t, "changelog."+string(lang)+".md", b.Bytes())
		b.Reset()
		if err := BaselineDiffMarkdown(&b, baselineDiffFixture(t, lang), lang); err != nil {
			t.Fatal(err)
		}
		reporttest.Golden(t, "baseline-diff."+string(lang)+".md", b.Bytes())
	}
}

// TestChangeDocsContent pins the facts the documents exist to carry, so a
// careless -update cannot drop them.
func TestChangeDocsContent(t *testing.T) {
	var b bytes.Buffer
	_ = BuildMinutes(&b, minutesFixture(crmflow.LangZH), report.FormatMarkdown)
	minutes := b.String()
	for _, want := range []string{"| 会议主题 | 第一批需求确认 \\| 拜访 |", "| 张总 | 某快消品公司 | 销售总监 |", "| 王顾问 |  |  |",
		"| REQ-001 | 拜访记录移动端实时录入 | 拜访跟进 | 确认 |", "| REQ-020 |", "延期", "### 讨论", "#### 遗留", "\\<script>", "| 李工 | | |"} {
		if !strings.Contains(minutes, want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	b.Reset()
	_ = BuildChangeLog(&b, reporttest.ChangeLog(crmflow.LangZH), report.FormatMarkdown)
	log := b.String()
	for _, want := range []string{"共 2 个变更请求。已批准（含已实施）的变更合计：工作量 2.5 人天，工期影响 1 个工作日，费用 5000。",
		"| CR-001 | 拜访照片加水印 | 已实施 | 张总 | 2.5 | 5000 | 低 | v1.1 |", "- 实施后基线：v1.1",
		"| REQ-006 | 拜访签到 | linked to REQ-005 |", "PM-002\\#photo 拍照上传", "| 张总 | 同意 |", "- 移除需求：REQ-030"} {
		if !strings.Contains(log, want) {
			t.Errorf("the change log lacks %q", want)
		}
	}
	b.Reset()
	_ = BaselineDiffMarkdown(&b, baselineDiffFixture(t, crmflow.LangZH), crmflow.LangZH)
	diff := b.String()
	for _, want := range []string{"新增 1 条，移除 1 条，变更 1 条，未变 0 条。", "- REQ-031 新 \\| 需求", "- REQ-030 旧需求",
		"标记：~~删除的文字~~，**新增的文字**。",
		"| 标题 | 拜访拍照 | 拜访拍照**加水印** |",
		"| 紧急度 | 3 | 5 |",
		// The added clause starts with a comma right after a character: the
		// comma stays outside the mark, or the asterisks would show.
		"| 描述 | 销售在拜访时拍照上传。 | 销售在拜访时拍照上传，**照片带 \\<水印\\>**。 |",
		"| 验收标准 | 照片可上传 | 照片可上传 / **照片带时间与定位水印** |",
		"| 来源 | 客户访谈 | 变更请求 CR-001 |"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the baseline diff lacks %q", want)
		}
	}
}

// TestBaselineDiffNoPatchMarkup: no document, in either language, shows a
// reviewer the patch notation [-old-]{+new+}.
func TestBaselineDiffNoPatchMarkup(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		var md, page bytes.Buffer
		if err := BaselineDiffMarkdown(&md, baselineDiffFixture(t, lang), lang); err != nil {
			t.Fatal(err)
		}
		if err := BaselineDiffHTML(&page, baselineDiffFixture(t, lang), lang); err != nil {
			t.Fatal(err)
		}
		for name, text := range map[string]string{"md": md.String(), "html": page.String()} {
			for _, bad := range []string{"[-", "-]", "{+", "+}"} {
				if strings.Contains(text, bad) {
					t.Errorf("%s %s holds patch markup %q", lang, name, bad)
				}
			}
		}
	}
}

// TestBaselineDiffMarksRender: every mark the Markdown writes becomes a
// <del> or <ins> (no asterisk or tilde left in the text), around exactly the
// words that changed, and user HTML stays text.
func TestBaselineDiffMarksRender(t *testing.T) {
	cases := []struct{ old, new, del, ins string }{
		{"销售在拜访时拍照上传。", "销售在拜访时拍照上传，照片带水印。", "", "照片带水印"},
		{"主管 5 秒内可见", "主管 10 秒内可见", "5", "10"},
		{"主管5秒内可见，", "主管10秒内可见。", "5", "10"},
		{"Reps take a photo.", "Reps take a photo, stamped.", "", "stamped"},
		{"Ship (v1) first", "Ship (v2) first", "v1", "v2"},
		{"Use *bold* <b>x</b> here", "Use *bold* <b>y</b> here", "x", "y"},
		{"a line\nsecond line", "a line\nsecond, longer line", "", ", longer"},
	}
	for _, c := range cases {
		spans := baseline.TextDiff(c.old, c.new)
		md := "| a | b |\n|---|---|\n| " + markedCell(spans, "-", markRemoved) + " | " + markedCell(spans, "+", markAdded) + " |\n"
		page, err := renderPage(diffMarkdown(), []byte(md), "t", crmflow.LangEN, nil, diffCSS)
		if err != nil {
			t.Fatal(err)
		}
		html := string(page)
		body := html[strings.Index(html, "<table>"):]
		if strings.Contains(body, "**") || strings.Contains(body, "~~") {
			t.Errorf("%q → %q: marks left as text: %s", c.old, c.new, md)
		}
		if strings.Contains(body, "<b>") {
			t.Errorf("%q: user HTML reached the page", c.old)
		}
		if got := between(body, "<del>", "</del>"); got != c.del {
			t.Errorf("%q → %q: <del> %q, want %q (%s)", c.old, c.new, got, c.del, md)
		}
		if got := between(body, "<ins>", "</ins>"); got != strings.TrimPrefix(c.ins, ", ") {
			t.Errorf("%q → %q: <ins> %q, want %q (%s)", c.old, c.new, got, c.ins, md)
		}
	}
}

// between is the text of every element between open and close, joined by "|".
func between(s, open, close string) string {
	var out []string
	for {
		i := strings.Index(s, open)
		if i < 0 {
			return strings.Join(out, "|")
		}
		s = s[i+len(open):]
		j := strings.Index(s, close)
		out = append(out, s[:j])
		s = s[j:]
	}
}

// TestBaselineDiffInChromium prints the HTML diff and reads its DOM back:
// the marks are <del> and <ins>, with the legend, and the page prints.
func TestBaselineDiffInChromium(t *testing.T) {
	var b bytes.Buffer
	if err := BaselineDiffHTML(&b, baselineDiffFixture(t, crmflow.LangEN), crmflow.LangEN); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "baseline-diff.en.html", b.Bytes())
	br := reporttest.OpenInChromium(t, b.Bytes(), "baseline-diff.html")
	br.PDF()
	dom := br.DOM()
	for _, want := range []string{"<del>removed words</del>", "<ins>added words</ins>", "Visit photos<ins>with a watermark</ins>",
		"stamped with a &lt;watermark&gt;"} {
		if !strings.Contains(strings.ReplaceAll(dom, " <ins>", "<ins>"), want) {
			t.Errorf("the DOM lacks %q", want)
		}
	}
}

// TestMinutesInChromium prints the minutes page and reads back its DOM.
func TestMinutesInChromium(t *testing.T) {
	var b bytes.Buffer
	if err := BuildMinutes(&b, minutesFixture(crmflow.LangZH), report.FormatHTML); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, "<script>alert") || strings.Contains(html, "<b>BI</b>") {
		t.Error("user HTML reached the page")
	}
	br := reporttest.OpenInChromium(t, b.Bytes(), "minutes.html")
	br.PDF()
	dom := br.DOM()
	for _, want := range []string{"参会人员", "会议决议", "签字确认", "拜访记录移动端实时录入", "&lt;b&gt;BI&lt;/b&gt; 大屏"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM lacks %q", want)
		}
	}
	if strings.Contains(dom, "<script>alert") {
		t.Error("the DOM holds the notes' script")
	}
}
