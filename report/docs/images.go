package docs

import (
	"strings"

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
