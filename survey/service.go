package survey

import (
	"context"
	"fmt"
	"strings"

	"github.com/crmflow/crmflow"
)

// Service holds the rules for questionnaires; the CLI calls it.
type Service struct {
	Store Store
	Banks Banks
}

// New creates a questionnaire from the banks of roles (keys or names), in
// lang, with every question of those banks.
func (s *Service) New(ctx context.Context, title string, roles []string, lang crmflow.Lang) (Questionnaire, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return Questionnaire{}, crmflow.Errorf(crmflow.EINVALID, "the questionnaire needs a title").
			In("survey.new").With("missing", "title")
	}
	if lang != crmflow.LangEN {
		lang = crmflow.LangZH
	}
	if len(roles) == 0 {
		return Questionnaire{}, crmflow.Errorf(crmflow.EINVALID, "name at least one role template with --template").
			In("survey.new").With("missing", "template")
	}
	q := Questionnaire{Title: title, Lang: lang, Roles: []Role{}, Questions: []Question{}}
	for _, ref := range roles {
		b, ok := s.Banks.Bank(ref)
		if !ok {
			return Questionnaire{}, crmflow.Errorf(crmflow.EINVALID, "there is no role template %q (templates: %s)", ref, strings.Join(s.Banks.Keys(), ", ")).
				In("survey.new").About("role template", ref).With("templates", strings.Join(s.Banks.Keys(), ", "))
		}
		if _, dup := q.Role(b.Role.Key); dup {
			continue
		}
		q.Roles = append(q.Roles, b.Role)
		q.Questions = append(q.Questions, b.For(lang)...)
	}
	if err := s.Store.CreateQuestionnaire(ctx, &q); err != nil {
		return Questionnaire{}, err
	}
	return q, nil
}

// QuestionInput is a question a person adds to a questionnaire.
type QuestionInput struct {
	Text     string
	Type     QuestionType
	Role     string   // role key or name; "" asks every role (or the only one)
	Options  []string // choice types
	Optional bool
	Pain     bool
}

// AddQuestion adds a question to questionnaire id and bumps its revision.
// The question's text and options are taken as written for both languages.
func (s *Service) AddQuestion(ctx context.Context, id string, in QuestionInput) (Questionnaire, Question, error) {
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return Questionnaire{}, Question{}, crmflow.Errorf(crmflow.EINVALID, "the question text is empty")
	}
	opts := []Bilingual{}
	for _, o := range in.Options {
		if o = strings.TrimSpace(o); o != "" {
			opts = append(opts, Bilingual{ZH: o, EN: o})
		}
	}
	switch {
	case in.Type.Choice() && len(opts) < 2:
		return Questionnaire{}, Question{}, crmflow.Errorf(crmflow.EINVALID, "a %s question needs at least two --options", in.Type).
			In("survey.question.add").About(crmflow.KindQuestionnaire.Noun, id).With("type", string(in.Type))
	case !in.Type.Choice() && len(opts) > 0:
		return Questionnaire{}, Question{}, crmflow.Errorf(crmflow.EINVALID, "a %s question takes no --options (only single and multi do)", in.Type)
	case in.Pain && in.Type != Multi:
		return Questionnaire{}, Question{}, crmflow.Errorf(crmflow.EINVALID, "a pain-point question must be --type multi")
	}
	if err := checkOptions(opts); err != nil {
		return Questionnaire{}, Question{}, crmflow.Errorf(crmflow.EINVALID, "--options: %v", err)
	}
	for i, o := range opts {
		if _, bad := parseMulti(&Question{Options: opts[i : i+1]}, o.ZH); in.Type == Multi && len(bad) > 0 {
			return Questionnaire{}, Question{}, crmflow.Errorf(crmflow.EINVALID, "--options: option %d (%s) cannot be told apart in an answer", i+1, o.ZH)
		}
	}
	var added Question
	q, err := s.Store.UpdateQuestionnaire(ctx, id, func(q *Questionnaire) error {
		role := ""
		switch {
		case in.Role != "":
			r, ok := findRole(q, in.Role)
			if !ok {
				keys := make([]string, len(q.Roles))
				for i, r := range q.Roles {
					keys[i] = r.Key
				}
				return crmflow.Errorf(crmflow.EINVALID, "questionnaire %s has no role %q (its roles: %s)", q.ID, in.Role, strings.Join(keys, ", "))
			}
			role = r.Key
		case len(q.Roles) == 1:
			role = q.Roles[0].Key
		}
		prefix := role
		if prefix == "" {
			prefix = "all"
		}
		n := 1
		for {
			key := fmt.Sprintf("%s.custom-%d", prefix, n)
			if _, taken := q.Question(key); !taken {
				added = Question{Key: key, Role: role, Type: in.Type, Text: Bilingual{ZH: text, EN: text}, Options: opts,
					Required: !in.Optional, Pain: in.Pain}
				break
			}
			n++
		}
		for _, x := range q.Questions {
			if x.Role == role && foldAnswer(x.Text.In(q.Lang)) == foldAnswer(text) {
				return crmflow.Errorf(crmflow.ECONFLICT, "%s already asks %q (%s)", q.ID, text, x.Key)
			}
		}
		q.Questions = append(q.Questions, added)
		return nil
	})
	return q, added, err
}

func findRole(q *Questionnaire, ref string) (Role, bool) {
	k := foldAnswer(ref)
	for _, r := range q.Roles {
		if k == r.Key || k == foldAnswer(r.ZH) || k == foldAnswer(r.EN) {
			return r, true
		}
	}
	return Role{}, false
}

// Resolve finds a questionnaire by ID (Q-001, q1, 1) or exact title.
func (s *Service) Resolve(ctx context.Context, ref string) (Questionnaire, error) {
	if id, ok := crmflow.KindQuestionnaire.NormalizeRef(ref); ok {
		return s.Store.Questionnaire(ctx, id)
	}
	all, err := s.Store.Questionnaires(ctx)
	if err != nil {
		return Questionnaire{}, err
	}
	var found []Questionnaire
	for _, q := range all {
		if q.Title == strings.TrimSpace(ref) {
			found = append(found, q)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Questionnaire{}, crmflow.Errorf(crmflow.ENOTFOUND, "no questionnaire has the ID or title %q", ref).About(crmflow.KindQuestionnaire.Noun, "").With("ref", ref)
	}
	return Questionnaire{}, crmflow.Errorf(crmflow.EINVALID, "%q is the title of %d questionnaires; name one by ID", ref, len(found)).
		About(crmflow.KindQuestionnaire.Noun, "").With("problem", "ambiguous")
}

// PlanImport validates filled workbooks for questionnaire q against the
// store's respondents. Nothing is written.
func (s *Service) PlanImport(ctx context.Context, q *Questionnaire, files []FilledFile, replace bool) (*ImportPlan, error) {
	existing, err := s.Store.Respondents(ctx, q.ID)
	if err != nil {
		return nil, err
	}
	return PlanImport(q, existing, files, replace), nil
}

// ApplyImport stores a plan without problems, in one transaction.
func (s *Service) ApplyImport(ctx context.Context, plan *ImportPlan) error {
	if len(plan.Problems) > 0 {
		return ProblemsError(len(plan.Problems))
	}
	rs := make([]Response, len(plan.Responses))
	for i, p := range plan.Responses {
		rs[i] = p.Response
	}
	return s.Store.SaveResponses(ctx, plan.Questionnaire, plan.Revision, rs, plan.Replace)
}

// Results aggregates questionnaire q's responses in lang, and returns them too.
func (s *Service) Results(ctx context.Context, q *Questionnaire, lang crmflow.Lang) (Results, []Response, error) {
	rs, err := s.Store.Responses(ctx, q.ID)
	if err != nil {
		return Results{}, nil, err
	}
	return Aggregate(q, rs, lang), rs, nil
}
