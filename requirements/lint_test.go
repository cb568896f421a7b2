package requirements

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
)

// lintReq builds a draft requirement; criteria may be empty.
func lintReq(id, title, desc string, criteria ...string) Requirement {
	return Requirement{ID: id, Title: title, Description: desc, Status: Draft, Criteria: criteria,
		Module: "customer", Kind: KindFunctional, Value: 3, Difficulty: 3, Urgency: 3}
}

// lintFind returns the findings matching rule, field and word ("" matches any).
func lintFind(fs []LintFinding, rule, field, word string) []LintFinding {
	var out []LintFinding
	for _, f := range fs {
		if (rule == "" || f.Rule == rule) && (field == "" || f.Field == field) && (word == "" || f.Word == word) {
			out = append(out, f)
		}
	}
	return out
}

func lintDump(fs []LintFinding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %s %s %s %s %q %s", f.ID, f.Field, f.Rule, f.Severity, f.Word, f.Category)
	}
	return b.String()
}

func TestLintWeakWordHits(t *testing.T) {
	const ok = "The system shall save the record within 2 s." // a clean criterion
	tests := []struct {
		name     string
		req      Requirement
		field    string
		word     string
		category string
	}{
		// English, one per category and the multi-word phrases.
		{"en subjective", lintReq("REQ-001", "User-friendly visit form", "", ok), "title", "user-friendly", lintCatSubjective},
		{"en subjective phrase", lintReq("REQ-001", "Visit form", "The form is easy to use.", ok), "description", "easy to use", lintCatSubjective},
		{"en no-number", lintReq("REQ-001", "Search", "", "Search results appear fast."), "criteria[1]", "fast", lintCatNoNumber},
		{"en superlative inflection", lintReq("REQ-001", "Search", "Use the fastest index.", ok), "description", "fastest", lintCatNoNumber},
		{"en real-time undefined", lintReq("REQ-001", "Real-time pipeline board", "", "The board shows the stage of each deal."), "title", "real-time", lintCatNoNumber},
		{"en loophole as appropriate", lintReq("REQ-001", "Leads", "Assign leads as appropriate.", ok), "description", "as appropriate", lintCatLoophole},
		{"en loophole if possible", lintReq("REQ-001", "Leads", "", ok, "Merge duplicates if possible."), "criteria[2]", "if possible", lintCatLoophole},
		{"en loophole and/or", lintReq("REQ-001", "Export to CSV and/or Excel", "", ok), "title", "and/or", lintCatLoophole},
		{"en loophole etc", lintReq("REQ-001", "Leads", "Import name, phone, etc.", ok), "description", "etc", lintCatLoophole},
		{"en loophole at least without number", lintReq("REQ-001", "Leads", "Keep at least the recent notes.", ok), "description", "at least", lintCatLoophole},
		{"en vague quantity", lintReq("REQ-001", "Leads", "Show several charts.", ok), "description", "several", lintCatVagueQuantity},
		{"en universal", lintReq("REQ-001", "Export all contacts", "", ok), "title", "all", lintCatUniversal},
		{"en weak modal in criterion", lintReq("REQ-001", "Leads", "", "The rep should see the owner."), "criteria[1]", "should", lintCatWeakModal},
		{"en weak modal in title", lintReq("REQ-001", "Reps can merge leads", "", ok), "title", "can", lintCatWeakModal},
		{"en vague pronoun at start", lintReq("REQ-001", "Leads", "", "It shall be saved within 2 s."), "criteria[1]", "it", lintCatVaguePronoun},
		// Chinese, one per category.
		{"zh subjective", lintReq("REQ-001", "拜访表单易用", "", ok), "title", "易用", lintCatSubjective},
		{"zh subjective longest", lintReq("REQ-001", "客户", "界面要用户友好。", ok), "description", "用户友好", lintCatSubjective},
		{"zh no-number", lintReq("REQ-001", "客户", "", "查询结果快速返回"), "criteria[1]", "快速", lintCatNoNumber},
		{"zh real-time undefined", lintReq("REQ-001", "商机看板实时刷新", "", "看板显示每个商机的阶段"), "title", "实时", lintCatNoNumber},
		{"zh vague quantity", lintReq("REQ-001", "客户", "支持若干种报表。", ok), "description", "若干", lintCatVagueQuantity},
		{"zh usually", lintReq("REQ-001", "客户", "一般情况下由主管审批。", ok), "description", "一般情况下", lintCatVagueQuantity},
		{"zh weak modal in criterion", lintReq("REQ-001", "客户", "", "系统可能提示重复"), "criteria[1]", "可能", lintCatWeakModal},
		{"zh loophole", lintReq("REQ-001", "客户", "尽量减少录入字段。", ok), "description", "尽量", lintCatLoophole},
		{"zh loophole longest", lintReq("REQ-001", "客户", "尽可能自动填充。", ok), "description", "尽可能", lintCatLoophole},
		{"zh enumeration 等", lintReq("REQ-001", "导入客户、联系人等", "", ok), "title", "等", lintCatLoophole},
		{"zh enumeration 等 mid-sentence", lintReq("REQ-001", "客户", "支持 Excel、CSV 等格式导出。", ok), "description", "等", lintCatLoophole},
		{"zh trailing 等", lintReq("REQ-001", "客户", "支持导出 Excel 等。", ok), "description", "等", lintCatLoophole},
		{"zh 等等", lintReq("REQ-001", "客户", "电话、邮件等等。", ok), "description", "等等", lintCatLoophole},
		{"zh and/or", lintReq("REQ-001", "客户", "按区域和/或行业筛选。", ok), "description", "和/或", lintCatLoophole},
		{"zh universal", lintReq("REQ-001", "导出所有客户", "", ok), "title", "所有", lintCatUniversal},
		{"zh stable unquantified", lintReq("REQ-001", "客户", "系统运行稳定。", ok), "description", "稳定", lintCatSubjective},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := Lint([]Requirement{tc.req})
			got := lintFind(fs, lintRuleWeakWord, tc.field, tc.word)
			if len(got) != 1 {
				t.Fatalf("want one weak-word %q in %s, got %d; findings:%s", tc.word, tc.field, len(got), lintDump(fs))
			}
			f := got[0]
			if f.Category != tc.category || f.Severity != SeverityWarning || f.ID != "REQ-001" {
				t.Errorf("finding = %+v, want category %s, severity warning", f, tc.category)
			}
			if f.Suggestion == "" || !strings.Contains(f.Message, `"`+tc.word+`"`) {
				t.Errorf("message %q / suggestion %q: want the quoted word and a suggestion", f.Message, f.Suggestion)
			}
		})
	}
}

func TestLintWeakWordMisses(t *testing.T) {
	tests := []struct {
		name string
		req  Requirement
		word string // must not be reported anywhere
	}{
		{"breakfast is not fast", lintReq("REQ-001", "Breakfast meeting notes", "", "x1"), "fast"},
		{"Allow is not all", lintReq("REQ-001", "Allow managers to reassign leads", "", "x1"), "all"},
		{"install is not all", lintReq("REQ-001", "Install the mobile app", "", "x1"), "all"},
		{"fast-track is one word", lintReq("REQ-001", "Fast-track approval", "", "x1"), "fast"},
		{"can't is not can", lintReq("REQ-001", "Reps can't delete won deals", "", "x1"), "can"},
		{"Canada is not can", lintReq("REQ-001", "Canada region", "", "x1"), "can"},
		{"modal in description is prose", lintReq("REQ-001", "Leads", "Reps should call new leads.", "x1"), "should"},
		{"pronoun not at start", lintReq("REQ-001", "Leads", "", "The rep saves it within 2 s."), "it"},
		{"at least with number", lintReq("REQ-001", "Leads", "Keep at least 3 notes.", "x1"), "at least"},
		{"at most with number word", lintReq("REQ-001", "Leads", "Show at most ten rows.", "x1"), "at most"},
		{"at most hides most", lintReq("REQ-001", "Leads", "Show at most 10 rows.", "x1"), "most"},
		{"May as a month", lintReq("REQ-001", "Go-live on May 1", "", "x1"), "may"},
		{"real-time with duration", lintReq("REQ-001", "Real-time board", "", "Changes appear within 5 s."), "real-time"},
		{"real-time defined in same field", lintReq("REQ-001", "Board", "Real-time: changes appear within 2 seconds.", "x1"), "real-time"},
		{"实时 with 5 秒内", lintReq("REQ-001", "客户", "拜访记录实时同步，5 秒内其他人可见。", "x1"), "实时"},
		{"实时 with 两分钟", lintReq("REQ-001", "客户", "实时同步（两分钟内）。", "x1"), "实时"},
		{"等级", lintReq("REQ-001", "客户、联系人等级管理", "", "x1"), "等"},
		{"等待", lintReq("REQ-001", "客户", "提交后，等待主管审批。", "x1"), "等"},
		{"同等", lintReq("REQ-001", "客户", "代理人与负责人同等权限。", "x1"), "等"},
		{"大于等于", lintReq("REQ-001", "客户", "金额大于等于 1 万时，需要审批。", "x1"), "等"},
		{"等 + number is wait", lintReq("REQ-001", "客户", "点击保存后，系统等 5 秒再刷新。", "x1"), "等"},
		{"等 without enumeration", lintReq("REQ-001", "客户", "请等一下再提交。", "x1"), "等"},
		{"所有人 is the owner", lintReq("REQ-001", "变更客户所有人", "", "x1"), "所有"},
		{"可能性 is a term", lintReq("REQ-001", "商机", "", "显示赢单可能性百分比"), "可能"},
		{"尽可能 hides 可能", lintReq("REQ-001", "商机", "", "尽可能自动填充"), "可能"},
		{"用户友好 hides 友好", lintReq("REQ-001", "界面用户友好", "", "x1"), "友好"},
		{"一般纳税人", lintReq("REQ-001", "客户", "记录客户是否一般纳税人。", "x1"), "一般"},
		{"部分回款", lintReq("REQ-001", "合同部分回款登记", "", "x1"), "部分"},
		{"稳定 with a figure", lintReq("REQ-001", "客户", "系统稳定，月可用性 99.9%。", "x1"), "稳定"},
		{"modal 可能 in description", lintReq("REQ-001", "客户", "客户可能流失。", "x1"), "可能"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := Lint([]Requirement{tc.req})
			if got := lintFind(fs, lintRuleWeakWord, "", tc.word); len(got) != 0 {
				t.Fatalf("%q must not be reported; findings:%s", tc.word, lintDump(fs))
			}
		})
	}
}

func TestLintOncePerFieldAndMessage(t *testing.T) {
	r := lintReq("REQ-001", "Fast search, FAST export", "fast, fast and fast", "Fast paging.", "Fast sort.")
	fs := lintFind(Lint([]Requirement{r}), lintRuleWeakWord, "", "fast")
	var fields []string
	for _, f := range fs {
		fields = append(fields, f.Field)
	}
	if want := []string{"title", "description", "criteria[1]", "criteria[2]"}; !slices.Equal(fields, want) {
		t.Fatalf("fields = %v, want %v", fields, want)
	}
	if want := `"fast" has no number; say how fast (e.g. "within 2 s")`; fs[0].Message != want {
		t.Errorf("message = %q, want %q", fs[0].Message, want)
	}
	// A Chinese word: Chinese suggestion, English message.
	zh := lintFind(Lint([]Requirement{lintReq("REQ-001", "查询快速返回", "", "x1")}), lintRuleWeakWord, "title", "快速")
	if len(zh) != 1 || !strings.Contains(zh[0].Suggestion, "秒") || !strings.HasPrefix(zh[0].Message, `"快速" has no number;`) ||
		strings.Contains(zh[0].Message, "秒") {
		t.Errorf("Chinese finding = %+v", zh)
	}
}

func TestLintPlaceholders(t *testing.T) {
	hits := []struct{ text, word string }{
		{"Discount limit TBD", "TBD"},
		{"Discount limit tbd.", "TBD"},
		{"Approver: TBC", "TBC"},
		{"Rule TBR", "TBR"},
		{"Logo TBS", "TBS"},
		{"Threshold is ???", "???"},
		{"阈值？？？", "???"},
		{"对接 XX 公司的接口", "XX"},
		{"对接XX公司的接口", "XX"},
		{"Send to xxx@example.com", "XX"},
		{"审批人待定", "待定"},
		{"字段待确认", "待确认"},
		{"费用另行约定", "另行约定"},
		{"细节后续补充", "后续补充"},
	}
	for _, h := range hits {
		for _, field := range []string{"title", "description", "criteria[1]"} {
			r := lintReq("REQ-001", "Leads", "", "x1")
			switch field {
			case "title":
				r.Title = h.text
			case "description":
				r.Description = h.text
			default:
				r.Criteria = []string{h.text}
			}
			fs := Lint([]Requirement{r})
			got := lintFind(fs, lintRulePlaceholder, field, h.word)
			if len(got) != 1 || got[0].Severity != SeverityError || got[0].Category != lintCatPlaceholder {
				t.Errorf("%q in %s: want one placeholder error %q; findings:%s", h.text, field, h.word, lintDump(fs))
			}
		}
	}
	for _, text := range []string{"Size XXL shirts", "Register 0xFF", "Rebox x2", "TBDX", "Mexxo"} {
		fs := Lint([]Requirement{lintReq("REQ-001", text, "", "x1")})
		if got := lintFind(fs, lintRulePlaceholder, "", ""); len(got) != 0 {
			t.Errorf("%q: unexpected placeholder:%s", text, lintDump(got))
		}
	}
}

func TestLintNoCriteria(t *testing.T) {
	tests := []struct {
		name     string
		status   Status
		criteria []string
		want     bool
	}{
		{"draft without criteria", Draft, nil, true},
		{"confirmed with empty list", Confirmed, []string{}, true},
		{"only blank criteria", Draft, []string{"  ", ""}, true},
		{"rejected is exempt", Rejected, nil, false},
		{"deferred is exempt", Deferred, nil, false},
		{"has a criterion", Draft, []string{"Saved within 2 s"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := lintReq("REQ-007", "Leads", "", tc.criteria...)
			r.Status = tc.status
			got := lintFind(Lint([]Requirement{r}), lintRuleNoCriteria, "", "")
			if (len(got) == 1) != tc.want || len(got) > 1 {
				t.Fatalf("no-criteria findings = %+v, want %v", got, tc.want)
			}
			if tc.want && (got[0].Severity != SeverityError || got[0].Field != "criteria" || got[0].ID != "REQ-007") {
				t.Errorf("finding = %+v", got[0])
			}
		})
	}
}

func TestLintNearDuplicate(t *testing.T) {
	tests := []struct {
		name string
		reqs []Requirement
		want [][2]string // {ID, Related}
		pct  string      // in the first finding's message
	}{
		{"chinese suffix", []Requirement{
			lintReq("REQ-001", "拜访记录移动端实时录入", "", "x"),
			lintReq("REQ-002", "拜访记录移动端实时录入功能", "", "x"),
		}, [][2]string{{"REQ-002", "REQ-001"}}, "90%"},
		{"reported on the later ID whatever the input order", []Requirement{
			lintReq("REQ-010", "拜访记录移动端实时录入功能", "", "x"),
			lintReq("REQ-002", "拜访记录移动端实时录入", "", "x"),
		}, [][2]string{{"REQ-010", "REQ-002"}}, "90%"},
		{"identical after normalization", []Requirement{
			lintReq("REQ-003", "Export leads to Excel", "", "x"),
			lintReq("REQ-004", "export leads, to EXCEL!", "", "x"),
		}, [][2]string{{"REQ-004", "REQ-003"}}, "100%"},
		{"identical one-character titles", []Requirement{
			lintReq("REQ-001", "表", "", "x"), lintReq("REQ-002", "表。", "", "x"),
		}, [][2]string{{"REQ-002", "REQ-001"}}, "100%"},
		{"three copies give three pairs", []Requirement{
			lintReq("REQ-001", "Lead scoring", "", "x"), lintReq("REQ-002", "Lead scoring", "", "x"), lintReq("REQ-003", "Lead Scoring", "", "x"),
		}, [][2]string{{"REQ-002", "REQ-001"}, {"REQ-003", "REQ-001"}, {"REQ-003", "REQ-002"}}, "100%"},
		{"unrelated titles", []Requirement{
			lintReq("REQ-001", "拜访记录移动端实时录入", "", "x"),
			lintReq("REQ-002", "合同审批流程配置", "", "x"),
		}, nil, ""},
		{"shared words but different need", []Requirement{
			lintReq("REQ-001", "客户列表导出到 Excel", "", "x"),
			lintReq("REQ-002", "联系人列表从 CSV 导入", "", "x"),
		}, nil, ""},
		{"exactly at the threshold counts", []Requirement{ // 4 of 5 bigrams shared: Dice 0.8
			lintReq("REQ-001", "客户信息导出", "", "x"),
			lintReq("REQ-002", "客户信息导入", "", "x"),
		}, [][2]string{{"REQ-002", "REQ-001"}}, "80%"},
		{"empty titles are not duplicates", []Requirement{
			lintReq("REQ-001", "", "", "x"), lintReq("REQ-002", "  !", "", "x"),
		}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := lintFind(Lint(tc.reqs), lintRuleNearDuplicate, "", "")
			var got [][2]string
			for _, f := range fs {
				got = append(got, [2]string{f.ID, f.Related})
				if f.Severity != SeverityWarning || f.Field != "title" {
					t.Errorf("finding = %+v", f)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("pairs = %v, want %v", got, tc.want)
			}
			if tc.pct != "" && !strings.Contains(fs[0].Message, tc.pct) {
				t.Errorf("message %q does not give %s", fs[0].Message, tc.pct)
			}
		})
	}
}

// lintBruteNearDuplicates is the O(n²) reference: every pair, exact Dice.
func lintBruteNearDuplicates(reqs []Requirement) map[[2]string]bool {
	grams := func(title string) map[[2]rune]bool {
		rs := lintNormalizeTitle(title)
		m := map[[2]rune]bool{}
		if len(rs) == 1 {
			m[[2]rune{rs[0], -1}] = true
		}
		for i := 0; i+1 < len(rs); i++ {
			m[[2]rune{rs[i], rs[i+1]}] = true
		}
		return m
	}
	out := map[[2]string]bool{}
	for i := range reqs {
		for j := range reqs {
			if lintCompareIDs(reqs[j].ID, reqs[i].ID) >= 0 {
				continue
			}
			a, b := grams(reqs[i].Title), grams(reqs[j].Title)
			if len(a) == 0 || len(b) == 0 {
				continue
			}
			c := 0
			for g := range a {
				if b[g] {
					c++
				}
			}
			if 2*float64(c)/float64(len(a)+len(b)) >= NearDuplicateThreshold-1e-9 {
				out[[2]string{reqs[i].ID, reqs[j].ID}] = true
			}
		}
	}
	return out
}

func TestLintNearDuplicateMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	alphabet := []rune("客户联系商机线索合同abcde")
	var reqs []Requirement
	for i := 1; i <= 600; i++ {
		n := 1 + rng.IntN(9)
		rs := make([]rune, n)
		for k := range rs {
			rs[k] = alphabet[rng.IntN(len(alphabet))]
		}
		reqs = append(reqs, lintReq(crmflow.KindRequirement.Format(i), string(rs), "", "x"))
	}
	want := lintBruteNearDuplicates(reqs)
	got := map[[2]string]bool{}
	for _, f := range lintFind(Lint(reqs), lintRuleNearDuplicate, "", "") {
		k := [2]string{f.ID, f.Related}
		if got[k] {
			t.Errorf("pair %v reported twice", k)
		}
		got[k] = true
	}
	if len(want) < 100 {
		t.Fatalf("the random register has only %d near-duplicate pairs; the test is too weak", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for k := range want {
			if !got[k] {
				t.Errorf("missed %v", k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("extra %v", k)
			}
		}
	}
}

func TestLintSingular(t *testing.T) {
	fs := Lint([]Requirement{lintReq("REQ-001", "客户导入以及查重", "", "x1")})
	if got := lintFind(fs, lintRuleSingular, "title", "以及"); len(got) != 1 || got[0].Severity != SeverityWarning {
		t.Fatalf("findings:%s", lintDump(fs))
	}
}

func TestLintOrdering(t *testing.T) {
	reqs := []Requirement{
		lintReq("REQ-100", "Fast export", ""),
		lintReq("REQ-9", "Quick import", "", "ok"),
		lintReq("REQ-010", "Import TBD", "several fields", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "fast", "should work"),
		lintReq("REQ-002", "User-friendly all-in-one", "", "fast and should be fine", "TBD"),
	}
	fs := Lint(reqs)
	var got []string
	for _, f := range fs {
		got = append(got, f.ID+" "+f.Field+" "+f.Rule+" "+f.Word)
	}
	want := []string{
		"REQ-002 title weak-word user-friendly",
		"REQ-002 criteria[1] weak-word fast",
		"REQ-002 criteria[1] weak-word should",
		"REQ-002 criteria[2] placeholder TBD",
		"REQ-9 title weak-word quick",
		"REQ-010 title placeholder TBD",
		"REQ-010 description weak-word several",
		"REQ-010 criteria[10] weak-word fast",
		"REQ-010 criteria[11] weak-word should",
		"REQ-100 title weak-word fast",
		"REQ-100 criteria no-criteria ",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order:\n got %q\nwant %q", got, want)
	}
	// The same register in any input order gives the same findings.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		p := slices.Clone(reqs)
		rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		if again := Lint(p); !reflect.DeepEqual(again, fs) {
			t.Fatalf("shuffled input changed the result:%s\nvs%s", lintDump(again), lintDump(fs))
		}
	}
}

func TestLintEmpty(t *testing.T) {
	for _, in := range [][]Requirement{nil, {}} {
		got := Lint(in)
		if got == nil || len(got) != 0 {
			t.Fatalf("Lint(%v) = %#v, want an empty non-nil slice", in, got)
		}
		if b, _ := json.Marshal(got); string(b) != "[]" {
			t.Errorf("JSON = %s, want []", b)
		}
	}
	clean := lintReq("REQ-001", "Export the lead list to XLSX", "The sales manager exports the list.", "The file holds one row per lead.")
	if got := Lint([]Requirement{clean}); len(got) != 0 {
		t.Errorf("clean requirement: findings:%s", lintDump(got))
	}
}

func TestLintLongFields(t *testing.T) {
	long := MaxTextLen
	tests := []struct {
		name, text, word string
		want             bool
	}{
		{"long x run glued to a letter", strings.Repeat("x", long) + "a", "XX", false},
		{"long x run alone", strings.Repeat("x", long), "XX", true},
		{"long question run", strings.Repeat("?", long), "???", true},
		{"repeated 稳定 with a digit at the end", strings.Repeat("稳定", long/2) + "1", "稳定", false},
		{"pronoun after long junk", strings.Repeat("!", long) + " it it it", "it", true},
		{"many 等 without enumeration", strings.Repeat("等一下", long/3), "等", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			fs := Lint([]Requirement{lintReq("REQ-001", "Leads", "", tc.text)})
			got := lintFind(fs, "", "criteria[1]", tc.word)
			if (len(got) == 1) != tc.want || len(got) > 1 {
				t.Errorf("findings for %q: %s", tc.word, lintDump(got))
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v on a %d-byte field", d, len(tc.text))
			}
		})
	}
}

func TestLintTables(t *testing.T) {
	for _, groups := range [][]lintGroup{lintEnglishWords, lintChineseWords} {
		for _, g := range groups {
			if _, ok := lintCategoryText[g.category]; !ok {
				t.Errorf("category %q has no message text", g.category)
			}
			for _, w := range g.words {
				if w.word == "" || w.fix == "" {
					t.Errorf("%s: entry %+v lacks a word or a fix", g.category, w)
				}
			}
		}
	}
}

func FuzzLint(f *testing.F) {
	f.Add("客户、联系人等", "实时 5 秒内", "TBD", "fast", uint8(0))
	f.Add("拜访记录移动端实时录入", "等", "xx", "？？？", uint8(5))
	f.Add("at least", "May", "It can't", "等级、", uint8(6))
	f.Add("\xff\xfe等", "a-", "'", "", uint8(1))
	f.Fuzz(func(t *testing.T, title, desc, c1, c2 string, st uint8) {
		reqs := []Requirement{
			{ID: "REQ-001", Title: title, Description: desc, Criteria: []string{c1, c2}, Status: Statuses[int(st)%len(Statuses)]},
			{ID: "REQ-002", Title: title + c1, Description: c2, Criteria: []string{desc}},
			{ID: desc, Title: c2, Criteria: nil, Status: Rejected},
		}
		fs := Lint(reqs)
		if fs == nil {
			t.Fatal("nil result")
		}
		for i, x := range fs {
			if x.Severity != SeverityError && x.Severity != SeverityWarning || x.Rule == "" || x.Message == "" || x.Field == "" {
				t.Fatalf("bad finding %+v", x)
			}
			if (x.Rule == lintRuleWeakWord || x.Rule == lintRulePlaceholder) && x.Word == "" {
				t.Fatalf("finding without word %+v", x)
			}
			if i > 0 && lintCompareFindings(fs[i-1], x) > 0 {
				t.Fatalf("not sorted at %d", i)
			}
		}
		if again := Lint(reqs); !reflect.DeepEqual(again, fs) {
			t.Fatal("not deterministic")
		}
	})
}

// lintSyntheticRegister builds n requirements with varied bilingual titles,
// some near-duplicates and some weak words.
func lintSyntheticRegister(n int) []Requirement {
	rng := rand.New(rand.NewPCG(2026, 11))
	objects := []string{"客户", "联系人", "商机", "线索", "合同", "回款", "报价单", "拜访记录", "工单", "产品", "订单", "发票", "市场活动", "竞争对手", "服务请求"}
	actions := []string{"新增", "批量导入", "导出", "审批", "查重合并", "分配", "到期提醒", "统计分析", "移动端录入", "权限控制", "变更历史", "附件上传", "打印", "看板展示", "回收站"}
	quals := []string{"", "按区域", "按负责人", "按行业", "每日", "自动", "支持筛选", "支持排序", "多币种", "按季度", "同步到 ERP", "微信通知"}
	en := []string{"Export", "Import", "Approve", "Assign", "Merge", "Archive", "Notify", "Report on", "Search", "Tag"}
	enObj := []string{"leads", "accounts", "contacts", "opportunities", "quotes", "contracts", "invoices", "tickets"}
	descs := []string{"支持客户、联系人等信息。", "系统应快速响应。", "The page loads within 2 s.", "Reps should be able to do this easily.", "数据实时同步，5 秒内可见。", ""}
	crits := []string{"保存后 2 秒内列表可见", "The export holds one row per record.", "所有字段必填", "TBD"}
	reqs := make([]Requirement, n)
	for i := range reqs {
		var title string
		if rng.IntN(4) == 0 {
			title = fmt.Sprintf("%s %s %s #%d", en[rng.IntN(len(en))], enObj[rng.IntN(len(enObj))], quals[rng.IntN(len(quals))], rng.IntN(50))
		} else {
			title = quals[rng.IntN(len(quals))] + objects[rng.IntN(len(objects))] + actions[rng.IntN(len(actions))] + quals[rng.IntN(len(quals))]
		}
		var cs []string
		for range rng.IntN(3) {
			cs = append(cs, crits[rng.IntN(len(crits))])
		}
		reqs[i] = lintReq(crmflow.KindRequirement.Format(i+1), title, descs[rng.IntN(len(descs))], cs...)
	}
	return reqs
}

func TestLintLargeRegisterIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	reqs := lintSyntheticRegister(5000)
	start := time.Now()
	fs := Lint(reqs)
	if d := time.Since(start); d > 5*time.Second { // generous: the benchmark shows the real figure
		t.Errorf("Lint of 5,000 requirements took %v", d)
	}
	if len(lintFind(fs, lintRuleNearDuplicate, "", "")) == 0 || len(lintFind(fs, lintRuleWeakWord, "", "")) == 0 {
		t.Error("the synthetic register should produce near-duplicates and weak words")
	}
}

func BenchmarkLint5000(b *testing.B) {
	reqs := lintSyntheticRegister(5000)
	for b.Loop() {
		Lint(reqs)
	}
}
