package release

import (
	"context"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// State is the whole plan as a store transaction sees it.
type State struct {
	Releases []Release
	Sprints  []Sprint
	Items    map[string]Item // by ref
}

// Plan is what one use case writes: new releases and sprints (the store
// numbers them), changed releases, and items to store (an Empty item is
// deleted). Action names the change in the audit log.
type Plan struct {
	Action      string
	NewReleases []*Release
	Releases    []Release
	NewSprints  []*Sprint
	Items       []Item

	item Item // the one item an ItemEdit plan is about, changed or not
}

// Store keeps releases, sprints and plan items. Apply loads the state in one
// write transaction, lets fn compute the plan, writes it, and appends an
// audit event per record changed in that same transaction.
type Store interface {
	Releases(ctx context.Context) ([]Release, error)
	Sprints(ctx context.Context) ([]Sprint, error)
	Items(ctx context.Context) ([]Item, error)
	Apply(ctx context.Context, fn func(State) (Plan, error)) (Plan, error)
}

// CR is what release planning needs of a change request.
type CR struct {
	ID    string
	State string
	Reqs  []string // the requirements it changes, removes or reaches
}

// Service holds the release rules; the application layer supplies the
// lookups into the other capabilities.
type Service struct {
	Store Store
	Clock crmflow.Clock
	// Work resolves a requirement reference (ID or title) to its planning facts.
	Work func(ctx context.Context, ref string) (Work, error)
	// AllWork lists every requirement's planning facts.
	AllWork func(ctx context.Context) ([]Work, error)
	// FrozenIn names the newest baseline holding a requirement, or "".
	FrozenIn func(ctx context.Context, id string) (string, error)
	// Change resolves a change request reference.
	Change func(ctx context.Context, ref string) (CR, error)
	// Calendar is the project's working calendar.
	Calendar func(ctx context.Context) (*milestones.Calendar, error)
	// Milestone checks that the plan holds milestone id (MS-10).
	Milestone func(ctx context.Context, id string) error
}

func (s *Service) today() milestones.Date { return milestones.DateOf(s.Clock.Now()) }

func findRelease(rs []Release, ref string) (Release, error) {
	ref = strings.TrimSpace(ref)
	if id, ok := crmflow.KindRelease.Normalize(ref); ok {
		for _, r := range rs {
			if r.ID == id {
				return r, nil
			}
		}
	}
	for _, r := range rs {
		if r.Name == ref || strings.EqualFold(r.Name, ref) {
			return r, nil
		}
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	e := crmflow.Errorf(crmflow.ENOTFOUND, "no release %q", ref).About("release", ref)
	if len(names) > 0 {
		e = e.With("releases", strings.Join(names, ", "))
	}
	return Release{}, e
}

func findSprint(ss []Sprint, ref string) (Sprint, error) {
	if id, ok := crmflow.KindSprint.NormalizeRef(ref); ok {
		for _, s := range ss {
			if s.ID == id {
				return s, nil
			}
		}
	}
	return Sprint{}, crmflow.Errorf(crmflow.ENOTFOUND, "no sprint %q", ref).About("sprint", ref)
}

func releaseName(rs []Release, id string) string {
	for _, r := range rs {
		if r.ID == id {
			return r.Name
		}
	}
	return id
}

// ResolveRelease finds a release by name (v1.0) or ID (REL-01).
func (s *Service) ResolveRelease(ctx context.Context, ref string) (Release, error) {
	rs, err := s.Store.Releases(ctx)
	if err != nil {
		return Release{}, err
	}
	return findRelease(rs, ref)
}

// ResolveSprint finds a sprint by ID (S-01 or 1).
func (s *Service) ResolveSprint(ctx context.Context, ref string) (Sprint, error) {
	ss, err := s.Store.Sprints(ctx)
	if err != nil {
		return Sprint{}, err
	}
	return findSprint(ss, ref)
}

// AddRelease creates a release; its name must be new.
func (s *Service) AddRelease(ctx context.Context, name string, target milestones.Date, milestone string) (Release, error) {
	name = strings.TrimSpace(name)
	if err := ValidateName(name); err != nil {
		return Release{}, err
	}
	if target.IsZero() {
		return Release{}, crmflow.Errorf(crmflow.EINVALID, "release %s needs a target date", name).With("field", "target")
	}
	if milestone != "" {
		id, ok := crmflow.KindMilestone.NormalizeRef(milestone)
		if !ok {
			return Release{}, crmflow.Errorf(crmflow.EINVALID, "milestone %q is not a milestone ID like MS-10", milestone).With("field", "milestone")
		}
		milestone = id
		if s.Milestone != nil {
			if err := s.Milestone(ctx, id); err != nil {
				return Release{}, err
			}
		}
	}
	r := &Release{Name: name, Target: target, Milestone: milestone, Status: Planned, CreatedAt: s.Clock.Now()}
	_, err := s.Store.Apply(ctx, func(st State) (Plan, error) {
		for _, o := range st.Releases {
			if strings.EqualFold(o.Name, name) {
				return Plan{}, crmflow.Errorf(crmflow.ECONFLICT, "release %s already exists (%s)", o.Name, o.ID).About("release", o.Name)
			}
		}
		return Plan{Action: "create", NewReleases: []*Release{r}}, nil
	})
	return *r, err
}

// Assignment is one SetRelease: refs are requirements or change requests.
type Assignment struct {
	Release string   // release name or ID; "" takes them out of their release
	Refs    []string // REQ-004, CR-002, or a requirement's title
	Move    bool     // move refs already in another release
	Via     string   // the change request that moves frozen requirements
}

// Assign puts requirements and change requests into a release, all or none.
// A requirement belongs to at most one release: one already in another is
// refused unless Move is set. A requirement in a frozen baseline keeps its
// release unless the change request Via, approved or applied, names it.
func (s *Service) Assign(ctx context.Context, a Assignment) ([]Item, error) {
	plan, err := s.prepareAssign(ctx, a)
	if err != nil {
		return nil, err
	}
	p, err := s.Store.Apply(ctx, plan)
	return p.Items, err
}

// prepareAssign resolves what Assign needs outside the transaction and
// returns the plan it computes inside.
func (s *Service) prepareAssign(ctx context.Context, a Assignment) (func(State) (Plan, error), error) {
	refs, err := s.resolveRefs(ctx, a.Refs)
	if err != nil {
		return nil, err
	}
	var via CR
	if a.Via != "" {
		if via, err = s.Change(ctx, a.Via); err != nil {
			return nil, err
		}
	}
	frozen := map[string]string{}
	for _, ref := range refs {
		if crmflow.KindRequirement.Is(ref) {
			b, err := s.FrozenIn(ctx, ref)
			if err != nil {
				return nil, err
			}
			frozen[ref] = b
		}
	}
	return func(st State) (Plan, error) {
		relID := ""
		if a.Release != "" {
			r, err := findRelease(st.Releases, a.Release)
			if err != nil {
				return Plan{}, err
			}
			relID = r.ID
		}
		p := Plan{Action: "release"}
		for _, ref := range refs {
			it := st.Items[ref]
			if it.Ref == "" {
				it.Ref = ref
			}
			if it.Release == relID {
				continue
			}
			if err := CheckMove(it, relID, frozen[ref], via, a.Move, func(id string) string { return releaseName(st.Releases, id) }); err != nil {
				return Plan{}, err
			}
			it.Release = relID
			it.Via = ""
			if frozen[ref] != "" && via.ID != "" {
				it.Via = via.ID
			}
			// A sprint belongs to one release: leaving the release leaves the sprint.
			if it.Sprint != "" {
				if sp, err := findSprint(st.Sprints, it.Sprint); err == nil && sp.Release != relID {
					it.Sprint, it.Started = "", false
				}
			}
			p.Items = append(p.Items, it)
		}
		return p, nil
	}, nil
}

// CheckMove is the release rule for one item: in at most one release, and a
// frozen requirement's release moves only by a change request that is
// approved or applied and names it. name turns a release ID into its name.
func CheckMove(it Item, to, frozenIn string, via CR, move bool, name func(string) string) error {
	if it.Release == "" || it.Release == to {
		return nil
	}
	if frozenIn != "" {
		ok := via.ID != "" && slices.Contains([]string{"approved", "implemented", "closed"}, via.State) && slices.Contains(via.Reqs, it.Ref)
		if !ok {
			e := crmflow.Errorf(crmflow.EFROZEN, "%s is in frozen baseline %s and keeps its release %s unless an approved change request that names it moves it",
				it.Ref, frozenIn, name(it.Release)).About("requirement", it.Ref).With("baseline", frozenIn).With("release", name(it.Release))
			if via.ID != "" {
				e = e.With("change_request", via.ID).With("change_state", via.State)
			}
			return e
		}
		return nil
	}
	// Taking an item out of its release is no move into another.
	if !move && to != "" {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is already in release %s; a requirement belongs to one release", it.Ref, name(it.Release)).
			About("requirement", it.Ref).With("release", name(it.Release))
	}
	return nil
}

// resolveRefs turns requirement and change request references into IDs.
func (s *Service) resolveRefs(ctx context.Context, refs []string) ([]string, error) {
	if len(refs) == 0 {
		return nil, crmflow.Errorf(crmflow.EINVALID, "name at least one requirement or change request")
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range refs {
		var id string
		if crmflow.KindChange.Is(r) {
			cr, err := s.Change(ctx, r)
			if err != nil {
				return nil, err
			}
			id = cr.ID
		} else {
			w, err := s.Work(ctx, r)
			if err != nil {
				return nil, err
			}
			id = w.ID
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// SetEstimate records a requirement's or change request's effort (hours; 0 clears it).
func (s *Service) SetEstimate(ctx context.Context, ref string, hours int) (Item, error) {
	plan, err := s.PrepareItemEdit(ctx, ItemEdit{Ref: ref, Estimate: &hours})
	if err != nil {
		return Item{}, err
	}
	var out Item
	_, err = s.Store.Apply(ctx, func(st State) (Plan, error) {
		p, err := plan(st)
		out = p.item
		return p, err
	})
	return out, err
}

// ItemEdit changes the plan of one requirement or change request: its
// estimate, its release, or both. Nil leaves that part alone.
type ItemEdit struct {
	Ref      string
	Estimate *int    // hours; 0 clears it
	Release  *string // release name or ID; "" takes it out of its release
}

// PrepareItemEdit checks the references of e before a transaction and
// returns the plan the store computes inside it, with the release rules of
// Assign. The plan holds the item once, with every change of e.
func (s *Service) PrepareItemEdit(ctx context.Context, e ItemEdit) (func(State) (Plan, error), error) {
	refs, err := s.resolveRefs(ctx, []string{e.Ref})
	if err != nil {
		return nil, err
	}
	ref := refs[0]
	assign := func(State) (Plan, error) { return Plan{}, nil }
	if e.Release != nil {
		if assign, err = s.prepareAssign(ctx, Assignment{Release: *e.Release, Refs: []string{ref}}); err != nil {
			return nil, err
		}
	}
	return func(st State) (Plan, error) {
		p, err := assign(st)
		if err != nil {
			return Plan{}, err
		}
		it, changed := st.Items[ref], len(p.Items) > 0
		it.Ref = ref
		if changed {
			it = p.Items[0]
		}
		if e.Estimate != nil && it.EstimateHours != *e.Estimate {
			it.EstimateHours, changed = *e.Estimate, true
			if p.Action == "" {
				p.Action = "estimate"
			}
		}
		p.item = it
		if changed {
			p.Items = []Item{it}
		}
		return p, nil
	}, nil
}

// Carry moves the deferred requirements and deferred change requests of
// release from into release to, in one transaction. Deferring went through
// the confirmation meeting or a change request, so a frozen requirement's
// move needs no other change request here.
func (s *Service) Carry(ctx context.Context, from, to string, status func(ref string) string) ([]Item, error) {
	var out []Item
	_, err := s.Store.Apply(ctx, func(st State) (Plan, error) {
		f, err := findRelease(st.Releases, from)
		if err != nil {
			return Plan{}, err
		}
		t, err := findRelease(st.Releases, to)
		if err != nil {
			return Plan{}, err
		}
		if f.ID == t.ID {
			return Plan{}, crmflow.Errorf(crmflow.EINVALID, "release %s cannot carry into itself", f.Name)
		}
		p := Plan{Action: "carry"}
		for _, ref := range sortedRefs(st.Items) {
			it := st.Items[ref]
			if it.Release != f.ID || status(ref) != "deferred" {
				continue
			}
			it.Release, it.Sprint, it.Started = t.ID, "", false
			p.Items = append(p.Items, it)
		}
		out = p.Items
		return p, nil
	})
	return out, err
}

func sortedRefs(items map[string]Item) []string {
	refs := make([]string, 0, len(items))
	for r := range items {
		refs = append(refs, r)
	}
	slices.SortFunc(refs, compareRefs)
	return refs
}

// PlanSprints creates the sprints of a release (see the package function).
func (s *Service) PlanSprints(ctx context.Context, releaseRef string, start milestones.Date, length int, team []Member, capacityHours int) ([]Sprint, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Sprint
	_, err = s.Store.Apply(ctx, func(st State) (Plan, error) {
		r, err := findRelease(st.Releases, releaseRef)
		if err != nil {
			return Plan{}, err
		}
		for _, o := range st.Sprints {
			if o.Release == r.ID && o.End >= start {
				return Plan{}, crmflow.Errorf(crmflow.ECONFLICT, "release %s already has sprint %s from %s to %s, overlapping the new ones", r.Name, o.ID, o.Start, o.End).
					About("sprint", o.ID)
			}
		}
		ss, err := PlanSprints(r, start, length, team, capacityHours, cal)
		if err != nil {
			return Plan{}, err
		}
		now := s.Clock.Now()
		for i := range ss {
			ss[i].CreatedAt = now
			out = append(out, &ss[i])
		}
		return Plan{Action: "create", NewSprints: out}, nil
	})
	res := make([]Sprint, len(out))
	for i, p := range out {
		res[i] = *p
	}
	return res, err
}

// SprintLoad is a sprint's planned hours: the sum of its items' estimates.
func SprintLoad(items map[string]Item, sprint string) (hours int, unestimated []string) {
	for _, ref := range sortedRefs(items) {
		it := items[ref]
		if it.Sprint != sprint {
			continue
		}
		hours += it.EstimateHours
		if it.EstimateHours == 0 {
			unestimated = append(unestimated, ref)
		}
	}
	return
}

// AddResult is what adding to a sprint did.
type AddResult struct {
	Items       []Item   `json:"items"`
	LoadHours   int      `json:"load_hours"`
	Capacity    int      `json:"capacity_hours"`
	Unestimated []string `json:"unestimated"`
}

// AddToSprint puts requirements into a sprint. A requirement in no release
// joins the sprint's release; one in another release is refused. The sum of
// estimates may not pass the sprint's capacity unless over is set.
func (s *Service) AddToSprint(ctx context.Context, sprintRef string, refs []string, over bool) (AddResult, error) {
	ids, err := s.resolveRefs(ctx, refs)
	if err != nil {
		return AddResult{}, err
	}
	var res AddResult
	_, err = s.Store.Apply(ctx, func(st State) (Plan, error) {
		sp, err := findSprint(st.Sprints, sprintRef)
		if err != nil {
			return Plan{}, err
		}
		name := func(id string) string { return releaseName(st.Releases, id) }
		p := Plan{Action: "sprint"}
		for _, ref := range ids {
			it := st.Items[ref]
			it.Ref = ref
			if it.Release != "" && it.Release != sp.Release {
				return Plan{}, crmflow.Errorf(crmflow.ECONFLICT, "%s is in release %s, sprint %s is in release %s", ref, name(it.Release), sp.ID, name(sp.Release)).
					About("requirement", ref).With("release", name(it.Release))
			}
			if it.Sprint == sp.ID {
				continue
			}
			it.Release, it.Sprint = sp.Release, sp.ID
			st.Items[ref] = it
			p.Items = append(p.Items, it)
		}
		res.LoadHours, res.Unestimated = SprintLoad(st.Items, sp.ID)
		res.Capacity, res.Items = sp.CapacityHours, p.Items
		if res.LoadHours > sp.CapacityHours && !over {
			return Plan{}, crmflow.Errorf(crmflow.ECONFLICT, "sprint %s would hold %s of work; its capacity is %s", sp.ID, FormatDays(res.LoadHours), FormatDays(sp.CapacityHours)).
				About("sprint", sp.ID).With("load", FormatDays(res.LoadHours)).With("capacity", FormatDays(sp.CapacityHours))
		}
		return p, nil
	})
	return res, err
}

// RemoveFromSprint takes requirements out of their sprint (they stay in the release).
func (s *Service) RemoveFromSprint(ctx context.Context, sprintRef string, refs []string) ([]Item, error) {
	ids, err := s.resolveRefs(ctx, refs)
	if err != nil {
		return nil, err
	}
	var out []Item
	_, err = s.Store.Apply(ctx, func(st State) (Plan, error) {
		sp, err := findSprint(st.Sprints, sprintRef)
		if err != nil {
			return Plan{}, err
		}
		p := Plan{Action: "sprint"}
		for _, ref := range ids {
			it := st.Items[ref]
			if it.Sprint != sp.ID {
				return Plan{}, crmflow.Errorf(crmflow.EINVALID, "%s is not in sprint %s", ref, sp.ID).About("requirement", ref)
			}
			it.Sprint, it.Started = "", false
			p.Items = append(p.Items, it)
		}
		out = p.Items
		return p, nil
	})
	return out, err
}

// SetStarted marks a sprint's requirement as in development (开发中) or back
// to not started.
func (s *Service) SetStarted(ctx context.Context, sprintRef, ref string, started bool) (Item, error) {
	ids, err := s.resolveRefs(ctx, []string{ref})
	if err != nil {
		return Item{}, err
	}
	var out Item
	_, err = s.Store.Apply(ctx, func(st State) (Plan, error) {
		sp, err := findSprint(st.Sprints, sprintRef)
		if err != nil {
			return Plan{}, err
		}
		it := st.Items[ids[0]]
		if it.Sprint != sp.ID {
			return Plan{}, crmflow.Errorf(crmflow.EINVALID, "%s is not in sprint %s", ids[0], sp.ID).About("requirement", ids[0])
		}
		out = it
		if it.Started == started {
			return Plan{}, nil
		}
		it.Started = started
		out = it
		return Plan{Action: "board", Items: []Item{it}}, nil
	})
	return out, err
}

// Auto fills the release's sprints that have not ended (see AutoPlan) and
// stores the placements unless dry is set.
func (s *Service) Auto(ctx context.Context, releaseRef string, dry bool) (AutoResult, error) {
	all, err := s.AllWork(ctx)
	if err != nil {
		return AutoResult{}, err
	}
	today := s.today()
	var res AutoResult
	_, err = s.Store.Apply(ctx, func(st State) (Plan, error) {
		r, err := findRelease(st.Releases, releaseRef)
		if err != nil {
			return Plan{}, err
		}
		var sprints []Sprint
		for _, sp := range st.Sprints {
			if sp.Release == r.ID && sp.End >= today {
				sprints = append(sprints, sp)
			}
		}
		if len(sprints) == 0 {
			return Plan{}, crmflow.Errorf(crmflow.EINVALID, "release %s has no sprint that has not ended", r.Name).About("release", r.Name)
		}
		var work []Work
		for _, w := range all {
			it := st.Items[w.ID]
			if it.Release != r.ID || it.Sprint != "" || !Plannable(w.Status) {
				continue
			}
			work = append(work, w)
		}
		res = AutoPlan(sprints, work, st.Items)
		if dry {
			return Plan{}, nil
		}
		p := Plan{Action: "auto", Items: make([]Item, 0, len(res.Placed))}
		for _, pl := range res.Placed {
			it := st.Items[pl.Ref]
			it.Sprint = pl.Sprint
			p.Items = append(p.Items, it)
		}
		return p, nil
	})
	return res, err
}

// Plannable reports whether a requirement in this status still needs
// development in a sprint.
func Plannable(status string) bool {
	switch status {
	case "draft", "confirmed", "frozen":
		return true
	}
	return false
}

// Column is a board column.
type Column string

// The board columns: 待开发, 开发中, 待测试, 已完成.
const (
	ColTodo    Column = "todo"
	ColDoing   Column = "doing"
	ColTesting Column = "testing"
	ColDone    Column = "done"
)

// Columns lists the board's columns in order.
var Columns = []Column{ColTodo, ColDoing, ColTesting, ColDone}

// Name is the column's heading in lang.
func (c Column) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Column]string{ColTodo: "To do", ColDoing: "In progress", ColTesting: "To test", ColDone: "Done"}[c]
	}
	return map[Column]string{ColTodo: "待开发", ColDoing: "开发中", ColTesting: "待测试", ColDone: "已完成"}[c]
}

// ColumnOf places a requirement on the board: verified is done, implemented
// waits for testing, a started item is in progress, the rest is to do.
func ColumnOf(status string, started bool) Column {
	switch {
	case status == "verified":
		return ColDone
	case status == "implemented":
		return ColTesting
	case started:
		return ColDoing
	}
	return ColTodo
}
