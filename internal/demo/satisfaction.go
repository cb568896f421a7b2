package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/survey"
)

// SatisfactionTemplate is the question bank of the satisfaction survey (满意度调查).
const SatisfactionTemplate = "satisfaction"

// SatisfactionRound is one round of the satisfaction survey after go-live:
// who answered, when, and how their answers lean (option or rating 1–5
// weights by question key; a question without weights is answered evenly).
type SatisfactionRound struct {
	Title       string
	Respondents int
	Date        string
	weights     map[string][]int
}

// SatisfactionRounds are the demo's two rounds. The first users were slowed
// by photo upload and the phone app (the feedback FB-001 became a v1.1
// requirement); by the second round those are fixed, so speed and mobile
// scores rise and the pain moves to reports.
var SatisfactionRounds = []SatisfactionRound{
	{Title: "上线一个月满意度调查", Respondents: 20, Date: "2026-11-24", weights: map[string][]int{
		"satisfaction.overall":      {5, 20, 45, 25, 5},
		"satisfaction.ease-of-use":  {5, 15, 40, 30, 10},
		"satisfaction.speed":        {20, 45, 25, 10, 0},
		"satisfaction.mobile":       {15, 45, 30, 10, 0},
		"satisfaction.data-quality": {0, 10, 40, 40, 10},
		"satisfaction.reports":      {5, 25, 40, 25, 5},
		"satisfaction.support":      {0, 10, 30, 45, 15},
		"satisfaction.training":     {5, 20, 40, 30, 5},
		"satisfaction.recommend":    {10, 25, 40, 20, 5},
		"satisfaction.pains":        {85, 70, 25, 35, 30, 40, 10},
		"satisfaction.usage":        {30, 40, 20, 10},
	}},
	{Title: "上线三个月满意度调查", Respondents: 24, Date: "2026-11-25", weights: map[string][]int{
		"satisfaction.overall":      {0, 5, 20, 55, 20},
		"satisfaction.ease-of-use":  {0, 5, 25, 50, 20},
		"satisfaction.speed":        {0, 5, 25, 50, 20},
		"satisfaction.mobile":       {0, 10, 25, 45, 20},
		"satisfaction.data-quality": {0, 5, 30, 45, 20},
		"satisfaction.reports":      {5, 25, 35, 30, 5},
		"satisfaction.support":      {0, 5, 25, 50, 20},
		"satisfaction.training":     {0, 10, 30, 45, 15},
		"satisfaction.recommend":    {0, 10, 25, 45, 20},
		"satisfaction.pains":        {20, 15, 20, 55, 25, 45, 10},
		"satisfaction.usage":        {55, 30, 10, 5},
	}},
}

// SatisfactionFiles builds round's filled questionnaires as the workbook
// reader returns them: one workbook per sales region, each respondent a
// column. The same q and round give the same files.
func SatisfactionFiles(q *survey.Questionnaire, round int) []survey.FilledFile {
	r := SatisfactionRounds[round]
	rng := rand.New(rand.NewPCG(20270101, uint64(round)))
	qs := q.QuestionsFor(SatisfactionTemplate)
	rows := map[string]int{}
	for i, x := range qs {
		rows[x.Key] = 6 + i
	}
	sheet := SatisfactionTemplate
	if role, ok := q.Role(SatisfactionTemplate); ok {
		sheet = role.Name(crmflow.LangZH)
	}
	files := make([]survey.FilledFile, len(regions))
	for i, reg := range regions {
		files[i] = survey.FilledFile{File: r.Title + "-" + reg + ".xlsx", Questionnaire: q.ID, Revision: q.Revision,
			Sheets: []survey.FilledSheet{{Sheet: sheet, Role: SatisfactionTemplate, Rows: rows}}}
	}
	used := map[string]bool{}
	for n := 0; n < r.Respondents; n++ {
		sh := &files[n%len(files)].Sheets[0]
		var name string
		for name == "" || used[name] {
			name = surnames[rng.IntN(len(surnames))] + given[rng.IntN(len(given))]
		}
		used[name] = true
		col := survey.FilledColumn{Column: columnLetter(5 + len(sh.Columns)), Answers: map[string]survey.FilledCell{},
			Name: survey.FilledCell{Row: 2, Text: name}, Department: survey.FilledCell{Row: 3, Text: regions[n%len(regions)] + "销售"},
			Date: survey.FilledCell{Row: 4, Text: r.Date}}
		for _, x := range qs {
			if text := demoAnswer(rng, &x, r.weights[x.Key]); text != "" {
				col.Answers[x.Key] = survey.FilledCell{Row: rows[x.Key], Text: text}
			}
		}
		sh.Columns = append(sh.Columns, col)
	}
	return files
}

// SeedSatisfaction creates the satisfaction survey of round from the
// satisfaction template and imports its responses through the import
// service, as a user's filled workbooks would be.
func SeedSatisfaction(ctx context.Context, svc *survey.Service, round int) (survey.Questionnaire, int, error) {
	q, err := svc.New(ctx, SatisfactionRounds[round].Title, []string{SatisfactionTemplate}, crmflow.LangZH)
	if err != nil {
		return q, 0, fmt.Errorf("demo satisfaction survey: %w", err)
	}
	plan, err := svc.PlanImport(ctx, &q, SatisfactionFiles(&q, round), false)
	if err != nil {
		return q, 0, err
	}
	if len(plan.Problems) > 0 {
		return q, 0, fmt.Errorf("demo satisfaction survey: %s", plan.Problems[0].Error())
	}
	if err := svc.ApplyImport(ctx, plan); err != nil {
		return q, 0, err
	}
	return q, len(plan.Responses), nil
}
