package process

import (
	"sort"
	"strings"
)

// The kinds of Change, in the order Diff lists them.
const (
	ChangeRemoved     = "removed"      // a step of a that b does not have
	ChangeAdded       = "added"        // a step of b that a does not have
	ChangeMoved       = "moved"        // the step is in another lane
	ChangeAutomated   = "automated"    // a manual or user step became a system step
	ChangeRelabelled  = "relabelled"   // same ID, new label
	ChangeKindChanged = "kind-changed" // another kind, other than automated
)

var changeOrder = map[string]int{
	ChangeRemoved: 0, ChangeAdded: 1, ChangeMoved: 2, ChangeAutomated: 3, ChangeRelabelled: 4, ChangeKindChanged: 5,
}

// Change is one difference between an as-is and a to-be map.
type Change struct {
	Kind     string `json:"kind"`      // removed, added, moved, automated, relabelled, kind-changed
	ID       string `json:"id"`        // the step's ID in b (in a, for removed)
	Label    string `json:"label"`     // the step's label in b (in a, for removed)
	FromLane string `json:"from_lane"` // the lane's display name in a (empty for added)
	ToLane   string `json:"to_lane"`   // the lane's display name in b (empty for removed)
	Detail   string `json:"detail"`    // what changed: "销售主管 → CRM 后台", "manual → system", `"旧" → "新"`
}

// Diff compares an as-is map a with a to-be map b. Steps are paired by ID;
// the steps left over are paired by label (the same label text, trimmed, is
// the same step), in map order. A step only in a is removed, only in b added.
// For a pair: moved when the lanes differ (lanes are the same when their IDs
// or their names are), automated when a manual or user step became a system
// step, relabelled when the label changed, kind-changed for any other change
// of kind. One pair can give several changes. The order is removed, added,
// moved, automated, relabelled, kind-changed, and by ID within each.
func Diff(a, b *Map) []Change {
	if a == nil {
		a = &Map{}
	}
	if b == nil {
		b = &Map{}
	}
	pairOf := make([]int, len(a.Nodes)) // index in b, or -1
	taken := make([]bool, len(b.Nodes))
	bByID := map[string]int{}
	for j, n := range b.Nodes {
		if _, dup := bByID[n.ID]; !dup {
			bByID[n.ID] = j
		}
	}
	aSeen := map[string]bool{}
	for i, n := range a.Nodes {
		pairOf[i] = -1
		if aSeen[n.ID] {
			continue
		}
		aSeen[n.ID] = true
		if j, ok := bByID[n.ID]; ok {
			pairOf[i], taken[j] = j, true
		}
	}
	byLabel := map[string][]int{} // unpaired steps of b by label, in map order
	for j, n := range b.Nodes {
		if !taken[j] {
			k := strings.TrimSpace(n.Label)
			byLabel[k] = append(byLabel[k], j)
		}
	}
	for i, n := range a.Nodes {
		k := strings.TrimSpace(n.Label)
		if pairOf[i] >= 0 || k == "" || len(byLabel[k]) == 0 {
			continue
		}
		j := byLabel[k][0]
		byLabel[k] = byLabel[k][1:]
		pairOf[i], taken[j] = j, true
	}

	var out []Change
	for i, n := range a.Nodes {
		if pairOf[i] < 0 {
			out = append(out, Change{Kind: ChangeRemoved, ID: n.ID, Label: n.Label, FromLane: laneName(a, n.Lane), Detail: string(n.Kind)})
			continue
		}
		o := b.Nodes[pairOf[i]]
		from, to := laneName(a, n.Lane), laneName(b, o.Lane)
		c := Change{ID: o.ID, Label: o.Label, FromLane: from, ToLane: to}
		if !sameLane(a, n.Lane, b, o.Lane) {
			c.Kind, c.Detail = ChangeMoved, from+" → "+to
			out = append(out, c)
		}
		if n.Kind != o.Kind {
			if (n.Kind == Manual || n.Kind == User) && o.Kind == System {
				c.Kind = ChangeAutomated
			} else {
				c.Kind = ChangeKindChanged
			}
			c.Detail = string(n.Kind) + " → " + string(o.Kind)
			out = append(out, c)
		}
		if n.Label != o.Label {
			c.Kind, c.Detail = ChangeRelabelled, quoteLabel(n.Label)+" → "+quoteLabel(o.Label)
			out = append(out, c)
		}
	}
	for j, o := range b.Nodes {
		if !taken[j] {
			out = append(out, Change{Kind: ChangeAdded, ID: o.ID, Label: o.Label, ToLane: laneName(b, o.Lane), Detail: string(o.Kind)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if changeOrder[x.Kind] != changeOrder[y.Kind] {
			return changeOrder[x.Kind] < changeOrder[y.Kind]
		}
		if x.ID != y.ID {
			return x.ID < y.ID
		}
		return x.Label < y.Label
	})
	return out
}

func quoteLabel(s string) string { return "\"" + s + "\"" }

// laneName is the display name of lane id in m, or the ID when it has none.
func laneName(m *Map, id string) string {
	if l, ok := m.Lane(id); ok && l.Name != "" {
		return l.Name
	}
	return id
}

// sameLane reports whether lane x of a and lane y of b are the same: the same
// ID or the same name.
func sameLane(a *Map, x string, b *Map, y string) bool {
	if x == y {
		return true
	}
	lx, okx := a.Lane(x)
	ly, oky := b.Lane(y)
	return okx && oky && lx.Name != "" && lx.Name == ly.Name
}
