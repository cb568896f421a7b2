package demo

import (
	"context"
	"embed"
	"fmt"

	"github.com/crmflow/crmflow/process"
)

//go:embed flows/*.flow
var flows embed.FS

// seedFlows are the 快消 visit process as it is (paper routes, Excel visit log,
// monthly consolidation, lost records) and as it should be (mobile check-in,
// real-time manager view), in the order they become PM-001 and PM-002.
var seedFlows = []string{"flows/visits-asis.flow", "flows/visits-tobe.flow"}

// SeedProcesses adds the demo's process maps. Run it after Seed: the maps
// reference the requirements Seed creates.
func SeedProcesses(ctx context.Context, svc *process.Service) ([]process.Map, error) {
	var out []process.Map
	for _, name := range seedFlows {
		src, err := flows.ReadFile(name)
		if err != nil {
			return nil, err
		}
		m, err := svc.Add(ctx, name, src)
		if err != nil {
			return nil, fmt.Errorf("demo seed: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}
