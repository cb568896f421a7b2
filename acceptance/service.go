package acceptance

import (
	"context"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/requirements"
)

// Store keeps test cases, rounds, results and defects. Every method that
// writes runs in one transaction and appends its audit events in it; the
// callbacks run inside it.
type Store interface {
	// CreateCases assigns IDs (TC-001 ...) and stores all of cs, or none.
	CreateCases(ctx context.Context, cs []*TestCase) error
	Case(ctx context.Context, id string) (TestCase, error)
	// Cases lists every test case in ID order.
	Cases(ctx context.Context) ([]TestCase, error)
	// CaseSummaries is Cases with only ID, Req and Title set: what coverage
	// and the trace matrix read.
	CaseSummaries(ctx context.Context) ([]TestCase, error)
	// UpdateCase loads id, lets fn change it and stores it.
	UpdateCase(ctx context.Context, id string, fn func(*TestCase) error) (TestCase, error)

	// CreateRound assigns the next ID (UAT-1 ...) and stores r.
	CreateRound(ctx context.Context, r *Round) error
	Round(ctx context.Context, id string) (Round, error)
	Rounds(ctx context.Context) ([]Round, error)

	// Executions lists the results of a round, every round's when round is "".
	Executions(ctx context.Context, round string) ([]Execution, error)
	// ResultSummaries lists every round's results with only Round, Case,
	// Result and RecordedAt set.
	ResultSummaries(ctx context.Context) ([]Execution, error)
	// ApplyResults lets plan compute, from the round's current results and
	// the existing defects, the results to record, then records them (opening
	// the new defects they describe) in the same transaction.
	ApplyResults(ctx context.Context, round string, plan func(current map[string]Execution, defects map[string]Defect) (ResultPlan, error)) (ResultPlan, error)

	// CreateDefect assigns the next ID (DEF-001 ...) and stores d.
	CreateDefect(ctx context.Context, d *Defect) error
	Defect(ctx context.Context, id string) (Defect, error)
	Defects(ctx context.Context) ([]Defect, error)
	// UpdateDefect loads id, lets fn change it and stores it; action names
	// the change in the audit log.
	UpdateDefect(ctx context.Context, id, action string, fn func(*Defect) error) (Defect, error)
}

// Signature is one row of an acceptance report's signature section: the
// sign-off capability fills it; an empty list prints blank lines to sign on.
type Signature struct {
	Role     string `json:"role"`    // 客户方项目负责人
	Name     string `json:"name"`    // printed name
	Meaning  string `json:"meaning"` // 验收通过
	SignedAt string `json:"signed_at"`
	Note     string `json:"note"` // e.g. the signature's fingerprint
}

// Service holds acceptance's rules.
type Service struct {
	Store     Store
	Baselines baseline.Store
	Reqs      *requirements.Service
	Clock     crmflow.Clock
	Actor     crmflow.Actor
	// Signatures, when set (by the sign-off capability), lists the
	// signatures the acceptance report of a round prints.
	Signatures func(ctx context.Context, round Round) ([]Signature, error)
}

// ResolveBaseline returns the named baseline, or the newest when name is "".
func (s *Service) ResolveBaseline(ctx context.Context, name string) (baseline.Baseline, error) {
	if name != "" {
		return s.Baselines.Baseline(ctx, name)
	}
	all, err := s.Baselines.Baselines(ctx)
	if err != nil {
		return baseline.Baseline{}, err
	}
	if len(all) == 0 {
		return baseline.Baseline{}, crmflow.Errorf(crmflow.ENOTFOUND, "there is no baseline yet: acceptance tests check frozen requirements").
			In("acceptance").About("baseline", "")
	}
	return all[len(all)-1], nil
}

// BaselineReqs returns the requirements a baseline holds.
func (s *Service) BaselineReqs(ctx context.Context, name string) ([]Req, error) {
	items, err := s.Baselines.Items(ctx, name)
	if err != nil {
		return nil, err
	}
	return ReqsOf(items)
}

// Generate adds one test case per acceptance criterion of the baseline's
// requirements that has none yet.
func (s *Service) Generate(ctx context.Context, bl string, lang crmflow.Lang) (baseline.Baseline, []TestCase, error) {
	b, err := s.ResolveBaseline(ctx, bl)
	if err != nil {
		return b, nil, err
	}
	reqs, err := s.BaselineReqs(ctx, b.Name)
	if err != nil {
		return b, nil, err
	}
	existing, err := s.Store.Cases(ctx)
	if err != nil {
		return b, nil, err
	}
	made := Generate(b.Name, reqs, existing, lang)
	ptrs := make([]*TestCase, len(made))
	for i := range made {
		if err := made[i].Validate(); err != nil {
			return b, nil, err
		}
		ptrs[i] = &made[i]
	}
	if len(ptrs) > 0 {
		if err := s.Store.CreateCases(ctx, ptrs); err != nil {
			return b, nil, err
		}
	}
	return b, made, nil
}

// AddCase adds a test case written by hand for a requirement of the newest
// baseline that holds it.
func (s *Service) AddCase(ctx context.Context, c TestCase) (TestCase, error) {
	r, err := s.Reqs.Resolve(ctx, c.Req)
	if err != nil {
		return c, err
	}
	c.Req = r.ID
	bl, err := s.Baselines.Containing(ctx, r.ID)
	if err != nil {
		return c, err
	}
	if bl == "" {
		return c, crmflow.Errorf(crmflow.EINVALID, "%s is in no baseline: acceptance tests check frozen requirements", r.ID).
			In("tc.add").About(crmflow.KindRequirement.Noun, r.ID).With("status", string(r.Status))
	}
	c.Baseline, c.Criterion = bl, ""
	if err := c.Validate(); err != nil {
		return c, err
	}
	if err := s.Store.CreateCases(ctx, []*TestCase{&c}); err != nil {
		return c, err
	}
	return c, nil
}

// CasePatch is an edit of a test case; nil fields stay.
type CasePatch struct {
	Title, Preconditions, Steps, Expected *string
}

// EditCase changes a test case's text.
func (s *Service) EditCase(ctx context.Context, ref string, p CasePatch) (TestCase, error) {
	id, err := s.caseID(ref)
	if err != nil {
		return TestCase{}, err
	}
	return s.Store.UpdateCase(ctx, id, func(c *TestCase) error {
		for _, f := range []struct {
			dst *string
			src *string
		}{{&c.Title, p.Title}, {&c.Preconditions, p.Preconditions}, {&c.Steps, p.Steps}, {&c.Expected, p.Expected}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		return c.Validate()
	})
}

func (s *Service) caseID(ref string) (string, error) {
	id, ok := crmflow.KindTestCase.NormalizeRef(ref)
	if !ok {
		return "", crmflow.Errorf(crmflow.EINVALID, "%q is not a test case ID (TC-001)", ref).About(crmflow.KindTestCase.Noun, ref)
	}
	return id, nil
}

// Case finds a test case by ID (TC-012, 12).
func (s *Service) Case(ctx context.Context, ref string) (TestCase, error) {
	id, err := s.caseID(ref)
	if err != nil {
		return TestCase{}, err
	}
	return s.Store.Case(ctx, id)
}

// NewRound opens a UAT round on a baseline (the newest when none is named).
func (s *Service) NewRound(ctx context.Context, r Round) (Round, error) {
	b, err := s.ResolveBaseline(ctx, r.Baseline)
	if err != nil {
		return r, err
	}
	r.Baseline = b.Name
	if err := r.Validate(); err != nil {
		return r, err
	}
	return r, s.Store.CreateRound(ctx, &r)
}

// Round finds a round by ID (UAT-1, 1).
func (s *Service) Round(ctx context.Context, ref string) (Round, error) {
	id, ok := crmflow.KindUAT.NormalizeRef(ref)
	if !ok {
		return Round{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a UAT round ID (UAT-1)", ref).About(crmflow.KindUAT.Noun, ref)
	}
	return s.Store.Round(ctx, id)
}

// Scope returns the round's test cases (those of the requirements of its
// baseline) and the baseline's requirements.
func (s *Service) Scope(ctx context.Context, r Round) ([]TestCase, []Req, error) {
	reqs, err := s.BaselineReqs(ctx, r.Baseline)
	if err != nil {
		return nil, nil, err
	}
	all, err := s.Store.Cases(ctx)
	if err != nil {
		return nil, nil, err
	}
	in := FPIndex(reqs)
	cases := make([]TestCase, 0, len(all))
	for _, c := range all {
		if _, ok := in[c.Req]; ok {
			cases = append(cases, c)
		}
	}
	return cases, reqs, nil
}

// currentFP is the fingerprint of every requirement in the newest baseline.
func (s *Service) currentFP(ctx context.Context) (map[string]string, error) {
	b, err := s.ResolveBaseline(ctx, "")
	if err != nil {
		return nil, err
	}
	reqs, err := s.BaselineReqs(ctx, b.Name)
	if err != nil {
		return nil, err
	}
	return FPIndex(reqs), nil
}

// Status computes where a round stands.
func (s *Service) Status(ctx context.Context, ref string) (RoundStatus, error) {
	r, err := s.Round(ctx, ref)
	if err != nil {
		return RoundStatus{}, err
	}
	cases, reqs, err := s.Scope(ctx, r)
	if err != nil {
		return RoundStatus{}, err
	}
	cur, err := s.currentFP(ctx)
	if err != nil {
		return RoundStatus{}, err
	}
	execs, err := s.Store.Executions(ctx, r.ID)
	if err != nil {
		return RoundStatus{}, err
	}
	return Status(r, reqs, cur, cases, execs), nil
}

// ImportResults checks rows read from a returned workbook and, unless dryRun,
// records them in one transaction; problems come back as one error naming
// file, sheet, row and column of each. Requirements whose tests then all
// passed on their current content move to verified.
func (s *Service) ImportResults(ctx context.Context, ref, file, sheet string, rows []SheetRow, dryRun bool) (ResultPlan, []string, error) {
	r, err := s.Round(ctx, ref)
	if err != nil {
		return ResultPlan{}, nil, err
	}
	cases, _, err := s.Scope(ctx, r)
	if err != nil {
		return ResultPlan{}, nil, err
	}
	scope := make(map[string]TestCase, len(cases))
	for _, c := range cases {
		scope[c.ID] = c
	}
	today := s.Clock.Now().Format("2006-01-02")
	compute := func(current map[string]Execution, defects map[string]Defect) (ResultPlan, error) {
		plan, errs := PlanImport(r, scope, current, defects, rows, today)
		for i := range errs {
			errs[i].File, errs[i].Sheet = file, sheet
		}
		if len(errs) > 0 {
			return plan, ImportErrors(errs)
		}
		return plan, nil
	}
	if dryRun {
		execs, err := s.Store.Executions(ctx, r.ID)
		if err != nil {
			return ResultPlan{}, nil, err
		}
		cur := make(map[string]Execution, len(execs))
		for _, x := range execs {
			cur[x.Case] = x
		}
		defs, err := s.defectMap(ctx)
		if err != nil {
			return ResultPlan{}, nil, err
		}
		plan, err := compute(cur, defs)
		return plan, nil, err
	}
	plan, err := s.Store.ApplyResults(ctx, r.ID, compute)
	if err != nil {
		return plan, nil, err
	}
	verified, err := s.VerifyPassed(ctx, r.ID)
	return plan, verified, err
}

func (s *Service) defectMap(ctx context.Context) (map[string]Defect, error) {
	all, err := s.Store.Defects(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]Defect, len(all))
	for _, d := range all {
		m[d.ID] = d
	}
	return m, nil
}

// VerifyPassed moves to verified every requirement whose tests all passed in
// the round on its current content, through the requirement service so that
// the lifecycle holds: a frozen requirement whose acceptance tests pass has
// been built, so it moves through implemented. It returns the IDs moved.
func (s *Service) VerifyPassed(ctx context.Context, ref string) ([]string, error) {
	st, err := s.Status(ctx, ref)
	if err != nil {
		return nil, err
	}
	moved := []string{}
	for _, id := range st.Verified {
		r, err := s.Reqs.Store.Requirement(ctx, id)
		if err != nil {
			return moved, err
		}
		if r.Status == requirements.Frozen {
			if r, err = s.Reqs.SetStatus(ctx, id, requirements.Implemented); err != nil {
				return moved, err
			}
		}
		if r.Status != requirements.Implemented {
			continue // verified already, or left the lifecycle
		}
		if _, err := s.Reqs.SetStatus(ctx, id, requirements.Verified); err != nil {
			return moved, err
		}
		moved = append(moved, id)
	}
	return moved, nil
}

// DefectInput is a defect as a person reports it.
type DefectInput struct {
	Case, Round, Title, Severity, Owner, Due string
}

// AddDefect records a defect found by a test case.
func (s *Service) AddDefect(ctx context.Context, in DefectInput) (Defect, error) {
	c, err := s.Case(ctx, in.Case)
	if err != nil {
		return Defect{}, err
	}
	sev, err := ParseSeverity(in.Severity)
	if err != nil {
		return Defect{}, err
	}
	d := Defect{Case: c.ID, Req: c.Req, Title: in.Title, Severity: sev, State: Open, Owner: in.Owner, Due: strings.TrimSpace(in.Due),
		History: []DefectChange{}}
	if in.Round != "" {
		r, err := s.Round(ctx, in.Round)
		if err != nil {
			return d, err
		}
		d.Round = r.ID
	}
	if d.Due != "" {
		due, ok := ParseDate(d.Due)
		if !ok {
			_, err := crmflow.ParseDate(d.Due)
			if err == nil { // a form only the workbook reader takes (2026年11月26日)
				err = crmflow.Errorf(crmflow.EINVALID, "%q is not a date: write it YYYY-MM-DD, e.g. 2026-11-25", d.Due)
			}
			return d, err
		}
		d.Due = due
	}
	if err := d.Validate(); err != nil {
		return d, err
	}
	return d, s.Store.CreateDefect(ctx, &d)
}

// Defect finds a defect by ID (DEF-003, 3).
func (s *Service) Defect(ctx context.Context, ref string) (Defect, error) {
	id, ok := crmflow.KindDefect.NormalizeRef(ref)
	if !ok {
		return Defect{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a defect ID (DEF-001)", ref).About(crmflow.KindDefect.Noun, ref)
	}
	return s.Store.Defect(ctx, id)
}

// MoveDefect moves a defect to a new state (fixed, verified, closed, open).
func (s *Service) MoveDefect(ctx context.Context, ref string, to DefectState, comment string) (Defect, error) {
	d, err := s.Defect(ctx, ref)
	if err != nil {
		return d, err
	}
	return s.Store.UpdateDefect(ctx, d.ID, string(to), func(d *Defect) error {
		return d.Move(to, s.Clock.Now(), string(s.Actor), comment)
	})
}

// Evidence gathers what coverage and the trace matrix read, against a
// baseline (the newest when bl is "").
func (s *Service) Evidence(ctx context.Context, bl string) (*Evidence, error) {
	b, err := s.ResolveBaseline(ctx, bl)
	if err != nil {
		return nil, err
	}
	ev := &Evidence{Baseline: b.Name, RoundFP: map[string]map[string]string{}}
	if ev.Reqs, err = s.BaselineReqs(ctx, b.Name); err != nil {
		return nil, err
	}
	if ev.Cases, err = s.Store.CaseSummaries(ctx); err != nil {
		return nil, err
	}
	if ev.Rounds, err = s.Store.Rounds(ctx); err != nil {
		return nil, err
	}
	if ev.Executions, err = s.Store.ResultSummaries(ctx); err != nil {
		return nil, err
	}
	ev.RoundFP[b.Name] = FPIndex(ev.Reqs)
	for _, r := range ev.Rounds {
		if _, ok := ev.RoundFP[r.Baseline]; ok {
			continue
		}
		reqs, err := s.BaselineReqs(ctx, r.Baseline)
		if err != nil {
			return nil, err
		}
		ev.RoundFP[r.Baseline] = FPIndex(reqs)
	}
	return ev, nil
}

// Assess gives the round's verdict under the default rule.
func (s *Service) Assess(ctx context.Context, ref string) (RoundStatus, Assessment, []Defect, error) {
	st, err := s.Status(ctx, ref)
	if err != nil {
		return st, Assessment{}, nil, err
	}
	defs, err := s.Store.Defects(ctx)
	if err != nil {
		return st, Assessment{}, nil, err
	}
	return st, Assess(st, defs), defs, nil
}
