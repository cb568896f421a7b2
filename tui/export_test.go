package tui

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Test access to the model's state.

func (m *Model) Page() int { return m.page }

func (m *Model) Status() (string, bool) { return m.status, m.isErr }

func (m *Model) Render() string { return m.render() }

// VisibleIDs lists the requirement IDs the table keeps, in order.
func (m *Model) VisibleIDs() []string {
	out := make([]string, len(m.rq.vis))
	for i, ri := range m.rq.vis {
		out[i] = m.rq.rows[ri].r.ID
	}
	return out
}

// SelectedID is the requirement under the cursor.
func (m *Model) SelectedID() string {
	if r, ok := m.rq.selected(); ok {
		return r.r.ID
	}
	return ""
}

// SelectedCR is the change request under the cursor.
func (m *Model) SelectedCR() string {
	if len(m.cr.list) == 0 {
		return ""
	}
	return m.cr.list[m.cr.cur].ID
}

// FormOpen reports whether a huh form is showing.
func (m *Model) FormOpen() bool { return m.form != nil }

// NewFromListing builds a model on requirements held in memory, without a
// workspace: the 50,000-row benchmark.
func NewFromListing(l requirements.Listing, lang crmflow.Lang) *Model {
	m := newModel(context.Background(), nil, lang, Options{})
	m.rq.setListing(l, lang)
	m.setPage(pageReqs)
	return m
}

// PageCount is how many pages the tab bar holds.
const PageCount = pageCount

// PageSprint is the sprint board's page number.
const PageSprint = pageSprint

// SprintShown is the ID of the sprint the board shows, "" with none.
func (m *Model) SprintShown() string {
	if s, _, ok := m.sb.sprint(); ok {
		return s.ID
	}
	return ""
}

// SprintCard is the selected card and the key of its column ("todo", ...).
func (m *Model) SprintCard() (ref, column string) {
	it, col, ok := m.sb.selected()
	if !ok {
		return "", ""
	}
	return it.Ref, string(col)
}

// SprintDetail reports whether the board shows a requirement's detail.
func (m *Model) SprintDetail() bool { return m.sb.detail != nil }
