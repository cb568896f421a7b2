package tui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow/acceptance"
)

// accPage shows the UAT rounds, the selected round's results per module and
// verdict, and the defects.
type accPage struct {
	rounds  []acceptance.Round
	defects []acceptance.Defect
	cur     int
	status  *acceptance.RoundStatus
	verdict *acceptance.Assessment
}

func (m *Model) loadAcceptance() error {
	rs, err := m.app.Acceptance.Store.Rounds(m.ctx)
	if err != nil {
		return err
	}
	ds, err := m.app.Acceptance.Store.Defects(m.ctx)
	if err != nil {
		return err
	}
	m.ac.rounds, m.ac.defects = rs, ds
	m.ac.cur = min(m.ac.cur, max(len(rs)-1, 0))
	return m.loadRound()
}

func (m *Model) loadRound() error {
	m.ac.status, m.ac.verdict = nil, nil
	if len(m.ac.rounds) == 0 {
		return nil
	}
	st, as, _, err := m.app.Acceptance.Assess(m.ctx, m.ac.rounds[m.ac.cur].ID)
	if err != nil {
		return err
	}
	m.ac.status, m.ac.verdict = &st, &as
	return nil
}

func (m *Model) updateAcceptance(k tea.KeyPressMsg) {
	p := &m.ac
	old := p.cur
	switch {
	case key.Matches(k, m.keys.Up):
		p.cur = max(p.cur-1, 0)
	case key.Matches(k, m.keys.Down):
		p.cur = min(p.cur+1, max(len(p.rounds)-1, 0))
	}
	if p.cur != old {
		if err := m.loadRound(); err != nil {
			m.setErr(err)
		}
	}
}

func (m *Model) acceptanceBody(h int) []string {
	p := &m.ac
	t := m.t
	w := m.w
	out := []string{m.st.head.Render(fit(t.rounds, w))}
	if len(p.rounds) == 0 {
		out = append(out, fit("  "+t.none, w))
	}
	for i, r := range p.rounds {
		line := fit("  "+fit(r.ID, 7)+"  "+fit(r.Baseline, 8)+"  "+r.Name, w)
		if i == p.cur {
			line = m.st.sel.Render(line)
		}
		out = append(out, line)
	}
	if st := p.status; st != nil {
		out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s: %s", t.verdict, p.verdict.Verdict.Name(m.lang)), w)))
		num := func(n int) string { return fitRight(strconv.Itoa(n), 6) }
		out = append(out, m.st.dim.Render(fit("  "+fit(t.module, 14)+fitRight(t.pass, 6)+fitRight(t.fail, 6)+fitRight(t.blocked, 6)+fitRight(t.untested, 6), w)))
		row := func(name string, x acceptance.Tally) string {
			return fit("  "+fit(name, 14)+num(x.Pass)+num(x.Fail)+num(x.Blocked)+num(x.Untested), w)
		}
		for _, g := range st.Modules {
			out = append(out, row(m.moduleName(g.Key), g.Tally))
		}
		out = append(out, row(t.total, st.Total))
	}
	out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s (%d)", t.defects, len(p.defects)), w)))
	for _, d := range p.defects {
		if len(out) >= h {
			break
		}
		out = append(out, fit("  "+fit(d.ID, 8)+"  "+fit(d.Severity.Name(m.lang), 6)+"  "+fit(d.State.Name(m.lang), 8)+"  "+d.Title, w))
	}
	return out
}

// moduleName is a module key's name in the project's language.
func (m *Model) moduleName(k string) string {
	if c := m.rq.listing.Catalog; c != nil {
		if md, ok := c.Lookup(k); ok {
			return md.Name(m.lang)
		}
	}
	return k
}
