package demo

import (
	"context"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
)

// ResearchSummary counts what SeedResearch wrote.
type ResearchSummary struct {
	Interviews  int
	Findings    int
	Competitors int
	Features    int      // feature matrix cells
	Traced      int      // seed requirements whose source was set to a finding
	Promoted    []string // requirements created by promoting a finding
}

// seedInterview is an interview of the seed project; key names it for findings.
type seedInterview struct {
	key                   string
	with, role, org, date string
	notes                 string
}

// The interviews: the people the seed requirements already name as sources.
var seedInterviews = []seedInterview{
	{key: "zhang", with: "张总", role: "销售总监", org: "某快消企业 销售中心", date: "2026-11-16", notes: `## 背景
全国约 200 名销售，12 个区域，门店和经销商两类客户。

## 痛点
- 销售每天下班后在 Excel 里补录拜访，月底汇总时约 30% 的拜访记录对不上或找不到。
- 客户资料在各人的 Excel 和微信里，去年 6 名销售离职，两个月内流失 40 余家客户。
- 每周例会的拜访统计由助理从 Excel 汇总，要半天。

## 期望
拜访结束就在手机上提交，主管当天能看到；客户档案归公司所有。`},
	{key: "wang", with: "王经理", role: "区域销售经理", org: "华东大区", date: "2026-11-17", notes: `## 现状
- 销售按纸质线路表跑店，是否真的到店无法核实，有事后补写、代写的情况。
- 门店要货时销售在微信里报给内勤，内勤再手工录入 ERP，错单率约 5%。
- 约 15% 的门店在地下商超或乡镇，手机没有信号。
- 陈列和库存检查只记在纸上，总部发现断货平均要晚一周。

## 期望
到店签到有定位，离线也能记，检查表按门店留存。`},
	{key: "liu", with: "刘经理", role: "市场部经理", org: "市场部", date: "2026-11-18", notes: `## 痛点
- 新品铺货、陈列竞赛的费用和效果记在不同的表里，算不出投入产出。
- 展会和招商热线每月约 300 条线索，用邮件转给各区域，常常没人跟进。
- 新品铺货率靠销售打电话上报，市场部无法按门店核实，数据晚 10 天左右。`},
	{key: "chen", with: "陈工", role: "IT 负责人", org: "信息部", date: "2026-11-19", notes: `## 系统现状
- 订单、发货、开票在 ERP（用友 U8）中处理。
- 客户数据约 1.8 万条，分散在 12 个区域的 Excel 中，抽样重复率约 15%。
- 各区域 Excel 模板有 12 个版本，列名和日期格式不统一。

## 关注
与 ERP 的接口、历史数据迁移、权限与审计。`},
}

// seedFinding is a finding of the seed project. reqs are the keys of the
// seed requirements whose source becomes this finding.
type seedFinding struct {
	interview, text, measure string
	value                    *float64
	unit, module             string
	severity                 int
	reqs                     []string
}

func num(v float64) *float64 { return &v }

// seedFindings become F-001 … in this order. F-001 to F-003 are the pain
// points the as-is visit process map marks.
var seedFindings = []seedFinding{
	{interview: "zhang", text: "拜访记录靠Excel，月底汇总丢失约30%", measure: "拜访记录丢失率", value: num(30), unit: "%", module: "visit", severity: 5,
		reqs: []string{"visit-mobile", "report-loss"}},
	{interview: "wang", text: "销售是否真的到店无法核实，存在事后补写、他人代写拜访记录", module: "visit", severity: 4,
		reqs: []string{"visit-checkin"}},
	{interview: "wang", text: "门店订单靠微信报给内勤，再手工录入 ERP", measure: "订单错单率", value: num(5), unit: "%", module: "integration", severity: 4,
		reqs: []string{"int-erp"}},
	{interview: "zhang", text: "客户资料分散在各区域销售的 Excel 和微信里，销售离职后客户随之流失", measure: "离职交接后流失客户数", value: num(40), unit: "家", module: "customer", severity: 5,
		reqs: []string{"customer-profile", "customer-handover"}},
	{interview: "wang", text: "约 15% 的门店在地下商超或乡镇，拜访时手机没有信号", measure: "无信号门店占比", value: num(15), unit: "%", module: "visit", severity: 3,
		reqs: []string{"visit-offline"}},
	{interview: "zhang", text: "每周例会的拜访统计由助理从 Excel 手工汇总", measure: "拜访统计汇总耗时", value: num(4), unit: "小时/周", module: "report", severity: 3,
		reqs: []string{"report-visit"}},
	{interview: "liu", text: "市场活动的费用和效果记在不同的表里，算不出投入产出", module: "campaign", severity: 3,
		reqs: []string{"campaign-launch"}},
	{interview: "liu", text: "招商线索用邮件转给各区域，常有线索无人跟进", measure: "月均招商线索", value: num(300), unit: "条", module: "lead", severity: 3,
		reqs: []string{"lead-assign"}},
	{interview: "chen", text: "历史客户数据分散在 12 个区域的 Excel 中，重复严重", measure: "客户数据重复率", value: num(15), unit: "%", module: "migration", severity: 4,
		reqs: []string{"mig-customer"}},
	{interview: "wang", text: "门店陈列和库存检查只记在纸上，总部发现断货滞后", measure: "断货发现滞后", value: num(7), unit: "天", module: "visit", severity: 3},
	{interview: "chen", text: "各区域 Excel 拜访模板版本不一，列名和日期格式不统一", measure: "模板版本数", value: num(12), unit: "个", module: "migration", severity: 2},
	{interview: "liu", text: "新品铺货率靠销售电话上报，市场部无法按门店核实", measure: "铺货数据延迟", value: num(10), unit: "天", module: "campaign", severity: 3},
}

// seedPromotions are the findings (by position, 1-based) promoted into new requirements.
var seedPromotions = []struct {
	finding int
	p       research.Promotion
}{
	{10, research.Promotion{Title: "门店陈列与库存检查表", Value: 4, Difficulty: 2, Urgency: 3}},
	{12, research.Promotion{Title: "新品铺货率按门店采集", Value: 3, Difficulty: 3, Urgency: 3}},
}

// seedCompetitor is a competitor with its feature cells.
type seedCompetitor struct {
	research.Competitor
	cells []research.Feature
}

var seedCompetitors = []seedCompetitor{
	{Competitor: research.Competitor{Name: "销售易",
		Strengths:  "移动办公和线索管理成熟，SaaS 开箱即用，销售驱动型企业案例多",
		Weaknesses: "快消门店陈列检查、访销一体等行业场景需二次开发；与用友 U8 的对接要另购实施",
		Pricing:    "按用户数年付，另收实施费", Notes: "客户 IT 曾试用 30 天"},
		cells: []research.Feature{
			{Feature: "移动拜访签到", Verdict: research.Yes},
			{Feature: "离线录入", Verdict: research.Partial, Note: "仅支持文字，照片需联网上传"},
			{Feature: "拜访照片水印", Verdict: research.Yes},
			{Feature: "陈列与库存检查表", Verdict: research.Partial, Note: "需用自定义表单搭建"},
			{Feature: "客户公海池", Verdict: research.Yes},
			{Feature: "商机阶段与赢率", Verdict: research.Yes},
			{Feature: "ERP（用友 U8）对接", Verdict: research.No, Note: "需定制接口"},
			{Feature: "字段级权限", Verdict: research.Yes},
		}},
	{Competitor: research.Competitor{Name: "纷享销客",
		Strengths:  "快消行业方案较全（访销、陈列、经销商订货），与企业微信集成好",
		Weaknesses: "深度定制依赖厂商排期；报表自定义能力一般",
		Pricing:    "按用户数年付，快消行业包另计", Notes: "区域经理在上家公司用过"},
		cells: []research.Feature{
			{Feature: "移动拜访签到", Verdict: research.Yes},
			{Feature: "离线录入", Verdict: research.Yes},
			{Feature: "陈列与库存检查表", Verdict: research.Yes},
			{Feature: "客户公海池", Verdict: research.Yes},
			{Feature: "商机阶段与赢率", Verdict: research.Partial, Note: "阶段固定，赢率不可按阶段配置"},
			{Feature: "ERP（用友 U8）对接", Verdict: research.Partial, Note: "有标准连接器，订单字段需映射"},
			{Feature: "字段级权限", Verdict: research.Partial, Note: "仅列表和详情，导出不受控"},
			{Feature: "自定义报表", Verdict: research.Partial},
		}},
}

// SeedResearch adds the demo's interviews, findings and competitors. Run it
// after Seed and before SeedProcesses (the process maps mark findings): it
// sets the source of the seed requirements each finding led to, and promotes
// two findings into new requirements, so every trace is real.
func SeedResearch(ctx context.Context, svc *research.Service) (ResearchSummary, error) {
	var sum ResearchSummary
	have, err := svc.Store.Interviews(ctx)
	if err != nil {
		return sum, err
	}
	if len(have) > 0 {
		return sum, crmflow.Errorf(crmflow.ECONFLICT, "the workspace already holds %d interviews; demo data goes into an empty workspace only", len(have))
	}
	all, err := svc.Reqs.Store.Requirements(ctx)
	if err != nil {
		return sum, err
	}
	byTitle := map[string]string{}
	for _, r := range all {
		byTitle[r.Title] = r.ID
	}
	reqID := map[string]string{}
	for _, s := range seedReqs {
		reqID[s.key] = byTitle[s.title]
	}
	ivID := map[string]string{}
	for _, s := range seedInterviews {
		iv, err := svc.AddInterview(ctx, research.Interview{With: s.with, Role: s.role, Org: s.org, Date: s.date, Notes: s.notes})
		if err != nil {
			return sum, fmt.Errorf("demo seed: %w", err)
		}
		ivID[s.key] = iv.ID
		sum.Interviews++
	}
	fIDs := make([]string, len(seedFindings))
	for i, s := range seedFindings {
		x, err := svc.AddFinding(ctx, research.Finding{Text: s.text, Interview: ivID[s.interview], Measure: s.measure, Value: s.value,
			Unit: s.unit, Module: s.module, Severity: s.severity})
		if err != nil {
			return sum, fmt.Errorf("demo seed: %w", err)
		}
		fIDs[i] = x.ID
		sum.Findings++
		for _, key := range s.reqs {
			id := reqID[key]
			if id == "" {
				return sum, crmflow.Errorf(crmflow.EINTERNAL, "demo seed: finding %s names the unknown requirement %s", x.ID, key)
			}
			src := x.ID
			if _, err := svc.Reqs.Edit(ctx, id, requirements.Patch{Source: &src}); err != nil {
				return sum, fmt.Errorf("demo seed: %w", err)
			}
			sum.Traced++
		}
	}
	for _, pr := range seedPromotions {
		r, _, err := svc.Promote(ctx, fIDs[pr.finding-1], pr.p)
		if err != nil {
			return sum, fmt.Errorf("demo seed: %w", err)
		}
		sum.Promoted = append(sum.Promoted, r.ID)
	}
	for _, c := range seedCompetitors {
		if _, err := svc.AddCompetitor(ctx, c.Competitor); err != nil {
			return sum, fmt.Errorf("demo seed: %w", err)
		}
		sum.Competitors++
		for _, cell := range c.cells {
			if _, _, err := svc.SetFeature(ctx, c.Name, cell.Feature, string(cell.Verdict), cell.Note); err != nil {
				return sum, fmt.Errorf("demo seed: %w", err)
			}
			sum.Features++
		}
	}
	return sum, nil
}
