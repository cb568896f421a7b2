package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// ScaleBatch is how many requirements Scale adds per Service.Add call (one
// transaction each).
const ScaleBatch = 500

// MaxScale is the most requirements Scale writes in one call.
const MaxScale = 200_000

// The fixed PCG seed: the same n always gives the same data.
const scaleSeed1, scaleSeed2 = 0x63726d666c6f77, 0x7363616c65

// Scale fills an empty workspace with n synthetic requirements, spread evenly
// over every module of the built-in catalog, with varied Chinese titles,
// scores, statuses (mostly draft and confirmed, at most 2% rejected or
// deferred), 1–3 acceptance criteria each and parent links on about 10%.
// It adds them ScaleBatch at a time through Service.Add and calls progress,
// if not nil, after each batch with (done, total); then it sets the few
// rejected/deferred statuses and adds the links. The workspace must hold no
// requirements. The data depends on n only.
func Scale(ctx context.Context, svc *requirements.Service, n int, progress func(done, total int)) (Summary, error) {
	var sum Summary
	if n < 1 || n > MaxScale {
		return sum, crmflow.Errorf(crmflow.EINVALID, "the number of requirements must be 1–%d, got %d", MaxScale, n)
	}
	if err := requireEmpty(ctx, svc); err != nil {
		return sum, err
	}
	var keys []string
	for _, m := range svc.Base.Modules() {
		keys = append(keys, m.Key)
	}
	if len(keys) == 0 {
		return sum, crmflow.Errorf(crmflow.EINTERNAL, "the module catalog is empty")
	}
	plan := planScale(n, keys)

	ids := make([]string, 0, n)
	inputs := make([]requirements.Input, 0, min(n, ScaleBatch))
	for start := 0; start < n; start += ScaleBatch {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		inputs = inputs[:0]
		for _, p := range plan.reqs[start:min(start+ScaleBatch, n)] {
			inputs = append(inputs, p.in)
		}
		added, err := svc.Add(ctx, inputs...)
		if err != nil {
			return sum, fmt.Errorf("demo scale: requirements %d–%d: %w", start+1, start+len(inputs), err)
		}
		for _, r := range added {
			ids = append(ids, r.ID)
		}
		sum.Requirements += len(added)
		if progress != nil {
			progress(sum.Requirements, n)
		}
	}

	final := make([]requirements.Status, n)
	for i, p := range plan.reqs {
		final[i] = p.in.Status
		if p.status != final[i] {
			if _, err := svc.SetStatus(ctx, ids[i], p.status); err != nil {
				return sum, fmt.Errorf("demo scale: %w", err)
			}
			final[i] = p.status
		}
	}
	// The links in transactions of ScaleBatch, each checked by the same rule as
	// one `req link` (one parent, no cycle).
	links := make([]requirements.Link, 0, min(len(plan.links), ScaleBatch))
	for start := 0; start < len(plan.links); start += ScaleBatch {
		links = links[:0]
		for _, l := range plan.links[start:min(start+ScaleBatch, len(plan.links))] {
			links = append(links, requirements.Link{From: ids[l[0]], To: ids[l[1]], Kind: requirements.LinkParent})
		}
		if err := svc.LinkAll(ctx, links); err != nil {
			return sum, fmt.Errorf("demo scale: %w", err)
		}
		sum.Links += len(links)
	}
	for _, st := range final {
		countStatus(&sum, st)
	}
	return sum, nil
}

// scalePlan is every requirement Scale writes, decided before anything is written.
type scalePlan struct {
	reqs  []scaleReq
	links [][2]int // child index → parent index (parent links)
}

type scaleReq struct {
	in     requirements.Input  // as added: draft or confirmed
	status requirements.Status // final status
}

// planScale generates the data for n requirements over the module keys.
func planScale(n int, keys []string) scalePlan {
	rng := rand.New(rand.NewPCG(scaleSeed1, scaleSeed2))
	p := scalePlan{reqs: make([]scaleReq, n)}
	maxOff := n * 2 / 100 // rejected + deferred, each a transaction of its own
	off := 0
	roots := map[string][]int{}    // module → indexes that are not children
	byModule := map[string][]int{} // module → indexes
	order := make([]int, len(keys))
	for i := range n {
		// Modules in shuffled rounds: even spread, no visible pattern.
		if i%len(keys) == 0 {
			for k := range order {
				order[k] = k
			}
			rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		}
		mod := keys[order[i%len(keys)]]
		r := scaleRequirement(rng, mod)
		// About one in 40 restates an earlier need of its module in other
		// words, as when two interviews raise it: the near-duplicates a real
		// register has, in proportion to its size.
		if earlier := byModule[mod]; len(earlier) > 0 && rng.IntN(40) == 0 {
			r.Title = restate(rng, p.reqs[pick(rng, earlier)].in.Title)
		}
		byModule[mod] = append(byModule[mod], i)

		st := requirements.Draft
		switch x := rng.IntN(1000); {
		case x < 560:
			st = requirements.Confirmed
		case x < 990:
		case x < 995:
			st = requirements.Rejected
		default:
			st = requirements.Deferred
		}
		if st == requirements.Rejected || st == requirements.Deferred {
			if off < maxOff {
				off++
			} else {
				st = requirements.Draft
			}
		}
		r.Status = st
		if st != requirements.Confirmed {
			r.Status = requirements.Draft
		}
		p.reqs[i] = scaleReq{in: requirements.Input{Requirement: r}, status: st}

		if rs := roots[mod]; len(rs) > 0 && rng.IntN(10) == 0 {
			p.links = append(p.links, [2]int{i, rs[rng.IntN(len(rs))]})
		} else {
			roots[mod] = append(roots[mod], i)
		}
	}
	return p
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// cat joins text, with a space where Chinese meets a Latin letter or digit
// ("区域经理的 ERP 接口").
func cat(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(p)
			if isLatin(last) != isLatin(first) && !isPunct(last) && !isPunct(first) && last != ' ' && first != ' ' {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

func isLatin(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// scaleRequirement generates one requirement of module mod.
func scaleRequirement(rng *rand.Rand, mod string) requirements.Requirement {
	objs := scaleObjects[mod]
	if len(objs) == 0 {
		objs = scaleObjects[""]
	}
	obj := pick(rng, objs)
	act := pick(rng, scaleActions)
	role := pick(rng, scaleRoles)

	var title string
	switch x := rng.IntN(100); {
	case x < 15:
		title = cat(obj, act.name)
	case x < 55:
		title = cat(role, "的", obj, act.name)
	case x < 70:
		title = cat(obj, act.name, "（", pick(rng, scaleRegions), "）")
	case x < 85:
		title = cat("面向", role, "的", obj, act.name)
	default:
		title = cat(pick(rng, scaleScenes), "场景下的", obj, act.name)
	}
	// Most needs of a large register are about one customer, product line,
	// store chain or dealer, named in the title: the names give a register the
	// open vocabulary of a real one (a few word lists alone make every title
	// look like hundreds of others).
	if rng.IntN(50) != 0 {
		title = cat(scaleName(rng), pick(rng, scaleNameKinds), "：", title)
	}

	desc := cat(role, "在", pick(rng, scaleScenes), "时需要", act.verb, obj, "。", pick(rng, scalePains),
		fmt.Sprintf("，每月约耗费 %d 小时人工。", 4+rng.IntN(60)))
	if rng.IntN(25) == 0 {
		desc += pick(rng, scaleWeak) // a few weak requirements, as real registers have
	}

	nc := 1 + rng.IntN(3)
	crit := make([]string, 0, nc)
	used := map[int]bool{}
	for len(crit) < nc {
		k := rng.IntN(len(scaleCriteria))
		if used[k] {
			continue
		}
		used[k] = true
		crit = append(crit, scaleCriteria[k](rng, obj, pick(rng, scaleRoles)))
	}

	kind := requirements.KindFunctional
	if k, ok := scaleModuleKind[mod]; ok && rng.IntN(4) != 0 {
		kind = k
	} else {
		switch x := rng.IntN(20); {
		case x < 3:
			kind = requirements.KindData
		case x < 4:
			kind = requirements.KindReport
		case x < 5:
			kind = requirements.KindNonFunctional
		}
	}
	var moscow requirements.MoSCoW
	if rng.IntN(7) == 0 {
		moscow = pick(rng, requirements.MoSCoWs)
	}
	var tags []string
	for range rng.IntN(3) {
		tags = append(tags, pick(rng, scaleTags))
	}
	return requirements.Requirement{
		Title:       title,
		Description: desc,
		Module:      mod,
		Kind:        kind,
		Value:       1 + rng.IntN(5),
		Difficulty:  1 + rng.IntN(5),
		Urgency:     1 + rng.IntN(5),
		MoSCoW:      moscow,
		Criteria:    crit,
		Owner:       pick(rng, scaleOwners),
		Source:      pick(rng, scaleSources),
		Stakeholder: pick(rng, scaleStakeholders),
		Tags:        tags,
	}
}

// Word lists for Scale. The texts avoid the lint's weak words except scaleWeak.
var scaleObjects = map[string][]string{
	"customer":    {"客户档案", "客户等级", "客户地址", "开票信息", "客户标签", "门店信息", "经销商档案", "客户信用额度", "门店营业时间"},
	"contact":     {"联系人", "决策人信息", "联系人生日", "联系电话", "联系人微信号", "采购负责人", "门店店长信息", "联系人职务"},
	"lead":        {"展会线索", "招商线索", "线索评分", "线索来源", "无效线索", "热线咨询记录", "线索转化记录", "官网留资"},
	"opportunity": {"商机阶段", "预计成交金额", "竞争对手信息", "商机赢率", "输单原因", "进场谈判记录", "商机负责人", "季度预测"},
	"quote":       {"报价单", "折扣申请", "产品报价", "报价版本", "促销价格", "报价有效期", "阶梯价格", "报价附件"},
	"contract":    {"经销商合同", "合同附件", "合同续签", "订单明细", "框架协议", "返利条款", "合同变更", "发货计划"},
	"payment":     {"回款计划", "回款流水", "应收账款", "逾期回款", "开票申请", "返利结算", "账期设置", "对账单"},
	"visit":       {"拜访记录", "拜访计划", "签到位置", "陈列照片", "拜访小结", "拜访路线", "竞品价格", "门店库存"},
	"campaign":    {"促销活动", "活动预算", "活动门店", "陈列竞赛", "试吃活动", "活动物料", "活动核销", "堆头费用"},
	"service":     {"投诉工单", "退换货申请", "临期品处理", "服务评价", "工单升级规则", "破损登记", "工单回访", "知识库条目"},
	"product":     {"产品目录", "价格表", "新品信息", "产品规格", "渠道价格", "产品条码", "停产产品", "产品组合"},
	"approval":    {"折扣审批", "费用审批", "合同审批", "特价审批", "审批节点", "加签规则", "审批代理人", "审批时限"},
	"report":      {"拜访统计", "销售漏斗", "业绩排名", "回款分析", "费用分析", "区域对比", "铺货率分析", "目标达成率"},
	"permission":  {"角色权限", "数据范围", "字段权限", "共享规则", "登录日志", "组织架构", "离职账号", "导出权限"},
	"mobile":      {"移动端首页", "离线缓存", "消息推送", "扫码录入", "名片识别", "移动端待办", "语音录入", "移动端审批"},
	"integration": {"ERP 接口", "财务接口", "企业微信通讯录", "短信网关", "电子签章接口", "地图服务", "发票接口", "经销商门户接口"},
	"migration":   {"历史客户数据", "历史拜访记录", "历史合同数据", "历史商机数据", "字段映射表", "历史回款数据", "迁移校验报告", "历史附件"},
	"platform":    {"系统日志", "数据备份", "登录认证", "系统参数", "消息模板", "操作手册", "定时任务", "数据字典"},
	"":            {"业务数据", "基础资料", "业务单据", "主数据", "附件"},
}

// scaleModuleKind is the usual kind of a module's requirements.
var scaleModuleKind = map[string]requirements.Kind{
	"report":     requirements.KindReport,
	"permission": requirements.KindPermission,
	"migration":  requirements.KindData,
	"platform":   requirements.KindNonFunctional,
}

type scaleAction struct{ name, verb string }

var scaleActions = []scaleAction{
	{"批量导入", "批量导入"}, {"批量导出", "导出"}, {"到期提醒", "按期提醒"}, {"审批流程", "审批"},
	{"变更记录", "追溯变更的"}, {"移动端查看", "在手机上查看"}, {"按区域筛选", "按区域筛选"}, {"重复校验", "校验重复的"},
	{"月度汇总", "按月汇总"}, {"权限控制", "按角色控制"}, {"必填校验", "校验"}, {"自动归档", "归档"},
	{"状态流转", "跟踪"}, {"逾期预警", "预警逾期的"}, {"合并去重", "合并"}, {"条件查询", "按条件查询"},
	{"打印模板", "打印"}, {"批量分配", "分配"}, {"数据看板", "在看板上查看"}, {"定时同步", "定时同步"},
	{"作废处理", "作废"}, {"历史版本对比", "对比历史版本的"}, {"编码规则", "统一编码"}, {"二维码生成", "生成二维码标识"},
	{"周报推送", "每周推送"}, {"异常标记", "标记异常的"}, {"附件上传", "上传"}, {"批量修改", "批量修改"},
}

// scaleNameChars are the characters of the generated names: 400 of them
// make 160,000 pairs, so two titles rarely share a name by chance.
const scaleNameChars = "记期在经总信商区线机门移每报与店接手计域率周前按场提业看陈口重批张市端微索会品流失复签主跟审名自片汇王息析间核存消历史服程产企离监财迁丢位结订预里保各格未醒转阶职传划板问谈满意散算由投负责改华试集电码资料生账登年调找话地网望应季果案营维支页使水铺送示拍建称痛心份金打李费赢印检底填难知道钉很志踪利团请决修识版专制留架更别刘孙角色纸去困逾来属渠展告漏测希频东池校节促加研办台质社样足护滞见队增排购持推南招因变组达状异详低摄层址缺安备恢事细斗真邮响升题向议某短竞首抽第梳施连设官毛供晚反几义绩策撑册米洗采申诉构缓映筛控编勤助致赵卷家占络显驾驶舱冻久太运折扣掌握解走考注北西源景评热赛停共织子归态旺依才径吴郑删除束跑乡镇厂择起暂敏论匹慢非署云书执币广衡群裁读答风险顺愿影空卖近坐怀争协路堆临破损享射警废闭冲红卡窗落顾国班余半错熟仅赖环降败压缩仍免领误刷感隐藏省讨旧密笔聊偶尔呼叫私飞混乱龄媒介绍获得举命众花"

var scaleNameRunes = []rune(scaleNameChars)

var scaleNameKinds = []string{"集团", "连锁", "系列", "商贸", "门店"}

// scaleName is a name of two or three characters.
func scaleName(rng *rand.Rand) string {
	rs := make([]rune, 2+rng.IntN(2))
	for i := range rs {
		rs[i] = pick(rng, scaleNameRunes)
	}
	return string(rs)
}

// restate says an earlier title again in slightly other words.
func restate(rng *rand.Rand, title string) string {
	switch rng.IntN(3) {
	case 0:
		return title + "功能"
	case 1:
		return "支持" + title
	}
	return title + "需求"
}

var scaleRoles = []string{"销售代表", "区域经理", "销售总监", "市场专员", "客服专员", "财务专员", "系统管理员", "促销员", "大区助理", "经销商"}

var scaleRegions = []string{"华东试点", "华南试点", "华北试点", "西南试点", "一期", "二期", "总部"}

var scaleScenes = []string{"月底对账", "周例会", "新品上市", "门店巡检", "经销商年会", "季度考核", "客户交接", "促销旺季"}

var scalePains = []string{
	"目前依靠 Excel 手工登记，月底汇总时数字对不上",
	"数据散落在个人微信和邮件中，人员交接时容易遗漏",
	"同一份数据需要在两个系统中重复录入",
	"主管要等到第二天才能看到汇总结果",
	"纸质单据传递需要 3 天，经常丢失",
	"各区域的口径不一致，总部无法横向对比",
}

var scaleWeak = []string{"操作尽量简单。", "要求界面友好。", "数据需要及时更新。", "包括但不限于导入和导出。"}

var scaleOwners = []string{"李分析", "王分析", "赵经理", "周分析", "吴顾问", "郑顾问"}

var scaleSources = []string{"问卷调研", "访谈：张总（销售总监）", "访谈：王经理（区域销售经理）", "访谈：刘经理（市场部）",
	"访谈：陈工（IT 负责人）", "访谈：孙主管（财务部）", "流程梳理：拜访流程", "流程梳理：订单流程", "需求确认会", "原型评审"}

var scaleStakeholders = []string{"张总", "王经理", "刘经理", "陈工", "孙主管", "周总"}

var scaleTags = []string{"核心需求", "移动端", "报表", "接口", "安全", "提醒", "数据迁移", "性能", "试点"}

// scaleCriteria build acceptance criteria with numbers and units.
var scaleCriteria = []func(rng *rand.Rand, obj, role string) string{
	func(rng *rand.Rand, obj, _ string) string {
		return cat(obj, fmt.Sprintf("列表在 %d 秒内返回前 50 条结果", 1+rng.IntN(3)))
	},
	func(rng *rand.Rand, obj, role string) string {
		return cat(obj, fmt.Sprintf("变更后 %d 分钟内通知", pick(rng, []int{1, 5, 10, 30})), role)
	},
	func(_ *rand.Rand, obj, _ string) string {
		return cat("导出的", obj, "条数与系统中一致，差异为 0")
	},
	func(_ *rand.Rand, obj, role string) string { return cat(role, "只能查看本人负责的", obj) },
	func(rng *rand.Rand, obj, _ string) string {
		return cat("单次最多处理 ", strconv.Itoa(pick(rng, []int{500, 1000, 5000})), " 条", obj, "，超出时提示分批操作")
	},
	func(rng *rand.Rand, obj, _ string) string {
		return cat(obj, fmt.Sprintf("的新增、修改和删除写入审计日志，保留 %d 天", pick(rng, []int{90, 180, 365})))
	},
	func(_ *rand.Rand, obj, _ string) string {
		return cat(obj, "缺少必填字段时不能保存，并标出缺少的字段")
	},
	func(rng *rand.Rand, obj, role string) string {
		return cat(fmt.Sprintf("每天 %d:00 自动生成", 6+rng.IntN(4)), strings.TrimSuffix(obj, "信息"), "汇总并发送给", role)
	},
}
