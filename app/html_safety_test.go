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
	if strings.Contains(page, "tracker.example/p.png\"") || strings.Contains(page, `src="//cdn`) || remoteRef.MatchString(page) {
		t.Errorf("the minutes load a remote image:\n%s", page)
	}
	for _, want := range []string{"门店 [http://tracker.example/p.png?u=1]", "图 [//cdn.example/logo.png]", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="本地">`, csp} {
		if !strings.Contains(page, want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "2 张远程图片") {
		t.Errorf("warnings %q, want one saying 2 remote images were left out", doc.Warnings)
	}
	md, err := a.Minutes(ctx, m.ID, crmflow.LangZH, report.FormatMarkdown)
	if err != nil || len(md.Warnings) != 0 {
		t.Errorf("the Markdown minutes: %v, warnings %q", err, md.Warnings)
	}
}
