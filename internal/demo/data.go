package demo

import "github.com/crmflow/crmflow/requirements"

// The seed project's custom fields.
const (
	FieldHours = "预计工时" // number, person-days
	FieldBatch = "交付批次" // choice 一期/二期/三期, default 一期
)

// seedFields are defined before any requirement is added.
var seedFields = []requirements.FieldDef{
	{Name: FieldHours, Type: requirements.FieldNumber},
	{Name: FieldBatch, Type: requirements.FieldChoice, Choices: []string{"一期", "二期", "三期"}, Default: "一期"},
}

// seedReq is one requirement of the seed project. key names it for links.
type seedReq struct {
	key         string
	title       string
	desc        string
	module      string // catalog key
	kind        requirements.Kind
	v, d, u     int // value, difficulty, urgency
	moscow      requirements.MoSCoW
	status      requirements.Status // draft, confirmed, rejected or deferred
	criteria    []string
	owner       string
	source      string
	stakeholder string
	tags        []string
	hours       string // 预计工时 (person-days); "" leaves it unset
	batch       string // 交付批次; "" takes the default 一期
}

// seedLink is a trace link between two seed requirements, named by key.
type seedLink struct {
	from, to string
	kind     requirements.LinkKind
}

// People and sources of the seed project.
const (
	li   = "李分析"
	wang = "王分析"
	zhao = "赵经理"

	srcZhang   = "访谈：张总（销售总监）"
	srcWangJL  = "访谈：王经理（华东大区销售经理）"
	srcLiu     = "访谈：刘经理（市场部）"
	srcChen    = "访谈：陈工（IT 负责人）"
	srcSun     = "访谈：孙主管（财务部）"
	srcSurvey  = "问卷调研"
	srcVisitFl = "流程梳理：拜访流程"
	srcCustFl  = "流程梳理：客户建档流程"
	srcMeeting = "需求确认会"
)

const (
	kindFn     = requirements.KindFunctional
	kindData   = requirements.KindData
	kindReport = requirements.KindReport
	kindPerm   = requirements.KindPermission
	kindNFR    = requirements.KindNonFunctional

	draft     = requirements.Draft
	confirmed = requirements.Confirmed
	rejected  = requirements.Rejected
	deferred  = requirements.Deferred
)

// seedReqs is the seed project: a 快消 (FMCG) company whose sales reps logged
// customer visits in Excel by hand and lost 30% of the records. Customer
// management, visit-record automation and data analysis are the core needs.
// The order is the ID order: the first entry becomes REQ-001.
//
// Deliberate flaws, so `req lint` has something to show: REQ-001's title says
// 实时 (its criterion gives the 5 s, the title does not); visit-dup is a
// near-duplicate of REQ-001 with weak words; mobile-order is full of weak
// words; customer-care has no acceptance criteria.
var seedReqs = []seedReq{
	{
		key: "visit-mobile", title: "拜访记录移动端实时录入", module: "visit", kind: kindFn, v: 5, d: 2, u: 4, status: confirmed,
		desc: "销售代表目前每天下班后在 Excel 中补录当天的客户拜访，调研统计约 30% 的拜访记录因漏记、文件覆盖而丢失。" +
			"改为拜访结束后由销售在手机上直接填写并提交，主管当天即可掌握团队的拜访情况。",
		criteria: []string{"销售在手机上提交拜访记录后 5 秒内主管可见"},
		owner:    li, source: srcZhang, stakeholder: "张总", tags: []string{"核心需求", "移动端"}, hours: "8",
	},
	{
		key: "visit-epic", title: "拜访管理移动化", module: "visit", kind: kindFn, v: 5, d: 4, u: 5, moscow: requirements.Must, status: confirmed,
		desc: "把拜访计划、签到、记录、拍照和提醒从 Excel 与微信群迁到 CRM 移动端，这是本项目的核心目标。拜访环节的子需求都挂在本需求下跟踪。",
		criteria: []string{
			"拜访签到、拜访记录、照片上传、拜访计划提醒 4 项功能在手机 App 上线并通过用户验收",
			"华东大区试点 4 周内，拜访数据丢失率从 30% 降到 2% 以下",
		},
		owner: zhao, source: srcMeeting, stakeholder: "张总", tags: []string{"核心需求"}, hours: "60",
	},
	{
		key: "visit-checkin", title: "拜访 GPS 定位签到", module: "visit", kind: kindFn, v: 4, d: 3, u: 4, status: confirmed,
		desc: "销售到达门店或经销商处后在手机上签到，系统记录位置与时间，主管据此核实拜访真实性。区域经理反映目前存在事后补写、他人代写拜访的情况。",
		criteria: []string{
			"签到时自动记录经纬度、详细地址和签到时间，定位精度不低于 100 米",
			"签到位置与客户登记地址相距超过 500 米时，该次拜访标记为“位置异常”并进入主管待办",
		},
		owner: li, source: srcVisitFl, stakeholder: "王经理", tags: []string{"移动端"}, hours: "10",
	},
	{
		key: "visit-offline", title: "离线录入拜访记录并自动同步", module: "visit", kind: kindFn, v: 4, d: 4, u: 3, status: confirmed,
		desc: "约 15% 的门店位于地下商超或乡镇，拜访时手机没有信号。销售需要先在手机上保存记录，网络恢复后再自动上传。",
		criteria: []string{
			"无网络时可保存拜访记录和照片，手机上最多缓存 50 条",
			"网络恢复后 60 秒内自动上传缓存的记录，上传失败的记录在 App 首页提示并可手动重试",
			"同一条记录重复上传时，服务端只保存 1 条",
		},
		owner: li, source: srcWangJL, stakeholder: "王经理", tags: []string{"移动端"}, hours: "15",
	},
	{
		key: "visit-photo", title: "拜访照片附件上传", module: "visit", kind: kindFn, v: 3, d: 2, u: 3, status: confirmed,
		desc: "销售需要拍摄门店陈列、堆头和价签照片作为拜访凭证。目前照片散落在个人微信里，无法与拜访记录对应。",
		criteria: []string{
			"每条拜访记录最多上传 9 张照片，单张压缩后不超过 500 KB",
			"照片自动叠加拍摄时间和门店名称水印",
		},
		owner: wang, source: srcVisitFl, stakeholder: "王经理", hours: "5",
	},
	{
		key: "visit-plan", title: "拜访计划与到期提醒", module: "visit", kind: kindFn, v: 4, d: 2, u: 3, status: confirmed,
		desc: "区域经理每周一为销售制定本周拜访计划（客户、日期、拜访目的），销售在计划日前收到提醒，未按计划完成的拜访由系统汇总给主管。",
		criteria: []string{
			"计划拜访日前一天 18:00 通过 App 推送和企业微信提醒销售",
			"超过计划日期 2 天仍未拜访的客户出现在主管的“逾期拜访”列表中",
		},
		owner: wang, source: srcWangJL, stakeholder: "王经理", tags: []string{"提醒"}, hours: "6",
	},
	{
		key: "visit-excel", title: "历史 Excel 拜访记录导入", module: "visit", kind: kindData, v: 3, d: 3, u: 4, status: confirmed,
		desc: "2024 年以来 12 个区域共有约 4.2 万行 Excel 拜访记录，列名和日期格式各不相同。导入系统后，拜访统计才能与历史数据连续对比。",
		criteria: []string{
			"导入前生成校验报告，列出缺少客户名称或拜访日期的行号",
			"导入后按区域、月份统计的拜访条数与 Excel 源表一致，差异为 0",
		},
		owner: zhao, source: srcChen, stakeholder: "陈工", tags: []string{"数据迁移"}, hours: "8",
	},
	{
		// Deliberately weak and a near-duplicate of REQ-001.
		key: "visit-dup", title: "拜访记录移动端实时录入功能", module: "visit", kind: kindFn, v: 4, d: 2, u: 3, status: draft,
		desc:     "问卷中有销售提出希望在手机上录入拜访，尽量减少录入工作量，界面友好。",
		criteria: []string{"销售能够快速完成拜访记录的录入"},
		owner:    wang, source: srcSurvey, stakeholder: "王经理", hours: "8",
	},
	{
		key: "customer-profile", title: "客户档案统一管理", module: "customer", kind: kindData, v: 5, d: 3, u: 5, moscow: requirements.Must, status: confirmed,
		desc: "客户资料分散在各区域销售的 Excel 和微信里，销售离职时客户信息随之流失。系统统一保存客户档案，作为拜访、商机和合同的主数据。",
		criteria: []string{
			"客户档案含客户名称、统一社会信用代码、渠道类型、客户等级、所属区域、负责销售 6 个必填字段",
			"新建客户时按统一社会信用代码查重，已存在的客户不能重复建档",
		},
		owner: li, source: srcCustFl, stakeholder: "张总", tags: []string{"核心需求", "主数据"}, hours: "12",
	},
	{
		key: "customer-tier", title: "客户分级与拜访频次规则", module: "customer", kind: kindFn, v: 4, d: 3, u: 3, status: draft,
		desc: "销售总监要求按年采购额把客户分为 A、B、C 三级，并按级别规定拜访频次，避免销售只跑熟悉的客户。",
		criteria: []string{
			"A 级客户每周拜访 1 次、B 级每两周 1 次、C 级每月 1 次，频次规则由管理员维护",
			"每周一 9:00 向区域经理发送上周未达到拜访频次的客户清单",
		},
		owner: wang, source: srcZhang, stakeholder: "张总", hours: "6",
	},
	{
		key: "customer-pool", title: "客户公海池自动回收", module: "customer", kind: kindFn, v: 3, d: 3, u: 2, status: draft,
		desc: "销售名下常有长期不拜访的客户，同区域的销售却无法接手。长期无人跟进的客户应回到公海池，由有意愿的销售领取。",
		criteria: []string{
			"客户连续 30 天没有拜访记录时，系统在次日 0:00 将其退回所属区域的公海池",
			"每名销售每天最多从公海池领取 5 个客户",
		},
		owner: wang, source: srcWangJL, stakeholder: "王经理", hours: "8", batch: "二期",
	},
	{
		key: "customer-handover", title: "离职销售客户一键交接", module: "customer", kind: kindFn, v: 3, d: 2, u: 3, status: confirmed,
		desc: "去年有 6 名销售离职，交接靠口头说明和 Excel 清单，交接后两个月内流失了 40 余家客户。",
		criteria: []string{
			"管理员一次操作即可把离职销售名下的客户、商机和拜访记录转给指定接手人",
			"交接完成后生成交接清单，记录交接时间、操作人和转移条数",
		},
		owner: li, source: srcZhang, stakeholder: "张总", hours: "4",
	},
	{
		key: "opp-stage", title: "商机阶段与赢率管理", module: "opportunity", kind: kindFn, v: 4, d: 3, u: 3, status: confirmed,
		desc: "新经销商开户和连锁卖场进场谈判的周期长达 2–3 个月，需要按阶段跟踪，并按金额和赢率预测季度业绩。",
		criteria: []string{
			"商机分为初步接洽 10%、需求确认 30%、方案报价 50%、商务谈判 80%、赢单 100%、输单 0% 共 6 个阶段，赢率由管理员维护",
			"商机列表显示加权金额 = 预计金额 × 赢率，并按季度汇总",
		},
		owner: li, source: srcZhang, stakeholder: "张总", hours: "10",
	},
	{
		key: "opp-loss", title: "输单原因必填", module: "opportunity", kind: kindFn, v: 2, d: 1, u: 2, moscow: requirements.Could, status: draft,
		desc:     "销售总监希望分析丢单原因，目前商机关闭时没有记录原因。",
		criteria: []string{"商机置为输单时必须从 6 个预设原因中选择 1 个，并可补充 200 字以内的说明"},
		owner:    wang, source: srcMeeting, stakeholder: "张总", hours: "2",
	},
	{
		key: "campaign-launch", title: "新品铺货活动管理", module: "campaign", kind: kindFn, v: 3, d: 3, u: 2, status: draft,
		desc: "市场部每季度组织新品铺货、陈列竞赛和门店促销，活动费用和效果分别记在不同的表里，无法计算投入产出。",
		criteria: []string{
			"活动记录预算、实际费用、参与门店和起止日期",
			"活动结束后 7 天内按参与门店的铺货率和销售额计算活动投入产出比",
		},
		owner: wang, source: srcLiu, stakeholder: "刘经理", tags: []string{"市场"}, hours: "12", batch: "三期",
	},
	{
		key: "campaign-ai", title: "陈列照片自动识别货架占比", module: "campaign", kind: kindFn, v: 2, d: 5, u: 1, moscow: requirements.Wont, status: deferred,
		desc:     "市场部希望用图像识别自动计算本品在货架上的陈列占比，替代人工核查。该能力需要采购识别服务并标注样本，投入大而收益未经验证，本期暂缓。",
		criteria: []string{"识别出的货架占比与人工核查结果的误差不超过 5 个百分点"},
		owner:    zhao, source: srcLiu, stakeholder: "刘经理", tags: []string{"市场"}, hours: "40", batch: "三期",
	},
	{
		key: "report-visit", title: "拜访统计报表", module: "report", kind: kindReport, v: 4, d: 2, u: 4, status: confirmed,
		desc: "销售总监每周例会要看各区域的拜访量和计划完成情况，目前由助理从 Excel 汇总，每周耗时约半天。",
		criteria: []string{
			"按销售、区域和日/周/月统计拜访次数、覆盖客户数和计划完成率",
			"每天 7:00 前完成前一日数据汇总，报表数字与拜访明细核对一致",
		},
		owner: li, source: srcZhang, stakeholder: "张总", tags: []string{"报表"}, hours: "6",
	},
	{
		key: "report-funnel", title: "销售漏斗分析", module: "report", kind: kindReport, v: 4, d: 3, u: 3, status: confirmed,
		desc:     "管理层需要看到各阶段商机的数量、金额和转化率，找出商机卡在哪个阶段。",
		criteria: []string{"按阶段展示商机数量、金额和阶段转化率", "可按区域、销售、月份筛选，筛选后 3 秒内刷新"},
		owner:    wang, source: srcZhang, stakeholder: "张总", tags: []string{"报表"}, hours: "8",
	},
	{
		key: "report-loss", title: "拜访数据丢失率看板", module: "report", kind: kindReport, v: 5, d: 3, u: 4, status: confirmed,
		desc: "调研发现 Excel 手工记录方式下拜访数据丢失率高达 30%。看板持续跟踪这一指标，检验拜访管理移动化是否达到目标。",
		criteria: []string{
			"看板按周、按区域展示丢失率 = 1 − 系统拜访记录数 ÷ 销售日报申报拜访数",
			"上线后第 8 周起，全公司丢失率连续 4 周低于 2%",
			"丢失率高于 2% 的区域在看板中标红",
		},
		owner: zhao, source: srcMeeting, stakeholder: "张总", tags: []string{"核心需求", "报表"}, hours: "5",
	},
	{
		key: "report-cockpit", title: "销售管理驾驶舱", module: "report", kind: kindReport, v: 4, d: 5, u: 2, status: draft,
		desc: "总经理希望在一个页面上看到经营核心指标，替代每月由各部门提交的经营分析 PPT。",
		criteria: []string{
			"驾驶舱展示销售额、回款额、拜访完成率、新增客户数、商机金额、活动投入产出比 6 项指标",
			"指标数据每 15 分钟刷新一次，页面在 3 秒内打开",
		},
		owner: zhao, source: srcZhang, stakeholder: "张总", tags: []string{"报表"}, hours: "30", batch: "二期",
	},
	{
		key: "perm-scope", title: "数据权限范围：本人/本部门/全部", module: "permission", kind: kindPerm, v: 5, d: 3, u: 4, moscow: requirements.Must, status: confirmed,
		desc: "销售之间不能互相查看客户，区域经理管理本区域，销售总监查看全公司数据。",
		criteria: []string{
			"销售只能查看本人负责的客户和拜访记录，区域经理可查看本部门数据，销售总监和管理员可查看全部数据",
			"通过链接访问无权限的客户详情时提示“无权查看”，并写入审计日志",
		},
		owner: li, source: srcChen, stakeholder: "陈工", tags: []string{"安全"}, hours: "10",
	},
	{
		key: "perm-field", title: "字段级权限控制", module: "permission", kind: kindPerm, v: 3, d: 4, u: 3, status: confirmed,
		desc: "供货价、毛利率和信用额度属于经营敏感数据，财务要求只对财务人员和销售总监可见。",
		criteria: []string{
			"“供货价”“毛利率”“信用额度”3 个字段对销售角色隐藏，列表、详情和导出文件中都不出现",
			"字段权限按角色配置，修改后 1 分钟内生效",
		},
		owner: wang, source: srcSun, stakeholder: "孙主管", tags: []string{"安全"}, hours: "12", batch: "二期",
	},
	{
		key: "lead-assign", title: "招商线索自动分配", module: "lead", kind: kindFn, v: 3, d: 2, u: 2, status: draft,
		desc: "展会和招商热线每月收集约 300 条经销商线索，目前由市场部用邮件转给各区域，常有线索无人跟进。",
		criteria: []string{
			"市场部录入的线索按所在省份自动分配给对应区域经理，并在 10 分钟内发送通知",
			"分配后 48 小时内未跟进的线索再次提醒区域经理并抄送市场部",
		},
		owner: wang, source: srcLiu, stakeholder: "刘经理", hours: "6", batch: "二期",
	},
	{
		key: "contract-renewal", title: "经销商合同到期提醒", module: "contract", kind: kindFn, v: 3, d: 2, u: 3, status: confirmed,
		desc: "经销商合同一年一签，去年有 9 份合同到期后未续签仍在发货，存在账期风险。",
		criteria: []string{
			"合同到期前 60 天和 30 天分别提醒负责销售和区域经理",
			"到期未续签的经销商在客户详情页显示“合同已过期”标记",
		},
		owner: li, source: srcSun, stakeholder: "孙主管", tags: []string{"提醒"}, hours: "3",
	},
	{
		key: "service-complaint", title: "门店投诉工单处理", module: "service", kind: kindFn, v: 3, d: 3, u: 2, status: confirmed,
		desc: "门店反映的临期品、断货和破损问题目前通过电话告知销售，处理结果无人跟踪。",
		criteria: []string{
			"门店投诉登记为工单后，2 小时内分派给负责该门店的销售",
			"工单在 24 小时内给出处理结果，超时自动升级给区域经理",
		},
		owner: wang, source: srcSurvey, stakeholder: "王经理", hours: "10", batch: "二期",
	},
	{
		// Deliberately without acceptance criteria.
		key: "customer-care", title: "重点客户节日关怀短信", module: "customer", kind: kindFn, v: 2, d: 2, u: 1, status: draft,
		desc:  "区域经理提出在春节、中秋前给 A 级客户发送问候短信。发送名单、短信内容和审批规则尚未讨论，暂未写验收标准。",
		owner: zhao, source: srcWangJL, stakeholder: "王经理", batch: "三期",
	},
	{
		key: "int-erp", title: "ERP 客户与订单数据同步", module: "integration", kind: kindFn, v: 5, d: 5, u: 4, moscow: requirements.Must, status: confirmed,
		desc: "订单、发货和开票在 ERP（用友 U8）中处理，销售目前要登录两个系统才能回答客户的订单问题。CRM 与 ERP 通过接口双向同步客户和订单数据。",
		criteria: []string{
			"CRM 新建或修改的客户在 10 分钟内通过接口同步到 ERP，失败时重试 3 次后通知管理员",
			"ERP 的订单和发货状态每 30 分钟同步到 CRM 客户详情页",
		},
		owner: zhao, source: srcChen, stakeholder: "陈工", tags: []string{"接口"}, hours: "40", batch: "二期",
	},
	{
		key: "int-finance", title: "财务回款数据接口", module: "integration", kind: kindData, v: 4, d: 4, u: 2, status: draft,
		desc: "销售需要在 CRM 中看到客户的回款和欠款，目前要找财务查询。",
		criteria: []string{
			"每天 2:00 从财务系统接口读取前一日回款流水，按客户编码匹配到 CRM 客户，自动匹配率不低于 98%",
			"未匹配的流水生成清单发给财务人工处理",
		},
		owner: wang, source: srcSun, stakeholder: "孙主管", tags: []string{"接口"}, hours: "20", batch: "二期",
	},
	{
		key: "mig-customer", title: "历史客户数据迁移与清洗", module: "migration", kind: kindData, v: 4, d: 4, u: 5, status: confirmed,
		desc: "约 1.8 万条客户数据分散在 12 个区域的 Excel 中，抽样显示重复率约 15%，联系电话缺失率约 20%。上线前需清洗后一次性导入。",
		criteria: []string{
			"迁移前按客户名称和统一社会信用代码去重，合并后保留最近更新的联系方式",
			"迁移后随机抽查 200 条客户，字段准确率不低于 99%",
			"正式迁移在上线前的周末完成，停机时间不超过 8 小时",
		},
		owner: zhao, source: srcChen, stakeholder: "陈工", tags: []string{"数据迁移"}, hours: "25",
	},
	{
		key: "mobile-app", title: "移动 App 与企业微信入口", module: "mobile", kind: kindFn, v: 4, d: 3, u: 4, status: confirmed,
		desc: "销售 80% 的工作时间在外跑店，主要用手机办公，公司统一使用企业微信。",
		criteria: []string{
			"App 支持 iOS 15 及以上和 Android 10 及以上版本",
			"企业微信工作台提供 CRM 入口，免登录进入",
			"在 4G 网络下 App 首页 3 秒内打开",
		},
		owner: li, source: srcSurvey, stakeholder: "王经理", tags: []string{"移动端"}, hours: "20",
	},
	{
		// Deliberately weak; rejected at the requirement review.
		key: "mobile-order", title: "经销商移动端快速下单", module: "mobile", kind: kindFn, v: 2, d: 4, u: 2, status: rejected,
		desc:     "有经销商提出希望在手机上直接下单，界面友好、操作方便。订单目前在 ERP 中处理，需求确认会决定本项目不建设下单功能。",
		criteria: []string{"经销商可以快速下单，支持常用产品、促销品等"},
		owner:    wang, source: srcSurvey, stakeholder: "王经理", hours: "30", batch: "三期",
	},
	{
		key: "nfr-perf", title: "列表页 200 并发下 2 秒内打开", module: "platform", kind: kindNFR, v: 4, d: 3, u: 3, status: confirmed,
		desc: "全国约 200 名销售集中在早 8 点和晚 6 点前后使用系统，旧系统在高峰期打开列表需要 10 秒以上。",
		criteria: []string{
			"在 10 万条客户、100 万条拜访记录的数据量下，200 个并发用户访问客户列表和拜访列表，95% 的请求在 2 秒内返回",
		},
		owner: zhao, source: srcChen, stakeholder: "陈工", tags: []string{"性能"}, hours: "15",
	},
	{
		key: "nfr-avail", title: "系统月可用性不低于 99.5%", module: "platform", kind: kindNFR, v: 4, d: 4, u: 3, status: confirmed,
		desc: "销售每天 7:00–22:00 在外使用系统，系统不可用时拜访记录无法提交。",
		criteria: []string{
			"每天 7:00–22:00 时段的月可用性不低于 99.5%",
			"每天 1:00 全量备份，备份保留 30 天，每季度做 1 次恢复演练并在 4 小时内完成恢复",
		},
		owner: zhao, source: srcChen, stakeholder: "陈工", tags: []string{"运维"}, hours: "20",
	},
	{
		key: "nfr-security", title: "敏感数据加密与操作审计日志", module: "permission", kind: kindNFR, v: 4, d: 3, u: 3, status: confirmed,
		desc: "客户联系方式属于个人信息，须满足《个人信息保护法》的要求，导出和删除客户数据须留痕可查。",
		criteria: []string{
			"客户手机号在数据库中加密存储，界面显示时隐藏中间 4 位",
			"新增、修改、删除、导出客户数据的操作写入审计日志，保留 180 天，管理员可按人员和时间查询",
		},
		owner: li, source: srcChen, stakeholder: "陈工", tags: []string{"安全"}, hours: "12",
	},
}

// seedLinks are added after the requirements, in this order.
var seedLinks = []seedLink{
	// The visit epic and its children.
	{"visit-mobile", "visit-epic", requirements.LinkParent},
	{"visit-checkin", "visit-epic", requirements.LinkParent},
	{"visit-offline", "visit-epic", requirements.LinkParent},
	{"visit-photo", "visit-epic", requirements.LinkParent},
	{"visit-plan", "visit-epic", requirements.LinkParent},
	{"visit-excel", "visit-epic", requirements.LinkParent},
	// Customer master data and what hangs off it.
	{"customer-tier", "customer-profile", requirements.LinkParent},
	{"customer-pool", "customer-profile", requirements.LinkParent},
	{"customer-handover", "customer-profile", requirements.LinkParent},
	// Derivations.
	{"report-loss", "visit-epic", requirements.LinkDerivesFrom},
	{"report-visit", "visit-mobile", requirements.LinkDerivesFrom},
	{"mig-customer", "customer-profile", requirements.LinkDerivesFrom},
	// Related needs.
	{"visit-dup", "visit-mobile", requirements.LinkRelatesTo},
	{"perm-field", "perm-scope", requirements.LinkRelatesTo},
	{"visit-plan", "customer-tier", requirements.LinkRelatesTo},
}
