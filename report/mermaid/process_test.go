package mermaid

import (
	"bytes"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

func procMermaid(t testing.TB, m *process.Map) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteProcess(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestProcessMermaidGolden(t *testing.T) {
	reporttest.Golden(t, "process-small.mmd", procMermaid(t, reporttest.SmallMap()))
	reporttest.Golden(t, "process-rich.mmd", procMermaid(t, reporttest.RichMap()))
}

func TestProcessMermaidShapes(t *testing.T) {
	s := string(procMermaid(t, reporttest.RichMap()))
	for _, want := range []string{
		"flowchart LR\n",
		"  subgraph lane_cust[\"客户 Customer\"]\n",
		"  subgraph lane_crm[\"CRM系统\"]\n",
		"    n_s([\"客户询价\"])\n",
		"    n_e((\"客户收到报价\"))\n",
		"    n_big{\"折扣#gt;10%?\"}\n",
		"    n_split{{\"+\"}}\n",
		"    n_calc[/\"用Excel计算折扣和毛利<br/>▲ F-002 F-003<br/>REQ-004 REQ-005\"\\]\n",
		"    n_pdf[[\"生成报价单PDF<br/>REQ-007\"]]\n",
		"    n_approve[\"审批折扣（移动端）<br/>REQ-006\"]\n",
		"  n_big -->|\"是\"| n_approve\n",
		"  n_ok -->|\"否\"| n_calc\n",
		"  n_join --> n_send\n",
		"  class n_lead,n_calc,n_credit pain\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if strings.Count(s, "subgraph ") != 6 || strings.Count(s, "\n  end\n") != 6 {
		t.Errorf("want 6 subgraphs:\n%s", s)
	}
	if strings.Count(s, "-->") != len(reporttest.RichMap().Flows) {
		t.Errorf("want %d flows:\n%s", len(reporttest.RichMap().Flows), s)
	}
}

func TestProcessMermaidEscapes(t *testing.T) {
	m := &process.Map{
		Name: "x\n%% y", Variant: process.AsIs,
		Lanes: []process.Lane{{ID: "a-b", Name: `He said "hi" <b>`}, {ID: "a b", Name: "dup"}},
		Nodes: []process.Node{
			{ID: "end", Kind: process.Start, Label: `"quoted" & <script>x</script>`, Lane: "a-b"},
			{ID: "t.1", Kind: process.Task, Label: "two\nlines #1 `code`", Lane: "a b"},
			{ID: "t-1", Kind: process.End, Label: "", Lane: "nowhere"},
		},
		Flows: []process.Flow{
			{From: "end", To: "t.1", Label: `|pipe| "q"`},
			{From: "t.1", To: "t-1"},
			{From: "t.1", To: "missing"},
		},
	}
	s := string(procMermaid(t, m))
	for _, want := range []string{
		"%% x %% y (as-is)\n",
		"subgraph lane_a_b[\"He said #quot;hi#quot; #lt;b#gt;\"]",
		"subgraph lane_a_b_2[\"dup\"]",
		"n_end([\"#quot;quoted#quot; #amp; #lt;script#gt;x#lt;/script#gt;\"])",
		"n_t_1[\"two<br/>lines #35;1 #96;code#96;\"]",
		"  n_t_1_2((\"t-1\"))\n",
		"n_end -->|\"|pipe| #quot;q#quot;\"| n_t_1\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if strings.Contains(s, "missing") {
		t.Errorf("a flow to an unknown node was written:\n%s", s)
	}
	// Every quoted label is closed on its line: an even number of quotes.
	for _, line := range strings.Split(s, "\n") {
		if strings.Count(line, `"`)%2 != 0 {
			t.Errorf("unbalanced quotes: %q", line)
		}
	}
}
