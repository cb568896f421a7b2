package demo

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/sqlite"
	"github.com/crmflow/crmflow/survey"
	"github.com/crmflow/crmflow/templates"
)

// surveyService is a survey service over a new Chinese workspace on the
// demo's pinned clock, closed when the test ends.
func surveyService(t *testing.T) *survey.Service {
	t.Helper()
	clock := crmflow.FixedClock{T: time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	db, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "crmflow.db"), crmflow.Project{Name: "p", Lang: crmflow.LangZH}, nil,
		sqlite.Options{Clock: clock, Actor: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	banks, err := survey.ParseBanks(templates.QuestionBanks())
	if err != nil {
		t.Fatal(err)
	}
	return &survey.Service{Store: db.Surveys(), Banks: banks}
}

func TestSeedSurvey(t *testing.T) {
	ctx := context.Background()
	svc := surveyService(t)
	q, n, err := SeedSurvey(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	if q.ID != "Q-001" || q.Title != SurveyTitle || n < 40 || len(q.Roles) != 3 {
		t.Fatalf("%s %s: %d responses, roles %v", q.ID, q.Title, n, q.Roles)
	}
	if !reflect.DeepEqual(SurveyFiles(&q), SurveyFiles(&q)) {
		t.Error("SurveyFiles is not deterministic")
	}
	res, rs, err := svc.Results(ctx, &q, crmflow.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != n || res.Respondents != n {
		t.Fatalf("%d stored, %d aggregated, %d imported", len(rs), res.Respondents, n)
	}
	// Realistic: reps keep visit records in Excel, and the Excel pain point is among the top two.
	tool := res.Questions[0]
	for _, qr := range res.Questions {
		if qr.Key == "sales-rep.visit-record-tool" {
			tool = qr
		}
	}
	if tool.Options[0].Option != "Excel 表格" || tool.Options[0].Count*2 <= tool.Answered {
		t.Errorf("visit record tool %+v", tool.Options)
	}
	top := map[string]bool{res.Pains[0].Pain: true, res.Pains[1].Pain: true}
	if !top["拜访记录靠 Excel，容易丢失"] {
		t.Errorf("pains %+v", res.Pains[:3])
	}
	// Imported through the validating path: importing the same files again is refused.
	plan, err := svc.PlanImport(ctx, &q, SurveyFiles(&q), false)
	if err != nil || len(plan.Problems) != n {
		t.Errorf("re-import: %v, %d problems", err, len(plan.Problems))
	}
}
