package docs

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Documents load nothing from the network. Markdown a person wrote (meeting
// minutes, interview notes) may still hold an image with a remote source,
// ![x](http://…), which a browser would fetch on opening the page (a tracking
// pixel, or content the client never saw). The renderer drops such images:
// each becomes its alt text followed by the address in brackets, as text.
// The page's Content-Security-Policy (page.html.tmpl) is the second line of
// defence.

// dropRemoteImages is the goldmark AST transformer that does it.
type dropRemoteImages struct{}

// remoteImagesOption adds the transformer to a parser.
func remoteImagesOption() parser.Option {
	return parser.WithASTTransformers(util.Prioritized(dropRemoteImages{}, 500))
}

// isRemote reports whether an image source would be fetched from outside the
// page: anything with a scheme other than data:, or a scheme-relative //host.
func isRemote(dest string) bool {
	d := strings.TrimSpace(dest)
	if strings.HasPrefix(d, "//") || strings.HasPrefix(d, `\\`) {
		return true
	}
	scheme, _, ok := strings.Cut(d, ":")
	if !ok || strings.ContainsAny(scheme, "/?#") {
		return false // a relative path: a figure crmflow drew, inlined later
	}
	return !strings.EqualFold(scheme, "data")
}

// remoteKey holds, in the parser context, how many images were dropped.
var remoteKey = parser.NewContextKey()

func (dropRemoteImages) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var remote []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && isRemote(string(img.Destination)) {
			remote = append(remote, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range remote {
		parent := img.Parent()
		// The alt text stays where the image was, then the address as text.
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.InsertBefore(parent, img, ast.NewString([]byte(" ["+string(img.Destination)+"]")))
		parent.RemoveChild(parent, img)
	}
	if n, _ := pc.Get(remoteKey).(int); len(remote) > 0 {
		pc.Set(remoteKey, n+len(remote))
	}
}

// RemoteImages counts the images with a remote source in md: the ones the
// HTML rendering drops, so the caller can tell the user.
func RemoteImages(md string) int {
	if !strings.Contains(md, "](") && !strings.Contains(md, "]:") {
		return 0
	}
	pc := parser.NewContext()
	markdown().Parser().Parse(text.NewReader([]byte(md)), parser.WithContext(pc))
	n, _ := pc.Get(remoteKey).(int)
	return n
}

// withoutRemoteImages rewrites the remote images of md, as the Markdown
// outputs carry the notes verbatim and a viewer would fetch them: each
// inline image becomes its alt text and the address in brackets, the text
// the HTML rendering shows. An image it cannot place in the source (empty
// alt text, a reference definition) has its "!" escaped instead, which leaves
// a link: nothing is loaded.
func withoutRemoteImages(md string) string {
	if RemoteImages(md) == 0 {
		return md
	}
	// A plain parser: the document's own one drops the images this looks for.
	doc := goldmark.DefaultParser().Parse(text.NewReader([]byte(md)))
	type span struct {
		start, end int
		repl       string
	}
	var spans []span
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering || !isRemote(string(img.Destination)) {
			return ast.WalkContinue, nil
		}
		first, fok := img.FirstChild().(*ast.Text)
		last, lok := img.LastChild().(*ast.Text)
		if !fok || !lok {
			return ast.WalkSkipChildren, nil
		}
		start, stop := first.Segment.Start-2, last.Segment.Stop
		if start < 0 || md[start:start+2] != "![" || !strings.HasPrefix(md[stop:], "](") {
			return ast.WalkSkipChildren, nil
		}
		end := strings.IndexByte(md[stop:], ')')
		if end < 0 || !strings.Contains(md[stop:stop+end], string(img.Destination)) {
			return ast.WalkSkipChildren, nil
		}
		spans = append(spans, span{start, stop + end + 1, md[start+2:stop] + " [" + string(img.Destination) + "]"})
		return ast.WalkSkipChildren, nil
	})
	var out strings.Builder
	at := 0
	for _, s := range spans {
		if s.start < at {
			continue
		}
		out.WriteString(md[at:s.start])
		out.WriteString(s.repl)
		at = s.end
	}
	out.WriteString(md[at:])
	r := out.String()
	left := RemoteImages(r)
	if left == 0 {
		return r
	}
	// Escape the "!" of each image that is still remote: the one whose
	// escaping lowers the count. Past a few hundred candidates, every one.
	if strings.Count(r, "![") > 200 {
		return strings.ReplaceAll(strings.ReplaceAll(r, `\![`, "!["), "![", `\![`)
	}
	for i := 0; left > 0; {
		j := strings.Index(r[i:], "![")
		if j < 0 {
			break
		}
		at := i + j
		try := r[:at] + `\` + r[at:]
		if n := RemoteImages(try); n < left {
			r, left, i = try, n, at+3
			continue
		}
		i = at + 2
	}
	return r
}
