package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/acceptance"
)

// TestAcceptanceDemo runs the demo, then its UAT round: one round on v1.1,
// mostly passing, two defects (the 严重 one fixed and re-verified), one case
// blocked; the verdict is 有条件通过 and the documents are written.
func TestAcceptanceDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	t.Setenv("CRMFLOW_NOW", "2026-11-25T10:00:00+08:00")
	t.Setenv("CRMFLOW_USER", "tester")
	io, _, errOut := TestStreams()
	if code := Run(context.Background(), []string{"demo", dir}, io); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	f := &Factory{IO: io, DBPath: filepath.Join(dir, DBFile)}
	defer f.Close()
	sum, files, err := writeAcceptanceDemo(context.Background(), f, filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
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
	want := []string{"UAT-1-UAT测试清单.xlsx", "UAT-1-验收报告.md", "UAT-1-验收报告.html", "需求跟踪矩阵.xlsx", "需求跟踪矩阵.html"}
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
	if code := Run(context.Background(), []string{"--db", filepath.Join(dir, DBFile), "audit", "verify"}, io2); code != 0 {
		t.Errorf("audit verify: %s %s", out, errOut2)
	}
}
