// Package survey holds questionnaires (问卷调研): role question banks,
// questionnaires built from them, respondents and their responses, the
// validation of answers read back from filled workbooks, and the pure
// aggregation of results. Workbooks and documents are written and read by
// report/; the store is sqlite/.
package survey

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
)

// QuestionType is how a question is answered.
type QuestionType string

// The question types.
const (
	Single QuestionType = "single" // one option
	Multi  QuestionType = "multi"  // any number of options
	Rating QuestionType = "rating" // a whole number from 1 to 5
	Number QuestionType = "number" // any number
	Text   QuestionType = "text"   // free text
)

// QuestionTypes lists every type.
var QuestionTypes = []QuestionType{Single, Multi, Rating, Number, Text}

// ParseQuestionType accepts a type's name and a few spellings of it.
func ParseQuestionType(s string) (QuestionType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "single", "choice", "single-choice", "单选":
		return Single, nil
	case "multi", "multiple", "multi-choice", "multiple-choice", "多选":
		return Multi, nil
	case "rating", "scale", "评分":
		return Rating, nil
	case "number", "numeric", "数字", "数值":
		return Number, nil
	case "text", "open", "文本":
		return Text, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "question type %q is not one of single, multi, rating, number, text", s)
}

// Choice reports whether answers pick from options.
func (t QuestionType) Choice() bool { return t == Single || t == Multi }

// Name is the type's name in lang.
func (t QuestionType) Name(lang crmflow.Lang) string {
	zh := map[QuestionType]string{Single: "单选", Multi: "多选", Rating: "评分 1–5", Number: "数字", Text: "文本"}
	en := map[QuestionType]string{Single: "single choice", Multi: "multiple choice", Rating: "rating 1–5", Number: "number", Text: "text"}
	if lang == crmflow.LangEN {
		return en[t]
	}
	return zh[t]
}

// Bilingual is a text in Chinese and English.
type Bilingual struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the text in lang, falling back to the other language.
func (b Bilingual) In(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		if b.EN != "" {
			return b.EN
		}
		return b.ZH
	}
	if b.ZH != "" {
		return b.ZH
	}
	return b.EN
}

// Role is a respondent role (销售代表, 市场 ...): a question bank's key and names.
type Role struct {
	Key string `json:"key"`
	ZH  string `json:"zh"`
	EN  string `json:"en"`
}

// Name is the role's name in lang.
func (r Role) Name(lang crmflow.Lang) string { return Bilingual{r.ZH, r.EN}.In(lang) }

// Question is one question of a questionnaire. Its key is stable
// (sales-rep.visits-per-week); answers are stored by it.
type Question struct {
	Key      string       `json:"key"`
	Role     string       `json:"role"` // the role it is asked of; "" for every role
	Type     QuestionType `json:"type"`
	Text     Bilingual    `json:"text"`
	Options  []Bilingual  `json:"options"` // choice types only
	Required bool         `json:"required"`
	Pain     bool         `json:"pain"` // a multiple-choice pain-point question, ranked in the results
}

// AskedOf reports whether the question is asked of role.
func (q *Question) AskedOf(role string) bool { return q.Role == "" || q.Role == role }

// Questionnaire is a survey handed out to several roles.
type Questionnaire struct {
	ID        string       `json:"id"` // Q-001, assigned by the store
	Title     string       `json:"title"`
	Lang      crmflow.Lang `json:"lang"`
	Roles     []Role       `json:"roles"`
	Questions []Question   `json:"questions"`
	// Revision is bumped whenever the questions change; exported workbooks
	// carry it, and an import of an older revision is refused.
	Revision  int       `json:"revision"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Role returns the questionnaire's role with key.
func (q *Questionnaire) Role(key string) (Role, bool) {
	for _, r := range q.Roles {
		if r.Key == key {
			return r, true
		}
	}
	return Role{}, false
}

// Question returns the question with key.
func (q *Questionnaire) Question(key string) (*Question, bool) {
	for i := range q.Questions {
		if q.Questions[i].Key == key {
			return &q.Questions[i], true
		}
	}
	return nil, false
}

// QuestionsFor lists the questions asked of role, in order.
func (q *Questionnaire) QuestionsFor(role string) []Question {
	var out []Question
	for _, x := range q.Questions {
		if x.AskedOf(role) {
			out = append(out, x)
		}
	}
	return out
}

// Respondent is the person who filled one answer column.
type Respondent struct {
	Name       string `json:"name"`
	Department string `json:"department"`
	Role       string `json:"role"`
	Date       string `json:"date"` // YYYY-MM-DD, or ""
}

// Answer is one validated answer. Choices are 1-based option numbers.
type Answer struct {
	Choices []int    `json:"choices,omitempty"`
	Number  *float64 `json:"number,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// Response is one respondent's answers to a questionnaire, by question key.
type Response struct {
	Questionnaire string            `json:"questionnaire"`
	Respondent    Respondent        `json:"respondent"`
	Answers       map[string]Answer `json:"answers"`
	File          string            `json:"file"` // the workbook it was read from
	Revision      int               `json:"revision"`
	ImportedAt    time.Time         `json:"imported_at,omitzero"` // zero until imported (a dry run)
}

// Encode writes an answer as the one string the store keeps: option numbers
// joined by commas, a number in its shortest form, or the text.
func (a Answer) Encode(t QuestionType) string {
	switch {
	case t.Choice():
		parts := make([]string, len(a.Choices))
		for i, c := range a.Choices {
			parts[i] = strconv.Itoa(c)
		}
		return strings.Join(parts, ",")
	case t == Rating || t == Number:
		if a.Number == nil {
			return ""
		}
		return strconv.FormatFloat(*a.Number, 'f', -1, 64)
	}
	return a.Text
}

// DecodeAnswer reads what Encode wrote.
func DecodeAnswer(t QuestionType, s string) (Answer, error) {
	switch {
	case t.Choice():
		var a Answer
		for _, p := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return Answer{}, fmt.Errorf("stored choice %q is not an option number", s)
			}
			a.Choices = append(a.Choices, n)
		}
		return a, nil
	case t == Rating || t == Number:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return Answer{}, fmt.Errorf("stored number %q: %w", s, err)
		}
		return Answer{Number: &f}, nil
	}
	return Answer{Text: s}, nil
}

// NameKey is how respondents' names are compared: width-folded, lower case,
// without spaces. 张 三 and 张三 are the same person.
func NameKey(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(foldWidth(name))), "")
}
