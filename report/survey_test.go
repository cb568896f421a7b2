package report

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/internal/readers"
	"github.com/crmflow/crmflow/survey"
	"github.com/crmflow/crmflow/templates"
)

var surveyTestTime = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// surveyTestQuestionnaire is Q-001 over the sales-rep and marketing banks.
func surveyTestQuestionnaire(t testing.TB, lang crmflow.Lang) *survey.Questionnaire {
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

func exportQuestionnaire(t testing.TB, q *survey.Questionnaire) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteQuestionnaire(&b, q, surveyTestTime); err != nil {
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

func runPython(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	py := readers.Openpyxl(t)
	out, err := exec.Command(py, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	return out
}

// TestQuestionnaireOpenpyxl opens the export in openpyxl (validations,
// hidden sheets and key column, frozen panes), fills it there, and imports it.
func TestQuestionnaireOpenpyxl(t *testing.T) {
	q := surveyTestQuestionnaire(t, crmflow.LangZH)
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
	if err := json.Unmarshal(runPython(t, inspectScript, blank), &got); err != nil {
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
	runPython(t, fillScript, blank, filled)
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
	ff, err := ReadQuestionnaire(filepath.Base(path), bytes.NewReader(data), int64(len(data)))
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
	q := surveyTestQuestionnaire(t, crmflow.LangZH)
	dir := t.TempDir()
	blank := filepath.Join(dir, "questionnaire.xlsx")
	if err := os.WriteFile(blank, exportQuestionnaire(t, q), 0o644); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(dir, "filled.xlsx")
	runPython(t, fillScript, blank, filled)
	outDir := filepath.Join(dir, "lo")
	soffice(t, bin, filled, "xlsx:Calc MS Excel 2007 XML", outDir, filepath.Join(outDir, "filled.xlsx"))
	checkFilledImport(t, q, filepath.Join(outDir, "filled.xlsx"))
}

func surveyTestResults(t testing.TB, lang crmflow.Lang) (*survey.Questionnaire, *survey.Results, []survey.Response) {
	q := surveyTestQuestionnaire(t, lang)
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

func TestSurveyGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		_, res, _ := surveyTestResults(t, lang)
		var b bytes.Buffer
		if err := SurveyResultsMarkdown(&b, lang, res); err != nil {
			t.Fatal(err)
		}
		golden(t, "survey-results."+string(lang)+".md", b.Bytes())
		b.Reset()
		if err := QuestionnaireMarkdown(&b, surveyTestQuestionnaire(t, lang), surveyTestTime); err != nil {
			t.Fatal(err)
		}
		golden(t, "questionnaire."+string(lang)+".md", b.Bytes())
	}
	var b bytes.Buffer
	err := BarChartSVG(&b, BarChart{Title: "痛点 <排名> & \"引号\"", Bars: []Bar{{Label: "客户资料分散，查找困难", Value: 3, Text: "3 (100%)"},
		{Label: "一个非常非常非常非常非常非常非常非常非常非常非常非常长的选项标签", Value: 1, Text: "1 (33.3%)"}, {Label: "零", Value: 0, Text: "0 (0%)"}}})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "barchart.svg", b.Bytes())
	if strings.Contains(b.String(), "<排名>") || !strings.Contains(b.String(), "&lt;排名&gt;") {
		t.Error("the chart title is not escaped")
	}
}

func TestSurveyResultsHTML(t *testing.T) {
	_, res, _ := surveyTestResults(t, crmflow.LangZH)
	var b bytes.Buffer
	if err := SurveyResultsHTML(&b, crmflow.LangZH, res); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, bad := range []string{"<b>手工</b>", "<script", "href=\"http", "src=\"survey-figure"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if n := strings.Count(html, "<svg"); n != 7 {
		t.Errorf("%d charts", n)
	}
	if !strings.Contains(html, `lang="zh-CN"`) || !strings.Contains(html, "&lt;b&gt;手工&lt;/b&gt;") {
		t.Error("lang or escaped text missing")
	}
	// Deterministic.
	var again bytes.Buffer
	_ = SurveyResultsHTML(&again, crmflow.LangZH, res)
	if again.String() != html {
		t.Error("the page differs between two runs")
	}

	dom := openInChromium(t, b.Bytes(), "results.html").dom()
	if strings.Count(string(dom), "<svg") != 7 || !strings.Contains(string(dom), "痛点排名") || strings.Contains(string(dom), "<b>手工</b>") {
		t.Errorf("the DOM lacks the charts or headings (%d bytes)", len(dom))
	}
}

func TestSurveyResultsXLSX(t *testing.T) {
	q, res, rs := surveyTestResults(t, crmflow.LangZH)
	var b bytes.Buffer
	if err := WriteSurveyResultsXLSX(&b, crmflow.LangZH, q, res, rs); err != nil {
		t.Fatal(err)
	}
	all := walkAll(t, b.Bytes())
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
	cells := writtenCells(t, b.Bytes(), "原始答案")
	_ = cells
}

// FuzzReadQuestionnaire: whatever the bytes, the reader returns a value or
// an error, never panics; a real filled workbook seeds it.
func FuzzReadQuestionnaire(f *testing.F) {
	q := surveyTestQuestionnaire(f, crmflow.LangZH)
	blank := exportQuestionnaire(f, q)
	f.Add(blank)
	if seed, err := os.ReadFile(filepath.Join("testdata", "survey-filled.xlsx")); err == nil {
		f.Add(seed)
	}
	f.Add([]byte("PK\x03\x04 not really"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ff, err := ReadQuestionnaire("fuzz.xlsx", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		plan := survey.PlanImport(q, nil, []survey.FilledFile{ff}, false)
		_ = plan
	})
}
