package plan

import (
	"fmt"
	"io"
	"strconv"

	"github.com/crmflow/crmflow"
)

// SprintLine is one sprint the weekly report shows: its window, capacity,
// planned and completed work (person-days), and its burndown's scope change.
type SprintLine struct {
	ID, Release        string
	Start, End         string
	Capacity, Planned  float64
	Completed          float64
	Added, Reestimated float64
	Items              int
}

// writeSprints is the weekly report's sprint section; no sprint, no section,
// so projects without sprints read as before.
func writeSprints(w io.Writer, l crmflow.Lang, ss []SprintLine) {
	if len(ss) == 0 {
		return
	}
	n := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	fmt.Fprintf(w, "## %s\n\n", tr(l, "十一、迭代进展", "11. Sprints"))
	fmt.Fprintf(w, "| %s |\n|---|---|---|---|---|---|---|---|\n", tr(l, "迭代 | 版本 | 时间 | 容量（人天） | 已排 | 已完成 | 开始后新增 | 重新估算",
		"Sprint | Release | Dates | Capacity (days) | Planned | Completed | Added after start | Re-estimated"))
	for _, s := range ss {
		fmt.Fprintf(w, "| %s | %s | %s – %s | %s | %s | %s | %s | %s |\n", s.ID, mdText(s.Release), s.Start, s.End,
			n(s.Capacity), n(s.Planned), n(s.Completed), n(s.Added), n(s.Reestimated))
	}
	fmt.Fprintln(w)
}
