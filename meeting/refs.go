package meeting

import (
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
)

// ExpandRefs turns a meeting's requirement references into IDs. A range
// (REQ-001..REQ-020) covers the requirements that exist in it, since removed
// drafts leave gaps in the numbering, and must cover at least one; any other
// reference goes to resolve.
func ExpandRefs(refs []string, exists func(id string) bool, resolve func(ref string) (string, error)) ([]string, error) {
	var out []string
	for _, ref := range refs {
		if !strings.Contains(ref, "..") {
			id, err := resolve(ref)
			if err != nil {
				return nil, err
			}
			out = append(out, id)
			continue
		}
		ids, err := ExpandRange(ref, nil)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, id := range ids {
			if exists(id) {
				out = append(out, id)
				n++
			}
		}
		if n == 0 {
			return nil, crmflow.Errorf(crmflow.ENOTFOUND, "no requirement exists in %s", ref).About("requirement", ref)
		}
	}
	return out, nil
}

// Refs are the references one outcome was given (--confirm REQ-001..REQ-013),
// each with the IDs it expanded to.
type Refs struct {
	Outcome Outcome
	Refs    []string
	IDs     [][]string // per reference
}

// Override is a requirement a range covered that an explicit reference
// decided otherwise: the explicit decision wins.
type Override struct {
	Req       string  `json:"req"`
	Outcome   Outcome `json:"outcome"`    // the explicit decision, which holds
	Range     string  `json:"range"`      // REQ-001..REQ-013
	RangeWant Outcome `json:"range_said"` // what the range would have decided
}

// Decide turns each outcome's references into one decision per requirement.
// A requirement named on its own wins over a range that covers it under
// another outcome (--confirm REQ-001..REQ-013 --defer REQ-010 defers REQ-010)
// and is reported as an Override. Named on its own twice, or covered by
// ranges of two outcomes, it is decided twice: an error.
func Decide(groups []Refs) ([]Decision, []Override, error) {
	explicit := map[string]Outcome{}
	for _, g := range groups {
		for i, ref := range g.Refs {
			if strings.Contains(ref, "..") {
				continue
			}
			for _, id := range g.IDs[i] {
				if prev, dup := explicit[id]; dup && prev != g.Outcome {
					return nil, nil, crmflow.Errorf(crmflow.EINVALID, "%s is decided twice (%s and %s)", id, prev, g.Outcome)
				}
				explicit[id] = g.Outcome
			}
		}
	}
	ranged := map[string]Outcome{}
	rangeOf := map[string]string{}
	var overrides []Override
	for _, g := range groups {
		for i, ref := range g.Refs {
			if !strings.Contains(ref, "..") {
				continue
			}
			for _, id := range g.IDs[i] {
				if o, ok := explicit[id]; ok {
					if o != g.Outcome {
						overrides = append(overrides, Override{Req: id, Outcome: o, Range: ref, RangeWant: g.Outcome})
					}
					continue
				}
				if prev, dup := ranged[id]; dup && prev != g.Outcome {
					return nil, nil, crmflow.Errorf(crmflow.EINVALID, "%s is decided twice (%s by %s and %s by %s); name it on its own to decide it",
						id, prev, rangeOf[id], g.Outcome, ref)
				}
				ranged[id], rangeOf[id] = g.Outcome, ref
			}
		}
	}
	var out []Decision
	for id, o := range explicit {
		out = append(out, Decision{Req: id, Outcome: o})
	}
	for id, o := range ranged {
		out = append(out, Decision{Req: id, Outcome: o})
	}
	slices.SortFunc(out, func(a, b Decision) int { return strings.Compare(a.Req, b.Req) })
	slices.SortFunc(overrides, func(a, b Override) int { return strings.Compare(a.Req, b.Req) })
	return out, overrides, nil
}
