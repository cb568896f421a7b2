// Package mermaid writes process maps as Mermaid flowcharts.
package mermaid

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow/process"
)

// WriteProcess writes map m as a Mermaid flowchart: left to right, one
// subgraph per lane, node shapes by kind, flows with their labels. Node and
// lane IDs are rewritten to safe Mermaid IDs (n_…, lane_…); every label is a
// quoted string with Mermaid's entity codes for the characters that would
// end it or be read as markup. The output is deterministic.
func WriteProcess(w io.Writer, m *process.Map) error {
	bw := bufio.NewWriter(w)
	ids := pmmdIDs{used: map[string]bool{}}
	nodeID := make(map[string]string, len(m.Nodes))
	for _, n := range m.Nodes {
		if _, dup := nodeID[n.ID]; !dup {
			nodeID[n.ID] = ids.make("n_", n.ID)
		}
	}
	laneID := make(map[string]string, len(m.Lanes))
	for _, l := range m.Lanes {
		if _, dup := laneID[l.ID]; !dup {
			laneID[l.ID] = ids.make("lane_", l.ID)
		}
	}

	head := strings.TrimSpace(m.Name)
	if m.Variant != "" {
		head += " (" + string(m.Variant) + ")"
	}
	bw.WriteString("%% " + pmmdComment(head) + "\n")
	bw.WriteString("flowchart LR\n")

	written := map[string]bool{}
	writeNode := func(indent string, n process.Node) {
		id := nodeID[n.ID]
		if written[id] {
			return
		}
		written[id] = true
		bw.WriteString(indent + id + pmmdShape(n) + "\n")
	}
	for _, l := range m.Lanes {
		lid := laneID[l.ID]
		if written[lid] {
			continue
		}
		written[lid] = true
		name := l.Name
		if name == "" {
			name = l.ID
		}
		bw.WriteString("  subgraph " + lid + "[\"" + pmmdEsc(name) + "\"]\n")
		bw.WriteString("    direction LR\n")
		for _, n := range m.Nodes {
			if n.Lane == l.ID {
				writeNode("    ", n)
			}
		}
		bw.WriteString("  end\n")
	}
	for _, n := range m.Nodes { // nodes of unknown lanes
		writeNode("  ", n)
	}
	for _, f := range m.Flows {
		from, ok1 := nodeID[f.From]
		to, ok2 := nodeID[f.To]
		if !ok1 || !ok2 {
			continue
		}
		bw.WriteString("  " + from + " -->")
		if f.Label != "" {
			bw.WriteString("|\"" + pmmdEsc(f.Label) + "\"|")
		}
		bw.WriteString(" " + to + "\n")
	}

	// Styles: kinds, and pain points.
	classes := []struct {
		name, def string
		match     func(process.Node) bool
	}{
		{"start", "fill:#f1f8f1,stroke:#2e7d32", func(n process.Node) bool { return n.Kind == process.Start }},
		{"stop", "fill:#fdeeee,stroke:#b71c1c,stroke-width:3px", func(n process.Node) bool { return n.Kind == process.End }},
		{"manual", "fill:#fffaf0,stroke:#9a7b3c", func(n process.Node) bool { return n.Kind == process.Manual }},
		{"system", "fill:#f1f5f9,stroke:#52677d", func(n process.Node) bool { return n.Kind == process.System }},
		{"gateway", "fill:#fff8e1,stroke:#a87b00", func(n process.Node) bool { return n.Kind.IsGateway() }},
		{"pain", "stroke:#d32f2f,stroke-width:2px", func(n process.Node) bool { return n.Pain() }},
	}
	for _, c := range classes {
		var members []string
		seen := map[string]bool{}
		for _, n := range m.Nodes {
			if id := nodeID[n.ID]; c.match(n) && !seen[id] {
				seen[id] = true
				members = append(members, id)
			}
		}
		if len(members) == 0 {
			continue
		}
		bw.WriteString("  classDef " + c.name + " " + c.def + "\n")
		bw.WriteString("  class " + strings.Join(members, ",") + " " + c.name + "\n")
	}
	return bw.Flush()
}

// pmmdShape is a node's shape with its quoted label.
func pmmdShape(n process.Node) string {
	label := n.Label
	if strings.TrimSpace(label) == "" {
		switch n.Kind {
		case process.XOR:
			label = "×"
		case process.AND:
			label = "+"
		default:
			label = n.ID
		}
	}
	text := pmmdEsc(label)
	if len(n.Findings) > 0 {
		text += "<br/>▲ " + pmmdEsc(strings.Join(n.Findings, " "))
	}
	if len(n.Reqs) > 0 {
		text += "<br/>" + pmmdEsc(strings.Join(n.Reqs, " "))
	}
	q := "\"" + text + "\""
	switch n.Kind {
	case process.Start:
		return "([" + q + "])"
	case process.End:
		return "((" + q + "))"
	case process.XOR:
		return "{" + q + "}"
	case process.AND:
		return "{{" + q + "}}"
	case process.Manual:
		return "[/" + q + "\\]"
	case process.System:
		return "[[" + q + "]]"
	}
	return "[" + q + "]"
}

// pmmdEsc escapes text for a quoted Mermaid label: the characters that end
// the string or would be read as markup become entity codes; line breaks
// become <br/>.
func pmmdEsc(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '#':
			b.WriteString("#35;")
		case '"':
			b.WriteString("#quot;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '`':
			b.WriteString("#96;")
		case '\n':
			b.WriteString("<br/>")
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			if r < 0x20 || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pmmdComment makes s safe for a %% comment line.
func pmmdComment(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// pmmdIDs makes unique Mermaid IDs of letters, digits and underscores.
type pmmdIDs struct{ used map[string]bool }

func (ids pmmdIDs) make(prefix, id string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range id {
		if r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if ids.used[s] {
		for i := 2; ; i++ {
			if c := s + "_" + strconv.Itoa(i); !ids.used[c] {
				s = c
				break
			}
		}
	}
	ids.used[s] = true
	return s
}
