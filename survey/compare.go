package survey

import (
	"github.com/crmflow/crmflow"
)

// Comparison sets rounds of a survey side by side (满意度 round 1, round 2,
// ...): each rating and number question's mean per round and how it moved
// from the first round to the last. Questions are matched by key, so a
// round built from the same template compares question for question.
type Comparison struct {
	Lang      crmflow.Lang    `json:"lang"`
	Rounds    []ComparedRound `json:"rounds"`
	Questions []ComparedScore `json:"questions"`
	Pains     []ComparedPain  `json:"pains"`
}

// ComparedRound is one round: its questionnaire and respondents.
type ComparedRound struct {
	Questionnaire string `json:"questionnaire"`
	Title         string `json:"title"`
	Respondents   int    `json:"respondents"`
}

// ComparedScore is one question's mean in each round (nil where the round
// did not ask it or no one answered) and the change from the first round
// that has a mean to the last (nil without two means).
type ComparedScore struct {
	Key    string       `json:"key"`
	Type   QuestionType `json:"type"`
	Text   string       `json:"text"`
	Means  []*float64   `json:"means"`
	Counts []int        `json:"counts"`
	Change *float64     `json:"change"`
}

// ComparedPain is a pain point's share of respondents in each round.
type ComparedPain struct {
	Pain     string    `json:"pain"`
	Percents []float64 `json:"percents"`
}

// Compare lines up the results of several rounds, in the order given.
func Compare(rounds []Results, lang crmflow.Lang) Comparison {
	c := Comparison{Lang: lang, Rounds: []ComparedRound{}, Questions: []ComparedScore{}, Pains: []ComparedPain{}}
	at := map[string]int{} // question key → index in c.Questions
	painAt := map[string]int{}
	for i, r := range rounds {
		c.Rounds = append(c.Rounds, ComparedRound{Questionnaire: r.Questionnaire, Title: r.Title, Respondents: r.Respondents})
		for _, q := range r.Questions {
			if q.Type != Rating && q.Type != Number {
				continue
			}
			j, ok := at[q.Key]
			if !ok {
				j = len(c.Questions)
				at[q.Key] = j
				c.Questions = append(c.Questions, ComparedScore{Key: q.Key, Type: q.Type, Text: q.Text,
					Means: make([]*float64, len(rounds)), Counts: make([]int, len(rounds))})
			}
			if q.Stats != nil && q.Stats.Count > 0 {
				m := q.Stats.Mean
				c.Questions[j].Means[i], c.Questions[j].Counts[i] = &m, q.Stats.Count
			}
		}
		for _, p := range r.Pains {
			if p.Count == 0 { // listed but raised by no one this round
				continue
			}
			j, ok := painAt[p.Pain]
			if !ok {
				j = len(c.Pains)
				painAt[p.Pain] = j
				c.Pains = append(c.Pains, ComparedPain{Pain: p.Pain, Percents: make([]float64, len(rounds))})
			}
			c.Pains[j].Percents[i] = p.Percent
		}
	}
	for i := range c.Questions {
		q := &c.Questions[i]
		var first, last *float64
		for _, m := range q.Means {
			if m == nil {
				continue
			}
			if first == nil {
				first = m
			}
			last = m
		}
		if first != nil && last != first {
			d := round2(*last - *first)
			q.Change = &d
		}
	}
	return c
}
