package questionnaire

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/internal/readers"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/survey"
)

func exportQuestionnaire(t testing.TB, q *survey.Questionnaire) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, q, reporttest.Time); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fillScript fills a questionnaire with openpyxl the way a collector does:
// rows found by the hidden keys in column A, numbers typed as numbers, a
// date as a date, several respondents side by side, one far to the right.
const fillScript = `
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['销售代表']
rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
def put(col, key, val): ws.cell(rows[key], col).value = val
for col, name, visits, tool, pain, rating in [
    (5, '张三', 12, 'Excel 表格', '拜访记录靠 Excel，容易丢失、客户资料分散，查找困难', 5),
    (6, '李四', 8, 'paper notebook', 'Visit records kept in Excel get lost', 4),
    (40, '王五', 3.5, '微信聊天记录', '重复录入同样的数据', 2)]:
    put(col, '_name', name)
    put(col, '_department', '华东区')
    put(col, '_date', datetime.datetime(2026, 11, 20))
    put(col, 'sales-rep.visits-per-week', visits)
    put(col, 'sales-rep.visit-record-tool', tool)
    put(col, 'sales-rep.record-delay', '月底集中补录')
    put(col, 'sales-rep.records-lost', '经常')
    put(col, 'sales-rep.pain-points', pain)
    put(col, 'sales-rep.mobile-importance', rating)
put(5, 'sales-rep.time-consuming', '月底补录拜访记录')
ws = wb['市场']
rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
put(5, '_name', '赵六')
put(5, '_date', '2026/11/21')
put(5, 'marketing.lead-channels', '展会、官网表单')
put(5, 'marketing.leads-per-month', 300)
put(5, 'marketing.roi-measured', '不能')
put(5, 'marketing.lead-feedback', 1)
put(5, 'marketing.pain-points', '看不到线索的跟进结果、客户资料分散，查找困难')
wb.save(sys.argv[2])
`

const inspectScript = `
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['销售代表']
out = {"sheets": wb.sheetnames, "states": {s.title: s.sheet_state for s in wb.worksheets}, "active": wb.active.title,
  "freeze": ws.freeze_panes, "hidden_a": ws.column_dimensions['A'].hidden,
  "validations": sorted([dv.type or "", dv.formula1 or "", str(dv.sqref), bool(dv.showErrorMessage), dv.promptTitle or ""] for dv in ws.data_validations.dataValidation),
  "a": [ws.cell(r, 1).value for r in range(1, 8)], "header": [ws.cell(5, c).value for c in (2, 3, 4, 5, 34)],
  "meta": {r[0].value: r[1].value for r in wb['_crmflow'].iter_rows()}}
print(json.dumps(out, ensure_ascii=False))
`

// TestQuestionnaireOpenpyxl opens the export in openpyxl (validations,
// hidden sheets and key column, frozen panes), fills it there, and imports it.
func TestQuestionnaireOpenpyxl(t *testing.T) {
	q := reporttest.Questionnaire(t, crmflow.LangZH)
	dir := t.TempDir()
	blank := filepath.Join(dir, "questionnaire.xlsx")
	if err := os.WriteFile(blank, exportQuestionnaire(t, q), 0o644); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Sheets      []string
		States      map[string]string
		Active      string
		Freeze      string
		HiddenA     bool `json:"hidden_a"`
		Validations [][]any
		A           []any
		Header      []any
		Meta        map[string]any
	}
	if err := json.Unmarshal(reporttest.RunPython(t, inspectScript, blank), &got); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Sheets, ",") != "填写说明,销售代表,市场,_lists,_crmflow" || got.Active != "填写说明" ||
		got.States["_crmflow"] != "hidden" || got.States["_lists"] != "hidden" || got.States["销售代表"] != "visible" {
		t.Errorf("sheets %v states %v active %s", got.Sheets, got.States, got.Active)
	}
	if got.Freeze != "E6" || !got.HiddenA {
		t.Errorf("freeze %s, column A hidden %v", got.Freeze, got.HiddenA)
	}
	if got.A[0] != "role:sales-rep" || got.A[1] != "_name" || got.A[5] != "sales-rep.visits-per-week" {
		t.Errorf("key column %v", got.A)
	}
	if got.Header[0] != "序号" || got.Header[3] != "回答 1" || got.Header[4] != "回答 30" {
		t.Errorf("header %v", got.Header)
	}
	if got.Meta["questionnaire"] != "Q-001" || got.Meta["revision"] != "3" || got.Meta["kind"] != "questionnaire" {
		t.Errorf("meta %v", got.Meta)
	}
	// Rows 6.. are the sales-rep questions in bank order: 6 number, 7–9 single, 10 multi, 11 pain (multi), 12 rating.
	want := map[string][]any{
		"E6:AH6":   {"decimal", "-1000000000000000", "E6:AH6", true, ""},
		"E7:AH7":   {"list", "'_lists'!$A$1:$A$5", "E7:AH7", true, ""},
		"E11:AH11": {"", "", "E11:AH11", true, "多选"},
		"E12:AH12": {"list", `"1,2,3,4,5"`, "E12:AH12", true, ""},
		"E4:AH4":   {"", "", "E4:AH4", true, "日期"},
	}
	seen := 0
	for _, v := range got.Validations {
		if w, ok := want[v[2].(string)]; ok {
			seen++
			if b, _ := json.Marshal(v); string(b) != mustJSONString(w) {
				t.Errorf("validation %s = %s, want %s", v[2], b, mustJSONString(w))
			}
		}
	}
	if seen != len(want) {
		t.Errorf("validations: %v", got.Validations)
	}

	filled := filepath.Join(dir, "filled.xlsx")
	reporttest.RunPython(t, fillScript, blank, filled)
	checkFilledImport(t, q, filled)
}

func mustJSONString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// checkFilledImport reads the file fillScript wrote and checks the results.
func checkFilledImport(t *testing.T, q *survey.Questionnaire, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ff, err := Read(filepath.Base(path), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	plan := survey.PlanImport(q, nil, []survey.FilledFile{ff}, false)
	for _, p := range plan.Problems {
		t.Errorf("problem: %s", p.Error())
	}
	if len(plan.Responses) != 4 {
		t.Fatalf("%d responses", len(plan.Responses))
	}
	var rs []survey.Response
	for _, p := range plan.Responses {
		rs = append(rs, p.Response)
	}
	if rs[2].Respondent.Name != "王五" || plan.Responses[2].Column != "AN" || rs[0].Respondent.Date != "2026-11-20" || rs[3].Respondent.Date != "2026-11-21" {
		t.Errorf("respondents %+v / %+v", rs[2].Respondent, rs[0].Respondent)
	}
	res := survey.Aggregate(q, rs, crmflow.LangZH)
	visits := res.Questions[0].Stats
	if visits.Count != 3 || visits.Mean != 7.83 || visits.Median != 8 || visits.Min != 3.5 {
		t.Errorf("visits %+v", visits)
	}
	// A tie: in the order the pain points first appear.
	if res.Pains[1].Pain != "客户资料分散，查找困难" || res.Pains[1].Count != 2 || strings.Join(res.Pains[1].Roles, ",") != "销售代表,市场" {
		t.Errorf("pains %+v", res.Pains[:2])
	}
	if res.Pains[0].Pain != "拜访记录靠 Excel，容易丢失" || res.Pains[0].Count != 2 || res.Pains[0].Percent != 50 {
		t.Errorf("pains %+v", res.Pains[:2])
	}
}

// TestQuestionnaireLibreOffice re-saves a filled workbook with LibreOffice
// (numbers come back as floats, dates as serials) and imports it.
func TestQuestionnaireLibreOffice(t *testing.T) {
	bin := readers.Soffice(t)
	q := reporttest.Questionnaire(t, crmflow.LangZH)
	dir := t.TempDir()
	blank := filepath.Join(dir, "questionnaire.xlsx")
	if err := os.WriteFile(blank, exportQuestionnaire(t, q), 0o644); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(dir, "filled.xlsx")
	reporttest.RunPython(t, fillScript, blank, filled)
	outDir := filepath.Join(dir, "lo")
	reporttest.Soffice(t, bin, filled, "xlsx:Calc MS Excel 2007 XML", outDir, filepath.Join(outDir, "filled.xlsx"))
	checkFilledImport(t, q, filepath.Join(outDir, "filled.xlsx"))
}

func TestSurveyResultsXLSX(t *testing.T) {
	q, res, rs := reporttest.SurveyResults(t, crmflow.LangZH)
	var b bytes.Buffer
	if err := WriteResults(&b, crmflow.LangZH, q, res, rs); err != nil {
		t.Fatal(err)
	}
	all := reporttest.WalkAll(t, b.Bytes())
	raw := all["原始答案"]
	if len(raw) != 4 || raw[1][1] != "张三" || raw[3][1] != "=赵六" {
		t.Fatalf("raw answers %v", raw)
	}
	if raw[0][5] != "sales-rep.visits-per-week" || raw[1][5] != "12" || raw[1][6] != "Excel 表格" {
		t.Errorf("raw row %v", raw[1][:8])
	}
	pains := all["痛点排名"]
	if len(pains) < 2 || pains[1][1] != "拜访记录靠 Excel，容易丢失" || pains[1][2] != "2" {
		t.Errorf("pains %v", pains)
	}
	if !bytes.Contains(b.Bytes(), []byte("xl/charts/chart1.xml")) {
		t.Error("no chart in the workbook")
	}
	cells := reporttest.WrittenCells(t, b.Bytes(), "原始答案")
	_ = cells
}

// FuzzReadQuestionnaire: whatever the bytes, the reader returns a value or
// an error, never panics; a real filled workbook seeds it.
func FuzzReadQuestionnaire(f *testing.F) {
	q := reporttest.Questionnaire(f, crmflow.LangZH)
	blank := exportQuestionnaire(f, q)
	f.Add(blank)
	if seed, err := os.ReadFile(filepath.Join("testdata", "survey-filled.xlsx")); err == nil {
		f.Add(seed)
	}
	f.Add([]byte("PK\x03\x04 not really"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ff, err := Read("fuzz.xlsx", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		plan := survey.PlanImport(q, nil, []survey.FilledFile{ff}, false)
		_ = plan
	})
}
