package tui_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/internal/cli"
	"github.com/crmflow/crmflow/requirements"
	_ "github.com/crmflow/crmflow/sqlite/backend" // workspaces are sqlite databases
	"github.com/crmflow/crmflow/tui"
)

var update = flag.Bool("update", false, "rewrite the golden screens")

const now = "2026-11-25T10:00:00+08:00"

func clock(t testing.TB) crmflow.Clock {
	c, err := crmflow.ClockFromEnv(now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run runs crmflow in-process in dir; stdin feeds --notes -.
func run(t testing.TB, dir, stdin string, args ...string) {
	t.Helper()
	io, _, errOut := cli.TestStreams()
	io.In = strings.NewReader(stdin)
	args = append([]string{"--db", filepath.Join(dir, "crmflow.db")}, args...)
	if code := cli.Run(context.Background(), args, io); code != 0 {
		t.Fatalf("crmflow %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
}

func pinEnv(t testing.TB) {
	t.Setenv("CRMFLOW_NOW", now)
	t.Setenv("CRMFLOW_USER", "tester")
}

// zhWorkspace is the demo: a Chinese project.
func zhWorkspace(t testing.TB) string {
	pinEnv(t)
	dir := t.TempDir()
	io, _, errOut := cli.TestStreams()
	if code := cli.Run(context.Background(), []string{"demo", filepath.Join(dir, "demo")}, io); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	return filepath.Join(dir, "demo") // the demo has a plan
}

// enWorkspace is a small English project with every page's content.
func enWorkspace(t testing.TB) string {
	pinEnv(t)
	dir := t.TempDir()
	run(t, dir, "", "init", "--name", "ACME CRM rollout", "--client", "ACME", "--lang", "en")
	run(t, dir, "", "req", "add", "Log visits on mobile in real time", "--module", "visits", "--value", "5", "--difficulty", "2", "--urgency", "4", "--criteria", "A rep saves a visit in under a minute")
	run(t, dir, "", "req", "add", "Customer master data in one place", "--module", "customers", "--kind", "data", "--value", "5", "--difficulty", "3", "--urgency", "5", "--criteria", "No duplicate customers")
	run(t, dir, "", "req", "add", "Visit statistics report", "--module", "reports", "--kind", "report", "--value", "4", "--difficulty", "2", "--urgency", "3")
	run(t, dir, "", "req", "add", "Shelf photo recognition", "--module", "campaigns", "--value", "2", "--difficulty", "5", "--urgency", "1")
	run(t, dir, "", "req", "status", "REQ-001", "confirmed")
	run(t, dir, "", "req", "status", "REQ-002", "confirmed")
	run(t, dir, "", "freeze", "--name", "v1.0")
	run(t, dir, "", "stakeholder", "add", "Wang", "--org", "client", "--role", "Sales VP", "--can", "approve")
	run(t, dir, "", "stakeholder", "add", "Lee", "--org", "vendor", "--role", "Business analyst")
	run(t, dir, "", "cr", "new", "Watermark visit photos", "--req", "REQ-001", "--set", "urgency=5", "--reason", "Managers found re-used photos", "--by", "Lee")
	run(t, dir, "", "cr", "analyze", "CR-001", "--effort", "3d", "--cost", "6000", "--risk", "medium")
	run(t, dir, "Paper route sheets; visits logged at night.", "interview", "add", "--with", "Ms Zhang", "--role", "Sales director", "--date", "2026-11-20", "--org", "ACME", "--notes", "-")
	run(t, dir, "", "survey", "new", "Sales survey", "--template", "sales-rep")
	run(t, dir, "", "process", "add", "testdata/visits.flow")
	run(t, dir, "", "plan", "init", "--start", "2026-11-02")
	run(t, dir, "", "ms", "start", "MS-01", "--date", "2026-11-02")
	return dir
}

func openApp(t testing.TB, dir string, actor crmflow.Actor) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), filepath.Join(dir, "crmflow.db"), app.Options{Clock: clock(t), Actor: actor})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func newModel(t testing.TB, a *app.App, w, h int) *tui.Model {
	t.Helper()
	m, err := tui.New(context.Background(), a, tui.Options{NoColor: true})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// named are the keys tests name, as a terminal sends them.
var named = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
	"backspace": {Code: tea.KeyBackspace}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
}

// keyMsgs turns k into the messages a terminal would produce: a named key,
// or text typed one character at a time.
func keyMsgs(k string) []tea.KeyPressMsg {
	if msg, ok := named[k]; ok {
		return []tea.KeyPressMsg{msg}
	}
	var out []tea.KeyPressMsg
	for _, r := range k {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// key is the message of one key, named or one character.
func key(s string) tea.KeyPressMsg { return keyMsgs(s)[0] }

// press sends keys; a key of several characters that is not a name is typed.
func press(m *tui.Model, keys ...string) {
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			m.Update(msg)
		}
	}
}

func screen(m *tui.Model) string { return ansi.Strip(m.Render()) }

func TestFilterAsYouType(t *testing.T) {
	m := newModel(t, openApp(t, zhWorkspace(t), "tester"), 80, 24)
	press(m, "2")
	if m.Page() != 1 {
		t.Fatalf("page %d after 2, want the requirements page", m.Page())
	}
	if n := len(m.VisibleIDs()); n != 38 {
		t.Fatalf("%d requirements shown before filtering, want the demo's 38", n)
	}
	press(m, "/", "客户")
	want := []string{"REQ-009", "REQ-010", "REQ-011", "REQ-012", "REQ-026", "REQ-027", "REQ-029", "REQ-038"}
	if got := m.VisibleIDs(); !slices.Equal(got, want) {
		t.Fatalf("filter 客户 keeps %v, want %v", got, want)
	}
	if s := screen(m); !strings.Contains(s, "/客户") || !strings.Contains(s, "显示 8") || strings.Contains(s, "REQ-001 ") {
		t.Fatalf("the screen does not show the filter:\n%s", s)
	}
	// The real cursor sits after the two wide characters: "/" is 1 cell, 客户 4.
	if c := m.View().Cursor; c == nil || c.X != 5 || c.Y != 2 {
		t.Fatalf("cursor %+v, want (5, 2) after /客户", c)
	}
	// Deleting a character widens the match again; the module name matches too.
	press(m, "backspace", "backspace", "销售机会")
	if got := m.VisibleIDs(); !slices.Equal(got, []string{"REQ-013", "REQ-014"}) {
		t.Fatalf("filter 销售机会 keeps %v", got)
	}
	press(m, "esc")
	if n := len(m.VisibleIDs()); n != 38 {
		t.Fatalf("esc left %d rows, want all 38", n)
	}
}

func TestChangeStatus(t *testing.T) {
	dir := zhWorkspace(t)
	a := openApp(t, dir, "tester")
	m := newModel(t, a, 80, 24)
	press(m, "2", "/", "重点客户", "enter")
	if id := m.SelectedID(); id != "REQ-026" {
		t.Fatalf("selected %q, want REQ-026", id)
	}
	// The picker lists every status; go to the top (draft), one down is
	// confirmed, which the domain refuses: REQ-026 has no acceptance criteria.
	top := []string{"s", "up", "up", "up", "up", "up", "up", "up"}
	press(m, append(top, "down", "enter")...)
	if st, isErr := m.Status(); !isErr || !strings.Contains(st, "acceptance criteria") {
		t.Fatalf("status line %q (error %v), want the domain's refusal", st, isErr)
	}
	// Deferred is the last one.
	press(m, append(top, "down", "down", "down", "down", "down", "down", "enter")...)
	r, err := a.Requirements.Resolve(context.Background(), "REQ-026")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != requirements.Deferred {
		t.Fatalf("REQ-026 is %s in the database, want deferred", r.Status)
	}
	if st, isErr := m.Status(); isErr || !strings.Contains(st, "REQ-026") || !strings.Contains(st, "已延期") {
		t.Fatalf("status line %q (error %v)", st, isErr)
	}
	if !strings.Contains(screen(m), "已延期") {
		t.Fatal("the table does not show the new status")
	}
}

func TestFrozenRequirementRefused(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	before, err := a.Requirements.Resolve(context.Background(), "REQ-009")
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t, a, 80, 24)
	press(m, "2", "/", "客户档案", "enter", "e", "down", "enter")
	st, isErr := m.Status()
	if !isErr || !strings.Contains(st, "REQ-009") || !strings.Contains(st, "frozen") {
		t.Fatalf("status line %q (error %v), want the domain's refusal naming the baseline", st, isErr)
	}
	after, _ := a.Requirements.Resolve(context.Background(), "REQ-009")
	if after.Revision != before.Revision || after.Value != before.Value {
		t.Fatalf("a frozen requirement changed: revision %d → %d", before.Revision, after.Revision)
	}
	if s := screen(m); !strings.Contains(s, st) {
		t.Fatalf("the refusal is not on screen:\n%s", s)
	}
}

func TestEditScoresLive(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	m := newModel(t, a, 80, 24)
	press(m, "2", "/", "重点客户", "enter", "e")
	r, _ := a.Requirements.Resolve(context.Background(), "REQ-026")
	st, _ := a.Requirements.Settings(context.Background())
	draft := r
	draft.Value = 5
	ev := st.Evaluate(&draft)
	press(m, "5") // value 5, shown before saving
	s := screen(m)
	if !strings.Contains(s, "评分 "+itoa(ev.Score)) || !strings.Contains(s, "象限 "+ev.Quadrant.Name(crmflow.LangZH)) {
		t.Fatalf("the editor does not show score %d and quadrant %s live:\n%s", ev.Score, ev.Quadrant, s)
	}
	press(m, "enter")
	saved, _ := a.Requirements.Resolve(context.Background(), "REQ-026")
	if saved.Value != 5 || saved.Revision != r.Revision+1 {
		t.Fatalf("REQ-026 value %d revision %d, want 5 and %d", saved.Value, saved.Revision, r.Revision+1)
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// analyzedCR adds CR-003 to the demo, analyzed and waiting for a decision.
func analyzedCR(t *testing.T, dir string) {
	run(t, dir, "", "cr", "new", "客户等级增加钻石级", "--req", "REQ-010", "--set", "urgency=5", "--reason", "大客户要求", "--by", "张经理")
	run(t, dir, "", "cr", "analyze", "CR-003", "--effort", "1d", "--risk", "low")
}

func TestApproveChange(t *testing.T) {
	dir := zhWorkspace(t)
	analyzedCR(t, dir)
	a := openApp(t, dir, "王总")
	m := newModel(t, a, 80, 24)
	press(m, "5", "down", "down")
	if id := m.SelectedCR(); id != "CR-003" {
		t.Fatalf("selected %q, want CR-003", id)
	}
	press(m, "a", "tab", "同意", "enter")
	if s := screen(m); !strings.Contains(s, "确认") || !strings.Contains(s, "CR-003") {
		t.Fatalf("no confirmation asked:\n%s", s)
	}
	press(m, "y")
	cr, err := a.Changes.Resolve(context.Background(), "CR-003")
	if err != nil {
		t.Fatal(err)
	}
	e, ok := cr.Decision()
	if cr.State != change.Approved || !ok || e.By != "王总" || e.Comment != "同意" {
		t.Fatalf("CR-003 is %s, decision %+v", cr.State, e)
	}
	if st, isErr := m.Status(); isErr || !strings.Contains(st, "CR-003") {
		t.Fatalf("status line %q (error %v)", st, isErr)
	}
}

func TestChangeRefusedWithoutAuthority(t *testing.T) {
	dir := zhWorkspace(t)
	analyzedCR(t, dir)
	a := openApp(t, dir, "李分析") // a business analyst: may not approve
	m := newModel(t, a, 80, 24)
	press(m, "5", "down", "down", "a", "enter", "enter", "n")
	if cr, _ := a.Changes.Resolve(context.Background(), "CR-003"); cr.State != change.Analyzed {
		t.Fatalf("declining the confirmation left CR-003 %s", cr.State)
	}
	press(m, "enter", "y")
	st, isErr := m.Status()
	if !isErr || !strings.Contains(st, "李分析") {
		t.Fatalf("status line %q (error %v), want the refusal for 李分析", st, isErr)
	}
	if cr, _ := a.Changes.Resolve(context.Background(), "CR-003"); cr.State != change.Analyzed {
		t.Fatalf("CR-003 moved to %s on a refused decision", cr.State)
	}
}

func TestQuitAndHelp(t *testing.T) {
	m := newModel(t, openApp(t, enWorkspace(t), "tester"), 80, 24)
	press(m, "?")
	if s := screen(m); !strings.Contains(s, "Keys") || !strings.Contains(s, "approve") || !strings.Contains(s, "$EDITOR") {
		t.Fatalf("? does not list every key:\n%s", s)
	}
	press(m, "esc", "tab", "tab")
	if m.Page() != 2 {
		t.Fatalf("page %d after two tabs, want 2", m.Page())
	}
	_, cmd := m.Update(key("q"))
	if cmd == nil {
		t.Fatal("q returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q does not quit")
	}
}

// TestResize checks every line is exactly the terminal's width after a resize,
// so a smaller window leaves no artefacts.
func TestResize(t *testing.T) {
	m := newModel(t, openApp(t, zhWorkspace(t), "tester"), 120, 40)
	for _, size := range [][2]int{{120, 40}, {80, 24}, {61, 17}, {30, 10}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for p := range tui.PageCount {
			press(m, string(rune('1'+p)))
			lines := strings.Split(screen(m), "\n")
			if len(lines) != size[1] {
				t.Fatalf("%dx%d page %d: %d lines", size[0], size[1], p+1, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != size[0] {
					t.Fatalf("%dx%d page %d line %d is %d cells: %q", size[0], size[1], p+1, i, w, l)
				}
			}
		}
	}
}

func TestRecordInterview(t *testing.T) {
	a := openApp(t, enWorkspace(t), "tester")
	m := newModel(t, a, 80, 24)
	press(m, "3", "n")
	if !m.FormOpen() {
		t.Fatal("n opened no form")
	}
	drive(m, "Mr Li", "enter", "IT lead", "enter", "enter", "ERP exports nightly", "enter")
	ivs, err := a.Research.Interviews(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	last := ivs[len(ivs)-1]
	if len(ivs) != 2 || last.With != "Mr Li" || last.Role != "IT lead" || last.Date != "2026-11-25" || last.Notes != "ERP exports nightly" {
		t.Fatalf("interviews %+v", ivs)
	}
	if m.FormOpen() {
		t.Fatal("the form is still open")
	}
	if !strings.Contains(screen(m), "Mr Li") {
		t.Fatal("the survey page does not list the new interview")
	}
}

// drive sends keys to a huh form, running the commands it returns (they carry
// its focus changes) but not the cursor's blink timers.
func drive(m *tui.Model, keys ...string) {
	var exec func(cmd tea.Cmd, depth int)
	exec = func(cmd tea.Cmd, depth int) {
		if cmd == nil || depth > 8 {
			return
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- cmd() }()
		select {
		case msg := <-ch:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					exec(c, depth+1)
				}
			case nil:
			default:
				_, next := m.Update(msg)
				exec(next, depth+1)
			}
		case <-time.After(50 * time.Millisecond): // a timer: not needed
		}
	}
	send := func(k tea.KeyPressMsg) {
		_, cmd := m.Update(k)
		exec(cmd, 0)
	}
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			send(msg)
		}
	}
}

// TestGoldenScreens pins every page at 80×24 and 120×40, in zh and en (the
// English project has no release: its sprint page is the empty state).
func TestGoldenScreens(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		var dir string
		if lang == "zh" {
			dir = zhWorkspace(t)
		} else {
			dir = enWorkspace(t)
		}
		a := openApp(t, dir, "tester")
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			m := newModel(t, a, size[0], size[1])
			for p := range tui.PageCount {
				press(m, string(rune('1'+p)))
				name := filepath.Join("testdata", "golden", lang+"_"+itoa(size[0])+"x"+itoa(size[1])+"_"+itoa(p+1)+".txt")
				got := screen(m) + "\n"
				if *update {
					os.MkdirAll(filepath.Dir(name), 0o755)
					if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(name)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(want, []byte(got)) {
					t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", name, want, got)
				}
			}
		}
	}
}

func TestAddRequirement(t *testing.T) {
	a := openApp(t, enWorkspace(t), "tester")
	m := newModel(t, a, 80, 24)
	press(m, "2")
	drive(m, "a", "Dealer portal", "enter", "enter", "enter", "enter", "enter", "enter")
	if m.FormOpen() {
		t.Fatalf("the form is still open:\n%s", screen(m))
	}
	r, err := a.Requirements.Resolve(context.Background(), "REQ-005")
	if err != nil {
		t.Fatalf("no REQ-005: %v; status %q", err, func() string { s, _ := m.Status(); return s }())
	}
	if r.Title != "Dealer portal" || r.Status != requirements.Draft || r.Value != 3 {
		t.Fatalf("added %+v", r)
	}
	if !slices.Contains(m.VisibleIDs(), "REQ-005") {
		t.Fatal("the table does not list the new requirement")
	}
}

// TestNoColor: with NO_COLOR the screen carries attributes (bold, reverse) but no colour.
func TestNoColor(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	m := newModel(t, a, 80, 24)
	sgr := regexp.MustCompile(`\x1b\[([0-9;:]*)m`)
	screens := []func(){func() { press(m, "1") }, func() { press(m, "2", "/", "客") }, func() { press(m, "esc", "3") },
		func() { press(m, "4") }, func() { press(m, "5", "a") }}
	for p, show := range screens {
		show()
		for _, g := range sgr.FindAllStringSubmatch(m.Render(), -1) {
			for _, param := range strings.Split(g[1], ";") {
				switch param {
				case "", "0", "1", "7", "22", "27":
				default:
					t.Fatalf("page %d: colour sequence %q under NO_COLOR", p+1, g[0])
				}
			}
		}
	}
	colored, err := tui.New(context.Background(), a, tui.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(colored.Render(), "\x1b[") {
		t.Fatal("the coloured screen carries no styling at all; the NO_COLOR check above proves nothing")
	}
}

func TestSortFollowsTheDomain(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	m := newModel(t, a, 80, 24)
	press(m, "2", "o")
	l, err := a.Requirements.List(context.Background(), requirements.Filter{}, requirements.SortScore, false)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range l.Requirements {
		want = append(want, r.ID)
	}
	if got := m.VisibleIDs(); !slices.Equal(got, want) {
		t.Fatalf("o sorts %v, want the domain's score order %v", got[:5], want[:5])
	}
	if !strings.Contains(screen(m), "排序: 评分") {
		t.Fatal("the screen does not name the sort")
	}
	press(m, "o", "o", "o") // module, status, back to ID
	if got := m.VisibleIDs(); got[0] != "REQ-001" || got[1] != "REQ-002" {
		t.Fatalf("four presses of o do not come back to ID order: %v", got[:3])
	}
}

// TestGoldenDetail pins the requirement detail pane (criteria, links, source
// finding, process steps, history) in zh and en.
func TestGoldenDetail(t *testing.T) {
	for _, c := range []struct{ lang, filter string }{{"zh", "拜访记录移动端实时录入"}, {"en", "Log visits"}} {
		var dir string
		if c.lang == "zh" {
			dir = zhWorkspace(t)
		} else {
			dir = enWorkspace(t)
		}
		m := newModel(t, openApp(t, dir, "tester"), 100, 40)
		press(m, "2", "/", c.filter, "enter", "enter")
		golden(t, filepath.Join("testdata", "golden", c.lang+"_100x40_detail.txt"), screen(m)+"\n")
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

func TestPlanMarkStartedAndDone(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	m := newModel(t, a, 80, 24)
	press(m, "6")
	if s := screen(m); !strings.Contains(s, "MS-01") || !strings.Contains(s, "状态灯") {
		t.Fatalf("the plan page shows no timeline:\n%s", s)
	}
	// The first milestone not started yet, as the domain schedules it.
	sched, err := a.Schedule(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, r := range sched.Rows {
		if r.Status == "not-started" {
			id = r.ID
			break
		}
		press(m, "down")
	}
	if id == "" {
		t.Fatal("the demo plan has no milestone left to start")
	}
	press(m, "s")
	row, err := a.MilestoneRow(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != "in-progress" {
		t.Fatalf("%s is %s after s, want in progress", id, row.Status)
	}
	press(m, "f")
	if row, _ = a.MilestoneRow(context.Background(), id); row.Status != "done" {
		t.Fatalf("%s is %s after f, want done", id, row.Status)
	}
	press(m, "1")
	if s := screen(m); !strings.Contains(s, "后续里程碑") {
		t.Fatalf("the overview shows no plan:\n%s", s)
	}
}

func TestAcceptancePage(t *testing.T) {
	a := openApp(t, zhWorkspace(t), "tester")
	m := newModel(t, a, 100, 30)
	press(m, "7")
	rounds, err := a.Acceptance.Store.Rounds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defects, err := a.Acceptance.Store.Defects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := screen(m)
	for _, r := range rounds {
		if !strings.Contains(s, r.ID) {
			t.Fatalf("round %s is not listed:\n%s", r.ID, s)
		}
	}
	if len(rounds) > 0 {
		_, as, _, err := a.Acceptance.Assess(context.Background(), rounds[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s, "结论: "+as.Verdict.Name(crmflow.LangZH)) {
			t.Fatalf("the verdict %s is not shown:\n%s", as.Verdict, s)
		}
	}
	if !strings.Contains(s, fmt.Sprintf("缺陷 (%d)", len(defects))) {
		t.Fatalf("the defect count %d is not shown:\n%s", len(defects), s)
	}
}
