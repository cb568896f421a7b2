package docs

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
)

// writeMarkdownHTML writes the page markdownToHTML builds, byte for byte, but
// parses and renders md one section at a time (a section runs from one heading
// to the next) instead of holding one syntax tree for the whole document: at
// 50,000 requirements that tree took 2 GB. Heading IDs come from one registry
// shared by every section, so duplicates are numbered as in one parse.
//
// Sections are cut only where a cut cannot change the parse: before an ATX
// heading at the start of a line, after a blank line, outside fenced code.
// Markdown with a construct that reaches across sections (a link reference
// definition, an HTML block that may span blank lines) goes through
// markdownToHTML whole.
func writeMarkdownHTML(w io.Writer, md []byte, title string, lang crmflow.Lang, figures map[string][]byte) error {
	sections, ok := markdownSections(md)
	if !ok {
		out, err := markdownToHTML(md, title, lang, figures)
		if err != nil {
			return err
		}
		_, err = w.Write(out)
		return err
	}
	pg, err := page()
	if err != nil {
		return err
	}
	m := markdown()
	ids := parser.NewContext().IDs() // one registry for the whole document
	fig := newFigureInliner(figures)

	var coverHTML, body bytes.Buffer
	body.Grow(len(md) * 3 / 2) // as markdownToHTML: no copy on growing
	var toc []tocEntry
	inCover := true
	for _, src := range sections {
		doc := m.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext(parser.WithIDs(ids))))
		if inCover {
			// The cover: the nodes before the first chapter.
			cover := ast.NewDocument()
			for n := doc.FirstChild(); n != nil; {
				if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
					inCover = false
					break
				}
				next := n.NextSibling()
				cover.AppendChild(cover, n)
				n = next
			}
			if cover.HasChildren() {
				if err := m.Renderer().Render(&coverHTML, src, cover); err != nil {
					return err
				}
			}
			if !doc.HasChildren() {
				continue
			}
		}
		toc = appendTOC(toc, doc, src)
		start := body.Len()
		if err := m.Renderer().Render(&body, src, doc); err != nil {
			return err
		}
		if fig.pending() {
			section := fig.inline(body.String()[start:])
			body.Truncate(start)
			body.WriteString(section)
		}
	}

	// The page around the body, then the body written straight after its
	// head: the body is never copied into the template's output.
	const marker = "\x00crmflow-body\x00" // html/template replaces NUL in any text it escapes
	data := pageData{Contents: report.Tr(lang, "目录", "Contents"), HTMLLang: htmlLang(lang), Title: title, CSS: pg.css,
		Cover: template.HTML(coverHTML.String()), TOC: toc, Body: template.HTML(marker)}
	var frame bytes.Buffer
	if err := pg.tmpl.Execute(&frame, data); err != nil {
		return fmt.Errorf("HTML page: %w", err)
	}
	head, tail, found := bytes.Cut(frame.Bytes(), []byte(marker))
	if !found {
		return fmt.Errorf("HTML page: the template has no body")
	}
	for _, part := range [][]byte{head, body.Bytes(), tail} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// markdownSections cuts md before each ATX heading that starts a line after a
// blank line, outside fenced code. ok is false when md holds something whose
// meaning a cut could change: a link reference definition or an HTML block of
// the kinds that end at a marker rather than at a blank line.
func markdownSections(md []byte) (sections [][]byte, ok bool) {
	start := 0
	fence := "" // the open code fence, if any
	blank := true
	for i := 0; i < len(md); {
		j := bytes.IndexByte(md[i:], '\n')
		end := len(md)
		if j >= 0 {
			end = i + j + 1
		}
		line := string(md[i:end])
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		switch {
		case fence != "":
			if indent < 4 && strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
				fence = ""
			}
		case indent < 4 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")):
			n := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
			fence = strings.Repeat(trimmed[:1], n)
		case indent < 4 && (strings.HasPrefix(trimmed, "[") && strings.Contains(trimmed, "]:")):
			return nil, false
		case indent < 4 && htmlBlockSpansBlankLines(trimmed):
			return nil, false
		case blank && i > start && isATXHeading(line):
			sections = append(sections, md[start:i])
			start = i
		}
		blank = fence == "" && strings.TrimSpace(line) == ""
		i = end
	}
	if start < len(md) {
		sections = append(sections, md[start:])
	}
	return sections, true
}

// isATXHeading reports whether line, unindented, opens an ATX heading (# to ######).
func isATXHeading(line string) bool {
	n := len(line) - len(strings.TrimLeft(line, "#"))
	if n < 1 || n > 6 {
		return false
	}
	rest := line[n:]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r'
}

// htmlBlockSpansBlankLines reports whether line starts a CommonMark HTML block
// of kinds 1–5 (script/pre/style/textarea, comment, processing instruction,
// declaration, CDATA), which run until their end marker across blank lines.
func htmlBlockSpansBlankLines(line string) bool {
	if !strings.HasPrefix(line, "<") {
		return false
	}
	l := strings.ToLower(line)
	for _, p := range []string{"<script", "<pre", "<style", "<textarea", "<!--", "<?", "<![cdata["} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return len(l) > 2 && l[1] == '!' && l[2] >= 'a' && l[2] <= 'z'
}

// figureInliner is inlineFigures applied section by section: each figure
// replaces the first image of its path in the document, numbered by its place
// among all the figures' paths, as inlineFigures numbers them.
type figureInliner struct {
	figures map[string][]byte
	paths   []string        // sorted
	done    map[string]bool // figures already inlined
}

func newFigureInliner(figures map[string][]byte) *figureInliner {
	f := &figureInliner{figures: figures, done: map[string]bool{}}
	for p := range figures {
		f.paths = append(f.paths, p)
	}
	sort.Strings(f.paths)
	return f
}

func (f *figureInliner) pending() bool { return len(f.done) < len(f.paths) }

func (f *figureInliner) inline(body string) string {
	for i, p := range f.paths {
		if f.done[p] {
			continue
		}
		tag := `<img src="` + p + `"`
		start := strings.Index(body, tag)
		if start < 0 {
			continue
		}
		end := strings.Index(body[start:], ">")
		if end < 0 {
			continue
		}
		f.done[p] = true
		body = body[:start] + figureHTML(i, f.figures[p]) + body[start+end+1:]
	}
	return body
}

// figureHTML is figure svg inlined as the i-th figure of a page (the same
// markup inlineFigures writes): its IDs prefixed so drawings do not share them.
func figureHTML(i int, figure []byte) string {
	svg := string(figure)
	if j := strings.Index(svg, "<svg"); j > 0 {
		svg = svg[j:] // drop an XML declaration or doctype
	}
	prefix := fmt.Sprintf("fig%d-", i+1)
	svg = strings.NewReplacer(`id="`, `id="`+prefix, `url(#`, `url(#`+prefix, `href="#`, `href="#`+prefix).Replace(svg)
	return `<span class="figure">` + strings.TrimSpace(svg) + `</span>`
}
