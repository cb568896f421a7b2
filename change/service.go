package change

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/stakeholder"
)

// Suspect is a trace link a change made suspect: the item (a requirement,
// a process step PM-001#s3, a test) may no longer fit the changed requirement.
type Suspect struct {
	Req   string    `json:"req"`  // the requirement that changed
	Item  string    `json:"item"` // what traces to it
	Kind  string    `json:"kind"` // requirement, process-step, test
	CR    string    `json:"cr"`
	Since time.Time `json:"since"`
}

// Store keeps change requests.
type Store interface {
	// CreateRequest assigns the next ID (CR-001 ...) and stores r.
	CreateRequest(ctx context.Context, r *Request) error
	Request(ctx context.Context, id string) (Request, error)
	// Requests lists every change request in ID order.
	Requests(ctx context.Context) ([]Request, error)
	// UpdateRequest loads id, lets fn change it, and stores it; action names
	// the change in the audit log.
	UpdateRequest(ctx context.Context, id, action string, fn func(*Request) error) (Request, error)
	// ApplyRequest runs one write transaction: it reads request id, the
	// requirements its proposal changes or removes and their links, gives
	// them to plan, and writes the plan (see ApplyPlan) with the schedule
	// impact. The request records the baseline taken.
	ApplyRequest(ctx context.Context, id string, plan func(ApplyState) (ApplyPlan, error)) (Request, baseline.Baseline, error)
	// Suspects lists the suspect trace links.
	Suspects(ctx context.Context) ([]Suspect, error)
	// ClearSuspect removes the suspect mark between a and b (either way round)
	// and returns how many marks it removed.
	ClearSuspect(ctx context.Context, a, b string) (int, error)
}

// Service runs change control.
type Service struct {
	Store        Store
	Reqs         *requirements.Service
	Baselines    baseline.Store
	Stakeholders stakeholder.Store
	// StepsFor lists the process steps (PM-001#s3 with their labels) that
	// refer to a requirement.
	StepsFor func(ctx context.Context, reqID string) ([]StepRef, error)
	// MilestonesReached lists the milestone a change delays and every one after it.
	MilestonesReached func(ctx context.Context, ref string) ([]string, error)
	Actor             crmflow.Actor
	Clock             crmflow.Clock
}

// NewInput is a change request as its requester describes it.
type NewInput struct {
	Title, Reason, By string
	Reqs              []string // references
	Set               []string // field=value
	Add               []requirements.Requirement
	Remove            []string
}

// inBaseline refuses requirements a change request cannot be about.
func inBaseline(r requirements.Requirement) error {
	switch r.Status {
	case requirements.Frozen, requirements.Implemented, requirements.Verified:
		return nil
	case requirements.Rejected:
		return crmflow.Errorf(crmflow.EINVALID, "%s is rejected; a change request changes frozen requirements", r.ID).
			In("cr.new").About(crmflow.KindRequirement.Noun, r.ID).With("status", string(r.Status))
	}
	return crmflow.Errorf(crmflow.EINVALID, "%s is %s, not frozen; edit it directly", r.ID, r.Status).
		In("cr.new").About(crmflow.KindRequirement.Noun, r.ID).With("status", string(r.Status))
}

// New validates and records a change request.
func (s *Service) New(ctx context.Context, in NewInput) (Request, error) {
	r := Request{Title: strings.TrimSpace(in.Title), Reason: strings.TrimSpace(in.Reason), RequestedBy: strings.TrimSpace(in.By), State: Submitted}
	if r.RequestedBy == "" {
		r.RequestedBy = string(s.Actor)
	}
	if err := validateText("title", r.Title, 200, true); err != nil {
		return r, err
	}
	if err := validateText("reason", r.Reason, requirements.MaxTextLen, false); err != nil {
		return r, crmflow.Errorf(crmflow.EINVALID, "a change request needs its reason (%v)", err).In("cr.new").With("missing", "reason")
	}
	if len(in.Set) > 0 && len(in.Reqs) == 0 {
		return r, crmflow.Errorf(crmflow.EINVALID, "--set changes the requirements given with --req").In("cr.new").With("missing", "req")
	}
	if len(in.Reqs) > 0 && len(in.Set) == 0 {
		return r, crmflow.Errorf(crmflow.EINVALID, "--req names what to change; say how with --set field=value").In("cr.new").With("missing", "set")
	}
	if len(in.Set)+len(in.Add)+len(in.Remove) == 0 {
		return r, crmflow.Errorf(crmflow.EINVALID, "a change request proposes a change: give --req with --set, --add-req or --remove-req")
	}
	defs, err := s.Reqs.Store.FieldDefs(ctx)
	if err != nil {
		return r, err
	}
	cat, err := s.Reqs.Catalog(ctx)
	if err != nil {
		return r, err
	}
	patch, err := requirements.ParseAssignments(in.Set, defs)
	if err != nil {
		return r, err
	}
	r.Proposal = Proposal{Reqs: []string{}, Set: append([]string{}, in.Set...), Add: []requirements.Requirement{}, Remove: []string{}}
	seen := map[string]bool{}
	for _, group := range []struct {
		refs []string
		dst  *[]string
	}{{in.Reqs, &r.Proposal.Reqs}, {in.Remove, &r.Proposal.Remove}} {
		for _, ref := range group.refs {
			req, err := s.Reqs.Resolve(ctx, ref)
			if err != nil {
				return r, err
			}
			if err := inBaseline(req); err != nil {
				return r, err
			}
			if seen[req.ID] {
				return r, crmflow.Errorf(crmflow.EINVALID, "%s is named twice in this change request", req.ID)
			}
			seen[req.ID] = true
			*group.dst = append(*group.dst, req.ID)
			if group.dst == &r.Proposal.Reqs {
				// Try the change now, so a bad value is refused before anyone analyzes it.
				probe := req.Clone()
				if err := patch.Apply(&probe, cat, defs); err != nil {
					return r, crmflow.Errorf(crmflow.EINVALID, "%s: %v", req.ID, err)
				}
				orig := req.Clone()
				orig.Normalize()
				if reflect.DeepEqual(probe, orig) {
					return r, crmflow.Errorf(crmflow.EINVALID, "--set leaves %s as it is; nothing would change", req.ID)
				}
				if r.Base == nil {
					r.Base = map[string]map[string]json.RawMessage{}
				}
				r.Base[req.ID] = BaseOf(orig, probe)
			}
		}
	}
	for i, a := range in.Add {
		a.Status = requirements.Frozen
		a.Normalize()
		if err := a.Validate(); err != nil {
			return r, crmflow.Errorf(crmflow.EINVALID, "new requirement %d: %v", i+1, err)
		}
		if len(a.Criteria) == 0 {
			return r, crmflow.Errorf(crmflow.EINVALID, "new requirement %d (%s) has no acceptance criteria; a baselined requirement must be verifiable", i+1, a.Title)
		}
		r.Proposal.Add = append(r.Proposal.Add, a)
	}
	all, err := s.Baselines.Baselines(ctx)
	if err != nil {
		return r, err
	}
	r.Against = baseline.Latest(all)
	if r.Against == "" {
		return r, crmflow.Errorf(crmflow.EINVALID, "there is no baseline yet; until the freeze, requirements are edited directly").
			In("cr.new").With("missing", "baseline")
	}
	r.Events = []Event{{At: s.Clock.Now().Truncate(time.Second), Actor: string(s.Actor), By: r.RequestedBy, To: Submitted, Comment: r.Reason}}
	return r, s.Store.CreateRequest(ctx, &r)
}

// Resolve finds a change request by ID (CR-1, cr-001, 1) or title prefix.
func (s *Service) Resolve(ctx context.Context, ref string) (Request, error) {
	if id, ok := crmflow.KindChange.NormalizeRef(ref); ok {
		return s.Store.Request(ctx, id)
	}
	all, err := s.Store.Requests(ctx)
	if err != nil {
		return Request{}, err
	}
	var hits []Request
	for _, r := range all {
		if strings.HasPrefix(r.Title, strings.TrimSpace(ref)) {
			hits = append(hits, r)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return Request{}, crmflow.Errorf(crmflow.ENOTFOUND, "no change request %q", ref).About(crmflow.KindChange.Noun, "").With("ref", ref)
	}
	return Request{}, crmflow.Errorf(crmflow.EINVALID, "%q matches %d change requests; use the ID", ref, len(hits))
}

// AnalyzeInput is the assessor's estimate.
type AnalyzeInput struct {
	Effort, Schedule, Cost, Risk, Comment string
	Milestone                             string // the milestone the change delays ("" for none)
}

// Analyze computes what the change reaches — the changed and removed
// requirements, their children and linked requirements, the process steps
// and tests that trace to them — and records the estimate.
func (s *Service) Analyze(ctx context.Context, ref string, in AnalyzeInput) (Request, error) {
	cr, err := s.Resolve(ctx, ref)
	if err != nil {
		return cr, err
	}
	imp := Impact{Affected: []Affected{}, Steps: []StepRef{}, Tests: []string{}, Milestones: []string{}}
	if imp.EffortDays, err = ParseDays(in.Effort); err != nil {
		return cr, flagError("--effort", err)
	}
	imp.ScheduleDays = imp.EffortDays
	if in.Schedule != "" {
		if imp.ScheduleDays, err = ParseDays(in.Schedule); err != nil {
			return cr, flagError("--schedule", err)
		}
	}
	if in.Cost != "" {
		if imp.Cost, err = ParseCost(in.Cost); err != nil {
			return cr, flagError("--cost", err)
		}
	}
	if imp.Risk, err = ParseRisk(in.Risk); err != nil {
		return cr, crmflow.Errorf(crmflow.EINVALID, "--risk: %v", err)
	}
	if imp.Affected, err = s.affected(ctx, cr); err != nil {
		return cr, err
	}
	if s.StepsFor != nil {
		for _, a := range imp.Affected {
			steps, err := s.StepsFor(ctx, a.ID)
			if err != nil {
				return cr, err
			}
			imp.Steps = append(imp.Steps, steps...)
		}
	}
	if in.Milestone != "" {
		if s.MilestonesReached == nil {
			return cr, crmflow.Errorf(crmflow.EINVALID, "the project has no plan to place the change on")
		}
		if imp.Milestones, err = s.MilestonesReached(ctx, in.Milestone); err != nil {
			return cr, err
		}
		imp.Milestone = imp.Milestones[0]
	}
	imp.AnalyzedAt, imp.AnalyzedBy = s.Clock.Now().Truncate(time.Second), string(s.Actor)
	return s.Store.UpdateRequest(ctx, cr.ID, "analyze", func(r *Request) error {
		if err := r.Move(Analyzed, Event{At: imp.AnalyzedAt, Actor: string(s.Actor), Comment: in.Comment}); err != nil {
			return err
		}
		r.Impact = &imp
		return nil
	})
}

// affected walks the trace links out from the requirements the change touches.
// It reads only the links and titles of the requirements it reaches, so an
// analysis costs what the change touches, not the size of the register.
func (s *Service) affected(ctx context.Context, cr Request) ([]Affected, error) {
	out := []Affected{}
	seen := map[string]bool{}
	add := func(id, why string) bool {
		if seen[id] {
			return false
		}
		seen[id] = true
		out = append(out, Affected{ID: id, Why: why})
		return true
	}
	var queue []string
	for _, id := range cr.Proposal.Reqs {
		add(id, "changed")
		queue = append(queue, id)
	}
	for _, id := range cr.Proposal.Remove {
		add(id, "removed")
		queue = append(queue, id)
	}
	// Children inherit the change (transitively); other links are reported one step out.
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		links, err := s.Reqs.Store.Links(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			switch {
			case l.To == id && l.Kind == requirements.LinkParent:
				if add(l.From, "child of "+id) {
					queue = append(queue, l.From)
				}
			case l.To == id:
				add(l.From, string(l.Kind)+" "+id)
			case l.From == id && l.Kind == requirements.LinkRelatesTo:
				add(l.To, "relates-to "+id)
			}
		}
	}
	for i := range out {
		r, err := s.Reqs.Store.Requirement(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Title = r.Title
	}
	return out, nil
}

// Decide records an approver's decision: approved, rejected or deferred.
// Only a stakeholder who may approve can take it.
func (s *Service) Decide(ctx context.Context, ref string, to State, by, comment string) (Request, error) {
	cr, err := s.Resolve(ctx, ref)
	if err != nil {
		return cr, err
	}
	if strings.TrimSpace(by) == "" {
		return cr, crmflow.Errorf(crmflow.EINVALID, "say who decides with --by (a stakeholder who can approve)").In("cr.decide").With("missing", "by")
	}
	people, err := s.Stakeholders.Stakeholders(ctx)
	if err != nil {
		return cr, err
	}
	who, err := stakeholder.Require(people, by, stakeholder.Approve)
	if err != nil {
		return cr, err
	}
	return s.Store.UpdateRequest(ctx, cr.ID, string(to), func(r *Request) error {
		return r.Move(to, Event{At: s.Clock.Now().Truncate(time.Second), Actor: string(s.Actor), By: who.Name, Comment: comment})
	})
}

// Close closes an implemented change request.
func (s *Service) Close(ctx context.Context, ref, comment string) (Request, error) {
	cr, err := s.Resolve(ctx, ref)
	if err != nil {
		return cr, err
	}
	return s.Store.UpdateRequest(ctx, cr.ID, "close", func(r *Request) error {
		return r.Move(Closed, Event{At: s.Clock.Now().Truncate(time.Second), Actor: string(s.Actor), Comment: comment})
	})
}

// Apply carries out an approved change request: exactly its change set,
// then the next baseline, suspect trace links and the schedule impact.
func (s *Service) Apply(ctx context.Context, ref, comment string) (Request, baseline.Baseline, error) {
	cr, err := s.Resolve(ctx, ref)
	if err != nil {
		return cr, baseline.Baseline{}, err
	}
	defs, err := s.Reqs.Store.FieldDefs(ctx)
	if err != nil {
		return cr, baseline.Baseline{}, err
	}
	cat, err := s.Reqs.Catalog(ctx)
	if err != nil {
		return cr, baseline.Baseline{}, err
	}
	patch, err := requirements.ParseAssignments(cr.Proposal.Set, defs)
	if err != nil {
		return cr, baseline.Baseline{}, crmflow.Errorf(crmflow.EINVALID, "%s can no longer be applied: %v", cr.ID, err)
	}
	edit := func(r *requirements.Requirement) error {
		if err := patch.Apply(r, cat, defs); err != nil {
			return crmflow.Errorf(crmflow.EINVALID, "%s cannot apply to %s: %v", cr.ID, r.ID, err)
		}
		return nil
	}
	steps := map[string][]string{}
	if cr.State == Approved && s.StepsFor != nil {
		for _, id := range slices.Concat(cr.Proposal.Reqs, cr.Proposal.Remove) {
			found, err := s.StepsFor(ctx, id)
			if err != nil {
				return cr, baseline.Baseline{}, err
			}
			for _, st := range found {
				steps[id] = append(steps[id], st.Map+"#"+st.Step)
			}
		}
	}
	e := Event{At: s.Clock.Now().Truncate(time.Second), Actor: string(s.Actor), Comment: comment}
	return s.Store.ApplyRequest(ctx, cr.ID, func(st ApplyState) (ApplyPlan, error) { return PlanApply(st, e, edit, steps) })
}

// List returns the change requests, optionally only those in one state.
func (s *Service) List(ctx context.Context, state State) ([]Request, error) {
	all, err := s.Store.Requests(ctx)
	if err != nil || state == "" {
		return all, err
	}
	out := []Request{}
	for _, r := range all {
		if r.State == state {
			out = append(out, r)
		}
	}
	return out, nil
}

// flagError names the flag a value was given with, keeping the facts of the
// value's own error so a front end can say it in the project's language.
func flagError(flag string, err error) error {
	e := crmflow.Errorf(crmflow.EINVALID, "%s: %v", flag, err)
	var inner *crmflow.Error
	if errors.As(err, &inner) {
		for k, v := range inner.Facts {
			e = e.With(k, v)
		}
	}
	return e.With("field", flag)
}
