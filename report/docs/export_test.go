package docs

import (
	"bytes"

	"github.com/crmflow/crmflow/report"
)

// SRSHTMLBothWays converts reg's SRS Markdown to HTML twice, as BuildSRS does
// (figures, title): whole with markdownToHTML, and section by section with
// writeMarkdownHTML. It also says whether the Markdown was cut into sections.
func SRSHTMLBothWays(reg *report.Register) (whole, streamed []byte, sections int, err error) {
	lang := docLang(reg)
	doc := newSRSDoc(reg, lang)
	doc.Title = srsTitle(doc, lang)
	var md bytes.Buffer
	writeSRSMarkdown(&md, doc, lang)
	figures := make(map[string][]byte, len(reg.Processes))
	for _, pf := range reg.Processes {
		figures[report.FigurePath(pf.ID, lang)] = pf.SVG
	}
	if whole, err = markdownToHTML(md.Bytes(), doc.Title, lang, figures); err != nil {
		return nil, nil, 0, err
	}
	var out bytes.Buffer
	if err = writeMarkdownHTML(&out, md.Bytes(), doc.Title, lang, figures); err != nil {
		return nil, nil, 0, err
	}
	cut, ok := markdownSections(md.Bytes())
	if ok {
		sections = len(cut)
	}
	return whole, out.Bytes(), sections, nil
}
