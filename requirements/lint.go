package requirements

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Severity says how bad a lint finding is.
type Severity string

// The severities. An error makes a requirement incomplete (a placeholder, no
// acceptance criteria); a warning asks for a person's judgement.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// LintFinding is one problem the quality lint found in a requirement.
type LintFinding struct {
	ID         string   `json:"id"`                 // requirement ID
	Rule       string   `json:"rule"`               // weak-word, placeholder, no-criteria, near-duplicate, singular
	Severity   Severity `json:"severity"`           // error or warning
	Field      string   `json:"field"`              // title, description, criteria, criteria[2] (1-based)
	Word       string   `json:"word,omitempty"`     // the flagged word, for weak-word, placeholder and singular
	Category   string   `json:"category,omitempty"` // subjective, no-number, loophole, vague-quantity, universal, weak-modal, vague-pronoun, placeholder
	Message    string   `json:"message"`            // an English sentence
	Suggestion string   `json:"suggestion,omitempty"`
	Related    string   `json:"related,omitempty"` // for near-duplicate: the other requirement's ID
}

// NearDuplicateThreshold is the Dice similarity of the character bigrams of two
// normalized titles at or above which the titles are reported as near-duplicates.
const NearDuplicateThreshold = 0.8

// The lint rules.
const (
	lintRuleWeakWord      = "weak-word"
	lintRulePlaceholder   = "placeholder"
	lintRuleNoCriteria    = "no-criteria"
	lintRuleNearDuplicate = "near-duplicate"
	lintRuleSingular      = "singular"
)

// The weak-word categories. Chinese words use the same keys.
const (
	lintCatSubjective    = "subjective"     // user-friendly, 易用
	lintCatNoNumber      = "no-number"      // fast, 快速
	lintCatLoophole      = "loophole"       // as appropriate, 尽量, 等
	lintCatVagueQuantity = "vague-quantity" // several, 若干, 通常
	lintCatUniversal     = "universal"      // all, 所有
	lintCatWeakModal     = "weak-modal"     // should, may, 可能
	lintCatVaguePronoun  = "vague-pronoun"  // it/this/that/they at the start of a statement
	lintCatPlaceholder   = "placeholder"    // TBD, 待定
)

// lintCategoryText holds, per category, how the message describes a hit and
// the English advice used when the word's own fix text is Chinese.
var lintCategoryText = map[string][2]string{
	lintCatSubjective:    {"is subjective", "replace it with a measurable criterion"},
	lintCatNoNumber:      {"has no number", "give a number and a unit"},
	lintCatLoophole:      {"is open-ended or a loophole", "state exactly what is required, or list every item"},
	lintCatVagueQuantity: {"is a vague quantity or comparison", "give the exact number, range or baseline"},
	lintCatUniversal:     {"is a universal term", "check that there really is no exception; otherwise list the cases and exceptions"},
	lintCatWeakModal:     {"is a weak modal", `use "shall" for mandatory behaviour and move optional behaviour to its own requirement`},
	lintCatVaguePronoun:  {"is a vague pronoun at the start of the statement", "name the subject explicitly"},
	lintCatPlaceholder:   {"is a placeholder", "replace it with the actual content before the requirement is confirmed"},
}

// lintProseExempt lists the categories not checked in the description: weak
// modals and leading pronouns are normal in prose, but not in a title or an
// acceptance criterion.
var lintProseExempt = map[string]bool{lintCatWeakModal: true, lintCatVaguePronoun: true}

// lintCond is an extra condition a word must meet to be reported.
type lintCond int

const (
	lintAlways        lintCond = iota
	lintNoDuration             // not reported when the requirement states a number with a time unit anywhere ("5 秒内", "within 2 s")
	lintNoNumberAfter          // not reported when a number follows ("at least 3")
	lintNotMonth               // "may": not reported next to a day number ("May 1", "1 May")
	lintEnumEnd                // 等: only at the end of an enumeration (see lintIsEnumEnd)
	lintAtStart                // only as the first word of the field
	lintNoDigits               // not reported when the field holds any digit (稳定/可靠 with a figure)
	lintXXRun                  // a standalone run of two or more x/X ("XX公司", "xx")
	lintQuestionRun            // three or more question marks
)

// lintBoundary says how a match must be delimited.
type lintBoundary int

const (
	lintSubstring  lintBoundary = iota // Chinese: a plain substring (exceptions handle compounds)
	lintWordBound                      // English: not inside a word; hyphens and apostrophes join words ("fast-track", "can't")
	lintAlnumBound                     // placeholders: no ASCII letter or digit on either side
)

// lintWord is one entry of a weak-word table.
type lintWord struct {
	word  string   // lowercase for English
	fix   string   // suggested fix: English for English words, Chinese for Chinese words
	cond  lintCond // extra condition, lintAlways by default
	notIn []string // compounds in which the word is not weak (所有人, 可能性, 一般纳税人)
}

// lintGroup is a category of a weak-word table.
type lintGroup struct {
	category string
	words    []lintWord
}

func lintFix(fix string, words ...string) []lintWord {
	out := make([]lintWord, len(words))
	for i, w := range words {
		out[i] = lintWord{word: w, fix: fix}
	}
	return out
}

func lintJoin(lists ...[]lintWord) []lintWord { return slices.Concat(lists...) }

// lintEnglishWords is the English weak-word table, matched case-insensitively
// on word boundaries. Inflections that are just as vague are listed explicitly
// ("fastest", "quickly"); anything else inside a longer word ("breakfast",
// "Allow") is not a hit.
var lintEnglishWords = []lintGroup{
	{lintCatSubjective, lintJoin(
		lintFix(`name the user task and a measurable target (e.g. "a new sales rep logs a visit in at most 3 taps")`,
			"user-friendly", "user friendly", "easy to use", "easy-to-use"),
		lintFix("state what a first-time user can do without training, and how that is checked", "intuitive"),
		lintFix("say what makes it simple: the number of steps, fields or clicks", "simple"),
		lintFix("state the integration behaviour: what data moves, when, and what happens on failure", "seamless", "seamlessly"),
		lintFix("say exactly what is shown or logged, and to whom", "transparent"),
		lintFix("describe the exact behaviour on failure: message, retry, data kept", "graceful", "gracefully"),
		lintFix("list the failure cases it must survive and the expected result", "robust"),
		lintFix("list the variations that must be configurable", "flexible"),
		lintFix("give a measurable target (time, steps or resources)", "efficient", "efficiently"),
		lintFix("name the design standard, browsers or OS versions", "modern"),
		lintFix("name the technology or the benchmark to meet", "state-of-the-art"),
		lintFix("replace the superlative with a measurable target", "best", "optimal", "optimally"),
	)},
	{lintCatNoNumber, lintJoin(
		lintFix(`say how fast (e.g. "within 2 s")`, "fast", "faster", "fastest", "quick", "quickly", "quicker", "rapid", "rapidly"),
		lintFix(`give a response time (e.g. "95% of pages load within 2 s") or name the screen sizes`, "responsive"),
		[]lintWord{
			{word: "real-time", fix: `give the maximum delay (e.g. "visible to other users within 5 s")`, cond: lintNoDuration},
			{word: "realtime", fix: `give the maximum delay (e.g. "visible to other users within 5 s")`, cond: lintNoDuration},
			{word: "real time", fix: `give the maximum delay (e.g. "visible to other users within 5 s")`, cond: lintNoDuration},
		},
		lintFix(`give a deadline (e.g. "within 1 business day")`, "timely", "promptly"),
		lintFix(`give a number (e.g. "up to 100,000 records")`, "large", "huge"),
		lintFix("give the maximum value", "minimal"),
		lintFix("give the threshold as a number or percentage", "significant", "significantly"),
		lintFix("give the minimum value", "sufficient", "adequate"),
		lintFix("give the value or the range", "reasonable"),
	)},
	{lintCatLoophole, lintJoin(
		lintFix("state exactly when it applies and what happens then",
			"as appropriate", "as applicable", "as required", "as needed", "when necessary", "if necessary"),
		lintFix("decide: either it is required (state it) or it is not (remove it)", "if possible", "where possible", "if practical"),
		lintFix("list every item, or point to the complete list", "etc", "and so on"),
		lintFix("give the complete list, or say where the complete list is", "such as", "including but not limited to"),
		[]lintWord{
			{word: "at least", fix: "give the minimum as a number", cond: lintNoNumberAfter},
			{word: "at most", fix: "give the maximum as a number", cond: lintNoNumberAfter},
		},
		lintFix("split it into separate requirements, or say whether both, either or exactly one is meant", "and/or"),
	)},
	{lintCatVagueQuantity, lintJoin(
		lintFix("give the exact value, or a range with a tolerance", "approximately", "about", "around"),
		lintFix("give the number, or list the items", "several", "some", "many", "few", "various"),
		lintFix("give the percentage, or list the cases", "most"),
		lintFix("state the conditions, and what happens in the other cases", "normally", "typically", "usually", "generally"),
		lintFix("say compared with what, and by how much", "better", "improved", "enhanced"),
		lintFix("give the target value", "maximize", "minimize", "optimize", "maximise", "minimise", "optimise"),
	)},
	{lintCatUniversal, lintFix("check that there really is no exception; otherwise list the cases and exceptions",
		"all", "every", "always", "never", "any")},
	{lintCatWeakModal, []lintWord{
		{word: "should", fix: `use "shall" for mandatory behaviour; move optional behaviour to its own requirement`},
		{word: "may", fix: `use "shall" for mandatory behaviour; move optional behaviour to its own requirement`, cond: lintNotMonth},
		{word: "might", fix: `use "shall" for mandatory behaviour; move optional behaviour to its own requirement`},
		{word: "could", fix: `use "shall" for mandatory behaviour; move optional behaviour to its own requirement`},
		{word: "can", fix: `use "shall" for mandatory behaviour; move optional behaviour to its own requirement`},
	}},
	{lintCatVaguePronoun, []lintWord{
		{word: "it", fix: `name the subject (e.g. "the system", "the sales rep")`, cond: lintAtStart},
		{word: "this", fix: `name the subject (e.g. "the system", "the sales rep")`, cond: lintAtStart},
		{word: "that", fix: `name the subject (e.g. "the system", "the sales rep")`, cond: lintAtStart},
		{word: "they", fix: `name the subject (e.g. "the system", "the sales rep")`, cond: lintAtStart},
	}},
}

// lintChineseWords is the Chinese weak-word table (中文模糊词), matched as
// substrings. Where a longer listed word contains a shorter one (尽可能/可能,
// 等等/等, 用户友好/友好) the longer one wins. notIn lists compounds that are
// precise terms, not weak words.
var lintChineseWords = []lintGroup{
	{lintCatSubjective, lintJoin(
		lintFix("说明具体的用户任务和可度量的目标（如“新销售 3 步内完成拜访录入”）", "用户友好", "友好", "易用", "人性化"),
		lintFix("说明操作步骤数或耗时上限", "方便", "便捷"),
		lintFix("说明步骤数、字段数或点击次数", "简单"),
		lintFix("说明新用户无需培训即可完成的操作及验证方法", "直观"),
		lintFix("列出需要可配置的具体项", "灵活"),
		lintFix("引用具体的界面规范或原型", "美观"),
		lintFix("说明具体规则、输入和输出", "智能"),
		lintFix("指明具体技术或对标指标", "先进"),
		lintFix("列出需要覆盖的具体功能点或范围", "完善", "全面"),
		lintFix("说明具体能力和量化指标", "强大"),
		[]lintWord{
			{word: "稳定", fix: "给出可用性或故障指标（如“月可用性 ≥ 99.9%”）", cond: lintNoDigits},
			{word: "可靠", fix: "给出可用性或故障指标（如“月可用性 ≥ 99.9%”）", cond: lintNoDigits},
		},
		lintFix("给出性能指标（如“95% 的查询 2 秒内返回”）", "高效", "高性能"),
		lintFix("给出具体的取值或判断规则", "合理", "恰当"),
		lintFix("用可度量的目标代替最高级", "最优", "最佳"),
	)},
	{lintCatNoNumber, lintJoin(
		lintFix("说明具体时限（如“2 秒内”）", "快速", "迅速"),
		lintFix("给出明确时限（如“1 个工作日内”）", "及时", "尽快"),
		[]lintWord{{word: "实时", fix: "给出最大延迟（如“5 秒内同步到其他用户”）", cond: lintNoDuration}},
		lintFix("说明可用时段（如“7×24 小时”）", "随时"),
	)},
	{lintCatVagueQuantity, lintJoin(
		lintFix("给出准确数值或带容差的范围", "大概", "大约", "基本上", "原则上"),
		[]lintWord{{word: "左右", fix: "给出准确数值或带容差的范围",
			notIn: []string{"左右滑动", "左右滑", "左右两侧", "左右布局", "左右切换", "左右对齐", "左右分栏"}}},
		lintFix("给出具体数量或列出清单", "若干", "一些", "多种"),
		[]lintWord{{word: "部分", fix: "给出具体数量或列出清单",
			notIn: []string{"部分回款", "部分付款", "部分收款", "部分发货", "部分退款", "部分出库", "部分入库", "部分成交", "部分开票"}}},
		lintFix("给出具体数量级（如“不超过 10 万条”）", "大量", "海量", "少量"),
		[]lintWord{
			{word: "一般情况下", fix: "说明适用条件，以及其他情况如何处理"},
			{word: "一般", fix: "说明适用条件，以及其他情况如何处理", notIn: []string{"一般纳税人"}},
			{word: "通常", fix: "说明适用条件，以及其他情况如何处理"},
		},
	)},
	{lintCatWeakModal, []lintWord{
		{word: "可能", fix: "明确是必须实现还是可选；可选内容单列一条需求", notIn: []string{"可能性", "不可能"}},
		{word: "也许", fix: "明确是必须实现还是可选；可选内容单列一条需求"},
		{word: "或许", fix: "明确是必须实现还是可选；可选内容单列一条需求"},
	}},
	{lintCatLoophole, lintJoin(
		lintFix("写明触发条件和具体做法", "视情况", "尽量", "尽可能", "适当", "必要时", "如有必要", "酌情", "根据需要", "视需要"),
		[]lintWord{{word: "等", fix: "列出完整清单，或引用清单出处", cond: lintEnumEnd}},
		lintFix("列出完整清单，或引用清单出处", "等等", "包括但不限于", "其他", "类似"),
		[]lintWord{{word: "相关", fix: "指明具体对象（哪些数据、模块或人员）", notIn: []string{"相关列表"}}},
		lintFix("指明具体对象（哪些数据、模块或人员）", "有关"),
		lintFix("写明需要沿用的具体功能和规则，并附截图或文档", "参照现有系统"),
		lintFix("拆成独立的需求，或写明两者都要、任选其一还是只能其一", "和/或", "及/或"),
	)},
	{lintCatUniversal, []lintWord{
		{word: "所有", fix: "确认确实没有例外，否则列出适用范围和例外", notIn: []string{"所有人", "所有者", "所有权"}},
		{word: "任何", fix: "确认确实没有例外，否则列出适用范围和例外"},
		{word: "一切", fix: "确认确实没有例外，否则列出适用范围和例外"},
		{word: "永远", fix: "确认确实没有例外，否则列出适用范围和例外"},
		{word: "从不", fix: "确认确实没有例外，否则列出适用范围和例外"},
		{word: "绝不", fix: "确认确实没有例外，否则列出适用范围和例外"},
	}},
}

// lintPlaceholders are reported as errors in every field.
var lintPlaceholders = struct {
	english []lintWord // ASCII tokens, case-insensitive, no letter or digit on either side
	chinese []lintWord // substrings
}{
	english: []lintWord{
		{word: "tbd", fix: "replace TBD with the decided content"},
		{word: "tbc", fix: "confirm the content and remove TBC"},
		{word: "tbr", fix: "resolve the open point and remove TBR"},
		{word: "tbs", fix: "supply the content and remove TBS"},
		{word: "xx", fix: "replace XX with the actual name or value", cond: lintXXRun},
		{word: "???", fix: "replace ??? with the actual content", cond: lintQuestionRun},
		{word: "？？？", fix: "replace ？？？ with the actual content", cond: lintQuestionRun},
	},
	chinese: lintFix("补充具体内容，确认后再将需求置为已确认", "待定", "待确认", "另行约定", "后续补充"),
}

// lintEntry is a flattened table entry, ready for matching.
type lintEntry struct {
	lintWord
	display  string // the Word reported
	category string
	rule     string
	severity Severity
	english  bool // the fix text is English
	boundary lintBoundary
}

// lintTable indexes the entries by their first rune, longest word first.
type lintTable struct {
	ascii [utf8.RuneSelf][]*lintEntry
	other map[rune][]*lintEntry
}

// lintEntries is built on first use, so commands that never lint do not pay for it.
var lintEntries = sync.OnceValue(buildLintTable)

func buildLintTable() *lintTable {
	var all []*lintEntry
	add := func(groups []lintGroup, english bool) {
		for _, g := range groups {
			for _, w := range g.words {
				b := lintSubstring
				if english {
					b = lintWordBound
				}
				all = append(all, &lintEntry{lintWord: w, display: w.word, category: g.category,
					rule: lintRuleWeakWord, severity: SeverityWarning, english: english, boundary: b})
			}
		}
	}
	add(lintEnglishWords, true)
	add(lintChineseWords, false)
	for _, w := range lintPlaceholders.english {
		d := strings.ToUpper(w.word)
		if w.cond == lintQuestionRun {
			d = "???"
		}
		all = append(all, &lintEntry{lintWord: w, display: d, category: lintCatPlaceholder,
			rule: lintRulePlaceholder, severity: SeverityError, english: true, boundary: lintAlnumBound})
	}
	for _, w := range lintPlaceholders.chinese {
		all = append(all, &lintEntry{lintWord: w, display: w.word, category: lintCatPlaceholder,
			rule: lintRulePlaceholder, severity: SeverityError, boundary: lintSubstring})
	}
	t := &lintTable{other: map[rune][]*lintEntry{}}
	for _, e := range all {
		if e.word != lintASCIILower(e.word) {
			panic("lint: table word " + e.word + " is not lowercase")
		}
		r, _ := utf8.DecodeRuneInString(e.word)
		if r < utf8.RuneSelf {
			t.ascii[r] = append(t.ascii[r], e)
		} else {
			t.other[r] = append(t.other[r], e)
		}
	}
	byLen := func(a, b *lintEntry) int {
		if c := cmp.Compare(len(b.word), len(a.word)); c != 0 {
			return c
		}
		return strings.Compare(a.word, b.word)
	}
	for i := range t.ascii {
		slices.SortStableFunc(t.ascii[i], byLen)
	}
	for r := range t.other {
		slices.SortStableFunc(t.other[r], byLen)
	}
	return t
}

func (t *lintTable) candidates(r rune) []*lintEntry {
	if r >= 0 && r < utf8.RuneSelf {
		return t.ascii[r]
	}
	return t.other[r]
}

// lintDuration finds a number with a time unit: "5 秒", "两分钟", "200ms", "2 s".
var lintDuration = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:[0-9０-９]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千]+)\s*` +
		`(?:毫秒|秒|分钟|个小时|小时|个工作日|工作日|天|(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b)`)
})

// lintNumberWords count as a number after "at least"/"at most".
var lintNumberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true,
	"twenty": true, "fifty": true, "hundred": true, "thousand": true, "once": true, "twice": true}

// 等 is not an "etc." next to these runes: 等级 等待 等于 等同 等候 等效 等额 等比
// 等分 等号 等量 等价 等距 等式 等值 等宽 等高 等长 等到 等着; 同等 平等 相等 对等
// 均等 高等 中等 初等 上等 次等 不等 优等 特等 头等 一等 二等 三等 何等 劣等.
const (
	lintDengNext = "级待于同候效额比分号量价距式值宽高长到着"
	lintDengPrev = "同平相对均高中初上次不优特头一二三何劣"
)

// lintIsEnumEnd reports whether the 等 at s[start:end] ends an enumeration: it
// is not part of a compound such as 等级 or 等待, is not followed by a number
// (等 5 秒 is "wait"), and either closes the text or sentence ("……导出 Excel 等。")
// or has an enumeration comma (、，,) at most 20 runes before it within the
// same sentence ("客户、联系人等").
func lintIsEnumEnd(s string, start, end int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:start])
	next, _ := utf8.DecodeRuneInString(s[end:])
	if start > 0 && strings.ContainsRune(lintDengPrev, prev) || end < len(s) && strings.ContainsRune(lintDengNext, next) {
		return false
	}
	rest := strings.TrimLeftFunc(s[end:], unicode.IsSpace)
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsDigit(r) {
		return false
	}
	if strings.ContainsRune("。；;！？!?.)）", r) {
		return true
	}
	i := start
	for n := 0; n < 20 && i > 0; n++ {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
		switch r {
		case '、', '，', ',':
			return true
		case '。', '；', ';', '！', '？', '!', '?', '\n':
			return false
		}
	}
	return false
}

// lintASCIILower lowercases ASCII letters only, so byte offsets stay valid.
func lintASCIILower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func lintIsASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// lintIsWordRune: ASCII letters and digits, '_' and Latin letters (café).
func lintIsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return lintIsASCIIAlnum(r) || r == '_'
	}
	return unicode.Is(unicode.Latin, r)
}

// lintIsJoiner: hyphens and apostrophes continue a word when a word rune is on
// the other side ("fast-track", "can't").
func lintIsJoiner(r rune) bool { return r == '-' || r == '\'' || r == '’' }

// lintWordBefore reports whether s[:p] ends inside a word.
func lintWordBefore(s string, p int) bool {
	if p == 0 {
		return false
	}
	r, w := utf8.DecodeLastRuneInString(s[:p])
	if lintIsWordRune(r) {
		return true
	}
	if lintIsJoiner(r) && p-w > 0 {
		r2, _ := utf8.DecodeLastRuneInString(s[:p-w])
		return lintIsWordRune(r2)
	}
	return false
}

// lintWordAfter reports whether s[e:] starts by continuing a word.
func lintWordAfter(s string, e int) bool {
	if e >= len(s) {
		return false
	}
	r, w := utf8.DecodeRuneInString(s[e:])
	if lintIsWordRune(r) {
		return true
	}
	if lintIsJoiner(r) && e+w < len(s) {
		r2, _ := utf8.DecodeRuneInString(s[e+w:])
		return lintIsWordRune(r2)
	}
	return false
}

// lintNumberAfter reports whether a number (digits or a number word) follows s[e:].
func lintNumberAfter(s string, e int) bool {
	rest := strings.TrimLeftFunc(s[e:], unicode.IsSpace)
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsDigit(r) || strings.ContainsRune("一二两三四五六七八九十百千万", r) {
		return true
	}
	end := strings.IndexFunc(rest, func(r rune) bool { return !lintIsWordRune(r) })
	if end < 0 {
		end = len(rest)
	}
	return lintNumberWords[rest[:end]]
}

// lintExcepted reports whether the match of e at p lies inside one of its notIn compounds.
func lintExcepted(s string, p int, e *lintEntry) bool {
	for _, c := range e.notIn {
		for k := strings.Index(c, e.word); k >= 0; {
			if p-k >= 0 && strings.HasPrefix(s[p-k:], c) &&
				(e.boundary != lintWordBound || !lintWordBefore(s, p-k) && !lintWordAfter(s, p-k+len(c))) {
				return true
			}
			next := strings.Index(c[k+1:], e.word)
			if next < 0 {
				break
			}
			k += 1 + next
		}
	}
	return false
}

// lintMatchAt returns the end of e's match at p, or -1.
func lintMatchAt(s string, p int, e *lintEntry) int {
	var end int
	switch e.cond {
	case lintXXRun:
		if prev, _ := utf8.DecodeLastRuneInString(s[:p]); p > 0 && lintIsASCIIAlnum(prev) {
			return -1 // checked first, so a long run of x is not rescanned at every position
		}
		end = p
		for end < len(s) && s[end] == 'x' {
			end++
		}
		if end-p < 2 {
			return -1
		}
	case lintQuestionRun:
		if !strings.HasPrefix(s[p:], e.word) {
			return -1
		}
		r, w := utf8.DecodeRuneInString(e.word)
		end = p
		for strings.HasPrefix(s[end:], string(r)) {
			end += w
		}
	default:
		if !strings.HasPrefix(s[p:], e.word) {
			return -1
		}
		end = p + len(e.word)
	}
	switch e.boundary {
	case lintWordBound:
		if lintWordBefore(s, p) || lintWordAfter(s, end) {
			return -1
		}
	case lintAlnumBound:
		if e.cond == lintQuestionRun {
			break
		}
		before, _ := utf8.DecodeLastRuneInString(s[:p])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if p > 0 && lintIsASCIIAlnum(before) || end < len(s) && lintIsASCIIAlnum(after) {
			return -1
		}
	}
	if len(e.notIn) > 0 && lintExcepted(s, p, e) {
		return -1
	}
	return end
}

// lintFieldFacts are facts about a whole field, computed at most once.
type lintFieldFacts struct {
	s           string
	hasDuration func() bool // the requirement gives a delay somewhere
	firstWord   int         // byte offset of the first letter or digit, -2 until known
	hasDigit    int         // 0 unknown, 1 no, 2 yes
}

// lintCondHolds reports whether a matched word is really weak in context.
func lintCondHolds(f *lintFieldFacts, p, end int, e *lintEntry) bool {
	s := f.s
	switch e.cond {
	case lintNoDuration:
		return !f.hasDuration()
	case lintNoNumberAfter:
		return !lintNumberAfter(s, end)
	case lintNotMonth:
		if lintNumberAfter(s, end) {
			return false
		}
		before := strings.TrimRightFunc(s[:p], unicode.IsSpace)
		r, _ := utf8.DecodeLastRuneInString(before)
		return before == "" || !unicode.IsDigit(r)
	case lintEnumEnd:
		return lintIsEnumEnd(s, p, end)
	case lintAtStart:
		if f.firstWord == -2 {
			f.firstWord = strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		}
		return f.firstWord == p
	case lintNoDigits:
		if f.hasDigit == 0 {
			f.hasDigit = 1
			if strings.IndexFunc(s, unicode.IsDigit) >= 0 {
				f.hasDigit = 2
			}
		}
		return f.hasDigit == 1
	}
	return true
}

// lintText scans one field. Matching is leftmost-longest: at each position the
// longest word that fits wins and covers its span, even when its condition
// suppresses it ("at least 3" hides "least"; "尽可能" hides "可能").
func lintText(id, field, text string, prose bool, hasDuration func() bool, out []LintFinding) []LintFinding {
	s := lintASCIILower(text)
	facts := &lintFieldFacts{s: s, hasDuration: hasDuration, firstWord: -2}
	seen := map[string]bool{}
	for p := 0; p < len(s); {
		r, w := utf8.DecodeRuneInString(s[p:])
		end := -1
		var hit *lintEntry
		for _, e := range lintEntries().candidates(r) {
			if prose && lintProseExempt[e.category] {
				continue
			}
			if end = lintMatchAt(s, p, e); end >= 0 {
				hit = e
				break
			}
		}
		if hit == nil {
			p += w
			continue
		}
		key := hit.rule + "\x00" + hit.display
		if !seen[key] && lintCondHolds(facts, p, end, hit) {
			seen[key] = true
			out = append(out, lintWordFinding(id, field, hit))
		}
		p = end
	}
	return out
}

func lintWordFinding(id, field string, e *lintEntry) LintFinding {
	text := lintCategoryText[e.category]
	advice := text[1]
	if e.english {
		advice = e.fix
	}
	return LintFinding{
		ID: id, Rule: e.rule, Severity: e.severity, Field: field, Word: e.display, Category: e.category,
		Message:    fmt.Sprintf("%q %s; %s", e.display, text[0], advice),
		Suggestion: e.fix,
	}
}

// lintSingular flags titles that join several requirements: 以及, a semicolon
// or "as well as".
func lintSingular(id, title string, out []LintFinding) []LintFinding {
	s := lintASCIILower(title)
	for _, w := range []string{"以及", "；", ";", "as well as"} {
		i := strings.Index(s, w)
		if i < 0 || w == "as well as" && (lintWordBefore(s, i) || lintWordAfter(s, i+len(w))) {
			continue
		}
		out = append(out, LintFinding{
			ID: id, Rule: lintRuleSingular, Severity: SeverityWarning, Field: "title", Word: w,
			Message:    fmt.Sprintf("the title joins several statements with %q; a requirement should state one thing", w),
			Suggestion: "split it into one requirement per statement and link them",
		})
	}
	return out
}

// lintIDKey orders IDs: REQ-nnn (or any ID ending in digits) by number, then the rest by text.
func lintIDKey(id string) (int, bool) {
	t := strings.TrimSpace(id)
	i := len(t)
	for i > 0 && t[i-1] >= '0' && t[i-1] <= '9' {
		i--
	}
	digits := strings.TrimLeft(t[i:], "0")
	if i == len(t) || len(digits) > 9 {
		return 0, false
	}
	prefix := strings.TrimRight(strings.ToUpper(t[:i]), "-")
	if prefix != "" && prefix != "REQ" {
		return 0, false
	}
	n, _ := strconv.Atoi("0" + digits)
	return n, true
}

func lintCompareIDs(a, b string) int {
	na, oka := lintIDKey(a)
	nb, okb := lintIDKey(b)
	switch {
	case oka && okb:
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

// lintFieldRank orders fields: title, description, criteria, criteria[1], criteria[2], ...
func lintFieldRank(f string) int {
	switch f {
	case "title":
		return 0
	case "description":
		return 1
	case "criteria":
		return 2
	}
	if rest, ok := strings.CutPrefix(f, "criteria["); ok {
		if n, err := strconv.Atoi(strings.TrimSuffix(rest, "]")); err == nil && n >= 0 && n < math.MaxInt32 {
			return 3 + n
		}
	}
	return math.MaxInt
}

func lintCompareFindings(a, b LintFinding) int {
	if c := lintCompareIDs(a.ID, b.ID); c != 0 {
		return c
	}
	if c := cmp.Compare(lintFieldRank(a.Field), lintFieldRank(b.Field)); c != 0 {
		return c
	}
	for _, p := range [][2]string{{a.Field, b.Field}, {a.Rule, b.Rule}, {a.Word, b.Word}, {a.Related, b.Related},
		{a.Category, b.Category}, {string(a.Severity), string(b.Severity)}, {a.Message, b.Message}, {a.Suggestion, b.Suggestion}} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	return 0
}

// Lint checks a register for quality problems:
//
//   - weak-word (warning): vague words from the English and Chinese tables in
//     the title, description and each criterion, each word at most once per
//     field; weak modals and leading pronouns only in the title and criteria;
//     "real-time"/"实时" only when the requirement gives no delay (a number
//     with a time unit) anywhere; 等 only at the end of an enumeration;
//   - placeholder (error): TBD, TBC, TBR, TBS, ???, a standalone XX, 待定,
//     待确认, 另行约定, 后续补充 in any of those fields;
//   - no-criteria (error): no acceptance criteria, unless rejected or deferred;
//   - near-duplicate (warning): normalized titles whose character bigrams have a
//     Dice similarity of at least NearDuplicateThreshold, reported once per
//     pair on the later ID with Related set to the earlier one;
//   - singular (warning): a title joining statements with 以及, ; or "as well as".
//
// Findings are sorted by requirement ID (numeric order of REQ-nnn), then field
// (title, description, criteria[1], ...), then rule, then word. The result is
// never nil.
func Lint(reqs []Requirement) []LintFinding {
	out := []LintFinding{}
	for i := range reqs {
		r := &reqs[i]
		// "real-time"/"实时" is defined when the requirement gives a delay
		// anywhere: the title is short, the criteria carry the numbers.
		durationKnown, duration := false, false
		hasDuration := func() bool {
			if !durationKnown {
				durationKnown = true
				re := lintDuration()
				duration = re.MatchString(r.Title) || re.MatchString(r.Description) ||
					slices.ContainsFunc(r.Criteria, re.MatchString)
			}
			return duration
		}
		out = lintText(r.ID, "title", r.Title, false, hasDuration, out)
		out = lintSingular(r.ID, r.Title, out)
		out = lintText(r.ID, "description", r.Description, true, hasDuration, out)
		n := 0
		for k, c := range r.Criteria {
			if strings.TrimSpace(c) == "" {
				continue
			}
			n++
			out = lintText(r.ID, fmt.Sprintf("criteria[%d]", k+1), c, false, hasDuration, out)
		}
		if n == 0 && r.Status != Rejected && r.Status != Deferred {
			out = append(out, LintFinding{
				ID: r.ID, Rule: lintRuleNoCriteria, Severity: SeverityError, Field: "criteria",
				Message:    "the requirement has no acceptance criteria, so it cannot be verified",
				Suggestion: "add one or more measurable acceptance criteria (Given/When/Then or a number with a unit)",
			})
		}
	}
	out = lintNearDuplicates(reqs, out)
	slices.SortStableFunc(out, lintCompareFindings)
	return out
}

// lintNormalizeTitle lowercases a title and keeps only letters and digits.
func lintNormalizeTitle(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			out = append(out, unicode.ToLower(r))
		}
	}
	return out
}

// lintOverlap is the fewest bigrams two sets of sizes a and b must share for
// their Dice similarity 2·common/(a+b) to reach the threshold.
func lintOverlap(a, b int) int {
	return max(int(math.Ceil(NearDuplicateThreshold*float64(a+b)/2-1e-9)), 1)
}

// lintMinSize is the smallest set that can reach the threshold with a set of size n.
func lintMinSize(n int) int {
	const t = NearDuplicateThreshold
	return max(int(math.Ceil(t*float64(n)/(2-t)-1e-9)), 1)
}

// lintTitleSets returns, in ID order, the distinct bigrams of each normalized
// title as gram ranks sorted rarest first (by document frequency, then first
// appearance), the positions in ID order and the number of grams.
func lintTitleSets(reqs []Requirement) (order []int, sets [][]int32, grams int) {
	n := len(reqs)
	order = make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return lintCompareIDs(reqs[a].ID, reqs[b].ID) })

	gramID := map[[2]rune]int32{}
	var df []int32
	sets = make([][]int32, n)
	seen := map[int32]bool{}
	for pos, i := range order {
		rs := lintNormalizeTitle(reqs[i].Title)
		if len(rs) == 0 {
			continue
		}
		keys := [][2]rune{{rs[0], -1}} // a one-character title is its own gram
		if len(rs) > 1 {
			keys = make([][2]rune, 0, len(rs)-1)
			for k := 0; k+1 < len(rs); k++ {
				keys = append(keys, [2]rune{rs[k], rs[k+1]})
			}
		}
		clear(seen)
		set := make([]int32, 0, len(keys))
		for _, k := range keys {
			g, ok := gramID[k]
			if !ok {
				g = int32(len(df))
				gramID[k] = g
				df = append(df, 0)
			}
			if !seen[g] {
				seen[g] = true
				set = append(set, g)
				df[g]++
			}
		}
		sets[pos] = set
	}
	byRarity := make([]int32, len(df))
	for g := range byRarity {
		byRarity[g] = int32(g)
	}
	slices.SortFunc(byRarity, func(a, b int32) int {
		if c := cmp.Compare(df[a], df[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	rank := make([]int32, len(df))
	for r, g := range byRarity {
		rank[g] = int32(r)
	}
	for _, set := range sets {
		for k, g := range set {
			set[k] = rank[g]
		}
		slices.Sort(set)
	}
	return order, sets, len(df)
}

// lintNearDuplicates finds every pair of titles whose bigram sets reach the
// threshold, without comparing all pairs (a prefix-filtering similarity join,
// as in PPJoin):
//
//   - identical sets (the same title written twice) form one group: their
//     pairs are reported without a comparison, and one member stands for the
//     group in the join;
//   - groups are joined in order of set size, so a set meets only smaller or
//     equal ones, of at least lintMinSize (length filter);
//   - grams are ranked rarest first; two sets that reach the threshold share a
//     gram among the first |x|−overlap+1 of each, so a set probes its first
//     |x|−lintMinSize(|x|)+1 grams and is indexed under its first
//     |x|−lintOverlap(|x|,|x|)+1 (every later set is at least as large);
//   - the grams a candidate shares in those prefixes are counted as they are
//     met: once the count plus what is left in either set cannot reach the
//     overlap, the candidate is dropped (positional filter);
//   - the rest is checked exactly.
//
// Common grams (客户, 管理) sit at the end of every set, so they rarely lie in
// a prefix; the work grows with the pairs that share rare grams, not with the
// square of the register.
func lintNearDuplicates(reqs []Requirement, out []LintFinding) []LintFinding {
	order, sets, grams := lintTitleSets(reqs)

	// Groups of identical sets, in ID order; the first member leads.
	var groups [][]int32 // positions in ID order
	byKey := map[string]int32{}
	for pos, set := range sets {
		if len(set) == 0 {
			continue
		}
		key := lintSetKey(set)
		g, ok := byKey[key]
		if !ok {
			g = int32(len(groups))
			byKey[key] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], int32(pos))
	}
	report := func(p, q int32, sim float64) { // p, q: positions in ID order
		if p < q {
			p, q = q, p
		}
		earlier, later := &reqs[order[q]], &reqs[order[p]]
		pct := int(math.Floor(sim*100 + 1e-9))
		out = append(out, LintFinding{
			ID: later.ID, Rule: lintRuleNearDuplicate, Severity: SeverityWarning, Field: "title",
			Related: earlier.ID,
			Message: fmt.Sprintf("the title is %d%% similar to %s (%q); the two may describe the same need",
				pct, earlier.ID, earlier.Title),
			Suggestion: "merge the two requirements, or reword the titles so that the difference is clear",
		})
	}
	for _, members := range groups {
		for i, p := range members {
			for _, q := range members[:i] {
				report(p, q, 1)
			}
		}
	}

	// The join, over the groups in order of set size. Postings carry the set
	// size, so the filters read no other set.
	gsets := make([][]int32, len(groups))
	for g, members := range groups {
		gsets[g] = sets[members[0]]
	}
	byOrder := make([]int32, len(groups))
	for g := range byOrder {
		byOrder[g] = int32(g)
	}
	slices.SortStableFunc(byOrder, func(a, b int32) int { return cmp.Compare(len(gsets[a]), len(gsets[b])) })

	type posting struct{ group, at, size int32 }
	index := make([][]posting, grams)
	start := make([]int, grams)          // per gram: postings before it are too small for every later probe
	shared := make([]int32, len(groups)) // grams shared so far; -1: dropped
	var touched []int32
	for _, g := range byOrder {
		x := gsets[g]
		minSize := int32(lintMinSize(len(x)))
		probe := len(x) - int(minSize) + 1
		for i, gram := range x[:probe] {
			list := index[gram]
			s := start[gram]
			for s < len(list) && list[s].size < minSize {
				s++
			}
			start[gram] = s
			for _, p := range list[s:] {
				c := shared[p.group]
				if c < 0 {
					continue
				}
				if c == 0 {
					touched = append(touched, p.group)
				}
				left := min(len(x)-i-1, int(p.size-p.at)-1)
				if int(c)+1+left < lintOverlap(len(x), int(p.size)) {
					shared[p.group] = -1
					continue
				}
				shared[p.group] = c + 1
			}
		}
		for _, h := range touched {
			if shared[h] > 0 {
				if sim, ok := lintDice(x, gsets[h]); ok {
					for _, p := range groups[g] {
						for _, q := range groups[h] {
							report(p, q, sim)
						}
					}
				}
			}
			shared[h] = 0
		}
		touched = touched[:0]
		indexed := len(x) - lintOverlap(len(x), len(x)) + 1
		for i, gram := range x[:indexed] {
			index[gram] = append(index[gram], posting{g, int32(i), int32(len(x))})
		}
	}
	return out
}

// lintSetKey is a map key for a set of gram ranks.
func lintSetKey(set []int32) string {
	b := make([]byte, 0, 4*len(set))
	for _, v := range set {
		b = append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	}
	return string(b)
}

// lintDice returns the Dice similarity of two sorted sets and whether it reaches the threshold.
func lintDice(a, b []int32) (float64, bool) {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0, false
	}
	common := 0
	for i, j := 0, 0; i < la && j < lb; {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	sim := 2 * float64(common) / float64(la+lb)
	return sim, common >= lintOverlap(la, lb)
}
