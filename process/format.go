package process

import (
	"bytes"
	"strings"
)

// Format writes the canonical DSL for m: the process line, the description,
// each lane with its steps in map order, then the flows one per line (chains
// are not merged) with every label quoted. Parse(Format(m)) gives back a map
// equal to m, Pos and Source aside, for every map Parse returns without error.
//
// Format also writes maps made by other means (BPMN import), and makes them
// readable: IDs that are not valid are rewritten the same way everywhere
// (invalid characters become "_", a leading digit gets a "_" before it);
// control characters in text become spaces; an unknown kind is written as
// task, an unknown variant as as-is; steps in a lane the map does not define
// get a lane named after that ID.
func Format(m *Map) []byte {
	var b bytes.Buffer
	if m == nil {
		return nil
	}
	variant := m.Variant
	if variant != AsIs && variant != ToBe {
		variant = AsIs
	}
	b.WriteString("process ")
	writeQuoted(&b, m.Name)
	b.WriteString(" " + string(variant) + "\n")
	if m.Description != "" {
		b.WriteString("description ")
		writeQuoted(&b, m.Description)
		b.WriteByte('\n')
	}

	lanes := append([]Lane(nil), m.Lanes...)
	known := make(map[string]bool, len(lanes))
	for _, l := range lanes {
		known[l.ID] = true
	}
	for _, n := range m.Nodes {
		if !known[n.Lane] {
			known[n.Lane] = true
			lanes = append(lanes, Lane{ID: n.Lane, Name: n.Lane})
		}
	}
	written := make(map[string]bool, len(lanes))
	for _, l := range lanes {
		b.WriteString("\nlane " + fixID(l.ID) + " ")
		writeQuoted(&b, l.Name)
		if l.System {
			b.WriteString(" system")
		}
		b.WriteString(" {\n")
		if !written[l.ID] {
			written[l.ID] = true
			for _, n := range m.Nodes {
				if n.Lane == l.ID {
					writeNode(&b, n)
				}
			}
		}
		b.WriteString("}\n")
	}

	if len(m.Flows) > 0 {
		b.WriteByte('\n')
	}
	for _, f := range m.Flows {
		b.WriteString(fixID(f.From) + " -> " + fixID(f.To))
		if f.Label != "" {
			b.WriteString(" : ")
			writeQuoted(&b, f.Label)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func writeNode(b *bytes.Buffer, n Node) {
	kind := n.Kind
	if !isKind(string(kind)) {
		kind = Task
	}
	b.WriteString("  " + string(kind) + " " + fixID(n.ID) + " ")
	writeQuoted(b, n.Label)
	if len(n.Findings)+len(n.Reqs) > 0 {
		b.WriteString(" [")
		refs := append(append([]string(nil), n.Findings...), n.Reqs...)
		for i, r := range refs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(fixID(r))
		}
		b.WriteByte(']')
	}
	if n.Note != "" {
		b.WriteString(" note ")
		writeQuoted(b, n.Note)
	}
	b.WriteByte('\n')
}

// writeQuoted writes s as a DSL string.
func writeQuoted(b *bytes.Buffer, s string) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteRune(r)
		case r < ' ' || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// fixID makes s a valid ID, leaving valid IDs alone.
func fixID(s string) string {
	if IsID(s) {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(s, "_") {
		if n >= MaxIDLen {
			break
		}
		if !isWord(r) {
			r = '_'
		}
		if n == 0 && !isIDStart(r) {
			b.WriteByte('_')
			n++
		}
		b.WriteRune(r)
		n++
	}
	if n == 0 {
		return "_"
	}
	return b.String()
}
