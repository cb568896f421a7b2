package tui_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/internal/cli"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/tui"
)

func scaledWorkspace(b *testing.B, n int) *app.App {
	pinEnv(b)
	dir := filepath.Join(b.TempDir(), "big")
	io, _, errOut := cli.TestStreams()
	if code := cli.Run(context.Background(), []string{"demo", dir, "--scale", fmt.Sprint(n)}, io); code != 0 {
		b.Fatalf("demo --scale: %s", errOut)
	}
	return openApp(b, dir, "tester")
}

// BenchmarkFirstPaint5000: open the UI on a 5,000-requirement workspace and
// draw the first screen (budget 300 ms).
func BenchmarkFirstPaint5000(b *testing.B) {
	a := scaledWorkspace(b, 5000)
	b.ResetTimer()
	for b.Loop() {
		m, err := tui.New(context.Background(), a, tui.Options{})
		if err != nil {
			b.Fatal(err)
		}
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = m.View()
	}
}

// filterKeystrokes types into the filter and deletes again, one Update and
// View per keystroke: narrowing searches the kept rows, widening all of them.
func filterKeystrokes(b *testing.B, m *tui.Model) {
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(m, "2", "/")
	seq := []tea.KeyPressMsg{key("1"), key("2"), key("backspace"), key("backspace")}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m.Update(seq[i%len(seq)])
		_ = m.View()
		i++
	}
}

// BenchmarkFilterKeystroke5000: budget 30 ms a keystroke.
func BenchmarkFilterKeystroke5000(b *testing.B) {
	a := scaledWorkspace(b, 5000)
	m, err := tui.New(context.Background(), a, tui.Options{})
	if err != nil {
		b.Fatal(err)
	}
	filterKeystrokes(b, m)
}

// BenchmarkFilterKeystroke50000: budget 100 ms a keystroke, on 50,000
// requirements built in memory (seeding a database that size takes minutes).
func BenchmarkFilterKeystroke50000(b *testing.B) {
	cat, err := app.ModuleCatalog()
	if err != nil {
		b.Fatal(err)
	}
	mods := cat.Modules()
	st := requirements.DefaultSettings()
	rs := make([]requirements.Requirement, 50000)
	for i := range rs {
		rs[i] = requirements.Requirement{ID: crmflow.KindRequirement.Format(i + 1),
			Title:  fmt.Sprintf("第%d条需求 拜访记录 visit record %d", i+1, i*7%1000),
			Module: mods[i%len(mods)].Key, Kind: requirements.KindFunctional, Status: requirements.Statuses[i%len(requirements.Statuses)],
			Value: i%5 + 1, Difficulty: (i/5)%5 + 1, Urgency: (i/25)%5 + 1}
	}
	m := tui.NewFromListing(requirements.Listing{Requirements: rs, Settings: st, Catalog: cat}, crmflow.LangZH)
	filterKeystrokes(b, m)
}
