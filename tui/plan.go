package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// planPage shows the milestones as a text timeline, one cell per week (or per
// several weeks when the plan is longer than the screen is wide).
type planPage struct {
	sched *milestones.Schedule
	none  string // why there is no schedule (no plan yet), in the domain's words
	cur   int
}

func (m *Model) loadPlan() error {
	s, err := m.app.Schedule(m.ctx)
	if err != nil {
		if crmflow.ErrorCode(err) == crmflow.ENOTFOUND {
			m.pl = planPage{none: m.t.noPlan}
			return nil
		}
		return err
	}
	m.pl.sched, m.pl.none = s, ""
	m.pl.cur = min(m.pl.cur, max(len(s.Rows)-1, 0))
	return nil
}

func (m *Model) updatePlan(k tea.KeyPressMsg) {
	p := &m.pl
	if p.sched == nil {
		return
	}
	switch {
	case key.Matches(k, m.keys.Up):
		p.cur = max(p.cur-1, 0)
	case key.Matches(k, m.keys.Down):
		p.cur = min(p.cur+1, max(len(p.sched.Rows)-1, 0))
	case key.Matches(k, m.keys.Start), key.Matches(k, m.keys.Finish):
		if len(p.sched.Rows) == 0 {
			return
		}
		id := p.sched.Rows[p.cur].ID
		var err error
		if key.Matches(k, m.keys.Start) {
			_, err = m.app.StartMilestone(m.ctx, id, "")
		} else {
			_, err = m.app.FinishMilestone(m.ctx, id, "")
		}
		if err != nil {
			m.setErr(err)
			return
		}
		if err := m.loadPlan(); err != nil {
			m.setErr(err)
			return
		}
		if r, ok := m.pl.sched.Row(id); ok {
			m.setStatus(id + " " + r.Status.Name(m.lang))
		}
		if err := m.loadOverview(); err != nil {
			m.setErr(err)
		}
	}
}

func (m *Model) planBody(h int) []string {
	p := &m.pl
	w := m.w
	t := m.t
	if p.sched == nil {
		return []string{m.st.head.Render(fit(t.plan, w)), fit("  "+p.none, w)}
	}
	s := p.sched
	out := []string{fit(fmt.Sprintf("%s %s   %s %s   %s %s   %s %d%%", t.rag, s.RAG.Name(m.lang), t.finish, s.Finish,
		t.commit, s.Buffer.Commit, t.bufferUsed, int(s.Buffer.UsedPct+0.5)), w)}
	nameW := min(18, max(w/5, 8))
	fixed := 7 + 2 + nameW + 2
	cols := max(w-fixed, 4)
	first := s.Start.Monday()
	last := s.Finish
	for _, r := range s.Rows {
		if r.Finish > last {
			last = r.Finish
		}
	}
	weeks := int(last-first)/7 + 1
	per := (weeks + cols - 1) / cols // weeks per cell
	cell := func(d milestones.Date) int { return int(d-first) / 7 / per }
	today := cell(s.Today)
	scale := []rune(strings.Repeat(" ", cols))
	for i := 0; i+5 <= cols && i*per < weeks; i += 7 { // MM-DD every 7 cells
		label := first.AddDays(i * per * 7).String()[5:] // MM-DD
		for j, r := range label {
			if i+j < cols {
				scale[i+j] = r
			}
		}
	}
	out = append(out, m.st.dim.Render(fit(strings.Repeat(" ", fixed)+string(scale), w)))
	listH := max(h-3, 1)
	start := max(0, min(p.cur-listH+1, len(s.Rows)-listH))
	for i := start; i < len(s.Rows) && i < start+listH; i++ {
		r := s.Rows[i]
		bar := []rune(strings.Repeat(".", cols))
		a, b := cell(r.Start), cell(r.Finish)
		ch := '='
		if r.Critical {
			ch = '#'
		}
		if r.Status == milestones.Done {
			ch = '+'
		}
		for c := max(a, 0); c <= b && c < cols; c++ {
			bar[c] = ch
		}
		if today >= 0 && today < cols && bar[today] == '.' {
			bar[today] = '|'
		}
		// ! late (slipped or red), * on the critical path.
		late, crit := " ", " "
		if r.Slip > 0 || r.RAG == milestones.Red {
			late = "!"
		}
		if r.Critical {
			crit = "*"
		}
		line := fit(late+crit+fit(r.ID, 5)+"  "+fit(r.Name, nameW)+"  "+string(bar), w)
		switch {
		case i == p.cur:
			line = m.st.sel.Render(line)
		case late == "!":
			line = m.st.err.Render(line)
		}
		out = append(out, line)
	}
	if len(s.Rows) > 0 {
		r := s.Rows[p.cur]
		info := fmt.Sprintf("%s  %s  %s..%s  %s %d", r.ID, r.Status.Name(m.lang), r.Start, r.Finish, t.float, r.TotalFloat)
		if why := r.Reason(m.lang); why != "" {
			info += "  " + why
		}
		out = append(out, fit(info, w))
	}
	return out
}
