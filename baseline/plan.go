package baseline

import (
	"context"
	"slices"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// The freeze and baseline policy: which requirements a freeze takes, which
// ones a baseline holds and what the next baseline is called. The store reads
// the requirements inside its transaction, these functions plan, and the
// store writes the plan.

// MemberStatuses are the statuses a baseline holds: frozen and beyond. A
// confirmed requirement enters by the freeze that takes the baseline;
// rejected and deferred ones are out.
var MemberStatuses = []requirements.Status{requirements.Frozen, requirements.Implemented, requirements.Verified}

// Member reports whether a requirement in status s belongs in a new baseline.
func Member(s requirements.Status) bool { return slices.Contains(MemberStatuses, s) }

// Spec says which baseline to take: its name ("" for the next after the
// newest), its note and the change request that makes it ("" for a freeze).
type Spec struct {
	Name, Note, CR string
}

// Contents is what a baseline is taken of, as the store reads it inside the
// transaction that takes it.
type Contents struct {
	Existing []string                   // the names of the baselines there are, oldest first
	Reqs     []requirements.Requirement // in ID order; those not Member are left out
	Links    []requirements.Link        // the links from them (others are ignored)
}

// Snapshot is a baseline ready to store: the record (the store stamps
// CreatedAt and CreatedBy) and its canonical items with their requirement IDs.
type Snapshot struct {
	Baseline Baseline
	IDs      []string
	Items    [][]byte
}

// Take makes the baseline sp names of every member of c. Baselines are never
// replaced: a name already taken is refused.
func (sp Spec) Take(c Contents) (Snapshot, error) {
	last := ""
	if len(c.Existing) > 0 {
		last = c.Existing[len(c.Existing)-1]
	}
	name := sp.Name
	if name == "" {
		name = NextName(last)
	}
	if err := ValidName(name); err != nil {
		return Snapshot{}, err
	}
	if slices.Contains(c.Existing, name) {
		return Snapshot{}, crmflow.Errorf(crmflow.ECONFLICT, "baseline %s already exists; baselines are never replaced", name).
			In("freeze").About("baseline", name).With("next", NextName(last))
	}
	from := map[string][]requirements.Link{}
	for _, l := range c.Links {
		from[l.From] = append(from[l.From], l)
	}
	s := Snapshot{IDs: []string{}, Items: [][]byte{}}
	for _, r := range c.Reqs {
		if !Member(r.Status) {
			continue
		}
		s.IDs = append(s.IDs, r.ID)
		s.Items = append(s.Items, Canonical(ItemOf(r, from[r.ID])))
	}
	s.Baseline = Baseline{Name: name, Note: sp.Note, CR: sp.CR, Hash: Hash(name, s.Items), Count: len(s.Items)}
	return s, nil
}

// FreezePlan is what a freeze writes: the requirements it moves to frozen,
// then the baseline Spec takes of the requirements as they are after.
type FreezePlan struct {
	Frozen   []requirements.Requirement // as they become; the store writes each as its next revision
	Baseline Spec
}

// PlanFreeze plans the freeze named name of reqs (every requirement, as the
// store reads it inside the transaction): every confirmed requirement moves
// to frozen. A freeze with nothing confirmed is refused.
func PlanFreeze(name, note string, reqs []requirements.Requirement) (FreezePlan, error) {
	if name != "" {
		if err := ValidName(name); err != nil {
			return FreezePlan{}, err
		}
	}
	p := FreezePlan{Frozen: []requirements.Requirement{}, Baseline: Spec{Name: name, Note: note}}
	for _, r := range reqs {
		if r.Status != requirements.Confirmed {
			continue
		}
		f := r.Clone()
		if err := requirements.MoveTo(&f, requirements.Frozen); err != nil {
			return FreezePlan{}, err
		}
		p.Frozen = append(p.Frozen, f)
	}
	if len(p.Frozen) == 0 {
		return FreezePlan{}, crmflow.Errorf(crmflow.EINVALID, "nothing to freeze: no requirement is confirmed").
			In("freeze").About("baseline", name).With("missing", "confirmed")
	}
	return p, nil
}

// Service takes baselines.
type Service struct {
	Store Store
}

// Freeze moves every confirmed requirement to frozen and takes the baseline
// name ("" for the next after the newest), in one transaction.
func (s *Service) Freeze(ctx context.Context, name, note string) (Baseline, error) {
	if name != "" {
		if err := ValidName(name); err != nil {
			return Baseline{}, err
		}
	}
	return s.Store.ApplyFreeze(ctx, func(reqs []requirements.Requirement) (FreezePlan, error) {
		return PlanFreeze(name, note, reqs)
	})
}
