package tui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/survey"
)

// surveyPage lists the questionnaires with their response counts and the interviews.
type surveyPage struct {
	qs  []survey.Questionnaire
	n   map[string]int // responses per questionnaire
	ivs []research.Interview
	off int
}

func (m *Model) loadSurvey() error {
	qs, n, err := m.app.Questionnaires(m.ctx)
	if err != nil {
		return err
	}
	ivs, err := m.app.Research.Interviews(m.ctx)
	if err != nil {
		return err
	}
	m.sv = surveyPage{qs: qs, n: n, ivs: ivs, off: m.sv.off}
	return nil
}

func (m *Model) updateSurvey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Record):
		return m.interviewForm()
	case key.Matches(k, m.keys.Up):
		m.sv.off = max(m.sv.off-1, 0)
	case key.Matches(k, m.keys.Down):
		m.sv.off = min(m.sv.off+1, max(len(m.sv.ivs)-1, 0))
	}
	return nil
}

func (m *Model) surveyBody(h int) []string {
	t := m.t
	w := m.w
	out := []string{m.st.head.Render(fit(t.questionnaires, w))}
	idW := 6
	for _, q := range m.sv.qs {
		idW = max(idW, width(q.ID))
	}
	rw := max(width(t.colResp), 6)
	out = append(out, m.st.dim.Render(fit("  "+fit(t.colID, idW)+"  "+fitRight(t.colResp, rw)+"  "+t.colTitle, w)))
	for _, q := range m.sv.qs {
		out = append(out, fit("  "+fit(q.ID, idW)+"  "+fitRight(strconv.Itoa(m.sv.n[q.ID]), rw)+"  "+q.Title, w))
	}
	if len(m.sv.qs) == 0 {
		out = append(out, fit("  "+t.none, w))
	}
	out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s (%d)", t.interviews, len(m.sv.ivs)), w)))
	out = append(out, m.st.dim.Render(fit("  "+fit(t.colID, 8)+"  "+fit(t.colDate, 10)+"  "+fit(t.colWho, 14)+"  "+t.colRole, w)))
	ivs := m.sv.ivs[min(m.sv.off, len(m.sv.ivs)):]
	for _, iv := range ivs {
		if len(out) >= h {
			break
		}
		out = append(out, fit("  "+fit(iv.ID, 8)+"  "+fit(iv.Date, 10)+"  "+fit(iv.With, 14)+"  "+iv.Role, w))
	}
	if len(m.sv.ivs) == 0 {
		out = append(out, fit("  "+t.none, w))
	}
	return out
}

// interviewForm records an interview: who, role, date and notes. The
// research service validates it (the date, an empty name).
func (m *Model) interviewForm() tea.Cmd {
	var iv research.Interview
	iv.Date = m.app.Clock().Now().Format("2006-01-02")
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(m.t.with).Value(&iv.With),
		huh.NewInput().Title(m.t.role).Value(&iv.Role),
		huh.NewInput().Title(m.t.date).Value(&iv.Date),
		huh.NewText().Title(m.t.notes).Value(&iv.Notes).Lines(4),
	).Title(m.t.newInterview))
	return m.startForm(f, func(m *Model) { m.recordInterview(iv) })
}

func (m *Model) recordInterview(iv research.Interview) {
	saved, err := m.app.Research.AddInterview(m.ctx, iv)
	if err != nil {
		m.setErr(err)
		return
	}
	m.setStatus(saved.ID + " " + m.t.recorded)
	if err := m.loadSurvey(); err != nil {
		m.setErr(err)
	}
}
