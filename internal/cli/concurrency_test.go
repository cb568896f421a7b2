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
