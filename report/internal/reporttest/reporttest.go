// Package reporttest holds what the report packages' tests share: the real
// readers (headless Chromium, LibreOffice, openpyxl), golden files, and a
// plain dump of a workbook's cells.
package reporttest

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/internal/readers"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/survey"
	"github.com/crmflow/crmflow/templates"
	"github.com/xuri/excelize/v2"
)

// Browser is one HTML page opened in headless Chromium, which the tests
// print, screenshot and read back as the DOM a person's browser would build.
type Browser struct {
	t              *testing.T
	bin, dir, page string
}

// OpenInChromium writes page to a temporary file for Chromium; the test is
// skipped (with a message) when Chromium is missing or in -short mode.
func OpenInChromium(t *testing.T, page []byte, name string) *Browser {
	t.Helper()
	bin := readers.Chromium(t)
	if testing.Short() {
		t.Skip("skipping the browser in -short mode")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	return &Browser{t: t, bin: bin, dir: dir, page: file}
}

// run runs Chromium on the page with args, a private profile and no network,
// and returns what it printed.
func (b *Browser) run(name string, args ...string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(b.dir, "profile-"+name)}
	cmd := exec.CommandContext(ctx, b.bin, append(append(base, args...), "file://"+b.page)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %s: %v (timeout: %v)\n%s", name, err, ctx.Err(), stderr.String())
	}
	return stdout.Bytes()
}

// PDF prints the page to A4 and fails the test unless a real PDF comes out.
func (b *Browser) PDF() []byte {
	b.t.Helper()
	out := filepath.Join(b.dir, "page.pdf")
	b.run("pdf", "--print-to-pdf="+out, "--no-pdf-header-footer")
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || len(data) < 10<<10 {
		b.t.Fatalf("no PDF, or a tiny one (%d bytes, starting %q): %v", len(data), data[:min(len(data), 8)], err)
	}
	b.keep(out)
	return data
}

// PNG takes a screenshot of the page in a window of w × h pixels.
func (b *Browser) PNG(w, h int) []byte {
	b.t.Helper()
	out := filepath.Join(b.dir, "page.png")
	b.run("png", "--screenshot="+out, fmt.Sprintf("--window-size=%d,%d", w, h), "--hide-scrollbars")
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		b.t.Fatalf("no PNG screenshot: %v", err)
	}
	b.keep(out)
	return data
}

// DOM is the page's DOM after Chromium parsed it.
func (b *Browser) DOM() string {
	b.t.Helper()
	return string(b.run("dom", "--dump-dom"))
}

// keep copies a rendering to $CRMFLOW_KEEP_RENDER, for a person to look at.
func (b *Browser) keep(file string) {
	if dst := os.Getenv("CRMFLOW_KEEP_RENDER"); dst != "" {
		if data, err := os.ReadFile(file); err == nil {
			_ = os.WriteFile(filepath.Join(dst, filepath.Base(b.page)+filepath.Ext(file)), data, 0o644)
		}
	}
}

// LibreOfficeCSV converts one sheet of a workbook to CSV with LibreOffice
// (UTF-8, every cell as shown) and returns its records; the test is skipped
// when LibreOffice is missing.
func LibreOfficeCSV(t *testing.T, xlsx []byte, sheet string) [][]string {
	t.Helper()
	bin := readers.Soffice(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	csvPath := filepath.Join(outDir, "book-"+sheet+".csv")
	Soffice(t, bin, in, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", outDir, csvPath)
	raw, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// Soffice converts in to the filter given into outDir with a private profile
// and a 120 s timeout. It fails the test when soffice fails or, since soffice
// exits 0 even when it could not load the file, when want does not appear.
func Soffice(t *testing.T, bin, in, filter, outDir, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", filter, "--outdir", outDir, in)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("soffice timed out after 120 s: %s", out)
	}
	if err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
	if _, err := os.Stat(want); err != nil {
		entries, _ := os.ReadDir(outDir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("soffice wrote no %s (output: %s; files: %v)", filepath.Base(want), bytes.TrimSpace(out), names)
	}
}

// Openpyxl returns Debian's python3, which has openpyxl (the python3 on PATH
// may be a pyenv build without it); the test is skipped when it is missing.
func Openpyxl(t *testing.T) string {
	t.Helper()
	return readers.Openpyxl(t)
}

// NeedSoffice returns LibreOffice's soffice, or skips the test.
func NeedSoffice(t *testing.T) string {
	t.Helper()
	return readers.Soffice(t)
}

// Update rewrites the golden files in testdata/golden instead of comparing.
var Update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// Golden compares got with testdata/golden/name (or writes it with -update)
// and fails at the first line that differs.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

// WalkAll reads every sheet of a workbook with the workbook reader's sheet
// walk, row by row (index row-1), each row's cells by column (index col-1).
func WalkAll(t testing.TB, data []byte) map[string][][]string {
	t.Helper()
	wb, err := xlsx.Open("x.xlsx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, s := range wb.Sheets() {
		var rows [][]string
		if _, err := wb.NewWalk(s).Walk(func(n int, cells []xlsx.Cell) error {
			for len(rows) < n {
				rows = append(rows, nil)
			}
			for _, c := range cells {
				for len(rows[n-1]) < c.Col {
					rows[n-1] = append(rows[n-1], "")
				}
				rows[n-1][c.Col-1] = c.Text
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}

// WrittenCells is every non-empty cell of the workbook's sheet as the writer
// stored it, by A1 reference.
func WrittenCells(t testing.TB, data []byte, sheet string) map[string]string {
	t.Helper()
	cells := map[string]string{}
	for r, row := range WalkAll(t, data)[sheet] {
		for c, v := range row {
			if v != "" {
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				cells[axis] = v
			}
		}
	}
	return cells
}

// OpenpyxlScript prints, as JSON, what openpyxl reads of a workbook: its
// sheets, their states, the active one, and one sheet's panes, filter,
// validations and cells.
const OpenpyxlScript = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[sys.argv[2]]
out = {
    "sheets": wb.sheetnames,
    "states": {s.title: s.sheet_state for s in wb.worksheets},
    "active": wb.active.title,
    "freeze": ws.freeze_panes,
    "filter": ws.auto_filter.ref,
    "validations": [[dv.type, dv.formula1, str(dv.sqref), dv.errorStyle, bool(dv.showErrorMessage)] for dv in ws.data_validations.dataValidation],
    "hidden_cols": sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
    "cells": {},
}
for row in ws.iter_rows():
    for c in row:
        if c.value is None:
            continue
        v = c.value
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out["cells"][c.coordinate] = [type(c.value).__name__, str(v), c.data_type, bool(c.quotePrefix)]
print(json.dumps(out, ensure_ascii=False))
`

// RunPython runs script with openpyxl's python3 and returns its output; the
// test is skipped when openpyxl is missing.
func RunPython(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	py := readers.Openpyxl(t)
	out, err := exec.Command(py, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	return out
}

// Time is when the fixtures were generated.
var Time = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// ChangeLog is a change log with hostile user text: Markdown, raw HTML and
// spreadsheet formulas.
func ChangeLog(lang crmflow.Lang) *report.ChangeLog {
	at := func(h int) time.Time { return Time.Add(time.Duration(h) * time.Hour) }
	return &report.ChangeLog{
		Project:   crmflow.Project{Name: "华东快消 CRM 定制", Lang: lang},
		Lang:      lang,
		Generated: Time,
		Titles:    map[string]string{"REQ-005": "拜访拍照", "REQ-030": "=HYPERLINK(\"http://x\",\"点我\")"},
		Requests: []change.Request{
			{ID: "CR-001", Title: "拜访照片加水印", Reason: "审计要求照片可信。\n第二行 <i>理由</i>", RequestedBy: "张总",
				State: change.Implemented, Against: "v1.0", Baseline: "v1.1",
				Proposal: change.Proposal{Reqs: []string{"REQ-005"}, Set: []string{"criteria+=照片带时间与定位水印", "urgency=5"}},
				Impact: &change.Impact{EffortDays: 2.5, ScheduleDays: 1, Cost: 5000, Risk: change.RiskLow,
					Affected: []change.Affected{{ID: "REQ-005", Title: "拜访拍照", Why: "changed"}, {ID: "REQ-006", Title: "拜访签到", Why: "linked to REQ-005"}},
					Steps:    []change.StepRef{{Map: "PM-002", Step: "photo", Label: "拍照上传", Req: "REQ-005"}}},
				Events: []change.Event{
					{At: at(0), Actor: "王顾问", To: change.Submitted},
					{At: at(1), Actor: "王顾问", From: change.Submitted, To: change.Analyzed},
					{At: at(2), Actor: "王顾问", By: "张总", From: change.Analyzed, To: change.Approved, Comment: "同意"},
					{At: at(3), Actor: "王顾问", From: change.Approved, To: change.Implemented},
				},
				CreatedAt: at(0)},
			{ID: "CR-002", Title: "=cmd|' /C calc'!A0", Reason: "@SUM(1+1)", RequestedBy: "+李工",
				State: change.Rejected, Against: "v1.1",
				Proposal: change.Proposal{Remove: []string{"REQ-030"}, Add: []requirements.Requirement{{Title: "-新增 | 需求"}}},
				Impact:   &change.Impact{EffortDays: 0.5, Risk: change.RiskHigh},
				Events: []change.Event{
					{At: at(4), Actor: "王顾问", To: change.Submitted},
					{At: at(5), Actor: "王顾问", From: change.Submitted, To: change.Analyzed},
					{At: at(6), Actor: "王顾问", By: "张总", From: change.Analyzed, To: change.Rejected, Comment: "=不做"},
				},
				CreatedAt: at(4)},
		},
	}
}

// Questionnaire is Q-001 over the sales-rep and marketing banks.
func Questionnaire(t testing.TB, lang crmflow.Lang) *survey.Questionnaire {
	t.Helper()
	banks, err := survey.ParseBanks(templates.QuestionBanks())
	if err != nil {
		t.Fatal(err)
	}
	q := &survey.Questionnaire{ID: "Q-001", Title: "销售团队调研", Lang: lang, Revision: 3}
	for _, k := range []string{"sales-rep", "marketing"} {
		b, _ := banks.Bank(k)
		q.Roles = append(q.Roles, b.Role)
		q.Questions = append(q.Questions, b.Questions...)
	}
	return q
}

// SurveyResults are four responses to Questionnaire, with hostile text.
func SurveyResults(t testing.TB, lang crmflow.Lang) (*survey.Questionnaire, *survey.Results, []survey.Response) {
	q := Questionnaire(t, lang)
	f := func(v float64) *float64 { return &v }
	rs := []survey.Response{
		{Respondent: survey.Respondent{Role: "sales-rep", Name: "张三", Department: "华东区", Date: "2026-11-20"}, File: "a.xlsx",
			Answers: map[string]survey.Answer{"sales-rep.visits-per-week": {Number: f(12)}, "sales-rep.visit-record-tool": {Choices: []int{1}},
				"sales-rep.pain-points": {Choices: []int{1, 2}}, "sales-rep.mobile-importance": {Number: f(5)},
				"sales-rep.time-consuming": {Text: "月底补录 *拜访* 记录 | <b>手工</b>"}}},
		{Respondent: survey.Respondent{Role: "sales-rep", Name: "李四", Department: "华南区"}, File: "a.xlsx",
			Answers: map[string]survey.Answer{"sales-rep.visits-per-week": {Number: f(8)}, "sales-rep.visit-record-tool": {Choices: []int{1}},
				"sales-rep.pain-points": {Choices: []int{1}}, "sales-rep.mobile-importance": {Number: f(4)}}},
		{Respondent: survey.Respondent{Role: "marketing", Name: "=赵六"}, File: "b.xlsx",
			Answers: map[string]survey.Answer{"marketing.leads-per-month": {Number: f(300)}, "marketing.pain-points": {Choices: []int{1, 3}},
				"marketing.weekly-reports": {Text: "=HYPERLINK(\"http://x\")"}}},
	}
	res := survey.Aggregate(q, rs, lang)
	return q, &res, rs
}

// SmallMap is a two-lane quote approval.
func SmallMap() *process.Map {
	return &process.Map{
		ID: "PM-001", Name: "报价审批", Variant: process.AsIs,
		Lanes: []process.Lane{
			{ID: "rep", Name: "销售代表"},
			{ID: "mgr", Name: "销售经理"},
		},
		Nodes: []process.Node{
			{ID: "s", Kind: process.Start, Label: "收到询价", Lane: "rep"},
			{ID: "quote", Kind: process.User, Label: "创建报价", Lane: "rep"},
			{ID: "big", Kind: process.XOR, Label: "折扣>10%?", Lane: "rep"},
			{ID: "approve", Kind: process.User, Label: "审批折扣", Lane: "mgr"},
			{ID: "send", Kind: process.Task, Label: "发送报价", Lane: "rep"},
			{ID: "e", Kind: process.End, Label: "报价已发送", Lane: "rep"},
		},
		Flows: []process.Flow{
			{From: "s", To: "quote"},
			{From: "quote", To: "big"},
			{From: "big", To: "approve", Label: "是"},
			{From: "big", To: "send", Label: "否"},
			{From: "approve", To: "send"},
			{From: "send", To: "e"},
		},
	}
}

// RichMap has six lanes (two of them systems), an exclusive gateway with
// a 是/否 rework loop back, a parallel split and join, findings, requirement
// tags and CJK and latin labels.
func RichMap() *process.Map {
	return &process.Map{
		ID: "PM-002", Name: "客户报价与审批流程", Variant: process.ToBe,
		Lanes: []process.Lane{
			{ID: "cust", Name: "客户 Customer"},
			{ID: "rep", Name: "销售代表"},
			{ID: "mgr", Name: "销售经理"},
			{ID: "fin", Name: "财务部"},
			{ID: "crm", Name: "CRM系统", System: true},
			{ID: "erp", Name: "ERP 系统", System: true},
		},
		Nodes: []process.Node{
			{ID: "s", Kind: process.Start, Label: "客户询价", Lane: "cust"},
			{ID: "lead", Kind: process.User, Label: "在CRM中录入商机和报价单", Lane: "rep", Findings: []string{"F-001"}, Reqs: []string{"REQ-001"}},
			{ID: "calc", Kind: process.Manual, Label: "用Excel计算折扣和毛利", Lane: "rep", Findings: []string{"F-002", "F-003"}, Reqs: []string{"REQ-004", "REQ-005"}},
			{ID: "big", Kind: process.XOR, Label: "折扣>10%?", Lane: "rep"},
			{ID: "approve", Kind: process.User, Label: "审批折扣（移动端）", Lane: "mgr", Reqs: []string{"REQ-006"}},
			{ID: "ok", Kind: process.XOR, Label: "批准?", Lane: "mgr"},
			{ID: "split", Kind: process.AND, Lane: "crm"},
			{ID: "pdf", Kind: process.System, Label: "生成报价单PDF", Lane: "crm", Reqs: []string{"REQ-007"}},
			{ID: "sync", Kind: process.System, Label: "Sync price list to ERP", Lane: "erp"},
			{ID: "credit", Kind: process.User, Label: "核对客户信用额度", Lane: "fin", Findings: []string{"F-004"}},
			{ID: "join", Kind: process.AND, Lane: "crm"},
			{ID: "send", Kind: process.User, Label: "发送报价给客户并跟进", Lane: "rep"},
			{ID: "e", Kind: process.End, Label: "客户收到报价", Lane: "cust"},
		},
		Flows: []process.Flow{
			{From: "s", To: "lead"},
			{From: "lead", To: "calc"},
			{From: "calc", To: "big"},
			{From: "big", To: "approve", Label: "是"},
			{From: "big", To: "split", Label: "否"},
			{From: "approve", To: "ok"},
			{From: "ok", To: "split", Label: "是"},
			{From: "ok", To: "calc", Label: "否"},
			{From: "split", To: "pdf"},
			{From: "split", To: "sync"},
			{From: "split", To: "credit"},
			{From: "pdf", To: "join"},
			{From: "sync", To: "join"},
			{From: "credit", To: "join"},
			{From: "join", To: "send"},
			{From: "send", To: "e"},
		},
	}
}
