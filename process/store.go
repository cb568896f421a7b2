package process

import "context"

// Store keeps process maps. Writes run in one transaction with their audit events.
type Store interface {
	// CreateMap assigns the next ID (PM-001 ...) and stores m.
	CreateMap(ctx context.Context, m *Map) error
	Map(ctx context.Context, id string) (Map, error)
	// Maps returns every map in ID order.
	Maps(ctx context.Context) ([]Map, error)
	// UpdateMap loads id, lets fn change it, and stores the result.
	UpdateMap(ctx context.Context, id string, fn func(*Map) error) (Map, error)
}
