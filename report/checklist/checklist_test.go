package checklist

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/report/xlsx"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/templates"
)

// The golden dumps are rewritten with -update.

// checklistTricky are strings a spreadsheet would take as formulas, or that
// are otherwise easy to mangle; each must come back exactly.
var checklistTricky = []string{
	`=HYPERLINK("http://x")`, "+1", "-5", "@SUM(A1)", "\tTAB", "\rCR", `=cmd|'/c calc'!A1`, "＝全角等号",
	"客户 😀 emoji", "_x0041_ literal", "a & b < c > d \"q\" 'apos'", "line 1\nline 2", "  spaced  ",
}

// longText is exactly 32,767 UTF-16 units: the most a cell holds.
var longText = strings.Repeat("需", xlsx.MaxCellUnits-2) + "😀"

// checklistTestRegister is the fixed project of the checklist tests: nine
// requirements over three modules, custom fields of all four types, a module
// list longer than an inline dropdown can hold, data fields, permissions and
// the tricky strings in every kind of column.
func checklistTestRegister(t testing.TB, lang crmflow.Lang) *report.Register {
	t.Helper()
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	var custom []requirements.Module
	for i := 1; i <= 24; i++ {
		custom = append(custom, requirements.Module{Key: fmt.Sprintf("custom-%02d", i),
			Zh: fmt.Sprintf("定制模块%02d：经销商返利", i), En: fmt.Sprintf("Custom %02d: dealer rebates", i)})
	}
	if cat, err = cat.WithCustom(custom); err != nil {
		t.Fatal(err)
	}
	st := requirements.DefaultSettings()
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	reqs := []requirements.Requirement{
		{ID: "REQ-001", Title: "客户信息统一管理与查重", Module: "customer", Kind: requirements.KindFunctional,
			Status: requirements.Confirmed, Value: 5, Difficulty: 2, Urgency: 5, MoSCoW: requirements.Must,
			Description: "客户资料分散在各部门，需要统一建档。\n新建客户时按名称与手机号查重。",
			Criteria:    []string{"名称或手机号重复时提示并阻止保存", "客户列表可按负责人、行业、地区筛选"},
			Owner:       "李分析", Source: "INT-001 销售总监访谈", Stakeholder: "销售总监", Tags: []string{"核心", "一期"},
			Fields: map[string]string{"预计工时": "5", "业务部门": "销售部", "上线日期": "2026-03-31", "备注": "首批上线"}},
		{ID: "REQ-002", Title: `=HYPERLINK("http://x")`, Module: "visit", Kind: requirements.KindFunctional,
			Status: requirements.Draft, Value: 5, Difficulty: 3, Urgency: 4,
			Description: "+1", Criteria: []string{"=1+1", "@SUM(A1)", "-5"}, Owner: "-5", Source: "@SUM(A1)",
			Stakeholder: "\tTAB", Tags: []string{"=tag", "+x"},
			Fields: map[string]string{"预计工时": "12.5", "备注": "\rCR", "业务部门": "渠道部, 华东"}},
		{ID: "REQ-003", Title: "客户主数据字段规范", Module: "customer", Kind: requirements.KindData,
			Status: requirements.Confirmed, Value: 4, Difficulty: 2, Urgency: 3,
			Description: longText, Criteria: []string{"数据字典中的必填字段在表单上强制填写"}, Owner: "王数据",
			Fields: map[string]string{"业务部门": "IT 部", "预计工时": "-3"}},
		{ID: "REQ-004", Title: "\tTAB", Module: "opportunity", Kind: requirements.KindReport,
			Status: requirements.Confirmed, Value: 4, Difficulty: 3, Urgency: 3, MoSCoW: requirements.Should,
			Description: "\rCR", Criteria: []string{"报表按月、季度切换", "可导出为 Excel"}, Stakeholder: "销售总监",
			Fields: map[string]string{"备注": `=cmd|'/c calc'!A1`}},
		{ID: "REQ-005", Title: "列表页响应时间 😀", Module: "opportunity", Kind: requirements.KindNonFunctional,
			Status: requirements.Implemented, Value: 3, Difficulty: 3, Urgency: 2,
			Description: "在 10 万客户数据量下，列表页首屏加载不超过 2 秒。", Criteria: []string{"95% 的列表请求 ≤ 2 秒"},
			Fields: map[string]string{"备注": "_x0041_ literal", "上线日期": "2026-06-30"}},
		{ID: "REQ-006", Title: "客户公海池自动回收", Module: "customer", Kind: requirements.KindFunctional,
			Status: requirements.Rejected, Value: 2, Difficulty: 4, Urgency: 1, MoSCoW: requirements.Wont,
			Description: "a & b < c > d \"q\" 'apos'", Source: "需求确认会 2026-11-18", Tags: []string{"二期"}},
		{ID: "REQ-007", Title: "拜访签到定位", Module: "visit", Kind: requirements.KindPermission,
			Status: requirements.Deferred, Value: 1, Difficulty: 5, Urgency: 1,
			Description: "line 1\nline 2", Criteria: []string{"  spaced  "}, Owner: "＝全角等号"},
		{ID: "REQ-008", Title: "@SUM(A1)", Module: "opportunity", Kind: requirements.KindFunctional,
			Status: requirements.Verified, Value: 3, Difficulty: 1, Urgency: 5, MoSCoW: requirements.Could,
			Description: "客户 😀 emoji", Fields: map[string]string{"预计工时": "1000000"}},
		{ID: "REQ-009", Title: "拜访计划日历", Module: "visit", Kind: requirements.KindFunctional,
			Status: requirements.Frozen, Value: 4, Difficulty: 4, Urgency: 4, Criteria: []string{}},
	}
	var views []requirements.View
	for i, r := range reqs {
		r.Revision = 1 + i%3
		r.CreatedAt, r.UpdatedAt = at, at
		views = append(views, requirements.MakeView(r, st, cat, lang, nil, nil))
	}
	return &report.Register{
		Project:      crmflow.Project{Name: "某快消企业CRM定制", Client: "某快消品有限公司", Lang: crmflow.LangZH, CreatedAt: at},
		Lang:         lang,
		Version:      "v1.0",
		Generated:    time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Settings:     st,
		Modules:      cat.Modules(),
		Requirements: views,
		Fields: []requirements.FieldDef{
			{Name: "预计工时", Type: requirements.FieldNumber},
			{Name: "业务部门", Type: requirements.FieldChoice, Choices: []string{"销售部", "市场部", "IT 部", "渠道部, 华东"}},
			{Name: "上线日期", Type: requirements.FieldDate},
			{Name: "备注", Type: requirements.FieldText},
		},
		DataFields: []requirements.DataField{
			{Entity: "客户", Name: "客户名称", Type: requirements.DataText, Required: true, Unique: true, Description: "工商注册名称", Req: "REQ-003"},
			{Entity: "客户", Name: "客户等级", Type: requirements.DataChoice, Required: true, Values: []string{"A", "B", "C"}, Req: "REQ-003"},
			{Entity: "联系人", Name: "手机号", Type: requirements.DataPhone, Unique: true, Description: "=用于查重"},
		},
		Permissions: []requirements.Permission{
			{Role: "销售代表", Module: "customer", Actions: []requirements.Action{requirements.ActRead, requirements.ActCreate, requirements.ActUpdate}, Scope: requirements.ScopeOwn},
			{Role: "销售代表", Module: "visit", Actions: []requirements.Action{requirements.ActRead, requirements.ActCreate}, Scope: requirements.ScopeOwn},
			{Role: "销售经理", Module: "customer", Actions: []requirements.Action{requirements.ActRead, requirements.ActExport}, Scope: requirements.ScopeSubtree},
			{Role: "销售经理", Module: "opportunity", Actions: []requirements.Action{requirements.ActRead}, Scope: requirements.ScopeDept},
			{Role: "系统管理员", Module: "customer", Actions: requirements.Actions, Scope: requirements.ScopeAll},
			{Role: "系统管理员", Module: "visit", Actions: []requirements.Action{}, Scope: requirements.ScopeAll},
		},
	}
}

func writeChecklistBytes(t testing.TB, reg *report.Register) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, reg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeChecklistFile(t testing.TB, reg *report.Register) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "requirements.xlsx")
	if err := os.WriteFile(path, writeChecklistBytes(t, reg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readChecklistBytes(t testing.TB, data []byte) ([]requirements.ImportRow, requirements.ImportMeta) {
	t.Helper()
	rows, meta, err := Read("requirements.xlsx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return rows, meta
}

// dumpWorkbook is the canonical text form of a workbook the tests compare:
// sheets with their visibility, cells (strings quoted, numbers bare, a leading
// ' marking the quotePrefix style), validations, merges, panes, column widths,
// autofilter and conditional formats. Long text is shortened.
func dumpWorkbook(path string) (string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	filters, titles := map[string]string{}, map[string]string{}
	for _, dn := range f.GetDefinedName() {
		switch dn.Name {
		case "_xlnm._FilterDatabase":
			filters[dn.Scope] = dn.RefersTo
		case "_xlnm.Print_Titles":
			titles[dn.Scope] = dn.RefersTo
		}
	}
	fmt.Fprintf(&b, "active: %s\n", f.GetSheetName(f.GetActiveSheetIndex()))
	for _, sheet := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(sheet)
		if err != nil {
			return "", err
		}
		state := "visible"
		if !visible {
			state = "hidden"
		}
		fmt.Fprintf(&b, "\nsheet %s (%s)\n", sheet, state)
		panes, err := f.GetPanes(sheet)
		if err != nil {
			return "", err
		}
		if panes.Freeze {
			fmt.Fprintf(&b, "  freeze: %s (x=%d y=%d)\n", panes.TopLeftCell, panes.XSplit, panes.YSplit)
		}
		if ref, ok := filters[sheet]; ok {
			fmt.Fprintf(&b, "  autofilter: %s\n", ref)
		}
		if visible {
			// How the sheet prints: a regression here is a client's unprintable page.
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				return "", err
			}
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(&b, "  print: %s paper=%d fit=%dx%d titles=%s\n  header: %q\n  footer: %q\n", *pl.Orientation, *pl.Size,
				*pl.FitToWidth, *pl.FitToHeight, titles[sheet], hf.OddHeader, hf.OddFooter)
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", err
		}
		maxCol := 0
		for r, row := range rows {
			var cells []string
			for c, v := range row {
				if v == "" {
					continue
				}
				maxCol = max(maxCol, c+1)
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, axis)
				if err != nil {
					return "", err
				}
				shown := dumpValue(v)
				switch typ {
				case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
					shown = strconv.Quote(shown)
				case excelize.CellTypeUnset, excelize.CellTypeNumber:
				default:
					shown = fmt.Sprintf("%s(type %d)", strconv.Quote(shown), typ)
				}
				if quotePrefixed(f, sheet, axis) {
					shown = "'" + shown
				}
				cells = append(cells, axis+"="+shown)
			}
			if len(cells) > 0 {
				fmt.Fprintf(&b, "  %s\n", strings.Join(cells, " "))
			}
		}
		var widths []string
		for c := 1; c <= maxCol; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(sheet, name)
			if err != nil {
				return "", err
			}
			vis, err := f.GetColVisible(sheet, name)
			if err != nil {
				return "", err
			}
			s := fmt.Sprintf("%s=%g", name, w)
			if !vis {
				s += "(hidden)"
			}
			widths = append(widths, s)
		}
		if len(widths) > 0 {
			fmt.Fprintf(&b, "  widths: %s\n", strings.Join(widths, " "))
		}
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			return "", err
		}
		for _, m := range merges {
			fmt.Fprintf(&b, "  merge: %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			return "", err
		}
		var lines []string
		for _, dv := range dvs {
			s := fmt.Sprintf("  validation: %s %s", dv.Sqref, dv.Type)
			if dv.Operator != "" {
				s += " " + dv.Operator
			}
			s += " " + strconv.Quote(dv.Formula1)
			if dv.Formula2 != "" {
				s += " " + strconv.Quote(dv.Formula2)
			}
			if dv.ErrorStyle != nil {
				s += " error=" + *dv.ErrorStyle
			}
			if dv.ShowInputMessage {
				s += " prompt"
			}
			lines = append(lines, s)
		}
		sort.Strings(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		cfs, err := f.GetConditionalFormats(sheet)
		if err != nil {
			return "", err
		}
		var refs []string
		for ref := range cfs {
			refs = append(refs, ref)
		}
		sort.Strings(refs)
		for _, ref := range refs {
			var vals []string
			for _, o := range cfs[ref] {
				vals = append(vals, o.Criteria+" "+o.Value)
			}
			fmt.Fprintf(&b, "  conditional: %s %d rules: %s\n", ref, len(cfs[ref]), strings.Join(vals, "; "))
		}
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return "", err
	}
	defer zr.Close()
	charts := 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
	}
	fmt.Fprintf(&b, "\ncharts: %d\n", charts)
	return b.String(), nil
}

// dumpValue shortens long text for a dump.
func dumpValue(v string) string {
	if r := []rune(v); len(r) > 300 {
		return string(r[:30]) + fmt.Sprintf("…[%d UTF-16 units]", xlsx.UTF16Len(v))
	}
	return v
}

// quotePrefixed reports whether the cell's format has quotePrefix="1".
func quotePrefixed(f *excelize.File, sheet, axis string) bool {
	id, err := f.GetCellStyle(sheet, axis)
	if err != nil || f.Styles == nil || f.Styles.CellXfs == nil || id >= len(f.Styles.CellXfs.Xf) {
		return false
	}
	q := f.Styles.CellXfs.Xf[id].QuotePrefix
	return q != nil && *q
}

func TestChecklistGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			dump, err := dumpWorkbook(writeChecklistFile(t, checklistTestRegister(t, lang)))
			if err != nil {
				t.Fatal(err)
			}
			reporttest.Golden(t, "checklist."+string(lang)+".dump", []byte(dump))
		})
	}
}

// expectedChecklistCells is what Read must give back for v: the
// cells as written, numbers as plain text.
func expectedChecklistCells(reg *report.Register, v requirements.View) map[string]string {
	lang := checklistLang(reg)
	m := map[string]string{
		"id": v.ID, "module": reg.ModuleName(v.Module), "kind": v.Kind.Name(lang), "title": v.Title,
		"description": v.Description, "criteria": strings.Join(v.Criteria, "\n"),
		"value": strconv.Itoa(v.Value), "difficulty": strconv.Itoa(v.Difficulty), "urgency": strconv.Itoa(v.Urgency),
		"moscow": v.MoSCoW.Name(lang), "status": v.Status.Name(lang), "owner": v.Owner, "source": v.Source,
		"stakeholder": v.Stakeholder, "tags": strings.Join(v.Tags, ", "), "moscow_suggested": "",
	}
	if v.MoSCoWSuggested {
		m["moscow_suggested"] = "1"
	}
	for _, d := range reg.Fields {
		m["field:"+d.Name] = v.Fields[d.Name]
	}
	return m
}

func checkRoundTrip(t *testing.T, reg *report.Register, rows []requirements.ImportRow, sheet string) {
	t.Helper()
	reqs := checklistRequirements(reg)
	if len(rows) != len(reqs) {
		t.Fatalf("read %d rows, wrote %d requirements", len(rows), len(reqs))
	}
	for i, row := range rows {
		v := reqs[i]
		if row.Row != i+2 || row.Sheet != sheet || row.File != "requirements.xlsx" || row.Revision != v.Revision {
			t.Errorf("%s: row %d sheet %q file %q revision %d; want row %d sheet %q revision %d",
				v.ID, row.Row, row.Sheet, row.File, row.Revision, i+2, sheet, v.Revision)
		}
		want := expectedChecklistCells(reg, v)
		for k, w := range want {
			c, ok := row.Cells[k]
			if !ok {
				t.Errorf("%s: no cell %q", v.ID, k)
				continue
			}
			if c.Text != w {
				t.Errorf("%s %s (column %s %q): got %q, want %q", v.ID, k, c.Column, c.Header, dumpValue(c.Text), dumpValue(w))
			}
		}
		for k := range row.Cells {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: unexpected cell %q", v.ID, k)
			}
		}
	}
}

func TestChecklistRoundTrip(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			reg := checklistTestRegister(t, lang)
			rows, meta := readChecklistBytes(t, writeChecklistBytes(t, reg))
			checkRoundTrip(t, reg, rows, checklistSheets(lang).requirements)
			want := requirements.ImportMeta{FormatVersion: 1, Project: reg.Project.Name,
				ExportedAt: "2026-11-25T10:00:00+08:00", Lang: string(lang), Modules: []string{}}
			if fmt.Sprint(meta) != fmt.Sprint(want) {
				t.Errorf("meta = %+v, want %+v", meta, want)
			}
			if rows[1].Cells["title"].Header != checklistBaseColumns[3].header(lang) || rows[1].Cells["title"].Column != "D" {
				t.Errorf("title cell = %+v", rows[1].Cells["title"])
			}
		})
	}
}

func TestChecklistModuleFilter(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangZH)
	reg.ModuleFilter = []string{"visit", "customer"}
	data := writeChecklistBytes(t, reg)
	rows, meta := readChecklistBytes(t, data)
	checkRoundTrip(t, reg, rows, "需求清单")
	if len(rows) != 6 || !slices.Equal(meta.Modules, []string{"visit", "customer"}) {
		t.Fatalf("%d rows, meta modules %v", len(rows), meta.Modules)
	}
	path := filepath.Join(t.TempDir(), "f.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	perm, _ := f.GetRows("角色权限")
	if !slices.Equal(perm[0], []string{"角色", "客户信息", "拜访跟进"}) {
		t.Errorf("permission columns = %q", perm[0])
	}
}

func TestChecklistEmpty(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangEN)
	reg.Requirements, reg.Fields, reg.DataFields, reg.Permissions = nil, nil, nil, nil
	rows, meta := readChecklistBytes(t, writeChecklistBytes(t, reg))
	if len(rows) != 0 || meta.FormatVersion != 1 {
		t.Fatalf("rows %v meta %+v", rows, meta)
	}
}

func TestChecklistColumns(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangZH)
	got := strings.Join(Columns(reg.Fields), ",")
	want := "id,module,kind,title,description,criteria,value,difficulty,urgency,score,moscow,status,owner,source," +
		"stakeholder,tags,field:预计工时,field:业务部门,field:上线日期,field:备注,moscow_suggested,revision"
	if got != want {
		t.Errorf("Columns:\n got %s\nwant %s", got, want)
	}
	// A custom field named like a built-in column gets a field: header and still reads back.
	reg.Fields = append(reg.Fields, requirements.FieldDef{Name: "价值", Type: requirements.FieldText})
	reg.Requirements[0].Fields["价值"] = "高"
	rows, _ := readChecklistBytes(t, writeChecklistBytes(t, reg))
	if c := rows[0].Cells["field:价值"]; c.Text != "高" || c.Header != "field:价值" {
		t.Errorf("field:价值 = %+v", c)
	}
	if rows[0].Cells["value"].Text != "5" {
		t.Errorf("value = %+v", rows[0].Cells["value"])
	}
}

// TestChecklistFormulaInjection checks every trigger string is a string cell
// with the quotePrefix style, and no worksheet holds a formula.
func TestChecklistFormulaInjection(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangZH)
	path := writeChecklistFile(t, reg)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				trigger := false
				for _, s := range checklistTricky {
					if strings.Contains(v, s) && xlsx.FormulaLike(s) {
						found[s] = true
						trigger = true
					}
				}
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, axis)
				if err != nil {
					t.Fatal(err)
				}
				if !trigger && (!xlsx.FormulaLike(v) || typ == excelize.CellTypeUnset) {
					continue // numbers such as -3 are numbers
				}
				if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s!%s %q has cell type %d, want a string", sheet, axis, v, typ)
				}
				if formula, _ := f.GetCellFormula(sheet, axis); formula != "" {
					t.Errorf("%s!%s has formula %q", sheet, axis, formula)
				}
				if xlsx.FormulaLike(v) && !quotePrefixed(f, sheet, axis) {
					t.Errorf("%s!%s %q lacks the quotePrefix style", sheet, axis, v)
				}
			}
		}
	}
	for _, s := range checklistTricky {
		if xlsx.FormulaLike(s) && !found[s] {
			t.Errorf("trigger %q not found in the workbook", s)
		}
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	formula := regexp.MustCompile(`<(\w+:)?f[ >/]`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := zf.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if loc := formula.FindIndex(data); loc != nil {
			t.Errorf("%s holds a formula element: %q", zf.Name, data[loc[0]:min(len(data), loc[0]+80)])
		}
	}
	if !bytes.Contains(mustReadZip(t, path, "xl/styles.xml"), []byte(`quotePrefix="true"`)) &&
		!bytes.Contains(mustReadZip(t, path, "xl/styles.xml"), []byte(`quotePrefix="1"`)) {
		t.Error("styles.xml has no quotePrefix cell format")
	}
}

func mustReadZip(t testing.TB, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return nil
}

// TestChecklistStyles: a suggested MoSCoW is grey italic, an explicit one is
// not; text columns are formatted "@" (so typing =… in a new row stays text);
// the header is bold.
func TestChecklistStyles(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangZH)
	f, err := excelize.OpenFile(writeChecklistFile(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	style := func(axis string) *excelize.Style {
		id, err := f.GetCellStyle("需求清单", axis)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if !reg.Requirements[2].MoSCoWSuggested || reg.Requirements[0].MoSCoWSuggested {
		t.Fatal("test register: REQ-003 must have a suggested MoSCoW, REQ-001 an explicit one")
	}
	if s := style("K4"); s.Font == nil || !s.Font.Italic || s.Font.Color != "808080" {
		t.Errorf("suggested MoSCoW K4 font = %+v", s.Font)
	}
	if s := style("K2"); s.Font != nil && s.Font.Italic {
		t.Errorf("explicit MoSCoW K2 is italic")
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold {
		t.Errorf("header font = %+v", s.Font)
	}
	for col, want := range map[string]int{"A": xlsx.NumFmtText, "D": xlsx.NumFmtText, "K": xlsx.NumFmtText, "T": xlsx.NumFmtText, "G": 0, "Q": 0} {
		id, err := f.GetColStyle("需求清单", col)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := f.GetStyle(id)
		if s.NumFmt != want {
			t.Errorf("column %s number format %d, want %d", col, s.NumFmt, want)
		}
	}
	if s := style("E2"); s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("description E2 does not wrap")
	}
}

func TestChecklistWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *report.Register)
		want string
	}{
		{"too long", func(r *report.Register) { r.Requirements[2].Description = longText + "x" },
			"requirement REQ-003, 描述: the text is 32,768 characters (UTF-16 units) long; a cell holds at most 32,767"},
		{"emoji makes it too long", func(r *report.Register) {
			r.Requirements[0].Criteria = []string{longText[:len(longText)-4] + "😀😀"}
		},
			"requirement REQ-001, 验收标准: the text is 32,769 characters"},
		{"custom field too long", func(r *report.Register) { r.Requirements[1].Fields["备注"] = strings.Repeat("x", 40000) },
			"requirement REQ-002, 备注: the text is 40,000 characters"},
		{"control character", func(r *report.Register) { r.Requirements[3].Owner = "a\x0bb" },
			"requirement REQ-004, 负责人: the text holds the control character U+000B"},
		{"invalid UTF-8", func(r *report.Register) { r.Requirements[4].Title = "bad \xff" },
			"requirement REQ-005, 标题: the text is not valid UTF-8"},
		{"data dictionary", func(r *report.Register) { r.DataFields[0].Description = "\x00" },
			"sheet 数据字典, field 客户.客户名称: the text holds the control character U+0000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := checklistTestRegister(t, crmflow.LangZH)
			tc.edit(reg)
			var b bytes.Buffer
			err := Write(&b, reg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if crmflow.ErrorCode(err) != crmflow.EINVALID && !strings.Contains(tc.name, "data") {
				t.Errorf("code = %q", crmflow.ErrorCode(err))
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}

func TestChecklistHelpers(t *testing.T) {
	taken := map[string]bool{}
	for _, tc := range [][2]string{
		{"需求:清单/[v1]?*", "需求清单v1"},
		{"'quoted'", "quoted"},
		{"", "Sheet"},
		{strings.Repeat("计", 40), strings.Repeat("计", 31)},
		{strings.Repeat("计", 40), strings.Repeat("计", 27) + " (2)"},
		{"SHEET", "SHEET (2)"},
		{"😀" + strings.Repeat("a", 40), "😀" + strings.Repeat("a", 29)},
	} {
		if got := xlsx.SheetName(tc[0], taken); got != tc[1] {
			t.Errorf("xlsx.SheetName(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
	for _, tc := range []struct {
		s    string
		want int
	}{{"abc", 3}, {"需求", 4}, {"a\n需求需求", 8}, {"😀", 2}, {strings.Repeat("中", 100), 60}} {
		if got := report.DisplayWidth(tc.s, 60); got != tc.want {
			t.Errorf("report.DisplayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
	if xlsx.QuoteSheet("It's") != "'It''s'" || xlsx.AbsRange("下拉 清单", 1, 1, 1, 60) != "'下拉 清单'!$A$1:$A$60" {
		t.Error("quoteSheet/absRange")
	}
	for _, s := range []string{"=1", "+1", "-1", "@a", "\tx", "\rx", "＝x"} {
		if !xlsx.FormulaLike(s) {
			t.Errorf("xlsx.FormulaLike(%q) = false", s)
		}
	}
	for _, s := range []string{"", "a=1", " =1", "\nx", "1-2"} {
		if xlsx.FormulaLike(s) {
			t.Errorf("xlsx.FormulaLike(%q) = true", s)
		}
	}
	for in, want := range map[string]string{"5": "5", "5.0": "5", " 5.00 ": "5", "5E0": "5", "5.5": "5.5", "x": "x", "": "", "-0": "0"} {
		if got := xlsx.NormalizeInt(in); got != want {
			t.Errorf("xlsx.NormalizeInt(%q) = %q, want %q", in, got, want)
		}
	}
}

// --- reading edited and hostile workbooks ---

// newSheetFile builds a workbook with one sheet holding rows (nil: empty cell).
func newSheetFile(t testing.TB, sheet string, rows [][]any) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue(sheet, axis, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

func fileBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return b.Bytes()
}

// rewriteZip copies a zip, passing each entry through edit.
func rewriteZip(t testing.TB, data []byte, edit func(name string, body []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(edit(zf.Name, body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readErr(t *testing.T, data []byte) error {
	t.Helper()
	rows, _, err := Read("requirements.xlsx", bytes.NewReader(data), int64(len(data)))
	if err == nil {
		t.Fatalf("no error; read %d rows", len(rows))
	}
	var re *report.ReadError
	if !errors.As(err, &re) {
		t.Fatalf("error %T %v is not a *report.ReadError", err, err)
	}
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("code %q", crmflow.ErrorCode(err))
	}
	return err
}

func TestReadChecklistErrors(t *testing.T) {
	header := []any{"编号", "模块", "标题", "价值"}
	good := func(t *testing.T) []byte { return writeChecklistBytes(t, checklistTestRegister(t, crmflow.LangZH)) }
	for _, tc := range []struct {
		name string
		data func(t *testing.T) []byte
		want string
	}{
		{"not a zip", func(t *testing.T) []byte { return []byte("编号,标题\nREQ-001,x\n") },
			"requirements.xlsx: not an .xlsx workbook (it is not a zip archive)"},
		{"old xls", func(t *testing.T) []byte {
			return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
		}, "requirements.xlsx: this is an old .xls or a password-protected workbook"},
		{"truncated zip", func(t *testing.T) []byte { d := good(t); return d[:len(d)/2] },
			"requirements.xlsx: not a readable .xlsx workbook"},
		{"zip but not a workbook", func(t *testing.T) []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("hello.txt")
			w.Write([]byte("hi"))
			zw.Close()
			return b.Bytes()
		}, "requirements.xlsx: "},
		{"missing sheet", func(t *testing.T) []byte {
			return fileBytes(t, newSheetFile(t, "Sheet1", [][]any{{"名称", "说明"}, {"a", "b"}}))
		}, "requirements.xlsx: no requirements sheet: expected a sheet named 需求清单 or Requirements"},
		{"wrong headers", func(t *testing.T) []byte {
			return fileBytes(t, newSheetFile(t, "需求清单", [][]any{{"名称", "标题"}, {"a", "b"}}))
		}, "requirements.xlsx: sheet 需求清单, row 1: the header row has no 编号 (ID) column"},
		{"no title header", func(t *testing.T) []byte {
			return fileBytes(t, newSheetFile(t, "Requirements", [][]any{{"ID", "Module"}, {"REQ-001", "x"}}))
		}, "requirements.xlsx: sheet Requirements, row 1: the header row has no 标题 (Title) column"},
		{"duplicate header", func(t *testing.T) []byte {
			return fileBytes(t, newSheetFile(t, "需求清单", [][]any{{"编号", "标题", "价值", " value "}, {"REQ-001", "x", 1, 2}}))
		}, `requirements.xlsx: sheet 需求清单, row 1, column value: duplicate column: "价值" in column C and "value" in column D`},
		{"duplicate custom field header", func(t *testing.T) []byte {
			return fileBytes(t, newSheetFile(t, "需求清单", [][]any{{"编号", "标题", "备注", "field:备注"}}))
		}, `requirements.xlsx: sheet 需求清单, row 1, column field:备注: duplicate column`},
		{"merged header", func(t *testing.T) []byte {
			f := newSheetFile(t, "需求清单", [][]any{{"编号", "标题", "价值", nil}, {"REQ-001", "x", 1, 2}})
			if err := f.MergeCell("需求清单", "C1", "D1"); err != nil {
				t.Fatal(err)
			}
			return fileBytes(t, f)
		}, "requirements.xlsx: sheet 需求清单, row 1, column 价值: the header cells C1:D1 are merged"},
		{"merged data cells", func(t *testing.T) []byte {
			f := newSheetFile(t, "需求清单", [][]any{header, {"REQ-001", "客户管理", "x", 1}, {"REQ-002", nil, "y", 2}})
			if err := f.MergeCell("需求清单", "B2", "B3"); err != nil {
				t.Fatal(err)
			}
			return fileBytes(t, f)
		}, "requirements.xlsx: sheet 需求清单, row 2, column 模块: the cells B2:B3 are merged"},
		{"formula", func(t *testing.T) []byte {
			f := newSheetFile(t, "需求清单", [][]any{header, {"REQ-001", "客户管理", "x", 1}, {"REQ-002", "客户管理", "y", nil}})
			if err := f.SetCellFormula("需求清单", "D3", "1+1"); err != nil {
				t.Fatal(err)
			}
			return fileBytes(t, f)
		}, "requirements.xlsx: sheet 需求清单, row 3, column 价值: the cell holds a formula; formulas are not read back"},
		{"formula with a cached value in an otherwise empty row", func(t *testing.T) []byte {
			d := fileBytes(t, newSheetFile(t, "需求清单", [][]any{header, {"REQ-001", "客户管理", "x", 1}}))
			return rewriteZip(t, d, func(name string, body []byte) []byte {
				if name == "xl/worksheets/sheet1.xml" {
					return bytes.Replace(body, []byte("</sheetData>"),
						[]byte(`<row r="9"><c r="C9" t="str"><f>"=A"&amp;"1"</f><v>=A1</v></c></row></sheetData>`), 1)
				}
				return body
			})
		}, "requirements.xlsx: sheet 需求清单, row 9, column 标题: the cell holds a formula"},
		{"invalid UTF-8 inline", func(t *testing.T) []byte {
			return rewriteZip(t, good(t), func(name string, body []byte) []byte {
				if name == "xl/worksheets/sheet2.xml" {
					return bytes.Replace(body, []byte("拜访签到定位"), []byte("拜访\xff签到"), 1)
				}
				return body
			})
		}, "requirements.xlsx: sheet 需求清单, row 8, column 标题: the text is not valid UTF-8"},
		{"invalid UTF-8 shared string", func(t *testing.T) []byte {
			d := fileBytes(t, newSheetFile(t, "需求清单", [][]any{header, {"REQ-001", "客户管理", "x", 1}, {"REQ-002", "客户管理", "坏的文本", 2}}))
			return rewriteZip(t, d, func(name string, body []byte) []byte {
				if name == "xl/sharedStrings.xml" {
					return bytes.Replace(body, []byte("坏的文本"), []byte("坏的\xfe\xff"), 1)
				}
				return body
			})
		}, "requirements.xlsx: sheet 需求清单, row 3, column 标题: the text is not valid UTF-8"},
		{"huge string", func(t *testing.T) []byte {
			return rewriteZip(t, good(t), func(name string, body []byte) []byte {
				if name == "xl/worksheets/sheet2.xml" {
					return bytes.Replace(body, []byte("客户公海池自动回收"), []byte(strings.Repeat("长", 40000)), 1)
				}
				return body
			})
		}, "requirements.xlsx: sheet 需求清单, row 7, column 标题: the text is 40,000 characters long; a cell holds at most 32,767"},
		{"bad revision", func(t *testing.T) []byte {
			return fileBytes(t, newSheetFile(t, "需求清单", [][]any{{"编号", "标题", "修订"}, {"REQ-001", "x", "abc"}}))
		}, `requirements.xlsx: sheet 需求清单, row 2, column 修订: revision "abc" is not a whole number`},
		{"newer format", func(t *testing.T) []byte {
			f := newSheetFile(t, "需求清单", [][]any{{"编号", "标题"}})
			f.NewSheet("_crmflow")
			f.SetCellValue("_crmflow", "A1", "format_version")
			f.SetCellValue("_crmflow", "B1", "2")
			return fileBytes(t, f)
		}, "requirements.xlsx: sheet _crmflow, row 1: the workbook has format version 2, newer than the 1 this crmflow reads"},
		{"too big", func(t *testing.T) []byte { return make([]byte, xlsx.MaxFile+1) },
			"requirements.xlsx: the file is 67,108,865 bytes; the limit is 67,108,864"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := readErr(t, tc.data(t))
			t.Log(err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n %v\nwant it to contain:\n %s", err, tc.want)
			}
		})
	}
}

// TestReadChecklistZipBomb: a part that unpacks to more than the limit is
// refused before it is unpacked.
func TestReadChecklistZipBomb(t *testing.T) {
	data := rewriteZip(t, writeChecklistBytes(t, checklistTestRegister(t, crmflow.LangZH)), func(name string, body []byte) []byte { return body })
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create("xl/media/bomb.bin")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 70 {
		w.Write(zeros)
	}
	zw.Close()
	if b.Len() > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", b.Len())
	}
	start := time.Now()
	err = readErr(t, b.Bytes())
	if !strings.Contains(err.Error(), "requirements.xlsx: the workbook unpacks to more than 64 MiB") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestReadChecklistEmptyRows: a million empty rows cost one quick pass; data
// after them is read, and trailing empty rows are not walked.
func TestReadChecklistEmptyRows(t *testing.T) {
	build := func(t *testing.T, dataAfter bool) []byte {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "需求清单")
		sw, err := f.NewStreamWriter("需求清单")
		if err != nil {
			t.Fatal(err)
		}
		sw.SetRow("A1", []any{"编号", "标题", "价值"})
		sw.SetRow("A2", []any{"REQ-001", "第一条", 3})
		for r := 3; r <= 1_000_002; r++ {
			// Empty rows as a spreadsheet may write them: a custom height, no cells.
			if err := sw.SetRow("A"+strconv.Itoa(r), nil, excelize.RowOpts{Height: 15}); err != nil {
				t.Fatal(err)
			}
		}
		if dataAfter {
			sw.SetRow("A1000003", []any{nil, "新增的需求", 4.0})
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		return fileBytes(t, f)
	}
	for _, dataAfter := range []bool{true, false} {
		t.Run(fmt.Sprint("data after: ", dataAfter), func(t *testing.T) {
			data := build(t, dataAfter)
			start := time.Now()
			rows, _ := readChecklistBytes(t, data)
			d := time.Since(start)
			t.Logf("%d bytes, read in %v", len(data), d)
			// About 1.5 s on a quiet 2-core machine; the limit is generous
			// because go test runs other packages' browser and LibreOffice
			// tests at the same time. What it guards against is minutes.
			if d > 30*time.Second && !raceBuild() {
				t.Errorf("took %v; the limit is 30 s", d)
			}
			want := 1
			if dataAfter {
				want = 2
			}
			if len(rows) != want {
				t.Fatalf("read %d rows, want %d", len(rows), want)
			}
			if dataAfter {
				r := rows[1]
				if r.Row != 1_000_003 || r.Cells["title"].Text != "新增的需求" || r.Cells["value"].Text != "4" || r.Cells["id"].Text != "" {
					t.Errorf("row = %+v", r)
				}
			}
		})
	}
}

// raceBuild reports whether the test runs with -race, which slows XML
// decoding about tenfold, so time limits do not apply.
func raceBuild() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return true
			}
		}
	}
	return false
}

// TestReadChecklistEdited: headers found by text in any order and case, extra
// rows without an ID, numbers typed as 5.0, empty rows between, a sheet found
// by its headers when renamed.
func TestReadChecklistEdited(t *testing.T) {
	f := newSheetFile(t, "My requirements", [][]any{
		{" title ", "VALUE", "id", "MoSCoW", "建议", "Revision", "评分", "", "Notes"},
		{"客户信息统一管理", "5.0", "REQ-001", "必须有", "1", 3.0, 90, "ignored", "自由备注"},
		{},
		{"新需求", 4, nil, nil, nil, nil},
		{nil, nil, nil, nil, "1", 7}, // visible cells cleared: empty
		{nil, nil, nil, nil, nil, nil, nil, "only an unmapped column"},
	})
	f.NewSheet("说明")
	rows, meta := readChecklistBytes(t, fileBytes(t, f))
	if meta.FormatVersion != 0 {
		t.Errorf("meta = %+v", meta)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	r := rows[0]
	if r.Sheet != "My requirements" || r.Row != 2 || r.Revision != 3 {
		t.Errorf("row = %+v", r)
	}
	for k, want := range map[string]string{"title": "客户信息统一管理", "value": "5", "id": "REQ-001", "moscow": "必须有",
		"moscow_suggested": "1", "field:Notes": "自由备注"} {
		if r.Cells[k].Text != want {
			t.Errorf("%s = %q, want %q", k, r.Cells[k].Text, want)
		}
	}
	if _, ok := r.Cells["score"]; ok {
		t.Error("score read back")
	}
	if len(r.Cells) != 6 {
		t.Errorf("cells = %v", r.Cells)
	}
	if rows[1].Row != 4 || rows[1].Revision != 0 || rows[1].Cells["id"].Text != "" || rows[1].Cells["value"].Text != "4" {
		t.Errorf("new row = %+v", rows[1])
	}
	if c := rows[0].Cells["value"]; c.Column != "B" || c.Header != "VALUE" {
		t.Errorf("value cell = %+v", c)
	}
}

// checkWalkMatchesExcelize compares the sheet walker with excelize's
// GetRows(RawCellValue) on every sheet.
func checkWalkMatchesExcelize(t *testing.T, data []byte) {
	t.Helper()
	walked := reporttest.WalkAll(t, data)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range f.GetSheetList() {
		want, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got := walked[s]
		if len(got) != len(want) {
			t.Errorf("sheet %s: %d rows, excelize %d", s, len(got), len(want))
			continue
		}
		for r := range want {
			if !slices.Equal(got[r], want[r]) {
				t.Errorf("sheet %s row %d:\n got %q\nwant %q", s, r+1, got[r], want[r])
			}
		}
	}
}

func TestSheetWalkMatchesExcelize(t *testing.T) {
	reg := checklistTestRegister(t, crmflow.LangZH)
	reg.Requirements[2].Description = "短" // the dump of a 32k cell is unreadable
	checkWalkMatchesExcelize(t, writeChecklistBytes(t, reg))

	// Shared strings, rich text, booleans, floats, escapes, sparse cells.
	f := newSheetFile(t, "需求清单", [][]any{
		{"编号", "标题", "价值", "备注", nil, "x"},
		{"REQ-001", "_x0041_ and _x005F_", 5.5, true, nil, nil},
		{nil, "\r\nCRLF\r", 1e21, false, "=not a formula", 0.1},
	})
	if err := f.SetCellRichText("需求清单", "B5", []excelize.RichTextRun{{Text: "粗体"}, {Text: " and plain", Font: &excelize.Font{Bold: true}}}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("需求清单", "C9", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	checkWalkMatchesExcelize(t, fileBytes(t, f))
}

// --- fuzzing ---

func FuzzReadChecklist(f *testing.F) {
	reg := checklistTestRegister(f, crmflow.LangZH)
	reg.Requirements = reg.Requirements[:4]
	reg.Requirements[2].Description = "短描述"
	good := writeChecklistBytes(f, reg)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	small := fileBytes(f, newSheetFile(f, "需求清单", [][]any{{"编号", "标题", "价值"}, {"REQ-001", "x", 5}}))
	f.Add(small)
	// Stored (uncompressed) copies, so byte flips land in the XML itself.
	for _, d := range [][]byte{good, small} {
		zr, _ := zip.NewReader(bytes.NewReader(d), int64(len(d)))
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, zf := range zr.File {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
			rc, _ := zf.Open()
			io.Copy(w, rc)
			rc.Close()
		}
		zw.Close()
		f.Add(b.Bytes())
		c := bytes.Clone(b.Bytes())
		if i := bytes.Index(c, []byte("<row")); i > 0 {
			c[i+1] = 'x'
		}
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _, err := Read("fuzz.xlsx", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			var re *report.ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *report.ReadError: %v", err, err)
			}
			return
		}
		for _, r := range rows {
			if r.Row < 2 {
				t.Fatalf("row %d", r.Row)
			}
		}
	})
}

// --- benchmarks ---

// checklistBenchRegister is a synthetic register of n requirements.
func checklistBenchRegister(tb testing.TB, n int) *report.Register {
	reg := checklistTestRegister(tb, crmflow.LangZH)
	st := reg.Settings
	cat, _ := requirements.ParseCatalog(templates.ModuleCatalog())
	mods := cat.Modules()
	reg.Requirements = make([]requirements.View, n)
	for i := range n {
		r := requirements.Requirement{ID: crmflow.KindRequirement.Format(i + 1),
			Title:  fmt.Sprintf("需求 %d：客户信息统一管理与查重", i+1),
			Module: mods[i%len(mods)].Key, Kind: requirements.Kinds[i%len(requirements.Kinds)],
			Status: requirements.Statuses[i%len(requirements.Statuses)], Value: 1 + i%5, Difficulty: 1 + (i/5)%5, Urgency: 1 + (i/25)%5,
			Description: "客户资料分散在销售、市场、客服各部门，需要统一建档。新建客户时按名称与手机号查重。",
			Criteria:    []string{"名称或手机号重复时提示并阻止保存", "客户列表可按负责人、行业、地区筛选"},
			Owner:       "李分析", Source: "INT-001 销售总监访谈", Stakeholder: "销售总监", Tags: []string{"核心", "一期"},
			Fields:   map[string]string{"预计工时": strconv.Itoa(i % 40), "业务部门": "销售部", "上线日期": "2026-03-31", "备注": "首批上线"},
			Revision: 1 + i%4}
		if i%3 == 0 {
			r.MoSCoW = requirements.Must
		}
		reg.Requirements[i] = requirements.MakeView(r, st, cat, crmflow.LangZH, nil, nil)
	}
	return reg
}

func BenchmarkWriteChecklist5000(b *testing.B) {
	reg := checklistBenchRegister(b, 5000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, reg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareStreamWriter5000 writes the same cell values into one sheet
// with a bare StreamWriter: the floor the checklist is measured against.
func BenchmarkBareStreamWriter5000(b *testing.B) {
	reg := checklistBenchRegister(b, 5000)
	w := &checklistWriter{reg: reg, lang: crmflow.LangZH, f: excelize.NewFile(), cols: checklistColumns(reg.Fields), reqs: reg.Requirements}
	var err error
	if w.st, err = xlsx.NewStyles(w.f); err != nil {
		b.Fatal(err)
	}
	rows, _, err := w.requirementRows()
	if err != nil {
		b.Fatal(err)
	}
	w.f.Close()
	values := make([][]any, len(rows)+1)
	values[0] = make([]any, len(w.cols))
	for i, c := range w.cols {
		values[0][i] = c.zh
	}
	for i, row := range rows {
		values[i+1] = make([]any, len(row))
		for j, c := range row {
			if cell, ok := c.(excelize.Cell); ok {
				values[i+1][j] = cell.Value
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		for i, row := range values {
			if err := sw.SetRow("A"+strconv.Itoa(i+1), row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if _, err := f.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

func BenchmarkReadChecklist5000(b *testing.B) {
	data := writeChecklistBytes(b, checklistBenchRegister(b, 5000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rows, _, err := Read("bench.xlsx", bytes.NewReader(data), int64(len(data)))
		if err != nil || len(rows) != 5000 {
			b.Fatal(err, len(rows))
		}
	}
}

// TestChecklistHasEveryImportedField fails when the field table gains a field
// that an import reads and the checklist has no column for it.
func TestChecklistHasEveryImportedField(t *testing.T) {
	cols := Columns(nil)
	for _, f := range requirements.FieldTable {
		if f.Import && !slices.Contains(cols, f.Key) {
			t.Errorf("the checklist has no column for the imported field %q", f.Key)
		}
	}
	for _, c := range checklistBaseColumns {
		if f, ok := requirements.FieldByKey(c.key); ok && (c.zh != f.ZH || c.en != f.EN) {
			t.Errorf("column %s is headed %q/%q, the field table says %q/%q", c.key, c.zh, c.en, f.ZH, f.EN)
		}
	}
}
