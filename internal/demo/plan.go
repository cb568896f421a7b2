package demo

import (
	"context"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// The plan of the 快消 project starts on the day of the first interview.
const (
	demoPlanStart = "2026-11-16"
	// demoCRMilestone is the milestone CR-001 (photo watermarks) delays:
	// the change adds development work.
	demoCRMilestone = "MS-06"
)

// PlanSummary says what SeedPlan recorded.
type PlanSummary struct {
	Milestones int
	Done       int
	Late       string // the milestone that finished late
	Risks      int
}

// planOwners are the people who own each stage of the standard template.
var planOwners = []struct{ id, owner, duration string }{
	{"MS-01", "李分析", "4d"}, // 需求调研: the four interviews, 11-16 to 11-19
	{"MS-02", "李分析", "2d"}, // 业务流程梳理
	{"MS-03", "周经理", "2d"}, // 需求确认/冻结: the confirmation meeting
	{"MS-04", "吴架构", ""},
	{"MS-05", "赵产品", ""},
	{"MS-06", "陈开发", ""},
	{"MS-07", "孙测试", ""},
	{"MS-08", "张总", ""},
	{"MS-09", "郑实施", ""},
	{"MS-10", "郑实施", ""},
	{"MS-11", "周经理", ""},
	{"MS-12", "钱运维", ""},
}

var seedRisks = []struct{ text, p, i, owner, action, due string }{
	{"ERP（用友 U8）接口排期未确认，可能推迟集成测试", "medium", "medium", "陈工", "约 ERP 厂商开会确认接口排期和测试环境", "2026-12-04"},
	{"客户 IT 人手不足，历史拜访数据清洗可能延误数据迁移", "low", "high", "王总", "客户确认两名数据专员人选，12 月起每周投入两天", "2026-11-24"},
	{"销售旺季前上线窗口紧，培训时间可能被压缩", "low", "medium", "周经理", "培训分区域分批进行，提前准备操作视频", "2027-01-15"},
}

// SeedPlan lays out the 快消 project's plan from the standard template,
// starting on the day of the first interview: the research stages shortened
// to what the seed did, a baseline, research done on time, the process
// mapping finished a day late, the confirmation under way, and three risks.
// CR-001 (applied by SeedChangeControl) then moves development.
func SeedPlan(ctx context.Context, s *milestones.Service) (PlanSummary, error) {
	var sum PlanSummary
	p, err := s.Init(ctx, milestones.InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: demoPlanStart})
	if err != nil {
		return sum, fmt.Errorf("plan: %w", err)
	}
	sum.Milestones = len(p.Milestones)
	for _, o := range planOwners {
		in := milestones.EditInput{Owner: &o.owner}
		if o.duration != "" {
			in.Duration = &o.duration
		}
		if _, err := s.Edit(ctx, o.id, in); err != nil {
			return sum, fmt.Errorf("plan %s: %w", o.id, err)
		}
	}
	if _, err := s.TakeBaseline(ctx, "P1"); err != nil {
		return sum, err
	}
	steps := []struct {
		what, id, date, deliverable string
	}{
		{"start", "MS-01", "2026-11-16", ""},
		{"deliverable", "MS-01", "2026-11-19", "访谈纪要"},
		{"deliverable", "MS-01", "2026-11-19", "调研报告"},
		{"done", "MS-01", "2026-11-19", ""},
		{"start", "MS-02", "2026-11-20", ""},
		{"deliverable", "MS-02", "2026-11-24", "现状业务流程图"},
		{"deliverable", "MS-02", "2026-11-24", "痛点清单"},
		{"done", "MS-02", "2026-11-24", ""}, // planned for 11-23: a day late
		{"start", "MS-03", "2026-11-25", ""},
	}
	for _, st := range steps {
		switch st.what {
		case "start":
			_, err = s.Start(ctx, st.id, st.date)
		case "done":
			_, err = s.Finish(ctx, st.id, st.date)
			sum.Done++
		case "deliverable":
			_, err = s.DeliverableDone(ctx, st.id, st.deliverable, st.date)
		}
		if err != nil {
			return sum, fmt.Errorf("plan %s %s: %w", st.what, st.id, err)
		}
	}
	sum.Late = "MS-02"
	for _, r := range seedRisks {
		if _, err := s.AddRisk(ctx, milestones.RiskInput{Text: &r.text, Probability: &r.p, Impact: &r.i, Owner: &r.owner,
			Mitigation: &r.action, Due: &r.due}); err != nil {
			return sum, fmt.Errorf("risk: %w", err)
		}
		sum.Risks++
	}
	return sum, nil
}
