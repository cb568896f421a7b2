package app_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/docs"
	"github.com/crmflow/crmflow/research"
)

// remoteRef finds a src or href of an img, script, link, iframe, source,
// video, audio or embed that points outside the page.
var remoteRef = regexp.MustCompile(`(?i)<(img|script|link|iframe|source|video|audio|embed|object)\b[^>]*\b(src|href|data)\s*=\s*["']?\s*(https?:|//|ftp:|file:)`)

const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`

// TestDemoHTMLLoadsNothing: every HTML page the demo writes carries the
// Content-Security-Policy and refers to nothing outside itself.
func TestDemoHTMLLoadsNothing(t *testing.T) {
	demoWorkspace(t)
	n := 0
	err := filepath.WalkDir(filepath.Join(demoDir, "out"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".html") {
			return err
		}
		n++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		page := string(b)
		if !strings.Contains(page, csp) {
			t.Errorf("%s has no Content-Security-Policy", p)
		}
		if m := remoteRef.FindString(page); m != "" {
			t.Errorf("%s loads from outside: %s", p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("the demo wrote %d HTML pages; expected its documents", n)
	}
}

// TestRemoteImagesDropped: minutes whose notes hold remote images render
// each as its alt text and address, load nothing, and say how many.
func TestRemoteImagesDropped(t *testing.T) {
	ctx := context.Background()
	p := demoWorkspace(t)
	a, err := app.Open(ctx, p, app.Options{Clock: doctorNow, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	notes := "现场照片：![门店](http://tracker.example/p.png?u=1)\n\n参考 ![图][logo] 与 ![本地](data:image/png;base64,iVBORw0KGgo=)\n\n[logo]: //cdn.example/logo.png\n"
	m, err := a.RecordMeeting(ctx, meeting.Input{Kind: meeting.Review, Date: "2026-12-01", Title: "评审", Attendees: []string{"王总"}, Notes: notes})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := a.Minutes(ctx, m.ID, crmflow.LangZH, report.FormatHTML)
	if err != nil {
		t.Fatal(err)
	}
	page := string(doc.Data)
	// A reference-style image (definition elsewhere) becomes a link: the
	// notes are rewritten before rendering, and a link loads nothing.
	if strings.Contains(page, "tracker.example/p.png\"") || strings.Contains(page, `src="//cdn`) || remoteRef.MatchString(page) {
		t.Errorf("the minutes load a remote image:\n%s", page)
	}
	for _, want := range []string{"门店 [http://tracker.example/p.png?u=1]", `!<a href="//cdn.example/logo.png">图</a>`, `<img src="data:image/png;base64,iVBORw0KGgo=" alt="本地">`, csp} {
		if !strings.Contains(page, want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "2 张远程图片") {
		t.Errorf("warnings %q, want one saying 2 remote images were left out", doc.Warnings)
	}
	// The Markdown minutes carry the notes, so a Markdown viewer would fetch
	// the same images: they are dropped there too, with the same warning.
	md, err := a.Minutes(ctx, m.ID, crmflow.LangZH, report.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	checkMarkdownLoadsNothing(t, "the Markdown minutes", md, "门店 [http://tracker.example/p.png?u=1]", "![本地](data:image/png;base64,iVBORw0KGgo=)")
	if len(md.Warnings) != 1 || !strings.Contains(md.Warnings[0], "2 张远程图片") {
		t.Errorf("Markdown minutes warnings %q, want one saying 2 remote images were left out", md.Warnings)
	}

	// Interview notes reach the survey report, in both formats.
	if _, err := a.Research.AddInterview(ctx, research.Interview{With: "王总", Role: "销售总监", Date: "2026-12-01", Notes: notes}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
		rep, err := a.SurveyReport(ctx, crmflow.LangZH, format)
		if err != nil {
			t.Fatal(err)
		}
		if format == report.FormatMarkdown {
			checkMarkdownLoadsNothing(t, "the Markdown survey report", rep, "门店 [http://tracker.example/p.png?u=1]")
		} else if page := string(rep.Data); remoteRef.MatchString(page) || !strings.Contains(page, "门店 [http://tracker.example/p.png?u=1]") {
			t.Errorf("the HTML survey report loads a remote image or lacks its stand-in:\n%s", page)
		}
		if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "张远程图片") {
			t.Errorf("survey report (%s) warnings %q, want one about remote images", format, rep.Warnings)
		}
	}
}

// checkMarkdownLoadsNothing fails when a Markdown document still holds an
// image a viewer would fetch, or lacks the text that stands in its place.
func checkMarkdownLoadsNothing(t *testing.T, what string, doc app.Document, want ...string) {
	t.Helper()
	page := string(doc.Data)
	if n := docs.RemoteImages(page); n != 0 {
		t.Errorf("%s hold %d remote images:\n%s", what, n, page)
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s lack %q:\n%s", what, w, page)
		}
	}
}
