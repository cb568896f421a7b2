// Package plan writes the project manager's documents from the schedule: the
// weekly report (项目周报) in Markdown, self-contained HTML and xlsx; the Gantt
// chart as SVG, an xlsx sheet and Mermaid; and the milestones as an RFC 5545
// calendar (ICS). It renders what milestones computed and decides nothing.
package plan

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// Weekly is what the weekly report is built from.
type Weekly struct {
	Project   crmflow.Project
	Lang      crmflow.Lang
	Generated time.Time
	Data      *milestones.Weekly
	// Schedule and Calendar draw the Gantt chart of the HTML page (the
	// schedule as of the report day).
	Schedule *milestones.Schedule
	Calendar *milestones.Calendar
}

// Gantt is what the Gantt chart is drawn from.
type Gantt struct {
	Project  crmflow.Project
	Lang     crmflow.Lang
	Schedule *milestones.Schedule
	Calendar *milestones.Calendar
}

// tr picks the text in lang.
func tr(lang crmflow.Lang, zh, en string) string {
	if lang == crmflow.LangEN {
		return en
	}
	return zh
}

// WeeklyTitle is the document's title: 项目周报 2027-W03.
func WeeklyTitle(lang crmflow.Lang, week string) string {
	return tr(lang, "项目周报 ", "Weekly report ") + week
}

// GanttTitle is the chart's title.
func GanttTitle(lang crmflow.Lang, project string) string {
	return project + tr(lang, " 甘特图", " Gantt chart")
}

// mdSpecial marks the ASCII characters escaped wherever they appear in
// Markdown text.
var mdSpecial = func() (t [128]bool) {
	for _, c := range "\\`*_[]<>#|~{}!" {
		t[c] = true
	}
	return t
}()

// mdText escapes user text for one line of Markdown or a table cell: the
// characters that start inline structure, a block marker at the start, and
// "|"; line breaks become " / " and control characters are dropped. (The
// report package's escaper is not exported; this is the same rule set.)
func mdText(s string) string {
	var b strings.Builder
	first := true
	for line := range strings.Lines(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !first {
			b.WriteString(" / ")
		}
		first = false
		escapeLine(&b, line)
	}
	return b.String()
}

func escapeLine(b *strings.Builder, s string) {
	switch c := s[0]; {
	case c == '-' || c == '+' || c == '=':
		b.WriteByte('\\')
	case '0' <= c && c <= '9':
		i := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ')') {
			b.WriteString(s[:i])
			b.WriteByte('\\')
			s = s[i:]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				b.WriteRune(utf8.RuneError)
			case r == '\u2028' || r == '\u2029':
				b.WriteByte(' ')
			default:
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		switch {
		case c == '\t':
			b.WriteByte(' ')
		case c < 0x20 || c == 0x7f:
		case mdSpecial[c]:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '&':
			b.WriteString("\\&")
		default:
			b.WriteByte(c)
		}
		i++
	}
}

// dateText writes a date, or "—" when it is not set.
func dateText(d milestones.Date) string {
	if d == 0 {
		return "—"
	}
	return d.String()
}

// slipText writes a slip in working days with its sign: +3, 0, -2.
func slipText(n int) string {
	if n > 0 {
		return "+" + itoa(n)
	}
	return itoa(n)
}

func itoa(n int) string { return strconv.Itoa(n) }

// ragText is a rating with its trend arrow: 黄 ↓.
func ragText(lang crmflow.Lang, r milestones.RAG) string {
	if r == "" {
		return "—"
	}
	return r.Name(lang)
}

// trendText says how a rating moved since last week.
func trendText(lang crmflow.Lang, t milestones.Trend) string {
	switch t {
	case milestones.Better:
		return tr(lang, "↑ 好转", "↑ better")
	case milestones.Worse:
		return tr(lang, "↓ 变差", "↓ worse")
	case milestones.Same:
		return tr(lang, "→ 持平", "→ same")
	}
	return tr(lang, "· 首次评估", "· first rating")
}

// ragColor is the fill of a rating in drawings and workbooks.
func ragColor(r milestones.RAG) string {
	switch r {
	case milestones.Red:
		return "C0392B"
	case milestones.Amber:
		return "E6A100"
	}
	return "2E8B57"
}
