package demo

import (
	"context"
	"reflect"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/survey"
)

func TestSeedSatisfactionRounds(t *testing.T) {
	ctx := context.Background()
	svc := surveyService(t)
	var rounds []survey.Results
	for i, r := range SatisfactionRounds {
		q, n, err := SeedSatisfaction(ctx, svc, i)
		if err != nil {
			t.Fatal(err)
		}
		if q.Title != r.Title || n != r.Respondents || len(q.Roles) != 1 || q.Roles[0].Key != SatisfactionTemplate {
			t.Fatalf("round %d: %s %q, %d responses, roles %v", i+1, q.ID, q.Title, n, q.Roles)
		}
		if !reflect.DeepEqual(SatisfactionFiles(&q, i), SatisfactionFiles(&q, i)) {
			t.Errorf("SatisfactionFiles(round %d) is not deterministic", i+1)
		}
		res, _, err := svc.Results(ctx, &q, crmflow.LangZH)
		if err != nil {
			t.Fatal(err)
		}
		rounds = append(rounds, res)
	}
	// The story the rounds tell: speed and the phone app were fixed in
	// v1.1, so those scores rise and slow pages stop leading the pains.
	c := survey.Compare(rounds, crmflow.LangZH)
	for _, key := range []string{"satisfaction.overall", "satisfaction.speed", "satisfaction.mobile"} {
		var got *survey.ComparedScore
		for i := range c.Questions {
			if c.Questions[i].Key == key {
				got = &c.Questions[i]
			}
		}
		if got == nil || got.Change == nil || *got.Change < 0.5 {
			t.Errorf("%s did not rise by half a point between the rounds: %+v", key, got)
		}
	}
	if c.Pains[0].Pain != "页面或保存速度慢" || c.Pains[0].Percents[1] >= c.Pains[0].Percents[0]/2 {
		t.Errorf("pains %+v", c.Pains[:2])
	}
}
