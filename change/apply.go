package change

import (
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/requirements"
)

// ApplyState is what the store reads, inside the transaction that applies a
// change request, for PlanApply to plan from.
type ApplyState struct {
	Request Request                             // as stored
	Reqs    map[string]requirements.Requirement // each requirement the proposal changes or removes, as it is
	Links   map[string][]requirements.Link      // the links from or to each of those requirements
	Tests   map[string][]string                 // the test cases (TC-001) that verify each of those requirements
	Applied []Request                           // the requests applied before, oldest first
}

// SuspectMark is one trace a change makes suspect: Item (a requirement, a
// process step PM-001#s3, a test case TC-001) traces to the changed requirement Req.
// Link is the requirement link to flag when Item is a requirement.
type SuspectMark struct {
	Req, Item string
	Link      *requirements.Link
}

// ApplyPlan is what applying a change request writes, in this order, in one
// transaction: the requirements it changes or removes, the new ones, the
// next baseline, the suspect marks, then the request itself.
type ApplyPlan struct {
	Request  Request                    // moved to implemented; the store records the baseline it takes
	Update   []requirements.Requirement // as they become; each written as its next revision
	Add      []requirements.Requirement // new requirements, frozen, without IDs yet
	Baseline baseline.Spec              // the next baseline, taken after the writes above
	Suspect  []SuspectMark
}

// PlanApply plans applying st.Request: it moves the request to implemented
// (event e), applies edit to each requirement the proposal changes (a changed
// requirement is built and verified again: back to frozen), rejects those it
// removes, adds the new ones frozen, takes the next baseline and marks suspect
// what traces to each changed or removed requirement, its test cases included
// (a passed case no longer proves the requirement as it now reads). steps maps a
// requirement ID to the process steps (PM-001#s3) that refer to it.
func PlanApply(st ApplyState, e Event, edit func(*requirements.Requirement) error, steps map[string][]string) (ApplyPlan, error) {
	cr := st.Request
	if err := cr.Move(Implemented, e); err != nil {
		return ApplyPlan{}, err
	}
	p := ApplyPlan{Request: cr, Update: []requirements.Requirement{}, Add: []requirements.Requirement{},
		Baseline: baseline.Spec{Note: cr.Title, CR: cr.ID}, Suspect: []SuspectMark{}}
	current := func(id string) (requirements.Requirement, error) {
		r, ok := st.Reqs[id]
		if !ok {
			return r, crmflow.Errorf(crmflow.ENOTFOUND, "requirement %s, which %s changes, does not exist", id, cr.ID).
				About("requirement", id).With("cr", cr.ID)
		}
		return r.Clone(), nil
	}
	for _, id := range cr.Proposal.Reqs {
		r, err := current(id)
		if err != nil {
			return ApplyPlan{}, err
		}
		if err := CheckBase(cr, r, st.Applied); err != nil {
			return ApplyPlan{}, err
		}
		if err := edit(&r); err != nil {
			return ApplyPlan{}, err
		}
		if r.Status == requirements.Implemented || r.Status == requirements.Verified {
			r.Status = requirements.Frozen
		}
		p.Update = append(p.Update, r)
	}
	for _, id := range cr.Proposal.Remove {
		r, err := current(id)
		if err != nil {
			return ApplyPlan{}, err
		}
		r.Status = requirements.Rejected
		p.Update = append(p.Update, r)
	}
	for _, a := range cr.Proposal.Add {
		r := a.Clone()
		r.Status = requirements.Frozen
		if r.Source == "" {
			r.Source = cr.ID
		}
		p.Add = append(p.Add, r)
	}
	for _, id := range slices.Concat(cr.Proposal.Reqs, cr.Proposal.Remove) {
		p.Suspect = append(p.Suspect, SuspectsOf(id, st.Links[id], steps[id])...)
		p.Suspect = append(p.Suspect, TestSuspectsOf(id, st.Tests[id])...)
	}
	return p, nil
}

// SuspectsOf lists what a change to requirement id makes suspect: the
// requirements that depend on it (its children, those derived from it, and
// those related to it either way) and the process steps that refer to it.
// links are the links from or to id; others are ignored.
func SuspectsOf(id string, links []requirements.Link, steps []string) []SuspectMark {
	out := []SuspectMark{}
	for _, l := range links {
		var other string
		switch {
		case l.To == id:
			other = l.From
		case l.From == id && l.Kind == requirements.LinkRelatesTo:
			other = l.To
		default:
			continue // id depends on l.To: a change to id does not reach it
		}
		link := l
		out = append(out, SuspectMark{Req: id, Item: other, Link: &link})
	}
	for _, s := range steps {
		out = append(out, SuspectMark{Req: id, Item: s})
	}
	return out
}

// TestSuspectsOf lists the test cases a change to requirement id makes
// suspect: every case that verifies it. Anything in tests that is not a test
// case ID is not a test case and is left alone.
func TestSuspectsOf(id string, tests []string) []SuspectMark {
	out := []SuspectMark{}
	for _, tc := range tests {
		if k, _, ok := crmflow.KindOf(tc); !ok || k != crmflow.KindTestCase {
			continue
		}
		out = append(out, SuspectMark{Req: id, Item: tc})
	}
	return out
}

// SuspectKind names what a suspect item is: requirement, process-step, test
// or other.
func SuspectKind(item string) string {
	id, _, _ := strings.Cut(item, "#")
	k, _, ok := crmflow.KindOf(id)
	switch {
	case !ok:
		return "other"
	case k == crmflow.KindRequirement:
		return "requirement"
	case k == crmflow.KindProcessMap:
		return "process-step"
	case k == crmflow.KindTestCase:
		return "test"
	}
	return "other"
}
