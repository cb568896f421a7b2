// Package tui is crmflow's terminal UI: a bubbletea application over the
// application layer (app.App). It shows and changes the workspace only
// through the app's services, so every rule stays in the domain; what the
// domain refuses shows in the status line.
package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

// The pages, in tab order.
const (
	pageOverview = iota
	pageReqs
	pageSurvey
	pageProcess
	pageChanges
	pagePlan
	pageAccept
	pageSprint
	pageCount
)

// page is what one tab draws and how it takes keys; pages holds them in tab
// order, so a new page is one row here and one name in labels.tabs.
type page struct {
	body   func(m *Model, h int) []string
	update func(m *Model, k tea.KeyPressMsg) tea.Cmd // nil: the page takes no keys of its own
}

var pages = [pageCount]page{
	pageOverview: {body: (*Model).overviewBody},
	pageReqs:     {body: (*Model).reqsBody, update: (*Model).updateReqs},
	pageSurvey:   {body: (*Model).surveyBody, update: (*Model).updateSurvey},
	pageProcess:  {body: (*Model).processBody, update: noCmd((*Model).updateProcesses)},
	pageChanges:  {body: (*Model).changesBody, update: (*Model).updateChanges},
	pagePlan:     {body: (*Model).planBody, update: noCmd((*Model).updatePlan)},
	pageAccept:   {body: (*Model).acceptanceBody, update: noCmd((*Model).updateAcceptance)},
	pageSprint:   {body: (*Model).sprintBody, update: (*Model).updateSprint},
}

// noCmd adapts a key handler that starts no command.
func noCmd(f func(*Model, tea.KeyPressMsg)) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, k tea.KeyPressMsg) tea.Cmd { f(m, k); return nil }
}

// Options tune a Model.
type Options struct {
	NoColor bool // NO_COLOR: attributes only (reverse, bold), no colours
}

// Model is the whole application's state.
type Model struct {
	ctx     context.Context
	app     *app.App
	lang    crmflow.Lang
	t       labels
	keys    keyMap
	help    help.Model
	st      styles
	noColor bool

	w, h     int
	page     int
	showHelp bool
	status   string
	isErr    bool

	ov overview
	rq reqPage
	sv surveyPage
	pm procPage
	cr crPage
	pl planPage
	ac accPage
	sb sprintPage

	form     *huh.Form
	formDone func(*Model)
}

type styles struct {
	tabOn, tabOff, sel, head, err, dim lipgloss.Style
}

func newStyles(noColor bool) styles {
	plain := lipgloss.NewStyle()
	if noColor {
		return styles{tabOn: plain.Reverse(true).Bold(true), tabOff: plain, sel: plain.Reverse(true),
			head: plain.Bold(true), err: plain.Bold(true), dim: plain}
	}
	return styles{
		tabOn:  plain.Bold(true).Foreground(lipgloss.Color("0")).Background(lipgloss.Color("6")),
		tabOff: plain.Foreground(lipgloss.Color("7")),
		sel:    plain.Reverse(true),
		head:   plain.Bold(true).Foreground(lipgloss.Color("6")),
		err:    plain.Bold(true).Foreground(lipgloss.Color("1")),
		dim:    plain.Foreground(lipgloss.Color("8")),
	}
}

// New loads the workspace into a model.
func New(ctx context.Context, a *app.App, o Options) (*Model, error) {
	lang := a.Lang(ctx)
	m := newModel(ctx, a, lang, o)
	if err := m.loadAll(); err != nil {
		return nil, err
	}
	return m, nil
}

func newModel(ctx context.Context, a *app.App, lang crmflow.Lang, o Options) *Model {
	m := &Model{ctx: ctx, app: a, lang: lang, t: labelsFor(lang), keys: keysFor(lang), help: help.New(),
		st: newStyles(o.NoColor), noColor: o.NoColor, w: 80, h: 24}
	// ASCII separators: "•" and "…" are ambiguous-width and would shift in a zh_CN terminal.
	m.help.ShortSeparator = "  "
	m.help.FullSeparator = "   " // four columns of keys fit in 80 cells
	m.help.Ellipsis = ellipsis
	m.help.SetWidth(m.w)
	if o.NoColor {
		m.help.Styles = help.Styles{}
	}
	m.rq.filter = m.newInput("/")
	return m
}

func (m *Model) loadAll() error {
	for _, load := range []func() error{m.loadReqs, m.loadPlan, m.loadOverview, m.loadSurvey, m.loadProcesses, m.loadChanges, m.loadAcceptance} {
		if err := load(); err != nil {
			return err
		}
	}
	return nil
}

// Init starts nothing: the data is loaded by New.
func (m *Model) Init() tea.Cmd { return nil }

// setErr shows err in the status line: the domain's message, never a crash.
func (m *Model) setErr(err error) {
	m.isErr = true
	var e *crmflow.Error
	if errors.As(err, &e) && e.Message != "" {
		m.status = e.Message
		return
	}
	m.status = err.Error()
}

func (m *Model) setStatus(s string) { m.status, m.isErr = s, false }

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = max(msg.Width, 20), max(msg.Height, 8)
		m.help.SetWidth(m.w)
		if m.form != nil {
			m.form = m.form.WithWidth(m.w).WithHeight(m.bodyHeight())
		}
		m.rq.clamp(m.tableRows())
		return m, nil
	case editorDoneMsg:
		m.finishEditor(msg)
		return m, nil
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	}
	if m.form != nil {
		return m, m.updateForm(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	if m.showHelp {
		m.showHelp = false
		return m, nil
	}
	// A page that is taking text (filter, prompt) gets every key.
	if m.modal() {
		return m, m.updatePage(k)
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return m, tea.Quit
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
		return m, nil
	case key.Matches(k, m.keys.Next):
		m.setPage((m.page + 1) % pageCount)
		return m, nil
	case key.Matches(k, m.keys.Prev):
		m.setPage((m.page + pageCount - 1) % pageCount)
		return m, nil
	case key.Matches(k, m.keys.Pages):
		m.setPage(int(k.String()[0] - '1'))
		return m, nil
	}
	return m, m.updatePage(k)
}

func (m *Model) setPage(p int) {
	m.page = p
	m.keys.page = p
	if p == pageSurvey && m.sv.fs == nil && m.app != nil {
		if err := m.loadFindings(); err != nil {
			m.setErr(err)
		}
	}
	// The board is read each time it is shown: a status changed on another
	// page moves its card.
	if p == pageSprint && m.app != nil {
		if err := m.loadSprints(); err != nil {
			m.setErr(err)
		}
	}
}

// modal reports whether the current page is in a mode that owns the keyboard.
func (m *Model) modal() bool {
	switch m.page {
	case pageReqs:
		return m.rq.filtering || m.rq.mode != modeTable
	case pageChanges:
		return m.cr.prompt != nil
	case pageSprint:
		return m.sb.detail != nil
	}
	return false
}

func (m *Model) updatePage(k tea.KeyPressMsg) tea.Cmd {
	if u := pages[m.page].update; u != nil {
		return u(m, k)
	}
	return nil
}

// startForm shows a huh form in the body; done runs when it is submitted.
func (m *Model) startForm(f *huh.Form, done func(*Model)) tea.Cmd {
	m.form = f.WithTheme(formTheme(m.noColor)).WithWidth(m.w).WithHeight(m.bodyHeight()).WithShowHelp(true)
	m.formDone = done
	return m.form.Init()
}

func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "esc" {
		m.form, m.formDone = nil, nil
		return nil
	}
	fm, cmd := m.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		m.form = f
	}
	switch m.form.State {
	case huh.StateCompleted:
		done := m.formDone
		m.form, m.formDone = nil, nil
		done(m)
		return nil
	case huh.StateAborted:
		m.form, m.formDone = nil, nil
		return nil
	}
	return cmd
}

// bodyHeight is the lines between the tab bar and the status line.
func (m *Model) bodyHeight() int { return max(m.h-4, 1) }

// View draws the screen: tabs, body, status line, help bar; every line
// exactly the terminal's width so a resize leaves no artefacts.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.Cursor = m.cursor()
	v.AltScreen = true
	v.WindowTitle = "crmflow"
	return v
}

// cursor places the terminal's real cursor in the focused text field, so an
// input method (Chinese pinyin) opens its candidate window where the text goes.
// It runs after render, which records where the fields were drawn.
func (m *Model) cursor() *tea.Cursor {
	if m.form != nil || m.showHelp {
		return nil
	}
	switch {
	case m.page == pageReqs && m.rq.filtering && m.rq.mode == modeTable:
		return m.inputCursor(m.rq.filter, 0, 2)
	case m.page == pageChanges && m.cr.prompt != nil && !m.cr.prompt.confirming:
		d := m.cr.prompt
		if d.field == 0 {
			return m.inputCursor(d.by, 2, 2+d.row)
		}
		return m.inputCursor(d.comment, 2, 3+d.row)
	}
	return nil
}

// inputCursor is where ti's cursor is on screen when ti is drawn at (x, y),
// measured in display cells (bubbles counts runes, wrong for Chinese).
func (m *Model) inputCursor(ti textinput.Model, x, y int) *tea.Cursor {
	if !ti.Focused() {
		return nil
	}
	r := []rune(ti.Value())
	pos := min(ti.Position(), len(r))
	x += width(ti.Prompt) + width(string(r[:pos]))
	return tea.NewCursor(min(x, m.w-1), y)
}

// newInput is a one-line text field using the terminal's real cursor.
func (m *Model) newInput(prompt string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.CharLimit = 500
	ti.SetVirtualCursor(false)
	if m.noColor {
		ti.SetStyles(textinput.Styles{})
	}
	return ti
}

func (m *Model) render() string {
	lines := make([]string, 0, m.h)
	lines = append(lines, m.tabBar(), strings.Repeat("-", m.w))
	bh := m.bodyHeight()
	var body []string
	switch {
	case m.showHelp:
		body = m.helpBody()
	case m.form != nil:
		body = strings.Split(m.form.View(), "\n")
	default:
		body = m.pageBody(bh)
	}
	for i := 0; i < bh; i++ {
		if i < len(body) {
			lines = append(lines, fitStyled(body[i], m.w))
		} else {
			lines = append(lines, strings.Repeat(" ", m.w))
		}
	}
	st := fit(m.status, m.w)
	if m.isErr {
		st = m.st.err.Render(st)
	}
	helpBar := m.help.ShortHelpView(m.shortHelp())
	if m.form != nil { // the form's own keys, and esc to leave it
		helpBar = m.help.ShortHelpView(append(m.form.KeyBinds(), m.keys.Back))
	}
	lines = append(lines, st, fitStyled(helpBar, m.w))
	return strings.Join(lines, "\n")
}

// shortHelp is the help bar for what the screen is doing now.
func (m *Model) shortHelp() []key.Binding {
	k := m.keys
	switch {
	case m.page == pageReqs && m.rq.filtering:
		return []key.Binding{k.Enter, k.Back, k.Up, k.Down}
	case m.page == pageReqs && m.rq.mode == modeDetail:
		return []key.Binding{k.Up, k.Down, k.Status, k.Scores, k.Editor, k.Back, k.Quit}
	case m.page == pageReqs && m.rq.mode != modeTable:
		return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
	case m.page == pageChanges && m.cr.prompt != nil:
		return []key.Binding{k.Next, k.Enter, k.Back}
	case m.page == pageSprint && m.sb.detail != nil:
		return []key.Binding{k.Up, k.Down, k.Back, k.Quit}
	}
	return k.ShortHelp()
}

func (m *Model) helpBody() []string {
	out := []string{m.st.head.Render(fit(m.t.helpTitle, m.w))}
	for _, l := range strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n") {
		out = append(out, fitStyled(l, m.w))
	}
	return out
}

func (m *Model) tabBar() string {
	label := func(i int, full bool) string {
		if full || i == m.page {
			return " " + string(rune('1'+i)) + " " + m.t.tabs[i] + " "
		}
		return " " + string(rune('1'+i)) + " "
	}
	// Too narrow for every name: the other tabs show their numbers only.
	full, total := true, 0
	for i := range m.t.tabs {
		total += width(label(i, true))
	}
	if total > m.w {
		full = false
	}
	var b strings.Builder
	used := 0
	for i := range m.t.tabs {
		l := label(i, full)
		if used+width(l) > m.w {
			break
		}
		used += width(l)
		if i == m.page {
			b.WriteString(m.st.tabOn.Render(l))
		} else {
			b.WriteString(m.st.tabOff.Render(l))
		}
	}
	b.WriteString(strings.Repeat(" ", m.w-used))
	return b.String()
}

func (m *Model) pageBody(h int) []string { return pages[m.page].body(m, h) }

// fitStyled pads or cuts a line that already holds ANSI styling to w cells.
func fitStyled(s string, w int) string {
	sw := lipgloss.Width(s)
	if sw > w {
		return truncateStyled(s, w)
	}
	return s + strings.Repeat(" ", w-sw)
}

// Run runs the UI on the given terminal streams until the person quits.
func Run(ctx context.Context, a *app.App, in io.Reader, out io.Writer) error {
	m, err := New(ctx, a, Options{NoColor: os.Getenv("NO_COLOR") != ""})
	if err != nil {
		return err
	}
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out))
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

func truncateStyled(s string, w int) string { return ansi.Truncate(s, w, ellipsis) }

// formTheme is huh's theme with ASCII in place of the box-drawing bar,
// arrows and bullets: those are ambiguous-width and would break alignment in
// a zh_CN terminal. Without colour it starts from the plain base theme.
func formTheme(noColor bool) huh.Theme {
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		var t *huh.Styles
		if noColor {
			t = huh.ThemeBase(isDark)
		} else {
			t = huh.ThemeCharm(isDark)
		}
		bar := lipgloss.Border{Left: "|"}
		for _, s := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
			s.NextIndicator = s.NextIndicator.SetString("->")
			s.PrevIndicator = s.PrevIndicator.SetString("<-")
			s.SelectedPrefix = s.SelectedPrefix.SetString("[x] ")
			s.UnselectedPrefix = s.UnselectedPrefix.SetString("[ ] ")
		}
		t.Focused.Base = t.Focused.Base.BorderStyle(bar)
		t.Focused.Card = t.Focused.Base
		t.Blurred.NextIndicator = lipgloss.NewStyle()
		t.Blurred.PrevIndicator = lipgloss.NewStyle()
		return t
	})
}
