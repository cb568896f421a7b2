// Package plan writes the project manager's documents from the schedule: the
// weekly report (项目周报) in Markdown, self-contained HTML and xlsx; the Gantt
// chart as SVG, an xlsx sheet and Mermaid; and the milestones as an RFC 5545
// calendar (ICS). It renders what milestones computed and decides nothing.
package plan

import (
	"errors"
	"strconv"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/report/docs"
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
	Sprints  []SprintLine // sprints running in the week (section 11, when any)
}

// Gantt is what the Gantt chart is drawn from.
type Gantt struct {
	Project  crmflow.Project
	Lang     crmflow.Lang
	Schedule *milestones.Schedule
	Calendar *milestones.Calendar
}

// parts are what every Gantt format draws from; a missing calendar is the
// plain weekday one.
func (g *Gantt) parts() (*milestones.Schedule, crmflow.Lang, *milestones.Calendar, error) {
	if g == nil || g.Schedule == nil {
		return nil, "", nil, errors.New("gantt: no schedule")
	}
	cal := g.Calendar
	if cal == nil {
		cal = milestones.NewCalendar(nil)
	}
	return g.Schedule, g.Lang, cal, nil
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

// mdText escapes user text for one line of Markdown or a table cell
// (report/docs's rules): line breaks become " / ".
func mdText(s string) string { return docs.MarkdownCell(s) }

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
