package release

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// Change is one fact of the history a burndown is folded from, oldest first:
// a plan record as it became (Item set) or a requirement's status as it
// became (Status set).
type Change struct {
	At     time.Time `json:"at"`
	Ref    string    `json:"ref"`
	Item   *Item     `json:"item,omitempty"`
	Status string    `json:"status,omitempty"`
}

// ChangesFromAudit reads the plan and status history out of audit events:
// "plan:REF" events carry the item, requirement events carry the
// requirement (its status is read from them).
func ChangesFromAudit(events []crmflow.AuditEvent) []Change {
	var out []Change
	for _, e := range events {
		switch {
		case len(e.Entity) > 5 && e.Entity[:5] == "plan:":
			c := Change{At: e.At, Ref: e.Entity[5:], Item: &Item{Ref: e.Entity[5:]}}
			if len(e.After) > 0 {
				if json.Unmarshal(e.After, c.Item) != nil {
					continue
				}
			}
			out = append(out, c)
		case crmflow.KindRequirement.Is(e.Entity):
			var r struct {
				Status string `json:"status"`
			}
			if len(e.After) == 0 {
				out = append(out, Change{At: e.At, Ref: e.Entity, Status: "removed"})
				continue
			}
			if json.Unmarshal(e.After, &r) == nil && r.Status != "" {
				out = append(out, Change{At: e.At, Ref: e.Entity, Status: r.Status})
			}
		}
	}
	return out
}

// Done reports whether a requirement status counts as burned: development
// is done once the requirement is implemented (verification follows in UAT).
func Done(status string) bool {
	return status == "implemented" || status == "verified"
}

// BurnDay is one day of a burndown.
type BurnDay struct {
	Date      milestones.Date `json:"date"`
	Remaining float64         `json:"remaining_days"` // open work in the sprint at the end of the day
	Scope     float64         `json:"scope_days"`     // all work in the sprint at the end of the day
	Ideal     float64         `json:"ideal_days"`     // the straight line from the committed scope
	Future    bool            `json:"future,omitempty"`
}

// BurnEvent is one change of the sprint after it started.
type BurnEvent struct {
	Date milestones.Date `json:"date"`
	Ref  string          `json:"ref"`
	// Kind: added, removed (scope), reestimated (same scope, new size), done, reopened.
	Kind  string  `json:"kind"`
	Delta float64 `json:"delta_days"`
}

// Burndown is a sprint's burndown and its scope changes.
type Burndown struct {
	Sprint      string          `json:"sprint"`
	Start       milestones.Date `json:"start"`
	End         milestones.Date `json:"end"`
	Committed   float64         `json:"committed_days"` // in the sprint when it started
	Added       float64         `json:"added_days"`     // scope added after the start
	Removed     float64         `json:"removed_days"`   // scope removed after the start
	Reestimated float64         `json:"reestimated_days"`
	Completed   float64         `json:"completed_days"`
	Remaining   float64         `json:"remaining_days"`
	Days        []BurnDay       `json:"days"`
	Events      []BurnEvent     `json:"events"`
}

// ComputeBurndown folds the history into the sprint's burndown, one point per
// working day from its start to its end (or to today, after which days are
// marked future). Work in the sprint before its first day is the commitment;
// an item entering or leaving afterwards is scope added or removed, a new
// estimate on an item that stays is a re-estimate, kept apart from both.
func ComputeBurndown(s Sprint, history []Change, cal *milestones.Calendar, today milestones.Date) Burndown {
	b := Burndown{Sprint: s.ID, Start: s.Start, End: s.End, Days: []BurnDay{}, Events: []BurnEvent{}}
	items := map[string]Item{}
	status := map[string]string{}
	in := func(ref string) bool { return items[ref].Sprint == s.ID }
	open := func() (remaining, scope int) {
		for ref, it := range items {
			if it.Sprint != s.ID {
				continue
			}
			scope += it.EstimateHours
			if !Done(status[ref]) {
				remaining += it.EstimateHours
			}
		}
		return
	}
	h := slices.Clone(history)
	slices.SortStableFunc(h, func(a, b Change) int { return a.At.Compare(b.At) })
	i := 0
	// Everything before the first day is the commitment.
	for ; i < len(h) && milestones.DateOf(h[i].At) < s.Start; i++ {
		apply(items, status, h[i])
	}
	_, committed := open()
	b.Committed = Days(committed)
	days := []milestones.Date{}
	for d := s.Start; d <= s.End; d++ {
		if cal.IsWorkday(d) || d == s.Start || d == s.End {
			days = append(days, d)
		}
	}
	for k, d := range days {
		for ; i < len(h) && milestones.DateOf(h[i].At) <= d; i++ {
			c := h[i]
			wasIn, was := in(c.Ref), items[c.Ref]
			wasDone := Done(status[c.Ref])
			apply(items, status, c)
			now := items[c.Ref]
			switch {
			case c.Item != nil && !wasIn && in(c.Ref):
				b.Events = append(b.Events, BurnEvent{d, c.Ref, "added", Days(now.EstimateHours)})
				b.Added += Days(now.EstimateHours)
			case c.Item != nil && wasIn && !in(c.Ref):
				b.Events = append(b.Events, BurnEvent{d, c.Ref, "removed", -Days(was.EstimateHours)})
				b.Removed += Days(was.EstimateHours)
			case c.Item != nil && wasIn && was.EstimateHours != now.EstimateHours:
				delta := Days(now.EstimateHours - was.EstimateHours)
				b.Events = append(b.Events, BurnEvent{d, c.Ref, "reestimated", delta})
				b.Reestimated += delta
			case c.Item == nil && in(c.Ref) && !wasDone && Done(status[c.Ref]):
				b.Events = append(b.Events, BurnEvent{d, c.Ref, "done", -Days(now.EstimateHours)})
			case c.Item == nil && in(c.Ref) && wasDone && !Done(status[c.Ref]):
				b.Events = append(b.Events, BurnEvent{d, c.Ref, "reopened", Days(now.EstimateHours)})
			}
		}
		rem, scope := open()
		ideal := b.Committed
		if len(days) > 1 {
			ideal = b.Committed * float64(len(days)-1-k) / float64(len(days)-1)
		}
		b.Days = append(b.Days, BurnDay{Date: d, Remaining: Days(rem), Scope: Days(scope), Ideal: round2(ideal), Future: d > today})
	}
	rem, scope := open()
	b.Remaining, b.Completed = Days(rem), Days(scope-rem)
	return b
}

func apply(items map[string]Item, status map[string]string, c Change) {
	if c.Item != nil {
		items[c.Ref] = *c.Item
		return
	}
	status[c.Ref] = c.Status
}

func round2(f float64) float64 {
	return float64(int64(f*100+0.5)) / 100
}

// Velocity is the work one finished sprint completed.
type Velocity struct {
	Sprint    string  `json:"sprint"`
	Committed float64 `json:"committed_days"`
	Completed float64 `json:"completed_days"`
}

// Velocities lists, for each sprint that ended before today, what it
// committed and completed; Average is the mean completed of the last three.
func Velocities(sprints []Sprint, history []Change, cal *milestones.Calendar, today milestones.Date) ([]Velocity, float64) {
	var out []Velocity
	for _, s := range sprints {
		if s.End >= today {
			continue
		}
		b := ComputeBurndown(s, history, cal, today)
		out = append(out, Velocity{Sprint: s.ID, Committed: b.Committed, Completed: b.Completed})
	}
	if len(out) == 0 {
		return out, 0
	}
	last := out[max(0, len(out)-3):]
	sum := 0.0
	for _, v := range last {
		sum += v.Completed
	}
	return out, round2(sum / float64(len(last)))
}
