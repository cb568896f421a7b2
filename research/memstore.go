package research

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/crmflow/crmflow"
)

// MemStore is a Store in memory, for tests and for trying the rules without a
// database. It allocates IDs like the real store and copies values in and out.
type MemStore struct {
	mu          sync.Mutex
	Now         time.Time
	interviews  []Interview
	findings    []Finding
	competitors []Competitor
	Writes      int // successful write calls
}

var _ Store = (*MemStore)(nil)

// CreateInterview implements Store.
func (m *MemStore) CreateInterview(_ context.Context, iv *Interview) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	iv.ID, iv.CreatedAt = crmflow.KindInterview.Format(len(m.interviews)+1), m.Now
	m.interviews = append(m.interviews, *iv)
	m.Writes++
	return nil
}

// Interview implements Store.
func (m *MemStore) Interview(_ context.Context, id string) (Interview, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, iv := range m.interviews {
		if iv.ID == id {
			return iv, nil
		}
	}
	return Interview{}, crmflow.Errorf(crmflow.ENOTFOUND, "interview %s does not exist", id)
}

// Interviews implements Store.
func (m *MemStore) Interviews(context.Context) ([]Interview, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Interview{}, m.interviews...), nil
}

// CreateFinding implements Store.
func (m *MemStore) CreateFinding(ctx context.Context, f *Finding) error {
	if f.Interview != "" {
		if _, err := m.Interview(ctx, f.Interview); err != nil {
			return err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	f.ID, f.CreatedAt = crmflow.KindFinding.Format(len(m.findings)+1), m.Now
	c := *f
	if f.Value != nil {
		v := *f.Value
		c.Value = &v
	}
	m.findings = append(m.findings, c)
	m.Writes++
	return nil
}

// Finding implements Store.
func (m *MemStore) Finding(_ context.Context, id string) (Finding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range m.findings {
		if f.ID == id {
			return f, nil
		}
	}
	return Finding{}, crmflow.Errorf(crmflow.ENOTFOUND, "finding %s does not exist", id)
}

// Findings implements Store.
func (m *MemStore) Findings(context.Context) ([]Finding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Finding{}, m.findings...), nil
}

func (m *MemStore) competitor(name string) int {
	for i, c := range m.competitors {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

func cloneCompetitor(c Competitor) Competitor {
	c.Features = append([]Feature{}, c.Features...)
	return c
}

// CreateCompetitor implements Store.
func (m *MemStore) CreateCompetitor(_ context.Context, c *Competitor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.competitor(c.Name) >= 0 {
		return crmflow.Errorf(crmflow.ECONFLICT, "competitor %s already exists", c.Name)
	}
	c.CreatedAt, c.UpdatedAt = m.Now, m.Now
	m.competitors = append(m.competitors, cloneCompetitor(*c))
	m.Writes++
	return nil
}

// UpdateCompetitor implements Store.
func (m *MemStore) UpdateCompetitor(_ context.Context, name string, fn func(*Competitor) error) (Competitor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := m.competitor(name)
	if i < 0 {
		return Competitor{}, crmflow.Errorf(crmflow.ENOTFOUND, "no competitor is called %q", name)
	}
	c := cloneCompetitor(m.competitors[i])
	if err := fn(&c); err != nil {
		return Competitor{}, err
	}
	c.Name, c.Features, c.UpdatedAt = m.competitors[i].Name, m.competitors[i].Features, m.Now
	m.competitors[i] = c
	m.Writes++
	return cloneCompetitor(c), nil
}

// Competitors implements Store.
func (m *MemStore) Competitors(context.Context) ([]Competitor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Competitor, len(m.competitors))
	for i, c := range m.competitors {
		out[i] = cloneCompetitor(c)
	}
	return out, nil
}

// SetFeature implements Store.
func (m *MemStore) SetFeature(_ context.Context, name string, f Feature) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := m.competitor(name)
	if i < 0 {
		return crmflow.Errorf(crmflow.ENOTFOUND, "no competitor is called %q", name)
	}
	c := &m.competitors[i]
	for j := range c.Features {
		if c.Features[j].Feature == f.Feature {
			c.Features[j] = f
			m.Writes++
			return nil
		}
	}
	c.Features = append(c.Features, f)
	c.UpdatedAt = m.Now
	m.Writes++
	return nil
}
