package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestKilledWritesAreAllOrNothing kills crmflow (SIGKILL) part way through
// an import that edits every draft of a 1,000-requirement project and
// through a freeze, at several moments each: afterwards the workspace passes
// audit verify and doctor and holds all of the write or none of it.
func TestKilledWritesAreAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a project and kills 16 processes; skipped with -short")
	}
	bin, err := exec.LookPath("crmflow") // the test binary, set up by testscript.Main
	if err != nil {
		t.Fatalf("crmflow not on PATH: %v", err)
	}
	cmdIn := func(dir string, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CRMFLOW_DB="+filepath.Join(dir, "crmflow.db"), "CRMFLOW_USER=tester")
		return cmd
	}
	run := func(dir string, args ...string) string {
		t.Helper()
		out, err := cmdIn(dir, args...).Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("%v: %v\n%s%s", args, err, out, stderr)
		}
		return string(out)
	}
	type req struct {
		ID, Title, Status string
	}
	list := func(dir string) []req {
		t.Helper()
		var rs []req
		if err := json.Unmarshal([]byte(run(dir, "req", "list", "--json")), &rs); err != nil {
			t.Fatal(err)
		}
		return rs
	}

	base := filepath.Join(t.TempDir(), "base")
	run(filepath.Dir(base), "demo", base, "--scale", "1000")
	run(base, "export", "reqs", "-o", "out/requirements.xlsx")
	edited := filepath.Join(base, "out", "edited.xlsx")
	drafts := editDraftTitles(t, filepath.Join(base, "out", "requirements.xlsx"), edited)
	before := list(base)
	confirmed := 0
	for _, r := range before {
		if r.Status == "confirmed" {
			confirmed++
		}
	}
	if drafts < 100 || confirmed < 100 {
		t.Fatalf("the project has %d drafts and %d confirmed requirements; want 100 or more of each", drafts, confirmed)
	}

	writes := []struct {
		name string
		args []string
		// done tells from the requirements whether the write took effect;
		// it fails the test when the write is there in part.
		done func(rs []req) bool
	}{
		{"import", []string{"import", "reqs", edited}, func(rs []req) bool {
			n := 0
			for _, r := range rs {
				if strings.HasPrefix(r.Title, "改：") {
					n++
				}
			}
			if n != 0 && n != drafts {
				t.Errorf("import killed: %d of %d edits are in the workspace", n, drafts)
			}
			return n == drafts
		}},
		{"freeze", []string{"freeze", "--name", "v2.0"}, func(rs []req) bool {
			n := 0
			for _, r := range rs {
				if r.Status == "confirmed" {
					n++
				}
			}
			if n != 0 && n != confirmed {
				t.Errorf("freeze killed: %d of %d confirmed requirements left", n, confirmed)
			}
			return n == 0
		}},
	}
	files := []string{"crmflow.db", "crmflow.db.anchor"}
	for _, w := range writes {
		outcomes := map[bool]int{}
		for _, delay := range []time.Duration{0, 25, 100, 200, 400, 800, 1500, 3000} {
			dir := t.TempDir()
			for _, f := range files {
				b, err := os.ReadFile(filepath.Join(base, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := cmdIn(dir, w.args...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(delay * time.Millisecond)
			_ = cmd.Process.Kill() // it may have finished already
			_ = cmd.Wait()
			run(dir, "audit", "verify")
			run(dir, "doctor")
			outcomes[w.done(list(dir))]++
		}
		t.Logf("%s: killed 8 times; the write was whole %d times and absent %d times", w.name, outcomes[true], outcomes[false])
	}
}

// editDraftTitles copies the checklist at src to dst with 改： before the
// title of every draft, and returns how many it edited.
func editDraftTitles(t *testing.T, src, dst string) int {
	t.Helper()
	x, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	const sheet = "需求清单"
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	title, status := -1, -1
	for i, h := range rows[0] {
		switch h {
		case "标题":
			title = i
		case "状态":
			status = i
		}
	}
	if title < 0 || status < 0 {
		t.Fatalf("no 标题 or 状态 column in %q", rows[0])
	}
	n := 0
	for r, row := range rows[1:] {
		if status >= len(row) || row[status] != "草稿" {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(title+1, r+2)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.SetCellStr(sheet, cell, "改："+row[title]); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := x.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	return n
}
