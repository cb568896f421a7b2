package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/app"
)

// TestAcceptanceDemo runs the demo, whose UAT round comes after change
// control: one round on v1.1, mostly passing, two defects (the 严重 one fixed
// and re-verified), one case blocked; the verdict is 有条件通过 and the
// documents are written.
func TestAcceptanceDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo")
	}
	dir := t.TempDir()
	res, err := app.CreateDemo(context.Background(), filepath.Join(dir, DBFile), app.DemoOptions{Out: filepath.Join(dir, "out")},
		app.Options{Clock: crmflow.FixedClock{T: time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Acceptance
	var files []string
	for _, p := range res.Written {
		if strings.HasPrefix(filepath.Base(p), "UAT-1-") || strings.Contains(p, "跟踪矩阵") {
			files = append(files, p)
		}
	}
	if sum.Round.ID != "UAT-1" || sum.Round.Baseline != "v1.1" || len(sum.Defects) != 2 || sum.Verdict.Verdict != acceptance.Conditional {
		t.Fatalf("demo round = %+v", sum)
	}
	blocked := 0
	for _, it := range sum.Verdict.OpenItems {
		if it.Result == acceptance.Blocked {
			blocked++
		}
	}
	if blocked != 1 || len(sum.Verdict.OpenItems) != 2 || len(sum.Verified) == 0 {
		t.Errorf("open items %+v, verified %v", sum.Verdict.OpenItems, sum.Verified)
	}
	want := []string{"UAT-1-UAT测试清单.xlsx", "UAT-1-验收报告.md", "UAT-1-验收报告.html", "UAT-1-acceptance-report.md", "UAT-1-acceptance-report.html",
		"需求跟踪矩阵.xlsx", "需求跟踪矩阵.html"}
	if len(files) != len(want) {
		t.Fatalf("files = %v", files)
	}
	for i, w := range want {
		if filepath.Base(files[i]) != w {
			t.Errorf("file %d = %s, want %s", i, files[i], w)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "out", "UAT-1-验收报告.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"**有条件通过**", "| 严重 | 1 | 0 | 0 | 1 | 0 |", "| 一般 | 1 | 1 | 0 | 0 | 0 |", "赵工"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("report lacks %q", s)
		}
	}
	io2, out, errOut2 := TestStreams()
	t.Setenv("CRMFLOW_USER", "tester")
	if code := Run(context.Background(), []string{"--db", filepath.Join(dir, DBFile), "audit", "verify"}, io2); code != 0 {
		t.Errorf("audit verify: %s %s", out, errOut2)
	}
}

// TestRunDocBuildAcceptance: doc build acceptance takes the round and asks
// the application for the report in the language and format asked.
func TestRunDocBuildAcceptance(t *testing.T) {
	dir := t.TempDir() + string(filepath.Separator)
	fd := &fakeDocs{}
	io, out, _ := TestStreams()
	open := func() (documenter, error) { return fd, nil }
	if err := runDocBuild(context.Background(), &docBuildOptions{IO: io, App: open, Doc: "acceptance", ID: "UAT-2", Lang: "en", Format: "html", Out: dir}, 2); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "acceptance-UAT-2.html")); err != nil || string(b) != "acceptance-UAT-2" {
		t.Errorf("the report: %q (%v)", b, err)
	}
	if strings.Join(fd.calls, ",") != "acceptance-UAT-2 en html" || out.String() != filepath.Join(dir, "acceptance-UAT-2.html")+"\n" {
		t.Errorf("calls %q, stdout %q", fd.calls, out.String())
	}
	var ue *usageError
	err := runDocBuild(context.Background(), &docBuildOptions{IO: io, App: never[documenter](t), Doc: "acceptance", Format: "md"}, 1)
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "UAT round") {
		t.Errorf("acceptance without a round: %v, want a usage error naming the round", err)
	}
}

// TestAcceptanceHints: acceptance errors carry facts; the CLI's hints name
// the command that gets past them.
func TestAcceptanceHints(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{crmflow.Errorf(crmflow.ENOTFOUND, "no baseline").In("acceptance").About("baseline", ""), "crmflow freeze --name v1.0"},
		{crmflow.Errorf(crmflow.EINVALID, "in no baseline").In("tc.add").About(crmflow.KindRequirement.Noun, "REQ-004").With("status", "confirmed"), "crmflow freeze --name v1.1"},
		{crmflow.Errorf(crmflow.EINVALID, "in no baseline").In("tc.add").About(crmflow.KindRequirement.Noun, "REQ-004").With("status", "draft"), ""},
		{crmflow.Errorf(crmflow.EINVALID, "other round").In("uat.import").About(crmflow.KindUAT.Noun, "UAT-2").With("workbook_round", "UAT-1"), "crmflow uat export UAT-2 -o out/"},
		{crmflow.Errorf(crmflow.ENOTFOUND, "no such case").About(crmflow.KindTestCase.Noun, "TC-099"), "crmflow tc list"},
		{crmflow.Errorf(crmflow.ENOTFOUND, "no such defect").About(crmflow.KindDefect.Noun, "DEF-009"), "crmflow defect list"},
		{crmflow.Errorf(crmflow.ENOTFOUND, "no such round").About(crmflow.KindUAT.Noun, "UAT-9"), "crmflow uat list"},
	} {
		if got := hintFor(c.err, crmflow.LangZH); got != c.want {
			t.Errorf("hint for %v = %q, want %q", c.err, got, c.want)
		}
	}
}
