package survey

import (
	"testing"

	"github.com/crmflow/crmflow"
)

func TestCompareRounds(t *testing.T) {
	stats := func(n int, mean float64) *NumberStats { return &NumberStats{Count: n, Mean: mean} }
	r1 := Results{Questionnaire: "Q-001", Title: "一个月", Respondents: 2, Questions: []QuestionResult{
		{Key: "satisfaction.overall", Type: Rating, Text: "总体", Stats: stats(2, 3.5)},
		{Key: "satisfaction.speed", Type: Rating, Text: "速度", Stats: stats(2, 2)},
		{Key: "satisfaction.usage", Type: Single, Text: "频率"},
	}, Pains: []PainRank{{Pain: "慢", Count: 2, Percent: 100}, {Pain: "无人提", Count: 0}}}
	r2 := Results{Questionnaire: "Q-002", Title: "三个月", Respondents: 1, Questions: []QuestionResult{
		{Key: "satisfaction.speed", Type: Rating, Text: "速度", Stats: stats(1, 4.25)},
		{Key: "satisfaction.overall", Type: Rating, Text: "总体", Stats: &NumberStats{}},
		{Key: "satisfaction.new", Type: Number, Text: "新题", Stats: stats(1, 3)},
	}, Pains: []PainRank{{Pain: "报表", Count: 1, Percent: 100}}}
	c := Compare([]Results{r1, r2}, crmflow.LangZH)
	if len(c.Rounds) != 2 || c.Rounds[1].Respondents != 1 {
		t.Fatalf("rounds %+v", c.Rounds)
	}
	if len(c.Questions) != 3 {
		t.Fatalf("questions %+v (choice questions have no score)", c.Questions)
	}
	speed := c.Questions[1]
	if speed.Key != "satisfaction.speed" || *speed.Means[0] != 2 || *speed.Means[1] != 4.25 || speed.Change == nil || *speed.Change != 2.25 {
		t.Fatalf("speed %+v", speed)
	}
	// Unanswered in round 2: no mean there, and no change from one mean.
	overall := c.Questions[0]
	if overall.Means[1] != nil || overall.Change != nil || overall.Counts[0] != 2 {
		t.Fatalf("overall %+v", overall)
	}
	// Asked only in round 2.
	if nq := c.Questions[2]; nq.Means[0] != nil || *nq.Means[1] != 3 || nq.Change != nil {
		t.Fatalf("new question %+v", nq)
	}
	if len(c.Pains) != 2 || c.Pains[0].Pain != "慢" || c.Pains[0].Percents[1] != 0 || c.Pains[1].Percents[1] != 100 {
		t.Fatalf("pains %+v (a pain no one raised is left out)", c.Pains)
	}
}
