package demo

import (
	"context"
	"fmt"

	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/stakeholder"
)

// ChangeSummary says what SeedChangeControl recorded.
type ChangeSummary struct {
	Stakeholders int
	Meeting      string // MEET-001
	Confirmed    int
	Deferred     int
	Rejected     int
	Baselines    []string // v1.0, v1.1
	Applied      string   // the change request applied
	Refused      string   // the change request rejected
}

// ChangeServices are the services the change-control part of the demo uses.
type ChangeServices struct {
	Stakeholders *stakeholder.Service
	Meetings     *meeting.Service
	Reqs         *requirements.Service
	Baselines    baseline.Store
	Changes      *change.Service
}

var seedStakeholders = []stakeholder.Stakeholder{
	{Name: "王总", Org: "某快消企业", Role: "销售副总裁", Email: "wang@example.com", Can: []stakeholder.Capability{stakeholder.Approve, stakeholder.Signoff}},
	{Name: "张总", Org: "某快消企业", Role: "销售总监", Can: []stakeholder.Capability{stakeholder.Signoff}},
	{Name: "陈工", Org: "某快消企业", Role: "IT 负责人"},
	{Name: "李分析", Org: "实施方", Role: "业务分析师"},
}

const seedMinutes = `# 会议议程
1. 逐条过需求清单（按模块）
2. 对有争议的需求表决
3. 确认冻结时间

# 讨论要点
- 王总：拜访记录移动化是本期第一优先级，必须在旺季前上线。
- 张总：销售管理驾驶舱依赖报表口径，口径未定前延期到二期。
- 李分析：REQ-008 与 REQ-001 重复，合并到 REQ-001。
- 陈工：ERP 接口需 ERP 厂商配合，排期另行确认。

# 结论
草稿需求中有验收标准的全部确认；确认后当日冻结为基线 v1.0，之后的修改走变更流程。
`

// The requirements the meeting treats apart from the rest.
const (
	demoDeferred  = "REQ-020" // 销售管理驾驶舱: waits for the report definitions
	demoDuplicate = "REQ-008" // the near-duplicate of REQ-001 that req lint finds
	demoChanged   = "REQ-005" // 拜访照片附件上传: the applied change request
	demoRemoved   = "REQ-030" // 移动 App 与企业微信入口: the rejected change request
)

// SeedChangeControl runs the seed's confirmation discipline on the demo
// register: stakeholders, the confirmation meeting, the freeze (v1.0), one
// change request approved and applied (v1.1) and one rejected.
func SeedChangeControl(ctx context.Context, s ChangeServices, date string) (ChangeSummary, error) {
	var sum ChangeSummary
	for _, p := range seedStakeholders {
		if _, err := s.Stakeholders.Add(ctx, p); err != nil {
			return sum, err
		}
		sum.Stakeholders++
	}
	all, err := s.Reqs.Store.Requirements(ctx)
	if err != nil {
		return sum, err
	}
	in := meeting.Input{Kind: meeting.Confirmation, Date: date, Title: "需求确认会（第一期）",
		Attendees: []string{"王总", "张总", "陈工", "李分析"}, Notes: seedMinutes,
		Defer: []string{demoDeferred}, Reject: []string{demoDuplicate}}
	for _, r := range all {
		if r.Status == requirements.Draft && len(r.Criteria) > 0 && r.ID != demoDeferred && r.ID != demoDuplicate {
			in.Confirm = append(in.Confirm, r.ID)
		}
	}
	m, err := s.Meetings.Add(ctx, in)
	if err != nil {
		return sum, fmt.Errorf("confirmation meeting: %w", err)
	}
	sum.Meeting, sum.Confirmed, sum.Deferred, sum.Rejected = m.ID, m.Count(meeting.Confirm), m.Count(meeting.Defer), m.Count(meeting.Reject)
	b, err := (&baseline.Service{Store: s.Baselines}).Freeze(ctx, "v1.0", "需求确认会 "+m.ID+" 后冻结")
	if err != nil {
		return sum, err
	}
	sum.Baselines = append(sum.Baselines, b.Name)

	cr, err := s.Changes.New(ctx, change.NewInput{Title: "拜访照片增加时间与定位水印", By: "张总",
		Reason: "区域经理抽查发现有销售翻拍旧照片充当拜访证明，需要照片带拍摄时间和定位水印。",
		Reqs:   []string{demoChanged},
		Set: []string{"description=销售代表在拜访记录中拍照上传门店陈列和货架照片；照片由 App 现场拍摄，自动加上拍摄时间、定位和门店名称水印，不能从相册选择。",
			"criteria=每条拜访记录可上传 1–9 张照片;照片带拍摄时间、定位和门店名称水印;不能从手机相册选择照片", "urgency=5"}})
	if err != nil {
		return sum, err
	}
	if _, err := s.Changes.Analyze(ctx, cr.ID, change.AnalyzeInput{Effort: "3d", Schedule: "2d", Cost: "6000", Risk: "medium", Milestone: demoCRMilestone,
		Comment: "需改移动端拍照组件和服务端水印，影响拜访流程的签退步骤。"}); err != nil {
		return sum, err
	}
	if _, err := s.Changes.Decide(ctx, cr.ID, change.Approved, "王总", "同意，纳入第一期，工期顺延 2 天。"); err != nil {
		return sum, err
	}
	_, b, err = s.Changes.Apply(ctx, cr.ID, "")
	if err != nil {
		return sum, err
	}
	sum.Applied, sum.Baselines = cr.ID, append(sum.Baselines, b.Name)

	cr, err = s.Changes.New(ctx, change.NewInput{Title: "取消企业微信入口", By: "陈工",
		Reason: "集团 IT 计划明年统一改用钉钉，企业微信入口可能白做。", Remove: []string{demoRemoved}})
	if err != nil {
		return sum, err
	}
	if _, err := s.Changes.Analyze(ctx, cr.ID, change.AnalyzeInput{Effort: "2d", Cost: "0", Risk: "low",
		Comment: "取消可节省 2 人天，但销售日常都在企业微信里。"}); err != nil {
		return sum, err
	}
	if _, err := s.Changes.Decide(ctx, cr.ID, change.Rejected, "王总", "企业微信是销售每天用的工具，钉钉迁移未定，保留。"); err != nil {
		return sum, err
	}
	sum.Refused = cr.ID
	return sum, nil
}
