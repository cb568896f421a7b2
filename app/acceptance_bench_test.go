package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/requirements"
)

// BenchmarkAcceptanceScale times coverage and the trace matrix as the CLI
// runs them, from the database: 5,000 frozen requirements × 15,000 test
// cases, every case run once in a UAT round (the bound: < 1 s each).
//
//	go test ./app -run '^$' -bench AcceptanceScale -benchtime 3x
func BenchmarkAcceptanceScale(b *testing.B) {
	ctx := context.Background()
	clock := crmflow.FixedClock{T: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)}
	a, err := Create(ctx, filepath.Join(b.TempDir(), "crmflow.db"), crmflow.Project{Name: "bench", Lang: crmflow.LangZH}, nil,
		Options{Clock: clock, Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	const n = 5000
	in := make([]requirements.Input, n)
	for i := range in {
		in[i] = requirements.Input{Requirement: requirements.Requirement{Title: fmt.Sprintf("需求 %d", i+1), Value: 3, Difficulty: 3, Urgency: 3,
			Kind: requirements.KindFunctional, Criteria: []string{"标准一", "标准二", "标准三"}}, ModuleName: "拜访跟进"}
	}
	if _, err := a.Requirements.Add(ctx, in...); err != nil {
		b.Fatal(err)
	}
	if _, err := a.Meetings.Add(ctx, meeting.Input{Kind: "confirmation", Date: "2026-11-28", Attendees: []string{"王总"},
		Confirm: []string{fmt.Sprintf("REQ-001..REQ-%d", n)}}); err != nil {
		b.Fatal(err)
	}
	if _, err := a.Freeze(ctx, "v1.0", ""); err != nil {
		b.Fatal(err)
	}
	_, cases, err := a.Acceptance.Generate(ctx, "", crmflow.LangZH)
	if err != nil || len(cases) != 3*n {
		b.Fatalf("generated %d cases: %v", len(cases), err)
	}
	r, err := a.Acceptance.NewRound(ctx, acceptance.Round{Name: "UAT", Testers: []string{"张经理"}})
	if err != nil {
		b.Fatal(err)
	}
	rows := make([]acceptance.SheetRow, len(cases))
	for i, c := range cases {
		rows[i] = acceptance.SheetRow{Row: i + 4, Cells: map[string]acceptance.Cell{
			acceptance.FieldCase: {Value: c.ID}, acceptance.FieldResult: {Value: "通过"}}}
	}
	if _, _, err := a.Acceptance.ImportResults(ctx, r.ID, "bench.xlsx", "UAT用例", rows, false); err != nil {
		b.Fatal(err)
	}
	b.Run("coverage", func(b *testing.B) {
		for b.Loop() {
			cov, err := a.Coverage(ctx, "")
			if err != nil || cov.Covered != n {
				b.Fatalf("coverage %d covered: %v", cov.Covered, err)
			}
		}
	})
	b.Run("trace-matrix", func(b *testing.B) {
		for b.Loop() {
			m, err := a.TraceMatrix(ctx, "", crmflow.LangZH)
			if err != nil || len(m.Matrix.Rows) != 3*n {
				b.Fatalf("matrix: %v", err)
			}
		}
	})
}
