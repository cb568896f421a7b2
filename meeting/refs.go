package meeting

import (
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
