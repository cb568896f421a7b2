package tui

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
)

type reqMode int

const (
	modeTable reqMode = iota
	modeDetail
	modeStatus
	modeScores
)

// reqRow is one requirement with what the table shows precomputed, so a
// keystroke touches only the rows on screen.
type reqRow struct {
	r      requirements.Requirement
	ev     requirements.Evaluation
	mod    string // module name in the project language
	status string
	moscow string
	hay    string // lower-case ID, title and module: what the filter matches
}

// reqPage is the requirement register. rows hold every requirement in the
// order the domain sorted them; vis indexes the ones the filter keeps.
type reqPage struct {
	listing requirements.Listing
	rows    []reqRow
	vis     []int
	cur     int
	off     int
	sortBy  string
	lastQ   string

	filter    textinput.Model
	filtering bool

	mode      reqMode
	detail    *app.RequirementDetail
	detailOff int
	pick      int
	scores    [3]int // value, difficulty, urgency while editing
	field     int

	idW, stW, msW, modW int

	paneOff bool                   // the person hid the detail pane
	paneID  string                 // the requirement pane holds
	pane    *app.RequirementDetail // the selected requirement's detail, beside or below the table
	tableW  int                    // the table's width while a pane is beside it
}

var sortOrder = []string{requirements.SortID, requirements.SortScore, requirements.SortModule, requirements.SortStatus}

func (m *Model) loadReqs() error {
	l, err := m.app.Requirements.List(m.ctx, requirements.Filter{}, m.rq.sortBy, false)
	if err != nil {
		return err
	}
	m.rq.setListing(l, m.lang)
	return nil
}

// setListing replaces the rows, keeping the filter and the selected ID.
func (p *reqPage) setListing(l requirements.Listing, lang crmflow.Lang) {
	keep := ""
	if r, ok := p.selected(); ok {
		keep = r.r.ID
	}
	p.listing = l
	p.rows = make([]reqRow, len(l.Requirements))
	p.idW, p.stW, p.msW, p.modW = 4, 4, 6, 4
	names := map[string]string{}
	for i := range l.Requirements {
		r := l.Requirements[i]
		mod, ok := names[r.Module]
		if !ok {
			mod = r.Module
			if md, found := l.Catalog.Lookup(r.Module); found {
				mod = md.Name(lang)
			}
			names[r.Module] = mod
		}
		ev := l.Settings.Evaluate(&r)
		row := reqRow{r: r, ev: ev, mod: mod, status: r.Status.Name(lang), moscow: ev.MoSCoW.Name(lang)}
		row.hay = strings.ToLower(r.ID + " " + r.Title + " " + mod)
		p.rows[i] = row
		p.idW = max(p.idW, width(r.ID))
		p.stW = max(p.stW, width(row.status))
		p.msW = max(p.msW, width(row.moscow))
		p.modW = max(p.modW, width(mod))
	}
	p.modW = min(p.modW, 12)
	p.lastQ = "\x00" // force a full refilter
	p.refilter()
	if keep != "" {
		for i, ri := range p.vis {
			if p.rows[ri].r.ID == keep {
				p.cur = i
			}
		}
	}
}

// refilter keeps the rows whose ID, title or module contains the filter text.
// A query that extends the previous one searches only the rows it kept.
func (p *reqPage) refilter() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	if q == p.lastQ {
		return
	}
	var from []int
	if p.lastQ != "\x00" && strings.HasPrefix(q, p.lastQ) && p.vis != nil {
		from = p.vis
	}
	out := make([]int, 0, len(p.rows))
	if from != nil {
		for _, i := range from {
			if strings.Contains(p.rows[i].hay, q) {
				out = append(out, i)
			}
		}
	} else {
		for i := range p.rows {
			if q == "" || strings.Contains(p.rows[i].hay, q) {
				out = append(out, i)
			}
		}
	}
	p.vis, p.lastQ = out, q
	p.cur, p.off = 0, 0
}

func (p *reqPage) selected() (*reqRow, bool) {
	if p.cur < 0 || p.cur >= len(p.vis) {
		return nil, false
	}
	return &p.rows[p.vis[p.cur]], true
}

// clamp keeps the cursor on a row and that row on screen.
func (p *reqPage) clamp(rows int) {
	p.cur = max(0, min(p.cur, len(p.vis)-1))
	rows = max(rows, 1)
	if p.cur < p.off {
		p.off = p.cur
	}
	if p.cur >= p.off+rows {
		p.off = p.cur - rows + 1
	}
	p.off = max(0, min(p.off, max(len(p.vis)-rows, 0)))
}

// tableRows is how many requirement rows fit under the info and header lines.
func (m *Model) tableRows() int {
	if _, below := m.paneLayout(); below {
		return max(m.bodyHeight()/2-2, 1)
	}
	return max(m.bodyHeight()-2, 1)
}

// paneLayout says where the detail pane goes: beside the table on a wide
// screen, below it on a tall one, nowhere on a small one (enter opens it).
func (m *Model) paneLayout() (beside, below bool) {
	if m.rq.paneOff || m.app == nil {
		return false, false
	}
	switch {
	case m.w >= 110:
		return true, false
	case m.h >= 30:
		return false, true
	}
	return false, false
}

// paneDetail is the selected requirement's detail, loaded from the app when
// the selection changed.
func (m *Model) paneDetail() *app.RequirementDetail {
	p := &m.rq
	r, ok := p.selected()
	if !ok {
		return nil
	}
	if p.paneID != r.r.ID || p.pane == nil {
		d, err := m.app.RequirementDetail(m.ctx, r.r.ID, m.lang)
		if err != nil {
			m.setErr(err)
			return nil
		}
		p.pane, p.paneID = &d, r.r.ID
	}
	return p.pane
}

func (m *Model) updateReqs(k tea.KeyPressMsg) tea.Cmd {
	p := &m.rq
	switch p.mode {
	case modeDetail:
		return m.updateReqDetail(k)
	case modeStatus:
		return m.updateStatusPick(k)
	case modeScores:
		return m.updateScores(k)
	}
	if p.filtering {
		switch k.String() {
		case "enter":
			p.filtering = false
			p.filter.Blur()
			return nil
		case "esc":
			p.filtering = false
			p.filter.Blur()
			p.filter.SetValue("")
			p.refilter()
			return nil
		case "up", "down", "pgup", "pgdown":
			m.moveReq(k)
			return nil
		}
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(k)
		p.refilter()
		return cmd
	}
	switch {
	case key.Matches(k, m.keys.Filter):
		p.filtering = true
		return p.filter.Focus()
	case key.Matches(k, m.keys.Back):
		if p.filter.Value() != "" {
			p.filter.SetValue("")
			p.refilter()
		}
	case key.Matches(k, m.keys.Sort):
		i := 0
		for j, s := range sortOrder {
			if s == p.sortBy {
				i = j
			}
		}
		p.sortBy = sortOrder[(i+1)%len(sortOrder)]
		if m.app != nil {
			if err := m.loadReqs(); err != nil {
				m.setErr(err)
			}
		}
	case key.Matches(k, m.keys.Enter):
		if r, ok := p.selected(); ok {
			m.openDetail(r.r.ID)
		}
	case key.Matches(k, m.keys.Status):
		if r, ok := p.selected(); ok {
			p.mode = modeStatus
			p.pick = 0
			next := r.r.Status.Next()
			for i, s := range requirements.Statuses {
				if len(next) > 0 && s == next[0] {
					p.pick = i
				}
			}
		}
	case key.Matches(k, m.keys.Scores):
		if r, ok := p.selected(); ok {
			p.mode = modeScores
			p.scores = [3]int{r.r.Value, r.r.Difficulty, r.r.Urgency}
			p.field = 0
		}
	case key.Matches(k, m.keys.Editor):
		if r, ok := p.selected(); ok {
			return m.openEditor(r.r.ID)
		}
	case key.Matches(k, m.keys.Add):
		return m.addRequirementForm()
	case key.Matches(k, m.keys.Pane):
		p.paneOff = !p.paneOff
		p.clamp(m.tableRows())
	default:
		m.moveReq(k)
	}
	return nil
}

func (m *Model) moveReq(k tea.KeyPressMsg) {
	p := &m.rq
	rows := m.tableRows()
	switch {
	case key.Matches(k, m.keys.Up):
		p.cur--
	case key.Matches(k, m.keys.Down):
		p.cur++
	case key.Matches(k, m.keys.PgUp):
		p.cur -= rows
	case key.Matches(k, m.keys.PgDown):
		p.cur += rows
	case k.String() == "home" || k.String() == "g":
		p.cur = 0
	case k.String() == "end" || k.String() == "G":
		p.cur = len(p.vis) - 1
	}
	p.clamp(rows)
}

func (m *Model) reqsBody(h int) []string {
	switch m.rq.mode {
	case modeDetail:
		return m.reqDetailBody(h)
	case modeStatus:
		return m.statusPickBody()
	case modeScores:
		return m.scoresBody()
	}
	p := &m.rq
	beside, below := m.paneLayout()
	th := h
	if below {
		th = h / 2
	}
	p.tableW = 0
	if beside {
		p.tableW = m.w * 3 / 5
	}
	rows := max(th-2, 1)
	p.clamp(rows)
	info := fmt.Sprintf("%s %d  %s %d  %s: %s", m.t.total, len(p.rows), m.t.shown, len(p.vis), m.t.sort, m.sortName())
	var infoLine string
	if p.filtering || p.filter.Value() != "" {
		fw := max(m.w-width(info)-2, 10)
		p.filter.SetWidth(max(fw-2, 1))
		infoLine = fitStyled(p.filter.View(), fw) + "  " + info
	} else {
		infoLine = info
	}
	out := []string{fitStyled(infoLine, m.w)}
	table := []string{m.st.head.Render(m.reqLine(m.t.colID, m.t.colScore, m.t.colStatus, m.t.colMoSCoW, m.t.colModule, m.t.colTitle))}
	end := min(p.off+rows, len(p.vis))
	for i := p.off; i < end; i++ {
		r := &p.rows[p.vis[i]]
		line := m.reqLine(r.r.ID, strconv.Itoa(r.ev.Score), r.status, r.moscow, r.mod, r.r.Title)
		if i == p.cur {
			line = m.st.sel.Render(line)
		}
		table = append(table, line)
	}
	var d *app.RequirementDetail
	if beside || below {
		d = m.paneDetail()
	}
	switch {
	case d != nil && beside:
		pw := m.w - p.tableW - 3
		pane := m.detailLines(d, pw)
		for i := 0; i < h-1; i++ {
			l, r := strings.Repeat(" ", p.tableW), ""
			if i < len(table) {
				l = table[i]
			}
			if i < len(pane) {
				r = pane[i]
			}
			out = append(out, fitStyled(l+" | "+r, m.w))
		}
	case d != nil && below:
		for len(table) < th-1 {
			table = append(table, "")
		}
		out = append(out, table...)
		out = append(out, strings.Repeat("-", m.w))
		out = append(out, m.detailLines(d, m.w)...)
	default:
		out = append(out, table...)
	}
	if len(out) > h {
		out = out[:h]
	}
	return out
}

// reqLine lays out one table line, exactly m.w cells wide.
func (m *Model) reqLine(id, score, status, moscow, mod, title string) string {
	p := &m.rq
	lw := m.w
	if p.tableW > 0 {
		lw = p.tableW
	}
	fixed := p.idW + 5 + p.stW + p.msW + p.modW + 5*2
	tw := lw - fixed
	modW := p.modW
	if tw < 10 { // narrow: the module column gives way to the title
		modW = max(p.modW-(10-tw), 0)
		tw = lw - (fixed - p.modW + modW)
	}
	var b strings.Builder
	b.WriteString(fit(id, p.idW))
	b.WriteString("  ")
	b.WriteString(fitRight(score, 5))
	b.WriteString("  ")
	b.WriteString(fit(status, p.stW))
	b.WriteString("  ")
	b.WriteString(fit(moscow, p.msW))
	b.WriteString("  ")
	b.WriteString(fit(mod, modW))
	b.WriteString("  ")
	b.WriteString(fit(title, tw))
	return fit(b.String(), lw)
}

func (m *Model) sortName() string {
	names := strings.Split(m.t.sortNames, "|")
	for i, s := range sortOrder {
		if s == m.rq.sortBy {
			return names[i]
		}
	}
	return names[0]
}

// openDetail loads the requirement's detail from the app.
func (m *Model) openDetail(id string) {
	if m.app == nil {
		return
	}
	d, err := m.app.RequirementDetail(m.ctx, id, m.lang)
	if err != nil {
		m.setErr(err)
		return
	}
	m.rq.detail = &d
	m.rq.detailOff = 0
	m.rq.mode = modeDetail
}

func (m *Model) updateReqDetail(k tea.KeyPressMsg) tea.Cmd {
	p := &m.rq
	switch {
	case key.Matches(k, m.keys.Quit):
		return tea.Quit
	case key.Matches(k, m.keys.Status), key.Matches(k, m.keys.Scores), key.Matches(k, m.keys.Editor):
		p.mode = modeTable
		return m.updateReqs(k)
	}
	if m.scrollDetail(k, &p.detailOff) {
		p.mode = modeTable
	}
	return nil
}

// scrollDetail moves a detail screen's offset by k; it reports whether k
// closes the screen (esc, enter).
func (m *Model) scrollDetail(k tea.KeyPressMsg, off *int) (closed bool) {
	switch {
	case key.Matches(k, m.keys.Back), key.Matches(k, m.keys.Enter):
		return true
	case key.Matches(k, m.keys.Up):
		*off = max(*off-1, 0)
	case key.Matches(k, m.keys.Down):
		*off++
	case key.Matches(k, m.keys.PgUp):
		*off = max(*off-m.bodyHeight(), 0)
	case key.Matches(k, m.keys.PgDown):
		*off += m.bodyHeight()
	}
	return false
}

func (m *Model) reqDetailBody(h int) []string { return m.detailWindow(m.rq.detail, &m.rq.detailOff, h) }

// detailWindow is d's detail from line *off on, the offset kept where the
// last screenful still fills the body.
func (m *Model) detailWindow(d *app.RequirementDetail, off *int, h int) []string {
	ls := m.detailLines(d, m.w)
	*off = min(*off, max(len(ls)-h, 0))
	return ls[*off:]
}

// detailLines is a requirement's detail w cells wide: scores, description,
// criteria, links, the finding or feedback it came from, process steps and
// history.
func (m *Model) detailLines(d *app.RequirementDetail, w int) []string {
	v := d.View
	t := m.t
	var ls []string
	add := func(s ...string) { ls = append(ls, s...) }
	head := func(s string) { add("", m.st.head.Render(fit(s, w))) }
	add(m.st.head.Render(fit(v.ID+"  "+v.Title, w)))
	add(fit(fmt.Sprintf("%s: %s   %s: %s   %s: %s   %s: %d", t.module, v.ModuleName, t.kind, v.Kind.Name(m.lang),
		t.colStatus, v.Status.Name(m.lang), t.revision, v.Revision), w))
	add(fit(fmt.Sprintf("%s %d  %s %d  %s %d   %s %d  %s %s  MoSCoW %s", t.value, v.Value, t.difficulty, v.Difficulty,
		t.urgency, v.Urgency, t.score, v.Score, t.quadrant, v.Quadrant.Name(m.lang), v.MoSCoW.Name(m.lang)), w))
	if v.Owner != "" {
		add(fit(t.owner+": "+v.Owner, w))
	}
	if strings.TrimSpace(v.Description) != "" {
		head(t.description)
		for _, l := range wrap(v.Description, w-2) {
			add(fit("  "+l, w))
		}
	}
	if len(v.Criteria) > 0 {
		head(t.criteria)
		for i, c := range v.Criteria {
			for j, l := range wrap(c, w-5) {
				pre := "     "
				if j == 0 {
					pre = fmt.Sprintf("  %d. ", i+1)
				}
				add(fit(pre+l, w))
			}
		}
	}
	if len(v.Links) > 0 {
		head(t.links)
		for _, l := range v.Links {
			s := fmt.Sprintf("  %s %s  %s", fit(m.word(l.Role()), 12), l.ID, l.Title)
			if l.Suspect {
				s += "  (suspect)"
			}
			add(fit(s, w))
		}
	}
	if d.Source != nil {
		head(t.source)
		s := d.Source
		add(fit(fmt.Sprintf("  %s  %s", s.ID, s.Text), w))
		if s.MeasureText != "" || s.Interviewee != "" {
			add(fit("  "+strings.TrimSpace(s.MeasureText+"  "+s.Interviewee), w))
		}
	} else if fb := d.Feedback; fb != nil {
		head(t.feedbackSrc)
		add(fit(fmt.Sprintf("  %s  %s", fb.ID, fb.Text), w))
		add(fit("  "+strings.TrimSpace(fb.Source+"  "+fb.SeverityName+"  "+fb.StatusName), w))
	} else if v.Source != "" {
		head(t.source)
		add(fit("  "+v.Source, w))
	}
	if len(d.Steps) > 0 {
		head(t.steps)
		for _, s := range d.Steps {
			add(fit(fmt.Sprintf("  %s#%s  %s  %s", s.Map, s.Step, s.Name, s.Label), w))
		}
	}
	if len(d.History) > 0 {
		head(t.history)
		var created int64 = -1
		for _, c := range d.History {
			if c.Action == "create" { // one line for the creation, not one per field
				if c.Seq == created {
					continue
				}
				created = c.Seq
				c.Field = ""
			}
			s := "  " + c.At.Format("2006-01-02 15:04") + "  " + c.Actor + "  " + m.word(c.Action)
			if c.Field == "status" {
				c.Old, c.New = requirements.Status(c.Old).Name(m.lang), requirements.Status(c.New).Name(m.lang)
			}
			switch {
			case c.Action == "link" || c.Action == "unlink": // the link itself
				s += "  " + strings.TrimSpace(c.Old+" "+c.New)
			case c.Field != "":
				s += "  " + m.word(c.Field) + ": " + c.Old + " -> " + c.New
			}
			add(fit(s, w))
		}
	}
	return ls
}

func (m *Model) updateStatusPick(k tea.KeyPressMsg) tea.Cmd {
	p := &m.rq
	switch {
	case key.Matches(k, m.keys.Back):
		p.mode = modeTable
	case key.Matches(k, m.keys.Up):
		p.pick = max(p.pick-1, 0)
	case key.Matches(k, m.keys.Down):
		p.pick = min(p.pick+1, len(requirements.Statuses)-1)
	case key.Matches(k, m.keys.Enter):
		p.mode = modeTable
		r, ok := p.selected()
		if !ok {
			return nil
		}
		to := requirements.Statuses[p.pick]
		saved, err := m.app.Requirements.SetStatus(m.ctx, r.r.ID, to)
		if err != nil {
			m.setErr(err)
			return nil
		}
		m.setStatus(fmt.Sprintf("%s %s: %s", saved.ID, m.t.statusSet, saved.Status.Name(m.lang)))
		m.reloadAfterWrite()
	}
	return nil
}

func (m *Model) statusPickBody() []string {
	r, ok := m.rq.selected()
	if !ok {
		return nil
	}
	out := []string{m.st.head.Render(fit(m.t.pickStatus+" "+r.r.ID+"  "+r.r.Title, m.w)), ""}
	next := r.r.Status.Next()
	for i, s := range requirements.Statuses {
		mark := "  "
		if s == r.r.Status {
			mark = "* "
		}
		line := fit("  "+mark+s.Name(m.lang), m.w)
		switch {
		case i == m.rq.pick:
			line = m.st.sel.Render(line)
		case s != r.r.Status && !containsStatus(next, s):
			line = m.st.dim.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func containsStatus(ss []requirements.Status, s requirements.Status) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (m *Model) updateScores(k tea.KeyPressMsg) tea.Cmd {
	p := &m.rq
	switch s := k.String(); {
	case key.Matches(k, m.keys.Back):
		p.mode = modeTable
	case s == "left" || s == "h" || s == "shift+tab":
		p.field = (p.field + 2) % 3
	case s == "right" || s == "l" || s == "tab":
		p.field = (p.field + 1) % 3
	case key.Matches(k, m.keys.Up):
		p.scores[p.field] = min(p.scores[p.field]+1, 5)
	case key.Matches(k, m.keys.Down):
		p.scores[p.field] = max(p.scores[p.field]-1, 1)
	case len(s) == 1 && s[0] >= '1' && s[0] <= '5':
		p.scores[p.field] = int(s[0] - '0')
	case key.Matches(k, m.keys.Enter):
		p.mode = modeTable
		r, ok := p.selected()
		if !ok {
			return nil
		}
		v, d, u := p.scores[0], p.scores[1], p.scores[2]
		saved, err := m.app.Requirements.Edit(m.ctx, r.r.ID, requirements.Patch{Value: &v, Difficulty: &d, Urgency: &u})
		if err != nil {
			m.setErr(err)
			return nil
		}
		m.setStatus(saved.ID + " " + m.t.saved)
		m.reloadAfterWrite()
	}
	return nil
}

// scoresBody shows the three scores being edited with the score, quadrant
// and MoSCoW the project's settings derive from them, live.
func (m *Model) scoresBody() []string {
	p := &m.rq
	r, ok := p.selected()
	if !ok {
		return nil
	}
	draft := r.r
	draft.Value, draft.Difficulty, draft.Urgency = p.scores[0], p.scores[1], p.scores[2]
	ev := p.listing.Settings.Evaluate(&draft)
	out := []string{m.st.head.Render(fit(m.t.editScores+" "+r.r.ID+"  "+r.r.Title, m.w)), ""}
	for i, name := range []string{m.t.value, m.t.difficulty, m.t.urgency} {
		bar := strings.Repeat("#", p.scores[i]) + strings.Repeat(".", 5-p.scores[i])
		line := fit(fmt.Sprintf("  %s  %d  [%s]", fit(name, 10), p.scores[i], bar), m.w)
		if i == p.field {
			line = m.st.sel.Render(line)
		}
		out = append(out, line)
	}
	out = append(out, "",
		fit(fmt.Sprintf("  %s %d  (%d)", m.t.score, ev.Score, r.ev.Score), m.w),
		fit(fmt.Sprintf("  %s %s", m.t.quadrant, ev.Quadrant.Name(m.lang)), m.w),
		fit("  MoSCoW "+ev.MoSCoW.Name(m.lang), m.w),
		"",
		m.st.dim.Render(fit("  left/right  up/down  1-5  enter  esc", m.w)))
	return out
}

// reloadAfterWrite refreshes what a write may have changed.
func (m *Model) reloadAfterWrite() {
	m.rq.pane, m.rq.paneID = nil, ""
	if err := m.loadReqs(); err != nil {
		m.setErr(err)
		return
	}
	if err := m.loadOverview(); err != nil {
		m.setErr(err)
	}
}

type editorDoneMsg struct {
	path string
	form []byte
	base requirements.Requirement
	err  error
}

// openEditor suspends the UI and edits the requirement's text form in
// $VISUAL or $EDITOR; the app parses and saves it.
func (m *Model) openEditor(id string) tea.Cmd {
	base, err := m.app.Requirements.Resolve(m.ctx, id)
	if err != nil {
		m.setErr(err)
		return nil
	}
	if !base.Status.Editable() {
		// The domain's refusal, before the person spends time on an edit
		// that cannot be saved.
		if _, err := m.app.Requirements.Edit(m.ctx, base.ID, requirements.Patch{Title: &base.Title}); err != nil {
			m.setErr(err)
			return nil
		}
	}
	form, err := m.app.RequirementForm(m.ctx, base)
	if err != nil {
		m.setErr(err)
		return nil
	}
	f, err := os.CreateTemp("", "crmflow-"+base.ID+"-*.txt")
	if err != nil {
		m.setErr(err)
		return nil
	}
	_, err = f.Write(form)
	f.Close()
	if err != nil {
		os.Remove(f.Name())
		m.setErr(err)
		return nil
	}
	ed := "vi"
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			ed = v
			break
		}
	}
	// Through the shell, so EDITOR may carry arguments ("code --wait").
	c := exec.Command("sh", "-c", ed+` "$1"`, "crmflow-editor", f.Name())
	path := f.Name()
	return tea.ExecProcess(c, func(err error) tea.Msg {
		return editorDoneMsg{path: path, form: form, base: base, err: err}
	})
}

func (m *Model) finishEditor(msg editorDoneMsg) {
	defer os.Remove(msg.path)
	if msg.err != nil {
		m.setErr(msg.err)
		return
	}
	edited, err := os.ReadFile(msg.path)
	if err != nil {
		m.setErr(err)
		return
	}
	if string(edited) == string(msg.form) || strings.TrimSpace(string(edited)) == "" {
		m.setStatus(msg.base.ID + " " + m.t.noChange)
		return
	}
	saved, err := m.app.ReplaceFromForm(m.ctx, msg.base, edited)
	if err != nil {
		m.setErr(err)
		return
	}
	m.setStatus(saved.ID + " " + m.t.editorDone)
	m.reloadAfterWrite()
}

// addRequirementForm asks for a new requirement's essentials.
func (m *Model) addRequirementForm() tea.Cmd {
	var title, module string
	kind := string(requirements.KindFunctional)
	value, diff, urg := "3", "3", "3"
	var mods []huh.Option[string]
	if m.rq.listing.Catalog != nil {
		for _, md := range m.rq.listing.Catalog.Modules() {
			mods = append(mods, huh.NewOption(md.Name(m.lang), md.Key))
		}
	}
	var kinds []huh.Option[string]
	for _, k := range requirements.Kinds {
		kinds = append(kinds, huh.NewOption(k.Name(m.lang), string(k)))
	}
	var scores []huh.Option[string]
	for i := 1; i <= 5; i++ {
		scores = append(scores, huh.NewOption(strconv.Itoa(i), strconv.Itoa(i)))
	}
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(m.t.title).Value(&title),
		huh.NewSelect[string]().Title(m.t.module).Options(mods...).Value(&module).Height(6),
		huh.NewSelect[string]().Title(m.t.kind).Options(kinds...).Value(&kind).Inline(true),
		huh.NewSelect[string]().Title(m.t.value).Options(scores...).Value(&value).Inline(true),
		huh.NewSelect[string]().Title(m.t.difficulty).Options(scores...).Value(&diff).Inline(true),
		huh.NewSelect[string]().Title(m.t.urgency).Options(scores...).Value(&urg).Inline(true),
	).Title(m.t.addReq))
	return m.startForm(f, func(m *Model) {
		v, _ := strconv.Atoi(value)
		d, _ := strconv.Atoi(diff)
		u, _ := strconv.Atoi(urg)
		in := requirements.Input{Requirement: requirements.Requirement{Title: title, Module: module,
			Kind: requirements.Kind(kind), Value: v, Difficulty: d, Urgency: u}}
		added, err := m.app.Requirements.Add(m.ctx, in)
		if err != nil {
			m.setErr(err)
			return
		}
		m.setStatus(added[0].ID + " " + m.t.added)
		m.reloadAfterWrite()
	})
}
