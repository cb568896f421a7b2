package app

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/feedback"
	"github.com/crmflow/crmflow/internal/demo"
	"github.com/crmflow/crmflow/survey"
)

// DemoFeedback is what the demo's post-launch feedback loop did.
type DemoFeedback struct {
	Items    []string `json:"items"`
	Triaged  []string `json:"triaged"`  // the draft requirements triage created
	Rejected []string `json:"rejected"` // the items rejected, with a reason
	// Satisfaction is the rounds of the satisfaction survey, oldest first.
	Satisfaction []DemoSatisfaction `json:"satisfaction"`
}

// DemoSatisfaction is one round of the satisfaction survey: its
// questionnaire, how many answered and the overall score's mean.
type DemoSatisfaction struct {
	Questionnaire string  `json:"questionnaire"`
	Responses     int     `json:"responses"`
	Overall       float64 `json:"overall"`
}

// seedSatisfaction runs the satisfaction survey (满意度调查) twice after
// go-live, so survey compare shows how the scores moved between rounds.
func (a *App) seedSatisfaction(ctx context.Context) ([]DemoSatisfaction, error) {
	var out []DemoSatisfaction
	var rounds []survey.Results
	for i := range demo.SatisfactionRounds {
		q, n, err := demo.SeedSatisfaction(ctx, a.Surveys, i)
		if err != nil {
			return out, err
		}
		res, _, err := a.Surveys.Results(ctx, &q, crmflow.LangZH)
		if err != nil {
			return out, err
		}
		rounds = append(rounds, res)
		out = append(out, DemoSatisfaction{Questionnaire: q.ID, Responses: n})
	}
	for _, c := range survey.Compare(rounds, crmflow.LangZH).Questions {
		if c.Key != demo.SatisfactionTemplate+".overall" {
			continue
		}
		for i, m := range c.Means {
			if m != nil {
				out[i].Overall = *m
			}
		}
	}
	return out, nil
}

// seedFeedback records users' feedback after go-live: two items become
// draft requirements for the next version, one is rejected with a reason and
// one waits for triage. It runs after the demo's documents are written, so
// they read as they did before.
func (a *App) seedFeedback(ctx context.Context) (DemoFeedback, error) {
	var out DemoFeedback
	items := []struct {
		text, from, module string
		sev                feedback.Severity
		title, reject      string
	}{
		{"拜访记录拍照上传太慢，4G 信号差时经常失败，只能回公司再补传", "销售一部", "拜访跟进", feedback.Major,
			"拜访照片压缩后上传并支持断点续传", ""},
		{"报表导出的 Excel 缺少客户编号，财务无法和 ERP 对账", "财务部", "报表分析", feedback.Major,
			"报表导出包含客户编号", ""},
		{"希望系统能自动规划拜访路线并导航", "销售二部", "拜访跟进", feedback.Suggestion,
			"", "地图导航不在本期 CRM 范围，销售使用手机地图即可；客户位置已可一键打开地图"},
		{"客户公海池的回收提醒太频繁，一天收到十几条", "销售一部", "客户信息", feedback.Minor, "", ""},
	}
	for _, x := range items {
		it, err := a.Feedback.Add(ctx, feedback.Item{Text: x.text, Source: x.from, Module: x.module, Severity: x.sev})
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, it.ID)
		switch {
		case x.title != "":
			it, err = a.TriageFeedbackInto(ctx, it.ID, x.title, "", "v1.1") // the next version takes post-launch feedback
			if err != nil {
				return out, err
			}
			out.Triaged = append(out.Triaged, it.Requirement)
		case x.reject != "":
			if _, err := a.Feedback.Reject(ctx, it.ID, x.reject); err != nil {
				return out, err
			}
			out.Rejected = append(out.Rejected, it.ID)
		}
	}
	var err error
	out.Satisfaction, err = a.seedSatisfaction(ctx)
	return out, err
}
