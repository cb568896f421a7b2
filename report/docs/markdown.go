package docs

import (
	"strings"
	"unicode/utf8"
)

// Markdown escaping for user text. Templates place user text with one of:
//
//	cell   — inside a table cell: one line, "|" escaped, line breaks become " / "
//	inline — one line of a heading or list item: line breaks become spaces
//	para   — paragraphs: each line escaped and ended with a hard break ("\"),
//	         blank lines kept as paragraph breaks
//
// All three backslash-escape the characters that start inline structure
// (emphasis, code, links, images, raw HTML, autolinks, entities,
// strikethrough, table pipes, heading attributes) and the markers that start
// a block at the beginning of a line (headings, quotes, lists, thematic
// breaks, setext underlines, fences). Leading and trailing blanks of every
// line are dropped, so no line becomes indented code or a hard break by
// accident; control characters are dropped. CommonMark renders a
// backslash-escaped punctuation character as itself, so the reader sees the
// text as typed.

// mdCell escapes s for a Markdown table cell.
func mdCell(s string) string { return mdLines(s, " / ") }

// MarkdownCell is mdCell for the documents of other packages (report/plan).
func MarkdownCell(s string) string { return mdCell(s) }

// mdInline escapes s for one line of Markdown.
func mdInline(s string) string { return mdLines(s, " ") }

// mdLines escapes each non-blank line of s and joins them with sep.
func mdLines(s, sep string) string {
	if !strings.ContainsAny(s, "\n\r") {
		var b strings.Builder
		b.Grow(len(s) + 8)
		escapeLine(&b, s)
		return b.String()
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	first := true
	for line := range strings.Lines(normalizeNewlines(s)) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		escapeLine(&b, line)
	}
	return b.String()
}

// mdPara escapes s as one or more Markdown paragraphs, keeping its line breaks.
func mdPara(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	inPara, gap := false, false
	for line := range strings.Lines(normalizeNewlines(s)) {
		line = strings.TrimSpace(line)
		if line == "" {
			gap = inPara
			continue
		}
		switch {
		case gap:
			b.WriteString("\n\n")
		case inPara:
			b.WriteString("\\\n") // hard line break
		}
		inPara, gap = true, false
		escapeLine(&b, line)
	}
	return b.String()
}

func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// mdSpecial marks the ASCII characters escaped wherever they appear.
var mdSpecial = func() (t [128]bool) {
	for _, c := range "\\`*_[]<>#|~{}" {
		t[c] = true
	}
	return t
}()

// escapeLine writes one line (no line breaks) of escaped text to b.
func escapeLine(b *strings.Builder, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	// Block markers that only count at the start of a line.
	switch c := s[0]; {
	case c == '-' || c == '+' || c == '=':
		b.WriteByte('\\')
		b.WriteByte(c)
		s = s[1:]
	case '0' <= c && c <= '9':
		i := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ')') {
			b.WriteString(s[:i])
			b.WriteByte('\\')
			b.WriteByte(s[i])
			s = s[i+1:]
		}
	}
	escapeText(b, s)
}

// escapeText writes s with the inline escapes of escapeLine and nothing
// trimmed: a piece of a line, like a run of a text diff.
func escapeText(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				b.WriteRune(utf8.RuneError)
			case r == '\u2028' || r == '\u2029':
				b.WriteByte(' ')
			default:
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			b.WriteByte(' ')
		case c < 0x20 || c == 0x7f:
			// drop control characters
		case mdSpecial[c]:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '&' && i+1 < len(s) && (s[i+1] == '#' || isASCIILetter(s[i+1])):
			b.WriteString("\\&") // would start an entity reference
		default:
			b.WriteByte(c)
		}
		i++
	}
}

func isASCIILetter(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }
