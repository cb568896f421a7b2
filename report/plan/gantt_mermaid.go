package plan

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/crmflow/crmflow/milestones"
)

// GanttMermaid writes the schedule as a Mermaid gantt chart that keeps our
// working calendar: "excludes weekends" plus every public holiday and
// project day off in the chart's span, and "includes" for the 调休 Saturdays
// and Sundays that are worked. Each task starts on its forecast start and
// lasts its duration in working days, which Mermaid stretches over the
// excluded days exactly as the schedule does. Critical tasks are crit,
// finished ones done, started ones active; zero-length milestones are
// milestones.
func GanttMermaid(out io.Writer, g *Gantt) error {
	s, l, cal, err := g.parts()
	if err != nil {
		return err
	}
	from, to := span(s)
	var off, on []string
	for d := from; d <= to; d++ {
		weekend := d.Weekday() == 0 || d.Weekday() == 6
		switch work := cal.IsWorkday(d); {
		case weekend && work:
			on = append(on, d.String())
		case !weekend && !work:
			off = append(off, d.String())
		}
	}
	w := bufio.NewWriter(out)
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("gantt\n")
	p("    title %s\n", mmdText(GanttTitle(l, g.Project.Name)))
	p("    dateFormat YYYY-MM-DD\n")
	p("    axisFormat %%m-%%d\n")
	p("    excludes %s\n", strings.Join(append([]string{"weekends"}, off...), ", "))
	if len(on) > 0 {
		p("    includes %s\n", strings.Join(on, ", "))
	}
	if s.Today != 0 {
		p("    %%%% %s %s\n", tr(l, "今天", "today"), s.Today)
	}
	p("    section %s\n", mmdText(tr(l, "里程碑", "Milestones")))
	for _, r := range s.Rows {
		var tags []string
		if r.Critical {
			tags = append(tags, "crit")
		}
		switch r.Status {
		case milestones.Done:
			tags = append(tags, "done")
		case milestones.InProgress:
			tags = append(tags, "active")
		}
		dur := fmt.Sprintf("%dd", cal.WorkdaysBetween(r.Start, r.Finish+1))
		if r.Duration == 0 {
			tags = append(tags, "milestone")
			dur = "0d"
		}
		tags = append(tags, mmdID(r.ID), r.Start.String(), dur)
		p("    %s :%s\n", mmdText(r.ID+" "+r.Name), strings.Join(tags, ", "))
	}
	return w.Flush()
}

// mmdID makes a task ID of letters, digits and underscores: MS-03 → ms_03.
func mmdID(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '_'
	}, id)
}

// mmdText makes user text safe for a task name or title: ":" would end the
// name, "#" and ";" start entity codes, so they and the markup characters
// become Mermaid entity codes; line breaks and control characters become
// spaces.
func mmdText(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch r {
		case ':':
			b.WriteString("#58;")
		case ';':
			b.WriteString("#59;")
		case '#':
			b.WriteString("#35;")
		case '"':
			b.WriteString("#quot;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '%':
			b.WriteString("#37;")
		default:
			if r < 0x20 || r == 0x7f {
				b.WriteByte(' ')
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
