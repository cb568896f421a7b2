package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/survey"
)

// SurveyTitle is the demo questionnaire's title.
const SurveyTitle = "快消销售团队调研"

// surveyRoles are the roles the demo questionnaire is handed to, with how
// many people of each answer it.
var surveyRoles = []struct {
	key string
	n   int
}{{"sales-rep", 30}, {"sales-director", 6}, {"marketing", 8}}

// demoWeights bias choice questions toward what the seed describes: reps keep
// visit records in Excel, fill them in at month-end and lose them. Keys are
// question keys; values are option weights in bank order.
var demoWeights = map[string][]int{
	"sales-rep.visit-record-tool":     {70, 12, 14, 4, 2},
	"sales-rep.record-delay":          {5, 20, 25, 50},
	"sales-rep.records-lost":          {10, 50, 40},
	"sales-rep.pain-points":           {85, 60, 55, 35, 20, 45},
	"sales-rep.customer-fields":       {95, 90, 60, 40, 55, 15},
	"sales-rep.reminders":             {80, 40, 50, 10},
	"sales-director.metrics":          {70, 60, 75, 90, 55, 85},
	"sales-director.report-source":    {75, 10, 15, 0},
	"sales-director.pain-points":      {85, 80, 60, 55, 30, 40},
	"sales-director.handover":         {15, 50, 35},
	"sales-director.funnel-stages":    {20, 45, 10, 25},
	"sales-director.hidden-data":      {70, 85, 80, 30},
	"marketing.lead-channels":         {70, 80, 40, 55, 35, 60},
	"marketing.roi-measured":          {5, 40, 55},
	"marketing.pain-points":           {85, 70, 55, 45, 40, 20},
	"marketing.segmentation":          {60, 40, 80, 70, 25},
	"marketing.integrations":          {60, 75, 40, 20, 35},
	"sales-rep.mobile-importance":     {0, 2, 8, 30, 60},
	"sales-director.visit-visibility": {35, 40, 20, 5, 0},
	"marketing.lead-feedback":         {40, 35, 20, 5, 0},
}

// demoNumbers are ranges for number questions: low, high.
var demoNumbers = map[string][2]int{
	"sales-rep.visits-per-week":       {6, 25},
	"sales-director.team-size":        {8, 40},
	"sales-director.report-hours":     {6, 30},
	"marketing.leads-per-month":       {150, 900},
	"marketing.campaigns-per-quarter": {2, 12},
	"satisfaction.days-used":          {2, 5},
}

var demoTexts = map[string][]string{
	"sales-rep.time-consuming": {"月底把纸质拜访记录补录进 Excel", "每周给主管汇总拜访表", "找客户的历史联系记录", "同一客户的信息在几个表里反复填",
		"出差回来补录门店陈列照片和拜访情况", "核对客户电话和地址"},
	"sales-director.success":   {"拜访记录当天可见，丢失率降到 5% 以下", "周报不用再手工汇总", "销售离职时客户能完整交接", "漏斗数据可信，能做月度预测"},
	"marketing.weekly-reports": {"各渠道线索数量和转化率", "活动投入产出对比", "线索跟进状态周报", "重复线索清单"},
	"satisfaction.suggestion": {"拜访照片上传再快一点", "报表导出带上客户编号", "公海回收提醒合并成每日一条", "手机端离线也能填拜访记录",
		"和 ERP 的订单数据每天同步"},
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"}
	given    = []string{"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强"}
	regions  = []string{"华东区", "华南区", "华北区", "西南区"}
)

// SurveyFiles builds the demo's filled questionnaires the way the workbook
// reader returns them (one file per sales region, respondents side by side),
// so SeedSurvey imports them through the same validation as a user's import.
// The same q gives the same files.
func SurveyFiles(q *survey.Questionnaire) []survey.FilledFile {
	rng := rand.New(rand.NewPCG(20261125, 7))
	files := make([]survey.FilledFile, len(regions))
	for i, reg := range regions {
		files[i] = survey.FilledFile{File: "问卷-" + reg + ".xlsx", Questionnaire: q.ID, Revision: q.Revision}
	}
	used := map[string]bool{}
	name := func() string {
		for {
			n := surnames[rng.IntN(len(surnames))] + given[rng.IntN(len(given))]
			if !used[n] {
				used[n] = true
				return n
			}
		}
	}
	for _, rr := range surveyRoles {
		qs := q.QuestionsFor(rr.key)
		rows := map[string]int{}
		for i, x := range qs {
			rows[x.Key] = 6 + i
		}
		sheets := make([]*survey.FilledSheet, len(files))
		roleName := rr.key
		if r, ok := q.Role(rr.key); ok {
			roleName = r.Name(crmflow.LangZH)
		}
		for i := range files {
			files[i].Sheets = append(files[i].Sheets, survey.FilledSheet{Sheet: roleName, Role: rr.key, Rows: rows})
			sheets[i] = &files[i].Sheets[len(files[i].Sheets)-1]
		}
		for n := 0; n < rr.n; n++ {
			fi := n % len(files)
			sh := sheets[fi]
			col := survey.FilledColumn{Column: columnLetter(5 + len(sh.Columns)), Answers: map[string]survey.FilledCell{},
				Name: survey.FilledCell{Row: 2, Text: name()}, Department: survey.FilledCell{Row: 3, Text: regions[fi] + roleName},
				// Dates as a spreadsheet gives them back: serials or text.
				Date: survey.FilledCell{Row: 4, Text: demoDate(rng, n)}}
			for _, x := range qs {
				if text := demoAnswer(rng, &x, demoWeights[x.Key]); text != "" {
					col.Answers[x.Key] = survey.FilledCell{Row: rows[x.Key], Text: text}
				}
			}
			sh.Columns = append(sh.Columns, col)
		}
	}
	return files
}

func columnLetter(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

func demoDate(rng *rand.Rand, n int) string {
	day := 16 + rng.IntN(8) // 2026-11-16 .. 23
	if n%3 == 0 {
		return strconv.Itoa(46342 + day - 16) // 46342 is the serial of 2026-11-16
	}
	return fmt.Sprintf("2026-11-%02d", day)
}

// pickWeighted chooses an index with the given weights (uniform without them).
func pickWeighted(rng *rand.Rand, weights []int, n int) int {
	if len(weights) != n {
		return rng.IntN(n)
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return n - 1
}

// demoAnswer is a realistic answer to x as a person types it, biased by the
// option (or rating 1–5) weights w; optional questions are sometimes left
// blank.
func demoAnswer(rng *rand.Rand, x *survey.Question, w []int) string {
	if !x.Required && rng.IntN(4) == 0 {
		return ""
	}
	switch x.Type {
	case survey.Single:
		return x.Options[pickWeighted(rng, w, len(x.Options))].ZH
	case survey.Multi:
		var picked []string
		for i, o := range x.Options {
			p := 35
			if len(w) == len(x.Options) {
				p = w[i]
			}
			if rng.IntN(100) < p {
				picked = append(picked, o.ZH)
			}
		}
		if len(picked) == 0 {
			picked = append(picked, x.Options[pickWeighted(rng, w, len(x.Options))].ZH)
		}
		return strings.Join(picked, "、")
	case survey.Rating:
		v := 1 + pickWeighted(rng, w, 5)
		if rng.IntN(5) == 0 {
			return strconv.Itoa(v) + ".0" // as LibreOffice writes it back
		}
		return strconv.Itoa(v)
	case survey.Number:
		r, ok := demoNumbers[x.Key]
		if !ok {
			r = [2]int{1, 20}
		}
		return strconv.Itoa(r[0] + rng.IntN(r[1]-r[0]+1))
	}
	pool := demoTexts[x.Key]
	if len(pool) == 0 {
		return "暂无"
	}
	return pool[rng.IntN(len(pool))]
}

// SeedSurvey adds the demo questionnaire over sales reps, sales directors and
// marketing, and imports SurveyFiles' responses through the import service.
func SeedSurvey(ctx context.Context, svc *survey.Service) (survey.Questionnaire, int, error) {
	roles := make([]string, len(surveyRoles))
	for i, r := range surveyRoles {
		roles[i] = r.key
	}
	q, err := svc.New(ctx, SurveyTitle, roles, crmflow.LangZH)
	if err != nil {
		return q, 0, fmt.Errorf("demo survey: %w", err)
	}
	plan, err := svc.PlanImport(ctx, &q, SurveyFiles(&q), false)
	if err != nil {
		return q, 0, err
	}
	if len(plan.Problems) > 0 {
		return q, 0, fmt.Errorf("demo survey: %s", plan.Problems[0].Error())
	}
	if err := svc.ApplyImport(ctx, plan); err != nil {
		return q, 0, err
	}
	return q, len(plan.Responses), nil
}
