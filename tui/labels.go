package tui

import "github.com/crmflow/crmflow"

// labels are the screen's words in the project's language.
type labels struct {
	tabs                                                    []string
	plan, rag, finish, commit, bufferUsed, float, noPlan    string
	phase, nextMS                                           string
	rounds, verdict, pass, fail, blocked, untested, defects string
	project, client, lang, reqs, byStatus, byMoSCoW, crs    string
	none, total, shown, sort, filter, sortNames             string
	colID, colScore, colStatus, colMoSCoW, colModule        string
	colTitle, colState, colResp, colDate, colWho, colRole   string
	value, difficulty, urgency, score, quadrant             string
	description, criteria, links, source, steps, history    string
	kind, owner, revision                                   string
	pickStatus, editScores, saved, noChange, statusSet      string
	questionnaires, interviews, maps, lanes                 string
	reason, requestedBy, against, proposal, impact          string
	effort, schedule, cost, risk, affected, decision        string
	by, comment, confirm, yesNo, decided, notAnalyzed       string
	approve, reject, deferV                                 string
	newInterview, with, role, date, notes, recorded         string
	addReq, title, module, added, editorDone, loading       string
	helpTitle                                               string
	signoffs, unsigned, gate, gateReady, gateBlocked        string
	gateDone, gateWaived, findings, promote, promoted       string
	rendered, feedbackSrc, severity                         string

	// The sprint board. noReleases, noSprints and emptySprint are format
	// strings: they say what to run next.
	sprint, release, sprintRunning, sprintEnded, sprintAhead string
	capacity, planned, doneDays, remaining, personDays       string
	velocity, velocityAvg, noVelocity, burndown, committed   string
	scopeAdded, removed, reestimated, ideal, more, window    string
	noReleases, noSprints, emptySprint, onlyTodoDoing        string
}

func labelsFor(lang crmflow.Lang) labels {
	if lang == crmflow.LangEN {
		return labels{
			tabs:   []string{"Overview", "Requirements", "Survey", "Process maps", "Changes", "Plan", "Acceptance", "Sprint"},
			rounds: "UAT rounds", verdict: "Verdict", pass: "pass", fail: "fail", blocked: "blocked", untested: "untested",
			defects: "Defects",
			plan:    "Plan", rag: "RAG", finish: "Forecast finish", commit: "Committed", bufferUsed: "Buffer used",
			float: "Float", noPlan: "No plan yet.", phase: "In progress", nextMS: "Next milestones",
			project: "Project", client: "Client", lang: "Language", reqs: "Requirements", byStatus: "By status",
			byMoSCoW: "By MoSCoW", crs: "Change requests", none: "(none)", total: "total", shown: "shown",
			sort: "sort", filter: "filter", sortNames: "id|score|module|status",
			colID: "ID", colScore: "Score", colStatus: "Status", colMoSCoW: "MoSCoW", colModule: "Module",
			colTitle: "Title", colState: "State", colResp: "Responses", colDate: "Date", colWho: "With", colRole: "Role",
			value: "Value", difficulty: "Difficulty", urgency: "Urgency", score: "Score", quadrant: "Quadrant",
			description: "Description", criteria: "Acceptance criteria", links: "Links", source: "Source finding",
			steps: "Process steps", history: "History", kind: "Kind", owner: "Owner", revision: "Revision",
			pickStatus: "Change status of", editScores: "Edit scores of", saved: "saved", noChange: "no change",
			statusSet: "status", questionnaires: "Questionnaires", interviews: "Interviews", maps: "Process maps",
			lanes: "Lanes", reason: "Reason", requestedBy: "Requested by", against: "Against baseline",
			proposal: "Proposal", impact: "Impact", effort: "Effort (days)", schedule: "Schedule (days)", cost: "Cost",
			risk: "Risk", affected: "Affected", decision: "Decision", by: "Decided by", comment: "Comment",
			confirm: "Confirm", yesNo: "y: yes  n: no", decided: "recorded", notAnalyzed: "not analyzed yet",
			approve: "approve", reject: "reject", deferV: "defer",
			newInterview: "Record an interview", with: "Who", role: "Role", date: "Date (YYYY-MM-DD)", notes: "Notes",
			recorded: "recorded", addReq: "Add a requirement", title: "Title", module: "Module", added: "added",
			editorDone: "saved from the editor", loading: "loading", helpTitle: "Keys",
			signoffs: "Sign-offs", unsigned: "not signed", gate: "Go-live gate", gateReady: "ready", gateBlocked: "blocked",
			gateDone: "done", gateWaived: "waived", findings: "Findings", promote: "Promote to a requirement",
			promoted: "promoted to", rendered: "written", feedbackSrc: "Source feedback", severity: "Severity",
			sprint: "Sprint", release: "release", sprintRunning: "running", sprintEnded: "ended", sprintAhead: "not started",
			capacity: "Capacity", planned: "planned", doneDays: "done", remaining: "remaining", personDays: "person-days",
			velocity: "Velocity (completed/committed)", velocityAvg: "average of the last 3", noVelocity: "Velocity: no sprint has ended yet",
			burndown: "Burndown", committed: "committed", scopeAdded: "added", removed: "removed", reestimated: "re-estimated",
			ideal: "ideal", more: "more", window: "to",
			noReleases:    "No releases yet. Create one: crmflow release add v1.0 --target 2027-03-31; put requirements in it: crmflow req edit REQ-001 --estimate 2d --release v1.0; then cut sprints: crmflow sprint plan v1.0 --start 2027-01-04.",
			noSprints:     "No sprints yet in %s. Cut them: crmflow sprint plan %s --start 2027-01-04 --length 2w.",
			emptySprint:   "No work in this sprint yet. Add some: crmflow sprint add-req %s REQ-001; or fill it: crmflow sprint auto %s.",
			onlyTodoDoing: "only to-do and in-progress work can be started or stopped; %s is %s",
		}
	}
	return labels{
		tabs:   []string{"概览", "需求", "调研", "流程", "变更", "计划", "验收", "迭代"},
		rounds: "UAT 轮次", verdict: "结论", pass: "通过", fail: "失败", blocked: "阻塞", untested: "未测",
		defects: "缺陷",
		plan:    "计划", rag: "状态灯", finish: "预计完成", commit: "承诺完成", bufferUsed: "缓冲已用",
		float: "浮动", noPlan: "项目尚未制定计划。", phase: "进行中", nextMS: "后续里程碑",
		project: "项目", client: "客户", lang: "语言", reqs: "需求", byStatus: "按状态", byMoSCoW: "按MoSCoW",
		crs: "变更请求", none: "（无）", total: "共", shown: "显示", sort: "排序", filter: "筛选",
		sortNames: "编号|评分|模块|状态",
		colID:     "编号", colScore: "评分", colStatus: "状态", colMoSCoW: "MoSCoW", colModule: "模块", colTitle: "标题",
		colState: "状态", colResp: "回收份数", colDate: "日期", colWho: "访谈对象", colRole: "角色",
		value: "价值", difficulty: "难度", urgency: "紧急度", score: "评分", quadrant: "象限",
		description: "描述", criteria: "验收标准", links: "关联", source: "来源发现", steps: "流程步骤",
		history: "变更历史", kind: "类型", owner: "负责人", revision: "版本",
		pickStatus: "修改状态：", editScores: "修改评分：", saved: "已保存", noChange: "没有改动", statusSet: "状态",
		questionnaires: "问卷", interviews: "访谈", maps: "流程图", lanes: "泳道",
		reason: "原因", requestedBy: "提出人", against: "基线", proposal: "变更内容", impact: "影响分析",
		effort: "工作量（天）", schedule: "工期（天）", cost: "费用", risk: "风险", affected: "受影响需求",
		decision: "决定", by: "决策人", comment: "意见", confirm: "确认", yesNo: "y：是  n：否",
		decided: "已记录", notAnalyzed: "尚未评估", approve: "批准", reject: "拒绝", deferV: "暂缓",
		newInterview: "记录访谈", with: "访谈对象", role: "角色", date: "日期（YYYY-MM-DD）", notes: "纪要",
		recorded: "已记录", addReq: "新增需求", title: "标题", module: "模块", added: "已新增",
		editorDone: "已从编辑器保存", loading: "加载中", helpTitle: "按键",
		signoffs: "签字确认", unsigned: "未签字", gate: "上线闸门", gateReady: "可以上线", gateBlocked: "未就绪",
		gateDone: "已完成", gateWaived: "已豁免", findings: "调研发现", promote: "发现转为需求",
		promoted: "已转为", rendered: "已导出", feedbackSrc: "来源反馈", severity: "严重度",
		sprint: "迭代", release: "版本", sprintRunning: "进行中", sprintEnded: "已结束", sprintAhead: "未开始",
		capacity: "容量", planned: "已排", doneDays: "已完成", remaining: "剩余", personDays: "人天",
		velocity: "速度（完成/承诺）", velocityAvg: "近 3 个平均", noVelocity: "速度：还没有结束的迭代",
		burndown: "燃尽", committed: "承诺", scopeAdded: "新增", removed: "移出", reestimated: "重估",
		ideal: "理想", more: "更多", window: "至",
		noReleases:    "还没有版本。先新建版本：crmflow release add v1.0 --target 2027-03-31，把需求放进版本：crmflow req edit REQ-001 --estimate 2d --release v1.0，再排迭代：crmflow sprint plan v1.0 --start 2027-01-04。",
		noSprints:     "版本 %s 还没有迭代。排迭代：crmflow sprint plan %s --start 2027-01-04 --length 2w。",
		emptySprint:   "本迭代还没有需求。排入需求：crmflow sprint add-req %s REQ-001，或自动排：crmflow sprint auto %s。",
		onlyTodoDoing: "只有待开发、开发中的需求可以开始或停止开发；%s 当前为%s",
	}
}

// zhWords names the domain's keys (link roles, map variants, history actions
// and fields) in Chinese; an English project shows the keys themselves.
var zhWords = map[string]string{
	"parent": "父需求", "child": "子需求", "derives-from": "派生自", "derived-by": "派生出", "relates-to": "关联",
	"as-is": "现状", "to-be": "目标",
	"create": "新建", "update": "修改", "status": "状态", "link": "关联", "unlink": "取消关联", "freeze": "冻结",
	"delete": "删除", "import": "导入", "apply": "变更实施", "suspect": "可疑",
	"title": "标题", "description": "描述", "module": "模块", "kind": "类型", "value": "价值", "difficulty": "难度",
	"urgency": "紧急度", "moscow": "MoSCoW", "criteria": "验收标准", "owner": "负责人", "source": "来源",
	"stakeholder": "干系人", "tags": "标签", "fields": "自定义字段",
}

// word is a domain key in the project's language.
func (m *Model) word(k string) string {
	if m.lang == crmflow.LangEN {
		return k
	}
	if w, ok := zhWords[k]; ok {
		return w
	}
	return k
}
