package tui

import (
	"fmt"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/requirements"
)

// overview is the project dashboard's data.
type overview struct {
	project  crmflow.Project
	total    int
	byStatus map[requirements.Status]int
	byMoSCoW map[requirements.MoSCoW]int
	byState  map[change.State]int
	crs      int
}

func (m *Model) loadOverview() error {
	p, err := m.app.Project(m.ctx)
	if err != nil {
		return err
	}
	// The requirement page's listing is current (it is loaded first and
	// after every write): counting it spares a second read of the register.
	l := m.rq.listing
	crs, err := m.app.Changes.List(m.ctx, "")
	if err != nil {
		return err
	}
	m.ov = summarize(p, l, crs)
	return nil
}

func summarize(p crmflow.Project, l requirements.Listing, crs []change.Request) overview {
	o := overview{project: p, total: len(l.Requirements), byStatus: map[requirements.Status]int{},
		byMoSCoW: map[requirements.MoSCoW]int{}, byState: map[change.State]int{}, crs: len(crs)}
	for i := range l.Requirements {
		r := &l.Requirements[i]
		o.byStatus[r.Status]++
		o.byMoSCoW[l.Settings.Evaluate(r).MoSCoW]++
	}
	for _, c := range crs {
		o.byState[c.State]++
	}
	return o
}

func (m *Model) overviewBody(h int) []string {
	o := m.ov
	t := m.t
	w := m.w
	out := []string{
		m.st.head.Render(fit(o.project.Name, w)),
		fit(t.client+": "+o.project.Client, w),
		"",
		m.st.head.Render(fit(fmt.Sprintf("%s (%s %d)", t.reqs, t.total, o.total), w)),
	}
	// Three columns (status in two, MoSCoW beside) keep the plan, the UAT
	// tally and the go-live gate on an 80×24 screen.
	col := func(name string, n int) string { return fit("  "+fit(name, 12)+fitRight(fmt.Sprint(n), 7), 23) }
	half := (len(requirements.Statuses) + 1) / 2
	cols := [3][]string{{fit(t.byStatus, 23)}, {fit("", 23)}, {fit(t.byMoSCoW, 23)}}
	for i, st := range requirements.Statuses {
		cols[i/half] = append(cols[i/half], col(st.Name(m.lang), o.byStatus[st]))
	}
	for _, c := range requirements.MoSCoWs {
		cols[2] = append(cols[2], col(c.Name(m.lang), o.byMoSCoW[c]))
	}
	rows := max(len(cols[0]), len(cols[1]), len(cols[2]))
	for i := range rows {
		var cells [3]string
		for j := range cols {
			cells[j] = fit("", 23)
			if i < len(cols[j]) {
				cells[j] = cols[j][i]
			}
		}
		out = append(out, fit(cells[0]+" "+cells[1]+"   "+cells[2], w))
	}
	out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s (%s %d)", t.crs, t.total, o.crs), w)))
	line := " "
	for _, s := range change.States {
		if n := o.byState[s]; n > 0 {
			line += fmt.Sprintf(" %s %d ", s.Name(m.lang), n)
		}
	}
	if o.crs == 0 {
		line = "  " + t.none
	}
	out = append(out, fit(line, w))
	out = append(out, m.planSummary()...)
	out = append(out, m.uatSummary()...)
	// Short of room: the blank separators go first, from the bottom up.
	for i := len(out) - 1; i > 0 && len(out) > h; i-- {
		if out[i] == "" {
			out = append(out[:i], out[i+1:]...)
		}
	}
	return out
}

// uatSummary is the overview's acceptance part: the selected (first) round's
// tally and verdict, and the defects. Nothing before a round exists.
func (m *Model) uatSummary() []string {
	p := &m.ac
	var out []string
	if p.status != nil {
		t, x := m.t, p.status.Total
		out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s  %s  %s: %s", t.rounds, p.status.Round.ID, t.verdict,
			p.verdict.Verdict.Name(m.lang)), m.w)),
			fit(fmt.Sprintf("  %s %d  %s %d  %s %d  %s %d   %s %d", t.pass, x.Pass, t.fail, x.Fail, t.blocked, x.Blocked,
				t.untested, x.Untested, t.defects, len(p.defects)), m.w))
	}
	// The gate matters once the project is near go-live: once a round exists
	// or an item has been worked on.
	if g := p.gate; g != nil && (p.status != nil || g.Done+len(g.Waived) > 0) {
		t := m.t
		verdict := t.gateReady
		if !g.Ready {
			verdict = t.gateBlocked
		}
		total := g.Done + len(g.Waived) + len(g.Blocking)
		if p.status == nil {
			out = append(out, "")
		}
		out = append(out, fit(fmt.Sprintf("  %s: %s  %s %d/%d  %s %d", t.gate, verdict, t.gateDone, g.Done, total, t.gateWaived, len(g.Waived)), m.w))
	}
	return out
}

// planSummary is the overview's plan part: RAG, forecast, what is in
// progress and the next milestones. Nothing without a plan.
func (m *Model) planSummary() []string {
	s := m.pl.sched
	if s == nil {
		return nil
	}
	t, w := m.t, m.w
	out := []string{"", m.st.head.Render(fit(fmt.Sprintf("%s  %s %s  %s %s  %s %s", t.plan, t.rag, s.RAG.Name(m.lang),
		t.finish, s.Finish, t.commit, s.Buffer.Commit), w))}
	var now, next []string
	for _, r := range s.Rows {
		switch {
		case r.Status == milestones.InProgress:
			now = append(now, r.ID+" "+r.Name)
		case r.Status == milestones.NotStarted && len(next) < 3:
			next = append(next, r.ID+" "+r.Name+" "+r.Start.String())
		}
	}
	if len(now) > 0 {
		out = append(out, fit("  "+t.phase+": "+strings.Join(now, ", "), w))
	}
	if len(next) > 0 {
		out = append(out, fit("  "+t.nextMS+": "+strings.Join(next, ", "), w))
	}
	return out
}
