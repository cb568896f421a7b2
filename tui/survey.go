package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/survey"
)

// surveyPage lists the questionnaires with their response counts, the
// interviews and the findings; the selected finding can be promoted to a
// requirement.
type surveyPage struct {
	qs   []survey.Questionnaire
	n    map[string]int // responses per questionnaire
	ivs  []research.Interview
	fs   []research.FindingView
	fcur int
}

// maxInterviewRows keeps the findings on screen below the interviews.
const maxInterviewRows = 4

func (m *Model) loadSurvey() error {
	qs, n, err := m.app.Questionnaires(m.ctx)
	if err != nil {
		return err
	}
	ivs, err := m.app.Research.Interviews(m.ctx)
	if err != nil {
		return err
	}
	m.sv.qs, m.sv.n, m.sv.ivs = qs, n, ivs
	if m.sv.fs != nil { // loaded once the page was shown; keep it current
		return m.loadFindings()
	}
	return nil
}

// loadFindings reads the findings with the requirements each became. It
// reads every requirement's source, so it waits until the page is shown
// rather than slow the first paint.
func (m *Model) loadFindings() error {
	fs, err := m.app.Research.Findings(m.ctx, m.lang)
	if err != nil {
		return err
	}
	m.sv.fs, m.sv.fcur = fs, min(m.sv.fcur, max(len(fs)-1, 0))
	return nil
}

func (m *Model) updateSurvey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Record):
		return m.interviewForm()
	case key.Matches(k, m.keys.Up):
		m.sv.fcur = max(m.sv.fcur-1, 0)
	case key.Matches(k, m.keys.Down):
		m.sv.fcur = min(m.sv.fcur+1, max(len(m.sv.fs)-1, 0))
	case key.Matches(k, m.keys.Promote):
		if len(m.sv.fs) > 0 {
			return m.promoteForm(m.sv.fs[m.sv.fcur])
		}
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
	shown := m.sv.ivs
	if len(shown) > maxInterviewRows { // the newest; the rest are counted in the heading
		shown = shown[len(shown)-maxInterviewRows:]
	}
	for _, iv := range shown {
		out = append(out, fit("  "+fit(iv.ID, 8)+"  "+fit(iv.Date, 10)+"  "+fit(iv.With, 14)+"  "+iv.Role, w))
	}
	if len(m.sv.ivs) == 0 {
		out = append(out, fit("  "+t.none, w))
	}
	out = append(out, "", m.st.head.Render(fit(fmt.Sprintf("%s (%d)", t.findings, len(m.sv.fs)), w)))
	if len(m.sv.fs) == 0 {
		return append(out, fit("  "+t.none, w))
	}
	rows := max(h-len(out), 1)
	start := max(0, min(m.sv.fcur-rows+1, len(m.sv.fs)-rows))
	for i := start; i < len(m.sv.fs) && len(out) < h; i++ {
		f := m.sv.fs[i]
		reqs := "-"
		if len(f.Requirements) > 0 {
			reqs = strings.Join(f.Requirements, ",")
		}
		line := fit("  "+fit(f.ID, 6)+"  "+strconv.Itoa(f.Severity)+"  "+fit(f.ModuleName, 10)+"  "+fit(reqs, 8)+"  "+f.Text, w)
		if i == m.sv.fcur {
			line = m.st.sel.Render(line)
		}
		out = append(out, line)
	}
	return out
}

// promoteForm asks for the requirement's title and module (the finding's
// by default) and promotes the finding through the same use case as
// `crmflow finding promote`.
func (m *Model) promoteForm(f research.FindingView) tea.Cmd {
	title, module := research.SuggestTitle(f.Text, m.lang), f.ModuleName
	form := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(m.t.title).Value(&title),
		huh.NewInput().Title(m.t.module).Value(&module),
	).Title(m.t.promote + ": " + f.ID))
	return m.startForm(form, func(m *Model) { m.promoteFinding(f.ID, title, module) })
}

func (m *Model) promoteFinding(id, title, module string) {
	r, _, err := m.app.Research.Promote(m.ctx, id, research.Promotion{Title: title, ModuleName: module, Lang: m.lang})
	if err != nil {
		m.setErr(err)
		return
	}
	m.reloadAfterWrite()
	if err := m.loadSurvey(); err != nil {
		m.setErr(err)
		return
	}
	m.setStatus(id + " " + m.t.promoted + " " + r.ID + " " + r.Title)
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
