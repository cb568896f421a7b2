package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow/change"
)

// crPage lists the change requests with the selected one's detail.
type crPage struct {
	list   []change.Request
	cur    int
	prompt *decidePrompt
}

// decidePrompt asks who decides and why, then for a confirmation.
type decidePrompt struct {
	to         change.State
	by         textinput.Model
	comment    textinput.Model
	field      int
	confirming bool
	row        int // the body line the "by" field was drawn on
}

func (m *Model) loadChanges() error {
	list, err := m.app.Changes.List(m.ctx, "")
	if err != nil {
		return err
	}
	m.cr.list = list
	m.cr.cur = min(m.cr.cur, max(len(list)-1, 0))
	return nil
}

func (m *Model) updateChanges(k tea.KeyPressMsg) tea.Cmd {
	p := &m.cr
	if p.prompt != nil {
		return m.updateDecide(k)
	}
	var to change.State
	switch {
	case key.Matches(k, m.keys.Up):
		p.cur = max(p.cur-1, 0)
	case key.Matches(k, m.keys.Down):
		p.cur = min(p.cur+1, max(len(p.list)-1, 0))
	case key.Matches(k, m.keys.Approve):
		to = change.Approved
	case key.Matches(k, m.keys.Reject):
		to = change.Rejected
	case key.Matches(k, m.keys.Defer):
		to = change.Deferred
	}
	if to == "" || len(p.list) == 0 {
		return nil
	}
	by := m.newInput(m.t.by + ": ")
	by.SetValue(string(m.app.Actor()))
	comment := m.newInput(m.t.comment + ": ")
	p.prompt = &decidePrompt{to: to, by: by, comment: comment}
	return p.prompt.by.Focus()
}

func (m *Model) updateDecide(k tea.KeyPressMsg) tea.Cmd {
	d := m.cr.prompt
	if d.confirming {
		switch k.String() {
		case "y", "Y":
			m.cr.prompt = nil
			cr := m.cr.list[m.cr.cur]
			saved, err := m.app.Changes.Decide(m.ctx, cr.ID, d.to, d.by.Value(), d.comment.Value())
			if err != nil {
				m.setErr(err)
				return nil
			}
			m.setStatus(fmt.Sprintf("%s %s: %s", saved.ID, m.t.decided, saved.State.Name(m.lang)))
			if err := m.loadChanges(); err != nil {
				m.setErr(err)
			}
			if err := m.loadOverview(); err != nil {
				m.setErr(err)
			}
		case "n", "N", "esc":
			d.confirming = false
		}
		return nil
	}
	switch k.String() {
	case "esc":
		m.cr.prompt = nil
		return nil
	case "tab", "shift+tab", "up", "down":
		return d.switchField()
	case "enter":
		if d.field == 0 {
			return d.switchField()
		}
		d.confirming = true
		return nil
	}
	var cmd tea.Cmd
	if d.field == 0 {
		d.by, cmd = d.by.Update(k)
	} else {
		d.comment, cmd = d.comment.Update(k)
	}
	return cmd
}

func (d *decidePrompt) switchField() tea.Cmd {
	d.field = 1 - d.field
	if d.field == 0 {
		d.comment.Blur()
		return d.by.Focus()
	}
	d.by.Blur()
	return d.comment.Focus()
}

func (m *Model) verb(to change.State) string {
	switch to {
	case change.Approved:
		return m.t.approve
	case change.Rejected:
		return m.t.reject
	}
	return m.t.deferV
}

func (m *Model) changesBody(h int) []string {
	p := &m.cr
	w := m.w
	out := []string{m.st.head.Render(fit(m.t.crs, w))}
	if len(p.list) == 0 {
		return append(out, fit("  "+m.t.none, w))
	}
	stW := 6
	for _, s := range change.States {
		stW = max(stW, width(s.Name(m.lang)))
	}
	listH := min(len(p.list), max(h/3, 3))
	start := max(0, min(p.cur-listH+1, len(p.list)-listH))
	for i := start; i < start+listH && i < len(p.list); i++ {
		cr := p.list[i]
		line := fit("  "+fit(cr.ID, 7)+"  "+fit(cr.State.Name(m.lang), stW)+"  "+cr.Title, w)
		if i == p.cur {
			line = m.st.sel.Render(line)
		}
		out = append(out, line)
	}
	out = append(out, strings.Repeat("-", w))
	cr := p.list[p.cur]
	if d := p.prompt; d != nil {
		out = append(out, m.st.head.Render(fit(m.verb(d.to)+" "+cr.ID+"  "+cr.Title, w)), "")
		d.by.SetWidth(max(w-width(d.by.Prompt)-3, 1))
		d.comment.SetWidth(max(w-width(d.comment.Prompt)-3, 1))
		d.row = len(out)
		out = append(out, fitStyled("  "+d.by.View(), w), fitStyled("  "+d.comment.View(), w), "")
		if d.confirming {
			out = append(out, m.st.err.Render(fit(fmt.Sprintf("  %s: %s %s?  %s", m.t.confirm, m.verb(d.to), cr.ID, m.t.yesNo), w)))
		} else {
			out = append(out, m.st.dim.Render(fit("  tab  enter  esc", w)))
		}
		return out
	}
	return append(out, m.crDetail(cr)...)
}

func (m *Model) crDetail(cr change.Request) []string {
	t := m.t
	w := m.w
	var out []string
	add := func(s string) { out = append(out, fit(s, w)) }
	add(fmt.Sprintf("%s: %s   %s: %s", t.requestedBy, cr.RequestedBy, t.against, cr.Against))
	if cr.Reason != "" {
		for _, l := range wrap(t.reason+": "+cr.Reason, w) {
			add(l)
		}
	}
	var prop []string
	if len(cr.Proposal.Reqs) > 0 || len(cr.Proposal.Set) > 0 {
		prop = append(prop, strings.Join(cr.Proposal.Reqs, ",")+" "+strings.Join(cr.Proposal.Set, " "))
	}
	for _, a := range cr.Proposal.Add {
		prop = append(prop, "+ "+a.Title)
	}
	for _, r := range cr.Proposal.Remove {
		prop = append(prop, "- "+r)
	}
	if len(prop) > 0 {
		add(t.proposal + ": " + strings.Join(prop, "; "))
	}
	if im := cr.Impact; im != nil {
		add(fmt.Sprintf("%s: %s %s  %s %s  %s %s  %s %s", t.impact, t.effort, change.FormatDays(im.EffortDays),
			t.schedule, change.FormatDays(im.ScheduleDays), t.cost, change.FormatDays(im.Cost), t.risk, im.Risk.Name(m.lang)))
		var ids []string
		for _, a := range im.Affected {
			ids = append(ids, a.ID)
		}
		if len(ids) > 0 {
			for _, l := range wrap(t.affected+": "+strings.Join(ids, ", "), w) {
				add(l)
			}
		}
	} else {
		add(t.impact + ": " + t.notAnalyzed)
	}
	if e, ok := cr.Decision(); ok {
		s := fmt.Sprintf("%s: %s  %s  %s", t.decision, e.To.Name(m.lang), e.By, e.At.Format("2006-01-02"))
		if e.Comment != "" {
			s += "  " + e.Comment
		}
		add(s)
	}
	return out
}
