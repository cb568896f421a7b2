package release

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	rel "github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

func notes(lang crmflow.Lang) *Notes {
	mod := func(zh, en string) string {
		if lang == crmflow.LangEN {
			return en
		}
		return zh
	}
	return &Notes{
		Project: "某快消企业CRM定制", Client: "某快消企业", Lang: lang, Release: "v1.0", Target: "2027-03-31",
		Generated: time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC),
		Modules: []ModuleGroup{
			{Module: mod("拜访跟进", "Visits"), Kinds: []KindGroup{
				{Kind: mod("功能", "functional"), Lines: []Line{
					{Ref: "REQ-001", Title: "拜访记录移动端实时录入", Status: mod("已验证", "verified"), Baseline: "v1.1", Changes: []string{}},
					{Ref: "REQ-005", Title: "拜访照片 *水印* <b>附件</b>", Status: mod("已实现", "implemented"), Baseline: "v1.1", Changes: []string{"CR-001"}},
				}},
			}},
			{Module: mod("报表分析", "Reports"), Kinds: []KindGroup{
				{Kind: mod("报表", "report"), Lines: []Line{{Ref: "REQ-017", Title: "销售漏斗分析", Status: mod("已验证", "verified"), Changes: []string{}}}},
			}},
		},
		Changes:  []Change{{ID: "CR-001", Title: "拜访照片增加时间与定位水印", Baseline: "v1.1", Reqs: []string{"REQ-005"}}},
		Deferred: []Line{{Ref: "REQ-020", Title: "竞品价格监控"}},
	}
}

func TestReleaseNotesGolden(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		var b bytes.Buffer
		if err := Markdown(&b, notes(lang)); err != nil {
			t.Fatal(err)
		}
		reporttest.Golden(t, "notes."+string(lang)+".md", b.Bytes())
	}
}

func TestReleaseNotesHTMLHasNoUserHTML(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, notes(crmflow.LangEN)); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<b>附件</b>", "<script", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	for _, want := range []string{`<html lang="en"`, "Release notes v1.0", "REQ-005", "changed by CR-001", "baseline v1.1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestBurndownSVG(t *testing.T) {
	b := &rel.Burndown{Sprint: "S-01", Start: milestones.NewDate(2027, 3, 1), End: milestones.NewDate(2027, 3, 5),
		Committed: 10, Added: 2, Reestimated: -1, Completed: 4, Remaining: 7,
		Days: []rel.BurnDay{
			{Date: milestones.NewDate(2027, 3, 1), Remaining: 10, Scope: 10, Ideal: 10},
			{Date: milestones.NewDate(2027, 3, 2), Remaining: 12, Scope: 12, Ideal: 7.5},
			{Date: milestones.NewDate(2027, 3, 3), Remaining: 7, Scope: 11, Ideal: 5},
			{Date: milestones.NewDate(2027, 3, 4), Ideal: 2.5, Future: true},
			{Date: milestones.NewDate(2027, 3, 5), Ideal: 0, Future: true},
		}}
	var s bytes.Buffer
	if err := BurndownSVG(&s, b, crmflow.LangZH); err != nil {
		t.Fatal(err)
	}
	svg := s.String()
	for _, want := range []string{"S-01 燃尽图（2027-03-01 至 2027-03-05）", "承诺 10 人天", "重新估算 -1", "开始后新增 2"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	// The remaining line stops at today: three points, not five.
	if n := strings.Count(svg, `<circle`); n != 3 {
		t.Errorf("%d remaining points, want 3", n)
	}
	if strings.Contains(svg, "Remaining") {
		t.Error("a Chinese chart shows English")
	}
}
