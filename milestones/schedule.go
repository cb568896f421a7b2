package milestones

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/crmflow/crmflow"
)

// RAG is a red-amber-green rating.
type RAG string

// The ratings, best first.
const (
	Green RAG = "green"
	Amber RAG = "amber"
	Red   RAG = "red"
)

func (r RAG) rank() int {
	switch r {
	case Amber:
		return 1
	case Red:
		return 2
	}
	return 0
}

// Worst returns the worst of the ratings (green for none).
func Worst(rs ...RAG) RAG {
	w := Green
	for _, r := range rs {
		if r.rank() > w.rank() {
			w = r
		}
	}
	return w
}

// Name returns the rating in lang.
func (r RAG) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[RAG]string{Green: "Green", Amber: "Amber", Red: "Red"}[r]
	}
	return map[RAG]string{Green: "绿", Amber: "黄", Red: "红"}[r]
}

// Move says a change request moved a milestone.
type Move struct {
	CR   string `json:"cr"`
	Days int    `json:"days"` // the CR's schedule impact in working days
}

// Row is one milestone in the schedule. Start and Finish are the forecast;
// finish dates are the last working day of the milestone.
type Row struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Owner        string        `json:"owner"`
	Role         string        `json:"role,omitempty"`
	Duration     int           `json:"duration"`
	Status       Status        `json:"status"`
	Preds        []Dep         `json:"predecessors"`
	Deliverables []Deliverable `json:"deliverables"`

	Start      Date `json:"start"` // forecast (actual where known)
	Finish     Date `json:"finish"`
	LateStart  Date `json:"late_start"`
	LateFinish Date `json:"late_finish"`
	TotalFloat int  `json:"total_float"` // working days
	FreeFloat  int  `json:"free_float"`
	Critical   bool `json:"critical"`

	PlannedStart   Date `json:"planned_start"` // the plan with applied change requests, without progress
	PlannedFinish  Date `json:"planned_finish"`
	BaselineStart  Date `json:"baseline_start,omitempty"`
	BaselineFinish Date `json:"baseline_finish,omitempty"`
	ActualStart    Date `json:"actual_start,omitempty"`
	ActualFinish   Date `json:"actual_finish,omitempty"`

	// Slip is the forecast finish against the baseline finish (the plan
	// without change requests when there is no baseline), in working days.
	Slip int `json:"slip"`
	// MovedBy lists the applied change requests that moved this milestone,
	// CRDays how far they moved it in all (working days).
	MovedBy []Move `json:"moved_by"`
	CRDays  int    `json:"cr_days"`
	// ProgressDays is how far actual progress moved the forecast past the
	// plan; PushedBy the late predecessor that did it ("" when the milestone
	// itself is late).
	ProgressDays int    `json:"progress_days"`
	PushedBy     string `json:"pushed_by,omitempty"`
	RAG          RAG    `json:"rag"`
}

// workingDays is "working day" in the number n (signed) calls for.
func workingDays(n int) string { return crmflow.Plural(max(n, -n), "working day") }

// Reason says in lang why the milestone is not where it was planned ("" when it is).
func (r Row) Reason(lang crmflow.Lang) string {
	var parts []string
	if len(r.MovedBy) > 0 && r.CRDays != 0 {
		ids := make([]string, len(r.MovedBy))
		for i, m := range r.MovedBy {
			ids[i] = m.CR
		}
		if lang == crmflow.LangEN {
			parts = append(parts, fmt.Sprintf("moved by %s (%+d %s)", strings.Join(ids, ", "), r.CRDays, workingDays(r.CRDays)))
		} else {
			parts = append(parts, fmt.Sprintf("受 %s 影响顺延（%+d 个工作日）", strings.Join(ids, "、"), r.CRDays))
		}
	}
	if r.ProgressDays > 0 {
		switch {
		case r.PushedBy != "" && lang == crmflow.LangEN:
			parts = append(parts, fmt.Sprintf("pushed by late %s (+%d %s)", r.PushedBy, r.ProgressDays, workingDays(r.ProgressDays)))
		case r.PushedBy != "":
			parts = append(parts, fmt.Sprintf("受 %s 延误推迟（+%d 个工作日）", r.PushedBy, r.ProgressDays))
		case lang == crmflow.LangEN:
			parts = append(parts, fmt.Sprintf("behind plan (+%d %s)", r.ProgressDays, workingDays(r.ProgressDays)))
		default:
			parts = append(parts, fmt.Sprintf("进度滞后（+%d 个工作日）", r.ProgressDays))
		}
	}
	if lang == crmflow.LangEN {
		return strings.Join(parts, "; ")
	}
	return strings.Join(parts, "；")
}

// Buffer is the project buffer and how much of it the forecast uses.
type Buffer struct {
	Pct      float64 `json:"pct"`
	Days     int     `json:"days"`
	UsedDays int     `json:"used_days"`
	// UsedPct is the fever chart's vertical axis: buffer used, in percent (may pass 100).
	UsedPct float64 `json:"used_pct"`
	// ChainDonePct is its horizontal axis: the critical chain completed, in percent.
	ChainDonePct float64 `json:"chain_done_pct"`
	Zone         RAG     `json:"zone"`
	// Remaining is the buffer not yet spent by finished milestones.
	Remaining int `json:"remaining"`
	// Commit is the committed finish: the reference finish plus the buffer.
	Commit Date `json:"commit"`
}

// Schedule is the computed plan.
type Schedule struct {
	Start         Date `json:"start"`
	Today         Date `json:"today"`
	Finish        Date `json:"finish"`         // forecast finish without the buffer
	PlannedFinish Date `json:"planned_finish"` // plan with applied change requests, no progress
	// ReferenceFinish is what slips are measured against: the baseline's
	// finish, or the plan without change requests when no baseline was taken.
	ReferenceFinish Date       `json:"reference_finish"`
	Baseline        string     `json:"baseline,omitempty"`
	Buffer          Buffer     `json:"buffer"`
	Rows            []Row      `json:"milestones"`
	CriticalPath    []string   `json:"critical_path"`
	RAG             RAG        `json:"rag"`
	Years           []YearInfo `json:"years"` // the calendar years the plan spans and their data
}

// Row returns the row of milestone id.
func (s *Schedule) Row(id string) (Row, bool) {
	for _, r := range s.Rows {
		if r.ID == id {
			return r, true
		}
	}
	return Row{}, false
}

// dayIndex numbers the working days from the plan start: index 0 is the
// first working day on or after the start.
type dayIndex struct {
	cal  *Calendar
	days []Date
}

func newDayIndex(cal *Calendar, start Date) *dayIndex {
	return &dayIndex{cal: cal, days: []Date{cal.NextWorkday(start)}}
}

func (x *dayIndex) grow(until func() bool) {
	for !until() {
		d := x.days[len(x.days)-1] + 1
		for !x.cal.IsWorkday(d) {
			d++
		}
		x.days = append(x.days, d)
	}
}

// idx is the index of the first working day on or after d.
func (x *dayIndex) idx(d Date) int {
	if d < x.days[0] {
		return -x.cal.WorkdaysBetween(d, x.days[0])
	}
	x.grow(func() bool { return x.days[len(x.days)-1] >= d })
	return sort.Search(len(x.days), func(i int) bool { return x.days[i] >= d })
}

// date is the working day with index i.
func (x *dayIndex) date(i int) Date {
	if i < 0 {
		return x.cal.AddWorkdays(x.days[0], i)
	}
	x.grow(func() bool { return len(x.days) > i })
	return x.days[i]
}

type edge struct{ from, to, lag int }

// graph is the milestones as a dependency network, in topological order.
type graph struct {
	ms    []Milestone
	pos   map[string]int
	preds [][]edge
	succs [][]edge
	order []int
}

func buildGraph(ms []Milestone) (*graph, error) {
	g := &graph{ms: ms, pos: make(map[string]int, len(ms)), preds: make([][]edge, len(ms)), succs: make([][]edge, len(ms))}
	for i, m := range ms {
		g.pos[m.ID] = i
	}
	indeg := make([]int, len(ms))
	for i, m := range ms {
		for _, d := range m.Preds {
			j, ok := g.pos[d.ID]
			if !ok {
				return nil, crmflow.Errorf(crmflow.ENOTFOUND, "%s depends on %s, which does not exist", m.ID, d.ID).
					About(crmflow.KindMilestone.Noun, d.ID)
			}
			e := edge{from: j, to: i, lag: d.Lag}
			g.preds[i] = append(g.preds[i], e)
			g.succs[j] = append(g.succs[j], e)
			indeg[i]++
		}
	}
	queue := make([]int, 0, len(ms))
	for i := range ms {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	for k := 0; k < len(queue); k++ {
		for _, e := range g.succs[queue[k]] {
			if indeg[e.to]--; indeg[e.to] == 0 {
				queue = append(queue, e.to)
			}
		}
	}
	if len(queue) < len(ms) {
		return nil, g.cycleError(indeg)
	}
	g.order = queue
	return g, nil
}

// cycleError names one cycle among the milestones Kahn's walk could not order.
func (g *graph) cycleError(indeg []int) error {
	// Walk predecessors that are themselves unordered until one repeats.
	start := -1
	for i := range g.ms {
		if indeg[i] > 0 {
			start = i
			break
		}
	}
	seen := map[int]int{}
	var path []int
	for v := start; ; {
		if at, ok := seen[v]; ok {
			cyc := path[at:]
			names := make([]string, 0, len(cyc)+1)
			// path runs against the arrows; print it in dependency order.
			for k := len(cyc) - 1; k >= 0; k-- {
				names = append(names, g.ms[cyc[k]].ID)
			}
			names = append(names, names[0])
			return crmflow.Errorf(crmflow.EINVALID, "the dependencies form a cycle: %s", strings.Join(names, " → ")).
				With("cycle", strings.Join(names, " → "))
		}
		seen[v] = len(path)
		path = append(path, v)
		for _, e := range g.preds[v] {
			if indeg[e.from] > 0 {
				v = e.from
				break
			}
		}
	}
}

// pass is one set of early dates in working-day indices. ef is exclusive: a
// milestone of duration d starting on index s has ef = s+d. rel is when the
// successors may start (ef, plus a change request's extra days on a
// finished milestone).
type pass struct {
	es, ef, rel []int
	drv         []int // the predecessor that set the start, -1 for none
}

type passMode struct {
	shifts bool
	actual bool
	today  int
}

func (g *graph) forward(x *dayIndex, shift []int, mode passMode) pass {
	n := len(g.ms)
	p := pass{es: make([]int, n), ef: make([]int, n), rel: make([]int, n), drv: make([]int, n)}
	for _, i := range g.order {
		m := &g.ms[i]
		base, drv := 0, -1
		if m.StartOn != 0 {
			base = x.idx(m.StartOn)
		}
		for _, e := range g.preds[i] {
			if v := p.rel[e.from] + e.lag; v > base {
				base, drv = v, e.from
			}
		}
		sh := 0
		if mode.shifts {
			sh = shift[i]
		}
		d := m.Duration
		p.drv[i] = drv
		switch {
		case !mode.actual:
			p.es[i], p.ef[i] = base, base+d+sh
			p.rel[i] = p.ef[i]
		case m.ActualFinish != 0:
			af := x.idx(m.ActualFinish)
			p.es[i] = x.idx(m.ActualStart)
			if d == 0 {
				p.ef[i] = af
			} else {
				p.ef[i] = af + 1
			}
			if p.es[i] > p.ef[i] {
				p.es[i] = p.ef[i]
			}
			p.rel[i] = p.ef[i] + sh
		case m.ActualStart != 0:
			// Started: it cannot finish before today.
			p.es[i] = x.idx(m.ActualStart)
			p.ef[i] = max(p.es[i]+d+sh, mode.today+1)
			p.rel[i] = p.ef[i]
		default:
			// Not started: it cannot start before today.
			p.es[i] = max(base, mode.today)
			p.ef[i] = p.es[i] + d + sh
			p.rel[i] = p.ef[i]
		}
	}
	return p
}

// backward computes late finish (exclusive) and the floats for early dates
// p; fixed marks the milestones whose start is an actual date (nil: none).
func (g *graph) backward(p pass, fixed []bool) (ls, lf, tf, ff []int, end int) {
	n := len(g.ms)
	if fixed == nil {
		fixed = make([]bool, n)
	}
	ls, lf, tf, ff = make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	for i := range n {
		end = max(end, p.rel[i], p.ef[i])
	}
	for k := n - 1; k >= 0; k-- {
		i := g.order[k]
		late, free := end, end-p.rel[i]
		for _, e := range g.succs[i] {
			// A successor already started keeps its actual start whatever
			// this milestone does (progress overrides the logic), so it
			// sets no deadline here.
			if fixed[e.to] {
				continue
			}
			late = min(late, ls[e.to]-e.lag)
			free = min(free, p.es[e.to]-e.lag-p.rel[i])
		}
		// The change request's extra days on a finished milestone sit between
		// its finish and its release to successors.
		lf[i] = late - (p.rel[i] - p.ef[i])
		ls[i] = lf[i] - (p.ef[i] - p.es[i])
		tf[i] = ls[i] - p.es[i]
		ff[i] = free
	}
	return
}

// finishIdx is the index of the last working day of a milestone (its start
// for a zero-length one).
func finishIdx(es, ef int) int {
	if ef > es {
		return ef - 1
	}
	return es
}

// Compute schedules the plan as of today.
//
// The rules (docs/schedule.md):
//   - A milestone starts on the latest of its start constraint, the plan start
//     and, for each predecessor, the predecessor's finish plus the lag.
//   - An applied change request adds its schedule days (rounded up to
//     working days) to the milestone it names; its successors move through
//     their dependencies. On a finished milestone the days delay its successors.
//   - Forecast: a finished milestone keeps its actual dates; a started one
//     keeps its actual start and cannot finish before today; one not started
//     cannot start before today. So a late milestone pushes its successors.
func Compute(p *Plan, today Date) (*Schedule, error) { return compute(p, today, true) }

// compute schedules the plan; without the today floor, unfinished work keeps
// its planned dates (what a baseline records).
func compute(p *Plan, today Date, floor bool) (*Schedule, error) {
	if !p.Initialized() {
		return nil, crmflow.Errorf(crmflow.ENOTFOUND, "the project has no plan yet").About("plan", "")
	}
	if err := p.validateFields(); err != nil {
		return nil, err
	}
	if floor {
		p = p.asOf(today)
	}
	g, err := buildGraph(p.Milestones)
	if err != nil {
		return nil, err
	}
	cal := p.Calendar()
	x := newDayIndex(cal, p.Settings.Start)
	n := len(g.ms)
	shift := make([]int, n)
	moves := make([][]Move, n)
	for _, s := range p.Shifts {
		i, ok := g.pos[s.Milestone]
		if !ok || s.WorkingDays() <= 0 {
			continue
		}
		// A change of more than 5000 working days is a typing error; keep
		// the schedule computable.
		shift[i] += min(s.WorkingDays(), 5000)
		// Everything downstream of the named milestone records the move.
		seen := map[int]bool{i: true}
		stack := []int{i}
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			moves[v] = append(moves[v], Move{CR: s.CR, Days: s.WorkingDays()})
			for _, e := range g.succs[v] {
				if !seen[e.to] {
					seen[e.to] = true
					stack = append(stack, e.to)
				}
			}
		}
	}
	t := 0
	if today > p.Settings.Start {
		t = x.idx(today)
	}
	if !floor {
		t = math.MinInt32
	}
	orig := g.forward(x, shift, passMode{})
	plan := g.forward(x, shift, passMode{shifts: true})
	fc := g.forward(x, shift, passMode{shifts: true, actual: true, today: t})
	started := make([]bool, n)
	for i, m := range g.ms {
		started[i] = m.ActualStart != 0
	}
	ls, lf, tf, ff, _ := g.backward(fc, started)
	_, _, tfRef, _, _ := g.backward(orig, nil)

	s := &Schedule{Start: p.Settings.Start, Today: today, Rows: make([]Row, n)}
	bl := p.Baseline()
	refFin := make([]int, n)
	origEnd, planEnd, fcEnd := 0, 0, 0
	for i := range n {
		refFin[i] = finishIdx(orig.es[i], orig.ef[i])
		if bl != nil {
			if d, ok := bl.Dates[g.ms[i].ID]; ok {
				refFin[i] = x.idx(d.Finish)
			}
		}
		origEnd = max(origEnd, finishIdx(orig.es[i], orig.ef[i]))
		planEnd = max(planEnd, finishIdx(plan.es[i], plan.ef[i]))
		fcEnd = max(fcEnd, finishIdx(fc.es[i], fc.ef[i]))
	}
	refEnd := origEnd
	buf := Buffer{Pct: p.Settings.BufferPct}
	buf.Days = int(math.Ceil(p.Settings.BufferPct*float64(origEnd+1)/100 - 1e-9))
	if bl != nil {
		refEnd, buf.Days = x.idx(bl.Finish), bl.BufferDays
		s.Baseline = bl.Name
	}
	if n == 0 {
		buf.Days = 0
	}

	// Buffer already spent by finished milestones: their slip beyond the
	// float they had in the reference plan.
	locked := 0
	for i, m := range g.ms {
		if m.ActualFinish != 0 {
			locked = max(locked, finishIdx(fc.es[i], fc.ef[i])-refFin[i]-tfRef[i])
		}
	}
	buf.Remaining = max(0, buf.Days-locked)

	var critLen, critDone int
	for i, m := range g.ms {
		r := Row{ID: m.ID, Name: m.Name, Owner: m.Owner, Role: m.Role, Duration: m.Duration, Status: m.Status(),
			Preds: m.Preds, Deliverables: m.Deliverables, ActualStart: m.ActualStart, ActualFinish: m.ActualFinish}
		if r.Preds == nil {
			r.Preds = []Dep{}
		}
		if r.Deliverables == nil {
			r.Deliverables = []Deliverable{}
		}
		r.Start, r.Finish = x.date(fc.es[i]), x.date(finishIdx(fc.es[i], fc.ef[i]))
		r.LateStart, r.LateFinish = x.date(ls[i]), x.date(finishIdx(ls[i], lf[i]))
		r.TotalFloat, r.FreeFloat = tf[i], ff[i]
		r.Critical = tf[i] <= 0
		if m.ActualFinish != 0 {
			// Finished work has nothing left to delay: no float, off the
			// critical path (which is the work remaining).
			r.TotalFloat, r.FreeFloat, r.Critical = 0, 0, false
		}
		r.PlannedStart, r.PlannedFinish = x.date(plan.es[i]), x.date(finishIdx(plan.es[i], plan.ef[i]))
		if bl != nil {
			if d, ok := bl.Dates[m.ID]; ok {
				r.BaselineStart, r.BaselineFinish = d.Start, d.Finish
			}
		}
		fin := finishIdx(fc.es[i], fc.ef[i])
		r.Slip = fin - refFin[i]
		r.CRDays = finishIdx(plan.es[i], plan.ef[i]) - finishIdx(orig.es[i], orig.ef[i])
		if r.CRDays != 0 {
			r.MovedBy = moves[i]
		}
		if r.MovedBy == nil {
			r.MovedBy = []Move{}
		}
		r.ProgressDays = fin - finishIdx(plan.es[i], plan.ef[i])
		if r.ProgressDays > 0 && m.ActualStart == 0 && fc.drv[i] >= 0 && fc.es[i] > plan.es[i] {
			if d := fc.drv[i]; fc.rel[d] > plan.rel[d] {
				r.PushedBy = g.ms[d].ID
			}
		}
		switch {
		case m.ActualFinish != 0 && r.Slip > 0:
			r.RAG = Amber
		case m.ActualFinish != 0 || r.Slip <= 0:
			r.RAG = Green
		case r.Slip > tfRef[i]+buf.Remaining:
			r.RAG = Red
		default:
			r.RAG = Amber
		}
		// The chain's progress is measured on the reference plan's critical
		// path: the forecast's may move off work already done.
		if tfRef[i] <= 0 {
			l := orig.ef[i] - orig.es[i]
			critLen += l
			switch r.Status {
			case Done:
				critDone += l
			case InProgress:
				critDone += min(max(t-fc.es[i], 0), l)
			}
		}
		s.Rows[i] = r
	}
	s.Finish, s.PlannedFinish, s.ReferenceFinish = x.date(fcEnd), x.date(planEnd), x.date(refEnd)
	if n == 0 {
		s.Finish, s.PlannedFinish, s.ReferenceFinish = 0, 0, 0
	}
	buf.UsedDays = max(0, fcEnd-refEnd)
	if n == 0 {
		buf.UsedDays = 0
	}
	switch {
	case buf.Days > 0:
		buf.UsedPct = round1(100 * float64(buf.UsedDays) / float64(buf.Days))
	case buf.UsedDays > 0:
		buf.UsedPct = 100
	}
	if critLen > 0 {
		buf.ChainDonePct = round1(100 * float64(critDone) / float64(critLen))
	}
	buf.Zone = FeverZone(buf.UsedPct, buf.ChainDonePct)
	if buf.Days == 0 && buf.UsedDays > 0 {
		buf.Zone = Red
	}
	if n > 0 {
		buf.Commit = x.date(refEnd + buf.Days)
	}
	s.Buffer = buf

	for _, i := range g.order {
		if s.Rows[i].Critical {
			s.CriticalPath = append(s.CriticalPath, s.Rows[i].ID)
		}
	}
	if s.CriticalPath == nil {
		s.CriticalPath = []string{}
	}
	sort.SliceStable(s.CriticalPath, func(a, b int) bool {
		return fc.es[g.pos[s.CriticalPath[a]]] < fc.es[g.pos[s.CriticalPath[b]]]
	})
	s.RAG = buf.Zone
	for _, r := range s.Rows {
		if r.RAG == Red && r.Critical {
			s.RAG = Worst(s.RAG, Red)
		} else {
			s.RAG = Worst(s.RAG, min2(r.RAG, Amber))
		}
	}
	last := max(s.Finish, s.Buffer.Commit, s.ReferenceFinish, p.Settings.Start)
	for y := p.Settings.Start.Time().Year(); y <= last.Time().Year(); y++ {
		s.Years = append(s.Years, Year(y))
	}
	return s, nil
}

// asOf returns the plan as it stood on day: progress recorded for later
// days is left out (last week's report must not know this week's finishes).
func (p *Plan) asOf(day Date) *Plan {
	later := func(m Milestone) bool {
		if m.ActualStart > day || m.ActualFinish > day {
			return true
		}
		for _, d := range m.Deliverables {
			if d.DoneOn > day {
				return true
			}
		}
		return false
	}
	found := false
	for _, m := range p.Milestones {
		if later(m) {
			found = true
			break
		}
	}
	if !found {
		return p
	}
	c := *p
	c.Milestones = make([]Milestone, len(p.Milestones))
	for i, m := range p.Milestones {
		if later(m) {
			m = m.Clone()
			if m.ActualStart > day {
				m.ActualStart = 0
			}
			if m.ActualFinish > day {
				m.ActualFinish = 0
			}
			for k := range m.Deliverables {
				if m.Deliverables[k].DoneOn > day {
					m.Deliverables[k].Done, m.Deliverables[k].DoneOn = false, 0
				}
			}
		}
		c.Milestones[i] = m
	}
	return &c
}

// min2 caps a rating.
func min2(r, cap RAG) RAG {
	if r.rank() > cap.rank() {
		return cap
	}
	return r
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// FeverZone rates buffer use against chain completion (both in percent): the
// amber line runs from 20% used at the start to 80% at the end, the red line
// from 40% to 100%.
func FeverZone(usedPct, donePct float64) RAG {
	switch {
	case usedPct > 40+0.6*donePct:
		return Red
	case usedPct > 20+0.6*donePct:
		return Amber
	}
	return Green
}

// Validate checks the plan's milestones: durations, dates, references,
// actual dates in order and no cycle.
func (p *Plan) Validate() error {
	if err := p.validateFields(); err != nil {
		return err
	}
	_, err := buildGraph(p.Milestones)
	return err
}

// validateFields checks everything but the cycles.
func (p *Plan) validateFields() error {
	start := p.Settings.Start
	seen := map[string]bool{}
	for _, m := range p.Milestones {
		seen[m.ID] = true
	}
	for _, m := range p.Milestones {
		about := func(e *crmflow.Error) error { return e.About(crmflow.KindMilestone.Noun, m.ID) }
		if strings.TrimSpace(m.Name) == "" {
			return about(crmflow.Errorf(crmflow.EINVALID, "%s has no name", m.ID))
		}
		if m.Duration < 0 {
			return about(crmflow.Errorf(crmflow.EINVALID, "%s: a duration cannot be negative (%d)", m.ID, m.Duration))
		}
		for _, c := range []struct {
			name string
			d    Date
		}{{"start constraint", m.StartOn}, {"actual start", m.ActualStart}, {"actual finish", m.ActualFinish}} {
			name, d := c.name, c.d
			if d != 0 && d < start {
				return about(crmflow.Errorf(crmflow.EINVALID, "%s: the %s %s is before the plan start %s", m.ID, name, d, start).
					With("plan_start", start.String()).With("what", name).With("value", d.String()))
			}
		}
		if m.ActualFinish != 0 && m.ActualStart == 0 {
			return about(crmflow.Errorf(crmflow.EINVALID, "%s has a finish but no start", m.ID))
		}
		if m.ActualFinish != 0 && m.ActualFinish < m.ActualStart {
			return about(crmflow.Errorf(crmflow.EINVALID, "%s: the finish %s is before the start %s", m.ID, m.ActualFinish, m.ActualStart))
		}
		deps := map[string]bool{}
		for _, d := range m.Preds {
			if d.ID == m.ID {
				return about(crmflow.Errorf(crmflow.EINVALID, "%s cannot depend on itself", m.ID).With("cycle", m.ID+" → "+m.ID))
			}
			if !seen[d.ID] {
				return crmflow.Errorf(crmflow.ENOTFOUND, "%s depends on %s, which does not exist", m.ID, d.ID).About(crmflow.KindMilestone.Noun, d.ID)
			}
			if deps[d.ID] {
				return about(crmflow.Errorf(crmflow.EINVALID, "%s depends on %s twice", m.ID, d.ID))
			}
			deps[d.ID] = true
			if d.Lag < -5000 || d.Lag > 5000 {
				return about(crmflow.Errorf(crmflow.EINVALID, "%s: the lag %d is outside ±5000 working days", m.ID, d.Lag))
			}
		}
		if m.Duration > 5000 {
			return about(crmflow.Errorf(crmflow.EINVALID, "%s: the duration %d is longer than 5000 working days", m.ID, m.Duration))
		}
	}
	return nil
}
