// Package acceptance writes acceptance's files: the UAT workbook testers fill
// in (and its reader), the acceptance report (验收报告) in Markdown and
// self-contained HTML, and the trace matrix in Markdown, HTML and xlsx.
package acceptance

import (
	"fmt"
	"strings"

	"github.com/crmflow/crmflow"
)

// tr picks the text of lang.
func tr(lang crmflow.Lang, zh, en string) string {
	if lang == crmflow.LangEN {
		return en
	}
	return zh
}

// mdText escapes user text for one Markdown table cell or line: the
// characters Markdown gives a meaning to are backslash-escaped, line breaks
// become separators, so user text never makes a heading, link, table or HTML.
func mdText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(strings.TrimSpace(s))
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString(" / ")
		}
		for j, r := range strings.TrimSpace(line) {
			switch r {
			case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&':
				b.WriteByte('\\')
			case '#', '+', '-', '=':
				if j == 0 { // a heading, list or rule marker only at the start
					b.WriteByte('\\')
				}
			}
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "—"
	}
	return b.String()
}

// table writes a Markdown table; cells are already escaped.
func table(b *strings.Builder, head []string, rows [][]string) {
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|")
	for range head {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	b.WriteString("\n")
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", f) }
