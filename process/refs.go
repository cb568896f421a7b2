package process

import (
	"context"

	"github.com/crmflow/crmflow"
)

// RefRule is what counts as a valid reference from a process step: the ID of
// a requirement or of a finding that exists. The lookups answer whether an
// item with a normalized ID exists; the result is a Service's RefExists.
func RefRule(requirement, finding func(ctx context.Context, id string) bool) func(ctx context.Context, ref string) bool {
	return func(ctx context.Context, ref string) bool {
		if id, ok := crmflow.KindRequirement.Normalize(ref); ok {
			return requirement(ctx, id)
		}
		if id, ok := crmflow.KindFinding.Normalize(ref); ok {
			return finding(ctx, id)
		}
		return false
	}
}
