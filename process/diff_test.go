package process

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, file string) *Map {
	t.Helper()
	m, err := Parse(file, readFile(t, file))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDiffVisits(t *testing.T) {
	a := mustParse(t, "testdata/visits-asis.flow")
	b := mustParse(t, "testdata/visits-tobe.flow")
	got := Diff(a, b)
	want := []Change{
		// The Excel and WeChat steps, the order clerk's re-keying and the chasing are gone.
		{Kind: "removed", ID: "chase", Label: "电话催补记录", FromLane: "销售主管", Detail: "manual"},
		{Kind: "removed", ID: "collect", Label: "收集各人的 Excel", FromLane: "销售主管", Detail: "manual"},
		{Kind: "removed", ID: "complete", Label: "记录完整？", FromLane: "销售主管", Detail: "xor"},
		{Kind: "removed", ID: "enter", Label: "手工录入订单到 ERP", FromLane: "销售内勤", Detail: "manual"},
		{Kind: "removed", ID: "log", Label: "晚上在 Excel 登记拜访", FromLane: "销售代表", Detail: "manual"},
		{Kind: "removed", ID: "reply", Label: "微信回复订单号", FromLane: "销售内勤", Detail: "manual"},
		{Kind: "removed", ID: "send", Label: "把 Excel 发到微信群", FromLane: "销售代表", Detail: "manual"},
		{Kind: "removed", ID: "visit", Label: "上门拜访门店", FromLane: "销售代表", Detail: "manual"},
		// Mobile check-in with GPS, the real-time view, the parallel consolidation.
		{Kind: "added", ID: "abnormal", Label: "有异常门店？", ToLane: "销售主管", Detail: "xor"},
		{Kind: "added", ID: "checkin", Label: "到店 GPS 签到并拍照", ToLane: "销售代表", Detail: "user"},
		{Kind: "added", ID: "checkout", Label: "签退并提交拜访记录", ToLane: "销售代表", Detail: "user"},
		{Kind: "added", ID: "coach", Label: "跟进异常门店并辅导", ToLane: "销售主管", Detail: "user"},
		{Kind: "added", ID: "fork", Label: "并行处理", ToLane: "CRM 后台", Detail: "and"},
		{Kind: "added", ID: "gps", Label: "校验 GPS 位置", ToLane: "CRM 移动端", Detail: "system"},
		{Kind: "added", ID: "join", Label: "汇总完成", ToLane: "CRM 后台", Detail: "and"},
		{Kind: "added", ID: "near", Label: "在门店 300 米内？", ToLane: "CRM 移动端", Detail: "xor"},
		{Kind: "added", ID: "route", Label: "在手机查看当天线路", ToLane: "销售代表", Detail: "user"},
		{Kind: "added", ID: "view", Label: "实时查看拜访看板", ToLane: "销售主管", Detail: "user"},
		{Kind: "moved", ID: "consolidate", Label: "实时汇总拜访记录", FromLane: "销售主管", ToLane: "CRM 后台", Detail: "销售主管 → CRM 后台"},
		{Kind: "moved", ID: "kpi", Label: "自动计算拜访达成率", FromLane: "销售主管", ToLane: "CRM 后台", Detail: "销售主管 → CRM 后台"},
		{Kind: "moved", ID: "plan", Label: "在 CRM 制定每周拜访计划", FromLane: "销售代表", ToLane: "销售主管", Detail: "销售代表 → 销售主管"},
		{Kind: "moved", ID: "s1", Label: "每周一", FromLane: "销售代表", ToLane: "销售主管", Detail: "销售代表 → 销售主管"},
		// The monthly consolidation and the KPI computation are automated.
		{Kind: "automated", ID: "consolidate", Label: "实时汇总拜访记录", FromLane: "销售主管", ToLane: "CRM 后台", Detail: "manual → system"},
		{Kind: "automated", ID: "kpi", Label: "自动计算拜访达成率", FromLane: "销售主管", ToLane: "CRM 后台", Detail: "manual → system"},
		{Kind: "relabelled", ID: "consolidate", Label: "实时汇总拜访记录", FromLane: "销售主管", ToLane: "CRM 后台", Detail: `"月底汇总拜访记录" → "实时汇总拜访记录"`},
		{Kind: "relabelled", ID: "e1", Label: "周报自动生成", FromLane: "销售主管", ToLane: "销售主管", Detail: `"月报交销售总监" → "周报自动生成"`},
		{Kind: "relabelled", ID: "kpi", Label: "自动计算拜访达成率", FromLane: "销售主管", ToLane: "CRM 后台", Detail: `"手工计算拜访达成率" → "自动计算拜访达成率"`},
		{Kind: "relabelled", ID: "order", Label: "手机下单", FromLane: "销售代表", ToLane: "销售代表", Detail: `"微信报单给内勤" → "手机下单"`},
		{Kind: "relabelled", ID: "plan", Label: "在 CRM 制定每周拜访计划", FromLane: "销售代表", ToLane: "销售主管", Detail: `"按线路表安排当天拜访" → "在 CRM 制定每周拜访计划"`},
		{Kind: "relabelled", ID: "s1", Label: "每周一", FromLane: "销售代表", ToLane: "销售主管", Detail: `"周一领取纸质线路表" → "每周一"`},
		// "check" became "audit": paired by its label, it changed kind only.
		{Kind: "kind-changed", ID: "audit", Label: "检查陈列与库存", FromLane: "销售代表", ToLane: "销售代表", Detail: "manual → user"},
		{Kind: "kind-changed", ID: "order", Label: "手机下单", FromLane: "销售代表", ToLane: "销售代表", Detail: "manual → user"},
		{Kind: "kind-changed", ID: "plan", Label: "在 CRM 制定每周拜访计划", FromLane: "销售代表", ToLane: "销售主管", Detail: "manual → user"},
	}
	if !reflect.DeepEqual(got, want) {
		var b strings.Builder
		for _, c := range got {
			fmt.Fprintf(&b, "%+v\n", c)
		}
		t.Errorf("Diff:\n%s", b.String())
	}
	// need (a gateway) and ship (ERP, same lane name) did not change.
	for _, c := range got {
		if c.ID == "need" || c.ID == "ship" {
			t.Errorf("unexpected change %+v", c)
		}
	}
	// Reversed, removed and added swap.
	back := Diff(b, a)
	count := map[string]int{}
	for _, c := range back {
		count[c.Kind]++
	}
	if count["removed"] != 10 || count["added"] != 8 || count["automated"] != 0 || count["kind-changed"] != 5 {
		t.Errorf("reverse counts %v", count)
	}
}

func TestDiffRules(t *testing.T) {
	const h = "process \"p\" %s\nlane r \"销售代表\" {\n  start s \"S\"\n%s}\nlane x \"Excel\" system {\n  system sys \"汇总\"\n}\n%s"
	mk := func(t *testing.T, variant, steps, flows string) *Map {
		t.Helper()
		m, err := Parse("d", []byte(fmt.Sprintf(h, variant, steps, flows)))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a := mk(t, "as-is", "  user a \"登记\"\n  manual b \"签字\"\n  task c \"归档\"\n  end e \"E\"\n", "s -> a -> b -> c -> sys -> e\n")
	if d := Diff(a, a); len(d) != 0 {
		t.Errorf("same map: %+v", d)
	}
	// Lane IDs differ but names match: not moved. Label match pairs b with b2.
	b := strings.Replace(fmt.Sprintf(h, "to-be", "  system a \"登记\"\n  user b2 \"签字\"\n  task c \"归档\"\n  end e \"E\"\n", "s -> a -> b2 -> c -> sys -> e\n"), "lane r ", "lane rep ", 1)
	mb, err := Parse("d", []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	got := Diff(a, mb)
	want := []Change{
		{Kind: "automated", ID: "a", Label: "登记", FromLane: "销售代表", ToLane: "销售代表", Detail: "user → system"},
		{Kind: "kind-changed", ID: "b2", Label: "签字", FromLane: "销售代表", ToLane: "销售代表", Detail: "manual → user"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	// A renamed lane with the same ID is not a move either.
	c := mk(t, "to-be", "  user a \"登记\"\n  manual b \"签字\"\n  task c \"归档\"\n  end e \"E\"\n", "s -> a -> b -> c -> sys -> e\n")
	c.Lanes[0].Name = "业务员"
	if d := Diff(a, c); len(d) != 0 {
		t.Errorf("renamed lane: %+v", d)
	}
	// Moved to another lane (by ID and name): reported with the names.
	c.Nodes[3].Lane = "x"
	if d := Diff(a, c); len(d) != 1 || d[0].Kind != "moved" || d[0].Detail != "销售代表 → Excel" {
		t.Errorf("moved: %+v", d)
	}
	if d := Diff(nil, nil); len(d) != 0 {
		t.Errorf("nil maps: %+v", d)
	}
	if d := Diff(nil, a); len(d) != len(a.Nodes) || d[0].Kind != "added" {
		t.Errorf("nil a: %+v", d)
	}
}
