package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentAdds runs two crmflow processes at once, each adding 200
// requirements to the same workspace: every add must succeed with its own ID,
// and no "database is locked" may reach the user.
func TestConcurrentAdds(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 400 processes; skipped with -short")
	}
	bin, err := exec.LookPath("crmflow") // the test binary, set up by testscript.Main
	if err != nil {
		t.Fatalf("crmflow not on PATH: %v", err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "crmflow.db")
	env := append(os.Environ(), "CRMFLOW_DB="+db, "CRMFLOW_USER=tester")
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("init", "--name", "concurrency"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	const perWorker = 200
	var wg sync.WaitGroup
	errs := make(chan string, 2*perWorker)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// Each worker is one crmflow process at a time, so the two workers'
			// processes overlap throughout.
			for i := 0; i < perWorker; i++ {
				out, err := run("req", "add", fmt.Sprintf("worker %d requirement %d", w, i), "--module", "拜访跟进")
				if err != nil || strings.Contains(out, "locked") {
					errs <- fmt.Sprintf("worker %d add %d: %v: %s", w, i, err, out)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	out, err := run("req", "list", "--json")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	var reqs []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(out), &reqs); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	ids, titles := map[string]bool{}, map[string]bool{}
	for _, r := range reqs {
		ids[r.ID], titles[r.Title] = true, true
	}
	if len(reqs) != 2*perWorker || len(ids) != 2*perWorker || len(titles) != 2*perWorker {
		t.Fatalf("got %d requirements, %d distinct IDs, %d distinct titles; want %d of each", len(reqs), len(ids), len(titles), 2*perWorker)
	}
	if out, err := run("audit", "verify"); err != nil {
		t.Fatalf("audit verify after concurrent adds: %v\n%s", err, out)
	}
}

// TestConcurrentApply applies one approved change request from two processes
// at once, several times over: exactly one must succeed and exactly one
// baseline must come of it; the other is told the request was already applied.
func TestConcurrentApply(t *testing.T) {
	bin, err := exec.LookPath("crmflow")
	if err != nil {
		t.Fatalf("crmflow not on PATH: %v", err)
	}
	for round := 0; round < 3; round++ {
		dir := t.TempDir()
		env := append(os.Environ(), "CRMFLOW_DB="+filepath.Join(dir, "crmflow.db"), "CRMFLOW_USER=tester")
		run := func(args ...string) (string, error) {
			cmd := exec.Command(bin, args...)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
		for _, args := range [][]string{
			{"init", "--name", "apply"},
			{"req", "add", "拜访录入", "--module", "拜访跟进", "--criteria", "5 秒内可见"},
			{"req", "status", "REQ-001", "confirmed"},
			{"freeze", "--name", "v1.0"},
			{"stakeholder", "add", "王总", "--can", "approve"},
			{"cr", "new", "改", "--req", "REQ-001", "--reason", "r", "--set", "urgency=5"},
			{"cr", "analyze", "CR-001", "--effort", "1d", "--risk", "low"},
			{"cr", "approve", "CR-001", "--by", "王总"},
		} {
			if out, err := run(args...); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
		}
		var wg sync.WaitGroup
		outs := make([]string, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i], errs[i] = run("cr", "apply", "CR-001")
			}()
		}
		wg.Wait()
		ok := 0
		for i := range 2 {
			switch {
			case errs[i] == nil:
				ok++
			case !strings.Contains(outs[i], "CR-001 已实施（基线 v1.1）"): // the project is Chinese
				t.Errorf("round %d: the losing apply said %q", round, outs[i])
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d applies succeeded, want 1:\n%s\n%s", round, ok, outs[0], outs[1])
		}
		out, err := run("baseline", "list", "--json")
		if err != nil {
			t.Fatal(err)
		}
		var bs []struct{ Name string }
		if err := json.Unmarshal([]byte(out), &bs); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(bs) != 2 || bs[1].Name != "v1.1" {
			t.Fatalf("round %d: baselines %+v, want v1.0 and v1.1", round, bs)
		}
	}
}
