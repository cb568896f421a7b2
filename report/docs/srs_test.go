package docs

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/templates"
)

// srsTestRegister is the fixed project the golden files are made from: seven
// requirements over four modules (one report, one non-functional, one
// rejected, one data, one permission requirement), two custom fields, four
// data fields over two entities, three roles × three modules, two revisions.
func srsTestRegister(t testing.TB, lang crmflow.Lang) *report.Register {
	t.Helper()
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	st := requirements.DefaultSettings()
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	reqs := []requirements.Requirement{
		{ID: "REQ-001", Title: "客户信息统一管理与查重", Module: "customer", Kind: requirements.KindFunctional,
			Status: requirements.Confirmed, Value: 5, Difficulty: 2, Urgency: 5, MoSCoW: requirements.Must,
			Description: "客户资料分散在销售、市场、客服各部门，需要统一建档。\n新建客户时按名称与手机号查重。",
			Criteria:    []string{"新建客户时，名称或手机号重复给出提示并阻止保存", "客户列表可按负责人、行业、地区筛选"},
			Owner:       "李分析", Source: "INT-001 销售总监访谈", Stakeholder: "销售总监", Tags: []string{"核心", "一期"},
			Fields: map[string]string{"预计工时": "5", "业务部门": "销售部"}},
		{ID: "REQ-002", Title: "拜访记录移动端填报", Module: "visit", Kind: requirements.KindFunctional,
			Status: requirements.Draft, Value: 5, Difficulty: 3, Urgency: 4,
			Description: "销售每天在 Excel 里手工录入拜访信息，数据丢失率 30%。拜访地点精度待定（TBD）。",
			Criteria:    []string{"销售代表可在手机上 1 分钟内完成一条拜访记录", "拜访记录自动带出定位与时间"},
			Owner:       "李分析", Source: "F-001 拜访记录丢失率 30%", Fields: map[string]string{"预计工时": "8"}},
		{ID: "REQ-003", Title: "客户主数据字段规范", Module: "customer", Kind: requirements.KindData,
			Status: requirements.Confirmed, Value: 4, Difficulty: 2, Urgency: 3,
			Description: "客户与联系人的字段、类型、必填与唯一约束以数据字典为准。",
			Criteria:    []string{"数据字典中的必填字段在表单上强制填写"}, Owner: "王数据",
			Fields: map[string]string{"业务部门": "IT 部"}},
		{ID: "REQ-004", Title: "销售漏斗报表", Module: "report", Kind: requirements.KindReport,
			Status: requirements.Confirmed, Value: 4, Difficulty: 3, Urgency: 3, MoSCoW: requirements.Should,
			Description: "管理层按阶段、区域、负责人查看销售机会漏斗与转化率。",
			Criteria:    []string{"报表按月、季度切换", "可导出为 Excel"}, Owner: "赵报表", Stakeholder: "销售总监"},
		{ID: "REQ-005", Title: "列表页响应时间", Module: "platform", Kind: requirements.KindNonFunctional,
			Status: requirements.Confirmed, Value: 3, Difficulty: 3, Urgency: 2,
			Description: "在 10 万客户数据量下，列表页首屏加载不超过 2 秒。",
			Criteria:    []string{"10 万客户数据下 95% 的列表请求 ≤ 2 秒"}},
		{ID: "REQ-006", Title: "客户公海池自动回收", Module: "customer", Kind: requirements.KindFunctional,
			Status: requirements.Rejected, Value: 2, Difficulty: 4, Urgency: 1,
			Description: "超过 30 天未跟进的客户自动退回公海。", Source: "需求确认会 2026-11-18"},
		{ID: "REQ-007", Title: "销售代表只能查看本人客户", Module: "permission", Kind: requirements.KindPermission,
			Status: requirements.Confirmed, Value: 4, Difficulty: 2, Urgency: 4, MoSCoW: requirements.Must,
			Description: "按角色与数据范围控制客户、机会、拜访记录的可见性，详见权限矩阵。",
			Criteria:    []string{"销售代表登录后只能看到本人负责的客户"}, Owner: "李分析"},
	}
	links := []requirements.Link{
		{From: "REQ-003", To: "REQ-001", Kind: requirements.LinkParent},
		{From: "REQ-004", To: "REQ-002", Kind: requirements.LinkDerivesFrom, Suspect: true},
		{From: "REQ-007", To: "REQ-001", Kind: requirements.LinkRelatesTo},
	}
	titles := map[string]string{}
	for _, r := range reqs {
		titles[r.ID] = r.Title
	}
	var views []requirements.View
	for i, r := range reqs {
		r.Revision = 1 + i%2
		r.CreatedAt, r.UpdatedAt = at, at
		views = append(views, requirements.MakeView(r, st, cat, lang, links, titles))
	}
	return &report.Register{
		Project:      crmflow.Project{Name: "某快消企业CRM定制", Client: "某快消品有限公司", Lang: crmflow.LangZH, CreatedAt: at},
		Lang:         lang,
		Version:      "v1.0",
		Generated:    time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Settings:     st,
		Modules:      cat.Modules(),
		Requirements: views,
		Fields: []requirements.FieldDef{
			{Name: "预计工时", Type: requirements.FieldNumber},
			{Name: "业务部门", Type: requirements.FieldChoice, Choices: []string{"销售部", "市场部", "IT 部"}},
		},
		DataFields: []requirements.DataField{
			{Entity: "客户", Name: "客户名称", Type: requirements.DataText, Required: true, Unique: true, Description: "工商注册名称", Req: "REQ-003"},
			{Entity: "客户", Name: "客户等级", Type: requirements.DataChoice, Required: true, Values: []string{"A", "B", "C"}, Req: "REQ-003"},
			{Entity: "联系人", Name: "手机号", Type: requirements.DataPhone, Unique: true, Description: "用于查重"},
			{Entity: "联系人", Name: "所属客户", Type: requirements.DataRef, Required: true, Values: []string{"客户"}, Req: "REQ-003"},
		},
		Permissions: []requirements.Permission{
			{Role: "销售代表", Module: "customer", Actions: []requirements.Action{requirements.ActRead, requirements.ActCreate, requirements.ActUpdate}, Scope: requirements.ScopeOwn},
			{Role: "销售代表", Module: "visit", Actions: []requirements.Action{requirements.ActRead, requirements.ActCreate, requirements.ActUpdate}, Scope: requirements.ScopeOwn},
			{Role: "销售经理", Module: "customer", Actions: []requirements.Action{requirements.ActRead, requirements.ActUpdate, requirements.ActExport}, Scope: requirements.ScopeSubtree},
			{Role: "销售经理", Module: "visit", Actions: []requirements.Action{requirements.ActRead}, Scope: requirements.ScopeSubtree},
			{Role: "销售经理", Module: "report", Actions: []requirements.Action{requirements.ActRead, requirements.ActExport}, Scope: requirements.ScopeDept},
			{Role: "系统管理员", Module: "customer", Actions: requirements.Actions, Scope: requirements.ScopeAll},
			{Role: "系统管理员", Module: "visit", Actions: requirements.Actions, Scope: requirements.ScopeAll},
			{Role: "系统管理员", Module: "report", Actions: []requirements.Action{}, Scope: requirements.ScopeAll},
		},
		Revisions: []report.Revision{
			{Version: "v0.1", Date: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), Author: "李分析", Change: "调研后初稿"},
			{Version: "v1.0", Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Author: "张经理", Change: "需求确认会后定稿"},
		},
	}
}

func buildSRS(t testing.TB, reg *report.Register, f report.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := BuildSRS(&b, reg, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSRSGolden(t *testing.T) {
	for _, c := range []struct {
		name   string
		lang   crmflow.Lang
		format report.Format
	}{
		{"srs.zh.md", crmflow.LangZH, report.FormatMarkdown},
		{"srs.en.md", crmflow.LangEN, report.FormatMarkdown},
		{"srs.zh.html", crmflow.LangZH, report.FormatHTML},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := buildSRS(t, srsTestRegister(t, c.lang), c.format)
			reporttest.Golden(t, c.name, got)
			// Same register, same bytes.
			if again := buildSRS(t, srsTestRegister(t, c.lang), c.format); !bytes.Equal(got, again) {
				t.Error("two builds of the same register differ")
			}
		})
	}
}

var zhChapters = []string{"修订记录", "1 引言", "1.1 目的", "1.2 范围", "1.3 术语和缩略语", "1.4 引用文件",
	"2 总体描述", "2.1 业务背景与目标", "2.2 用户角色", "2.3 约束与假设", "3 业务流程描述", "4 系统功能清单",
	"5 用户角色权限", "6 数据结构与字段", "7 报表与分析需求", "8 非功能需求", "9 验收与追溯", "10 待定问题",
	"附录 A 需求清单汇总", "签字页"}

var enChapters = []string{"Revision history", "1 Introduction", "1.1 Purpose", "1.2 Scope",
	"1.3 Definitions, acronyms and abbreviations", "1.4 References", "2 Overall description",
	"2.1 Business context and goals", "2.2 User roles", "2.3 Constraints and assumptions", "3 Business processes",
	"4 System functions", "5 User roles and permissions", "6 Data structures and fields",
	"7 Reports and analytics requirements", "8 Non-functional requirements", "9 Verification and traceability",
	"10 Open issues (TBD)", "Appendix A Requirement list", "Sign-off"}

// TestSRSHTMLSelfContained checks the page loads nothing and has the parts a reader needs.
func TestSRSHTMLSelfContained(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			out := string(buildSRS(t, srsTestRegister(t, lang), report.FormatHTML))
			low := strings.ToLower(out)
			for _, bad := range []string{"http://", "https://", "<script", "<link", "@import", "<img", "<iframe", "url(", "raw html omitted", "src="} {
				if strings.Contains(low, bad) {
					t.Errorf("HTML holds %q", bad)
				}
			}
			wantLang := map[crmflow.Lang]string{crmflow.LangZH: `<html lang="zh-CN">`, crmflow.LangEN: `<html lang="en">`}[lang]
			chapters := map[crmflow.Lang][]string{crmflow.LangZH: zhChapters, crmflow.LangEN: enChapters}[lang]
			for _, want := range []string{wantLang, `<meta charset="utf-8">`, `<nav class="toc"`, `<header class="cover">`,
				`<style>`, `"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei"`, "@page", "size: A4",
				"thead { display: table-header-group; }", "break-before: page",
				`<h2 id="business-processes">`, `<h2 id="sign-off">`, `<h4 id="req-001">`,
				`<a href="#business-processes">`, `<a href="#sign-off">`, `<a href="#req-001">REQ-001</a>`,
				"某快消企业CRM定制", "某快消品有限公司", "v1.0", "2026-11-25"} {
				if !strings.Contains(out, want) {
					t.Errorf("HTML lacks %q", want)
				}
			}
			for _, ch := range chapters {
				if !regexp.MustCompile(`<h[23] id="[a-z0-9-]+">` + regexp.QuoteMeta(ch) + `</h[23]>`).MatchString(out) {
					t.Errorf("HTML lacks the heading %q", ch)
				}
				if !strings.Contains(out, `">`+ch+`</a>`) {
					t.Errorf("the table of contents lacks %q", ch)
				}
			}
			// Every TOC link points to an id on the page.
			ids := map[string]bool{}
			for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(out, -1) {
				if ids[m[1]] {
					t.Errorf("id %q is used twice", m[1])
				}
				ids[m[1]] = true
			}
			for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(out, -1) {
				if !ids[m[1]] {
					t.Errorf("link to #%s has no target", m[1])
				}
			}
		})
	}
}

func TestSRSOutline(t *testing.T) {
	md := string(buildSRS(t, srsTestRegister(t, crmflow.LangZH), report.FormatMarkdown))
	// Chapters in order.
	last := -1
	for _, ch := range zhChapters {
		i := strings.Index(md, "# "+ch+" {#")
		if i < 0 {
			t.Errorf("no heading %q", ch)
			continue
		}
		if i < last {
			t.Errorf("heading %q is out of order", ch)
		}
		last = i
	}
	section := func(from, to string) string {
		i, j := strings.Index(md, from), strings.Index(md, to)
		if i < 0 || j < i {
			t.Fatalf("no section %q … %q", from, to)
		}
		return md[i:j]
	}
	ch4 := section("## 4 系统功能清单", "## 5 ")
	ch7 := section("## 7 报表", "## 8 ")
	ch8 := section("## 8 非功能", "## 9 ")
	appendix := section("## 附录 A", "## 签字页")
	// The rejected requirement is only in the appendix.
	if strings.Contains(md[:strings.Index(md, "## 附录 A")], "REQ-006") {
		t.Error("the rejected REQ-006 appears before the appendix")
	}
	if !strings.Contains(appendix, "| REQ-006 | 客户公海池自动回收 | 客户信息 | 功能 | ") || !strings.Contains(appendix, "已拒绝") {
		t.Error("the appendix does not list the rejected REQ-006 with its status")
	}
	// Modules in catalog order in chapter 4: customer, visit, permission.
	if a, b, c := strings.Index(ch4, "### 4.1 客户信息"), strings.Index(ch4, "### 4.2 拜访跟进"), strings.Index(ch4, "### 4.3 权限角色"); a < 0 || b < a || c < b {
		t.Errorf("chapter 4 modules are not 4.1 客户信息, 4.2 拜访跟进, 4.3 权限角色:\n%s", ch4)
	}
	for id, sec := range map[string]string{"REQ-004": ch7, "REQ-005": ch8} {
		if !strings.Contains(sec, "#### "+id) || strings.Contains(ch4, "#### "+id) {
			t.Errorf("%s is not in its own chapter", id)
		}
	}
	for _, want := range []string{
		"#### REQ-003 客户主数据字段规范 {#req-003}", // the data requirement in chapter 4
		"| [REQ-002](#req-002) | 拜访记录移动端填报 | 必须有（建议） | 86 | 草稿 |",
		"1. 新建客户时，名称或手机号重复给出提示并阻止保存\n2. 客户列表可按负责人、行业、地区筛选\n",
		"- 父需求：[REQ-001](#req-001) 客户信息统一管理与查重",
		"- 派生自：[REQ-002](#req-002) 拜访记录移动端填报（可疑，需复核）",
		"| 预计工时 | 5 | 业务部门 | 销售部 |",
		"客户资料分散在销售、市场、客服各部门，需要统一建档。\\\n新建客户时按名称与手机号查重。",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	ch5 := section("## 5 用户角色权限", "## 6 ")
	for _, want := range []string{"| 角色 | 客户信息 | 拜访跟进 | 报表分析 |",
		"| 销售代表 | R C U（本人） | R C U（本人） | — |",
		"| 系统管理员 | R C U D E A（全部） | R C U D E A（全部） | — |",
		"R = 查看", "[REQ-007](#req-007)"} {
		if !strings.Contains(ch5, want) {
			t.Errorf("chapter 5 lacks %q:\n%s", want, ch5)
		}
	}
	ch6 := section("## 6 数据结构与字段", "## 7 ")
	for _, want := range []string{"### 6.1 客户 {#entity-1}", "### 6.2 联系人 {#entity-2}", "### 6.3 数据需求",
		"| 客户等级 | 选项 | 是 | 否 | A、B、C | — | [REQ-003](#req-003) |",
		"| 所属客户 | 关联 | 是 | 否 | → 客户 |"} {
		if !strings.Contains(ch6, want) {
			t.Errorf("chapter 6 lacks %q:\n%s", want, ch6)
		}
	}
	open := section("## 10 待定问题", "## 附录 A")
	if !strings.Contains(open, "[REQ-002](#req-002)") || strings.Contains(open, "REQ-001") {
		t.Errorf("chapter 10 should list only REQ-002:\n%s", open)
	}
	trace := section("## 9 验收与追溯", "## 10 ")
	if !strings.Contains(trace, "| [REQ-003](#req-003) | 客户主数据字段规范 | 1 | [REQ-001](#req-001) | — | — |") {
		t.Errorf("trace matrix row for REQ-003 is wrong:\n%s", trace)
	}
	if !strings.Contains(md, "score = round(100 × (0.5·value + 0.3·urgency + 0.2·(6 − difficulty)) / 5)") {
		t.Error("the glossary lacks the score formula")
	}
}

// TestSRSEmpty: empty sections say so rather than vanish, and an empty
// revision history gets a draft row dated today.
func TestSRSEmpty(t *testing.T) {
	for lang, wants := range map[crmflow.Lang][]string{
		crmflow.LangZH: {"本项目暂无数据字典条目", "本项目暂无功能需求", "本项目暂无报表与分析需求", "本项目暂无非功能需求",
			"本项目暂无角色权限数据", "本项目暂无待定问题", "| 草稿 | 2026-11-25 |", "工作草稿", "## 签字页 {#sign-off}",
			"## 3 业务流程描述 {#business-processes}"},
		crmflow.LangEN: {"No data dictionary entries yet", "No functional requirements yet", "No reports or analytics requirements yet",
			"No non-functional requirements yet", "No roles or permissions yet", "No open issues", "| Draft | 2026-11-25 |",
			"Working draft", "## Sign-off {#sign-off}", "## 3 Business processes {#business-processes}"},
	} {
		reg := &report.Register{Project: crmflow.Project{Name: "空项目"}, Lang: lang,
			Generated: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), Settings: requirements.DefaultSettings()}
		md := string(buildSRS(t, reg, report.FormatMarkdown))
		for _, w := range wants {
			if !strings.Contains(md, w) {
				t.Errorf("%s: empty document lacks %q", lang, w)
			}
		}
		html := string(buildSRS(t, reg, report.FormatHTML))
		if !strings.Contains(html, `id="sign-off"`) {
			t.Errorf("%s: empty HTML has no sign-off anchor", lang)
		}
	}
}

func TestBuildSRSErrors(t *testing.T) {
	var b bytes.Buffer
	if err := BuildSRS(&b, nil, report.FormatMarkdown); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("nil register: %v", err)
	}
	if err := BuildSRS(&b, srsTestRegister(t, crmflow.LangZH), "pdf"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("pdf: %v", err)
	}
	if b.Len() != 0 {
		t.Error("a failed build wrote output")
	}
	if err := BuildSRS(failWriter{}, srsTestRegister(t, crmflow.LangZH), report.FormatMarkdown); err == nil {
		t.Error("a write error was not returned")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// The nastiest text a person could type, in every user-text field.
var hostile = []string{
	"<script>alert(1)</script>",
	"# x",
	"a | b | c",
	"[link](javascript:alert(1))",
	"![img](http://evil.example/x.png)",
	"<img src=x onerror=alert(1)>",
	"`code` and ``more``",
	"- item\n1. one\n2) two\n+ plus\n* star\n> quote\n    indented\n===\n---\n***\n___",
	"```\nfence\n```",
	"~~~\nfence\n~~~",
	"**bold** _em_ ~~strike~~",
	"&lt;script&gt; &#60;script&#62; &amp;",
	"title {#evil .cls onclick=alert(1)}",
	"<http://evil.example> www.evil.example https://evil.example/path",
	"trailing backslash \\",
	"two spaces  \nhard break",
	"| --- | --- |\n| a | b |",
	"[ref]: javascript:alert(1)\n[ref]",
	"<!-- comment --> <div>block</div>",
	"[x]\t\x00\x07\r\nafter CR",
	"Setext\n======",
	"REQ \\| pipe",
}

func hostileRegister(t testing.TB, s string) *report.Register {
	reg := srsTestRegister(t, crmflow.LangZH)
	reg.Project.Name, reg.Project.Client, reg.Version = s, s, s
	for i := range reg.Requirements {
		v := &reg.Requirements[i]
		v.Title, v.Description, v.Owner, v.Source, v.Stakeholder = s, s, s, s, s
		v.Criteria = []string{s, s}
		v.Tags = []string{s}
		for k := range v.Fields {
			v.Fields[k] = s
		}
		for j := range v.Links {
			v.Links[j].Title = s
		}
	}
	for i := range reg.Fields {
		reg.Fields[i].Name = s + fmt.Sprint(i)
	}
	for i := range reg.DataFields {
		f := &reg.DataFields[i]
		f.Entity, f.Name, f.Description = s+fmt.Sprint(i%2), s, s
		f.Values = []string{s}
	}
	for i := range reg.Permissions {
		reg.Permissions[i].Role = s + fmt.Sprint(i%3)
	}
	for i := range reg.Revisions {
		r := &reg.Revisions[i]
		r.Version, r.Author, r.Change = s, s, s
	}
	return reg
}

// TestSRSUserTextCannotInject puts hostile text in every user field and checks
// the document keeps its structure and its HTML stays inert.
func TestSRSUserTextCannotInject(t *testing.T) {
	base := buildSRS(t, hostileRegister(t, "plain text"), report.FormatHTML)
	count := func(b []byte, tag string) int { return bytes.Count(b, []byte(tag)) }
	for _, s := range hostile {
		t.Run(strings.ReplaceAll(s[:min(len(s), 20)], "/", "_"), func(t *testing.T) {
			reg := hostileRegister(t, s)
			md := buildSRS(t, reg, report.FormatMarkdown)
			html := buildSRS(t, reg, report.FormatHTML)
			low := bytes.ToLower(html)
			for _, bad := range []string{"<script", "<img", "<div", "<a href=\"http", "<a href=\"javascript", "href=\"www",
				"<del>", "<em>", "<code>", "<pre>", "<blockquote>", "<hr>", "<!--", "class=\"cls\"", "id=\"evil\""} {
				if bytes.Contains(low, []byte(bad)) {
					i := bytes.Index(low, []byte(bad))
					t.Errorf("HTML holds %q: …%s…", bad, html[max(0, i-80):min(len(html), i+80)])
				}
			}
			// No tag carries an event handler (text like "onerror=" is fine: its "<" is escaped).
			if m := regexp.MustCompile(`<[a-z][^>]*\son[a-z]+=`).Find(low); m != nil {
				t.Errorf("a tag carries an event handler: %s", m)
			}
			// Structure is unchanged: same number of headings, tables, rows and list items.
			for _, tag := range []string{"<h1", "<h2", "<h3", "<h4", "<table>", "<tr>", "<ol>", "<ul>", "<li>", "<th>"} {
				if g, w := count(html, tag), count(base, tag); g != w {
					t.Errorf("%s: %d in the hostile document, %d in the plain one", tag, g, w)
				}
			}
			// Every table row of the Markdown has as many cells as its header.
			checkMarkdownTables(t, md)
			// The text survives, escaped: "<script>" reads as text.
			if strings.Contains(s, "<script>") && !bytes.Contains(html, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
				t.Error("the script tag is not shown as text")
			}
		})
	}
}

// checkMarkdownTables fails when a Markdown table row has a cell count other
// than its header's (an unescaped "|" in user text).
func checkMarkdownTables(t *testing.T, md []byte) {
	t.Helper()
	cells := func(line string) int {
		n := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '|' {
				n++
			}
		}
		return n
	}
	want := -1
	for i, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		if want < 0 {
			want = cells(line)
			continue
		}
		if got := cells(line); got != want {
			t.Errorf("markdown line %d has %d pipes, its table header %d: %q", i+1, got, want, line)
		}
	}
}

func TestSRSScriptTitleAndPipe(t *testing.T) {
	reg := srsTestRegister(t, crmflow.LangZH)
	reg.Requirements[0].Title = "<script>alert(1)</script>"
	reg.Requirements[1].Title = "左 | 右"
	html := buildSRS(t, reg, report.FormatHTML)
	if bytes.Contains(bytes.ToLower(html), []byte("<script")) {
		t.Error("a requirement titled <script> put a script tag in the HTML")
	}
	if !bytes.Contains(html, []byte("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")) {
		t.Error("the <script> title is not shown as text in a cell")
	}
	if !bytes.Contains(html, []byte(`<td><a href="#req-002">REQ-002</a></td>
<td>左 | 右</td>
<td>必须有（建议）</td>`)) {
		t.Error(`the title "左 | 右" broke its table row`)
	}
	md := buildSRS(t, reg, report.FormatMarkdown)
	checkMarkdownTables(t, md)
	if !bytes.Contains(md, []byte(`| 左 \| 右 |`)) {
		t.Error("the pipe is not escaped in the Markdown cell")
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, c := range []struct{ in, cell, inline, para string }{
		{"plain 中文", "plain 中文", "plain 中文", "plain 中文"},
		{"a|b", `a\|b`, `a\|b`, `a\|b`},
		{"# h", `\# h`, `\# h`, `\# h`},
		{"- a\n- b", `\- a / \- b`, `\- a \- b`, "\\- a\\\n\\- b"},
		{"1. x\n\n2) y", `1\. x / 2\) y`, `1\. x 2\) y`, "1\\. x\n\n2\\) y"},
		{"  code\n", "code", "code", "code"},
		{"<b>&amp; & x", `\<b\>\&amp; & x`, `\<b\>\&amp; & x`, `\<b\>\&amp; & x`},
		{"a\r\nb\rc", "a / b / c", "a b c", "a\\\nb\\\nc"},
		{"x\\", `x\\`, `x\\`, `x\\`},
		{"", "", "", ""},
	} {
		if g := mdCell(c.in); g != c.cell {
			t.Errorf("cell(%q) = %q, want %q", c.in, g, c.cell)
		}
		if g := mdInline(c.in); g != c.inline {
			t.Errorf("inline(%q) = %q, want %q", c.in, g, c.inline)
		}
		if g := mdPara(c.in); g != c.para {
			t.Errorf("para(%q) = %q, want %q", c.in, g, c.para)
		}
	}
}

// TestMarkdownToHTMLRawHTML: whatever Markdown it is given, raw HTML and
// linkified URLs never come through.
func TestMarkdownToHTMLRawHTML(t *testing.T) {
	md := []byte("# T\n\n<script>alert(1)</script>\n\n## A {#a}\n\nsee https://example.com and www.example.com <b>x</b>\n\n### A.1\n\ntext\n")
	out, err := MarkdownToHTML(md, "T & <T>", crmflow.LangEN)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, bad := range []string{"<script", "<b>", `href="http`, `href="www`} {
		if strings.Contains(s, bad) {
			t.Errorf("output holds %q", bad)
		}
	}
	for _, want := range []string{`<html lang="en">`, "<title>T &amp; &lt;T&gt;</title>", `<a href="#a">A</a>`,
		`<a href="#a1">A.1</a>`, "see https://example.com and www.example.com", `<header class="cover">`} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// TestSRSInChromium renders the HTML in a real browser: PDF, screenshot and DOM.
func TestSRSInChromium(t *testing.T) {
	b := reporttest.OpenInChromium(t, buildSRS(t, srsTestRegister(t, crmflow.LangZH), report.FormatHTML), "srs.zh.html")
	b.PDF()
	b.PNG(1200, 1600)
	dom := b.DOM()
	for _, ch := range zhChapters {
		if !regexp.MustCompile(`<h[23] id="[a-z0-9-]+">` + regexp.QuoteMeta(ch) + `</h[23]>`).MatchString(dom) {
			t.Errorf("the DOM lacks the heading %q", ch)
		}
	}
	appendix := dom[strings.Index(dom, `id="appendix-a"`):]
	table := appendix[:strings.Index(appendix, "</table>")]
	for _, id := range []string{"REQ-001", "REQ-002", "REQ-003", "REQ-004", "REQ-005", "REQ-006", "REQ-007"} {
		if !strings.Contains(table, ">"+id+"<") {
			t.Errorf("the DOM's requirement table lacks %s", id)
		}
	}
}

// srsBenchRegister is a synthetic project of n requirements.
func srsBenchRegister(b testing.TB, n int) *report.Register {
	reg := srsTestRegister(b, crmflow.LangZH)
	mods := []string{"customer", "contact", "lead", "opportunity", "visit", "campaign", "report", "platform", "permission"}
	kinds := requirements.Kinds
	statuses := requirements.Statuses
	proto := reg.Requirements
	reg.Requirements = make([]requirements.View, n)
	for i := range n {
		v := proto[i%len(proto)]
		v.ID = fmt.Sprintf("REQ-%04d", i+1)
		v.Title = fmt.Sprintf("%s（第 %d 条）", v.Title, i+1)
		v.Module = mods[i%len(mods)]
		v.Kind = kinds[i%len(kinds)]
		v.Status = statuses[i%len(statuses)]
		v.Description = strings.Repeat(v.Description+" ", 3)
		v.Links = nil
		v.Parent = ""
		if i > 0 && i%4 == 0 {
			v.Parent = fmt.Sprintf("REQ-%04d", i)
			v.Links = []requirements.LinkView{{Kind: requirements.LinkParent, Direction: "out", ID: v.Parent}}
		}
		reg.Requirements[i] = v
	}
	return reg
}

func BenchmarkBuildSRS5000(b *testing.B) {
	reg := srsBenchRegister(b, 5000)
	for _, f := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := BuildSRS(&buf, reg, f); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}

// BenchmarkGoldmarkOnly converts the same Markdown with a bare goldmark of the
// same extensions: the floor BuildSRS html is measured against.
func BenchmarkGoldmarkOnly(b *testing.B) {
	var md bytes.Buffer
	if err := BuildSRS(&md, srsBenchRegister(b, 5000), report.FormatMarkdown); err != nil {
		b.Fatal(err)
	}
	gm := goldmark.New(markdownOptions()...)
	var out bytes.Buffer
	b.ReportAllocs()
	b.SetBytes(int64(md.Len()))
	for b.Loop() {
		out.Reset()
		if err := gm.Convert(md.Bytes(), &out); err != nil {
			b.Fatal(err)
		}
	}
}
