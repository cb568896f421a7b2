package release

import (
	"cmp"
	"slices"

	"github.com/crmflow/crmflow"
)

// Work is what planning needs of one requirement.
type Work struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Module  string   `json:"module"`
	Kind    string   `json:"kind"`
	Status  string   `json:"status"`
	MoSCoW  string   `json:"moscow"` // explicit or suggested: must, should, could, wont
	Score   int      `json:"score"`
	Parents []string `json:"parents"` // requirements this one is a child of
}

// Placement is one requirement put into a sprint by AutoPlan.
type Placement struct {
	Ref    string `json:"ref"`
	Sprint string `json:"sprint"`
	Hours  int    `json:"estimate_hours"`
}

// Left is one requirement AutoPlan did not place, and why.
type Left struct {
	Ref    string `json:"ref"`
	Reason string `json:"reason"` // unestimated, over-capacity, wont, parent-unplanned
	Hours  int    `json:"estimate_hours"`
}

// AutoResult is what AutoPlan decided.
type AutoResult struct {
	Placed []Placement `json:"placed"`
	Left   []Left      `json:"left"`
	// Load is each sprint's planned hours after the plan, in sprint order.
	Load map[string]int `json:"load"`
}

// The reasons a requirement stays out of the sprints.
const (
	LeftUnestimated    = "unestimated"
	LeftOverCapacity   = "over-capacity"
	LeftWont           = "wont"
	LeftParentUnplaced = "parent-unplanned"
)

func moscowRank(m string) int {
	switch m {
	case "must":
		return 0
	case "should":
		return 1
	case "could":
		return 2
	}
	return 3
}

// AutoPlan fills sprints (in date order) with the release's requirements
// that are in no sprint yet: Must before Should before Could, then by score
// (higher first), then by ID, so ties always land the same way. Each goes
// into the earliest sprint with room for its estimate that is not before any
// of its parents' sprints; a parent still unplaced is planned first. Won't
// requirements, unestimated ones and those that fit nowhere are listed in
// Left, never dropped silently. items holds the current plan (by ref).
func AutoPlan(sprints []Sprint, work []Work, items map[string]Item) AutoResult {
	res := AutoResult{Load: make(map[string]int, len(sprints)), Placed: []Placement{}, Left: []Left{}}
	index := make(map[string]int, len(sprints))
	for i, s := range sprints {
		index[s.ID] = i
	}
	load := make([]int, len(sprints))
	for _, it := range items {
		if i, ok := index[it.Sprint]; ok {
			load[i] += it.EstimateHours
		}
	}
	byID := make(map[string]*Work, len(work))
	order := make([]*Work, 0, len(work))
	for i := range work {
		w := &work[i]
		byID[w.ID] = w
		order = append(order, w)
	}
	slices.SortFunc(order, func(a, b *Work) int {
		if c := cmp.Compare(moscowRank(a.MoSCoW), moscowRank(b.MoSCoW)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return compareRefs(a.ID, b.ID)
	})
	// where: a requirement's sprint index, -1 while unplaced, -2 when left out.
	where := make(map[string]int, len(work))
	for _, it := range items {
		if i, ok := index[it.Sprint]; ok {
			where[it.Ref] = i
		}
	}
	var place func(w *Work, depth int) int
	place = func(w *Work, depth int) int {
		if i, ok := where[w.ID]; ok {
			return i
		}
		where[w.ID] = -2 // guards against a cycle while its parents are placed
		hours := items[w.ID].EstimateHours
		if w.MoSCoW == "wont" {
			res.Left = append(res.Left, Left{Ref: w.ID, Reason: LeftWont, Hours: hours})
			return -2
		}
		if hours <= 0 {
			res.Left = append(res.Left, Left{Ref: w.ID, Reason: LeftUnestimated})
			return -2
		}
		from := 0
		parents := append([]string(nil), w.Parents...)
		slices.SortFunc(parents, compareRefs)
		for _, p := range parents {
			pw, ok := byID[p]
			var pi int
			switch {
			case ok && depth < 64:
				pi = place(pw, depth+1)
			default:
				i, planned := where[p]
				if !planned {
					continue // a parent outside this release does not hold the child back
				}
				pi = i
			}
			if pi == -2 {
				res.Left = append(res.Left, Left{Ref: w.ID, Reason: LeftParentUnplaced, Hours: hours})
				return -2
			}
			from = max(from, pi)
		}
		for i := from; i < len(sprints); i++ {
			if load[i]+hours <= sprints[i].CapacityHours {
				load[i] += hours
				where[w.ID] = i
				res.Placed = append(res.Placed, Placement{Ref: w.ID, Sprint: sprints[i].ID, Hours: hours})
				return i
			}
		}
		res.Left = append(res.Left, Left{Ref: w.ID, Reason: LeftOverCapacity, Hours: hours})
		return -2
	}
	for _, w := range order {
		place(w, 0)
	}
	for i, s := range sprints {
		res.Load[s.ID] = load[i]
	}
	return res
}

// compareRefs orders IDs of one kind by number (REQ-9 before REQ-10), others by text.
func compareRefs(a, b string) int {
	ka, na, oka := crmflow.KindOf(a)
	kb, nb, okb := crmflow.KindOf(b)
	if oka && okb && ka.Prefix == kb.Prefix {
		return cmp.Compare(na, nb)
	}
	return cmp.Compare(a, b)
}
