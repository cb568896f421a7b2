package plan

import (
	"bytes"
	"io"
	"regexp"
	"sync"

	"github.com/crmflow/crmflow/report/docs"
)

// weeklyCSS adjusts the shared page stylesheet for a report of a few pages
// read every week: no cover page, no contents, sections run on, and the
// page is A4 landscape so that the milestone table and the Gantt chart
// keep a readable size.
const weeklyCSS = `<style>
.cover { min-height: 0; break-after: auto; page-break-after: auto; margin-bottom: 1rem; }
.cover h1 { font-size: 1.9em; letter-spacing: 0; }
.cover p { font-size: 1.05em; margin: 0 0 0.5em; }
nav.toc { display: none; }
th { white-space: normal; }
td:first-child, td.date { white-space: nowrap; }
/* The milestone table (the one with ten columns): slip, status and RAG never
   wrap, and a smaller type keeps a milestone on one line, so that the table
   and the Gantt chart after it take no more pages in English than in Chinese. */
table:has(> thead th:nth-child(10):last-child) { font-size: 0.85em; }
table:has(> thead th:nth-child(10):last-child) td:nth-child(n+7):nth-child(-n+9) { white-space: nowrap; }
@page { size: A4 landscape; margin: 12mm 12mm 14mm; }
@media print {
  h2 { break-before: auto; page-break-before: auto; margin-top: 1.2em; break-after: avoid; }
  .cover { min-height: 0; }
  body { font-size: 9.5pt; }
  .figure { page-break-inside: auto; }
}
</style>
</head>`

// WeeklyHTML writes the weekly report as one self-contained page: the
// Markdown report through the SRS's Markdown-to-HTML path and page template,
// with the Gantt chart and the fever chart drawn inline as SVG.
func WeeklyHTML(w io.Writer, doc *Weekly) error {
	var md bytes.Buffer
	if err := weeklyMarkdown(&md, doc, true); err != nil {
		return err
	}
	figures := map[string][]byte{}
	if doc.Schedule != nil {
		var svg bytes.Buffer
		if err := GanttSVG(&svg, &Gantt{Project: doc.Project, Lang: doc.Lang, Schedule: doc.Schedule, Calendar: doc.Calendar}); err != nil {
			return err
		}
		figures[figGantt] = svg.Bytes()
	}
	var fever bytes.Buffer
	if err := FeverSVG(&fever, doc); err != nil {
		return err
	}
	figures[figFever] = fever.Bytes()
	page, err := docs.MarkdownToHTMLFigures(md.Bytes(), doc.Project.Name+" "+WeeklyTitle(doc.Lang, doc.Data.Week), doc.Lang, figures)
	if err != nil {
		return err
	}
	// A date is not broken at its hyphens when the table is tight.
	page = dateCell().ReplaceAll(page, []byte(`<td class="date">$1</td>`))
	page = bytes.Replace(page, []byte("</head>"), []byte(weeklyCSS), 1)
	_, err = w.Write(page)
	return err
}

// dateCell matches a table cell holding only a date.
var dateCell = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<td>(\d{4}-\d\d-\d\d)</td>`) })
