package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// table prints rows: aligned columns with a header on a terminal, tab-separated
// values without a header when piped (so `cut` and `awk` work).
type table struct {
	io      *IOStreams
	headers []string
	rows    [][]string
	// truncate is the column that gets shortened to fit the width limit on a terminal (-1 for none).
	truncate int
}

func newTable(io *IOStreams, headers ...string) *table {
	return &table{io: io, headers: headers, truncate: -1}
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// maxWidth is the display width a terminal table aims to stay within.
const maxWidth = 160

func (t *table) print() error {
	w := t.io.Out
	if !t.io.OutTTY {
		for _, r := range t.rows {
			for i, c := range r {
				r[i] = tsvCell(c)
			}
			if _, err := fmt.Fprintln(w, strings.Join(r, "\t")); err != nil {
				return err
			}
		}
		return nil
	}
	widths := make([]int, len(t.headers))
	for i, h := range t.headers {
		widths[i] = runewidth.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			if i < len(widths) {
				r[i] = oneLine(c)
				widths[i] = max(widths[i], runewidth.StringWidth(r[i]))
			}
		}
	}
	if t.truncate >= 0 {
		total := 0
		for _, x := range widths {
			total += x + 2
		}
		if total > maxWidth {
			widths[t.truncate] = max(12, widths[t.truncate]-(total-maxWidth))
		}
	}
	line := func(cells []string, bold bool) error {
		var b strings.Builder
		for i, c := range cells {
			if i >= len(widths) {
				break
			}
			c = runewidth.Truncate(c, widths[i], "…")
			if i < len(cells)-1 {
				c = runewidth.FillRight(c, widths[i])
			}
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
		}
		s := strings.TrimRight(b.String(), " ")
		if bold && t.io.Color {
			s = "\x1b[1m" + s + "\x1b[0m"
		}
		_, err := fmt.Fprintln(w, s)
		return err
	}
	if err := line(t.headers, true); err != nil {
		return err
	}
	for _, r := range t.rows {
		if err := line(r, false); err != nil {
			return err
		}
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// tsvCell keeps a value on one line and in one column.
func tsvCell(s string) string {
	return strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
