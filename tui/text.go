package tui

import (
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// cells measures text in terminal cells: East Asian wide characters count 2.
// Ambiguous-width characters count 1 whatever the locale says; the screen's
// own chrome uses none (ASCII separators and ellipsis), so a zh_CN locale
// that draws them wide cannot shift the columns.
var cells = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	return c
}()

// ellipsis marks truncated text; ASCII so its width never depends on the locale.
const ellipsis = "~"

// width is s's display width in cells.
func width(s string) int { return cells.StringWidth(s) }

// oneLine makes user text safe for one screen line: newlines and tabs become
// spaces and other control characters (escape sequences) are dropped.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fit truncates s to at most w cells, never splitting a character, and pads
// it with spaces to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = oneLine(s)
	sw := width(s)
	if sw > w {
		s = cells.Truncate(s, w, ellipsis)
		sw = width(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitRight is fit aligned right.
func fitRight(s string, w int) string {
	s = oneLine(s)
	if sw := width(s); sw < w {
		return strings.Repeat(" ", w-sw) + s
	}
	return fit(s, w)
}

// wrap breaks s into lines of at most w cells, at spaces where it can and
// between characters where it must (Chinese has no spaces).
func wrap(s string, w int) []string {
	if w < 2 {
		w = 2
	}
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		para = oneLine(para)
		if para == "" {
			out = append(out, "")
			continue
		}
		var line []rune
		lw := 0
		lastSpace := -1
		for _, r := range para {
			rw := cells.RuneWidth(r)
			if lw+rw > w && r == ' ' { // the line ends at a space: break there
				out = append(out, string(line))
				line, lw, lastSpace = line[:0], 0, -1
				continue
			}
			if lw+rw > w {
				// Break at a space to keep an English word whole; at a space
				// before Chinese text that would leave a half-empty line.
				if lastSpace > 0 && narrow(line[lastSpace+1:]) {
					out = append(out, string(line[:lastSpace]))
					line = append([]rune(nil), line[lastSpace+1:]...)
				} else {
					out = append(out, string(line))
					line = line[:0]
				}
				lw = cells.StringWidth(string(line))
				lastSpace = -1
			}
			if r == ' ' {
				lastSpace = len(line)
			}
			line = append(line, r)
			lw += rw
		}
		out = append(out, string(line))
	}
	return out
}

// narrow reports whether every rune is one cell wide: a Latin word.
func narrow(rs []rune) bool {
	for _, r := range rs {
		if cells.RuneWidth(r) != 1 {
			return false
		}
	}
	return true
}
