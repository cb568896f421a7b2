package survey

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
)

// FilledCell is one cell read from a filled workbook.
type FilledCell struct {
	Row     int    `json:"row"`
	Text    string `json:"text"`
	Formula bool   `json:"formula"` // the cell holds a formula, which is not read
}

// FilledColumn is one respondent's answer column: the name, department and
// date cells above the questions, and the answers by question key.
type FilledColumn struct {
	Column     string                `json:"column"` // the column letter, E
	Name       FilledCell            `json:"name"`
	Department FilledCell            `json:"department"`
	Date       FilledCell            `json:"date"`
	Answers    map[string]FilledCell `json:"answers"`
}

// FilledSheet is one role's sheet of a filled workbook.
type FilledSheet struct {
	Sheet   string         `json:"sheet"`
	Role    string         `json:"role"`
	Rows    map[string]int `json:"rows"` // question key → row, for every question row in the sheet
	Columns []FilledColumn `json:"columns"`
}

// FilledFile is what a questionnaire workbook holds, as questionnaire.Read (report/questionnaire)
// reads it: raw cell text, nothing validated yet.
type FilledFile struct {
	File          string        `json:"file"`
	Questionnaire string        `json:"questionnaire"` // from the hidden meta sheet
	Revision      int           `json:"revision"`
	Sheets        []FilledSheet `json:"sheets"`
}

// Problem is one thing wrong in a filled workbook, with where it is.
type Problem struct {
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Row      int    `json:"row"`
	Column   string `json:"column"`
	Question string `json:"question"` // the question key, when about one question
	Message  string `json:"message"`
	// Lang is the questionnaire's: the language the problem is said in.
	Lang crmflow.Lang `json:"-"`
}

func (p Problem) Error() string {
	if p.Lang == crmflow.LangZH {
		return p.zh()
	}
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString(", sheet " + p.Sheet)
	}
	if p.Row > 0 {
		b.WriteString(", row " + strconv.Itoa(p.Row))
	}
	if p.Column != "" {
		b.WriteString(", column " + p.Column)
	}
	if p.Question != "" {
		b.WriteString(", question " + p.Question)
	}
	b.WriteString(": " + p.Message)
	return b.String()
}

// PlannedResponse is a response an import would store.
type PlannedResponse struct {
	Response Response `json:"response"`
	Sheet    string   `json:"sheet"`
	Column   string   `json:"column"`
	Replaces bool     `json:"replaces"` // the respondent answered before; --replace replaces it
}

// ImportPlan is what an import would do, or why it cannot.
type ImportPlan struct {
	Questionnaire string            `json:"questionnaire"`
	Revision      int               `json:"revision"`
	Replace       bool              `json:"replace"`
	Responses     []PlannedResponse `json:"responses"`
	Problems      []Problem         `json:"problems"`
}

// Counts returns how many responses are new and how many replace earlier ones.
func (p *ImportPlan) Counts() (added, replaced int) {
	for _, r := range p.Responses {
		if r.Replaces {
			replaced++
		} else {
			added++
		}
	}
	return
}

// PlanImport validates filled workbooks against q and returns every response
// they hold and every problem found (not just the first). existing lists the
// respondents who already answered q. Nothing is stored here.
func PlanImport(q *Questionnaire, existing []Respondent, files []FilledFile, replace bool) *ImportPlan {
	plan := &ImportPlan{Questionnaire: q.ID, Revision: q.Revision, Replace: replace, Responses: []PlannedResponse{}, Problems: []Problem{}}
	answered := map[string]bool{}
	for _, r := range existing {
		answered[r.Role+"\x00"+NameKey(r.Name)] = true
	}
	type place struct{ file, sheet, column string }
	seen := map[string]place{}
	lang := q.Lang
	for _, f := range files {
		prob := func(sheet string, row int, col, key, format string, args ...any) {
			plan.Problems = append(plan.Problems, Problem{File: f.File, Sheet: sheet, Row: row, Column: col, Question: key,
				Message: fmt.Sprintf(format, args...), Lang: lang})
		}
		switch {
		case f.Questionnaire == "":
			prob("", 0, "", "", say(lang, "工作簿没有写明属于哪份问卷（隐藏的 _crmflow 工作表缺失或被改动）；请用 crmflow survey export %s 重新导出",
				"the workbook does not say which questionnaire it belongs to (its hidden _crmflow sheet is missing or was changed); export it again with crmflow survey export %s"), q.ID)
			continue
		case f.Questionnaire != q.ID:
			prob("", 0, "", "", say(lang, "这个工作簿属于问卷 %s，不是 %s", "this workbook belongs to questionnaire %s, not %s"), f.Questionnaire, q.ID)
			continue
		case f.Revision != q.Revision:
			prob("", 0, "", "", say(lang, "这个工作簿导出自 %[2]s 的第 %[1]d 版，此后题目已改动（现为第 %[3]d 版）；请重新导出并重新填写，或把答案复制到新的工作簿",
				"this workbook was exported at revision %d of %s, but the questions have changed since (revision %d); export it again and have it filled in again, or copy the answers into the new workbook"),
				f.Revision, q.ID, q.Revision)
			continue
		}
		found := 0
		for _, s := range f.Sheets {
			role, ok := q.Role(s.Role)
			if !ok {
				prob(s.Sheet, 0, "", "", say(lang, "该工作表对应角色“%s”，问卷 %s 中没有这个角色", "the sheet is for role %q, which questionnaire %s does not have"), s.Role, q.ID)
				continue
			}
			asked := q.QuestionsFor(role.Key)
			for _, key := range keysByRow(s.Rows) {
				row := s.Rows[key]
				if qq, ok := q.Question(key); !ok || !qq.AskedOf(role.Key) {
					prob(s.Sheet, row, "", key, say(lang, "隐藏的题目编号不是 %s 中问 %s 的题目；请不要改动隐藏的 A 列", "the hidden question key is not a question of %s for %s; do not change the hidden column A"), q.ID, role.Key)
				}
			}
			for _, c := range s.Columns {
				found++
				r := Response{Questionnaire: q.ID, Revision: q.Revision, File: f.File, Answers: map[string]Answer{},
					Respondent: Respondent{Role: role.Key, Name: strings.TrimSpace(c.Name.Text), Department: strings.TrimSpace(c.Department.Text)}}
				ok := true
				for _, fc := range []FilledCell{c.Name, c.Department, c.Date} {
					if fc.Formula {
						prob(s.Sheet, fc.Row, c.Column, "", "%s", say(lang, "单元格里是公式；公式不会被读回：请直接填写值", "the cell holds a formula; formulas are not read back: type the value itself"))
						ok = false
					}
				}
				if r.Respondent.Name == "" {
					prob(s.Sheet, c.Name.Row, c.Column, "", "%s", say(lang, "缺少答卷人姓名：每个填写了答案的列都须有姓名", "the respondent's name is missing: every filled answer column needs a name"))
					ok = false
				}
				if d, err := ParseDate(c.Date.Text); err != nil {
					prob(s.Sheet, c.Date.Row, c.Column, "", "%s", dateProblem(lang, c.Date.Text, err))
					ok = false
				} else {
					r.Respondent.Date = d
				}
				for i := range asked {
					qq := &asked[i]
					cell, has := c.Answers[qq.Key]
					row := s.Rows[qq.Key]
					if has && cell.Row > 0 {
						row = cell.Row
					}
					a, given, msg := ParseAnswer(qq, cell.Text, lang)
					if err := crmflow.CheckText("the answer", cell.Text); err != nil && msg == "" {
						msg = err.(*crmflow.Error).Message
					}
					if cell.Formula {
						msg = say(lang, "单元格里是公式；公式不会被读回：请直接填写答案", "the cell holds a formula; formulas are not read back: type the answer itself")
					}
					switch {
					case msg != "":
						prob(s.Sheet, row, c.Column, qq.Key, "%s", msg)
						ok = false
					case given:
						r.Answers[qq.Key] = a
					case qq.Required:
						if _, inSheet := s.Rows[qq.Key]; !inSheet {
							prob(s.Sheet, 0, c.Column, qq.Key, "%s", say(lang, "工作表中没有这道必答题的行；请重新导出问卷", "the sheet has no row for this required question; export the questionnaire again"))
						} else {
							prob(s.Sheet, row, c.Column, qq.Key, "%s", say(lang, "必答题没有回答", "a required answer is missing"))
						}
						ok = false
					}
				}
				if r.Respondent.Name == "" {
					continue
				}
				id := role.Key + "\x00" + NameKey(r.Respondent.Name)
				if p, dup := seen[id]; dup {
					prob(s.Sheet, c.Name.Row, c.Column, "", say(lang, "%s（%s）在这次导入中出现了两次：另见 %s，工作表“%s”，%s 列；请只保留一份", "%s (%s) is in this import twice: also %s, sheet %s, column %s; keep one"),
						r.Respondent.Name, role.Name(lang), p.file, p.sheet, p.column)
					continue
				}
				seen[id] = place{f.File, s.Sheet, c.Column}
				replaces := answered[id]
				if replaces && !replace {
					prob(s.Sheet, c.Name.Row, c.Column, "", say(lang, "%s（%s）已经回答过 %s；要替换之前的答卷，请加上 --replace", "%s (%s) has already answered %s; use --replace to replace those answers"),
						r.Respondent.Name, role.Name(lang), q.ID)
					continue
				}
				if ok {
					plan.Responses = append(plan.Responses, PlannedResponse{Response: r, Sheet: s.Sheet, Column: c.Column, Replaces: replaces})
				}
			}
		}
		if found == 0 {
			prob("", 0, "", "", "%s", say(lang, "没有填写了答案的列：请在角色工作表的答案列中填写答卷人姓名和答案", "no filled answer column: write the respondent's name and answers in the answer columns of a role sheet"))
		}
	}
	return plan
}

// keysByRow lists the keys of rows in row order.
func keysByRow(rows map[string]int) []string {
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if rows[a] != rows[b] {
			return rows[a] - rows[b]
		}
		return strings.Compare(a, b)
	})
	return keys
}

// ProblemsError sums up an import's problems as one error.
func ProblemsError(n int) error {
	return crmflow.Errorf(crmflow.EINVALID, "%d %s found; nothing was imported", n, plural(n, "problem", "problems")).
		In("survey.import").With("problem", "cells").With("count", strconv.Itoa(n))
}

// zh is Error in Chinese: the same file, sheet, row, column and question.
func (p Problem) zh() string {
	parts := []string{p.File}
	if p.Sheet != "" {
		parts = append(parts, "工作表“"+p.Sheet+"”")
	}
	if p.Row > 0 {
		parts = append(parts, "第 "+strconv.Itoa(p.Row)+" 行")
	}
	if p.Column != "" {
		parts = append(parts, p.Column+" 列")
	}
	if p.Question != "" {
		parts = append(parts, "题目 "+p.Question)
	}
	return strings.Join(parts, "，") + "：" + p.Message
}

// dateProblem says why raw is not a date, in lang.
func dateProblem(lang crmflow.Lang, raw string, err error) string {
	if lang != crmflow.LangZH {
		return err.Error()
	}
	s := strings.TrimSpace(raw)
	var facts map[string]string
	var ce *crmflow.Error
	if _, perr := crmflow.ParseDate(s); errors.As(perr, &ce) {
		facts = ce.Facts
	}
	return fmt.Sprintf("“%s”不是有效日期：%s", s, crmflow.DateWhyZH(facts))
}
