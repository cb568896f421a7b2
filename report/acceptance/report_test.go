package acceptance

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// testReport is a round of five cases: two pass, one fails with a minor
// defect (open, with an owner and a deadline), one blocked by a major defect
// that was fixed and re-verified, one untested... then finished, so the
// verdict is 有条件通过. User text carries Markdown and HTML to be escaped.
func testReport(lang crmflow.Lang) *Report {
	round := acceptance.Round{ID: "UAT-1", Name: "UAT 第一轮", Baseline: "v1.1", Testers: []string{"张经理", "赵主管"}}
	mk := func(id, req, title string) acceptance.TestCase {
		return acceptance.TestCase{ID: id, Req: req, Baseline: "v1.1", Title: title, Expected: "ok"}
	}
	cases := []acceptance.TestCase{mk("TC-001", "REQ-001", "拜访记录 5 秒内可见"), mk("TC-002", "REQ-001", "离线录入"),
		mk("TC-003", "REQ-002", "照片带*水印* <script>alert(1)</script>"), mk("TC-004", "REQ-003", "客户查重 | 手机号"), mk("TC-005", "REQ-003", "=HYPERLINK(\"http://x\")")}
	reqs := []acceptance.Req{{ID: "REQ-001", Title: "拜访录入", Module: "visit", FP: "a"}, {ID: "REQ-002", Title: "拜访拍照", Module: "visit", FP: "b"},
		{ID: "REQ-003", Title: "客户查重", Module: "customer", FP: "c"}}
	x := func(c string, r acceptance.Result, date, comment string, defs ...string) acceptance.Execution {
		if defs == nil {
			defs = []string{}
		}
		return acceptance.Execution{Round: "UAT-1", Case: c, Result: r, Tester: "张经理", Date: date, Comment: comment, Defects: defs}
	}
	execs := []acceptance.Execution{x("TC-001", acceptance.Pass, "2026-11-30", ""), x("TC-002", acceptance.Pass, "2026-11-30", ""),
		x("TC-003", acceptance.Fail, "2026-12-01", "水印缺失\n第二行 [链接](http://evil)", "DEF-001"), x("TC-004", acceptance.Pass, "2026-12-02", "复测通过"),
		x("TC-005", acceptance.Blocked, "2026-12-02", "测试环境无数据")}
	st := acceptance.Status(round, reqs, map[string]string{"REQ-001": "a", "REQ-002": "b", "REQ-003": "c"}, cases, execs)
	defects := []acceptance.Defect{
		{ID: "DEF-001", Case: "TC-003", Req: "REQ-002", Title: "水印缺失", Severity: acceptance.Minor, State: acceptance.Open, Owner: "李工", Due: "2026-12-10"},
		{ID: "DEF-002", Case: "TC-004", Req: "REQ-003", Title: "查重报错", Severity: acceptance.Major, State: acceptance.Verified, Owner: "王工"},
	}
	mods := map[string]string{"visit": "拜访跟进", "customer": "客户信息"}
	if lang == crmflow.LangEN {
		mods = map[string]string{"visit": "Visits", "customer": "Customers"}
	}
	return &Report{Lang: lang, Project: "快消CRM", Client: "某快消企业", Contract: "HT-2026-018", Date: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC),
		Baseline: "v1.1", Hash: strings.Repeat("ab", 32), ReqCount: 4, Modules: mods,
		Rounds: []RoundLine{{Round: round, Tally: st.Total, First: "2026-11-30", Last: "2026-12-02"}},
		Status: st, Defects: defects, Verdict: acceptance.Assess(st, defects)}
}

func TestReportGolden(t *testing.T) {
	for _, l := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		r := testReport(l)
		if r.Verdict.Verdict != acceptance.Conditional {
			t.Fatalf("fixture verdict = %s, want conditional", r.Verdict.Verdict)
		}
		md := Markdown(r)
		reporttest.Golden(t, "acceptance-report."+string(l)+".md", md)
		han := regexp.MustCompile(`\p{Han}`)
		if l == crmflow.LangEN {
			// Only the Chinese the project gave (names, titles) may appear.
			stripped := string(md)
			for _, given := range []string{"快消CRM", "某快消企业", "UAT 第一轮", "张经理", "赵主管", "拜访记录 5 秒内可见", "离线录入", "照片带\\*水印\\*", "客户查重 \\| 手机号",
				"水印缺失", "第二行", "链接", "复测通过", "测试环境无数据", "查重报错", "李工", "王工"} {
				stripped = strings.ReplaceAll(stripped, given, "")
			}
			if m := han.FindString(stripped); m != "" {
				t.Errorf("the English report holds Chinese it was not given: %q", m)
			}
		}
	}
}

func TestReportSectionsAndEscaping(t *testing.T) {
	r := testReport(crmflow.LangZH)
	md := string(Markdown(r))
	for _, want := range []string{"## 1. 验收依据", "HT-2026-018", strings.Repeat("ab", 32), "## 2. 验收范围", "## 3. 验收轮次",
		"## 4. 测试结果（按模块）", "| 拜访跟进 | 3 | 2 | 1 | 0 | 0 | 66.7% |", "## 5. 缺陷统计（按严重程度）", "| 一般 | 1 | 1 | 0 | 0 | 0 |",
		"| 严重 | 1 | 0 | 0 | 1 | 0 |", "## 6. 遗留问题", "| DEF-001 | TC-003 | 水印缺失 | 一般 | 李工 | 2026-12-10 |",
		"| — | TC-005 | \\=HYPERLINK(\"http://x\") | 阻塞 | — | — |", "## 7. 验收结论", "**有条件通过**", "## 8. 签字", "| 客户方代表 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(md, "<script>") || regexp.MustCompile(`[^\\]\]\(http`).MatchString(md) {
		t.Error("user text reached the Markdown unescaped")
	}
	// The sign-off capability's rows replace the blank lines.
	r.Signatures = []acceptance.Signature{{Role: "客户方项目负责人", Name: "王总", Meaning: "验收通过", SignedAt: "2026-12-03 10:00 +08:00", Note: "ed25519 RWQ…"}}
	md = string(Markdown(r))
	if !strings.Contains(md, "| 客户方项目负责人 | 王总 | 验收通过 | 2026\\-12\\-03 10:00 \\+08:00 | ed25519 RWQ… |") &&
		!strings.Contains(md, "| 客户方项目负责人 | 王总 | 验收通过 | 2026-12-03 10:00 +08:00 | ed25519 RWQ… |") {
		t.Errorf("signature row missing:\n%s", md[strings.Index(md, "## 8."):])
	}
	if strings.Contains(md, "客户方代表") {
		t.Error("blank signature lines printed beside real signatures")
	}
	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	h := string(html)
	for _, bad := range []string{"<script", "href=\"http", "<link", "src=\"http"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML holds %q", bad)
		}
	}
	if !strings.Contains(h, `<html lang="zh-CN">`) || !strings.Contains(h, "有条件通过") {
		t.Error("HTML lacks its language or verdict")
	}
}

func TestReportRejectedSaysWhy(t *testing.T) {
	r := testReport(crmflow.LangEN)
	r.Defects[1].State = acceptance.Fixed
	r.Verdict = acceptance.Assess(r.Status, r.Defects)
	md := string(Markdown(r))
	if r.Verdict.Verdict != acceptance.Rejected || !strings.Contains(md, "**Not accepted**") ||
		!strings.Contains(md, "1 critical or major defects are not yet fixed and re-verified") {
		t.Errorf("rejected report:\n%s", md[strings.Index(md, "## 7."):])
	}
}
