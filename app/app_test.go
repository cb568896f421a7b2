package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
	_ "github.com/crmflow/crmflow/sqlite/backend"
	"github.com/xuri/excelize/v2"
)

func open(t *testing.T) *app.App {
	t.Helper()
	clock, err := crmflow.ClockFromEnv("2026-11-20T09:00:00Z")
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Init(context.Background(), filepath.Join(t.TempDir(), "crmflow.db"),
		crmflow.Project{Name: " 测试项目 ", Lang: crmflow.LangEN}, app.Options{Clock: clock, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func add(t *testing.T, a *app.App, title string, criteria ...string) string {
	t.Helper()
	v, err := a.AddRequirement(context.Background(), requirements.Input{ModuleName: "拜访跟进",
		Requirement: requirements.Requirement{Title: title, Value: 4, Difficulty: 2, Urgency: 3, Criteria: criteria}})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// The register is a working draft until the first freeze, and again whenever
// a requirement is draft or confirmed; as of a baseline it never is.
func TestRegisterWorkingDraft(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	if p, _ := a.Project(ctx); p.Name != "测试项目" {
		t.Errorf("Init kept the name as %q", p.Name)
	}
	id := add(t, a, "Visit log on mobile", "visible to the manager within 5 s")
	reg, err := a.Register(ctx, crmflow.LangEN, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(reg.Revisions); n != 1 || reg.Revisions[0].Version != "Draft" || reg.Revisions[0].Change != "Working draft, 1 requirement" || reg.Version != "" {
		t.Fatalf("before any freeze: version %q, revisions %+v", reg.Version, reg.Revisions)
	}
	if _, _, err := a.SetRequirementStatus(ctx, id, requirements.Confirmed); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Freeze(ctx, "", "after the meeting"); err != nil {
		t.Fatal(err)
	}
	reg, err = a.Register(ctx, crmflow.LangZH, "")
	if err != nil {
		t.Fatal(err)
	}
	if reg.Version != "v1.0" || len(reg.Revisions) != 1 || reg.Revisions[0].Change != "需求冻结，共 1 条需求（after the meeting）" {
		t.Fatalf("after the freeze: version %q, revisions %+v", reg.Version, reg.Revisions)
	}
	add(t, a, "Route map")
	reg, err = a.Register(ctx, crmflow.LangZH, "")
	if err != nil {
		t.Fatal(err)
	}
	if reg.Version != "" || len(reg.Revisions) != 2 || reg.Revisions[1].Version != "草稿" {
		t.Fatalf("a draft added after the freeze: version %q, revisions %+v", reg.Version, reg.Revisions)
	}
	reg, err = a.Register(ctx, crmflow.LangZH, "v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if reg.Version != "v1.0" || len(reg.Requirements) != 1 || len(reg.Revisions) != 1 {
		t.Fatalf("as of v1.0: version %q, %d requirements, revisions %+v", reg.Version, len(reg.Requirements), reg.Revisions)
	}
}

func TestSRSFiguresBesideMarkdown(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	id := add(t, a, "Visit log on mobile")
	src := "process \"Visits\" to-be\nlane rep \"Sales rep\" {\n  start s \"Start\"\n  task t \"Log the visit\" [" + id + "]\n  end e \"Done\"\n}\ns -> t -> e\n"
	if _, err := a.Processes.Add(ctx, "visits.flow", []byte(src)); err != nil {
		t.Fatal(err)
	}
	// A step may refer only to requirements and findings that exist.
	if _, err := a.Processes.Check(ctx, "bad.flow", []byte(strings.ReplaceAll(src, id, "REQ-999"))); err == nil {
		t.Error("a step referring to REQ-999, which does not exist, was accepted")
	}
	md, err := a.SRS(ctx, crmflow.LangEN, report.FormatMarkdown, "")
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "software-requirements-specification.md" || md.Requirements != 1 || len(md.Beside) != 1 || !strings.HasSuffix(md.Beside[0].Path, ".svg") {
		t.Fatalf("md: name %q, %d requirements, beside %d", md.Name, md.Requirements, len(md.Beside))
	}
	dir := t.TempDir()
	if err := app.WriteDocument(filepath.Join(dir, md.Name), md); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(md.Beside[0].Path))); err != nil {
		t.Errorf("the figure was not written beside the document: %v", err)
	}
	html, err := a.SRS(ctx, crmflow.LangZH, report.FormatHTML, "")
	if err != nil {
		t.Fatal(err)
	}
	if html.Name != "需求规格说明书.html" || len(html.Beside) != 0 || !strings.Contains(string(html.Data), "<svg") {
		t.Errorf("html: name %q, beside %d, inline figure %v", html.Name, len(html.Beside), strings.Contains(string(html.Data), "<svg"))
	}
}

func TestSetProject(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	if _, _, err := a.SetProject(ctx, "name", "  "); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("an empty name: %v", err)
	}
	if _, _, err := a.SetProject(ctx, "lang", "zh"); err != nil || a.Lang(ctx) != crmflow.LangZH {
		t.Errorf("lang zh: %v, now %s", err, a.Lang(ctx))
	}
	if _, _, err := a.SetProject(ctx, "colour", "blue"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("an unknown key: %v", err)
	}
	stored, st, err := a.SetProject(ctx, requirements.KeyWeights, "value=0.5,urgency=0.3,ease=0.2")
	if err != nil || stored == "" || st.Weights.Value != 0.5 {
		t.Errorf("weights: %q, %+v, %v", stored, st.Weights, err)
	}
}

// The checklist and the SRS state the audit log's head they were built from,
// in the same words, on the page a client keeps: a copy held outside shows
// how far the log reached when it was exported.
func TestDocumentsStateAuditHead(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	for i, title := range []string{"Visit log on mobile", "Route map"} {
		add(t, a, title)
		evs, err := a.AuditLog(ctx, crmflow.AuditFilter{Limit: 1})
		if err != nil || len(evs) != 1 {
			t.Fatalf("audit log: %v %v", evs, err)
		}
		head := report.AnchorText(crmflow.LangEN, crmflow.Anchor{Seq: evs[0].Seq, Hash: evs[0].Hash})
		md, err := a.SRS(ctx, crmflow.LangEN, report.FormatMarkdown, "")
		if err != nil {
			t.Fatal(err)
		}
		if want := "- Audit log: " + head + "\n"; !strings.Contains(string(md.Data), want) {
			t.Errorf("after %d requirements the SRS cover lacks %q", i+1, want)
		}
		xl, err := a.Checklist(ctx, crmflow.LangEN, nil)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xl.Data))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Instructions")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			found = found || len(r) >= 2 && r[0] == "Audit log" && r[1] == head
		}
		if !found {
			t.Errorf("after %d requirements the checklist's instructions sheet lacks Audit log %q: %q", i+1, head, rows)
		}
	}
}
