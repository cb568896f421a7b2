package acceptance

import (
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestReportInChromium prints the 验收报告 in headless Chromium and reads back
// the DOM: its sections, the verdict, and user markup kept as text.
func TestReportInChromium(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		html, err := HTML(testReport(lang))
		if err != nil {
			t.Fatal(err)
		}
		b := reporttest.OpenInChromium(t, html, "acceptance-"+string(lang)+".html")
		b.PDF() // fails on no PDF or a tiny one
		dom := b.DOM()
		want := []string{"UAT-1", "TC-003", "DEF-001", "HT-2026-018", "&lt;script&gt;alert(1)&lt;/script&gt;"}
		if lang == crmflow.LangZH {
			want = append(want, "有条件通过", "拜访跟进")
		} else {
			want = append(want, "Visits")
		}
		for _, w := range want {
			if !strings.Contains(dom, w) {
				t.Errorf("%s: the DOM has no %q", lang, w)
			}
		}
		if strings.Contains(dom, "<script>alert") || strings.Contains(dom, `href="http://evil"`) {
			t.Errorf("%s: user text became markup", lang)
		}
	}
}
