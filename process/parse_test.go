package process

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// briefExample is the example of the language as the design gives it. Its
// step "plan" has no flows, so it fails one check.
const briefExample = `# comment to end of line (outside quotes)
process "拜访流程" as-is            # name, then variant: as-is | to-be
description "销售拜访后在 Excel 登记，月底由主管汇总"   # optional, once

lane rep "销售代表" {               # lane ID, display name; optional system after the name for a system lane
  start s1 "开始拜访"
  user visit "上门拜访客户"
  manual log "在 Excel 登记拜访" [F-001]     # refs: findings F-nnn and requirements REQ-nnn, comma-separated
  task plan "制定拜访计划" [REQ-006] note "每周一"   # optional note "…"
}
lane mgr "销售主管" {
  xor ok "记录完整？"
  end e1 "结束"
}
lane excel "Excel" system {
  system sum "月底汇总" [F-001, REQ-004]
}

s1 -> visit -> log -> ok          # chains allowed
ok -> sum : 是                    # label after ':' — a bare word, or "quoted"
ok -> log : "否"
sum -> e1
`

// example is briefExample with "plan" on the way.
var example = strings.Replace(briefExample, "s1 -> visit -> log", "s1 -> plan -> visit -> log", 1)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// plain returns a copy of m without positions and source, with empty lists
// for nil ones, so maps can be compared.
func plain(m *Map) Map {
	c := Map{Name: m.Name, Variant: m.Variant, Description: m.Description, ID: m.ID,
		Lanes: []Lane{}, Nodes: []Node{}, Flows: []Flow{}}
	for _, l := range m.Lanes {
		l.Pos = Pos{}
		c.Lanes = append(c.Lanes, l)
	}
	for _, n := range m.Nodes {
		n.Pos = Pos{}
		n.Findings = append([]string{}, n.Findings...)
		n.Reqs = append([]string{}, n.Reqs...)
		c.Nodes = append(c.Nodes, n)
	}
	for _, f := range m.Flows {
		f.Pos = Pos{}
		c.Flows = append(c.Flows, f)
	}
	return c
}

func sameMap(a, b *Map) bool { return reflect.DeepEqual(plain(a), plain(b)) }

func node(kind NodeKind, id, label, lane string, refs ...string) Node {
	n := Node{ID: id, Kind: kind, Label: label, Lane: lane, Findings: []string{}, Reqs: []string{}}
	for _, r := range refs {
		if strings.HasPrefix(r, "F-") {
			n.Findings = append(n.Findings, r)
		} else {
			n.Reqs = append(n.Reqs, r)
		}
	}
	return n
}

func TestParseExample(t *testing.T) {
	m, err := Parse("visits.flow", []byte(example))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	plan := node(Task, "plan", "制定拜访计划", "rep", "REQ-006")
	plan.Note = "每周一"
	want := Map{
		Name:        "拜访流程",
		Variant:     AsIs,
		Description: "销售拜访后在 Excel 登记，月底由主管汇总",
		Lanes: []Lane{
			{ID: "rep", Name: "销售代表"},
			{ID: "mgr", Name: "销售主管"},
			{ID: "excel", Name: "Excel", System: true},
		},
		Nodes: []Node{
			node(Start, "s1", "开始拜访", "rep"),
			node(User, "visit", "上门拜访客户", "rep"),
			node(Manual, "log", "在 Excel 登记拜访", "rep", "F-001"),
			plan,
			node(XOR, "ok", "记录完整？", "mgr"),
			node(End, "e1", "结束", "mgr"),
			node(System, "sum", "月底汇总", "excel", "F-001", "REQ-004"),
		},
		Flows: []Flow{
			{From: "s1", To: "plan"},
			{From: "plan", To: "visit"},
			{From: "visit", To: "log"},
			{From: "log", To: "ok"},
			{From: "ok", To: "sum", Label: "是"},
			{From: "ok", To: "log", Label: "否"},
			{From: "sum", To: "e1"},
		},
	}
	if got := plain(m); !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
	}
	if m.Source != example {
		t.Errorf("Source is not the input")
	}
	// Positions: lanes at "lane", steps at their kind, flows at their source name.
	if p := m.Lanes[1].Pos; p != (Pos{11, 1}) {
		t.Errorf("lane mgr at %v, want 11:1", p)
	}
	if p := m.Nodes[2].Pos; p != (Pos{8, 3}) {
		t.Errorf("step log at %v, want 8:3", p)
	}
	if p := m.Flows[2].Pos; p != (Pos{19, 15}) {
		t.Errorf("flow visit -> log at %v, want 19:15", p)
	}

	// The example exactly as the design writes it leaves "plan" unconnected.
	_, err = Parse("visits.flow", []byte(briefExample))
	if got, want := fmt.Sprint(err), `visits.flow:9:8: step "plan" cannot be reached from a start event`; got != want {
		t.Errorf("brief example: got %q, want %q", got, want)
	}
}

func TestParseTestdata(t *testing.T) {
	doc := string(readFile(t, "../docs/process-dsl.md"))
	for _, tc := range []struct {
		file                string
		variant             Variant
		lanes, nodes, flows int
	}{
		{"testdata/visits-asis.flow", AsIs, 4, 17, 18},
		{"testdata/visits-tobe.flow", ToBe, 5, 19, 22},
	} {
		src := readFile(t, tc.file)
		m, err := Parse(tc.file, src)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if m.Variant != tc.variant || len(m.Lanes) != tc.lanes || len(m.Nodes) != tc.nodes || len(m.Flows) != tc.flows {
			t.Errorf("%s: %s, %d lanes, %d steps, %d flows; want %s, %d, %d, %d", tc.file,
				m.Variant, len(m.Lanes), len(m.Nodes), len(m.Flows), tc.variant, tc.lanes, tc.nodes, tc.flows)
		}
		if !strings.Contains(doc, string(src)) {
			t.Errorf("docs/process-dsl.md does not hold %s verbatim", tc.file)
		}
	}
	// Every complete example in the document reads without error.
	blocks := strings.Split(doc, "```flow\n")[1:]
	if len(blocks) != 3 {
		t.Errorf("%d flow blocks in the document, want 3", len(blocks))
	}
	for i, b := range blocks {
		b = b[:strings.Index(b, "```")]
		if _, err := Parse(fmt.Sprintf("doc block %d", i+1), []byte(b)); err != nil {
			t.Errorf("%v\n%s", err, b)
		}
	}
}

func TestParseForms(t *testing.T) {
	src := "\uFEFFprocess \"名\\\"称\\\\\" to-be\r\n" +
		"lane r \"R\" {\r\n" +
		"  start s \"S\"\r\n" +
		"  user a \"A\" note \"n\" [f-1, req-0004，F-02]\r\n" + // note before refs, lower case, full-width comma
		"  s -> a\r\n" + // a flow inside a lane
		"  xor g \"G\"\r\n" +
		"  end e \"E\"\r\n" +
		"  task b-2 \"B\"\r\n" +
		"}\r\n" +
		"a -> g\n" +
		"g->b-2：\"x # y\"\n" + // no spaces, full-width colon, # inside quotes
		"g -> e : 否 # comment\n" +
		"b-2 -> e\n" +
		"\tlane\tz\t\"Z\"\tsystem\t{\n" +
		"  system end \"keyword as an ID\"\n" +
		"}\n" +
		"a -> end -> e\n"
	m, err := Parse("f", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != `名"称\` || m.Variant != ToBe {
		t.Errorf("header: %q %q", m.Name, m.Variant)
	}
	a, _ := m.Node("a")
	if !reflect.DeepEqual(a.Findings, []string{"F-001", "F-002"}) || !reflect.DeepEqual(a.Reqs, []string{"REQ-004"}) || a.Note != "n" {
		t.Errorf("refs: %+v", a)
	}
	want := []Flow{{From: "s", To: "a"}, {From: "a", To: "g"}, {From: "g", To: "b-2", Label: "x # y"},
		{From: "g", To: "e", Label: "否"}, {From: "b-2", To: "e"}, {From: "a", To: "end"}, {From: "end", To: "e"}}
	if got := plain(m).Flows; !reflect.DeepEqual(got, want) {
		t.Errorf("flows:\n got %+v\nwant %+v", got, want)
	}
	if l, _ := m.Lane("z"); !l.System || l.Pos != (Pos{14, 2}) {
		t.Errorf("lane z: %+v", l)
	}
}

func TestSyntaxErrors(t *testing.T) {
	const h = "process \"p\" as-is\n"
	const lane = "lane r \"R\" {\n"
	for _, tc := range []struct{ name, src, want string }{
		{"empty", "", `1:1: expected process "<name>" as-is|to-be, found end of file`},
		{"only comments", "# x\n\n", `1:1: expected process "<name>" as-is|to-be, found end of file`},
		{"header not first", lane + "}\n" + h, `1:1: expected process "<name>" as-is|to-be first, found "lane"`},
		{"no name", "process as-is\n", `1:9: expected a quoted process name after "process", found "as-is"`},
		{"variant", "process \"p\" asis\n", `1:13: variant must be as-is or to-be, found "asis"`},
		{"no variant", "process \"p\"\n", `1:12: variant must be as-is or to-be, found end of line`},
		{"after variant", "process \"p\" as-is x\n", `1:19: expected end of line after the variant, found "x"`},
		{"process twice", h + h, `2:1: process is already declared at 1:1`},
		{"description twice", h + "description \"a\"\ndescription \"b\"\n", `3:1: description is already given at 2:1`},
		{"description without text", h + "description 简介\n", `2:13: expected a quoted description after "description", found "简介"`},
		{"lane ID", h + "description \"d\"\n   lane {\n}\n", `3:9: expected a lane ID after "lane", found "{"`},
		{"lane ID starts with a digit", h + "lane 1r \"R\" {\n}\n", `2:6: "1r" is not a valid ID: an ID starts with a letter or "_"`},
		{"lane name", h + "lane r R {\n}\n", `2:8: expected a quoted lane name after "r", found "R"`},
		{"lane brace", h + "lane r \"R\"\n  user a \"A\"\n}\n", `2:11: expected system or "{" after the lane name, found end of line`},
		{"lane system brace", h + "lane r \"R\" system x {\n}\n", `2:19: expected "{" after system, found "x"`},
		{"step after brace", h + "lane r \"R\" { user a \"A\"\n}\n", `2:14: expected end of line after "{", found "user"`},
		{"brace without lane", h + "}\n", `2:1: "}" without a lane`},
		{"after brace", h + lane + "  start s \"S\"\n} x\n", `4:3: expected end of line after "}", found "x"`},
		{"missing brace at end", h + "\n" + lane + "  start s \"S\"\n", `5:1: missing "}" for lane r opened at 3:1`},
		{"missing brace before lane", h + lane + "  start s \"S\"\nlane q \"Q\" {\n  end e \"E\"\n}\ns -> e\n", `4:1: missing "}" for lane r opened at 2:1`},
		{"missing brace before description", h + lane + "  start s \"S\"\ndescription \"d\"\n", `4:1: missing "}" for lane r opened at 2:1`},
		{"unknown kind", h + lane + "  tsk a \"A\"\n}\n", `3:3: unknown step kind "tsk" (use start, end, user, manual, system, task, xor, and)`},
		{"unknown statement", h + "lnae r \"R\" {\n", `2:1: unknown statement "lnae" (use process, description, lane, or a flow "a -> b")`},
		{"step outside lane", h + "user a \"A\"\n", `2:1: step "a" must be inside a lane: lane <id> "<name>" { ... }`},
		{"step without ID outside lane", h + "user\n", `2:1: a user step must be inside a lane: lane <id> "<name>" { ... }`},
		{"statement starts with a string", h + "\"x\"\n", `2:1: expected a statement (process, description, lane, a step or a flow "a -> b"), found text "x"`},
		{"step ID", h + lane + "  user \"A\"\n}\n", `3:8: expected a step ID after "user", found text "A"`},
		{"step label", h + lane + "  user a\n}\n", `3:9: expected a quoted label after "a", found end of line`},
		{"step label bare", h + lane + "  user a 拜访\n}\n", `3:10: expected a quoted label after "a", found "拜访"`},
		{"after label", h + lane + "  user a \"A\" REQ-001\n}\n", `3:14: expected "[", note or end of line, found "REQ-001"`},
		{"note text", h + lane + "  user a \"A\" note\n}\n", `3:18: expected a quoted note after "note", found end of line`},
		{"note twice", h + lane + "  user a \"A\" note \"x\" note \"y\"\n}\n", `3:23: note is already given at 3:14`},
		{"refs twice", h + lane + "  user a \"A\" [F-001] [REQ-001]\n}\n", `3:22: references are already given at 3:14; list them all in one [...]`},
		{"empty refs", h + lane + "  user a \"A\" []\n}\n", `3:15: expected a reference like F-001 or REQ-001, found "]"`},
		{"ref trailing comma", h + lane + "  user a \"A\" [F-001,]\n}\n", `3:21: expected a reference like F-001 or REQ-001, found "]"`},
		{"refs without comma", h + lane + "  user a \"A\" [F-001 REQ-001]\n}\n", `3:21: expected "," or "]" after a reference, found "REQ-001"`},
		{"refs unclosed", h + lane + "  user a \"A\" [F-001\n}\n", `3:20: expected "," or "]" after a reference, found end of line`},
		{"bad ref", h + lane + "  user a \"A\" [F-001, X-1]\n}\n", `3:22: reference "X-1" is not a finding (F-001) or a requirement (REQ-001)`},
		{"bad ref digits", h + lane + "  user a \"A\" [F-1234567890]\n}\n", `3:15: reference "F-1234567890" is not a finding (F-001) or a requirement (REQ-001)`},
		{"ref twice", h + lane + "  user a \"A\" [REQ-1, req-001]\n}\n", `3:22: reference REQ-001 is already listed at 3:15`},
		{"unterminated string", h + "lane rep \"销售代表 {\n}\n", `2:10: unterminated string`},
		{"unterminated escape", h + "lane rep \"销售\\\n}\n", `2:10: unterminated string`},
		{"unknown escape", h + "lane rep \"销售\\n代表\" {\n}\n", `2:13: unknown escape "\n" in string (only \" and \\ are allowed)`},
		{"control character", h + "lane rep \"销售\x01\" {\n}\n", `2:13: control character U+0001 in string`},
		{"curly quotes", h + "lane rep “销售” {\n}\n", `2:10: use straight double quotes "…" around text, not “`},
		{"unexpected character", h + "a -> b @\n", `2:8: unexpected character "@"`},
		{"unexpected control", h + "a -> b \x00\n", `2:8: unexpected character U+0000`},
		{"flow target", h + "a ->\n", `2:5: expected a step ID after "->", found end of line`},
		{"flow target string", h + "a -> \"b\"\n", `2:6: expected a step ID after "->", found text "b"`},
		{"flow source digit", h + "1a -> b\n", `2:1: "1a" is not a valid ID: an ID starts with a letter or "_"`},
		{"flow end", h + "a -> b c\n", `2:8: expected "->", ":" or end of line, found "c"`},
		{"chain end", h + "a -> b -> c d\n", `2:13: expected "->" or end of line, found "d"`},
		{"chain label", h + "a -> b -> c : x\n", `2:13: a label is only allowed on a single flow, not on a chain: write the labelled flow on its own line`},
		{"no label", h + "a -> b :\n", `2:9: expected a label after ":", found end of line`},
		{"empty label", h + "a -> b : \"\"\n", `2:10: empty flow label (write a label or drop the ":")`},
		{"after label", h + "a -> b : 是 否\n", `2:12: expected end of line after the label, found "否"`},
		{"long ID", h + "a" + strings.Repeat("b", 64) + " -> c\n", `2:1: ID "abbbbbbbbbbbbbbbbbbbbbbb…" is 65 characters long; the limit is 64`},
		{"long label", h + "lane r \"" + strings.Repeat("长", 201) + "\" {\n}\n", `2:8: text is 201 characters long; the limit is 200`},
		{"long line", h + "# " + strings.Repeat("长", MaxLine) + "\n", `2:1: line is 10002 characters long; the limit is 10000`},
		{"not UTF-8", h + "lane r \"\xc4\xe3\" {\n}\n", `2:9: the source is not valid UTF-8 (saved as GBK? save it as UTF-8)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.flow", []byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%T), want one *ParseError", err, err)
			}
			if got, want := err.Error(), "t.flow:"+tc.want; got != want {
				t.Errorf("\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestSourceTooLarge(t *testing.T) {
	src := []byte("process \"p\" as-is\n" + strings.Repeat("# 注释注释注释注释注释\n", MaxSource/20))
	m, err := Parse("big.flow", src)
	if err == nil || !strings.HasPrefix(err.Error(), "big.flow:1:1: the source is ") || !strings.Contains(err.Error(), "the limit is 2097152 (2 MB)") {
		t.Errorf("got %v", err)
	}
	if m == nil {
		t.Error("Parse returned a nil map")
	}
}

// valid is the smallest correct map; the check cases change it.
const valid = `process "p" as-is
lane r "R" {
  start s "S"
  user a "A"
  end e "E"
}
s -> a -> e
`

func TestCheckErrors(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(valid, old) {
			panic(old)
		}
		return strings.Replace(valid, old, new, 1)
	}
	for _, tc := range []struct{ name, src, want string }{
		{"valid", valid, ""},
		{"flow target", edit("s -> a -> e\n", "s -> a -> e\n\n\na -> s9\n"), `10:6: flow target "s9" is not defined`},
		{"flow source", edit("s -> a -> e\n", "s -> a -> e\nx -> a\n"), `8:1: flow source "x" is not defined`},
		{"duplicate lane", edit("s -> a", "lane r \"R2\" {\n  task b \"B\"\n}\ns -> b\ns -> a"), `7:6: lane "r" is already defined at 2:6`},
		{"duplicate step", edit(`  end e "E"`, `  end e "E"`+"\n  task a \"B\""), `6:8: step "a" is already defined at 4:8`},
		{"no start", edit(`  start s "S"`, `  task s "S"`), "1:1: the process has no start event: add one to a lane, e.g. start s1 \"开始\""},
		{"no end", edit(`  end e "E"`, `  task e "E"`), "1:1: the process has no end event: add one to a lane, e.g. end e1 \"结束\""},
		{"unreachable", edit(`  end e "E"`, `  end e "E"`+"\n  manual b \"B\""), `6:10: step "b" cannot be reached from a start event`},
		{"start with incoming", edit("s -> a -> e\n", "s -> a -> e\na -> s\n"), `8:6: start event "s" cannot have incoming flows (from "a")`},
		{"end with outgoing", edit("s -> a -> e\n", "s -> a -> e\ne -> a\n"), `8:1: end event "e" cannot have outgoing flows (to "a")`},
		{"gateway neither split nor join", edit("  end e \"E\"\n", "  xor g \"G\"\n  end e \"E\"\n") + "", ""},
		{"self flow", edit("s -> a -> e\n", "s -> a -> e\na -> a\n"), `8:1: flow from "a" to itself is not allowed`},
		{"duplicate flow", edit("s -> a -> e\n", "s -> a -> e\n\na -> e : 是\n"), `9:1: duplicate flow a -> e (first at 7:6)`},
		{"empty lane", edit("s -> a", "lane q \"Q\" system {\n}\ns -> a"), `7:6: lane "q" has no steps`},
		{"empty step label", edit(`user a "A"`, `user a " "`), `4:8: step "a" has an empty label`},
		{"empty event label is fine", edit(`end e "E"`, `end e ""`), ""},
		{"blank flow label", edit("s -> a -> e\n", "s -> a\na -> e : \" \"\n"), `8:10: empty flow label (write a label or drop the ":")`},
		{"empty process name", edit(`process "p"`, `process ""`), `1:1: the process name is empty`},
		{"empty lane name", edit(`lane r "R"`, `lane r ""`), `2:6: lane "r" has an empty name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.flow", []byte(tc.src))
			got := ""
			if err != nil {
				got = err.Error()
			}
			want := ""
			if tc.want != "" {
				want = "t.flow:" + tc.want
			}
			if tc.name == "gateway neither split nor join" {
				// g is defined but has no flows: it is unreachable and neither splits nor joins.
				want = "t.flow:5:7: step \"g\" cannot be reached from a start event\n" +
					"t.flow:5:7: gateway \"g\" must split (2 or more outgoing flows) or join (2 or more incoming flows); it has 0 incoming and 0 outgoing"
			}
			if got != want {
				t.Errorf("\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestCheckGateways(t *testing.T) {
	const h = "process \"p\" to-be\nlane r \"R\" {\n  start s \"S\"\n  user a \"A\"\n  user b \"B\"\n  xor g \"G\"\n  and j \"J\"\n  end e \"E\"\n}\n"
	for _, tc := range []struct{ name, flows, want string }{
		{"split and join", "s -> g\ng -> a : 是\ng -> b : 否\na -> j\nb -> j\nj -> e\n", ""},
		{"one in one out", "s -> g -> a -> b -> j\nj -> e\ns -> j\n", `6:7: gateway "g" must split (2 or more outgoing flows) or join (2 or more incoming flows); it has 1 incoming and 1 outgoing`},
		{"join without way out", "s -> g\ng -> a\ng -> b\na -> j\nb -> j\nj -> e\na -> e\nb -> g\n", ""},
		{"no way out", "s -> g\ng -> a\ng -> b\na -> j\nb -> j\na -> e\n", `7:7: gateway "j" has no outgoing flow`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("g.flow", []byte(h+tc.flows))
			got := ""
			if err != nil {
				got = err.Error()
			}
			want := ""
			if tc.want != "" {
				want = "g.flow:" + tc.want
			}
			if got != want {
				t.Errorf("\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestCheckWithoutSource(t *testing.T) {
	m := &Map{
		Name:    "p",
		Variant: "asis",
		Lanes:   []Lane{{ID: "r", Name: "R", Pos: Pos{2, 1}}, {ID: "bad id", Name: "B", Pos: Pos{9, 1}}},
		Nodes: []Node{
			{ID: "s", Kind: Start, Label: "S", Lane: "r", Pos: Pos{3, 3}},
			{ID: "a", Kind: "activity", Label: "A", Lane: "r", Findings: []string{"F-1"}, Reqs: []string{"REQ-001", "X"}, Pos: Pos{4, 3}},
			{ID: "e", Kind: End, Label: "E", Lane: "q", Pos: Pos{5, 3}},
		},
		Flows: []Flow{{From: "s", To: "a", Pos: Pos{7, 1}}, {From: "a", To: "e", Pos: Pos{7, 6}}, {From: "a", To: "zz", Pos: Pos{8, 1}}},
	}
	err := Check("m", m)
	want := `m: variant must be as-is or to-be, found "asis"
m:4:3: step "a" has unknown kind "activity" (use start, end, user, manual, system, task, xor, and)
m:4:3: finding reference "F-1" must look like F-001
m:4:3: requirement reference "X" must look like REQ-001
m:5:3: step "e" is in lane "q", which is not defined
m:8:1: flow target "zz" is not defined
m:9:1: lane ID "bad id" is not valid: use letters, digits, "_" and "-", starting with a letter or "_"`
	if err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 7 {
		t.Errorf("errors.As ErrorList: %v", list)
	}
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("code %q", crmflow.ErrorCode(err))
	}
	if Check("m", nil) == nil {
		t.Error("Check(nil) is nil")
	}
}

func TestCheckUsesSource(t *testing.T) {
	// Check on a map from the store points at names, as Parse does.
	src := strings.Replace(valid, "s -> a -> e\n", "s -> a -> e\na -> s9\n", 1)
	m, err := Parse("t.flow", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	if got := Check("t.flow", m).Error(); got != `t.flow:8:6: flow target "s9" is not defined` {
		t.Errorf("got %s", got)
	}
	// When the source no longer matches, the flow's own position is used.
	m.Flows[len(m.Flows)-1].Pos = Pos{20, 1}
	if got := Check("t.flow", m).Error(); got != `t.flow:20:1: flow target "s9" is not defined` {
		t.Errorf("got %s", got)
	}
}

func TestCheckRefs(t *testing.T) {
	src := "process \"x\" as-is\nlane rep \"销售代表\" {\n  start s1 \"开始\"\n  user a \"拜访\" [REQ-001, REQ-999]\n  manual b \"登记\" [F-001, F-009, REQ-999]\n  end e1 \"结束\"\n}\ns1 -> a -> b -> e1\n"
	m, err := Parse("badref.flow", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	asked := map[string]int{}
	exists := func(ref string) bool {
		asked[ref]++
		return ref == "REQ-001" || ref == "F-001"
	}
	err = CheckRefs("badref.flow", m, exists)
	want := "badref.flow:4:25: requirement REQ-999 does not exist\n" +
		"badref.flow:5:25: finding F-009 does not exist\n" +
		"badref.flow:5:32: requirement REQ-999 does not exist"
	if err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
	if asked["REQ-999"] != 1 {
		t.Errorf("exists asked %d times for REQ-999", asked["REQ-999"])
	}
	if err := CheckRefs("badref.flow", m, func(string) bool { return true }); err != nil {
		t.Errorf("all known: %v", err)
	}
	if err := CheckRefs("f", m, nil); err != nil {
		t.Errorf("nil exists: %v", err)
	}
	// Without the source, the step's position.
	m.Source = ""
	if err := CheckRefs("f", m, func(r string) bool { return r != "F-009" }); err == nil || err.Error() != "f:5:3: finding F-009 does not exist" {
		t.Errorf("got %v", err)
	}
}

func TestColumnsCountCharacters(t *testing.T) {
	// Each CJK character is one column, whatever its UTF-8 length.
	src := "process \"拜访流程\" as-is\nlane 销售 \"销售代表\" {\n  start 开始 \"开始拜访\"\n  end 结束 \"结束\"\n}\n开始 -> 结束\n开始 -> 结束结束\n"
	_, err := Parse("cjk.flow", []byte(src))
	if got, want := fmt.Sprint(err), `cjk.flow:7:7: flow target "结束结束" is not defined`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	src = "process \"拜访流程\" as-is\n  description \"中文说明\" 多余\n"
	_, err = Parse("cjk.flow", []byte(src))
	if got, want := fmt.Sprint(err), `cjk.flow:2:22: expected end of line after the description, found "多余"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if m, err := Parse("cjk.flow", []byte("process \"p\" as-is\nlane r \"R\" {\n  start 开始 \"开始\"\n  end 结束 \"结束\"\n}\n开始 -> 结束\n")); err != nil || m.Flows[0].Pos != (Pos{6, 1}) {
		t.Errorf("got %v, %+v", err, m)
	}
}

func TestErrorList(t *testing.T) {
	var src strings.Builder
	src.WriteString("process \"p\" as-is\n")
	for i := 0; i < 25; i++ {
		src.WriteString("a -> \n")
	}
	_, err := Parse("e.flow", []byte(src.String()))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 25 {
		t.Fatalf("got %d errors: %v", len(list), err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 21 || lines[0] != `e.flow:2:6: expected a step ID after "->", found end of line` || lines[20] != "and 5 more" {
		t.Errorf("got %q", lines)
	}
	var ce *crmflow.Error
	if !errors.As(err, &ce) || ce.Code != crmflow.EINVALID || ce.Message != err.Error() {
		t.Errorf("errors.As *crmflow.Error: %+v", ce)
	}
	// A single error is a *ParseError, and an ErrorList of one to errors.As.
	_, err = Parse("e.flow", []byte("process \"p\" as-is\na -> \n"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Pos != (Pos{2, 6}) || pe.File != "e.flow" {
		t.Errorf("got %#v", err)
	}
	if !errors.As(err, &list) || len(list) != 1 {
		t.Errorf("errors.As ErrorList: %v", list)
	}
	if crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Errorf("code %q", crmflow.ErrorCode(err))
	}
	// Errors are sorted by position: a semantic error on line 3 does not
	// come after one on line 9.
	if got := (ErrorList{}).Err(); got != nil {
		t.Errorf("empty list: %v", got)
	}
	if got := (&ParseError{Msg: "m"}).Error(); got != "m" {
		t.Errorf("no file, no pos: %q", got)
	}
}

func TestManyErrorsStop(t *testing.T) {
	src := "process \"p\" as-is\n" + strings.Repeat("@\n", 5000)
	_, err := Parse("e.flow", []byte(src))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != maxSyntaxError+1 || list[len(list)-1].Msg != "too many errors, stopped here" {
		t.Errorf("got %d errors", len(list))
	}
}

// genSource writes a valid map with steps steps over lanes lanes: a chain
// of tasks with xor and and gateways that split in two and join again.
func genSource(steps, lanes int) []byte {
	type nd struct {
		kind, id, label, refs string
		lane                  int
	}
	var nodes []nd
	var flows []string
	kinds := []string{"user", "manual", "system", "task"}
	add := func(kind string) string {
		i := len(nodes)
		n := nd{kind: kind, id: fmt.Sprintf("n%d", i), label: fmt.Sprintf("步骤 %d：处理\\\"单据\\\"", i), lane: (i * 7) % lanes}
		if i%5 == 0 {
			n.refs = fmt.Sprintf(" [F-%03d, REQ-%03d]", i%40+1, i%90+1)
		}
		if i%11 == 0 {
			n.refs += fmt.Sprintf(" note \"备注 %d\"", i)
		}
		nodes = append(nodes, n)
		return n.id
	}
	prev := add("start")
	for len(nodes) < steps-1 {
		if left := steps - 1 - len(nodes); left >= 4 && len(nodes)%6 == 1 {
			gw := "xor"
			if len(nodes)%12 == 1 {
				gw = "and"
			}
			split := add(gw)
			a, b := add(kinds[len(nodes)%4]), add(kinds[len(nodes)%4])
			join := add(gw)
			flows = append(flows, prev+" -> "+split, split+" -> "+a+" : 是", split+" -> "+b+" : \"否\"", a+" -> "+join, b+" -> "+join)
			prev = join
			continue
		}
		next := add(kinds[len(nodes)%4])
		flows = append(flows, prev+" -> "+next)
		prev = next
	}
	flows = append(flows, prev+" -> "+add("end"))
	var b strings.Builder
	fmt.Fprintf(&b, "process \"生成的流程\" to-be\ndescription \"%d 步 %d 泳道\"\n", steps, lanes)
	for l := 0; l < lanes; l++ {
		sys := ""
		if l%4 == 3 {
			sys = " system"
		}
		fmt.Fprintf(&b, "\nlane L%d \"泳道 %d\"%s {\n", l, l, sys)
		for _, n := range nodes {
			if n.lane == l {
				fmt.Fprintf(&b, "  %s %s \"%s\"%s\n", n.kind, n.id, n.label, n.refs)
			}
		}
		b.WriteString("}\n")
	}
	b.WriteByte('\n')
	for _, f := range flows {
		b.WriteString(f + "\n")
	}
	return []byte(b.String())
}

func TestGenerated(t *testing.T) {
	src := genSource(300, 12)
	m, err := Parse("gen.flow", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Nodes) != 300 || len(m.Lanes) != 12 {
		t.Fatalf("%d steps, %d lanes", len(m.Nodes), len(m.Lanes))
	}
}

func TestFormatRoundTrip(t *testing.T) {
	sources := map[string][]byte{
		"example":    []byte(example),
		"asis":       readFile(t, "testdata/visits-asis.flow"),
		"tobe":       readFile(t, "testdata/visits-tobe.flow"),
		"generated":  genSource(300, 12),
		"flows-only": []byte(valid),
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			m, err := Parse(name, src)
			if err != nil {
				t.Fatal(err)
			}
			out := Format(m)
			m2, err := Parse(name+".formatted", out)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !sameMap(m, m2) {
				t.Errorf("round trip differs:\n%+v\n%+v", plain(m), plain(m2))
			}
			if again := Format(m2); string(again) != string(out) {
				t.Errorf("Format is not stable:\n%s\n%s", out, again)
			}
			for i, line := range strings.Split(string(out), "\n") {
				if n := utf8.RuneCountInString(line); n > MaxLine {
					t.Errorf("line %d is %d characters", i+1, n)
				}
			}
		})
	}
}

func TestFormatCanonical(t *testing.T) {
	m, err := Parse("f", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	want := `process "拜访流程" as-is
description "销售拜访后在 Excel 登记，月底由主管汇总"

lane rep "销售代表" {
  start s1 "开始拜访"
  user visit "上门拜访客户"
  manual log "在 Excel 登记拜访" [F-001]
  task plan "制定拜访计划" [REQ-006] note "每周一"
}

lane mgr "销售主管" {
  xor ok "记录完整？"
  end e1 "结束"
}

lane excel "Excel" system {
  system sum "月底汇总" [F-001, REQ-004]
}

s1 -> plan
plan -> visit
visit -> log
log -> ok
ok -> sum : "是"
ok -> log : "否"
sum -> e1
`
	if got := string(Format(m)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatForeignMap(t *testing.T) {
	// A map from elsewhere (BPMN import): IDs that are not valid, line breaks
	// in names, unknown kinds, a step in an undefined lane.
	m := &Map{
		Name:    "导入\n流程",
		Variant: "",
		Lanes:   []Lane{{ID: "Lane_1", Name: "销售\r\n代表"}},
		Nodes: []Node{
			{ID: "1start", Kind: Start, Label: "", Lane: "Lane_1"},
			{ID: "Activity 2", Kind: "serviceTask", Label: "汇总\t\"月报\"\\", Lane: "Lane_1"},
			{ID: "end.3", Kind: End, Label: "结束", Lane: "Lane_9"},
		},
		Flows: []Flow{{From: "1start", To: "Activity 2"}, {From: "Activity 2", To: "end.3", Label: "完成\n"}},
	}
	out := Format(m)
	got, err := Parse("imported.flow", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := `process "导入 流程" as-is

lane Lane_1 "销售  代表" {
  start _1start ""
  task Activity_2 "汇总	\"月报\"\\"
}

lane Lane_9 "Lane_9" {
  end end_3 "结束"
}

_1start -> Activity_2
Activity_2 -> end_3 : "完成 "
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if n, _ := got.Node("Activity_2"); n.Label != "汇总\t\"月报\"\\" || n.Kind != Task {
		t.Errorf("got %+v", n)
	}
	if Format(nil) != nil {
		t.Error("Format(nil) is not nil")
	}
}

func TestIsID(t *testing.T) {
	for s, want := range map[string]bool{
		"a": true, "_": true, "拜访": true, "F-001": true, "b-2": true, "a_1": true,
		"": false, "1a": false, "-a": false, "a b": false, "a.b": false, "a->b": false,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false, "\xff": false,
	} {
		if got := IsID(s); got != want {
			t.Errorf("IsID(%q) = %v", s, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte(briefExample))
	f.Add([]byte(valid))
	f.Add(readFile(f, "testdata/visits-asis.flow"))
	f.Add(readFile(f, "testdata/visits-tobe.flow"))
	f.Add(genSource(40, 5))
	f.Add([]byte("process \"p\" to-be\nlane r \"R\" system {\n  start s \"S\" [f-1, req-2，REQ-3] note \"\\\"n\\\\\"\n  end e \"\"\n}\ns->e：是 # c\n"))
	f.Add([]byte("process \"p\" as-is\nlane r \"R\" {\nlane q \"Q\" {\n}\n}\n} x\n\"\n“x”\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := Parse("fuzz.flow", src)
		if m == nil {
			t.Fatal("nil map")
		}
		var list ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("error %T is not a ParseError or an ErrorList", err)
		}
		for _, e := range list {
			if e.Pos.Line < 0 || e.Pos.Col < 0 || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
		_ = CheckRefs("fuzz.flow", m, func(r string) bool { return len(r)%2 == 0 })
		_ = Format(m)
		if err != nil {
			return
		}
		out := Format(m)
		m2, err := Parse("formatted.flow", out)
		if err != nil {
			t.Fatalf("Parse(Format(m)): %v\nsource:\n%s\nformatted:\n%s", err, src, out)
		}
		if !sameMap(m, m2) {
			t.Fatalf("round trip differs:\n%+v\n%+v", plain(m), plain(m2))
		}
		if d := Diff(m, m2); len(d) != 0 {
			t.Fatalf("Diff of equal maps: %+v", d)
		}
	})
}

func BenchmarkParse300(b *testing.B) {
	src := genSource(300, 12)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("gen.flow", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormat300(b *testing.B) {
	m, err := Parse("gen.flow", genSource(300, 12))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Format(m)
	}
}
