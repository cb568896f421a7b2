package docs

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// draftRegister is the test register as a working draft after baseline
// v1.1, for an English-named client whose name ends in "Ltd.".
func draftRegister(t testing.TB, lang crmflow.Lang, cases int) *report.Register {
	reg := srsTestRegister(t, lang)
	reg.Version = ""
	reg.Project.Client = "Becker Industrial Ltd."
	reg.Since = report.Since{Baseline: "v1.1", Added: []string{"REQ-002"}, Changed: []string{"REQ-004", "REQ-005"}}
	reg.TestCases = cases
	reg.Signatories = []report.Signatory{{Name: "Tom Becker", Role: "Sales director", Org: "Becker"}, {Name: "王总", Role: "销售副总裁"}}
	return reg
}

// cover is the Markdown before the first chapter.
func cover(md string) string { return md[:strings.Index(md, "\n## ")] }

// TestSRSDraftFacts: a working draft beside a baseline says which baseline
// it builds on and what is new since; the cover names who prepared and who
// approves; no UAT test cases are promised that do not exist; "Ltd." takes
// no second full stop; English fixed text uses ASCII parentheses.
func TestSRSDraftFacts(t *testing.T) {
	en := string(buildSRS(t, draftRegister(t, crmflow.LangEN, 0), report.FormatMarkdown))
	zh := string(buildSRS(t, draftRegister(t, crmflow.LangZH, 0), report.FormatMarkdown))
	for _, c := range []struct {
		doc, want string
	}{
		{cover(en), "- Version: Working draft (based on requirements baseline v1.1; since then 1 requirement added, 2 changed)\n"},
		{cover(en), "- Document number: SRS-v1.1-draft-20261125\n"},
		{cover(en), "| Prepared by | 张经理 |  |  |\n"},
		{cover(en), "| Approved by | Tom Becker, 王总 |  |  |\n"},
		{cover(en), "| Reviewed by |  |  |  |\n"},
		{en, "This version is a working draft based on requirements baseline v1.1; since then 1 requirement added ([REQ-002](#req-002)), 2 changed ([REQ-004](#req-004), [REQ-005](#req-005))."},
		{en, "for Becker Industrial Ltd. It is the basis"},
		{en, "- Requirements baseline v1.1 is authoritative;"},
		{en, "(working draft based on baseline v1.1, 2026-11-25)"},
		{en, "no UAT test cases exist yet"},
		{en, "| Sales director (Becker) | Tom Becker |"},
		{cover(zh), "- 版本：工作草稿（基于需求基线 v1.1；其后新增需求 1 条，修改需求 2 条）\n"},
		{cover(zh), "| 编写 | 张经理 |  |  |\n"},
		{cover(zh), "| 批准 | Tom Becker、王总 |  |  |\n"},
		{zh, "本版本为工作草稿，基于需求基线 v1.1；其后新增需求 1 条（[REQ-002](#req-002)），修改需求 2 条（[REQ-004](#req-004)、[REQ-005](#req-005)）。"},
		{zh, "尚未编写 UAT 测试用例"},
		{zh, "| Sales director（Becker） | Tom Becker |"},
	} {
		if !strings.Contains(c.doc, c.want) {
			t.Errorf("the SRS lacks %q", c.want)
		}
	}
	for doc, bad := range map[string][]string{
		en: {"not yet a requirements baseline", "Ltd..", "UAT test cases are generated", "are derived from them"},
		zh: {"尚未形成需求基线", "UAT 测试用例由此生成", "Ltd.."},
	} {
		for _, b := range bad {
			if strings.Contains(doc, b) {
				t.Errorf("the SRS says %q", b)
			}
		}
	}
	if strings.ContainsAny(cover(en), "（）：；，") {
		t.Errorf("the English cover has full-width punctuation:\n%s", cover(en))
	}

	// With test cases, the document says how many.
	en = string(buildSRS(t, draftRegister(t, crmflow.LangEN, 3), report.FormatMarkdown))
	if !strings.Contains(en, "the project's 3 UAT test cases are derived from them") {
		t.Error("the SRS does not count the UAT test cases that exist")
	}
	// Before any baseline: no baseline named, "no baseline yet" said.
	reg := draftRegister(t, crmflow.LangEN, 0)
	reg.Since = report.Since{}
	en = string(buildSRS(t, reg, report.FormatMarkdown))
	if !strings.Contains(cover(en), "- Version: Working draft (no requirements baseline yet)\n") || !strings.Contains(cover(en), "SRS-draft-20261125") {
		t.Errorf("a first draft's cover:\n%s", cover(en))
	}
}

// pdfPages counts the pages of a PDF Chromium printed (its page objects).
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type /Page[^s]`).FindAll(pdf, -1))
}

// measureScript runs in the page after it is laid out at a narrow width
// and writes what it finds into the DOM: the IDs whose cell broke them over
// two lines.
const measureScript = `<script>
document.body.style.maxWidth = "430px";
var bad = [];
document.querySelectorAll("td a, td strong").forEach(function (a) {
  if (a.getClientRects().length > 1) bad.push(a.textContent);
});
var pre = document.createElement("pre");
pre.id = "measure";
pre.textContent = "wrapped:" + bad.join(",") + ";checked:" + document.querySelectorAll("td a").length;
document.body.appendChild(pre);
</script>`

// TestSRSPrintLayout prints the SRS in Chromium and measures it: the cover
// is page 1 alone and the contents page 2 alone (so a document of n
// chapters prints n + 2 pages when each chapter fits its page), other
// documents run on, and no ID in a table cell breaks over two lines even in
// a narrow column.
func TestSRSPrintLayout(t *testing.T) {
	// Twelve short chapters of five sections each: a contents of 72 lines.
	var md bytes.Buffer
	md.WriteString("# Software Requirements Specification {#title}\n\n**Project**\n\n- Project: P\n- Client: C\n- Version: v1.0\n\n")
	md.WriteString("| Responsibility | Name | Signature | Date |\n|---|---|---|---|\n| Prepared by | A |  |  |\n| Reviewed by |  |  |  |\n| Approved by | B |  |  |\n\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&md, "## %d Chapter\n\nText of chapter %d.\n\n", i, i)
		for j := 1; j <= 5; j++ {
			fmt.Fprintf(&md, "### %d.%d Section\n\nA line.\n\n", i, j)
		}
	}
	page, err := MarkdownToHTML(md.Bytes(), "t", crmflow.LangEN)
	if err != nil {
		t.Fatal(err)
	}
	pdf := reporttest.OpenInChromium(t, page, "pages.html").PDF()
	if n := pdfPages(pdf); n != 14 {
		t.Errorf("cover, contents and 12 chapters print as %d pages, want 14 (the cover or the contents spill over)", n)
	}
	// Minutes (no #title) of four short chapters run on: one page, not six.
	short := "# Minutes\n\n| Item | Details |\n|---|---|\n| Date | 2026-12-04 |\n\n"
	for i := 1; i <= 4; i++ {
		short += fmt.Sprintf("## Part %d\n\nA line of part %d.\n\n", i, i)
	}
	page, err = MarkdownToHTML([]byte(short), "t", crmflow.LangEN)
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(reporttest.OpenInChromium(t, page, "short.html").PDF()); n != 1 {
		t.Errorf("four short parts of minutes print on %d pages, want 1", n)
	}

	// The SRS itself, laid out narrow: no REQ-001 becomes "REQ-" and "001".
	// Chapter 3's step table names findings: F-001 stays whole too.
	reg := srsTestRegister(t, crmflow.LangZH)
	reg.Processes = []report.ProcessFigure{{ID: "PM-001", Name: "门店拜访流程", AsIs: true, Lanes: []string{"销售代表"},
		SVG: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`),
		Steps: []report.ProcessStep{{Label: "晚上在 Excel 登记拜访并把表格发到微信群里给主管汇总", Lane: "销售代表",
			Findings: []string{"F-001", "F-002", "F-003", "F-004"}, Reqs: []string{"REQ-001", "REQ-002"}}}}}
	html := string(buildSRS(t, reg, report.FormatHTML))
	if !strings.Contains(html, "<strong>F-004</strong>") {
		t.Fatal("the step table does not mark its finding IDs")
	}
	html = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`).ReplaceAllString(html, "")
	html = strings.Replace(html, "</body>", measureScript+"</body>", 1)
	dom := reporttest.OpenInChromium(t, []byte(html), "srs-narrow.html").DOM()
	m := regexp.MustCompile(`wrapped:([^;]*);checked:(\d+)`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the measuring script did not run:\n%.2000s", dom)
	}
	if m[2] == "0" {
		t.Fatal("no ID links in table cells were measured")
	}
	if m[1] != "" {
		t.Errorf("IDs broken over two lines in a narrow table: %s", m[1])
	}
}

// TestSRSEmptyChaptersShareAPage: chapters of one line ("No roles or
// permissions yet.") follow one another on a page instead of each leaving a
// page empty, while a chapter with content still starts its own page.
func TestSRSEmptyChaptersShareAPage(t *testing.T) {
	var md bytes.Buffer
	md.WriteString("# Software Requirements Specification {#title}\n\n**Project**\n\n- Project: P\n\n")
	md.WriteString("## 1 Functions\n\nText.\n\n### 1.1 Section\n\nA line.\n\n### 1.2 Section\n\nA line.\n\n")
	md.WriteString("## 2 Roles\n\nNo roles or permissions yet.\n\n")
	md.WriteString("## 3 Data\n\nNo data dictionary entries yet.\n\n### 3.1 Data requirements\n\nNo data requirements yet.\n\n")
	md.WriteString("## 4 Reports\n\nNo reports yet.\n\n## 5 Non-functional\n\nNo non-functional requirements yet.\n\n")
	md.WriteString("## 6 Verification\n\nText.\n\n### 6.1 Section\n\nA line.\n\n### 6.2 Section\n\nA line.\n\n")
	page, err := MarkdownToHTML(md.Bytes(), "t", crmflow.LangEN)
	if err != nil {
		t.Fatal(err)
	}
	// Cover, contents, chapter 1, chapters 2–6 (6 follows the one-line 5).
	if n := pdfPages(reporttest.OpenInChromium(t, page, "empty-chapters.html").PDF()); n != 4 {
		t.Errorf("the SRS prints as %d pages, want 4: one-line chapters take a page each", n)
	}
}
