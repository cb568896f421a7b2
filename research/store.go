package research

import "context"

// Store keeps interviews, findings and competitors. Every write runs in one
// transaction with its audit event; IDs are allocated inside it.
type Store interface {
	// CreateInterview assigns the next ID (INT-001 ...) and stores iv.
	CreateInterview(ctx context.Context, iv *Interview) error
	// Interview returns one interview; ENOTFOUND when there is none.
	Interview(ctx context.Context, id string) (Interview, error)
	// Interviews returns every interview in ID order.
	Interviews(ctx context.Context) ([]Interview, error)

	// CreateFinding assigns the next ID (F-001 ...) and stores f. A finding
	// naming an interview that does not exist is refused with ENOTFOUND.
	CreateFinding(ctx context.Context, f *Finding) error
	// Finding returns one finding; ENOTFOUND when there is none.
	Finding(ctx context.Context, id string) (Finding, error)
	// Findings returns every finding in ID order.
	Findings(ctx context.Context) ([]Finding, error)

	// CreateCompetitor stores a new competitor; ECONFLICT when the name is taken.
	CreateCompetitor(ctx context.Context, c *Competitor) error
	// UpdateCompetitor loads a competitor by its exact name, lets fn change
	// its fields (not its features), and stores the result.
	UpdateCompetitor(ctx context.Context, name string, fn func(*Competitor) error) (Competitor, error)
	// Competitors returns every competitor, with its features, in the order added.
	Competitors(ctx context.Context) ([]Competitor, error)
	// SetFeature stores one cell of the feature matrix for the competitor with
	// this exact name, replacing the cell it had for that feature.
	SetFeature(ctx context.Context, competitor string, f Feature) error
}
