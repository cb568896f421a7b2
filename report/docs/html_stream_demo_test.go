package docs_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/report/docs"
	_ "github.com/crmflow/crmflow/sqlite/backend"
)

// The demo's SRS (process figures included) and a scaled demo project's
// convert to the same HTML whole and section by section, in both languages.
func TestSRSStreamedHTMLIdenticalDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo")
	}
	ctx := context.Background()
	opts := app.Options{Clock: crmflow.FixedClock{T: time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}, Actor: "tester"}
	for _, scale := range []int{0, 2000} {
		dir := t.TempDir()
		path := filepath.Join(dir, "crmflow.db")
		if _, err := app.CreateDemo(ctx, path, app.DemoOptions{Scale: scale, Out: filepath.Join(dir, "out")}, opts); err != nil {
			t.Fatal(err)
		}
		a, err := app.Open(ctx, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
			reg, err := a.Register(ctx, lang, "")
			if err != nil {
				t.Fatal(err)
			}
			if scale == 0 && len(reg.Processes) == 0 {
				t.Fatal("the demo's SRS has no process figures to inline")
			}
			whole, streamed, sections, err := docs.SRSHTMLBothWays(reg)
			if err != nil {
				t.Fatal(err)
			}
			if sections < len(reg.Requirements)/2 {
				t.Errorf("scale %d %s: cut into %d sections for %d requirements", scale, lang, sections, len(reg.Requirements))
			}
			if !bytes.Equal(whole, streamed) {
				t.Errorf("scale %d %s: streamed HTML differs (lengths %d, %d)", scale, lang, len(whole), len(streamed))
			}
		}
		a.Close()
	}
}
