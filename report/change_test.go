package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/stakeholder"
)

// The change-control documents (minutes, change log, baseline diff) as
// golden files and as real readers see them. The fixtures hold hostile user
// text: Markdown, raw HTML and spreadsheet formulas.

var changeTestTime = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func minutesFixture(lang crmflow.Lang) *Minutes {
	return &Minutes{
		Project:   crmflow.Project{Name: "华东快消 CRM 定制", Client: "某快消品公司", Lang: lang},
		Lang:      lang,
		Generated: changeTestTime,
		Meeting: meeting.Meeting{ID: "MEET-001", Kind: meeting.Confirmation, Date: "2026-11-24", Title: "第一批需求确认 | 拜访",
			Attendees: []string{"张总", "李工", "王顾问"},
			Decisions: []meeting.Decision{
				{Req: "REQ-001", Title: "拜访记录移动端实时录入", Outcome: meeting.Confirm, From: requirements.Draft},
				{Req: "REQ-008", Title: "客户 *重复* 合并", Outcome: meeting.Reject, From: requirements.Draft},
				{Req: "REQ-020", Title: "<b>BI</b> 大屏", Outcome: meeting.Defer, From: requirements.Draft},
			},
			Notes:     "# 讨论\n\nREQ-008 与 REQ-003 重复。\n\n## 遗留\n\n- <script>alert(1)</script>\n",
			CreatedBy: "王顾问", CreatedAt: changeTestTime},
		Stakeholders: []stakeholder.Stakeholder{{Name: "张总", Org: "某快消品公司", Role: "销售总监"}, {Name: "李工", Org: "某快消品公司", Role: "IT"}},
		Modules: func(id string) string {
			return map[string]string{"REQ-001": "拜访跟进", "REQ-008": "客户管理"}[id]
		},
	}
}

func changeLogFixture(lang crmflow.Lang) *ChangeLog {
	at := func(h int) time.Time { return changeTestTime.Add(time.Duration(h) * time.Hour) }
	return &ChangeLog{
		Project:   crmflow.Project{Name: "华东快消 CRM 定制", Lang: lang},
		Lang:      lang,
		Generated: changeTestTime,
		Titles:    map[string]string{"REQ-005": "拜访拍照", "REQ-030": "=HYPERLINK(\"http://x\",\"点我\")"},
		Requests: []change.Request{
			{ID: "CR-001", Title: "拜访照片加水印", Reason: "审计要求照片可信。\n第二行 <i>理由</i>", RequestedBy: "张总",
				State: change.Implemented, Against: "v1.0", Baseline: "v1.1",
				Proposal: change.Proposal{Reqs: []string{"REQ-005"}, Set: []string{"criteria+=照片带时间与定位水印", "urgency=5"}},
				Impact: &change.Impact{EffortDays: 2.5, ScheduleDays: 1, Cost: 5000, Risk: change.RiskLow,
					Affected: []change.Affected{{ID: "REQ-005", Title: "拜访拍照", Why: "changed"}, {ID: "REQ-006", Title: "拜访签到", Why: "linked to REQ-005"}},
					Steps:    []change.StepRef{{Map: "PM-002", Step: "photo", Label: "拍照上传", Req: "REQ-005"}}},
				Events: []change.Event{
					{At: at(0), Actor: "王顾问", To: change.Submitted},
					{At: at(1), Actor: "王顾问", From: change.Submitted, To: change.Analyzed},
					{At: at(2), Actor: "王顾问", By: "张总", From: change.Analyzed, To: change.Approved, Comment: "同意"},
					{At: at(3), Actor: "王顾问", From: change.Approved, To: change.Implemented},
				},
				CreatedAt: at(0)},
			{ID: "CR-002", Title: "=cmd|' /C calc'!A0", Reason: "@SUM(1+1)", RequestedBy: "+李工",
				State: change.Rejected, Against: "v1.1",
				Proposal: change.Proposal{Remove: []string{"REQ-030"}, Add: []requirements.Requirement{{Title: "-新增 | 需求"}}},
				Impact:   &change.Impact{EffortDays: 0.5, Risk: change.RiskHigh},
				Events: []change.Event{
					{At: at(4), Actor: "王顾问", To: change.Submitted},
					{At: at(5), Actor: "王顾问", From: change.Submitted, To: change.Analyzed},
					{At: at(6), Actor: "王顾问", By: "张总", From: change.Analyzed, To: change.Rejected, Comment: "=不做"},
				},
				CreatedAt: at(4)},
		},
	}
}

func baselineDiffFixture(t *testing.T) baseline.Diff {
	t.Helper()
	enc := func(items ...baseline.Item) [][]byte {
		var out [][]byte
		for _, it := range items {
			out = append(out, baseline.Canonical(it))
		}
		return out
	}
	item := func(id, title, desc string, urgency int, criteria ...string) baseline.Item {
		return baseline.Item{ID: id, Revision: 1, Title: title, Description: desc, Module: "visit", Kind: "functional", Status: "confirmed",
			Value: 4, Difficulty: 2, Urgency: urgency, MoSCoW: "must", Criteria: criteria, Tags: []string{}, Fields: map[string]string{}, Links: []baseline.ItemLink{}}
	}
	a := enc(item("REQ-005", "拜访拍照", "销售在拜访时拍照上传。", 3, "照片可上传"), item("REQ-030", "旧需求", "", 2))
	changed := item("REQ-005", "拜访拍照", "销售在拜访时拍照上传，照片带 <水印>。", 5, "照片可上传", "照片带时间与定位水印")
	changed.Revision = 2
	b := enc(changed, item("REQ-031", "新 | 需求", "", 3))
	d, err := baseline.Compare("v1.0", "v1.1", a, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestChangeDocsGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		var b bytes.Buffer
		if err := BuildMinutes(&b, minutesFixture(lang), FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		golden(t, "minutes."+string(lang)+".md", b.Bytes())
		b.Reset()
		if err := BuildChangeLog(&b, changeLogFixture(lang), FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		golden(t, "changelog."+string(lang)+".md", b.Bytes())
		b.Reset()
		if err := BaselineDiffMarkdown(&b, baselineDiffFixture(t), lang); err != nil {
			t.Fatal(err)
		}
		golden(t, "baseline-diff."+string(lang)+".md", b.Bytes())
	}
}

// TestChangeDocsContent pins the facts the documents exist to carry, so a
// careless -update cannot drop them.
func TestChangeDocsContent(t *testing.T) {
	var b bytes.Buffer
	_ = BuildMinutes(&b, minutesFixture(crmflow.LangZH), FormatMarkdown)
	minutes := b.String()
	for _, want := range []string{"| 会议主题 | 第一批需求确认 \\| 拜访 |", "| 张总 | 某快消品公司 | 销售总监 |", "| 王顾问 |  |  |",
		"| REQ-001 | 拜访记录移动端实时录入 | 拜访跟进 | 确认 |", "| REQ-020 |", "延期", "### 讨论", "#### 遗留", "\\<script>", "| 李工 | | |"} {
		if !strings.Contains(minutes, want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	b.Reset()
	_ = BuildChangeLog(&b, changeLogFixture(crmflow.LangZH), FormatMarkdown)
	log := b.String()
	for _, want := range []string{"共 2 个变更请求。已批准（含已实施）的变更合计：工作量 2.5 人天，工期影响 1 个工作日，费用 5000。",
		"| CR-001 | 拜访照片加水印 | 已实施 | 张总 | 2.5 | 5000 | 低 | v1.1 |", "- 实施后基线：v1.1",
		"| REQ-006 | 拜访签到 | linked to REQ-005 |", "PM-002\\#photo 拍照上传", "| 张总 | 同意 |", "- 移除需求：REQ-030"} {
		if !strings.Contains(log, want) {
			t.Errorf("the change log lacks %q", want)
		}
	}
	b.Reset()
	_ = BaselineDiffMarkdown(&b, baselineDiffFixture(t), crmflow.LangZH)
	diff := b.String()
	for _, want := range []string{"新增 1 条，移除 1 条，变更 1 条，未变 0 条。", "- REQ-031 新 \\| 需求", "- REQ-030 旧需求", "| 紧急度 | 3 | 5 |", "| 描述 | 销售在拜访时拍照上传。 | 销售在拜访时拍照上传，照片带 \\<水印\\>。 |", "| 验收标准 | 照片可上传 | 照片可上传 / **照片带时间与定位水印** |"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the baseline diff lacks %q", want)
		}
	}
}

// TestChangeLogXLSX checks the workbook cell by cell as written, then as
// openpyxl and LibreOffice read it: formulas from user text stay text.
func TestChangeLogXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteChangeLog(&b, changeLogFixture(crmflow.LangZH)); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	all := walkAll(t, data)
	rows := all["变更记录"]
	if len(rows) != 3 {
		t.Fatalf("the log sheet has %d rows, want a header and 2", len(rows))
	}
	if got := strings.Join(rows[1][:10], "|"); got != "CR-001|拜访照片加水印|已实施|张总|审计要求照片可信。\n第二行 <i>理由</i>|v1.0|REQ-005|criteria+=照片带时间与定位水印\nurgency=5||" {
		t.Errorf("CR-001 row: %q", got)
	}
	if rows[1][10] != "2.5" || rows[1][12] != "5000" || rows[1][15] != "张总" || rows[1][18] != "v1.1" {
		t.Errorf("CR-001 impact and decision: %q", rows[1][10:19])
	}
	if rows[2][1] != "=cmd|' /C calc'!A0" || rows[2][3] != "+李工" || rows[2][17] != "=不做" {
		t.Errorf("CR-002 row: %q", rows[2])
	}
	sum := all["汇总"]
	found := false
	for _, r := range sum {
		if len(r) > 1 && r[0] == "已批准变更工作量(人天)" && r[1] == "2.5" {
			found = true
		}
	}
	if !found {
		t.Errorf("the summary lacks the approved effort: %q", sum)
	}

	dir := t.TempDir()
	in := filepath.Join(dir, "changelog.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("openpyxl", func(t *testing.T) {
		out := runPython(t, openpyxlScript, in, "变更记录")
		var got struct {
			Sheets      []string          `json:"sheets"`
			States      map[string]string `json:"states"`
			Active      string            `json:"active"`
			Freeze      string            `json:"freeze"`
			Filter      string            `json:"filter"`
			Validations [][]any           `json:"validations"`
			Cells       map[string][]any  `json:"cells"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if strings.Join(got.Sheets, ",") != "变更记录,汇总,_lists" || got.States["_lists"] != "hidden" || got.Active != "变更记录" {
			t.Errorf("sheets %v, states %v, active %q", got.Sheets, got.States, got.Active)
		}
		if got.Freeze != "C2" || strings.ReplaceAll(got.Filter, "$", "") != "A1:T3" {
			t.Errorf("freeze %q, filter %q", got.Freeze, got.Filter)
		}
		if len(got.Validations) != 1 || got.Validations[0][0] != "list" || got.Validations[0][2] != "C2:C203" || got.Validations[0][3] != "stop" {
			t.Errorf("validations %v", got.Validations)
		}
		// [type, value, data_type, quotePrefix]: user text starting with = + @ is a string, never a formula.
		for _, axis := range []string{"B3", "D3", "E3", "R3"} {
			c := got.Cells[axis]
			if len(c) != 4 || c[0] != "str" || c[2] != "s" {
				t.Errorf("%s read as %v, want a string", axis, c)
			}
		}
		if c := got.Cells["K2"]; len(c) != 4 || c[0] != "float" || c[1] != "2.5" {
			t.Errorf("K2 (effort) read as %v, want the number 2.5", c)
		}
	})
	t.Run("LibreOffice", func(t *testing.T) {
		records := libreOfficeCSV(t, data, "变更记录")
		if len(records) != len(rows) {
			t.Fatalf("LibreOffice reads %d rows, %d were written", len(records), len(rows))
		}
		for i := range rows {
			for j, w := range rows[i] {
				if j < len(records[i]) && records[i][j] != w || j >= len(records[i]) && w != "" {
					t.Errorf("row %d column %d: LibreOffice reads %q, written %q", i+1, j+1, records[i][j:min(j+1, len(records[i]))], w)
				}
			}
		}
	})
}

// TestMinutesInChromium prints the minutes page and reads back its DOM.
func TestMinutesInChromium(t *testing.T) {
	var b bytes.Buffer
	if err := BuildMinutes(&b, minutesFixture(crmflow.LangZH), FormatHTML); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, "<script>alert") || strings.Contains(html, "<b>BI</b>") {
		t.Error("user HTML reached the page")
	}
	br := openInChromium(t, b.Bytes(), "minutes.html")
	br.pdf()
	dom := br.dom()
	for _, want := range []string{"参会人员", "会议决议", "签字确认", "拜访记录移动端实时录入", "&lt;b&gt;BI&lt;/b&gt; 大屏"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM lacks %q", want)
		}
	}
	if strings.Contains(dom, "<script>alert") {
		t.Error("the DOM holds the notes' script")
	}
}
