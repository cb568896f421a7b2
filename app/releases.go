package app

import (
	"cmp"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/report/plan"
	"github.com/crmflow/crmflow/requirements"
)

func newReleases(db Store, a *App, o Options) *release.Service {
	reqs := a.Requirements
	workOf := func(r requirements.Requirement, set requirements.Settings, links []requirements.Link) release.Work {
		e := set.Evaluate(&r)
		w := release.Work{ID: r.ID, Title: r.Title, Module: r.Module, Kind: string(r.Kind), Status: string(r.Status),
			MoSCoW: string(e.MoSCoW), Score: e.Score, Parents: []string{}}
		for _, l := range links {
			if l.From == r.ID && l.Kind == requirements.LinkParent {
				w.Parents = append(w.Parents, l.To)
			}
		}
		return w
	}
	return &release.Service{
		Store: db.Releases(),
		Clock: o.Clock,
		Work: func(ctx context.Context, ref string) (release.Work, error) {
			r, err := reqs.Resolve(ctx, ref)
			if err != nil {
				return release.Work{}, err
			}
			set, err := reqs.Settings(ctx)
			if err != nil {
				return release.Work{}, err
			}
			links, err := reqs.Store.Links(ctx, r.ID)
			if err != nil {
				return release.Work{}, err
			}
			return workOf(r, set, links), nil
		},
		AllWork: func(ctx context.Context) ([]release.Work, error) {
			rs, err := reqs.Store.Summaries(ctx)
			if err != nil {
				return nil, err
			}
			set, err := reqs.Settings(ctx)
			if err != nil {
				return nil, err
			}
			links, err := reqs.Store.Links(ctx, "")
			if err != nil {
				return nil, err
			}
			byFrom := map[string][]requirements.Link{}
			for _, l := range links {
				byFrom[l.From] = append(byFrom[l.From], l)
			}
			out := make([]release.Work, len(rs))
			for i, r := range rs {
				out[i] = workOf(r, set, byFrom[r.ID])
			}
			return out, nil
		},
		FrozenIn: db.Baselines().Containing,
		Change: func(ctx context.Context, ref string) (release.CR, error) {
			cr, err := a.Changes.Resolve(ctx, ref)
			if err != nil {
				return release.CR{}, err
			}
			return release.CR{ID: cr.ID, State: string(cr.State), Reqs: append(append([]string{}, cr.Proposal.Reqs...), cr.Proposal.Remove...)}, nil
		},
		Calendar: a.Milestones.Calendar,
		Milestone: func(ctx context.Context, id string) error {
			p, err := a.Milestones.Plan(ctx)
			if err != nil {
				return err
			}
			if !p.Initialized() {
				return crmflow.Errorf(crmflow.ENOTFOUND, "the project has no plan yet, so it has no milestone %s", id).
					About(crmflow.KindMilestone.Noun, id).With("field", "milestone")
			}
			_, err = p.ResolveMilestone(id)
			return err
		},
	}
}

// SetRelease puts one requirement (or change request) into a release by
// name; "" takes it out. The release rules apply: one release per
// requirement, and a frozen requirement moves only by a change request.
func (a *App) SetRelease(ctx context.Context, reqRef, rel string) error {
	_, err := a.Releases.Assign(ctx, release.Assignment{Release: rel, Refs: []string{reqRef}})
	return err
}

// SetEstimate records an effort such as "3d", "0.5d" or "4h".
func (a *App) SetEstimate(ctx context.Context, ref, estimate string) (release.Item, error) {
	h, err := release.ParseEstimate("estimate", estimate)
	if err != nil {
		return release.Item{}, err
	}
	return a.Releases.SetEstimate(ctx, ref, h)
}

// PlanEdit is the part of a requirement edit that lives in the release
// plan. Nil leaves that part alone.
type PlanEdit struct {
	Estimate *string // an effort such as "3d", "0.5d" or "4h"
	Release  *string // a release name; "" takes the requirement out of its release
}

// Empty reports whether the edit changes no plan.
func (e PlanEdit) Empty() bool { return e.Estimate == nil && e.Release == nil }

// EditRequirement changes a requirement's fields and its plan (estimate,
// release) in one transaction: when the field edit or the plan is refused,
// neither is written. An empty patch edits only the plan, an empty plan
// edit only the fields.
func (a *App) EditRequirement(ctx context.Context, ref string, p requirements.Patch, pe PlanEdit) (requirements.Requirement, error) {
	if pe.Empty() {
		return a.Requirements.Edit(ctx, ref, p)
	}
	ie := release.ItemEdit{Release: pe.Release}
	if pe.Estimate != nil {
		h, err := release.ParseEstimate("estimate", *pe.Estimate)
		if err != nil {
			return requirements.Requirement{}, err
		}
		ie.Estimate = &h
	}
	id, err := a.Requirements.ResolveID(ctx, ref)
	if err != nil {
		return requirements.Requirement{}, err
	}
	ie.Ref = id
	plan, err := a.Releases.PrepareItemEdit(ctx, ie)
	if err != nil {
		return requirements.Requirement{}, err
	}
	if p.Empty() {
		if _, err := a.Releases.Store.Apply(ctx, plan); err != nil {
			return requirements.Requirement{}, err
		}
		return a.Requirements.Resolve(ctx, id)
	}
	edit, err := a.Requirements.PrepareEdit(ctx, id, p)
	if err != nil {
		return requirements.Requirement{}, err
	}
	r, _, err := a.db.EditPlanned(ctx, id, edit.Apply, plan)
	return r, a.Requirements.EditError(ctx, id, err)
}

// SprintOverload is a sprint holding more work than its capacity.
type SprintOverload struct {
	Sprint        string
	LoadHours     int
	CapacityHours int
}

// OverloadedSprint reports the sprint requirement ref is in when its
// estimates pass its capacity (after a re-estimate, say), so the user
// hears of it; ok is false when ref is in no sprint or the sprint has room.
func (a *App) OverloadedSprint(ctx context.Context, ref string) (o SprintOverload, ok bool, err error) {
	items, err := a.Releases.Store.Items(ctx)
	if err != nil {
		return o, false, err
	}
	byRef := make(map[string]release.Item, len(items))
	for _, it := range items {
		byRef[it.Ref] = it
	}
	sp := byRef[ref].Sprint
	if sp == "" {
		return o, false, nil
	}
	s, err := a.Releases.ResolveSprint(ctx, sp)
	if err != nil {
		return o, false, err
	}
	load, _ := release.SprintLoad(byRef, sp)
	return SprintOverload{Sprint: sp, LoadHours: load, CapacityHours: s.CapacityHours}, load > s.CapacityHours, nil
}

// CarryRelease moves the deferred requirements and change requests of one
// release into another.
func (a *App) CarryRelease(ctx context.Context, from, to string) ([]release.Item, error) {
	rs, err := a.Requirements.Store.Summaries(ctx)
	if err != nil {
		return nil, err
	}
	status := map[string]string{}
	for _, r := range rs {
		status[r.ID] = string(r.Status)
	}
	crs, err := a.Changes.List(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, c := range crs {
		status[c.ID] = string(c.State)
	}
	return a.Releases.Carry(ctx, from, to, func(ref string) string { return status[ref] })
}

// PlanItem is one requirement or change request of a release, for showing.
type PlanItem struct {
	Ref      string  `json:"ref"`
	Title    string  `json:"title"`
	Module   string  `json:"module"`
	Kind     string  `json:"kind"`
	Status   string  `json:"status"`
	MoSCoW   string  `json:"moscow"`
	Score    int     `json:"score"`
	Sprint   string  `json:"sprint"`
	Estimate float64 `json:"estimate_days"` // 0: not estimated
	Column   string  `json:"column"`
	Via      string  `json:"via,omitempty"`
}

// SprintView is one sprint with its load against its capacity.
type SprintView struct {
	release.Sprint
	Capacity float64 `json:"capacity_days"`
	Load     float64 `json:"load_days"`
	Done     float64 `json:"done_days"`
	Items    int     `json:"items"`
	// Velocity is the work the sprint completed inside its window, from
	// the audit log; nil until the sprint has ended.
	Velocity *float64 `json:"velocity_days,omitempty"`
}

// ReleaseView is a release with its sprints and items.
type ReleaseView struct {
	release.Release
	Sprints     []SprintView       `json:"sprints"`
	Items       []PlanItem         `json:"items"`
	Estimate    float64            `json:"estimate_days"`
	Unestimated []string           `json:"unestimated"`
	Unplanned   []string           `json:"unplanned"` // plannable requirements in no sprint
	Velocity    []release.Velocity `json:"velocity"`
	AvgVelocity float64            `json:"average_velocity_days"`
}

// planData is everything a view of the plan reads, once.
type planData struct {
	releases []release.Release
	sprints  []release.Sprint
	items    map[string]release.Item
	work     map[string]release.Work
	crs      map[string]change.Request
}

func (a *App) planData(ctx context.Context) (*planData, error) {
	d := &planData{items: map[string]release.Item{}, work: map[string]release.Work{}, crs: map[string]change.Request{}}
	var err error
	if d.releases, err = a.Releases.Store.Releases(ctx); err != nil {
		return nil, err
	}
	if d.sprints, err = a.Releases.Store.Sprints(ctx); err != nil {
		return nil, err
	}
	items, err := a.Releases.Store.Items(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		d.items[it.Ref] = it
	}
	ws, err := a.Releases.AllWork(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		d.work[w.ID] = w
	}
	crs, err := a.Changes.List(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, c := range crs {
		d.crs[c.ID] = c
	}
	return d, nil
}

// hours is an item's effort: a change request the plan gives no estimate
// counts the effort of its impact analysis.
func (d *planData) hours(it release.Item) int {
	if c, ok := d.crs[it.Ref]; ok && c.Impact != nil {
		return it.Hours(c.Impact.EffortDays)
	}
	return it.EstimateHours
}

// done reports whether an item's work is finished: a requirement
// implemented or verified, a change request implemented or closed.
func (d *planData) done(ref string) bool {
	if c, ok := d.crs[ref]; ok {
		return c.State == change.Implemented || c.State == change.Closed
	}
	return release.Done(d.work[ref].Status)
}

func (d *planData) item(it release.Item) PlanItem {
	p := PlanItem{Ref: it.Ref, Sprint: it.Sprint, Estimate: release.Days(d.hours(it)), Via: it.Via}
	if w, ok := d.work[it.Ref]; ok {
		p.Title, p.Module, p.Kind, p.Status, p.MoSCoW, p.Score = w.Title, w.Module, w.Kind, w.Status, w.MoSCoW, w.Score
		p.Column = string(release.ColumnOf(w.Status, it.Started))
	} else if c, ok := d.crs[it.Ref]; ok {
		p.Title, p.Status = c.Title, string(c.State)
		col := release.ColumnOf("", it.Started)
		if d.done(it.Ref) {
			col = release.ColDone
		}
		p.Column = string(col)
	}
	return p
}

// History is the plan and status history the burndown folds, from the audit log.
func (a *App) planHistory(ctx context.Context) ([]release.Change, error) {
	events, err := a.db.AuditLog(ctx, crmflow.AuditFilter{})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(events, func(x, y crmflow.AuditEvent) int { return int(x.Seq - y.Seq) })
	return release.ChangesFromAudit(events), nil
}

// Releases lists every release with its sprints and items.
func (a *App) ReleaseViews(ctx context.Context) ([]ReleaseView, error) {
	d, err := a.planData(ctx)
	if err != nil {
		return nil, err
	}
	hist, err := a.planHistory(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := a.Milestones.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ReleaseView, 0, len(d.releases))
	for _, r := range d.releases {
		out = append(out, a.releaseView(d, r, hist, cal))
	}
	return out, nil
}

// ReleaseView shows one release.
func (a *App) ReleaseView(ctx context.Context, ref string) (ReleaseView, error) {
	r, err := a.Releases.ResolveRelease(ctx, ref)
	if err != nil {
		return ReleaseView{}, err
	}
	vs, err := a.ReleaseViews(ctx)
	if err != nil {
		return ReleaseView{}, err
	}
	for _, v := range vs {
		if v.ID == r.ID {
			return v, nil
		}
	}
	return ReleaseView{}, crmflow.Errorf(crmflow.ENOTFOUND, "no release %q", ref)
}

func (a *App) releaseView(d *planData, r release.Release, hist []release.Change, cal *milestones.Calendar) ReleaseView {
	v := ReleaseView{Release: r, Sprints: []SprintView{}, Items: []PlanItem{}, Unestimated: []string{}, Unplanned: []string{}}
	var sprints []release.Sprint
	for _, s := range d.sprints {
		if s.Release != r.ID {
			continue
		}
		sprints = append(sprints, s)
		sv := SprintView{Sprint: s, Capacity: release.Days(s.CapacityHours)}
		for _, it := range d.items {
			if it.Sprint == s.ID {
				sv.Items++
				sv.Load += release.Days(d.hours(it))
				if d.done(it.Ref) {
					sv.Done += release.Days(d.hours(it))
				}
			}
		}
		v.Sprints = append(v.Sprints, sv)
	}
	refs := make([]string, 0)
	for ref, it := range d.items {
		if it.Release == r.ID {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, crmflowCompare)
	for _, ref := range refs {
		it := d.items[ref]
		p := d.item(it)
		v.Items = append(v.Items, p)
		v.Estimate += p.Estimate
		if p.Estimate == 0 {
			v.Unestimated = append(v.Unestimated, ref)
		}
		if it.Sprint == "" && crmflow.KindRequirement.Is(ref) && release.Plannable(p.Status) {
			v.Unplanned = append(v.Unplanned, ref)
		}
	}
	v.Velocity, v.AvgVelocity = release.Velocities(sprints, hist, cal, milestones.DateOf(a.clock.Now()))
	if v.Velocity == nil {
		v.Velocity = []release.Velocity{}
	}
	for _, vel := range v.Velocity {
		for i := range v.Sprints {
			if v.Sprints[i].ID == vel.Sprint {
				v.Sprints[i].Velocity = &vel.Completed
			}
		}
	}
	return v
}

// crmflowCompare orders references by kind, then number.
func crmflowCompare(x, y string) int {
	kx, nx, okx := crmflow.KindOf(x)
	ky, ny, oky := crmflow.KindOf(y)
	if okx && oky {
		if kx.Prefix != ky.Prefix {
			// Requirements first, then change requests.
			if kx.Prefix == crmflow.KindRequirement.Prefix {
				return -1
			}
			if ky.Prefix == crmflow.KindRequirement.Prefix {
				return 1
			}
		}
		if nx != ny {
			return nx - ny
		}
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Board is a sprint's kanban board.
type Board struct {
	Sprint   SprintView                    `json:"sprint"`
	Release  string                        `json:"release"`
	Columns  map[release.Column][]PlanItem `json:"columns"`
	Velocity float64                       `json:"average_velocity_days"`
}

// SprintBoard builds the board of a sprint.
func (a *App) SprintBoard(ctx context.Context, ref string) (Board, error) {
	sp, err := a.Releases.ResolveSprint(ctx, ref)
	if err != nil {
		return Board{}, err
	}
	vs, err := a.ReleaseViews(ctx)
	if err != nil {
		return Board{}, err
	}
	b := Board{Columns: map[release.Column][]PlanItem{}}
	for _, c := range release.Columns {
		b.Columns[c] = []PlanItem{}
	}
	for _, v := range vs {
		if v.ID != sp.Release {
			continue
		}
		b.Release, b.Velocity = v.Name, v.AvgVelocity
		for _, s := range v.Sprints {
			if s.ID == sp.ID {
				b.Sprint = s
			}
		}
		for _, it := range v.Items {
			if it.Sprint == sp.ID {
				col := release.Column(it.Column)
				if col == "" {
					col = release.ColTodo
				}
				b.Columns[col] = append(b.Columns[col], it)
			}
		}
	}
	return b, nil
}

// SprintBurndown computes a sprint's burndown from the audit log.
func (a *App) SprintBurndown(ctx context.Context, ref string) (release.Burndown, error) {
	sp, err := a.Releases.ResolveSprint(ctx, ref)
	if err != nil {
		return release.Burndown{}, err
	}
	hist, err := a.planHistory(ctx)
	if err != nil {
		return release.Burndown{}, err
	}
	cal, err := a.Milestones.Calendar(ctx)
	if err != nil {
		return release.Burndown{}, err
	}
	return release.ComputeBurndown(sp, hist, cal, milestones.DateOf(a.clock.Now())), nil
}

// weeklySprints are the sprints that run in the week from..to, for the
// weekly report's sprint section.
func (a *App) weeklySprints(ctx context.Context, from, to milestones.Date) ([]plan.SprintLine, error) {
	vs, err := a.ReleaseViews(ctx)
	if err != nil {
		return nil, err
	}
	var out []plan.SprintLine
	for _, v := range vs {
		for _, s := range v.Sprints {
			if s.End < from || s.Start > to {
				continue
			}
			b, err := a.SprintBurndown(ctx, s.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, plan.SprintLine{ID: s.ID, Release: v.Name, Start: s.Start.String(), End: s.End.String(),
				Capacity: s.Capacity, Planned: s.Load, Completed: s.Done, Added: b.Added, Reestimated: b.Reestimated, Items: s.Items})
		}
	}
	return out, nil
}

// withSprintRows returns the schedule with each release's sprints as rows
// of the Gantt chart, right after the milestone the release belongs to (at
// the end when it names none), so the development plan shows in it. The
// schedule given is not changed; without sprints it is returned as is.
func (a *App) withSprintRows(ctx context.Context, s *milestones.Schedule) (*milestones.Schedule, error) {
	vs, err := a.ReleaseViews(ctx)
	if err != nil {
		return nil, err
	}
	lang := a.Lang(ctx)
	today := milestones.DateOf(a.clock.Now())
	after := map[string][]milestones.Row{}
	var tail []milestones.Row
	n := 0
	for _, v := range vs {
		for _, sp := range v.Sprints {
			st := milestones.NotStarted
			switch {
			case sp.End < today:
				st = milestones.Done
			case sp.Start <= today:
				st = milestones.InProgress
			}
			name := "迭代（" + v.Name + "，已排 " + num(sp.Load) + "/" + num(sp.Capacity) + " 人天）"
			if lang == crmflow.LangEN {
				name = "Sprint (" + v.Name + ", " + num(sp.Load) + " of " + num(sp.Capacity) + " person-days)"
			}
			r := milestones.Row{ID: sp.ID, Name: name, Duration: sp.Workdays, Status: st, Preds: []milestones.Dep{}, Deliverables: []milestones.Deliverable{},
				Start: sp.Start, Finish: sp.End, LateStart: sp.Start, LateFinish: sp.End, PlannedStart: sp.Start, PlannedFinish: sp.End, MovedBy: []milestones.Move{}}
			if v.Milestone != "" {
				after[v.Milestone] = append(after[v.Milestone], r)
			} else {
				tail = append(tail, r)
			}
			n++
		}
	}
	if n == 0 {
		return s, nil
	}
	c := *s
	c.Rows = make([]milestones.Row, 0, len(s.Rows)+n)
	for _, r := range s.Rows {
		c.Rows = append(c.Rows, r)
		c.Rows = append(c.Rows, after[r.ID]...)
		delete(after, r.ID)
	}
	rest := make([]string, 0, len(after))
	for ms := range after {
		rest = append(rest, ms)
	}
	slices.Sort(rest)
	for _, ms := range rest { // a milestone that is not in the plan
		tail = append(tail, after[ms]...)
	}
	c.Rows = append(c.Rows, tail...)
	return &c, nil
}

// num writes person-days briefly: 3, 0.5, 12.25.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }

// SortRelease orders a requirement listing by release (in the order the
// releases were added; unplanned last), then by ID.
const SortRelease = "release"

// RequirementSortKeys are the orders ListRequirements accepts.
var RequirementSortKeys = append(requirements.SortKeys[:len(requirements.SortKeys):len(requirements.SortKeys)], SortRelease)

// reqPlans is the release plan of the requirements, as they show it: the
// plan fields (requirements.PlanFields) read from the one place they are
// kept.
type reqPlans struct {
	items map[string]release.Item
	names map[string]string // release ID → name
	order map[string]int    // release ID → position
}

func (a *App) reqPlans(ctx context.Context) (*reqPlans, error) {
	p := &reqPlans{items: map[string]release.Item{}, names: map[string]string{}, order: map[string]int{}}
	rs, err := a.Releases.Store.Releases(ctx)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		p.names[r.ID], p.order[r.ID] = r.Name, i
	}
	items, err := a.Releases.Store.Items(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		p.items[it.Ref] = it
	}
	return p, nil
}

// fill copies the plan of v's requirement into v.
func (p *reqPlans) fill(v *requirements.View) {
	it := p.items[v.ID]
	v.Release, v.Sprint, v.Estimate = p.names[it.Release], it.Sprint, release.Days(it.EstimateHours)
}

// value is a plan field's text for a listing column: v1.0, S-02, 3d.
func (p *reqPlans) value(id, key string) string {
	it := p.items[id]
	switch key {
	case requirements.PlanRelease:
		return p.names[it.Release]
	case requirements.PlanSprint:
		return it.Sprint
	case requirements.PlanEstimate:
		if it.EstimateHours > 0 {
			return release.FormatDays(it.EstimateHours)
		}
	}
	return ""
}

// planFilter is one plan field=value filter: the item must hold want
// (a release ID, a sprint ID, hours); "" asks for no value.
type planFilter struct {
	key  string
	want string
	hrs  int
}

// planFilter reads key=value the way the plan stores it: a release by name
// or ID, a sprint by ID, an estimate as an effort ("3d"). An unknown release
// or sprint is an error, not an empty listing.
func (a *App) planFilter(ctx context.Context, key, value string) (planFilter, error) {
	f := planFilter{key: key}
	value = strings.TrimSpace(value)
	if value == "" || value == "-" {
		return f, nil
	}
	switch key {
	case requirements.PlanRelease:
		r, err := a.Releases.ResolveRelease(ctx, value)
		f.want = r.ID
		return f, err
	case requirements.PlanSprint:
		s, err := a.Releases.ResolveSprint(ctx, value)
		f.want = s.ID
		return f, err
	}
	h, err := release.ParseEstimate("estimate", value)
	f.hrs = h
	return f, err
}

func (p *reqPlans) match(id string, f planFilter) bool {
	it := p.items[id]
	switch f.key {
	case requirements.PlanRelease:
		return it.Release == f.want
	case requirements.PlanSprint:
		return it.Sprint == f.want
	}
	return it.EstimateHours == f.hrs
}

// sortByRelease orders rs by release, unplanned last; ties keep their order.
func (p *reqPlans) sortByRelease(rs []requirements.Requirement) {
	pos := func(id string) int {
		if o, ok := p.order[p.items[id].Release]; ok && p.items[id].Release != "" {
			return o
		}
		return len(p.order)
	}
	slices.SortStableFunc(rs, func(x, y requirements.Requirement) int { return pos(x.ID) - pos(y.ID) })
}

// planFieldHistory is the history of requirement id's plan fields (release,
// sprint, estimate) from its "plan:" audit records, a change per field.
func (a *App) planFieldHistory(ctx context.Context, id string) ([]requirements.Change, error) {
	events, err := a.db.AuditLog(ctx, crmflow.AuditFilter{Entity: release.Item{Ref: id}.Entity()})
	if err != nil || len(events) == 0 {
		return nil, err
	}
	rs, err := a.Releases.Store.Releases(ctx)
	if err != nil {
		return nil, err
	}
	name := map[string]string{"": ""}
	for _, r := range rs {
		name[r.ID] = r.Name
	}
	nameOf := func(id string) string {
		if n, ok := name[id]; ok {
			return n
		}
		return id
	}
	est := func(h int) string {
		if h == 0 {
			return ""
		}
		return release.FormatDays(h)
	}
	var out []requirements.Change
	for _, e := range events {
		var before, after release.Item
		if len(e.Before) > 0 && json.Unmarshal(e.Before, &before) != nil ||
			len(e.After) > 0 && json.Unmarshal(e.After, &after) != nil {
			continue
		}
		base := requirements.Change{Seq: e.Seq, At: e.At, Actor: string(e.Actor), Action: e.Action}
		for _, f := range []struct{ key, old, new string }{
			{requirements.PlanRelease, nameOf(before.Release), nameOf(after.Release)},
			{requirements.PlanSprint, before.Sprint, after.Sprint},
			{requirements.PlanEstimate, est(before.EstimateHours), est(after.EstimateHours)},
		} {
			if f.old != f.new {
				c := base
				c.Field, c.Old, c.New = f.key, f.old, f.new
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// mergeInAuditOrder merges two histories into one in the order the audit
// log recorded them, which is the order of time: the log's sequence is
// written by one clock in one transaction at a time. (Sorting by the
// timestamps instead would differ only where a record was written with a
// clock set back, as the demo does to record sprint work on its days.)
func mergeInAuditOrder(x, y []requirements.Change) []requirements.Change {
	out := append(x, y...)
	slices.SortStableFunc(out, func(a, b requirements.Change) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}
