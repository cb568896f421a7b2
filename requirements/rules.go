package requirements

import "github.com/crmflow/crmflow"

// The register's rules that every path (add, edit, import, meeting, status
// change) must hold, each in one place. Stores call none of them: services
// and plans do, inside the store's transaction callbacks where it matters.

// entity is the Error entity of a requirement.
const entity = "requirement"

// CheckVerifiable refuses a requirement that would become confirmed without
// acceptance criteria: a requirement is confirmed only when it can be
// verified. before is the requirement as it was (nil for a new one). One that
// was already confirmed without criteria (recorded before the rule held on
// every path) may still be edited otherwise.
func CheckVerifiable(before, after *Requirement) error {
	if after.Status != Confirmed || len(after.Criteria) > 0 {
		return nil
	}
	if before != nil && before.Status == Confirmed && len(before.Criteria) == 0 {
		return nil
	}
	if after.ID == "" {
		return crmflow.Errorf(crmflow.EINVALID, "a confirmed requirement needs acceptance criteria; %q has none", after.Title).
			About(entity, "").With("status", string(Confirmed)).With("missing", "criteria")
	}
	return crmflow.Errorf(crmflow.EINVALID, "%s has no acceptance criteria; a requirement is confirmed only when it can be verified", after.ID).
		About(entity, after.ID).With("status", string(Confirmed)).With("missing", "criteria")
}

// CheckRemovable refuses removing a requirement that is not a draft or that is
// another requirement's parent; links are the links from or to r. Every path
// that deletes (req rm, import --delete-missing) calls it inside the store's
// transaction.
func CheckRemovable(r Requirement, links []Link) error {
	if r.Status != Draft {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s is %s; only drafts can be removed", r.ID, r.Status).
			In("req.remove").About(entity, r.ID).With("status", string(r.Status))
	}
	for _, l := range links {
		if l.To == r.ID && l.Kind == LinkParent {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s is the parent of %s; it cannot be removed while %s depends on it", r.ID, l.From, l.From).
				In("req.remove").About(entity, r.ID).With("child", l.From)
		}
	}
	return nil
}
