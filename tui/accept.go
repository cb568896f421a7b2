package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/golive"
	"github.com/crmflow/crmflow/signoff"
)

// accPage shows the UAT rounds, the selected round's results per module and
// verdict, and the defects.
type accPage struct {
	rounds  []acceptance.Round
	defects []acceptance.Defect
	cur     int
	status  *acceptance.RoundStatus
	verdict *acceptance.Assessment
	signs   []signoff.Request
	gate    *golive.Gate
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
	signs, err := m.app.Signoffs.Store.Requests(m.ctx)
	if err != nil {
		return err
	}
	gate, err := m.app.GoLive.Gate(m.ctx, m.lang)
	if err != nil {
		return err
	}
	m.ac.rounds, m.ac.defects, m.ac.signs, m.ac.gate = rs, ds, signs, &gate
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
	var left []string
	lw := w // the module table's width; the sign-off column goes beside it when there is room
	if st := p.status; st != nil {
		lw = 40
		left = append(left, m.st.head.Render(fit(fmt.Sprintf("%s: %s", t.verdict, p.verdict.Verdict.Name(m.lang)), lw)))
		num := func(n int) string { return fitRight(strconv.Itoa(n), 6) }
		left = append(left, m.st.dim.Render(fit("  "+fit(t.module, 14)+fitRight(t.pass, 6)+fitRight(t.fail, 6)+fitRight(t.blocked, 6)+fitRight(t.untested, 6), lw)))
		row := func(name string, x acceptance.Tally) string {
			return fit("  "+fit(name, 14)+num(x.Pass)+num(x.Fail)+num(x.Blocked)+num(x.Untested), lw)
		}
		for _, g := range st.Modules {
			left = append(left, row(m.moduleName(g.Key), g.Tally))
		}
		left = append(left, row(t.total, st.Total))
	}
	if rw := w - lw - 2; len(left) > 0 && rw >= 30 {
		right := m.signoffLines(rw)
		n := max(len(left), len(right))
		merged := make([]string, 0, n)
		for i := 0; i < n; i++ {
			l, r := strings.Repeat(" ", lw), ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			merged = append(merged, fitStyled(l+"  "+r, w))
		}
		out = append(out, "")
		out = append(out, merged...)
	} else {
		if len(left) > 0 {
			out = append(out, "")
			out = append(out, left...)
		}
		out = append(out, "")
		out = append(out, m.signoffLines(w)...)
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

// signoffLines are the sign-offs (document, baseline, who signed) and the
// go-live gate, w cells wide.
func (m *Model) signoffLines(w int) []string {
	p, t := &m.ac, m.t
	out := []string{m.st.head.Render(fit(fmt.Sprintf("%s (%d)", t.signoffs, len(p.signs)), w))}
	if len(p.signs) == 0 {
		out = append(out, fit("  "+t.none, w))
	}
	for _, r := range p.signs {
		who := t.unsigned
		if n := len(r.Signatures); n > 0 {
			names := make([]string, 0, n)
			for _, sg := range r.Signatures {
				names = append(names, sg.Signer)
			}
			who = strings.Join(names, ", ")
		}
		out = append(out, fit("  "+fit(r.ID, 7)+" "+fit(r.Doc.Name(m.lang), 10)+" "+fit(r.Baseline, 6)+" "+who, w))
	}
	if g := p.gate; g != nil {
		verdict := t.gateReady
		if !g.Ready {
			verdict = t.gateBlocked
		}
		total := g.Done + len(g.Waived) + len(g.Blocking)
		out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s: %s", t.gate, verdict), w)),
			fit(fmt.Sprintf("  %s %d/%d  %s %d  %s %d", t.gateDone, g.Done, total, t.gateWaived, len(g.Waived), t.blocked, len(g.Blocking)), w))
		for _, it := range g.Blocking {
			out = append(out, fit("  - "+it.Title, w))
		}
	}
	return out
}
