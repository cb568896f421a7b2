package survey

import (
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

func testQuestionnaire() *Questionnaire {
	return &Questionnaire{ID: "Q-001", Title: "调研", Lang: crmflow.LangZH, Revision: 2,
		Roles: []Role{{Key: "rep", ZH: "销售代表", EN: "Sales rep"}, {Key: "mkt", ZH: "市场", EN: "Marketing"}},
		Questions: []Question{
			{Key: "rep.tool", Role: "rep", Type: Single, Required: true, Text: Bilingual{"工具？", "Tool?"},
				Options: []Bilingual{{"Excel 表格", "Excel spreadsheet"}, {"纸质笔记本", "Paper notebook"}, {"是, 有时", "Yes, sometimes"}}},
			{Key: "rep.pain", Role: "rep", Type: Multi, Pain: true, Text: Bilingual{"痛点？", "Pain?"},
				Options: []Bilingual{{"记录丢失", "Records get lost"}, {"客户资料分散，查找困难", "Scattered data"}, {"重复录入", "Typing twice"}}},
			{Key: "mkt.pain", Role: "mkt", Type: Multi, Pain: true, Text: Bilingual{"痛点？", "Pain?"},
				Options: []Bilingual{{"客户资料分散，查找困难", "Scattered data"}, {"活动无法衡量", "Campaigns unmeasured"}}},
			{Key: "all.rating", Type: Rating, Required: true, Text: Bilingual{"满意度", "Satisfaction"}},
			{Key: "rep.visits", Role: "rep", Type: Number, Text: Bilingual{"拜访次数", "Visits"}},
			{Key: "all.note", Type: Text, Text: Bilingual{"备注", "Notes"}},
		}}
}

func TestParseAnswer(t *testing.T) {
	q := testQuestionnaire()
	get := func(k string) *Question { x, _ := q.Question(k); return x }
	cases := []struct {
		key, raw string
		want     string // encoded answer, or "!" + part of the problem
	}{
		{"rep.tool", "Excel 表格", "1"},
		{"rep.tool", "  excel SPREADSHEET ", "1"},
		{"rep.tool", "ｅｘｃｅｌ　表格", "1"}, // full-width letters and space
		{"rep.tool", "是, 有时", "3"},
		{"rep.tool", "yes, SOMETIMES", "3"},
		{"rep.tool", "飞鸽", `!“飞鸽”不是选项之一（Excel 表格 | 纸质笔记本 | 是, 有时）`},
		{"rep.pain", "记录丢失、重复录入", "1,3"},
		{"rep.pain", "记录丢失,客户资料分散，查找困难", "1,2"}, // an option holding a comma
		{"rep.pain", "Records get lost; typing twice", "1,3"},
		{"rep.pain", "记录丢失，重复录入", "1,3"},
		{"rep.pain", "重复录入\n记录丢失、重复录入", "3,1"},
		{"rep.pain", "记录丢失、太累", `!“太累”不在选项中`},
		{"rep.pain", "太累、好烦", `!“太累”“好烦”不在选项中`},
		{"all.rating", "4", "4"},
		{"all.rating", "4.0", "4"},
		{"all.rating", "５", "5"},
		{"all.rating", "0", "!不是评分：请填 1 到 5 的整数"},
		{"all.rating", "6", "!不是评分：请填 1 到 5 的整数"},
		{"all.rating", "3.5", "!不是评分：请填 1 到 5 的整数"},
		{"all.rating", "good", "!不是评分：请填 1 到 5 的整数"},
		{"rep.visits", "12", "12"},
		{"rep.visits", "1,200", "1200"},
		{"rep.visits", "2.5", "2.5"},
		{"rep.visits", "NaN", "!“NaN”不是数字"},
		{"rep.visits", "十二", `!“十二”不是数字`},
		{"all.note", "  =SUM(A1)  ", "=SUM(A1)"},
	}
	for _, c := range cases {
		a, given, msg := ParseAnswer(get(c.key), c.raw, crmflow.LangZH)
		if strings.HasPrefix(c.want, "!") {
			if msg == "" || !strings.Contains(msg, c.want[1:]) {
				t.Errorf("%s %q: problem %q, want %q", c.key, c.raw, msg, c.want[1:])
			}
			continue
		}
		if msg != "" || !given {
			t.Errorf("%s %q: problem %q (given %v)", c.key, c.raw, msg, given)
			continue
		}
		if got := a.Encode(get(c.key).Type); got != c.want {
			t.Errorf("%s %q = %q, want %q", c.key, c.raw, got, c.want)
		}
	}
	if _, given, msg := ParseAnswer(get("rep.tool"), "   ", crmflow.LangZH); given || msg != "" {
		t.Errorf("blank: given %v, problem %q", given, msg)
	}
}

func TestParseDate(t *testing.T) {
	for raw, want := range map[string]string{
		"2026-11-25": "2026-11-25", "2026/11/5": "2026-11-05", "2026年11月25日": "2026-11-25", "46351": "2026-11-25",
		"46351.75": "2026-11-25", "2026-11-25 00:00:00": "2026-11-25", "": "", "２０２６-１１-２５": "2026-11-25",
	} {
		got, err := ParseDate(raw)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{"2026-13-01", "2026-02-30", "yesterday", "12", "-5", "99999999"} {
		if got, err := ParseDate(raw); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", raw, got)
		}
	}
}

func num(f float64) *float64 { return &f }

func TestAggregate(t *testing.T) {
	q := testQuestionnaire()
	resp := func(role, name string, answers map[string]Answer) Response {
		return Response{Respondent: Respondent{Role: role, Name: name, Department: name + "部"}, Answers: answers}
	}
	rs := []Response{
		resp("rep", "甲", map[string]Answer{"rep.tool": {Choices: []int{1}}, "rep.pain": {Choices: []int{1, 2}}, "all.rating": {Number: num(5)},
			"rep.visits": {Number: num(10)}, "all.note": {Text: "太慢"}}),
		resp("rep", "乙", map[string]Answer{"rep.tool": {Choices: []int{1}}, "rep.pain": {Choices: []int{2}}, "all.rating": {Number: num(2)},
			"rep.visits": {Number: num(3)}}),
		resp("rep", "丙", map[string]Answer{"rep.tool": {Choices: []int{2}}, "all.rating": {Number: num(4)}, "rep.visits": {Number: num(4)}}),
		resp("mkt", "丁", map[string]Answer{"mkt.pain": {Choices: []int{1, 2}}, "all.rating": {Number: num(4)}, "all.note": {Text: "要报表"}}),
	}
	res := Aggregate(q, rs, crmflow.LangZH)
	if res.Respondents != 4 || res.Roles[0].Respondents != 3 || res.Roles[1].Respondents != 1 {
		t.Fatalf("respondents %d, roles %+v", res.Respondents, res.Roles)
	}
	tool := res.Questions[0]
	if tool.Asked != 3 || tool.Answered != 3 || tool.Options[0].Count != 2 || tool.Options[0].Percent != 66.7 || tool.Options[1].Percent != 33.3 {
		t.Errorf("single choice: %+v", tool)
	}
	pain := res.Questions[1]
	// Multiple choice: percentages of the 2 who answered.
	if pain.Answered != 2 || pain.Options[0].Percent != 50 || pain.Options[1].Count != 2 || pain.Options[1].Percent != 100 {
		t.Errorf("multi choice: %+v", pain)
	}
	rating := res.Questions[3].Stats
	if rating.Count != 4 || rating.Mean != 3.75 || rating.Median != 4 || rating.Min != 2 || rating.Max != 5 {
		t.Errorf("rating stats %+v", rating)
	}
	var dist []int
	for _, d := range rating.Distribution {
		dist = append(dist, d.Count)
	}
	if len(dist) != 5 || dist[0] != 0 || dist[1] != 1 || dist[3] != 2 || dist[4] != 1 {
		t.Errorf("rating distribution %v", dist)
	}
	visits := res.Questions[4].Stats
	if visits.Mean != 5.67 || visits.Median != 4 || len(visits.Distribution) != 3 {
		t.Errorf("number stats %+v", visits)
	}
	note := res.Questions[5]
	if len(note.Texts) != 2 || note.Texts[0] != (TextAnswer{Text: "太慢", Respondent: "甲", Department: "甲部", Role: "销售代表"}) || note.Texts[1].Role != "市场" {
		t.Errorf("texts %+v", note.Texts)
	}
	// Pain points: 客户资料分散 raised by 乙, 甲 (rep) and 丁 (mkt) = 3 of the 3 who answered a pain question.
	if len(res.Pains) != 4 || res.Pains[0].Pain != "客户资料分散，查找困难" || res.Pains[0].Count != 3 || res.Pains[0].Percent != 100 ||
		strings.Join(res.Pains[0].Roles, ",") != "销售代表,市场" {
		t.Fatalf("pains %+v", res.Pains)
	}
	if res.Pains[1].Pain != "记录丢失" || res.Pains[1].Count != 1 || res.Pains[2].Pain != "活动无法衡量" || res.Pains[3].Count != 0 {
		t.Errorf("pain order %+v", res.Pains)
	}
	en := Aggregate(q, rs, crmflow.LangEN)
	if en.Pains[0].Pain != "Scattered data" || en.Questions[0].Options[0].Option != "Excel spreadsheet" {
		t.Errorf("english %+v", en.Pains[0])
	}
	empty := Aggregate(q, nil, crmflow.LangZH)
	if empty.Respondents != 0 || empty.Questions[3].Stats.Count != 0 || len(empty.Pains) != 4 || empty.Pains[0].Percent != 0 {
		t.Errorf("empty %+v", empty)
	}
}

func TestNumberBuckets(t *testing.T) {
	st := numberStats([]float64{1, 5, 9, 14, 22, 30, 47}, false)
	total := 0
	for _, b := range st.Distribution {
		total += b.Count
	}
	if total != 7 || len(st.Distribution) > 6 || st.Distribution[0].Label != "0–9" {
		t.Errorf("buckets %+v", st.Distribution)
	}
	if st := numberStats([]float64{2, 2, 4}, false); len(st.Distribution) != 2 || st.Distribution[0].Count != 2 {
		t.Errorf("few values %+v", st.Distribution)
	}
}

func TestPlanImport(t *testing.T) {
	q := testQuestionnaire()
	cell := func(row int, s string) FilledCell { return FilledCell{Row: row, Text: s} }
	rows := map[string]int{"rep.tool": 6, "rep.pain": 7, "all.rating": 8, "rep.visits": 9, "all.note": 10}
	good := FilledColumn{Column: "E", Name: cell(2, "张三"), Date: cell(4, "46351"),
		Answers: map[string]FilledCell{"rep.tool": cell(6, "Excel 表格"), "all.rating": cell(8, "4.0")}}
	file := FilledFile{File: "a.xlsx", Questionnaire: "Q-001", Revision: 2, Sheets: []FilledSheet{{Sheet: "销售代表", Role: "rep", Rows: rows,
		Columns: []FilledColumn{good}}}}
	plan := PlanImport(q, nil, []FilledFile{file}, false)
	if len(plan.Problems) != 0 || len(plan.Responses) != 1 {
		t.Fatalf("plan %+v", plan)
	}
	r := plan.Responses[0].Response
	if r.Respondent.Date != "2026-11-25" || r.Answers["rep.tool"].Choices[0] != 1 || *r.Answers["all.rating"].Number != 4 {
		t.Errorf("response %+v", r)
	}
	// Already answered: refused without replace, replaced with it.
	existing := []Respondent{{Role: "rep", Name: "张 三"}}
	if p := PlanImport(q, existing, []FilledFile{file}, false); len(p.Problems) != 1 || !strings.Contains(p.Problems[0].Message, "已经回答过 Q-001") {
		t.Errorf("duplicate: %+v", p.Problems)
	}
	if p := PlanImport(q, existing, []FilledFile{file}, true); len(p.Problems) != 0 || !p.Responses[0].Replaces {
		t.Errorf("replace: %+v", p)
	}
	// Every problem, not just the first.
	bad := FilledColumn{Column: "F", Name: cell(2, ""), Date: cell(4, "someday"),
		Answers: map[string]FilledCell{"rep.tool": cell(6, "电话"), "rep.visits": cell(9, "many"), "all.note": {Row: 10, Text: "x", Formula: true}}}
	file.Sheets[0].Columns = []FilledColumn{good, bad, good}
	file.Sheets[0].Rows = map[string]int{"rep.tool": 6, "rep.pain": 7, "all.rating": 8, "rep.visits": 9, "all.note": 10, "it.bogus": 11}
	p := PlanImport(q, nil, []FilledFile{file, {File: "b.xlsx", Questionnaire: "Q-001", Revision: 1}, {File: "c.xlsx", Questionnaire: "Q-007", Revision: 2}}, false)
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.Error())
	}
	// The questionnaire is Chinese: so are its problems, with the same facts.
	want := []string{
		"a.xlsx，工作表“销售代表”，第 11 行，题目 it.bogus：隐藏的题目编号不是 Q-001 中问 rep 的题目",
		"a.xlsx，工作表“销售代表”，第 2 行，F 列：缺少答卷人姓名",
		"a.xlsx，工作表“销售代表”，第 4 行，F 列：“someday”不是有效日期",
		"a.xlsx，工作表“销售代表”，第 6 行，F 列，题目 rep.tool：“电话”不是选项之一",
		"a.xlsx，工作表“销售代表”，第 8 行，F 列，题目 all.rating：必答题没有回答",
		"a.xlsx，工作表“销售代表”，第 9 行，F 列，题目 rep.visits：“many”不是数字",
		"a.xlsx，工作表“销售代表”，第 10 行，F 列，题目 all.note：单元格里是公式",
		"a.xlsx，工作表“销售代表”，第 2 行，E 列：张三（销售代表）在这次导入中出现了两次：另见 a.xlsx，工作表“销售代表”，E 列",
		"b.xlsx：这个工作簿导出自 Q-001 的第 1 版，此后题目已改动（现为第 2 版）",
		"c.xlsx：这个工作簿属于问卷 Q-007，不是 Q-001",
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	// An English questionnaire says them in English.
	q.Lang = crmflow.LangEN
	p = PlanImport(q, nil, []FilledFile{file}, false)
	if len(p.Problems) == 0 || !strings.HasPrefix(p.Problems[0].Error(), "a.xlsx, sheet 销售代表, row 11, question it.bogus: the hidden question key is not a question") {
		t.Errorf("English problems: %+v", p.Problems)
	}
}

func TestAnswerRoundTrip(t *testing.T) {
	for _, c := range []struct {
		t QuestionType
		a Answer
	}{{Single, Answer{Choices: []int{2}}}, {Multi, Answer{Choices: []int{1, 3}}}, {Rating, Answer{Number: num(4)}},
		{Number, Answer{Number: num(-2.5)}}, {Text, Answer{Text: "a,b\nc"}}} {
		s := c.a.Encode(c.t)
		back, err := DecodeAnswer(c.t, s)
		if err != nil || back.Encode(c.t) != s {
			t.Errorf("%s %q: %v %q", c.t, s, err, back.Encode(c.t))
		}
	}
	if _, err := DecodeAnswer(Single, "x"); err == nil {
		t.Error("bad choice decoded")
	}
	if id, ok := crmflow.KindQuestionnaire.NormalizeRef("q7"); !ok || id != "Q-007" {
		t.Errorf("NormalizeID(q7) = %s %v", id, ok)
	}
	if NameKey(" 张 三 ") != NameKey("张三") || NameKey("Ｌｉ Ｌｅｉ") != NameKey("li lei") {
		t.Error("NameKey does not fold")
	}
}
