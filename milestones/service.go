package milestones

import (
	"context"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// Mutation is what one use case writes; the store applies it in one
// transaction and records an audit event for each record it changes.
type Mutation struct {
	Settings   *Settings
	Milestones []Milestone // inserted or replaced whole
	Risks      []Risk      // inserted or replaced whole
	Overrides  []Override  // inserted or replaced
	Baseline   *Baseline   // a new baseline
}

// Store keeps the plan. Update reads the plan and applies what fn returns in
// one write transaction, so a use case sees no concurrent writer; when fn
// returns an error nothing is written.
type Store interface {
	Plan(ctx context.Context) (*Plan, error)
	Update(ctx context.Context, op string, fn func(p *Plan) (Mutation, error)) error
}

// Service holds the plan use cases.
type Service struct {
	Store Store
	Clock crmflow.Clock
}

// Today is the clock's day.
func (s *Service) Today() Date { return DateOf(s.Clock.Now()) }

func notInitialized(op string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "the project has no plan yet").About("plan", "").In(op)
}

// InitInput starts a plan from a template.
type InitInput struct {
	Template string
	Lang     crmflow.Lang
	Start    string // 2027-01-04
	Buffer   string // 15%; "" takes the template's
}

// Init creates the plan from a template.
func (s *Service) Init(ctx context.Context, in InitInput) (*Plan, error) {
	const op = "plan.init"
	t, err := FindTemplate(in.Template, in.Lang)
	if err != nil {
		return nil, err
	}
	start, err := ParseDate(in.Start)
	if err != nil {
		return nil, err
	}
	pct := t.BufferPct
	if in.Buffer != "" {
		if pct, err = ParsePercent(in.Buffer); err != nil {
			return nil, err
		}
	}
	var out *Plan
	err = s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		if p.Initialized() || len(p.Milestones) > 0 {
			return Mutation{}, crmflow.Errorf(crmflow.ECONFLICT, "the project already has a plan starting %s", p.Settings.Start).
				About("plan", "").In(op)
		}
		next := *p
		next.Settings = Settings{Start: start, BufferPct: pct, Template: t.Name}
		next.Milestones = t.Instantiate()
		if err := next.Validate(); err != nil {
			return Mutation{}, err
		}
		out = &next
		return Mutation{Settings: &next.Settings, Milestones: next.Milestones}, nil
	})
	return out, err
}

// ResolveMilestone finds a milestone by reference (MS-03, ms3, 3).
func (p *Plan) ResolveMilestone(ref string) (Milestone, error) {
	id, ok := crmflow.KindMilestone.NormalizeRef(ref)
	if !ok {
		return Milestone{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a milestone ID like MS-03", ref).
			About(crmflow.KindMilestone.Noun, "").With("problem", "id").With("value", ref).With("example", "MS-03")
	}
	m, ok := p.Milestone(id)
	if !ok {
		return Milestone{}, crmflow.Errorf(crmflow.ENOTFOUND, "there is no milestone %s", id).About(crmflow.KindMilestone.Noun, id)
	}
	return m, nil
}

// MilestoneInput is a new milestone as a person types it.
type MilestoneInput struct {
	Name         string
	Owner        string
	Role         string
	Duration     string   // 10d, 2w
	Start        string   // start no earlier than; "" for none
	After        []string // predecessors
	Lag          string   // lag after each predecessor: 2d, -1d
	Deliverables []string
	Note         string
}

func checkText(what, s string, limit int) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return crmflow.Errorf(crmflow.EINVALID, "the %s is not valid text", what)
	}
	if utf8.RuneCountInString(s) > limit {
		return crmflow.Errorf(crmflow.EINVALID, "the %s is longer than %d characters", what, limit)
	}
	return nil
}

func (p *Plan) deps(after []string, lag string) ([]Dep, error) {
	l := 0
	if lag != "" {
		var err error
		if l, err = ParseLag(lag); err != nil {
			return nil, err
		}
	}
	out := []Dep{}
	for _, a := range after {
		for _, ref := range strings.Split(a, ",") {
			if strings.TrimSpace(ref) == "" {
				continue
			}
			m, err := p.ResolveMilestone(ref)
			if err != nil {
				return nil, err
			}
			out = append(out, Dep{ID: m.ID, Lag: l})
		}
	}
	return out, nil
}

// Add appends a milestone.
func (s *Service) Add(ctx context.Context, in MilestoneInput) (Milestone, error) {
	const op = "ms.add"
	var out Milestone
	err := s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		if !p.Initialized() {
			return Mutation{}, notInitialized(op)
		}
		name := strings.TrimSpace(in.Name)
		if name == "" {
			return Mutation{}, crmflow.Errorf(crmflow.EINVALID, "a milestone needs a name").In(op)
		}
		for what, v := range map[string]string{"name": name, "owner": in.Owner, "role": in.Role, "note": in.Note} {
			if err := checkText(what, v, 500); err != nil {
				return Mutation{}, err
			}
		}
		id, seq := p.NextMilestoneID()
		m := Milestone{ID: id, Seq: seq, Name: name, Owner: strings.TrimSpace(in.Owner), Role: strings.TrimSpace(in.Role),
			Note: strings.TrimSpace(in.Note), Deliverables: []Deliverable{}}
		var err error
		if m.Duration, err = ParseDuration(in.Duration); err != nil {
			return Mutation{}, err
		}
		if in.Start != "" {
			if m.StartOn, err = ParseDate(in.Start); err != nil {
				return Mutation{}, err
			}
		}
		if in.Lag != "" && len(in.After) == 0 {
			return Mutation{}, crmflow.Errorf(crmflow.EINVALID, "a lag needs a predecessor to follow").In(op)
		}
		if m.Preds, err = p.deps(in.After, in.Lag); err != nil {
			return Mutation{}, err
		}
		for _, d := range in.Deliverables {
			if d = strings.TrimSpace(d); d != "" {
				if err := checkText("deliverable", d, 200); err != nil {
					return Mutation{}, err
				}
				m.Deliverables = append(m.Deliverables, Deliverable{Name: d})
			}
		}
		next := *p
		next.Milestones = append(append([]Milestone{}, p.Milestones...), m)
		if err := next.Validate(); err != nil {
			return Mutation{}, err
		}
		out = m
		return Mutation{Milestones: []Milestone{m}}, nil
	})
	return out, err
}

// EditInput changes a milestone; nil fields stay as they are.
type EditInput struct {
	Name, Owner, Role, Duration, Note *string
	Start                             *string   // "" clears the constraint
	After                             *[]string // replaces the predecessors
	Lag                               *string   // with After: the lag after each
	AddDeliverables                   []string
}

// Edit changes a milestone. The whole plan is checked again (a new
// predecessor may close a cycle) before anything is written.
func (s *Service) Edit(ctx context.Context, ref string, in EditInput) (Milestone, error) {
	const op = "ms.edit"
	return s.updateMilestone(ctx, op, ref, func(p *Plan, m *Milestone) error {
		var err error
		if in.Name != nil {
			if m.Name = strings.TrimSpace(*in.Name); m.Name == "" {
				return crmflow.Errorf(crmflow.EINVALID, "a milestone needs a name")
			}
		}
		for what, v := range map[string]*string{"name": in.Name, "owner": in.Owner, "role": in.Role, "note": in.Note} {
			if v != nil {
				if err := checkText(what, *v, 500); err != nil {
					return err
				}
			}
		}
		if in.Owner != nil {
			m.Owner = strings.TrimSpace(*in.Owner)
		}
		if in.Role != nil {
			m.Role = strings.TrimSpace(*in.Role)
		}
		if in.Note != nil {
			m.Note = strings.TrimSpace(*in.Note)
		}
		if in.Duration != nil {
			if m.Duration, err = ParseDuration(*in.Duration); err != nil {
				return err
			}
		}
		if in.Start != nil {
			m.StartOn = 0
			if strings.TrimSpace(*in.Start) != "" {
				if m.StartOn, err = ParseDate(*in.Start); err != nil {
					return err
				}
			}
		}
		switch {
		case in.After != nil:
			lag := ""
			if in.Lag != nil {
				lag = *in.Lag
			}
			if m.Preds, err = p.deps(*in.After, lag); err != nil {
				return err
			}
		case in.Lag != nil:
			// A lag alone applies to the existing predecessors.
			if len(m.Preds) == 0 {
				return crmflow.Errorf(crmflow.EINVALID, "%s has no predecessor to lag behind", m.ID)
			}
			l, err := ParseLag(*in.Lag)
			if err != nil {
				return err
			}
			for i := range m.Preds {
				m.Preds[i].Lag = l
			}
		}
		for _, d := range in.AddDeliverables {
			if d = strings.TrimSpace(d); d != "" {
				if err := checkText("deliverable", d, 200); err != nil {
					return err
				}
				m.Deliverables = append(m.Deliverables, Deliverable{Name: d})
			}
		}
		return nil
	})
}

func (s *Service) updateMilestone(ctx context.Context, op, ref string, fn func(p *Plan, m *Milestone) error) (Milestone, error) {
	var out Milestone
	err := s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		if !p.Initialized() {
			return Mutation{}, notInitialized(op)
		}
		cur, err := p.ResolveMilestone(ref)
		if err != nil {
			return Mutation{}, err
		}
		m := cur.Clone()
		if err := fn(p, &m); err != nil {
			return Mutation{}, inOp(err, op, m.ID)
		}
		next := *p
		next.Milestones = append([]Milestone{}, p.Milestones...)
		for i := range next.Milestones {
			if next.Milestones[i].ID == m.ID {
				next.Milestones[i] = m
			}
		}
		if err := next.Validate(); err != nil {
			return Mutation{}, inOp(err, op, "")
		}
		out = m
		return Mutation{Milestones: []Milestone{m}}, nil
	})
	return out, err
}

func inOp(err error, op, id string) error {
	if e, ok := err.(*crmflow.Error); ok {
		e = e.In(op)
		if e.Entity == "" && id != "" {
			e = e.About(crmflow.KindMilestone.Noun, id)
		}
		return e
	}
	return err
}

func (s *Service) actualDate(date string) (Date, error) {
	today := s.Today()
	if strings.TrimSpace(date) == "" {
		return today, nil
	}
	d, err := ParseDate(date)
	if err != nil {
		return 0, err
	}
	if d > today {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%s is in the future (today is %s): record progress once it happened", d, today).
			With("today", today.String())
	}
	return d, nil
}

// Start records that a milestone started (date "" is today).
func (s *Service) Start(ctx context.Context, ref, date string) (Milestone, error) {
	d, err := s.actualDate(date)
	if err != nil {
		return Milestone{}, err
	}
	return s.updateMilestone(ctx, "ms.start", ref, func(p *Plan, m *Milestone) error {
		if m.ActualFinish != 0 {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s already finished on %s", m.ID, m.ActualFinish)
		}
		m.ActualStart = d
		return nil
	})
}

// Finish records that a milestone finished (date "" is today). A milestone
// never marked started takes its forecast start (or the finish, if later).
func (s *Service) Finish(ctx context.Context, ref, date string) (Milestone, error) {
	d, err := s.actualDate(date)
	if err != nil {
		return Milestone{}, err
	}
	today := s.Today()
	return s.updateMilestone(ctx, "ms.done", ref, func(p *Plan, m *Milestone) error {
		if m.ActualStart == 0 {
			sch, err := compute(p, today, false)
			if err != nil {
				return err
			}
			r, _ := sch.Row(m.ID)
			m.ActualStart = min(r.Start, d)
		}
		if d < m.ActualStart {
			return crmflow.Errorf(crmflow.EINVALID, "%s started on %s, so it cannot finish on %s", m.ID, m.ActualStart, d)
		}
		m.ActualFinish = d
		return nil
	})
}

// DeliverableDone marks a deliverable handed over; name is its name or its
// number (1 is the first).
func (s *Service) DeliverableDone(ctx context.Context, ref, name, date string) (Milestone, error) {
	d, err := s.actualDate(date)
	if err != nil {
		return Milestone{}, err
	}
	return s.updateMilestone(ctx, "ms.deliverable.done", ref, func(p *Plan, m *Milestone) error {
		if d < p.Settings.Start {
			return crmflow.Errorf(crmflow.EINVALID, "%s is before the plan start %s", d, p.Settings.Start).With("plan_start", p.Settings.Start.String()).With("value", d.String())
		}
		i := findDeliverable(m.Deliverables, name)
		if i < 0 {
			names := make([]string, len(m.Deliverables))
			for k, dl := range m.Deliverables {
				names[k] = dl.Name
			}
			return crmflow.Errorf(crmflow.ENOTFOUND, "%s has no deliverable %q (it has: %s)", m.ID, name, strings.Join(names, ", ")).
				About("deliverable", name).With("milestone", m.ID).With("deliverable", name).With("has", strings.Join(names, ", "))
		}
		m.Deliverables[i].Done, m.Deliverables[i].DoneOn = true, d
		return nil
	})
}

func findDeliverable(ds []Deliverable, name string) int {
	name = strings.TrimSpace(name)
	for i, d := range ds {
		if strings.EqualFold(d.Name, name) {
			return i
		}
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' || n > 1000 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	if name != "" && n >= 1 && n <= len(ds) {
		return n - 1
	}
	return -1
}

// TakeBaseline snapshots the forecast dates under a name ("" takes B1, B2…).
func (s *Service) TakeBaseline(ctx context.Context, name string) (Baseline, error) {
	const op = "plan.baseline"
	var out Baseline
	today := s.Today()
	err := s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		if !p.Initialized() {
			return Mutation{}, notInitialized(op)
		}
		if len(p.Milestones) == 0 {
			return Mutation{}, crmflow.Errorf(crmflow.EINVALID, "the plan has no milestones to baseline").In(op)
		}
		name := strings.TrimSpace(name)
		if name == "" {
			name = "B" + itoa(len(p.Baselines)+1)
		}
		if err := checkText("baseline name", name, 40); err != nil {
			return Mutation{}, err
		}
		for _, b := range p.Baselines {
			if b.Name == name {
				return Mutation{}, crmflow.Errorf(crmflow.ECONFLICT, "a baseline named %s was taken on %s", name, b.At.Format("2006-01-02")).
					About("plan baseline", name).In(op)
			}
		}
		sch, err := compute(p, today, false)
		if err != nil {
			return Mutation{}, err
		}
		b := Baseline{Name: name, At: s.Clock.Now().Truncate(1e9), Finish: sch.Finish, Dates: map[string]BaselineDates{}}
		for _, r := range sch.Rows {
			b.Dates[r.ID] = BaselineDates{Start: r.Start, Finish: r.Finish}
		}
		cal := p.Calendar()
		length := cal.WorkdaysBetween(p.Settings.Start, sch.Finish+1)
		b.BufferDays = int(math.Ceil(p.Settings.BufferPct*float64(length)/100 - 1e-9))
		out = b
		return Mutation{Baseline: &b}, nil
	})
	return out, err
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// SetDay overrides one day of the calendar.
func (s *Service) SetDay(ctx context.Context, date, kind, note string) (Override, error) {
	const op = "calendar.set"
	o, err := ParseOverride(strings.TrimSpace(date) + " " + strings.TrimSpace(kind) + " " + note)
	if err != nil {
		return o, inOp(err, op, "")
	}
	if strings.TrimSpace(date) == "" || strings.Contains(strings.TrimSpace(date), " ") {
		return o, crmflow.Errorf(crmflow.EINVALID, "%q is not a date like 2027-01-04", date).In(op)
	}
	err = s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		next := *p
		next.Overrides = append(append([]Override{}, p.Overrides...), o)
		if next.Initialized() {
			if _, err := Compute(&next, s.Today()); err != nil {
				return Mutation{}, err
			}
		}
		return Mutation{Overrides: []Override{o}}, nil
	})
	return o, err
}

// Calendar returns the project's calendar.
func (s *Service) Calendar(ctx context.Context) (*Calendar, error) {
	p, err := s.Store.Plan(ctx)
	if err != nil {
		return nil, err
	}
	return p.Calendar(), nil
}

// Schedule computes the plan as of the clock's day.
func (s *Service) Schedule(ctx context.Context) (*Schedule, error) {
	p, err := s.Store.Plan(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Initialized() {
		return nil, notInitialized("schedule")
	}
	return Compute(p, s.Today())
}

// Reached lists the milestone ref names and every milestone after it, in
// schedule order: what a change request that delays ref moves.
func (s *Service) Reached(ctx context.Context, ref string) ([]string, error) {
	p, err := s.Store.Plan(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Initialized() {
		return nil, notInitialized("cr.analyze")
	}
	m, err := p.ResolveMilestone(ref)
	if err != nil {
		return nil, err
	}
	return p.Downstream(m.ID)
}

// Downstream lists id and then every milestone that depends on it, directly
// or not, in plan order.
func (p *Plan) Downstream(id string) ([]string, error) {
	g, err := buildGraph(p.Milestones)
	if err != nil {
		return nil, err
	}
	start, ok := g.pos[id]
	if !ok {
		return nil, crmflow.Errorf(crmflow.ENOTFOUND, "there is no milestone %s", id).About(crmflow.KindMilestone.Noun, id)
	}
	reach := make([]bool, len(g.ms))
	reach[start] = true
	for _, i := range g.order {
		if reach[i] {
			for _, e := range g.succs[i] {
				reach[e.to] = true
			}
		}
	}
	out := []string{id}
	for i, m := range g.ms {
		if reach[i] && i != start {
			out = append(out, m.ID)
		}
	}
	return out, nil
}

// RiskInput is a risk as a person types it; nil fields stay as they are on edit.
type RiskInput struct {
	Text, Probability, Impact, Owner, Mitigation, Due, Status *string
}

func (in RiskInput) apply(r *Risk) error {
	var err error
	if in.Text != nil {
		r.Text = strings.TrimSpace(*in.Text)
	}
	if in.Probability != nil {
		if r.Probability, err = ParseLevel(*in.Probability); err != nil {
			return crmflow.Errorf(crmflow.EINVALID, "probability: %v", err)
		}
	}
	if in.Impact != nil {
		if r.Impact, err = ParseLevel(*in.Impact); err != nil {
			return crmflow.Errorf(crmflow.EINVALID, "impact: %v", err)
		}
	}
	if in.Owner != nil {
		r.Owner = strings.TrimSpace(*in.Owner)
	}
	if in.Mitigation != nil {
		r.Mitigation = strings.TrimSpace(*in.Mitigation)
	}
	if in.Due != nil {
		r.Due = 0
		if strings.TrimSpace(*in.Due) != "" {
			if r.Due, err = ParseDate(*in.Due); err != nil {
				return err
			}
		}
	}
	if in.Status != nil {
		if r.Status, err = ParseRiskStatus(*in.Status); err != nil {
			return err
		}
	}
	for what, v := range map[string]string{"risk": r.Text, "owner": r.Owner, "mitigation": r.Mitigation} {
		if err := checkText(what, v, 1000); err != nil {
			return err
		}
	}
	return r.Validate()
}

// AddRisk registers a risk.
func (s *Service) AddRisk(ctx context.Context, in RiskInput) (Risk, error) {
	const op = "risk.add"
	var out Risk
	err := s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		id, seq := p.NextRiskID()
		now := s.Clock.Now().Truncate(1e9)
		r := Risk{ID: id, Seq: seq, Status: RiskOpen, CreatedAt: now, UpdatedAt: now}
		if err := in.apply(&r); err != nil {
			return Mutation{}, inOp(err, op, "")
		}
		out = r
		return Mutation{Risks: []Risk{r}}, nil
	})
	return out, err
}

// EditRisk changes a risk.
func (s *Service) EditRisk(ctx context.Context, ref string, in RiskInput) (Risk, error) {
	const op = "risk.edit"
	var out Risk
	err := s.Store.Update(ctx, op, func(p *Plan) (Mutation, error) {
		id, ok := crmflow.KindRisk.NormalizeRef(ref)
		if !ok {
			return Mutation{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a risk ID like RISK-01", ref).In(op)
		}
		for _, r := range p.Risks {
			if r.ID == id {
				if err := in.apply(&r); err != nil {
					return Mutation{}, inOp(err, op, "")
				}
				r.UpdatedAt = s.Clock.Now().Truncate(1e9)
				out = r
				return Mutation{Risks: []Risk{r}}, nil
			}
		}
		return Mutation{}, crmflow.Errorf(crmflow.ENOTFOUND, "there is no risk %s", id).About(crmflow.KindRisk.Noun, id).In(op)
	})
	return out, err
}

// Plan returns the whole plan.
func (s *Service) Plan(ctx context.Context) (*Plan, error) { return s.Store.Plan(ctx) }
