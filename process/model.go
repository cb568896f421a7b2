// Package process holds business process maps: the text DSL, the model it
// parses into, checks, as-is/to-be diff, and a deterministic swimlane layout.
// Writers and readers of files (SVG, Mermaid, BPMN) live in report/.
package process

import "time"

// Variant says whether a map shows the business as it is or as it should be.
type Variant string

// The variants.
const (
	AsIs Variant = "as-is"
	ToBe Variant = "to-be"
)

// NodeKind is the kind of a step, event or gateway.
type NodeKind string

// The node kinds, as the DSL spells them.
const (
	Start  NodeKind = "start"  // start event
	End    NodeKind = "end"    // end event
	User   NodeKind = "user"   // a person works in a system (BPMN userTask)
	Manual NodeKind = "manual" // a person works without a system: paper, Excel, phone (manualTask)
	System NodeKind = "system" // a system does it unattended (serviceTask)
	Task   NodeKind = "task"   // unspecified task
	XOR    NodeKind = "xor"    // exclusive gateway: one way out
	AND    NodeKind = "and"    // parallel gateway: every way out
)

// NodeKinds lists every kind.
var NodeKinds = []NodeKind{Start, End, User, Manual, System, Task, XOR, AND}

// IsTask reports whether k is a task (not an event or gateway).
func (k NodeKind) IsTask() bool { return k == User || k == Manual || k == System || k == Task }

// IsGateway reports whether k is a gateway.
func (k NodeKind) IsGateway() bool { return k == XOR || k == AND }

// Pos is a place in DSL source: 1-based line and column (in characters).
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// Lane is a swimlane: a role or a system.
type Lane struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	System bool   `json:"system"` // a system lane (ERP, Excel) rather than a role
	Pos    Pos    `json:"pos"`
}

// Node is a step, event or gateway in one lane.
type Node struct {
	ID       string   `json:"id"`
	Kind     NodeKind `json:"kind"`
	Label    string   `json:"label"`
	Lane     string   `json:"lane"`     // lane ID
	Findings []string `json:"findings"` // F-001 ...: pain points observed at this step
	Reqs     []string `json:"reqs"`     // REQ-004 ...: requirements that change this step
	Note     string   `json:"note"`     // free annotation
	Pos      Pos      `json:"pos"`
}

// Pain reports whether the step carries a pain point (a finding).
func (n Node) Pain() bool { return len(n.Findings) > 0 }

// Flow is a sequence flow between two nodes, with an optional label (是/否).
type Flow struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label"`
	Pos   Pos    `json:"pos"`
}

// Map is one process map.
type Map struct {
	ID          string  `json:"id"` // PM-001, assigned by the store
	Name        string  `json:"name"`
	Variant     Variant `json:"variant"`
	Description string  `json:"description"`
	Lanes       []Lane  `json:"lanes"`  // in DSL order, top to bottom
	Nodes       []Node  `json:"nodes"`  // in DSL order
	Flows       []Flow  `json:"flows"`  // in DSL order
	Source      string  `json:"source"` // the DSL text it was parsed from
	// Pains are findings recorded against the map as a whole (WithPains);
	// they are derived from the findings, not stored with the map.
	Pains     []PainPoint `json:"pains,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// Node returns the node with id.
func (m *Map) Node(id string) (Node, bool) {
	for _, n := range m.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return Node{}, false
}

// Lane returns the lane with id.
func (m *Map) Lane(id string) (Lane, bool) {
	for _, l := range m.Lanes {
		if l.ID == id {
			return l, true
		}
	}
	return Lane{}, false
}

// Point is a position in a layout, in SVG user units (pixels), y downwards.
type Point struct{ X, Y float64 }

// Rect is a box in a layout.
type Rect struct{ X, Y, W, H float64 }

// Layout is where everything of a map goes: horizontal swimlanes stacked top
// to bottom, flow running left to right. The same Map always gives the same
// Layout. SVG and BPMN diagram interchange are both drawn from it.
type Layout struct {
	Width, Height float64
	Lanes         []LaneBox // in map order
	Nodes         []NodeBox // in map order
	Edges         []EdgePath
}

// LaneBox is a lane's band, with its header area at the left.
type LaneBox struct {
	ID     string
	Box    Rect // the whole band, header included
	Header Rect // the header cell with the lane name
}

// NodeBox is a node's shape.
type NodeBox struct {
	ID    string
	Box   Rect
	Lines []string // the label wrapped to fit the shape
}

// EdgePath is a flow drawn as an orthogonal polyline.
type EdgePath struct {
	From, To string
	Points   []Point // first on the source's border, last on the target's border; segments are horizontal or vertical
	Label    string
	LabelAt  Point // where the label's text starts (baseline left)
}
