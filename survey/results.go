package survey

import (
	"math"
	"slices"
	"strconv"

	"github.com/crmflow/crmflow"
)

// Results is a questionnaire's answers aggregated, in one language. It is
// pure data: report/ renders it, the CLI prints it.
type Results struct {
	Questionnaire string           `json:"questionnaire"`
	Title         string           `json:"title"`
	Lang          crmflow.Lang     `json:"lang"`
	Revision      int              `json:"revision"`
	Respondents   int              `json:"respondents"`
	Roles         []RoleCount      `json:"roles"`
	Questions     []QuestionResult `json:"questions"`
	Pains         []PainRank       `json:"pains"`
}

// RoleCount is how many respondents of a role answered.
type RoleCount struct {
	Role        string `json:"role"`
	Name        string `json:"name"`
	Respondents int    `json:"respondents"`
}

// QuestionResult is one question's answers aggregated.
type QuestionResult struct {
	Key      string       `json:"key"`
	Role     string       `json:"role"`      // "" for every role
	RoleName string       `json:"role_name"` // "" for every role
	Type     QuestionType `json:"type"`
	Text     string       `json:"text"`
	Required bool         `json:"required"`
	Pain     bool         `json:"pain"`
	Asked    int          `json:"asked"`    // respondents of the roles it was asked of
	Answered int          `json:"answered"` // respondents who answered it
	// Options: choice questions. Percent is of the respondents who answered
	// (for multiple choice the percentages add up to more than 100).
	Options []OptionCount `json:"options"`
	Stats   *NumberStats  `json:"stats"` // rating and number questions
	Texts   []TextAnswer  `json:"texts"` // text questions, in response order
}

// OptionCount is how many respondents chose an option.
type OptionCount struct {
	Option  string  `json:"option"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"` // 0–100, one decimal
}

// NumberStats sums up rating and number answers.
type NumberStats struct {
	Count        int      `json:"count"`
	Mean         float64  `json:"mean"` // two decimals
	Median       float64  `json:"median"`
	Min          float64  `json:"min"`
	Max          float64  `json:"max"`
	Distribution []Bucket `json:"distribution"`
}

// Bucket is one bar of a distribution: ratings 1 to 5, or a range of numbers.
type Bucket struct {
	Label string  `json:"label"`
	From  float64 `json:"from"`
	To    float64 `json:"to"` // inclusive for the last bucket, exclusive otherwise
	Count int     `json:"count"`
}

// TextAnswer is one free-text answer and who gave it.
type TextAnswer struct {
	Text       string `json:"text"`
	Respondent string `json:"respondent"`
	Department string `json:"department"`
	Role       string `json:"role"`
}

// PainRank is a pain point and how many respondents raised it, across every
// role's pain-point question (the same text in several banks counts once per
// respondent).
type PainRank struct {
	Pain    string   `json:"pain"`
	Count   int      `json:"count"`
	Percent float64  `json:"percent"` // of the respondents who answered a pain-point question
	Roles   []string `json:"roles"`   // role names of those who raised it, in questionnaire order
}

// Aggregate computes the results of q's responses in lang.
func Aggregate(q *Questionnaire, responses []Response, lang crmflow.Lang) Results {
	res := Results{Questionnaire: q.ID, Title: q.Title, Lang: lang, Revision: q.Revision, Respondents: len(responses),
		Roles: []RoleCount{}, Questions: []QuestionResult{}, Pains: []PainRank{}}
	byRole := map[string]int{}
	for _, r := range responses {
		byRole[r.Respondent.Role]++
	}
	for _, role := range q.Roles {
		res.Roles = append(res.Roles, RoleCount{Role: role.Key, Name: role.Name(lang), Respondents: byRole[role.Key]})
	}
	for i := range q.Questions {
		res.Questions = append(res.Questions, aggregateQuestion(q, &q.Questions[i], responses, lang, byRole))
	}
	res.Pains = rankPains(q, responses, lang)
	return res
}

func aggregateQuestion(q *Questionnaire, qq *Question, responses []Response, lang crmflow.Lang, byRole map[string]int) QuestionResult {
	qr := QuestionResult{Key: qq.Key, Role: qq.Role, Type: qq.Type, Text: qq.Text.In(lang), Required: qq.Required, Pain: qq.Pain,
		Options: []OptionCount{}, Texts: []TextAnswer{}}
	if role, ok := q.Role(qq.Role); ok {
		qr.RoleName = role.Name(lang)
	}
	for role, n := range byRole {
		if qq.AskedOf(role) {
			qr.Asked += n
		}
	}
	counts := make([]int, len(qq.Options))
	var nums []float64
	for _, r := range responses {
		a, ok := r.Answers[qq.Key]
		if !ok || !qq.AskedOf(r.Respondent.Role) {
			continue
		}
		qr.Answered++
		switch {
		case qq.Type.Choice():
			for _, c := range a.Choices {
				if c >= 1 && c <= len(counts) {
					counts[c-1]++
				}
			}
		case qq.Type == Rating || qq.Type == Number:
			if a.Number != nil {
				nums = append(nums, *a.Number)
			}
		default:
			roleName := r.Respondent.Role
			if role, ok := q.Role(r.Respondent.Role); ok {
				roleName = role.Name(lang)
			}
			qr.Texts = append(qr.Texts, TextAnswer{Text: a.Text, Respondent: r.Respondent.Name, Department: r.Respondent.Department, Role: roleName})
		}
	}
	for i, o := range qq.Options {
		qr.Options = append(qr.Options, OptionCount{Option: o.In(lang), Count: counts[i], Percent: percent(counts[i], qr.Answered)})
	}
	if qq.Type == Rating || qq.Type == Number {
		qr.Stats = numberStats(nums, qq.Type == Rating)
	}
	return qr
}

// percent is n of total in percent, to one decimal; 0 when total is 0.
func percent(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(float64(n)*1000/float64(total)) / 10
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// numberStats sums up numbers: count, mean, median, min, max and a
// distribution (ratings: 1 to 5; numbers: up to five equal ranges).
func numberStats(nums []float64, rating bool) *NumberStats {
	st := &NumberStats{Count: len(nums), Distribution: []Bucket{}}
	if rating {
		for v := 1; v <= 5; v++ {
			st.Distribution = append(st.Distribution, Bucket{Label: strconv.Itoa(v), From: float64(v), To: float64(v)})
		}
	}
	if len(nums) == 0 {
		return st
	}
	sorted := slices.Clone(nums)
	slices.Sort(sorted)
	sum := 0.0
	for _, v := range sorted {
		sum += v
	}
	st.Mean = round2(sum / float64(len(sorted)))
	st.Min, st.Max = sorted[0], sorted[len(sorted)-1]
	if n := len(sorted); n%2 == 1 {
		st.Median = sorted[n/2]
	} else {
		st.Median = round2((sorted[n/2-1] + sorted[n/2]) / 2)
	}
	if rating {
		for _, v := range sorted {
			if i := int(v) - 1; i >= 0 && i < 5 {
				st.Distribution[i].Count++
			}
		}
		return st
	}
	st.Distribution = numberBuckets(sorted)
	return st
}

// numberBuckets splits sorted numbers into at most five ranges of equal,
// round width; whole numbers with few distinct values get one bucket each.
func numberBuckets(sorted []float64) []Bucket {
	lo, hi := sorted[0], sorted[len(sorted)-1]
	distinct := slices.Compact(slices.Clone(sorted))
	whole := true
	for _, v := range distinct {
		whole = whole && v == math.Trunc(v)
	}
	if len(distinct) <= 5 {
		var out []Bucket
		for _, v := range distinct {
			n := 0
			for _, x := range sorted {
				if x == v {
					n++
				}
			}
			out = append(out, Bucket{Label: fmtNum(v), From: v, To: v, Count: n})
		}
		return out
	}
	width := niceWidth((hi - lo) / 5)
	start := math.Floor(lo/width) * width
	var out []Bucket
	for from := start; from <= hi && len(out) < 10; from += width {
		to := from + width
		b := Bucket{From: from, To: to}
		if whole && width >= 1 {
			b.Label = fmtNum(from) + "–" + fmtNum(to-1)
			if width == 1 {
				b.Label = fmtNum(from)
			}
		} else {
			b.Label = fmtNum(from) + "–" + fmtNum(to)
		}
		for _, x := range sorted {
			if x >= from && x < to {
				b.Count++
			}
		}
		out = append(out, b)
	}
	return out
}

// niceWidth rounds w up to 1, 2 or 5 times a power of ten.
func niceWidth(w float64) float64 {
	if w <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(w)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= w {
			return m * p
		}
	}
	return 10 * p
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// rankPains counts, for each pain point text (in lang), the respondents who
// chose it in their role's pain-point question; most raised first, ties in
// the order the pain points first appear in the questionnaire.
func rankPains(q *Questionnaire, responses []Response, lang crmflow.Lang) []PainRank {
	type entry struct {
		rank  PainRank
		who   map[int]bool
		roles map[string]bool
		order int
	}
	byText := map[string]*entry{}
	var order []string
	for _, qq := range q.Questions {
		if !qq.Pain {
			continue
		}
		for _, o := range qq.Options {
			t := o.In(lang)
			if byText[t] == nil {
				byText[t] = &entry{rank: PainRank{Pain: t, Roles: []string{}}, who: map[int]bool{}, roles: map[string]bool{}, order: len(order)}
				order = append(order, t)
			}
		}
	}
	if len(order) == 0 {
		return []PainRank{}
	}
	answered := 0
	for i, r := range responses {
		any := false
		for _, qq := range q.Questions {
			if !qq.Pain || !qq.AskedOf(r.Respondent.Role) {
				continue
			}
			a, ok := r.Answers[qq.Key]
			if !ok {
				continue
			}
			any = true
			for _, c := range a.Choices {
				if c >= 1 && c <= len(qq.Options) {
					e := byText[qq.Options[c-1].In(lang)]
					e.who[i] = true
					e.roles[r.Respondent.Role] = true
				}
			}
		}
		if any {
			answered++
		}
	}
	out := make([]PainRank, 0, len(order))
	for _, t := range order {
		e := byText[t]
		e.rank.Count = len(e.who)
		e.rank.Percent = percent(e.rank.Count, answered)
		for _, role := range q.Roles {
			if e.roles[role.Key] {
				e.rank.Roles = append(e.rank.Roles, role.Name(lang))
			}
		}
		out = append(out, e.rank)
	}
	slices.SortStableFunc(out, func(a, b PainRank) int { return b.Count - a.Count })
	return out
}
