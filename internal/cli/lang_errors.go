package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/requirements"
)

// This file says an error in the project's language. Domain and store errors
// are written in English for logs and English projects; their structured
// facts (code, operation, entity, ID, facts) are enough to say the same thing
// in Chinese, so a Chinese project reads no stray English. English output is
// the error's own message, unchanged.

// zhEntities names each kind of record in Chinese: the one catalog of entity
// names that Chinese error messages use.
var zhEntities = map[string]string{
	crmflow.KindRequirement.Noun:   "需求",
	crmflow.KindQuestionnaire.Noun: "问卷",
	crmflow.KindInterview.Noun:     "访谈",
	crmflow.KindFinding.Noun:       "调研发现",
	crmflow.KindProcessMap.Noun:    "流程图",
	crmflow.KindChange.Noun:        "变更请求",
	crmflow.KindMeeting.Noun:       "会议",
	crmflow.KindMilestone.Noun:     "里程碑",
	crmflow.KindRisk.Noun:          "风险",
	crmflow.KindTestCase.Noun:      "测试用例",
	crmflow.KindUAT.Noun:           "UAT 轮次",
	crmflow.KindDefect.Noun:        "缺陷",
	crmflow.KindSignoff.Noun:       "签字确认",
	crmflow.KindRelease.Noun:       "版本",
	crmflow.KindSprint.Noun:        "迭代",
	crmflow.KindFeedback.Noun:      "反馈",
	"feedback":                     "反馈",
	"baseline":                     "基线",
	"stakeholder":                  "干系人",
	"competitor":                   "竞品",
	"data field":                   "数据字段",
	"go-live item":                 "上线检查项",
	"plan":                         "计划",
	"plan template":                "计划模板",
	"deliverable":                  "交付物",
	"module":                       "模块",
	"trace link":                   "追踪链接",
	"entity":                       "实体",
	"project":                      "项目",
}

// zhFields names the fields and flags an error can be about.
var zhFields = map[string]string{
	"title":       "标题",
	"description": "描述",
	"reason":      "原因",
	"module":      "模块",
	"name":        "名称",
	"attendees":   "参会人",
	"criteria":    "验收标准",
	"status":      "状态",
	"date":        "日期",
	"effort":      "工作量",
	"cost":        "费用",
	"risk":        "风险",
	"milestone":   "里程碑",
	"kind":        "类型",
	"moscow":      "MoSCoW 优先级",
	"value":       "价值",
	"difficulty":  "难度",
	"urgency":     "紧急度",
	"estimate":    "估算",
	"text":        "内容",
	"notes":       "纪要",
	"set":         "修改内容",
	"req":         "需求",
	"document":    "文件",
	"severity":    "严重程度",
}

// zhPlanDates names the dates of a milestone that must not be before the plan start.
var zhPlanDates = map[string]string{
	"start constraint": "约束开始日期",
	"actual start":     "实际开始日期",
	"actual finish":    "实际完成日期",
}

// moduleKeys are the " (key)" parts of a list of known modules.
var moduleKeys = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` \([a-z][a-z0-9-]*\)`) })

func zhEntity(noun string) string {
	if s, ok := zhEntities[noun]; ok {
		return s
	}
	return noun
}

func zhField(name string) string {
	if s, ok := zhFields[strings.TrimPrefix(name, "--")]; ok {
		return s
	}
	return name
}

// errorText is what the CLI prints after "Error:" (or "错误：") for err: the
// error's own message, or in a Chinese project the Chinese one its facts
// make, when they are enough to make one.
func errorText(err error, lang crmflow.Lang) string {
	var e *crmflow.Error
	if lang != crmflow.LangZH || !errors.As(err, &e) || err.Error() != e.Error() {
		return err.Error()
	}
	s := zhMessage(e)
	if s == "" {
		return err.Error()
	}
	if line := e.Facts["line"]; line != "" {
		return "第 " + line + " 行：" + s
	}
	return s
}

// errorLabels are the words before an error and before its hint.
func errorLabels(lang crmflow.Lang) (errLabel, tryLabel string) {
	if lang == crmflow.LangZH {
		return "错误：", "试试："
	}
	return "Error: ", "Try: "
}

// zhMessage builds the Chinese message from e's structured fields, "" when
// they do not say enough.
func zhMessage(e *crmflow.Error) string {
	f, id := e.Facts, e.ID
	noun := zhEntity(e.Entity)

	// Messages particular to one operation.
	switch e.Op {
	case "req.status":
		switch {
		case f["problem"] == "same":
			return fmt.Sprintf("%s 已经是%s状态", id, statusZH(f["status"]))
		case f["problem"] == "final":
			return fmt.Sprintf("%s 已是%s状态，不能再改变", id, statusZH(f["from"]))
		case f["allowed"] != "":
			return fmt.Sprintf("%s 不能从%s变为%s；%s状态只能变为：%s", id, statusZH(f["from"]), statusZH(f["to"]), statusZH(f["from"]), statusesZH(f["choices"]))
		case f["missing"] == "criteria":
			return fmt.Sprintf("%s 还没有验收标准；需求须可验证才能确认", id)
		case f["status"] == string(requirements.Frozen):
			return "需求通过冻结基线统一冻结，不能逐条冻结"
		}
	case "req.edit":
		switch {
		case e.Code == crmflow.EFROZEN && f["baseline"] != "":
			return fmt.Sprintf("%s 已冻结在基线 %s 中", id, f["baseline"])
		case f["problem"] == "empty":
			return "没有要修改的内容"
		}
	case "competitor.edit":
		if f["problem"] == "empty" {
			return "没有要修改的内容"
		}
	case "freeze":
		switch {
		case f["missing"] == "confirmed":
			return "没有可冻结的内容：没有已确认的需求"
		case f["next"] != "":
			return fmt.Sprintf("基线 %s 已存在；基线一经形成不会被替换", id)
		}
	case "cr.move":
		switch f["problem"] {
		case "not-analyzed":
			return fmt.Sprintf("%s 尚未评估；须先评估影响，再作决定", id)
		case "not-approved":
			return fmt.Sprintf("%s 当前为%s；只有已批准的变更请求才能实施", id, crStateZH(f["state"]))
		case "applied":
			return fmt.Sprintf("%s 已实施（基线 %s）", id, f["baseline"])
		case "after-analysis":
			return fmt.Sprintf("%s 当前为%s；评估之后才能%s", id, crStateZH(f["state"]), crStateZH(f["to"]))
		}
		return fmt.Sprintf("%s 不能从%s变为%s", id, crStateZH(f["state"]), crStateZH(f["to"]))
	case "stakeholder.lookup":
		if e.Code == crmflow.ENOTFOUND {
			return fmt.Sprintf("“%s”不是本项目的干系人", id)
		}
	case "stakeholder.add":
		if e.Code == crmflow.ECONFLICT {
			return fmt.Sprintf("%s 已是干系人", id)
		}
	case "module.resolve":
		// The Chinese names only: a Chinese project types those.
		known := strings.Split(moduleKeys().ReplaceAllString(f["known"], ""), ", ")
		return fmt.Sprintf("未知模块“%s”；已有模块：%s", id, strings.Join(known, "、"))
	case "meeting.add":
		switch f["missing"] {
		case "attendees":
			return "会议须写明参会人"
		case "decisions":
			return "确认会须对需求作出决定：请给出 --confirm、--defer 或 --reject"
		}
	case "cr.new":
		if f["missing"] == "reason" {
			return "变更请求须写明原因"
		}
	case "cr.apply":
		if f["problem"] == "stale" {
			return fmt.Sprintf("%s 是基于 %s 提出的，当时 %s 的%s为 %s；此后 %s 已将其改为 %s，实施 %s 会覆盖这一修改",
				id, f["against"], f["req"], zhField(f["field"]), f["was"], f["conflict"], f["is"], id)
		}
	case "output":
		switch f["problem"] {
		case "edited":
			return fmt.Sprintf("%s 在 crmflow 写出后被改动过；没有写入任何内容", f["file"])
		case "unknown":
			return fmt.Sprintf("%s 已存在，且不是 crmflow 写出的；没有写入任何内容", f["file"])
		case "folder":
			return fmt.Sprintf("%s 是文件夹，不是文件", f["file"])
		}
	case "init":
		if e.Code == crmflow.ECONFLICT {
			return fmt.Sprintf("%s 已存在", id)
		}
	case "backup":
		if e.Code == crmflow.ECONFLICT {
			return fmt.Sprintf("%s 已存在；crmflow 不会覆盖备份", id)
		}
	case "restore":
		if e.Code == crmflow.ECONFLICT {
			return fmt.Sprintf("%s 已存在；恢复会替换它", id)
		}
	case "competitor.add":
		if e.Code == crmflow.ECONFLICT {
			return fmt.Sprintf("竞品 %s 已存在", id)
		}
	case "finding.promote":
		if f["missing"] == "module" {
			return fmt.Sprintf("调研发现 %s 没有模块；请指明需求属于哪个模块", id)
		}
	case "feedback.triage", "feedback.reject":
		switch {
		case f["missing"] == "module":
			return fmt.Sprintf("反馈 %s 没有模块；请指明需求属于哪个模块", id)
		case f["missing"] == "reason":
			return fmt.Sprintf("拒绝反馈 %s 须写明原因", id)
		case f["status"] == "rejected":
			return fmt.Sprintf("反馈 %s 已被拒绝：%s", id, f["reason"])
		case f["status"] == "triaged":
			return fmt.Sprintf("反馈 %s 已转为需求 %s", id, f["requirement"])
		}
	case "survey.import":
		if f["problem"] == "cells" {
			return fmt.Sprintf("发现 %s 个问题；没有导入任何内容", f["count"])
		}
	case "survey.new":
		if e.Entity == "role template" {
			return fmt.Sprintf("没有角色模板“%s”（可用模板：%s）", id, f["templates"])
		}
	case "req.unlink":
		switch {
		case e.Code != crmflow.ENOTFOUND:
		case f["link"] == string(requirements.LinkParent):
			return fmt.Sprintf("%s 的父需求不是 %s：没有这条父子链接", id, f["to"])
		case f["link"] == string(requirements.LinkDerivesFrom):
			return fmt.Sprintf("没有 %s 派生自 %s 的链接", id, f["to"])
		case f["link"] == string(requirements.LinkRelatesTo):
			return fmt.Sprintf("%s 与 %s 之间没有相关链接", id, f["to"])
		}
	case "trace.clear":
		if e.Code == crmflow.ENOTFOUND {
			return fmt.Sprintf("%s 与 %s 之间没有可疑的追踪链接", f["from"], f["to"])
		}
	}
	switch {
	case f["plan_start"] != "" && f["what"] != "":
		return fmt.Sprintf("%s：%s %s 早于计划开始日期 %s", id, zhPlanDates[f["what"]], f["value"], f["plan_start"])
	case f["plan_start"] != "":
		return fmt.Sprintf("%s 早于计划开始日期 %s", f["value"], f["plan_start"])
	case e.Entity == "go-live item" && f["problem"] == "ambiguous":
		return fmt.Sprintf("“%s”对应 %s 个上线检查项；请给出其中之一：%s", id, f["matches"], f["items"])
	case e.Entity == "go-live item" && f["items"] != "":
		return fmt.Sprintf("“%s”不是上线检查项；检查项有：%s", id, f["items"])
	case e.Entity == "deliverable" && f["has"] != "":
		return fmt.Sprintf("%s 没有交付物“%s”（已有：%s）", f["milestone"], f["deliverable"], strings.ReplaceAll(f["has"], ", ", "、"))
	case f["problem"] == "no-plan":
		return fmt.Sprintf("项目还没有计划，因此没有%s %s", noun, id)
	case e.Entity == "entity" && e.Code == crmflow.ENOTFOUND:
		return fmt.Sprintf("数据字典中没有“%s”的字段", id)
	case e.Entity == "file" && f["problem"] == "not-a-database":
		return fmt.Sprintf("%s 无法作为数据库读取（文件已损坏或不是数据库）", id)
	case e.Entity == "file" && f["problem"] == "no-file":
		return id + "：没有这个文件"
	case e.Entity == "file" && f["problem"] == "folder":
		return id + "：这是文件夹，不是文件"
	case e.Entity == "file" && f["problem"] == "permission":
		return id + "：无法读取（没有权限）"
	case e.Entity == "file" && f["problem"] == "unreadable":
		return id + "：无法读取"
	case e.Entity == "file" && f["problem"] == "too-large":
		return fmt.Sprintf("%s 有 %s MB，超过了 %s MB 的上限", id, f["size_mb"], f["limit_mb"])
	case e.Entity == "file" && f["problem"] == "integrity":
		return fmt.Sprintf("%s 未通过完整性检查", id)
	}

	// A date written wrong, the same whichever command reads it.
	if why := f["why"]; why != "" {
		return fmt.Sprintf("“%s”不是有效日期：%s", f["value"], crmflow.DateWhyZH(f))
	}
	// A value that is not one of the choices, or not of the right form.
	switch f["problem"] {
	case "disk-full":
		return fmt.Sprintf("存放 %s 的磁盘已满；没有写入任何内容", f["file"])
	case "read-only":
		return fmt.Sprintf("工作区 %s 是只读的（文件或其所在文件夹不可写）；没有写入任何内容", f["file"])
	case "corrupt":
		if f["open"] == "yes" {
			return fmt.Sprintf("%s 已损坏或不是 crmflow 数据库（%s）", f["file"], f["detail"])
		}
		return fmt.Sprintf("工作区 %s 已损坏（%s）；没有写入任何内容", f["file"], f["detail"])
	case "io":
		return fmt.Sprintf("无法读写 %s（%s）；没有写入任何内容", f["file"], f["detail"])
	case "choice":
		return fmt.Sprintf("%s“%s”不是可选值之一：%s", zhField(f["field"]), f["value"], f["choices"])
	case "days":
		return fmt.Sprintf("%s：“%s”不是天数（例如 3d、1.5、4h、2w）", f["field"], f["value"])
	case "criterion":
		return fmt.Sprintf("--criteria-rm“%s”不是验收标准的序号（1、2、……）", f["value"])
	case "score":
		return fmt.Sprintf("%s“%s”不是 1 到 5 的整数", zhField(f["field"]), f["value"])
	case "amount":
		return fmt.Sprintf("%s：“%s”不是金额（例如 6000、6,000、1.2万）", f["field"], f["value"])
	case "id":
		return fmt.Sprintf("“%s”不是%s编号（例如 %s）", f["value"], noun, f["example"])
	}
	if f["required"] != "" {
		return "缺少必需的选项 " + f["required"]
	}
	if f["missing"] != "" && e.Code == crmflow.EINVALID && f["empty"] == "yes" {
		return zhField(f["missing"]) + "不能为空"
	}

	// A record that does not exist.
	if e.Code == crmflow.ENOTFOUND && e.Entity != "" {
		switch {
		case f["ref"] != "":
			return fmt.Sprintf("没有编号或名称为“%s”的%s", f["ref"], noun)
		case id != "" && e.Entity == "plan template":
			return fmt.Sprintf("没有计划模板“%s”（可用模板：%s）", id, f["templates"])
		case id != "":
			return fmt.Sprintf("%s %s 不存在", noun, id)
		case e.Entity == "plan":
			return "项目还没有计划"
		}
	}
	return ""
}

// statusZH names a requirement status in Chinese.
func statusZH(s string) string { return requirements.Status(s).Name(crmflow.LangZH) }

// statusesZH names a comma-separated list of statuses in Chinese.
func statusesZH(list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		parts[i] = statusZH(strings.TrimSpace(p))
	}
	return strings.Join(parts, "、")
}

func crStateZH(s string) string {
	if n := change.State(s).Name(crmflow.LangZH); n != "" {
		return n
	}
	return s
}

// zhUsage says cobra's complaints about how a command was called in
// Chinese; the flag and argument names in them stay as typed.
var zhUsage = sync.OnceValue(func() []zhUsageRule {
	return []zhUsageRule{
		{regexp.MustCompile(`^unknown flag: (.+)$`), "未知选项：$1"},
		{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.+)$`), "未知选项：$2"},
		{regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"`), "“$2”没有子命令“$1”"},
		{regexp.MustCompile(`^flag needs an argument: (.+)$`), "选项 $1 需要一个值"},
		{regexp.MustCompile(`^invalid argument "([^"]*)" for "([^"]*)" flag: .*$`), "选项 $2 的值“$1”无效"},
		{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "需要 $1 个参数，实际给了 $2 个"},
		{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "最多 $1 个参数，实际给了 $2 个"},
		{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "至少需要 $1 个参数，实际只给了 $2 个"},
		{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), "需要 $1 到 $2 个参数，实际给了 $3 个"},
	}
})

type zhUsageRule struct {
	re *regexp.Regexp
	zh string
}

// requiredFlags is cobra's complaint about required flags: `required flag(s) "a", "b" not set`.
var requiredFlags = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^required flag\(s\) (.+) not set$`) })

// usageText is a usage error's message in the project's language.
func usageText(msg string, lang crmflow.Lang) string {
	if lang != crmflow.LangZH {
		return msg
	}
	if m := requiredFlags().FindStringSubmatch(msg); m != nil {
		names := strings.Split(m[1], " ")
		for i, n := range names {
			names[i] = "--" + strings.Trim(n, `",`)
		}
		return "缺少必需的选项 " + strings.Join(names, "、")
	}
	for _, u := range zhUsage() {
		if u.re.MatchString(msg) {
			return u.re.ReplaceAllString(msg, u.zh)
		}
	}
	return msg
}

// zhOr is zh in a project known to be Chinese, en otherwise: for the words
// around errors, which stay English when no workspace says the language.
func zhOr(lang crmflow.Lang, zh, en string) string {
	if lang == crmflow.LangZH {
		return zh
	}
	return en
}

// langOf is the language of the workspace behind a use-case interface,
// "" when it does not say (a test's stand-in): messages are English then.
func langOf(ctx context.Context, a any) crmflow.Lang {
	if l, ok := a.(interface {
		Lang(context.Context) crmflow.Lang
	}); ok {
		return l.Lang(ctx)
	}
	return ""
}
