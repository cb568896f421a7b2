package tui_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/tui"
)

// column is where the app's board (the CLI's `sprint board`) puts ref.
func column(t *testing.T, dir, sprint, ref string) release.Column {
	t.Helper()
	a := openApp(t, dir, "tester")
	b, err := a.SprintBoard(context.Background(), sprint)
	if err != nil {
		t.Fatal(err)
	}
	for c, items := range b.Columns {
		for _, it := range items {
			if it.Ref == ref {
				return c
			}
		}
	}
	return ""
}

// The demo's running sprint (S-03 on the pinned day) opens first; the arrows
// move between cards and columns, empty columns skipped; [ and ] change sprint.
func TestSprintBoardSelection(t *testing.T) {
	dir := zhWorkspace(t)
	a := openApp(t, dir, "tester")
	m := newModel(t, a, 80, 24)
	press(m, "8")
	if m.Page() != tui.PageSprint || m.SprintShown() != "S-03" {
		t.Fatalf("page %d sprint %q after 8, want the board of the running sprint S-03", m.Page(), m.SprintShown())
	}
	b, err := a.SprintBoard(context.Background(), "S-03")
	if err != nil {
		t.Fatal(err)
	}
	s := screen(m)
	for _, c := range release.Columns {
		if !strings.Contains(s, c.Name(crmflow.LangZH)) {
			t.Fatalf("column %s is not on the board:\n%s", c.Name(crmflow.LangZH), s)
		}
		for _, it := range b.Columns[c] {
			if !strings.Contains(s, it.Ref) {
				t.Fatalf("card %s (%s) is not on the board:\n%s", it.Ref, c, s)
			}
		}
	}
	for _, want := range []string{"迭代 S-03  版本 v1.0  2026-11-23 至 2026-12-06  进行中", "容量 25 人天  已排 8.5", "燃尽  承诺"} {
		if !strings.Contains(s, want) {
			t.Fatalf("the heading lacks %q:\n%s", want, s)
		}
	}
	steps := []struct{ key, ref, col string }{
		{"", "REQ-035", "todo"},
		{"down", "REQ-035", "todo"}, // the last card stays selected
		{"l", "REQ-026", "doing"},
		{"right", "REQ-033", "done"}, // 待测试 is empty: skipped
		{"j", "REQ-034", "done"},
		{"right", "REQ-034", "done"}, // the last column
		{"h", "REQ-026", "doing"},    // the row is clamped to the shorter column
		{"left", "REQ-035", "todo"},
		{"up", "REQ-035", "todo"},
		{"[", "REQ-018", "testing"}, // S-02: nothing to do or in progress, the first card to test selected
		{"j", "REQ-027", "testing"},
		{"]", "REQ-035", "todo"}, // S-03 has no card to test: the first column with a card
		{"]", "REQ-035", "todo"}, // S-03 is the last sprint
	}
	for i, st := range steps {
		if st.key != "" {
			press(m, st.key)
		}
		if ref, col := m.SprintCard(); ref != st.ref || col != st.col {
			t.Fatalf("step %d (%s): selected %s in %s, want %s in %s\n%s", i, st.key, ref, col, st.ref, st.col, screen(m))
		}
	}
	if m.SprintShown() != "S-03" {
		t.Fatalf("sprint %s after [ ] ], want S-03", m.SprintShown())
	}
	press(m, "[")
	if s := screen(m); !strings.Contains(s, "迭代 S-02") || !strings.Contains(s, "已结束") || !strings.Contains(s, "REQ-018  销售漏斗分析") {
		t.Fatalf("[ does not show S-02 with its selected card in full:\n%s", s)
	}
}

// enter shows the selected card's requirement the way the requirements page
// does; the page keeps the keyboard until esc.
func TestSprintBoardDetail(t *testing.T) {
	m := newModel(t, openApp(t, zhWorkspace(t), "tester"), 80, 24)
	press(m, "8", "down", "enter")
	if !m.SprintDetail() {
		t.Fatal("enter opened no detail")
	}
	s := screen(m)
	if !strings.Contains(s, "REQ-035  门店陈列与库存检查表") || !strings.Contains(s, "模块: ") {
		t.Fatalf("the detail of REQ-035 is not shown:\n%s", s)
	}
	press(m, "2") // a page number does not leave the detail
	if m.Page() != tui.PageSprint || !m.SprintDetail() {
		t.Fatalf("2 left the detail: page %d", m.Page())
	}
	press(m, "esc")
	if m.SprintDetail() {
		t.Fatal("esc did not close the detail")
	}
	if ref, _ := m.SprintCard(); ref != "REQ-035" {
		t.Fatalf("after the detail %s is selected, want REQ-035", ref)
	}
}

// The columns follow the requirement's status (implemented waits for
// testing, verified is done) and s starts or stops development; the card
// moves and stays selected, and the workspace holds the change.
func TestSprintColumnsFollowStatus(t *testing.T) {
	dir := zhWorkspace(t)
	a := openApp(t, dir, "tester")
	m := newModel(t, a, 80, 24)
	press(m, "8", "s")
	if ref, col := m.SprintCard(); ref != "REQ-035" || col != "doing" {
		t.Fatalf("after s the selection is %s in %s, want REQ-035 in doing", ref, col)
	}
	if c := column(t, dir, "S-03", "REQ-035"); c != release.ColDoing {
		t.Fatalf("the workspace has REQ-035 in %q, want doing", c)
	}
	if st, isErr := m.Status(); isErr || st != "REQ-035: 开发中" {
		t.Fatalf("status line %q (error %v)", st, isErr)
	}
	press(m, "s")
	if ref, col := m.SprintCard(); ref != "REQ-035" || col != "todo" || column(t, dir, "S-03", "REQ-035") != release.ColTodo {
		t.Fatalf("a second s leaves %s in %s, want REQ-035 back in todo", ref, col)
	}
	// A card waiting for testing is not started or stopped: its status says where it is.
	press(m, "[", "s")
	if st, _ := m.Status(); !strings.Contains(st, "REQ-018") || !strings.Contains(st, "待测试") {
		t.Fatalf("s on a card to test says %q", st)
	}
	if c := column(t, dir, "S-02", "REQ-018"); c != release.ColTesting {
		t.Fatalf("s on a card to test moved it to %s", c)
	}
	// A status changed elsewhere moves the card when the board is shown again.
	if _, err := a.Requirements.SetStatus(context.Background(), "REQ-018", requirements.Verified); err != nil {
		t.Fatal(err)
	}
	press(m, "1", "8")
	if ref, col := m.SprintCard(); ref != "REQ-018" || col != "done" {
		t.Fatalf("verified REQ-018 is shown in %s (selected %s), want done", col, ref)
	}
}

// enSprintWorkspace is the English project with a release, four sprints and
// work in the first, one card in each column but the last.
func enSprintWorkspace(t *testing.T) string {
	dir := enWorkspace(t)
	run(t, dir, "", "release", "add", "v1.0", "--target", "2026-12-31")
	for _, e := range [][2]string{{"REQ-001", "3d"}, {"REQ-002", "2d"}, {"REQ-003", "1.5d"}, {"REQ-004", "5d"}} {
		run(t, dir, "", "req", "edit", e[0], "--estimate", e[1], "--release", "v1.0")
	}
	run(t, dir, "", "sprint", "plan", "v1.0", "--start", "2026-11-16", "--length", "2w", "--capacity", "10d")
	run(t, dir, "", "sprint", "add-req", "S-01", "REQ-001", "REQ-002", "REQ-003")
	run(t, dir, "", "sprint", "start", "S-01", "REQ-002")
	run(t, dir, "", "req", "status", "REQ-001", "implemented")
	return dir
}

// An English project's board speaks English only, at 80×24 and 120×40.
func TestGoldenSprintEnglish(t *testing.T) {
	a := openApp(t, enSprintWorkspace(t), "tester")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newModel(t, a, size[0], size[1])
		press(m, "8")
		s := screen(m)
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Fatalf("Chinese on an English board:\n%s", s)
		}
		for _, want := range []string{"Sprint S-01  release v1.0  2026-11-16 to 2026-11-29  running  (1/4)", "To do", "In progress",
			"To test", "Capacity 10 person-days  planned 6.5", "REQ-003  Visit statistics report  draft  Should"} {
			if !strings.Contains(s, want) {
				t.Fatalf("%dx%d: the board lacks %q:\n%s", size[0], size[1], want, s)
			}
		}
		golden(t, filepath.Join("testdata", "golden", "en_"+itoa(size[0])+"x"+itoa(size[1])+"_sprint.txt"), s+"\n")
		// ? lists the board's keys beside every other page's, all on screen.
		press(m, "?")
		s = screen(m)
		for _, want := range []string{"right/l right", "[ prev sprint", "] next sprint", "s start/stop work", "a approve"} {
			if !strings.Contains(s, want) {
				t.Fatalf("%dx%d: the key list lacks %q:\n%s", size[0], size[1], want, s)
			}
		}
	}
}

// With no release, or releases but no sprint, or a sprint with no work, the
// page says what to run next, in the project's language.
func TestSprintEmptyStates(t *testing.T) {
	dir := enWorkspace(t)
	steps := []struct {
		args []string
		want string
	}{
		{nil, "No releases yet. Create one: crmflow release add v1.0"},
		{[]string{"release", "add", "v2.0", "--target", "2027-03-31"}, "No sprints yet in v2.0. Cut them: crmflow sprint plan v2.0"},
		{[]string{"sprint", "plan", "v2.0", "--start", "2027-03-01", "--length", "2w"}, "No work in this sprint yet. Add some: crmflow sprint add-req S-01"},
	}
	for _, st := range steps {
		if st.args != nil {
			run(t, dir, "", st.args...)
		}
		m := newModel(t, openApp(t, dir, "tester"), 80, 24)
		press(m, "8")
		s := strings.Join(strings.Fields(screen(m)), " ") // the message is wrapped
		if !strings.Contains(s, st.want) {
			t.Fatalf("the page lacks %q:\n%s", st.want, screen(m))
		}
		if ref, _ := m.SprintCard(); ref != "" {
			t.Fatalf("%s is selected on an empty board", ref)
		}
		press(m, "enter", "s", "right", "down", "]") // nothing to act on: no crash, no write
		if st, isErr := m.Status(); isErr {
			t.Fatalf("keys on an empty board: %q", st)
		}
	}
	zh := t.TempDir()
	run(t, zh, "", "init", "--name", "某企业CRM", "--client", "某企业", "--lang", "zh")
	m := newModel(t, openApp(t, zh, "tester"), 80, 24)
	press(m, "8")
	if s := screen(m); !strings.Contains(s, "还没有版本。先新建版本：crmflow release add v1.0") {
		t.Fatalf("the Chinese project's empty board:\n%s", s)
	}
}
