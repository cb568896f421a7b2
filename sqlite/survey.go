package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/survey"
)

// Surveys is the survey.Store on this database.
func (db *DB) Surveys() survey.Store { return surveyStore{db} }

type surveyStore struct{ db *DB }

func questionnaireNotFound(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "questionnaire %s does not exist", id).About(crmflow.KindQuestionnaire.Noun, id)
}

const questionnaireColumns = "id, title, lang, roles, revision, created_at, updated_at"

func scanQuestionnaire(s scanner) (survey.Questionnaire, error) {
	var q survey.Questionnaire
	var roles, created, updated string
	if err := s.Scan(&q.ID, &q.Title, &q.Lang, &roles, &q.Revision, &created, &updated); err != nil {
		return q, err
	}
	if err := json.Unmarshal([]byte(roles), &q.Roles); err != nil {
		return q, fmt.Errorf("%s: roles: %w", q.ID, err)
	}
	q.CreatedAt, q.UpdatedAt = parseTime(created), parseTime(updated)
	q.Questions = []survey.Question{}
	return q, nil
}

// loadQuestions fills in the questions of qs (by ID).
func loadQuestions(ctx context.Context, db querier, qs []*survey.Questionnaire) error {
	if len(qs) == 0 {
		return nil
	}
	byID := map[string]*survey.Questionnaire{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	query := "SELECT questionnaire_id, key, role, type, text_zh, text_en, options, required, pain FROM survey_questions"
	var args []any
	if len(qs) == 1 {
		query += " WHERE questionnaire_id = ?"
		args = append(args, qs[0].ID)
	}
	rows, err := db.QueryContext(ctx, query+" ORDER BY questionnaire_id, position", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, opts string
		var x survey.Question
		if err := rows.Scan(&id, &x.Key, &x.Role, &x.Type, &x.Text.ZH, &x.Text.EN, &opts, &x.Required, &x.Pain); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(opts), &x.Options); err != nil {
			return fmt.Errorf("%s %s: options: %w", id, x.Key, err)
		}
		if q := byID[id]; q != nil {
			q.Questions = append(q.Questions, x)
		}
	}
	return rows.Err()
}

func getQuestionnaire(ctx context.Context, db querier, id string) (survey.Questionnaire, error) {
	q, err := scanQuestionnaire(db.QueryRowContext(ctx, "SELECT "+questionnaireColumns+" FROM questionnaires WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return q, questionnaireNotFound(id)
	}
	if err != nil {
		return q, err
	}
	return q, loadQuestions(ctx, db, []*survey.Questionnaire{&q})
}

func insertQuestions(tx *Tx, q *survey.Questionnaire, from int) error {
	stmt, err := tx.PrepareContext(tx.ctx, "INSERT INTO survey_questions(questionnaire_id, position, key, role, type, text_zh, text_en, options, required, pain) VALUES (?,?,?,?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := from; i < len(q.Questions); i++ {
		x := q.Questions[i]
		opts := x.Options
		if opts == nil {
			opts = []survey.Bilingual{}
		}
		if _, err := stmt.ExecContext(tx.ctx, q.ID, i+1, x.Key, x.Role, string(x.Type), x.Text.ZH, x.Text.EN, mustJSON(opts), x.Required, x.Pain); err != nil {
			return err
		}
	}
	return nil
}

func (s surveyStore) CreateQuestionnaire(ctx context.Context, q *survey.Questionnaire) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		n, err := tx.nextID("Q")
		if err != nil {
			return err
		}
		q.ID = crmflow.KindQuestionnaire.Format(n)
		q.Revision = 1
		q.CreatedAt, q.UpdatedAt = tx.now, tx.now
		if _, err := tx.Exec("INSERT INTO questionnaires(seq, "+questionnaireColumns+") VALUES (?,?,?,?,?,?,?,?)",
			n, q.ID, q.Title, string(q.Lang), mustJSON(q.Roles), q.Revision, formatTime(q.CreatedAt), formatTime(q.UpdatedAt)); err != nil {
			return err
		}
		if err := insertQuestions(tx, q, 0); err != nil {
			return err
		}
		return tx.Record(q.ID, "create", nil, q)
	})
}

func (s surveyStore) Questionnaire(ctx context.Context, id string) (survey.Questionnaire, error) {
	return getQuestionnaire(ctx, s.db.sql, id)
}

func (s surveyStore) Questionnaires(ctx context.Context) ([]survey.Questionnaire, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+questionnaireColumns+" FROM questionnaires ORDER BY seq")
	if err != nil {
		return nil, err
	}
	var out []survey.Questionnaire
	for rows.Next() {
		q, err := scanQuestionnaire(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*survey.Questionnaire, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := loadQuestions(ctx, s.db.sql, ptrs); err != nil {
		return nil, err
	}
	if out == nil {
		out = []survey.Questionnaire{}
	}
	return out, nil
}

func (s surveyStore) UpdateQuestionnaire(ctx context.Context, id string, fn func(*survey.Questionnaire) error) (survey.Questionnaire, error) {
	var out survey.Questionnaire
	err := s.db.withTx(ctx, func(tx *Tx) error {
		before, err := getQuestionnaire(ctx, tx, id)
		if err != nil {
			return err
		}
		q := before
		q.Questions = slices.Clone(before.Questions)
		q.Roles = slices.Clone(before.Roles)
		if err := fn(&q); err != nil {
			return err
		}
		q.ID, q.CreatedAt, q.Revision = before.ID, before.CreatedAt, before.Revision
		changed := len(q.Questions) != len(before.Questions)
		for i := 0; !changed && i < len(q.Questions); i++ {
			changed = mustJSON(q.Questions[i]) != mustJSON(before.Questions[i])
		}
		if !changed && q.Title == before.Title && q.Lang == before.Lang && mustJSON(q.Roles) == mustJSON(before.Roles) {
			out = before
			return nil
		}
		if changed {
			q.Revision++
			if _, err := tx.Exec("DELETE FROM survey_questions WHERE questionnaire_id = ?", q.ID); err != nil {
				return err
			}
			if err := insertQuestions(tx, &q, 0); err != nil {
				return err
			}
		}
		q.UpdatedAt = tx.now
		if _, err := tx.Exec("UPDATE questionnaires SET title=?, lang=?, roles=?, revision=?, updated_at=? WHERE id=?",
			q.Title, string(q.Lang), mustJSON(q.Roles), q.Revision, formatTime(q.UpdatedAt), q.ID); err != nil {
			return err
		}
		out = q
		return tx.Record(q.ID, "update", before, q)
	})
	return out, err
}

func (s surveyStore) ResponseCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT questionnaire_id, count(*) FROM survey_responses GROUP BY questionnaire_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

func (s surveyStore) Respondents(ctx context.Context, id string) ([]survey.Respondent, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT name, department, role, date FROM survey_responses WHERE questionnaire_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []survey.Respondent{}
	for rows.Next() {
		var r survey.Respondent
		if err := rows.Scan(&r.Name, &r.Department, &r.Role, &r.Date); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s surveyStore) Responses(ctx context.Context, id string) ([]survey.Response, error) {
	var out []survey.Response
	err := s.db.readSnapshot(ctx, func(q querier) error {
		var err error
		out, err = readResponses(ctx, q, id)
		return err
	})
	return out, err
}

// readResponses reads a questionnaire's responses with their answers.
func readResponses(ctx context.Context, q querier, id string) ([]survey.Response, error) {
	qn, err := getQuestionnaire(ctx, q, id)
	if err != nil {
		return nil, err
	}
	types := map[string]survey.QuestionType{}
	for _, x := range qn.Questions {
		types[x.Key] = x.Type
	}
	// Two queries rather than one join: the join repeats the respondent's
	// columns on every answer row and sorts them all in a temporary b-tree;
	// here the respondents sort (2,000 rows) and the answers come in index
	// order, merged by response id.
	rows, err := q.QueryContext(ctx, `SELECT id, name, department, role, date, file, revision, imported_at
		FROM survey_responses WHERE questionnaire_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []survey.Response{}
	ids := []int64{}
	for rows.Next() {
		var rid int64
		var r survey.Respondent
		var file, imported string
		var rev int
		if err := rows.Scan(&rid, &r.Name, &r.Department, &r.Role, &r.Date, &file, &rev, &imported); err != nil {
			return nil, err
		}
		ids = append(ids, rid)
		out = append(out, survey.Response{Questionnaire: id, Respondent: r, File: file, Revision: rev,
			ImportedAt: parseTime(imported), Answers: map[string]survey.Answer{}})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	answers, err := q.QueryContext(ctx, `SELECT response_id, question_key, value FROM survey_answers
		WHERE response_id IN (SELECT id FROM survey_responses WHERE questionnaire_id = ?)
		ORDER BY response_id, question_key`, id)
	if err != nil {
		return nil, err
	}
	defer answers.Close()
	at := 0 // index into ids/out of the response being filled
	for answers.Next() {
		var rid int64
		var key, value string
		if err := answers.Scan(&rid, &key, &value); err != nil {
			return nil, err
		}
		for at < len(ids) && ids[at] < rid {
			at++
		}
		if at == len(ids) || ids[at] != rid {
			continue // a response added between the two reads: not part of these results
		}
		t, ok := types[key]
		if !ok {
			continue // a question removed since: not part of the results
		}
		a, err := survey.DecodeAnswer(t, value)
		if err != nil {
			return nil, fmt.Errorf("%s, %s, %s: %w", id, out[at].Respondent.Name, key, err)
		}
		out[at].Answers[key] = a
	}
	return out, answers.Err()
}

// auditResponse is what the audit log records of a stored response.
type auditResponse struct {
	Role       string            `json:"role"`
	Name       string            `json:"name"`
	Department string            `json:"department"`
	Date       string            `json:"date"`
	File       string            `json:"file"`
	Replaced   bool              `json:"replaced"`
	Answers    map[string]string `json:"answers"`
}

func (s surveyStore) SaveResponses(ctx context.Context, id string, revision int, rs []survey.Response, replace bool) error {
	return s.db.withTx(ctx, func(tx *Tx) error {
		q, err := getQuestionnaire(ctx, tx, id)
		if err != nil {
			return err
		}
		if q.Revision != revision {
			return crmflow.Errorf(crmflow.ECONFLICT, "questionnaire %s changed while the files were read (now revision %d); nothing was imported", id, q.Revision).
				In("survey.import").About(crmflow.KindQuestionnaire.Noun, id).With("problem", "stale")
		}
		types := map[string]survey.QuestionType{}
		for _, x := range q.Questions {
			types[x.Key] = x.Type
		}
		find, err := tx.PrepareContext(ctx, "SELECT id FROM survey_responses WHERE questionnaire_id = ? AND role = ? AND name_key = ?")
		if err != nil {
			return err
		}
		defer find.Close()
		del, err := tx.PrepareContext(ctx, "DELETE FROM survey_responses WHERE id = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		ins, err := tx.PrepareContext(ctx, "INSERT INTO survey_responses(questionnaire_id, role, name, name_key, department, date, file, revision, imported_at) VALUES (?,?,?,?,?,?,?,?,?)")
		if err != nil {
			return err
		}
		defer ins.Close()
		ans, err := tx.PrepareContext(ctx, "INSERT INTO survey_answers(response_id, question_key, value) VALUES (?,?,?)")
		if err != nil {
			return err
		}
		defer ans.Close()
		at := formatTime(tx.now)
		audit := make([]auditResponse, 0, len(rs))
		for _, r := range rs {
			p := r.Respondent
			key := survey.NameKey(p.Name)
			var old int64
			err := find.QueryRowContext(ctx, id, p.Role, key).Scan(&old)
			switch {
			case err == nil && !replace:
				return crmflow.Errorf(crmflow.ECONFLICT, "%s (%s) has already answered %s; nothing was imported", p.Name, p.Role, id).
					In("survey.import").About(crmflow.KindQuestionnaire.Noun, id).With("problem", "answered")
			case err == nil:
				if _, err := del.ExecContext(ctx, old); err != nil {
					return err
				}
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			res, err := ins.ExecContext(ctx, id, p.Role, p.Name, key, p.Department, p.Date, r.File, revision, at)
			if err != nil {
				return err
			}
			rid, err := res.LastInsertId()
			if err != nil {
				return err
			}
			ar := auditResponse{Role: p.Role, Name: p.Name, Department: p.Department, Date: p.Date, File: r.File, Replaced: old != 0,
				Answers: make(map[string]string, len(r.Answers))}
			for k, a := range r.Answers {
				t, ok := types[k]
				if !ok {
					return crmflow.Errorf(crmflow.EINVALID, "%s has no question %s", id, k)
				}
				v := a.Encode(t)
				if _, err := ans.ExecContext(ctx, rid, k, v); err != nil {
					return err
				}
				ar.Answers[k] = v
			}
			audit = append(audit, ar)
		}
		return tx.Record(id, "import", nil, map[string]any{"revision": revision, "replace": replace, "responses": audit})
	})
}
