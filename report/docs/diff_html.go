package docs

import (
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// The baseline diff's HTML: the same page and Markdown as every document,
// with strong emphasis drawn as <ins> (the diff uses ** only to mark added
// words, and user text cannot produce it: it is escaped) and strikethrough
// as goldmark draws it, <del>.

var diffMarkdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(append(markdownOptions(),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(insRenderer{}, 100))))...)
})

// insRenderer draws emphasis: <em> for *x*, <ins> for **x**.
type insRenderer struct{}

func (insRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindEmphasis, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		tag := "em"
		if n.(*ast.Emphasis).Level == 2 {
			tag = "ins"
		}
		if entering {
			_, _ = w.WriteString("<" + tag + ">")
		} else {
			_, _ = w.WriteString("</" + tag + ">")
		}
		return ast.WalkContinue, nil
	})
}

// diffCSS styles the marks for screen and paper: colour and a tint on
// screen, kept in print (print-color-adjust), and strike-through and
// underline so a black-and-white copy still tells them apart.
const diffCSS = `
del { color: #9b1c1c; background: #fde8e8; text-decoration: line-through; text-decoration-thickness: 1px; }
ins { color: #14532d; background: #dcfce7; text-decoration: underline; text-decoration-thickness: 1px; text-underline-offset: 2px; }
del, ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; padding: 0 1px; }
`
