package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/survey"
)

// Unit tests of the commands' run functions: options in, the application
// behind a small interface (a fake, or a workspace in a temporary folder).

// testApp opens a new workspace in a temporary folder on a pinned clock.
func testApp(t *testing.T) *app.App {
	t.Helper()
	clock, err := crmflow.ClockFromEnv("2026-11-20T09:00:00Z")
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Init(context.Background(), filepath.Join(t.TempDir(), DBFile),
		crmflow.Project{Name: "测试项目", Client: "客户", Lang: crmflow.LangZH}, app.Options{Clock: clock, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func addReq(t *testing.T, a *app.App, title string, criteria ...string) string {
	t.Helper()
	v, err := a.AddRequirement(context.Background(), requirements.Input{ModuleName: "拜访跟进", Requirement: requirements.Requirement{
		Title: title, Kind: requirements.KindFunctional, Value: 4, Difficulty: 2, Urgency: 3, Criteria: criteria}})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// never is an App opener for runs that must stop before opening the workspace.
func never[T any](t *testing.T) func() (T, error) {
	return func() (T, error) {
		t.Helper()
		t.Fatal("the workspace was opened, but the options should have been refused first")
		var zero T
		return zero, nil
	}
}

type fakeFreezer struct {
	name, note string
	b          baseline.Baseline
	err        error
}

func (f *fakeFreezer) Freeze(_ context.Context, name, note string) (baseline.Baseline, error) {
	f.name, f.note = name, note
	return f.b, f.err
}

func TestRunFreeze(t *testing.T) {
	io, out, errOut := TestStreams()
	fz := &fakeFreezer{b: baseline.Baseline{Name: "v1.0", Count: 12, Hash: "ab12"}}
	opts := &freezeOptions{IO: io, App: func() (freezer, error) { return fz, nil }, Name: "v1.0", Note: "after MEET-001"}
	if err := runFreeze(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if fz.name != "v1.0" || fz.note != "after MEET-001" {
		t.Errorf("Freeze got name %q note %q", fz.name, fz.note)
	}
	if out.String() != "v1.0\n" {
		t.Errorf("stdout %q, want the baseline's name", out.String())
	}
	if !strings.Contains(errOut.String(), "Froze baseline v1.0: 12 requirements") || !strings.Contains(errOut.String(), "SHA-256 ab12") {
		t.Errorf("stderr %q", errOut.String())
	}

	io, out, _ = TestStreams()
	opts.IO, opts.AsJSON = io, true
	if err := runFreeze(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var b baseline.Baseline
	if err := json.Unmarshal(out.Bytes(), &b); err != nil || b.Name != "v1.0" || b.Count != 12 {
		t.Errorf("--json printed %q (%v)", out.String(), err)
	}

	io, out, _ = TestStreams()
	fz.err = crmflow.Errorf(crmflow.ECONFLICT, "nothing is confirmed")
	opts.IO, opts.AsJSON = io, false
	if err := runFreeze(context.Background(), opts); crmflow.ErrorCode(err) != crmflow.ECONFLICT || out.Len() != 0 {
		t.Errorf("a refused freeze: err %v, stdout %q", err, out.String())
	}
}

func TestRunFreezeOnAWorkspace(t *testing.T) {
	a := testApp(t)
	id := addReq(t, a, "拜访记录移动端实时录入", "5 秒内主管可见")
	if _, _, err := a.SetRequirementStatus(context.Background(), id, requirements.Confirmed); err != nil {
		t.Fatal(err)
	}
	io, out, _ := TestStreams()
	if err := runFreeze(context.Background(), &freezeOptions{IO: io, App: func() (freezer, error) { return a, nil }}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "v1.0\n" {
		t.Errorf("the first baseline without --name: %q, want v1.0", out.String())
	}
	r, err := a.Requirement(context.Background(), id)
	if err != nil || r.Status != requirements.Frozen {
		t.Errorf("%s after the freeze: %s (%v), want frozen", id, r.Status, err)
	}
}

type fakeAdder struct {
	in requirements.Input
}

func (f *fakeAdder) AddRequirement(_ context.Context, in requirements.Input) (requirements.View, error) {
	f.in = in
	return requirements.View{ID: "REQ-007", Title: in.Title, Module: "visits", Score: 73, Quadrant: "quick-win", MoSCoW: requirements.Should}, nil
}

func TestRunReqAdd(t *testing.T) {
	io, out, errOut := TestStreams()
	fa := &fakeAdder{}
	opts := &reqAddOptions{IO: io, App: func() (reqAdder, error) { return fa, nil }, Title: "客户查重", Module: "customer",
		Kind: "data", Value: "5", Difficulty: "2", Urgency: "4", Status: "draft", Tags: []string{"一期,CRM", "移动"},
		Criteria: []string{"重复客户提示"}, Fields: []string{"预计工时=5"}}
	if err := runReqAdd(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	in := fa.in
	if in.Title != "客户查重" || in.ModuleName != "customer" || in.Kind != requirements.KindData || in.Value != 5 || in.Difficulty != 2 || in.Urgency != 4 {
		t.Errorf("input %+v", in)
	}
	if strings.Join(in.Tags, "|") != "一期|CRM|移动" || in.FieldText["预计工时"] != "5" || in.Status != requirements.Draft {
		t.Errorf("tags %v, fields %v, status %q", in.Tags, in.FieldText, in.Status)
	}
	if out.String() != "REQ-007\n" || !strings.Contains(errOut.String(), "Added REQ-007 客户查重 (score 73") {
		t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
	}

	for name, bad := range map[string]func(o *reqAddOptions){
		"no module":          func(o *reqAddOptions) { o.Module = " " },
		"score out of range": func(o *reqAddOptions) { o.Value = "6" },
		"unknown kind":       func(o *reqAddOptions) { o.Kind = "wish" },
	} {
		o := *opts
		o.App = never[reqAdder](t)
		bad(&o)
		if err := runReqAdd(context.Background(), &o); crmflow.ErrorCode(err) != crmflow.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", name, err)
		}
	}

	// The criteria rule lives in the domain, not in the command: the run
	// reaches the workspace, which refuses and writes nothing.
	ws := testApp(t)
	o := *opts
	o.App = func() (reqAdder, error) { return ws, nil }
	o.Module, o.Fields, o.Status, o.Criteria = "拜访跟进", nil, "confirmed", nil
	if err := runReqAdd(context.Background(), &o); crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "acceptance criteria") {
		t.Errorf("confirmed without criteria: got %v, want the domain's EINVALID", err)
	}
	if reqs, err := ws.AllRequirements(context.Background()); err != nil || len(reqs) != 0 {
		t.Errorf("after the refusal: %d requirements, %v", len(reqs), err)
	}
}

func TestRunReqList(t *testing.T) {
	a := testApp(t)
	ctx := context.Background()
	first := addReq(t, a, "拜访记录移动端实时录入", "5 秒内主管可见")
	second := addReq(t, a, "拜访轨迹地图")
	if _, _, err := a.SetRequirementStatus(ctx, first, requirements.Confirmed); err != nil {
		t.Fatal(err)
	}
	open := func() (reqLister, error) { return a, nil }

	io, out, _ := TestStreams()
	if err := runReqList(ctx, &reqListOptions{IO: io, App: open, Statuses: []string{"confirmed"}, Sort: "id"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], first+"\t") || !strings.Contains(lines[0], "\tconfirmed\t") {
		t.Errorf("--status confirmed, piped: %q", out.String())
	}

	io, out, _ = TestStreams()
	if err := runReqList(ctx, &reqListOptions{IO: io, App: open, AsJSON: true, Sort: "id"}); err != nil {
		t.Fatal(err)
	}
	var views []requirements.View
	if err := json.Unmarshal(out.Bytes(), &views); err != nil {
		t.Fatalf("--json: %v in %q", err, out.String())
	}
	if len(views) != 2 || views[0].ID != first || views[1].ID != second || len(views[0].Criteria) != 1 {
		t.Errorf("--json: %+v", views)
	}

	io, _, _ = TestStreams()
	err := runReqList(ctx, &reqListOptions{IO: io, App: open, Fields: []string{"没有的字段"}, Sort: "id"})
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("an unknown --field: %v, want EINVALID", err)
	}
	err = runReqList(ctx, &reqListOptions{IO: io, App: never[reqLister](t), MoSCoW: []string{"maybe"}})
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("--moscow maybe: %v, want EINVALID", err)
	}
}

type fakeStatusSetter struct {
	ref string
	to  requirements.Status
}

func (f *fakeStatusSetter) SetRequirementStatus(_ context.Context, ref string, to requirements.Status) (requirements.Status, requirements.Requirement, error) {
	f.ref, f.to = ref, to
	return requirements.Draft, requirements.Requirement{ID: "REQ-001", Status: to}, nil
}

func TestRunReqStatus(t *testing.T) {
	io, _, errOut := TestStreams()
	fs := &fakeStatusSetter{}
	err := runReqStatus(context.Background(), &reqStatusOptions{IO: io, App: func() (reqStatusSetter, error) { return fs, nil }, Ref: "1", To: "Confirmed"})
	if err != nil {
		t.Fatal(err)
	}
	if fs.ref != "1" || fs.to != requirements.Confirmed {
		t.Errorf("SetRequirementStatus(%q, %q)", fs.ref, fs.to)
	}
	if errOut.String() != "REQ-001: draft → confirmed\n" {
		t.Errorf("stderr %q", errOut.String())
	}
	err = runReqStatus(context.Background(), &reqStatusOptions{IO: io, App: never[reqStatusSetter](t), Ref: "1", To: "done"})
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("an unknown status: %v, want EINVALID", err)
	}
}

func TestRunReqStatusNeedsCriteria(t *testing.T) {
	a := testApp(t)
	id := addReq(t, a, "拜访轨迹地图")
	io, _, _ := TestStreams()
	err := runReqStatus(context.Background(), &reqStatusOptions{IO: io, App: func() (reqStatusSetter, error) { return a, nil }, Ref: id, To: "confirmed"})
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("confirming a requirement without criteria: %v, want EINVALID", err)
	}
}

func TestRunMeetingAdd(t *testing.T) {
	a := testApp(t)
	ctx := context.Background()
	r1 := addReq(t, a, "拜访记录移动端实时录入", "5 秒内主管可见")
	gap := addReq(t, a, "临时需求")
	r3 := addReq(t, a, "拜访轨迹地图", "地图显示当天轨迹")
	r4 := addReq(t, a, "拜访照片水印")
	if _, err := a.Requirements.Remove(ctx, gap); err != nil {
		t.Fatal(err)
	}
	io, out, errOut := TestStreams()
	opts := &meetingAddOptions{IO: io, App: func() (meetingRecorder, error) { return a, nil }, Kind: "confirmation", Date: "2026-11-28",
		Attendees: "王总, 张经理", NotesText: "# 纪要\n", Confirm: []string{r1 + ".." + r3}, Defer: []string{r4}}
	if err := runMeetingAdd(ctx, opts); err != nil {
		t.Fatal(err)
	}
	if out.String() != "MEET-001\n" || !strings.Contains(errOut.String(), "确认 2 条，延期 1 条，拒绝 0 条") {
		t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
	}
	for id, want := range map[string]requirements.Status{r1: requirements.Confirmed, r3: requirements.Confirmed, r4: requirements.Deferred} {
		r, err := a.Requirement(ctx, id)
		if err != nil || r.Status != want {
			t.Errorf("%s: %s (%v), want %s", id, r.Status, err, want)
		}
	}
	m, err := a.Meeting(ctx, "1")
	if err != nil || strings.Join(m.Attendees, "|") != "王总|张经理" || m.Notes != "# 纪要\n" {
		t.Errorf("the meeting as recorded: %+v (%v)", m, err)
	}
	opts.Kind = "party"
	opts.App = never[meetingRecorder](t)
	if err := runMeetingAdd(ctx, opts); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("--kind party: %v, want EINVALID", err)
	}
}

type fakeApplier struct {
	cr  change.Request
	b   baseline.Baseline
	ref string
}

func (f *fakeApplier) ApplyChange(_ context.Context, ref, comment string) (change.Request, baseline.Baseline, error) {
	f.ref = ref
	return f.cr, f.b, nil
}

func TestRunCRApply(t *testing.T) {
	io, out, errOut := TestStreams()
	fa := &fakeApplier{cr: change.Request{ID: "CR-001", Impact: &change.Impact{ScheduleDays: 2.5}}, b: baseline.Baseline{Name: "v1.1", Count: 20, Hash: "ff"}}
	opts := &crApplyOptions{IO: io, App: func() (crApplier, error) { return fa, nil }, Ref: "cr-1"}
	if err := runCRApply(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if fa.ref != "cr-1" || out.String() != "v1.1\n" {
		t.Errorf("applied %q, stdout %q", fa.ref, out.String())
	}
	if !strings.Contains(errOut.String(), "Applied CR-001 → baseline v1.1 (20 requirements)") || !strings.Contains(errOut.String(), "Schedule impact recorded: 2.5 working days") {
		t.Errorf("stderr %q", errOut.String())
	}
	io, out, errOut = TestStreams()
	fa.cr.Impact = nil
	opts.IO, opts.AsJSON = io, true
	if err := runCRApply(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var got struct {
		CR       change.Request    `json:"change_request"`
		Baseline baseline.Baseline `json:"baseline"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.CR.ID != "CR-001" || got.Baseline.Name != "v1.1" || errOut.Len() != 0 {
		t.Errorf("--json: %q (%v), stderr %q", out.String(), err, errOut.String())
	}
}

type fakeDocs struct {
	calls []string
}

func (f *fakeDocs) doc(kind string, l crmflow.Lang, fm app.Format) app.Document {
	f.calls = append(f.calls, kind+" "+string(l)+" "+string(fm))
	return app.Document{Name: kind + "." + string(fm), Data: []byte(kind), Requirements: 3}
}

func (f *fakeDocs) SRS(_ context.Context, l crmflow.Lang, fm app.Format, asOf string) (app.Document, error) {
	d := f.doc("srs"+asOf, l, fm)
	d.Beside = []app.File{{Path: "figures/PM-001.svg", Data: []byte("<svg/>")}}
	return d, nil
}
func (f *fakeDocs) Minutes(_ context.Context, ref string, l crmflow.Lang, fm app.Format) (app.Document, error) {
	return f.doc("minutes-"+ref, l, fm), nil
}
func (f *fakeDocs) ChangeLog(_ context.Context, l crmflow.Lang, fm app.Format) (app.Document, error) {
	return f.doc("crs", l, fm), nil
}
func (f *fakeDocs) SurveyReport(_ context.Context, l crmflow.Lang, fm app.Format) (app.Document, error) {
	return f.doc("survey", l, fm), nil
}
func (f *fakeDocs) AcceptanceDocument(_ context.Context, ref string, l crmflow.Lang, fm app.Format) (app.Document, error) {
	return f.doc("acceptance-"+ref, l, fm), nil
}

func TestRunDocBuild(t *testing.T) {
	dir := t.TempDir() + string(filepath.Separator)
	fd := &fakeDocs{}
	open := func() (documenter, error) { return fd, nil }
	io, out, errOut := TestStreams()
	if err := runDocBuild(context.Background(), &docBuildOptions{IO: io, App: open, Doc: "srs", Lang: "en", Format: "MD", Out: dir, AsOf: "v1.0"}, 1); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "srsv1.0.md")); err != nil || string(b) != "srsv1.0" {
		t.Errorf("the SRS: %q (%v)", b, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "figures", "PM-001.svg")); err != nil || string(b) != "<svg/>" {
		t.Errorf("the figure beside it: %q (%v)", b, err)
	}
	if out.String() != filepath.Join(dir, "srsv1.0.md")+"\n" || !strings.Contains(errOut.String(), "(3 requirements, 1 KB)") {
		t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
	}
	io, _, _ = TestStreams()
	if err := runDocBuild(context.Background(), &docBuildOptions{IO: io, App: open, Doc: "minutes", ID: "MEET-002", Format: "html", Out: dir}, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "minutes-MEET-002.html")); err != nil {
		t.Error(err)
	}
	if want := []string{"srsv1.0 en md", "minutes-MEET-002 zh html"}; strings.Join(fd.calls, ",") != strings.Join(want, ",") {
		t.Errorf("calls %q, want %q", fd.calls, want)
	}
	var ue *usageError
	for name, o := range map[string]*docBuildOptions{
		"minutes without an ID": {Doc: "minutes", Format: "md"},
		"--baseline on crs":     {Doc: "crs", Format: "md", AsOf: "v1.0"},
	} {
		o.IO, o.App = io, never[documenter](t)
		if err := runDocBuild(context.Background(), o, 1); !errors.As(err, &ue) {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
	err := runDocBuild(context.Background(), &docBuildOptions{IO: io, App: never[documenter](t), Doc: "srs", Format: "pdf"}, 1)
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("--format pdf: %v, want EINVALID", err)
	}
	err = runDocBuild(context.Background(), &docBuildOptions{IO: io, App: open, Doc: "brochure", Format: "md"}, 1)
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("an unknown document: %v, want EINVALID", err)
	}
}

func TestRunImportReqs(t *testing.T) {
	a := testApp(t)
	ctx := context.Background()
	addReq(t, a, "拜访记录移动端实时录入", "5 秒内主管可见")
	doc, err := a.Checklist(ctx, crmflow.LangZH, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "requirements.xlsx")
	if err := os.WriteFile(file, doc.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	open := func() (reqImporter, error) { return a, nil }
	io, out, errOut := TestStreams()
	if err := runImportReqs(ctx, &importReqsOptions{IO: io, App: open, File: file}); err != nil {
		t.Fatal(err)
	}
	// The workspace is Chinese: so is the plan.
	if !strings.HasPrefix(out.String(), "requirements.xlsx：新增 0 条，修改 0 条，未变 1 条") || !strings.Contains(errOut.String(), "没有要导入的内容") {
		t.Errorf("an unchanged checklist: stdout %q stderr %q", out.String(), errOut.String())
	}
	// A requirement added since the export is left alone unless --delete-missing.
	later := addReq(t, a, "拜访轨迹地图")
	io, out, errOut = TestStreams()
	if err := runImportReqs(ctx, &importReqsOptions{IO: io, App: open, File: file, DeleteMissing: true, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "- "+later+"\n") || !strings.Contains(errOut.String(), "试运行：没有写入任何内容") {
		t.Errorf("--delete-missing --dry-run: stdout %q stderr %q", out.String(), errOut.String())
	}
	if _, err := a.Requirement(ctx, later); err != nil {
		t.Errorf("a dry run removed %s: %v", later, err)
	}
	err = runImportReqs(ctx, &importReqsOptions{IO: io, App: never[reqImporter](t), File: filepath.Join(t.TempDir(), "missing.xlsx")})
	if crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("a missing file: %v, want ENOTFOUND", err)
	}
}

type fakeSurveyImporter struct {
	plan    *survey.ImportPlan
	files   []app.Input
	applied bool
}

func (f *fakeSurveyImporter) ResolveQuestionnaire(_ context.Context, ref string) (survey.Questionnaire, error) {
	return survey.Questionnaire{ID: "Q-001", Lang: crmflow.LangZH}, nil
}
func (f *fakeSurveyImporter) PlanSurveyImport(_ context.Context, q *survey.Questionnaire, files []app.Input, replace bool) (*survey.ImportPlan, int, error) {
	f.files = files
	return f.plan, len(files), nil
}
func (f *fakeSurveyImporter) ApplySurveyImport(context.Context, *survey.ImportPlan) error {
	f.applied = true
	return nil
}

func TestRunSurveyImport(t *testing.T) {
	resp := func(replaces bool) survey.PlannedResponse {
		return survey.PlannedResponse{Response: survey.Response{File: "a.xlsx", Respondent: survey.Respondent{Role: "sales", Name: "甲"}}, Replaces: replaces}
	}
	fi := &fakeSurveyImporter{plan: &survey.ImportPlan{Responses: []survey.PlannedResponse{resp(false), resp(false), resp(true)}}}
	open := func() (surveyImporter, error) { return fi, nil }
	io, _, errOut := TestStreams()
	opts := &surveyImportOptions{IO: io, App: open, Ref: "Q-001", Files: []app.Input{{Name: "a.xlsx", Data: []byte("x")}}, DryRun: true}
	if err := runSurveyImport(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if fi.applied || !strings.Contains(errOut.String(), "would import 3 responses (2 new, 1 replaced)") {
		t.Errorf("dry run: applied %v, stderr %q", fi.applied, errOut.String())
	}
	io, _, errOut = TestStreams()
	opts.IO, opts.DryRun = io, false
	if err := runSurveyImport(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if !fi.applied || !strings.Contains(errOut.String(), "Imported 3 responses into Q-001 from 1 file (2 new, 1 replaced)") {
		t.Errorf("import: applied %v, stderr %q", fi.applied, errOut.String())
	}
	// Any problem stops the import, and every problem is printed.
	fi.applied = false
	fi.plan.Problems = []survey.Problem{{File: "a.xlsx", Message: "答案不在选项中"}, {File: "b.xlsx", Message: "缺少姓名"}}
	io, _, errOut = TestStreams()
	opts.IO = io
	if err := runSurveyImport(context.Background(), opts); err == nil || fi.applied {
		t.Errorf("an import with problems: err %v, applied %v", err, fi.applied)
	}
	if strings.Count(errOut.String(), "Error: ") != 2 {
		t.Errorf("stderr %q, want both problems", errOut.String())
	}
}

func TestRunDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var gotPath string
	var got app.DemoOptions
	create := func(_ context.Context, path string, d app.DemoOptions) (app.DemoResult, error) {
		gotPath, got = path, d
		if err := os.WriteFile(path, []byte("db"), 0o644); err != nil {
			return app.DemoResult{}, err
		}
		return app.DemoResult{Project: crmflow.Project{Name: "示例"}, Written: []string{filepath.Join(d.Out, "a.md")}}, nil
	}
	io, out, errOut := TestStreams()
	opts := &demoOptions{IO: io, Dir: dir, Create: create}
	if err := runDemo(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if gotPath != filepath.Join(dir, DBFile) || got.Out != filepath.Join(dir, "out") || got.Scale != 0 || got.Progress != nil {
		t.Errorf("Create(%q, %+v)", gotPath, got)
	}
	abs, _ := filepath.Abs(dir)
	if out.String() != abs+"\n" || !strings.Contains(errOut.String(), "Wrote "+filepath.Join(dir, "out", "a.md")) {
		t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
	}
	// A second demo in the same folder needs --force, which replaces it.
	gotPath = ""
	err := runDemo(context.Background(), opts)
	if crmflow.ErrorCode(err) != crmflow.ECONFLICT || gotPath != "" {
		t.Errorf("a second demo without --force: %v (created %q)", err, gotPath)
	}
	opts.Force, opts.Scale = true, 50
	start := time.Now()
	if err := runDemo(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if gotPath == "" || got.Scale != 50 || got.Progress == nil || time.Since(start) > time.Minute {
		t.Errorf("--force --scale 50: Create(%q, %+v)", gotPath, got)
	}
	opts.Scale = -1
	opts.Create = func(context.Context, string, app.DemoOptions) (app.DemoResult, error) {
		t.Fatal("--scale -1 created a workspace")
		return app.DemoResult{}, nil
	}
	if err := runDemo(context.Background(), opts); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("--scale -1: %v, want EINVALID", err)
	}
}
