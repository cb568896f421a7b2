package tui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/process"
)

// procPage lists the process maps and previews the selected one as text.
type procPage struct {
	maps []process.Map
	cur  int
}

func (m *Model) loadProcesses() error {
	maps, err := m.app.ProcessMaps(m.ctx)
	if err != nil {
		return err
	}
	m.pm.maps = maps
	m.pm.cur = min(m.pm.cur, max(len(maps)-1, 0))
	return nil
}

func (m *Model) updateProcesses(k tea.KeyPressMsg) {
	switch {
	case key.Matches(k, m.keys.Up):
		m.pm.cur = max(m.pm.cur-1, 0)
	case key.Matches(k, m.keys.Down):
		m.pm.cur = min(m.pm.cur+1, max(len(m.pm.maps)-1, 0))
	case key.Matches(k, m.keys.Render):
		m.renderMap("svg")
	case key.Matches(k, m.keys.BPMN):
		m.renderMap("bpmn")
	}
}

// renderMap writes the selected map as `crmflow process render` does, into
// out/ beside the workspace, and says where in the status line.
func (m *Model) renderMap(format string) {
	if len(m.pm.maps) == 0 {
		return
	}
	mp := m.pm.maps[m.pm.cur]
	doc, err := m.app.RenderMap(m.ctx, &mp, format, m.lang)
	if err != nil {
		m.setErr(err)
		return
	}
	path := filepath.Join(filepath.Dir(m.app.Path()), "out", doc.Name)
	if err := app.WriteFile(path, doc.Data); err != nil {
		m.setErr(err)
		return
	}
	m.setStatus(m.t.rendered + ": " + path)
}

func (m *Model) processBody(h int) []string {
	w := m.w
	out := []string{m.st.head.Render(fit(m.t.maps, w))}
	if len(m.pm.maps) == 0 {
		return append(out, fit("  "+m.t.none, w))
	}
	listH := min(len(m.pm.maps), max(h/3, 3))
	start := max(0, min(m.pm.cur-listH+1, len(m.pm.maps)-listH))
	for i := start; i < start+listH && i < len(m.pm.maps); i++ {
		mp := m.pm.maps[i]
		line := fit("  "+fit(mp.ID, 8)+"  "+mp.Name+"  "+m.word(string(mp.Variant)), w)
		if i == m.pm.cur {
			line = m.st.sel.Render(line)
		}
		out = append(out, line)
	}
	out = append(out, strings.Repeat("-", w))
	return append(out, previewMap(m.pm.maps[m.pm.cur], w, m.st.head.Render)...)
}

// previewMap writes a map as text: one block per lane, its steps in order,
// pain points (findings) and requirements after each step.
func previewMap(mp process.Map, w int, head func(...string) string) []string {
	var out []string
	for _, lane := range mp.Lanes {
		out = append(out, head(fit("["+lane.Name+"]", w)))
		var steps []string
		for _, n := range mp.Nodes {
			if n.Lane != lane.ID {
				continue
			}
			s := n.Label
			if s == "" {
				s = n.ID
			}
			if len(n.Findings) > 0 {
				s += " !" + strings.Join(n.Findings, ",")
			}
			if len(n.Reqs) > 0 {
				s += " (" + strings.Join(n.Reqs, ",") + ")"
			}
			steps = append(steps, s)
		}
		// Lines break between steps; only a step longer than a line wraps inside.
		line := ""
		for i, st := range steps {
			item := st
			if i < len(steps)-1 {
				item += " ->"
			}
			if line != "" && width(line)+1+width(item) > w-2 {
				out = append(out, fit("  "+line, w))
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += item
			if width(line) > w-2 {
				parts := wrap(line, w-2)
				for _, p := range parts[:len(parts)-1] {
					out = append(out, fit("  "+p, w))
				}
				line = parts[len(parts)-1]
			}
		}
		if line != "" {
			out = append(out, fit("  "+line, w))
		}
	}
	return out
}
