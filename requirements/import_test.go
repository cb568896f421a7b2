package requirements_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/sqlite"
	"github.com/crmflow/crmflow/templates"
)

func newService(t *testing.T) *requirements.Service {
	t.Helper()
	db, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "crmflow.db"),
		crmflow.Project{Name: "p", Lang: crmflow.LangZH}, nil,
		sqlite.Options{Clock: crmflow.FixedClock{T: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}, Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	return &requirements.Service{Store: db.Requirements(), Project: db, Base: cat}
}

func add(t *testing.T, svc *requirements.Service, title, module string, status requirements.Status) requirements.Requirement {
	t.Helper()
	in := requirements.Input{ModuleName: module}
	in.Title, in.Value, in.Difficulty, in.Urgency, in.Criteria = title, 3, 3, 3, []string{"c1"}
	in.Status = status
	rs, err := svc.Add(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

// row builds an import row as the checklist reader would return it.
func row(n int, id string, rev int, cells map[string]string) requirements.ImportRow {
	r := requirements.ImportRow{File: "r.xlsx", Sheet: "需求清单", Row: n, Revision: rev, Cells: map[string]requirements.ImportCell{}}
	cells["id"] = id
	col := 'A'
	for k, v := range cells {
		r.Cells[k] = requirements.ImportCell{Column: string(col), Header: k, Text: v}
		col++
	}
	return r
}

// exported is the row for r exactly as exported.
func exported(n int, r requirements.Requirement) map[string]string {
	return map[string]string{"title": r.Title, "module": "拜访跟进", "kind": "功能", "value": "3", "difficulty": "3", "urgency": "3",
		"status": r.Status.Name(crmflow.LangZH), "criteria": strings.Join(r.Criteria, "\n"), "moscow": "应该有", "moscow_suggested": "1"}
}

func TestPlanImport(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	a := add(t, svc, "A", "拜访跟进", requirements.Draft)
	b := add(t, svc, "B", "拜访跟进", requirements.Draft)

	// Unchanged: the suggested MoSCoW stays a suggestion.
	plan, err := svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, exported(2, a)), row(3, b.ID, 1, exported(3, b))}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.OK() || plan.Unchanged != 2 || !plan.Empty() {
		t.Fatalf("an untouched export: %+v", plan)
	}

	// A change in the file.
	cells := exported(2, a)
	cells["urgency"] = "5"
	cells["criteria"] = "c1\nc2"
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, cells)}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.Changed) != 1 || len(plan.Changed[0].Changes) != 2 || plan.Changed[0].Changes[0].Field != "urgency" ||
		plan.Changed[0].Changes[0].Old != "3" || plan.Changed[0].Changes[0].New != "5" {
		t.Fatalf("file change: %+v", plan.Changed)
	}
	if err := svc.ApplyImport(ctx, plan); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Resolve(ctx, a.ID)
	if got.Urgency != 5 || len(got.Criteria) != 2 || got.Revision != 2 || got.MoSCoW != "" {
		t.Fatalf("after apply: %+v", got)
	}

	// Changed in the workspace since the export (revision 1), not in the file: no change, no conflict.
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, exported(2, a))}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if !plan.OK() || plan.Unchanged != 1 {
		t.Fatalf("workspace-only change: %+v", plan)
	}

	// Changed in both: a conflict; --theirs takes the file; --ours skips.
	cells = exported(2, a)
	cells["title"] = "A2"
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, cells)}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.Conflicts) != 1 || plan.Conflicts[0].FileFields[0] != "title" || plan.OK() {
		t.Fatalf("conflict: %+v", plan)
	}
	if err := svc.ApplyImport(ctx, plan); err == nil {
		t.Fatal("a plan with conflicts was applied")
	}
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, cells)}, requirements.ImportMeta{}, requirements.ImportOptions{Theirs: true})
	if len(plan.Changed) != 1 || !plan.Changed[0].Conflict || len(plan.Changed[0].Changes) != 1 {
		t.Fatalf("--theirs: %+v", plan)
	}
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, cells)}, requirements.ImportMeta{}, requirements.ImportOptions{Ours: true})
	if len(plan.Skipped) != 1 || !plan.Empty() {
		t.Fatalf("--ours: %+v", plan)
	}

	// New rows, bad cells, unknown IDs, duplicates: each problem names its row and column.
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{
		row(4, "", 0, map[string]string{"title": "新需求", "module": "客户信息", "value": "4", "criteria": "x"}),
		row(5, b.ID, 1, map[string]string{"value": "六"}),
		row(6, "REQ-999", 1, map[string]string{"title": "x"}),
		row(7, "", 0, map[string]string{"title": "无模块"}),
		row(8, b.ID, 1, map[string]string{"title": "dup"}),
		row(9, "", 0, map[string]string{"title": "y", "module": "仓储"}),
	}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.New) != 1 || plan.New[0].Requirement.Module != "customer" || plan.New[0].Requirement.Value != 4 {
		t.Fatalf("new row: %+v", plan.New)
	}
	want := []string{
		`r.xlsx, sheet 需求清单, row 5, column value: "六" is not an integer 1–5`,
		`row 6, column id: REQ-999 is not a requirement of this workspace`,
		`row 7: a new requirement needs a module`,
		`row 8, column id: REQ-002 is listed twice (rows 5 and 8)`,
		`row 9, column module: "仓储" is not a known module`,
	}
	all := ""
	for _, p := range plan.Problems {
		all += p.Error() + "\n"
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q:\n%s", w, all)
		}
	}
	if len(plan.Problems) != 5 {
		t.Errorf("%d problems, want 5:\n%s", len(plan.Problems), all)
	}
	if err := svc.ApplyImport(ctx, plan); err == nil {
		t.Fatal("a plan with problems was applied")
	}
	if rs, _ := svc.Store.Requirements(ctx); len(rs) != 2 {
		t.Fatalf("a rejected import wrote: %d requirements", len(rs))
	}
}

func TestPlanImportLifecycle(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	a := add(t, svc, "A", "拜访跟进", requirements.Draft)
	f := add(t, svc, "F", "拜访跟进", requirements.Confirmed)
	// Freezing is the baseline's job (baseline.Service.Freeze); the store moves it here.
	if _, err := svc.Store.UpdateRequirement(ctx, f.ID, "freeze", func(r *requirements.Requirement) error {
		return requirements.MoveTo(r, requirements.Frozen)
	}); err != nil {
		t.Fatal(err)
	}
	// A stakeholder confirms a requirement in the sheet: a valid status move.
	cells := exported(2, a)
	cells["status"] = "已确认"
	plan, _ := svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, cells)}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.Changed) != 1 || plan.Changed[0].Changes[0].New != "confirmed" {
		t.Fatalf("confirm via import: %+v", plan)
	}
	// An invalid move, and an edit of a frozen requirement, are refused.
	cells["status"] = "已验证"
	fc := exported(3, f)
	fc["status"] = "已冻结"
	fc["title"] = "改"
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, cells), row(3, f.ID, 2, fc)}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.Problems) != 2 || !strings.Contains(plan.Problems[0].Message, "cannot move from draft to verified") ||
		!strings.Contains(plan.Problems[1].Message, "is frozen and cannot be changed by an import") || plan.Problems[1].Fix != "change request" || plan.Problems[1].ID != f.ID {
		t.Fatalf("lifecycle problems: %+v", plan.Problems)
	}
}

func TestPlanImportMissing(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	a := add(t, svc, "A", "拜访跟进", requirements.Draft)
	add(t, svc, "B", "拜访跟进", requirements.Draft)
	c := add(t, svc, "C", "拜访跟进", requirements.Confirmed)
	add(t, svc, "D", "客户信息", requirements.Draft)
	rows := []requirements.ImportRow{row(2, a.ID, 1, exported(2, a))}
	meta := requirements.ImportMeta{Modules: []string{"visit"}}
	plan, _ := svc.PlanImport(ctx, rows, meta, requirements.ImportOptions{})
	if len(plan.Missing) != 2 || len(plan.Deleted) != 0 {
		t.Fatalf("missing without --delete-missing: %+v", plan)
	}
	plan, _ = svc.PlanImport(ctx, rows, meta, requirements.ImportOptions{DeleteMissing: true})
	// B (draft) goes; C is confirmed: refused; D is outside the export's modules: untouched.
	if len(plan.Deleted) != 1 || plan.Deleted[0] != "REQ-002" || len(plan.Problems) != 1 || !strings.Contains(plan.Problems[0].Message, c.ID) {
		t.Fatalf("--delete-missing: %+v", plan)
	}
}

func TestApplyImportRefusesStaleRevision(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	a := add(t, svc, "A", "拜访跟进", requirements.Draft)
	cells := exported(2, a)
	cells["urgency"] = "4"
	plan, _ := svc.PlanImport(ctx, []requirements.ImportRow{
		row(2, a.ID, 1, cells),
		row(3, "", 0, map[string]string{"title": "new", "module": "拜访跟进"}),
	}, requirements.ImportMeta{}, requirements.ImportOptions{})
	// Someone edits the requirement between plan and apply.
	u := 2
	if _, err := svc.Edit(ctx, a.ID, requirements.Patch{Urgency: &u}); err != nil {
		t.Fatal(err)
	}
	err := svc.ApplyImport(ctx, plan)
	if crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("stale apply: %v", err)
	}
	if rs, _ := svc.Store.Requirements(ctx); len(rs) != 1 {
		t.Fatal("a failed import created a requirement anyway")
	}
}

func TestPlanImportNewRowDefaults(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	// A new row typed into the sheet with only a title and module: blank scores,
	// kind and status take the defaults; a blank score on an existing row is an error.
	a := add(t, svc, "A", "拜访跟进", requirements.Draft)
	plan, _ := svc.PlanImport(ctx, []requirements.ImportRow{
		row(3, "", 0, map[string]string{"title": "新", "module": "客户信息", "kind": "", "value": "", "difficulty": "", "urgency": "", "status": "", "moscow": ""}),
		row(2, a.ID, 1, map[string]string{"value": ""}),
	}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.New) != 1 {
		t.Fatalf("new row with blanks: %+v", plan)
	}
	n := plan.New[0].Requirement
	if n.Kind != requirements.KindFunctional || n.Status != requirements.Draft || n.Value != 3 || n.MoSCoW != "" {
		t.Fatalf("defaults not applied: %+v", n)
	}
	if len(plan.Problems) != 1 || plan.Problems[0].Row != 2 || !strings.Contains(plan.Problems[0].Message, `"" is not an integer 1–5`) {
		t.Fatalf("a cleared score on an existing row: %+v", plan.Problems)
	}
}
