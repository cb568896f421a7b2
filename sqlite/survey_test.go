package sqlite

import (
	"context"
	"reflect"
	"testing"

	"github.com/crmflow/crmflow/survey"
)

// TestSurveyResponsesRoundTrip stores responses and reads them back: every
// answer with its respondent, a response without answers kept, the order
// of storing kept, answers to a question removed since dropped, and another
// questionnaire's responses left out.
func TestSurveyResponsesRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newDB(t)
	store := db.Surveys()
	q := &survey.Questionnaire{Title: "调研", Lang: "zh", Roles: []survey.Role{{Key: "sales-rep", ZH: "销售代表", EN: "Sales rep"}},
		Questions: []survey.Question{
			{Key: "sales-rep.visits", Role: "sales-rep", Type: survey.Number, Text: survey.Bilingual{ZH: "拜访次数", EN: "Visits"}, Required: true},
			{Key: "sales-rep.tool", Role: "sales-rep", Type: survey.Single, Text: survey.Bilingual{ZH: "工具", EN: "Tool"},
				Options: []survey.Bilingual{{ZH: "Excel", EN: "Excel"}, {ZH: "纸", EN: "Paper"}}},
			{Key: "sales-rep.note", Role: "sales-rep", Type: survey.Text, Text: survey.Bilingual{ZH: "备注", EN: "Note"}},
		}}
	other := &survey.Questionnaire{Title: "另一份", Lang: "zh", Roles: q.Roles, Questions: q.Questions[:1]}
	for _, x := range []*survey.Questionnaire{q, other} {
		if err := store.CreateQuestionnaire(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	n := func(v float64) *float64 { return &v }
	who := func(name string) survey.Respondent {
		return survey.Respondent{Role: "sales-rep", Name: name, Department: "华东", Date: "2026-11-20"}
	}
	want := []survey.Response{
		{Respondent: who("王五"), File: "b.xlsx", Answers: map[string]survey.Answer{"sales-rep.visits": {Number: n(8)}, "sales-rep.tool": {Choices: []int{1}}}},
		{Respondent: who("张三"), File: "a.xlsx", Answers: map[string]survey.Answer{"sales-rep.visits": {Number: n(12.5)}, "sales-rep.note": {Text: "月底补录"}}},
		{Respondent: who("空白"), File: "a.xlsx", Answers: map[string]survey.Answer{}},
	}
	if err := store.SaveResponses(ctx, q.ID, q.Revision, want, false); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveResponses(ctx, other.ID, other.Revision, []survey.Response{{Respondent: who("别人"), Answers: map[string]survey.Answer{"sales-rep.visits": {Number: n(1)}}}}, false); err != nil {
		t.Fatal(err)
	}
	got, err := store.Responses(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d responses, want %d", len(got), len(want))
	}
	for i := range want {
		g := got[i]
		if g.Questionnaire != q.ID || g.Respondent != want[i].Respondent || g.File != want[i].File || g.Revision != q.Revision {
			t.Errorf("response %d: %+v", i, g)
		}
		if !reflect.DeepEqual(g.Answers, want[i].Answers) {
			t.Errorf("response %d (%s) answers %+v, want %+v", i, g.Respondent.Name, g.Answers, want[i].Answers)
		}
	}

	// A question removed since: its stored answers are not part of the results.
	if _, err := store.UpdateQuestionnaire(ctx, q.ID, func(x *survey.Questionnaire) error {
		x.Questions = x.Questions[:2]
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err = store.Responses(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[1].Answers["sales-rep.note"]; ok || len(got[1].Answers) != 1 {
		t.Errorf("after removing the note question: %+v", got[1].Answers)
	}
	if none, err := store.Responses(ctx, "Q-009"); err == nil {
		t.Errorf("an unknown questionnaire gave %v", none)
	}
}
