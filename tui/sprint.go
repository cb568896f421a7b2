package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/requirements"
)

// sprintPage is the sprint board: one sprint's work in the domain's columns
// (release.Columns, placed by release.ColumnOf in the app), with the sprint's
// capacity, load, the velocity of its release's past sprints and its
// burndown. It opens on the running sprint; [ and ] go through every sprint
// of every release.
type sprintPage struct {
	views []app.ReleaseView
	list  []sprintAt // every sprint, release by release
	cur   int        // index into list
	board *app.Board
	burn  *release.Burndown

	col, row int // the selected card: a column of release.Columns, a row in it

	detail    *app.RequirementDetail // the selected card's requirement, while shown
	detailOff int
}

// sprintAt finds a sprint in views.
type sprintAt struct{ view, sprint int }

func (p *sprintPage) sprint() (app.SprintView, app.ReleaseView, bool) {
	if p.cur < 0 || p.cur >= len(p.list) {
		return app.SprintView{}, app.ReleaseView{}, false
	}
	at := p.list[p.cur]
	v := p.views[at.view]
	return v.Sprints[at.sprint], v, true
}

// cards are the items of the board's column c.
func (p *sprintPage) cards(c int) []app.PlanItem {
	if p.board == nil {
		return nil
	}
	return p.board.Columns[release.Columns[c]]
}

// selected is the card under the cursor and its column.
func (p *sprintPage) selected() (app.PlanItem, release.Column, bool) {
	cs := p.cards(p.col)
	if p.row < 0 || p.row >= len(cs) {
		return app.PlanItem{}, "", false
	}
	return cs[p.row], release.Columns[p.col], true
}

// loadSprints reads the releases and their sprints, keeps the sprint shown
// (or picks the running one) and loads its board.
func (m *Model) loadSprints() error {
	p := &m.sb
	vs, err := m.app.ReleaseViews(m.ctx)
	if err != nil {
		return err
	}
	keep := ""
	if s, _, ok := p.sprint(); ok {
		keep = s.ID
	}
	p.views, p.list = vs, nil
	for i, v := range vs {
		for j := range v.Sprints {
			p.list = append(p.list, sprintAt{i, j})
		}
	}
	p.cur = -1
	for i, at := range p.list {
		if vs[at.view].Sprints[at.sprint].ID == keep {
			p.cur = i
		}
	}
	if p.cur < 0 {
		p.cur = p.defaultSprint(milestones.DateOf(m.app.Clock().Now()))
		p.col, p.row = 0, 0
	}
	return m.loadBoard()
}

// defaultSprint is the running sprint; else the next to start; else the last.
func (p *sprintPage) defaultSprint(today milestones.Date) int {
	next := -1
	for i, at := range p.list {
		s := p.views[at.view].Sprints[at.sprint]
		if s.Start <= today && today <= s.End {
			return i
		}
		if s.Start > today && next < 0 {
			next = i
		}
	}
	if next >= 0 {
		return next
	}
	return len(p.list) - 1
}

// loadBoard reads the shown sprint's board and burndown; the selection
// follows the selected card to its new column.
func (m *Model) loadBoard() error {
	p := &m.sb
	keep := ""
	if it, _, ok := p.selected(); ok {
		keep = it.Ref
	}
	p.board, p.burn = nil, nil
	s, _, ok := p.sprint()
	if !ok {
		return nil
	}
	b, err := m.app.SprintBoard(m.ctx, s.ID)
	if err != nil {
		return err
	}
	bd, err := m.app.SprintBurndown(m.ctx, s.ID)
	if err != nil {
		return err
	}
	p.board, p.burn = &b, &bd
	for c := range release.Columns {
		for r, it := range p.cards(c) {
			if it.Ref == keep {
				p.col, p.row = c, r
				return nil
			}
		}
	}
	p.settle()
	return nil
}

// settle keeps the selection on a card: in the selected column if it has
// any, else in the first column that has.
func (p *sprintPage) settle() {
	if len(p.cards(p.col)) == 0 {
		for c := range release.Columns {
			if len(p.cards(c)) > 0 {
				p.col = c
				break
			}
		}
	}
	p.row = max(0, min(p.row, len(p.cards(p.col))-1))
}

// moveColumn selects the nearest column in direction d (-1, +1) that holds
// a card; with none that way the selection stays.
func (p *sprintPage) moveColumn(d int) {
	for c := p.col + d; c >= 0 && c < len(release.Columns); c += d {
		if len(p.cards(c)) > 0 {
			p.col = c
			p.row = min(p.row, len(p.cards(c))-1)
			return
		}
	}
}

func (m *Model) updateSprint(k tea.KeyPressMsg) tea.Cmd {
	p := &m.sb
	if p.detail != nil {
		if key.Matches(k, m.keys.Quit) {
			return tea.Quit
		}
		if m.scrollDetail(k, &p.detailOff) {
			p.detail = nil
		}
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Up):
		p.row = max(p.row-1, 0)
	case key.Matches(k, m.keys.Down):
		p.row = max(0, min(p.row+1, len(p.cards(p.col))-1))
	case key.Matches(k, m.keys.Left):
		p.moveColumn(-1)
	case key.Matches(k, m.keys.Right):
		p.moveColumn(+1)
	case key.Matches(k, m.keys.PrevSprint), key.Matches(k, m.keys.NextSprint):
		next := p.cur + 1
		if key.Matches(k, m.keys.PrevSprint) {
			next = p.cur - 1
		}
		if next < 0 || next >= len(p.list) {
			return nil
		}
		p.cur, p.col, p.row = next, 0, 0
		if err := m.loadBoard(); err != nil {
			m.setErr(err)
		}
	case key.Matches(k, m.keys.Enter):
		it, _, ok := p.selected()
		if !ok {
			return nil
		}
		d, err := m.app.RequirementDetail(m.ctx, it.Ref, m.lang)
		if err != nil {
			m.setErr(err)
			return nil
		}
		p.detail, p.detailOff = &d, 0
	case key.Matches(k, m.keys.Develop):
		m.toggleDevelopment()
	}
	return nil
}

// toggleDevelopment moves the selected card between 待开发 and 开发中, as
// `crmflow sprint start|stop` does; the other columns follow the
// requirement's status, which the requirements page changes.
func (m *Model) toggleDevelopment() {
	p := &m.sb
	it, col, ok := p.selected()
	s, _, _ := p.sprint()
	if !ok {
		return
	}
	if col != release.ColTodo && col != release.ColDoing {
		m.setStatus(fmt.Sprintf(m.t.onlyTodoDoing, it.Ref, col.Name(m.lang)))
		return
	}
	saved, err := m.app.Releases.SetStarted(m.ctx, s.ID, it.Ref, col == release.ColTodo)
	if err != nil {
		m.setErr(err)
		return
	}
	if err := m.loadSprints(); err != nil {
		m.setErr(err)
		return
	}
	m.setStatus(saved.Ref + ": " + release.ColumnOf(it.Status, saved.Started).Name(m.lang))
}

// sprintBody draws the board: a heading with the sprint's window, its
// figures, velocity and burndown, then the columns of cards and the selected
// card's full line.
func (m *Model) sprintBody(h int) []string {
	p := &m.sb
	w, t := m.w, m.t
	if p.detail != nil {
		return m.detailWindow(p.detail, &p.detailOff, h)
	}
	para := func(s string) []string {
		var out []string
		for _, l := range wrap(s, w-2) {
			out = append(out, fit("  "+l, w))
		}
		return out
	}
	s, v, ok := p.sprint()
	if !ok {
		out := []string{m.st.head.Render(fit(t.sprint, w))}
		if len(p.views) == 0 {
			return append(out, para(t.noReleases)...)
		}
		names := make([]string, len(p.views))
		for i, v := range p.views {
			names[i] = v.Name
		}
		sep := "、"
		if m.lang == crmflow.LangEN {
			sep = ", "
		}
		return append(out, para(fmt.Sprintf(t.noSprints, strings.Join(names, sep), names[0]))...)
	}
	today := milestones.DateOf(m.app.Clock().Now())
	state := t.sprintRunning
	switch {
	case s.End < today:
		state = t.sprintEnded
	case s.Start > today:
		state = t.sprintAhead
	}
	out := []string{m.st.head.Render(fit(fmt.Sprintf("%s %s  %s %s  %s %s %s  %s  (%d/%d)", t.sprint, s.ID, t.release, v.Name,
		s.Start, t.window, s.End, state, p.cur+1, len(p.list)), w))}
	b := p.burn
	// The board's figures are today's, as its cards are; the burndown line
	// below tells how the sprint's scope moved while it ran.
	figures := fit(fmt.Sprintf("%s %s %s  %s %s  %s %s  %s %s", t.capacity, days(s.Capacity), t.personDays, t.planned, days(s.Load),
		t.doneDays, days(s.Done), t.remaining, days(s.Load-s.Done)), w)
	if s.Load > s.Capacity {
		figures = m.st.err.Render(figures)
	}
	out = append(out, figures, fit(m.velocityLine(v), w))
	burn := fmt.Sprintf("%s  %s %s  %s %s  %s %s  %s %s", t.burndown, t.committed, days(b.Committed), t.scopeAdded, days(b.Added),
		t.removed, days(b.Removed), t.reestimated, days(b.Reestimated))
	if d, ok := lastPast(b); ok {
		burn += fmt.Sprintf("  %s %s", t.ideal, days(d.Ideal))
	}
	out = append(out, fit(burn, w))
	if h >= 30 {
		out = append(out, m.burnChart(b, w)...)
	}
	out = append(out, "")
	return append(out, m.columns(s, v, h-len(out))...)
}

// velocityLine is what the release's past sprints completed of what they
// committed, and the average the CLI shows beside the capacity.
func (m *Model) velocityLine(v app.ReleaseView) string {
	t := m.t
	if len(v.Velocity) == 0 {
		return t.noVelocity
	}
	parts := make([]string, len(v.Velocity))
	for i, vel := range v.Velocity {
		parts[i] = vel.Sprint + " " + days(vel.Completed) + "/" + days(vel.Committed)
	}
	colon := "："
	if m.lang == crmflow.LangEN {
		colon = ": "
	}
	return t.velocity + colon + strings.Join(parts, "  ") + "  " + t.velocityAvg + " " + days(v.AvgVelocity)
}

// columns draws the four columns side by side, h lines in all: a heading
// with the count and estimate, two lines per card, and under them the
// selected card in full.
func (m *Model) columns(s app.SprintView, v app.ReleaseView, h int) []string {
	p := &m.sb
	w, t := m.w, m.t
	n := len(release.Columns)
	colW := max((w-(n-1))/n, 4)
	empty := true
	for c := range n {
		empty = empty && len(p.cards(c)) == 0
	}
	grid := make([][]string, n) // each column's lines, colW wide
	for c, col := range release.Columns {
		cs := p.cards(c)
		total := 0.0
		for _, it := range cs {
			total += it.Estimate
		}
		lines := []string{m.st.head.Render(fit(col.Name(m.lang), colW)), m.st.dim.Render(fit(m.columnTally(len(cs), total), colW))}
		// A column longer than the screen scrolls to its selected card,
		// with a line above and below saying how many cards are out of sight.
		fits := len(cs)
		if 2*len(cs) > h-3 {
			fits = max((h-5)/2, 1)
		}
		off := 0
		if c == p.col {
			off = max(0, min(p.row-fits+1, len(cs)-fits))
		}
		if off > 0 {
			lines = append(lines, m.st.dim.Render(fit(fmt.Sprintf(" ^ %d %s", off, t.more), colW)))
		}
		for r := off; r < min(off+fits, len(cs)); r++ {
			it := cs[r]
			est := "-"
			if it.Estimate > 0 {
				est = m.shortDays(it.Estimate)
			}
			card := []string{fit(it.Ref, colW-width(est)-1) + " " + est, fit(" "+it.Title, colW)}
			if c == p.col && r == p.row {
				card[0], card[1] = m.st.sel.Render(card[0]), m.st.sel.Render(card[1])
			}
			lines = append(lines, card...)
		}
		if below := len(cs) - off - fits; below > 0 {
			lines = append(lines, m.st.dim.Render(fit(fmt.Sprintf(" v %d %s", below, t.more), colW)))
		}
		grid[c] = lines
	}
	var out []string
	rows := 0
	for _, l := range grid {
		rows = max(rows, len(l))
	}
	for i := range rows {
		var b strings.Builder
		for c := range n {
			if c > 0 {
				b.WriteString("|")
			}
			if i < len(grid[c]) {
				b.WriteString(grid[c][i])
			} else {
				b.WriteString(strings.Repeat(" ", colW))
			}
		}
		out = append(out, b.String())
	}
	if empty {
		out = append(out, "")
		for _, l := range wrap(fmt.Sprintf(t.emptySprint, s.ID, v.Name), w-2) {
			out = append(out, fit("  "+l, w))
		}
		return out
	}
	if it, _, ok := p.selected(); ok {
		for len(out) < h-1 {
			out = append(out, "")
		}
		out = append(out, fit(m.cardLine(it), w))
	}
	return out
}

// columnTally is a column's card count and estimate, short enough for an
// 80-column screen: "2 项，3.5人天", "2 items, 3.5d".
func (m *Model) columnTally(n int, total float64) string {
	if m.lang == crmflow.LangEN {
		return crmflow.Count(n, "item") + ", " + m.shortDays(total)
	}
	return strconv.Itoa(n) + " 项，" + m.shortDays(total)
}

// shortDays is an estimate with its unit, as short as the language allows.
func (m *Model) shortDays(f float64) string {
	if m.lang == crmflow.LangEN {
		return days(f) + "d"
	}
	return days(f) + m.t.personDays
}

// cardLine is a card in full: ID, title, status, MoSCoW, module, estimate.
func (m *Model) cardLine(it app.PlanItem) string {
	status := requirements.Status(it.Status).Name(m.lang)
	if !crmflow.KindRequirement.Is(it.Ref) {
		status = change.State(it.Status).Name(m.lang)
	}
	parts := []string{it.Ref, it.Title, status}
	if it.MoSCoW != "" {
		parts = append(parts, requirements.MoSCoW(it.MoSCoW).Name(m.lang))
	}
	if it.Module != "" {
		parts = append(parts, m.moduleName(it.Module))
	}
	if it.Estimate > 0 {
		parts = append(parts, days(it.Estimate)+" "+m.t.personDays)
	}
	return strings.Join(parts, "  ")
}

// lastPast is the burndown's last day that is not in the future.
func lastPast(b *release.Burndown) (release.BurnDay, bool) {
	for i := len(b.Days) - 1; i >= 0; i-- {
		if !b.Days[i].Future {
			return b.Days[i], true
		}
	}
	return release.BurnDay{}, false
}

// burnChart draws the burndown in text, five rows high: ## the work still
// open at the end of each working day, .. the ideal line's area above it.
// Nothing when the sprint has no work or its days do not fit.
func (m *Model) burnChart(b *release.Burndown, w int) []string {
	top := 0.0
	for _, d := range b.Days {
		top = max(top, d.Scope, d.Ideal, d.Remaining)
	}
	const rows, axis = 5, 7
	cell := 3
	if axis+cell*len(b.Days) > w {
		cell = 1
	}
	if top == 0 || len(b.Days) == 0 || axis+cell*len(b.Days) > w {
		return nil
	}
	out := make([]string, 0, rows+2)
	for r := rows; r >= 1; r-- {
		lvl := top * (float64(r) - 0.5) / rows
		label := ""
		if r == rows {
			label = days(top)
		}
		var sb strings.Builder
		sb.WriteString(fitRight(label, axis-2) + " |")
		for _, d := range b.Days {
			mark := " "
			switch {
			case !d.Future && d.Remaining >= lvl:
				mark = "#"
			case d.Ideal >= lvl:
				mark = "."
			}
			sb.WriteString(strings.Repeat(mark, cell-cell/3) + strings.Repeat(" ", cell/3))
		}
		out = append(out, fit(sb.String(), w))
	}
	first, last := b.Days[0].Date.String()[5:], b.Days[len(b.Days)-1].Date.String()[5:]
	span := cell * len(b.Days)
	dates := strings.Repeat(" ", axis) + first + strings.Repeat(" ", max(span-len(first)-len(last), 1)) + last
	legend := "   # " + m.t.remaining + "  . " + m.t.ideal
	return append(out, fit(fitRight("0", axis-2)+" +"+strings.Repeat("-", span), w), fit(dates+legend, w))
}

// days writes person-days briefly: 3, 0.5, 12.25.
func days(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }
