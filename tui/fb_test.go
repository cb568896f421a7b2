package tui_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

// The acceptance page shows each sign-off with who signed, and the go-live
// gate with what blocks it; the overview keeps the UAT tally and the gate on
// an 80×24 screen.
func TestAcceptanceSignoffsAndGate(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	ctx := context.Background()
	m := newModel(t, a, 80, 24)
	rounds, err := a.Acceptance.Store.Rounds(ctx)
	if err != nil || len(rounds) == 0 {
		t.Fatalf("the demo has no UAT round: %v", err)
	}
	st, _, _, err := a.Acceptance.Assess(ctx, rounds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	gate, err := a.GoLive.Gate(ctx, crmflow.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	total := gate.Done + len(gate.Waived) + len(gate.Blocking)
	s := screen(m)
	for _, want := range []string{fmt.Sprintf("通过 %d  失败 %d", st.Total.Pass, st.Total.Fail), fmt.Sprintf("上线闸门: 未就绪  已完成 %d/%d", gate.Done, total)} {
		if !strings.Contains(s, want) {
			t.Fatalf("the 80×24 overview lacks %q:\n%s", want, s)
		}
	}
	press(m, "7")
	s = screen(m)
	signs, err := a.Signoffs.Store.Requests(ctx)
	if err != nil || len(signs) == 0 {
		t.Fatalf("the demo has no sign-off: %v", err)
	}
	if !strings.Contains(s, fmt.Sprintf("签字确认 (%d)", len(signs))) || !strings.Contains(s, signs[0].ID) ||
		!strings.Contains(s, signs[0].Signatures[0].Signer) {
		t.Fatalf("the sign-offs are not shown:\n%s", s)
	}
	if !strings.Contains(s, "上线闸门: 未就绪") || !strings.Contains(s, fmt.Sprintf("阻塞 %d", len(gate.Blocking))) {
		t.Fatalf("the gate is not shown:\n%s", s)
	}
	if _, err := a.GoLive.Waive(ctx, gate.Blocking[0].Key, "演示", crmflow.LangZH); err != nil {
		t.Fatal(err)
	}
	m = newModel(t, a, 80, 24)
	if s := screen(m); !strings.Contains(s, "已豁免 1") {
		t.Fatalf("a waiver does not show on the overview:\n%s", s)
	}
}

// r and b on the process page write the selected map as SVG and BPMN, as
// `crmflow process render` does, and the status line says where.
func TestRenderProcessMap(t *testing.T) {
	dir := enWorkspace(t)
	m := newModel(t, openApp(t, dir, "tester"), 80, 24)
	press(m, "4", "r")
	status, isErr := m.Status()
	if isErr || !strings.Contains(status, "written: ") || !strings.HasSuffix(status, ".svg") {
		t.Fatalf("status after r: %q (error %v)", status, isErr)
	}
	path := strings.TrimPrefix(status, "written: ")
	if !strings.HasPrefix(path, dir) {
		t.Fatalf("the SVG went to %s, outside the workspace's folder %s", path, dir)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "<svg") {
		t.Fatalf("%s: %v\n%.200s", path, err, b)
	}
	if !strings.Contains(screen(m), path) {
		t.Fatal("the path is not in the status line")
	}
	press(m, "b")
	status, _ = m.Status()
	b, err = os.ReadFile(strings.TrimPrefix(status, "written: "))
	if !strings.HasSuffix(status, ".bpmn") || err != nil || !strings.Contains(string(b), "bpmn") {
		t.Fatalf("status after b: %q, %v", status, err)
	}
}

// p on the survey page promotes the selected finding through the same use
// case as `crmflow finding promote`: a draft requirement whose source is
// the finding.
func TestPromoteFinding(t *testing.T) {
	dir := enWorkspace(t)
	run(t, dir, "", "finding", "add", "Visit photos are lost when the phone is offline", "--module", "visits", "--severity", "4")
	run(t, dir, "", "finding", "add", "Reports are rebuilt by hand each week", "--module", "reports")
	a := openApp(t, dir, "tester")
	m := newModel(t, a, 80, 24)
	press(m, "3", "down", "p")
	if !m.FormOpen() {
		t.Fatal("p opened no form")
	}
	drive(m, "ctrl+u", "Weekly report built automatically", "enter", "enter")
	if m.FormOpen() {
		t.Fatal("the form is still open")
	}
	status, isErr := m.Status()
	if isErr || !strings.HasPrefix(status, "F-002 promoted to REQ-005") {
		t.Fatalf("status %q (error %v)", status, isErr)
	}
	r, err := a.Requirements.Resolve(context.Background(), "REQ-005")
	if err != nil || r.Source != "F-002" || r.Module != "report" || r.Title != "Weekly report built automatically" {
		t.Fatalf("REQ-005 = %+v, %v", r, err)
	}
	if !strings.Contains(screen(m), "REQ-005") {
		t.Fatalf("the finding does not list its requirement:\n%s", screen(m))
	}
	// A module the catalog does not know is the domain's error, in the status line.
	press(m, "up", "p")
	drive(m, "enter", "ctrl+u", "nowhere", "enter")
	if status, isErr := m.Status(); !isErr || !strings.Contains(status, "nowhere") {
		t.Fatalf("status %q (error %v)", status, isErr)
	}
}

// The requirement page shows the selected requirement's detail in a pane:
// beside the table on a wide screen, below it on a tall one; p hides it.
// A requirement triaged from feedback shows the feedback as its source.
func TestDetailPane(t *testing.T) {
	dir := enWorkspace(t)
	run(t, dir, "", "feedback", "add", "Photo upload is too slow", "--from", "EMEA sales", "--module", "visits", "--severity", "major")
	run(t, dir, "", "feedback", "triage", "FB-001", "--to-req")
	a := openApp(t, dir, "tester")
	m := newModel(t, a, 120, 40)
	press(m, "2")
	s := screen(m)
	if !strings.Contains(s, "| REQ-001  Log visits on mobile in real time") || !strings.Contains(s, "A rep saves a visit in under a minute") {
		t.Fatalf("no pane beside the table at 120×40:\n%s", s)
	}
	press(m, "/", "upload", "enter")
	s = screen(m)
	if !strings.Contains(s, "Source feedback") || !strings.Contains(s, "FB-001  Photo upload is too slow") ||
		!strings.Contains(s, "EMEA sales  major  triaged to requirement") {
		t.Fatalf("the pane does not show the source feedback:\n%s", s)
	}
	press(m, "esc", "p")
	if s := screen(m); strings.Contains(s, "| REQ-") {
		t.Fatalf("p did not hide the pane:\n%s", s)
	}
	m = newModel(t, a, 100, 36)
	press(m, "2", "down")
	s = screen(m)
	if !strings.Contains(s, "REQ-002  Customer master data in one place") || !strings.Contains(s, "No duplicate customers") {
		t.Fatalf("no pane below the table at 100×36:\n%s", s)
	}
	if m.SelectedID() != "REQ-002" {
		t.Fatalf("selected %s", m.SelectedID())
	}
}
