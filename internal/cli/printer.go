package cli

import (
	"bytes"
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

var tsvReplacer = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")

// tsvCell keeps a value on one line and in one column.
func tsvCell(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return tsvReplacer.Replace(s)
}

// writeJSONArray prints n items as an indented JSON array, making and
// encoding one element at a time so a large listing never sits in memory twice.
// On a terminal the JSON is indented; piped, each element is one compact line.
func writeJSONArray[T any](io_ *IOStreams, n int, item func(i int) T) error {
	w := io_.Out
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if io_.OutTTY {
		enc.SetIndent("  ", "  ")
	}
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		buf.Reset()
		if io_.OutTTY {
			buf.WriteString("  ")
		}
		v := item(i)
		if err := enc.Encode(&v); err != nil {
			return err
		}
		b := bytes.TrimRight(buf.Bytes(), "\n")
		if i < n-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	return err
}

// writeJSON prints one value as JSON: indented on a terminal, on one line when
// piped. Long listings go through writeJSONArray instead.
func writeJSON(io_ *IOStreams, v any) error {
	enc := json.NewEncoder(io_.Out)
	if io_.OutTTY {
		enc.SetIndent("", "  ")
	}
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
