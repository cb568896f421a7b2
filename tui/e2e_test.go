package tui_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTmuxEndToEnd drives the built binary in a real terminal (tmux): open
// the demo, go to the requirements, filter, change a status, go to the
// sprint board, move a card back to to-do, quit; then reads the database back
// through the CLI.
func TestTmuxEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CRMFLOW_REQUIRE_READERS") != "" {
			t.Fatal("tmux is not installed, and CRMFLOW_REQUIRE_READERS is set: .ci/run should have installed it (apt: tmux)")
		}
		t.Skip("tmux is not installed (apt: tmux); .ci/run installs it")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "crmflow")
	build := exec.Command("go", "build", "-o", bin, "./cmd/crmflow")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "CRMFLOW_NOW="+now, "CRMFLOW_USER=tester")
	ws := filepath.Join(dir, "demo")
	demo := exec.Command(bin, "demo", ws)
	demo.Env = env
	if out, err := demo.CombinedOutput(); err != nil {
		t.Fatalf("crmflow demo: %v\n%s", err, out)
	}

	sock := fmt.Sprintf("crmflow-e2e-%d", os.Getpid())
	tm := func(args ...string) string {
		t.Helper()
		c := exec.Command(tmux, append([]string{"-L", sock}, args...)...)
		c.Env = env
		out, err := c.CombinedOutput()
		if err != nil && args[0] != "has-session" {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	t.Cleanup(func() { exec.Command(tmux, "-L", sock, "kill-server").Run() })
	// Bare "crmflow" on a terminal inside a workspace opens the UI.
	shell := fmt.Sprintf("cd %q && TERM=xterm-256color LANG=C.UTF-8 exec %q", ws, bin)
	tm("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", shell)
	capture := func() string { return tm("capture-pane", "-p", "-t", "e2e") }
	waitFor := func(what string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(capture(), what) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", what, capture())
	}
	keys := func(k ...string) { tm(append([]string{"send-keys", "-t", "e2e"}, k...)...) }

	waitFor("某快消企业CRM定制")
	keys("2")
	waitFor("REQ-001")
	keys("/")
	keys("-l", "重点客户")
	waitFor("显示 1")
	keys("Enter", "s")
	waitFor("修改状态")
	// To the top of the status list (draft), then down to the last: deferred.
	keys("Up", "Up", "Up", "Up", "Up", "Up", "Up", "Down", "Down", "Down", "Down", "Down", "Down", "Enter")
	waitFor("REQ-026 状态: 已延期")
	// The sprint board opens on the running sprint; right selects the card in
	// development, whose full line shows under the columns; s stops it.
	keys("8")
	waitFor("迭代 S-03")
	waitFor("开发中")
	keys("Right")
	waitFor("REQ-026  重点客户节日关怀短信")
	keys("s")
	waitFor("REQ-026: 待开发")
	keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command(tmux, "-L", sock, "has-session", "-t", "e2e").Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit:\n%s", capture())
		}
		time.Sleep(50 * time.Millisecond)
	}

	show := exec.Command(bin, "--db", filepath.Join(ws, "crmflow.db"), "req", "show", "REQ-026", "--json")
	show.Env = env
	out, err := show.Output()
	if err != nil {
		t.Fatalf("req show: %v", err)
	}
	var r struct{ Status string }
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != "deferred" {
		t.Fatalf("REQ-026 is %q after the UI deferred it", r.Status)
	}
	board := exec.Command(bin, "--db", filepath.Join(ws, "crmflow.db"), "sprint", "board", "S-03", "--json")
	board.Env = env
	if out, err = board.Output(); err != nil {
		t.Fatalf("sprint board: %v", err)
	}
	var b struct {
		Columns map[string][]struct{ Ref string }
	}
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(b.Columns["todo"], func(it struct{ Ref string }) bool { return it.Ref == "REQ-026" }) {
		t.Fatalf("REQ-026 is not to do after the board stopped it: %s", out)
	}
}
