package docs

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/templates"
)

// markdownOptions are the goldmark settings every document uses: GFM tables,
// strikethrough and task lists, heading IDs (generated, or given in the
// template as "## 标题 {#id}"). Deliberately absent: html.WithUnsafe (raw
// HTML is dropped, and user text has none left after escaping anyway) and
// extension.Linkify (a URL in user text stays text: documents link nowhere
// outside themselves).
func markdownOptions() []goldmark.Option {
	return []goldmark.Option{
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute(), remoteImagesOption()),
	}
}

var markdown = sync.OnceValue(func() goldmark.Markdown { return goldmark.New(markdownOptions()...) })

// pageTemplate is the parsed HTML wrapper with its stylesheet.
type pageTemplate struct {
	tmpl *template.Template
	css  template.CSS
}

var page = sync.OnceValues(func() (pageTemplate, error) {
	src, err := templates.Read("data/page.html.tmpl")
	if err != nil {
		return pageTemplate{}, err
	}
	css, err := templates.Read("data/style.css")
	if err != nil {
		return pageTemplate{}, err
	}
	t, err := template.New("page").Parse(string(src))
	if err != nil {
		return pageTemplate{}, fmt.Errorf("data/page.html.tmpl: %w", err)
	}
	return pageTemplate{tmpl: t, css: template.CSS(css)}, nil
})

// pageData is what page.html.tmpl sees.
type pageData struct {
	Contents string // the table of contents' heading, in the page's language
	HTMLLang string // the lang attribute: zh-CN or en
	Title    string
	CSS      template.CSS
	Cover    template.HTML
	TOC      []tocEntry
	Body     template.HTML
}

// tocEntry is a level-2 heading with the level-3 headings under it.
type tocEntry struct {
	ID       string
	Text     template.HTML // already escaped by goldmark's writer
	Children []tocEntry
}

// MarkdownToHTML turns a Markdown document into one self-contained HTML page:
// lang="zh-CN" (or "en"), the page title, inline CSS for screen and print (A4),
// a cover built from everything before the first level-2 heading, a table of
// contents of the level-2 and level-3 headings linking to their IDs, then the
// body. It loads nothing from anywhere: no scripts, links, fonts or images
// from outside, and raw HTML in md is dropped, not passed through.
func MarkdownToHTML(md []byte, title string, lang crmflow.Lang) ([]byte, error) {
	return markdownToHTML(md, title, lang, nil)
}

// MarkdownToHTMLFigures is MarkdownToHTML with figures inlined, for the
// pages of other packages (report/plan's weekly report).
func MarkdownToHTMLFigures(md []byte, title string, lang crmflow.Lang, figures map[string][]byte) ([]byte, error) {
	return markdownToHTML(md, title, lang, figures)
}

// markdownToHTML is MarkdownToHTML that also inlines figures: an image whose
// source is a key of figures (an SVG crmflow drew itself, never user text)
// is replaced by that SVG, so the page stays self-contained.
func markdownToHTML(md []byte, title string, lang crmflow.Lang, figures map[string][]byte) ([]byte, error) {
	return renderPage(markdown(), md, title, lang, figures, "")
}

// renderPage is markdownToHTML with the goldmark instance and any CSS the
// document adds to the shared stylesheet.
func renderPage(m goldmark.Markdown, md []byte, title string, lang crmflow.Lang, figures map[string][]byte, extraCSS string) ([]byte, error) {
	pg, err := page()
	if err != nil {
		return nil, err
	}
	doc := m.Parser().Parse(text.NewReader(md))

	// The cover: the nodes before the first chapter.
	cover := ast.NewDocument()
	for n := doc.FirstChild(); n != nil; {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			break
		}
		next := n.NextSibling()
		cover.AppendChild(cover, n)
		n = next
	}

	toc := appendTOC(nil, doc, md)

	var coverHTML, body bytes.Buffer
	if cover.HasChildren() {
		if err := m.Renderer().Render(&coverHTML, md, cover); err != nil {
			return nil, err
		}
	}
	body.Grow(len(md) * 3 / 2)
	if err := m.Renderer().Render(&body, md, doc); err != nil {
		return nil, err
	}
	bodyHTML := body.String()
	if len(figures) > 0 {
		bodyHTML = inlineFigures(bodyHTML, figures)
	}
	data := pageData{Contents: report.Tr(lang, "目录", "Contents"), HTMLLang: htmlLang(lang), Title: title, CSS: pg.css + template.CSS(extraCSS),
		Cover: template.HTML(coverHTML.String()), TOC: toc, Body: template.HTML(bodyHTML)}
	var out bytes.Buffer
	out.Grow(body.Len() + len(pg.css) + 4096)
	if err := pg.tmpl.Execute(&out, data); err != nil {
		return nil, fmt.Errorf("HTML page: %w", err)
	}
	return out.Bytes(), nil
}

// htmlLang is the lang attribute for a document language.
func htmlLang(lang crmflow.Lang) string { return report.Tr(lang, "zh-CN", "en") }

// headingText is the heading's text as escaped HTML, the way goldmark writes
// text (backslash escapes and entities resolved, then escaped for HTML).
func headingText(h *ast.Heading, source []byte) string {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			html.DefaultWriter.Write(w, t.Segment.Value(source))
			if t.SoftLineBreak() {
				_ = w.WriteByte(' ')
			}
		case *ast.String:
			html.DefaultWriter.Write(w, t.Value)
		}
		return ast.WalkContinue, nil
	})
	_ = w.Flush()
	return buf.String()
}

// inlineFigures replaces each <img src="PATH" ...> that goldmark rendered for a
// figure with the figure's SVG. IDs inside each SVG get a per-figure prefix so
// several drawings on one page do not share marker IDs.
func inlineFigures(body string, figures map[string][]byte) string {
	paths := make([]string, 0, len(figures))
	for p := range figures {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for i, p := range paths {
		tag := `<img src="` + p + `"`
		start := strings.Index(body, tag)
		if start < 0 {
			continue
		}
		end := strings.Index(body[start:], ">")
		if end < 0 {
			continue
		}
		svg := string(figures[p])
		if j := strings.Index(svg, "<svg"); j > 0 {
			svg = svg[j:] // drop an XML declaration or doctype
		}
		prefix := fmt.Sprintf("fig%d-", i+1)
		svg = strings.NewReplacer(`id="`, `id="`+prefix, `url(#`, `url(#`+prefix, `href="#`, `href="#`+prefix).Replace(svg)
		body = body[:start] + `<span class="figure">` + strings.TrimSpace(svg) + `</span>` + body[start+end+1:]
	}
	return body
}

// appendTOC adds the level-2 and level-3 headings among doc's children to toc,
// level 3 nested under the level 2 before it.
func appendTOC(toc []tocEntry, doc ast.Node, src []byte) []tocEntry {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level > 3 {
			continue
		}
		id, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		idb, _ := id.([]byte)
		e := tocEntry{ID: string(idb), Text: template.HTML(headingText(h, src))}
		if h.Level == 3 && len(toc) > 0 {
			last := &toc[len(toc)-1]
			last.Children = append(last.Children, e)
		} else {
			toc = append(toc, e)
		}
	}
	return toc
}
