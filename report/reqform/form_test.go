package reqform

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

var formModules = map[string]string{"visit": "拜访跟进", "lead": "线索管理", "rpt": "Reports"}

func formResolve(s string) (string, error) {
	s = strings.TrimSpace(s)
	for k, name := range formModules {
		if s == name || strings.EqualFold(s, k) {
			return k, nil
		}
	}
	return "", crmflow.Errorf(crmflow.ENOTFOUND, "module %q is not in the catalog", s).WithTry("crmflow module list")
}

func formDefs() []requirements.FieldDef {
	return []requirements.FieldDef{
		{Name: "预计工时", Type: requirements.FieldNumber},
		{Name: "上线批次", Type: requirements.FieldChoice, Choices: []string{"一期", "二期", "三期"}},
		{Name: "备注", Type: requirements.FieldText},
		{Name: "上线日期", Type: requirements.FieldDate},
		{Name: "Cost", Type: requirements.FieldNumber},
	}
}

func formReq() requirements.Requirement {
	t := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	return requirements.Requirement{
		ID: "REQ-001", Title: "拜访记录移动端实时录入", Module: "visit", Kind: requirements.KindFunctional,
		Status: requirements.Draft, Value: 5, Difficulty: 2, Urgency: 4,
		Criteria:    []string{"销售在手机上提交拜访记录后 5 秒内主管可见", "离线时可暂存，联网后自动同步"},
		Owner:       "李分析",
		Source:      "F-001",
		Tags:        []string{"移动端", "拜访"},
		Fields:      map[string]string{"预计工时": "3"},
		Description: "销售外出拜访客户后，需要在手机上录入拜访记录。\n\n主管需要实时看到。",
		Revision:    3, CreatedAt: t, UpdatedAt: t,
	}
}

func formatForm(t testing.TB, r requirements.Requirement, lang crmflow.Lang) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Format(&buf, r, formModules[r.Module], formDefs(), lang); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func normalized(r requirements.Requirement) requirements.Requirement {
	r = r.Clone()
	r.Normalize()
	return r
}

func TestRequirementFormRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *requirements.Requirement)
	}{
		{"cjk", func(r *requirements.Requirement) {}},
		{"plain english", func(r *requirements.Requirement) {
			r.Title, r.Module, r.Kind, r.MoSCoW = "Export the weekly visit report", "rpt", requirements.KindReport, requirements.Should
			r.Owner, r.Source, r.Stakeholder = "Ann Analyst", "Workshop 2", "Sales director"
			r.Criteria = []string{"The export opens in Excel", "Totals match the dashboard"}
			r.Tags = []string{"report", "export"}
			r.Description = "Every Monday at 08:00."
		}},
		{"tricky characters", func(r *requirements.Requirement) {
			r.Title = "# not a comment: title: with colons · and #hash"
			r.Owner = "|"
			r.Source = "a\nmulti-line\n\n  source"
			r.Stakeholder = "- dash first"
			r.Criteria = []string{
				"- starts with a dash",
				"# starts with a hash",
				"spans\nlines\n\nwith a blank one\n  and indentation\n- and a dash line\n#and a hash line\ntitle: like a key",
				"|",
				"ends with CR\r\nin the middle",
			}
			r.Tags = []string{"a、b", "c，d", `"quoted"`, `x"y`, "full width　space", "#tag"}
			r.Description = "title: not a key\n# not a comment\n- not an item\ndescription: |\n\n\n\tindented with a tab\n    four spaces\n \nlast：line"
		}},
		{"title is a pipe", func(r *requirements.Requirement) { r.Title = "|" }},
		{"empty optional fields", func(r *requirements.Requirement) {
			r.MoSCoW, r.Owner, r.Source, r.Stakeholder, r.Description = "", "", "", "", ""
			r.Criteria, r.Tags, r.Fields = nil, nil, nil
		}},
		{"custom fields of all types", func(r *requirements.Requirement) {
			r.Fields = map[string]string{"预计工时": "2.5", "上线批次": "二期", "备注": "第一行\n\n  第三行: 带冒号\n# 井号", "上线日期": "2027-01-31", "Cost": "-12"}
		}},
		{"custom text field that is a pipe", func(r *requirements.Requirement) {
			r.Fields = map[string]string{"备注": "|"}
		}},
		{"every kind and moscow", func(r *requirements.Requirement) {
			r.Kind, r.MoSCoW = requirements.KindNonFunctional, requirements.Wont
			r.Value, r.Difficulty, r.Urgency = 1, 5, 3
		}},
	}
	for _, tt := range tests {
		for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
			t.Run(tt.name+"/"+string(lang), func(t *testing.T) {
				r := formReq()
				tt.edit(&r)
				want := normalized(r)
				if err := want.Validate(); err != nil {
					t.Fatalf("test requirement is invalid: %v", err)
				}
				form := formatForm(t, r, lang)

				// Onto the requirement itself, and onto a base that only shares the identity.
				blank := requirements.Requirement{ID: r.ID, Status: r.Status, Revision: r.Revision,
					CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
				for _, base := range []requirements.Requirement{r, blank} {
					got, err := Parse(form, base, formDefs(), formResolve)
					if err != nil {
						t.Fatalf("parse: %v\nform:\n%s", err, form)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("round trip differs\n got: %#v\nwant: %#v\nform:\n%s", got, want, form)
					}
				}

				// The same form saved by a Windows editor, with a byte order mark.
				crlf := append([]byte("\uFEFF"), bytes.ReplaceAll(form, []byte("\n"), []byte("\r\n"))...)
				got, err := Parse(crlf, r, formDefs(), formResolve)
				if err != nil {
					t.Fatalf("parse CRLF: %v", err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("CRLF round trip differs\n got: %#v\nwant: %#v", got, want)
				}
			})
		}
	}
}

func TestFormatRequirementFormLayout(t *testing.T) {
	r := formReq()
	r.Fields["上线批次"] = "一期"
	got := string(formatForm(t, r, crmflow.LangEN))
	for _, want := range []string{
		"# REQ-001 · status: draft · revision 3\n",
		"\ntitle: 拜访记录移动端实时录入\nmodule: 拜访跟进\nkind: functional\nvalue: 5\ndifficulty: 2\nurgency: 4\nmoscow:\nowner: 李分析\nsource: F-001\nstakeholder:\ntags: 移动端, 拜访\n",
		"# 预计工时: number\nfield.预计工时: 3\n",
		"# 上线批次: one of 一期, 二期, 三期\nfield.上线批次: 一期\n",
		"# 备注: text\nfield.备注:\n",
		"# 上线日期: date YYYY-MM-DD\nfield.上线日期:\n",
		"\ncriteria:\n- 销售在手机上提交拜访记录后 5 秒内主管可见\n- 离线时可暂存，联网后自动同步\n",
		"\ndescription: |\n  销售外出拜访客户后，需要在手机上录入拜访记录。\n\n  主管需要实时看到。\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("form lacks %q:\n%s", want, got)
		}
	}
	if !strings.HasSuffix(got, "主管需要实时看到。\n") {
		t.Errorf("description should come last:\n%s", got)
	}
	zh := string(formatForm(t, r, crmflow.LangZH))
	if !strings.HasPrefix(zh, "# REQ-001 · 状态：草稿 · 修订 3\n") {
		t.Errorf("zh header: %q", strings.SplitN(zh, "\n", 2)[0])
	}
}

func TestParseRequirementFormLenient(t *testing.T) {
	src := "\uFEFF# a comment\n" +
		"TITLE：  新标题  \n" +
		"Module: lead\n" +
		"kind: 报表\n" +
		"Value : 3\n" +
		"difficulty: 4\n" +
		"urgency: 1\n" +
		"moscow: 必须有\n" +
		"   # an indented comment\n" +
		"tags: 甲，乙、丙, 丁,, 甲 ,\n" +
		"field.预计工时: 03.50\n" +
		"FIELD.cost: 7\n" +
		"field.上线日期:\n" +
		"criteria:\n" +
		"\n" +
		"-第一条\n" +
		"-\n" +
		"- 第二条\n" +
		"\tcontinued with a tab\n" +
		"\n" +
		"  after a blank line\n" +
		"# comment inside the list\n" +
		"- 第三条\n" +
		"description: 第一行\n" +
		"  第二行\n" +
		"\n"
	base := formReq()
	base.Fields["上线日期"] = "2026-12-01"
	base.Fields["旧字段"] = "kept"
	got, err := Parse([]byte(src), base, formDefs(), formResolve)
	if err != nil {
		t.Fatal(err)
	}
	want := base.Clone()
	want.Title, want.Module, want.Kind = "新标题", "lead", requirements.KindReport
	want.Value, want.Difficulty, want.Urgency, want.MoSCoW = 3, 4, 1, requirements.Must
	want.Tags = []string{"甲", "乙", "丙", "丁"}
	want.Fields = map[string]string{"预计工时": "3.5", "Cost": "7", "旧字段": "kept"}
	want.Criteria = []string{"第一条", "第二条\ncontinued with a tab\n\nafter a blank line", "第三条"}
	want.Description = "第一行\n第二行"
	want.Normalize()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got: %#v\nwant: %#v", got, want)
	}
}

func TestParseRequirementFormLineEnds(t *testing.T) {
	// A CRLF file with a line pasted in with LF only.
	src := "# REQ-001\r\ntitle: 标题\r\nmodule: visit\r\nowner: 王\ncriteria:\r\n- 一\r\n  二\n- 三\r\n" +
		"description: |\r\n  甲\r\n\r\n  乙\n  丙\r\n"
	got, err := Parse([]byte(src), formReq(), formDefs(), formResolve)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "标题" || got.Owner != "王" || !reflect.DeepEqual(got.Criteria, []string{"一\n二", "三"}) ||
		got.Description != "甲\n\n乙\n丙" {
		t.Fatalf("got %#v", got)
	}
	// In an LF file a CR inside a text is content.
	r := formReq()
	r.Description = "a\r\nb\r\n\r\nc"
	r.Criteria = []string{"x\r\ny"}
	got, err = Parse(formatForm(t, r, crmflow.LangEN), formReq(), formDefs(), formResolve)
	if err != nil || got.Description != r.Description || !reflect.DeepEqual(got.Criteria, r.Criteria) {
		t.Fatalf("got %#v, %v", got, err)
	}
}

func TestParseRequirementFormErrorLines(t *testing.T) {
	head := "# comment\n\ntitle: T\nmodule: visit\n"
	tests := []struct {
		src   string
		line  int
		field string
	}{
		{head + "value: x\n", 5, "value"},
		{head + "\n# c\nkind: ?\n", 7, "kind"},
		{head + "criteria:\n- a\n\n-\n- " + strings.Repeat("长", requirements.MaxTextLen+1) + "\n", 9, "criteria"},
		{head + "description: |\n  a\n\nb\n", 8, "description"},
		{head + "tags: a\nTags: b\n", 6, "tags"},
		{"# c\r\nmodule: visit\r\n", 2, "title"},
		{head + "field.Cost: |\n  1\n  2\n", 5, "field.Cost"},
		{head + "  indented\n", 5, "module"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src), formReq(), formDefs(), formResolve)
		var fe *FormError
		if !errors.As(err, &fe) || fe.Line != tt.line || fe.Field != tt.field {
			t.Errorf("%q: got %v; want line %d field %q", tt.src, err, tt.line, tt.field)
		}
	}
}

func TestParseRequirementFormKeepsMissingKeys(t *testing.T) {
	base := formReq()
	got, err := Parse([]byte("title: 只改标题\n"), base, formDefs(), formResolve)
	if err != nil {
		t.Fatal(err)
	}
	want := normalized(base)
	want.Title = "只改标题"
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got: %#v\nwant: %#v", got, want)
	}
}

func TestParseRequirementFormErrors(t *testing.T) {
	good := string(formatForm(t, formReq(), crmflow.LangEN))
	lineOf := func(prefix string) int {
		for i, l := range strings.Split(good, "\n") {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		t.Fatalf("no line %q in the form", prefix)
		return 0
	}
	replace := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("form lacks %q", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	first := lineOf("title:")
	tests := []struct {
		name  string
		src   string
		line  int
		field string
		msg   string // a part of the message
	}{
		{"bad value", replace("value: 5\n", "value: 六\n"), lineOf("value:"), "value", `"六" is not an integer 1–5`},
		{"value out of range", replace("value: 5\n", "value: 9\n"), lineOf("value:"), "value", "1–5"},
		{"empty difficulty", replace("difficulty: 2\n", "difficulty:\n"), lineOf("difficulty:"), "difficulty", `"" is not`},
		{"bad urgency", replace("urgency: 4\n", "urgency: 4.5\n"), lineOf("urgency:"), "urgency", "1–5"},
		{"bad kind", replace("kind: functional\n", "kind: magic\n"), lineOf("kind:"), "kind", `"magic"`},
		{"bad moscow", replace("moscow:\n", "moscow: maybe\n"), lineOf("moscow:"), "moscow", `"maybe"`},
		{"unknown module", replace("module: 拜访跟进\n", "module: 不存在\n"), lineOf("module:"), "module", `module "不存在" is not in the catalog`},
		{"empty module", replace("module: 拜访跟进\n", "module:\n"), lineOf("module:"), "module", "empty"},
		{"empty title", replace("title: 拜访记录移动端实时录入\n", "title:\n"), first, "title", "title is empty"},
		{"title too long", replace("title: 拜访记录移动端实时录入\n", "title: "+strings.Repeat("长", 201)+"\n"), first, "title", "limit is 200"},
		{"two-line title", replace("title: 拜访记录移动端实时录入\n", "title: 一\n  二\n"), first + 1, "title", "title takes a single line"},
		{"title block", replace("title: 拜访记录移动端实时录入\n", "title: |\n  一\n"), first + 1, "title", "indented"},
		{"missing title", replace("title: 拜访记录移动端实时录入\n", ""), first, "title", "missing"},
		{"duplicate key", replace("owner: 李分析\n", "owner: 李分析\nOwner: 王\n"), lineOf("owner:") + 1, "owner", "twice (first on line"},
		{"duplicate field", replace("field.预计工时: 3\n", "field.预计工时: 3\nfield.预计工时: 4\n"), lineOf("field.预计工时:") + 1, "field.预计工时", "twice"},
		{"unknown key", replace("owner: 李分析\n", "owner: 李分析\npriority: high\n"), lineOf("owner:") + 1, "priority", "unknown key"},
		{"status is not editable", replace("owner: 李分析\n", "owner: 李分析\nstatus: confirmed\n"), lineOf("owner:") + 1, "status", "cannot be changed"},
		{"unknown custom field", replace("field.预计工时: 3\n", "field.预计工时: 3\nfield.不存在: 1\n"), lineOf("field.预计工时:") + 1, "field.不存在", `custom field "不存在" is not defined`},
		{"bad number field", replace("field.预计工时: 3\n", "field.预计工时: 三\n"), lineOf("field.预计工时:"), "field.预计工时", `"三" is not a number`},
		{"bad date field", replace("field.上线日期:\n", "field.上线日期: 2026/1/1\n"), lineOf("field.上线日期:"), "field.上线日期", "not a date"},
		{"bad choice field", replace("field.上线批次:\n", "field.上线批次: 四期\n"), lineOf("field.上线批次:"), "field.上线批次", "not one of 一期, 二期, 三期"},
		{"line without a key", replace("owner: 李分析\n", "owner: 李分析\nsource F-002\n"), lineOf("owner:") + 1, "owner", `expected "key: value"`},
		{"stray line after a scalar", replace("urgency: 4\n", "urgency: 4\njust text\n"), lineOf("urgency:") + 1, "", `expected "key: value"`},
		{"indented line after a scalar", replace("urgency: 4\n", "urgency: 4\n  5\n"), lineOf("urgency:") + 1, "urgency", "indented"},
		{"list item outside criteria", replace("tags: 移动端, 拜访\n", "tags: 移动端, 拜访\n- 第三个\n"), lineOf("tags:") + 1, "tags", `belong under "criteria:"`},
		{"inline criteria", replace("criteria:\n", "criteria: 全部\n"), lineOf("criteria:"), "criteria", "own line"},
		{"criteria not a list", replace("criteria:\n", "criteria:\n  没有短横\n"), lineOf("criteria:") + 1, "criteria", `start each criterion with "- "`},
		{"unindented criterion continuation", replace("- 离线时可暂存，联网后自动同步\n", "- 离线时可暂存，联网后自动同步\n没有缩进\n"), lineOf("- 离线时") + 1, "criteria", "indented by two spaces"},
		{"unindented description line", good + "forgot the indent\n", strings.Count(good, "\n") + 1, "description", "indented by two spaces"},
		{"unindented description line with a colon", good + "Note: forgot the indent\n", strings.Count(good, "\n") + 1, "Note", "indented by two spaces"},
		{"criterion too long", replace("- 离线时可暂存，联网后自动同步\n", "- "+strings.Repeat("x", requirements.MaxTextLen+1)+"\n"), lineOf("- 离线时"), "criteria", "acceptance criterion 2"},
		{"description too long", good + "  " + strings.Repeat("x", requirements.MaxTextLen+1) + "\n", lineOf("description:"), "description", "limit is"},
		{"tag with a comma", replace("tags: 移动端, 拜访\n", `tags: 移动端, "拜,访"`+"\n"), lineOf("tags:"), "tags", "comma"},
		{"CRLF error line", strings.ReplaceAll(replace("value: 5\n", "value: 0\n"), "\n", "\r\n"), lineOf("value:"), "value", `"0" is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), formReq(), formDefs(), formResolve)
			var fe *FormError
			if !errors.As(err, &fe) {
				t.Fatalf("want a *FormError, got %v", err)
			}
			if fe.Line != tt.line || fe.Field != tt.field || !strings.Contains(fe.Msg, tt.msg) {
				t.Fatalf("got line %d field %q msg %q; want line %d field %q msg containing %q",
					fe.Line, fe.Field, fe.Msg, tt.line, tt.field, tt.msg)
			}
			if code := crmflow.ErrorCode(err); code != crmflow.EINVALID && code != crmflow.ENOTFOUND {
				t.Fatalf("error code %q", code)
			}
		})
	}
}

func TestFormErrorText(t *testing.T) {
	src := strings.Replace(string(formatForm(t, formReq(), crmflow.LangEN)), "value: 5\n", "value: 六\n", 1)
	_, err := Parse([]byte(src), formReq(), formDefs(), formResolve)
	var fe *FormError
	if !errors.As(err, &fe) {
		t.Fatal(err)
	}
	want := `line ` + strconv.Itoa(fe.Line) + `, value: "六" is not an integer 1–5`
	if err.Error() != want {
		t.Fatalf("got %q, want %q", err.Error(), want)
	}
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("code %q", crmflow.ErrorCode(err))
	}
	var ce *crmflow.Error
	if !errors.As(err, &ce) || ce.Message != want {
		t.Fatalf("crmflow.Error message %v", ce)
	}

	// The module resolver's error keeps its code and hint.
	src = strings.Replace(string(formatForm(t, formReq(), crmflow.LangEN)), "module: 拜访跟进\n", "module: 无\n", 1)
	_, err = Parse([]byte(src), formReq(), formDefs(), formResolve)
	if crmflow.ErrorCode(err) != crmflow.ENOTFOUND || crmflow.ErrorTry(err) != "crmflow module list" {
		t.Fatalf("code %q try %q", crmflow.ErrorCode(err), crmflow.ErrorTry(err))
	}
	if (&FormError{Msg: "m"}).Error() != "m" || (&FormError{Field: "f", Msg: "m"}).Error() != "f: m" {
		t.Fatal("FormError without a line")
	}
}

func TestParseRequirementFormEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only\n# comments\n\n", "\uFEFF\r\n# x\r\n"} {
		_, err := Parse([]byte(src), formReq(), formDefs(), formResolve)
		if !errors.Is(err, ErrEmptyForm) {
			t.Errorf("%q: got %v, want ErrEmptyForm", src, err)
		}
	}
}

func TestParseRequirementFormNilArguments(t *testing.T) {
	form := formatForm(t, formReq(), crmflow.LangZH)
	got, err := Parse(form, requirements.Requirement{}, nil, nil)
	var fe *FormError
	if !errors.As(err, &fe) || fe.Field != "field.预计工时" {
		t.Fatalf("got %v, %v", got, err)
	}
	got, err = Parse([]byte("title: t\nmodule: m\nkind: data\nvalue: 1\ndifficulty: 1\nurgency: 1\n"), requirements.Requirement{}, nil, nil)
	if err != nil || got.Module != "m" || got.Fields == nil || got.Criteria == nil || got.Tags == nil {
		t.Fatalf("got %#v, %v", got, err)
	}
}

// fuzzBase is the base every fuzz parse reads onto; its custom field values
// are canonical, as stored ones are.
func fuzzBase() requirements.Requirement {
	r := formReq()
	r.Fields = map[string]string{"预计工时": "3", "上线批次": "一期", "旧字段": "orphan"}
	return r
}

func FuzzParseRequirementForm(f *testing.F) {
	r := fuzzBase()
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		var buf bytes.Buffer
		_ = Format(&buf, r, formModules[r.Module], formDefs(), lang)
		good := buf.String()
		f.Add(good)
		f.Add(strings.ReplaceAll(good, "\n", "\r\n"))
		f.Add(strings.Replace(good, "value: 5", "value: 六", 1))
		f.Add(strings.Replace(good, "title: ", "title: |\n  ", 1))
		f.Add(strings.Replace(good, "criteria:\n", "criteria:\n  x\n", 1))
		f.Add(strings.Replace(good, "tags: 移动端, 拜访", `tags: "a、b", "c`, 1))
		f.Add(good + "stray\n")
		f.Add(good[:len(good)/2])
	}
	tricky := formReq()
	tricky.Title = "# title: with | and ："
	tricky.Owner = "|"
	tricky.Criteria = []string{"- a\n\n  b", "#c"}
	tricky.Tags = []string{`"q"`, "a，b"}
	tricky.Description = "x: y\n\n# z\n\t- w"
	tricky.Fields = map[string]string{"备注": "多\n行"}
	var buf bytes.Buffer
	_ = Format(&buf, tricky, formModules[tricky.Module], formDefs(), crmflow.LangEN)
	f.Add(buf.String())
	f.Add("title: t\n")
	f.Add("title:|\n\t|\n")
	f.Add("\uFEFF")
	f.Add("title: t\ntags: \"a\" \"b\", \"c, \"\\x00\"、\"\"\n")
	f.Add("title: t\nowner: a\n\u3000\n  \u3000b\n\tc\nfield.备注: x\n\n# c\n  y\n")
	f.Add("title: t\r\ndescription: |\n  a\r\n\r\n  b\r\r\n")
	f.Add("title: t\ndescription: |\n  a\r\n\r\n  b\r\r\ncriteria:\n- x\r\n\t\r\n  y\n")
	f.Add("title: t\nsource: |\n  |\nstakeholder: |\n\n  \n")

	defs := formDefs()
	f.Fuzz(func(t *testing.T, src string) {
		base := fuzzBase()
		got, err := Parse([]byte(src), base, defs, formResolve)
		if err != nil {
			var fe *FormError
			if !errors.As(err, &fe) && !errors.Is(err, ErrEmptyForm) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if verr := got.Validate(); verr != nil {
			t.Fatalf("parsed requirement is invalid: %v", verr)
		}
		var out bytes.Buffer
		if err := Format(&out, got, formModules[got.Module], defs, crmflow.LangEN); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out.Bytes(), base, defs, formResolve)
		if err != nil {
			t.Fatalf("re-parse: %v\nform:\n%s", err, out.String())
		}
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("re-parse differs\n got: %#v\nwant: %#v\nform:\n%s", again, got, out.String())
		}
	})
}

// TestFormHasEveryEditableField fails when the field table marks a field
// editable and the form neither writes nor reads it.
func TestFormHasEveryEditableField(t *testing.T) {
	form := string(formatForm(t, formReq(), crmflow.LangEN))
	for _, f := range requirements.FieldTable {
		if !f.Edit {
			continue
		}
		if !strings.Contains("\n"+form, "\n"+f.Key+":") {
			t.Errorf("the form does not write %q", f.Key)
		}
		if !slices.ContainsFunc(fixedKeys, func(k formKey) bool { return k.name == f.Key }) {
			t.Errorf("the form does not read %q", f.Key)
		}
	}
}
