package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// sprintAuto times `sprint auto` as a person runs it: a release over n
// generated requirements (every one estimated) with twenty two-week sprints
// that have not started, filled in one command (each run on a fresh copy of
// the workspace, since a run places the requirements), beside its dry run
// and the start-up floor.
func sprintAuto(b *bencher, n, runs int) {
	ws := b.project(n)
	fixture := filepath.Join(b.dir, "sprint-fixture")
	copyWorkspace(ws, fixture)
	// Twenty sprints from next Monday: the clock is not pinned, so the
	// window follows today's date.
	start := time.Now()
	for start.Weekday() != time.Monday {
		start = start.AddDate(0, 0, 1)
	}
	target := start.AddDate(0, 0, 20*14-1)
	b.run(fixture, "release", "add", "v1.0", "--target", target.Format(time.DateOnly))
	b.run(fixture, "sprint", "plan", "v1.0", "--length", "2w", "--start", start.Format(time.DateOnly), "--capacity", "250d")
	list := exec.Command(b.bin, "req", "list")
	list.Dir, list.Env = fixture, b.env
	out, err := list.Output()
	check(err)
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		id, _, _ := strings.Cut(line, "\t")
		ids = append(ids, id)
	}
	b.run(fixture, append([]string{"release", "assign", "v1.0"}, ids...)...)
	// Estimates of 0.25d to 1.5d, set behind crmflow's back (n req edit
	// commands would take minutes): only the timings matter here, so audit
	// verify reports these rows as changed outside crmflow.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(fixture, "crmflow.db"))
	check(err)
	_, err = db.Exec("UPDATE release_items SET estimate_hours = 2 + (CAST(substr(ref, 5) AS INTEGER) % 6) * 2")
	check(err)
	_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	check(err)
	check(db.Close())

	dry := b.times(runs, fixture, b.bin, "sprint", "auto", "v1.0", "--dry-run")
	var ss []sample
	for i := range runs {
		fresh := filepath.Join(b.dir, fmt.Sprintf("sprint-%d", i))
		copyWorkspace(fixture, fresh)
		ss = append(ss, b.run(fresh, "sprint", "auto", "v1.0"))
	}
	auto := summarize(ss)
	floor := b.times(runs, fixture, b.bin, "version")
	fmt.Printf("`sprint auto` over %s estimated requirements into 20 sprints (capacity 250 person-days each); %d runs as whole processes.\n\n", thousands(len(ids)), runs)
	fmt.Println("| command | wall: median (fastest–slowest) | CPU | RSS | target |")
	fmt.Println("|---|---|---|---|---|")
	for _, r := range []struct {
		what   string
		s      stat
		target string
	}{{"`sprint auto v1.0` (places and stores the plan)", auto, "< 200 ms"}, {"`sprint auto v1.0 --dry-run`", dry, ""}, {"`crmflow version` (the floor)", floor, ""}} {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", r.what, r.s.cell(), fmtDur(r.s.cpu), fmtBytes(r.s.rss), r.target)
	}
}

// copyWorkspace copies the files of workspace src (database, anchor) into dst.
func copyWorkspace(src, dst string) {
	check(os.MkdirAll(dst, 0o755))
	entries, err := os.ReadDir(src)
	check(err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		check(err)
		check(os.WriteFile(filepath.Join(dst, e.Name()), data, 0o600))
	}
}
