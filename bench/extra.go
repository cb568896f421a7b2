package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	_ "modernc.org/sqlite"
)

// result is one line of the -only change and -only survey tables.
type result struct {
	what   string
	med    time.Duration
	target string
}

func printResults(title string, runs int, results []result) {
	fmt.Printf("%s; median of %d runs as whole processes.\n\n", title, runs)
	fmt.Println("| command | median | target |")
	fmt.Println("|---|---|---|")
	for _, r := range results {
		fmt.Printf("| %s | %s | %s |\n", r.what, fmtDur(r.med), r.target)
	}
}

// changeControl times the freeze of the generated project (each run on a
// fresh copy of the workspace) and the diff of two baselines 200 changes apart,
// made by one applied change request. The generated project holds baseline
// v1.0 and change requests already: these are v2.0, v2.1 and the next CR.
func changeControl(dir, ws string, runs int, run func(string, ...string) time.Duration, median func([]time.Duration) time.Duration) []result {
	// The fixture: every generated requirement confirmed (criteria added where
	// missing), so the baselines hold all of them. Set behind crmflow's back:
	// only the timings matter here, not the audit trail.
	fixture := filepath.Join(dir, "all-confirmed.db")
	src, err := os.ReadFile(filepath.Join(ws, "crmflow.db"))
	check(err)
	check(os.WriteFile(fixture, src, 0o644))
	db, err := sql.Open("sqlite", "file:"+fixture)
	check(err)
	_, err = db.Exec(`UPDATE requirements SET status = 'confirmed',
		criteria = CASE WHEN criteria = '[]' THEN '["基准测试验收标准"]' ELSE criteria END`)
	check(err)
	_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	check(err)
	check(db.Close())
	src, err = os.ReadFile(fixture)
	check(err)
	var freezes []time.Duration
	var fresh string
	for i := 0; i < max(3, runs/3); i++ {
		fresh = filepath.Join(dir, fmt.Sprintf("freeze-%d", i))
		check(os.MkdirAll(fresh, 0o755))
		check(os.WriteFile(filepath.Join(fresh, "crmflow.db"), src, 0o644))
		freezes = append(freezes, run(fresh, "freeze", "--name", "v2.0"))
	}
	count := func(wd string, args ...string) []string {
		cmd := exec.Command(filepath.Join(dir, "crmflow"), args...)
		cmd.Dir = wd
		cmd.Env = append(os.Environ(), "CRMFLOW_USER=bench")
		out, err := cmd.Output()
		check(err)
		var ids []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			id, _, _ := strings.Cut(line, "\t")
			ids = append(ids, id)
		}
		return ids
	}
	frozen := count(fresh, "req", "list", "--status", "frozen")
	out := []result{{fmt.Sprintf("`freeze` (baseline of %d requirements)", len(frozen)), median(freezes), "< 2 s"}}
	changed := frozen
	if len(changed) > 200 {
		changed = changed[:200]
	}
	cr := fmt.Sprintf("CR-%03d", len(count(fresh, "cr", "list"))+1)
	for _, args := range [][]string{
		{"stakeholder", "add", "基准审批人", "--can", "approve"},
		{"cr", "new", "bench", "--req", strings.Join(changed, ","), "--reason", "bench", "--set", "description=基准测试改写的描述：拜访记录在门店现场录入，主管 5 秒内可见。"},
		{"cr", "analyze", cr, "--effort", "20d", "--risk", "low"},
		{"cr", "approve", cr, "--by", "基准审批人"},
		{"cr", "apply", cr},
	} {
		run(fresh, args...)
	}
	var diffs []time.Duration
	run(fresh, "baseline", "diff", "v2.0", "v2.1")
	for i := 0; i < runs; i++ {
		diffs = append(diffs, run(fresh, "baseline", "diff", "v2.0", "v2.1"))
	}
	out = append(out, result{fmt.Sprintf("`baseline diff v2.0 v2.1` (%d requirements each, %d changed)", len(frozen), len(changed)), median(diffs), "< 500 ms"})
	var verifies []time.Duration
	for i := 0; i < runs; i++ {
		verifies = append(verifies, run(fresh, "baseline", "verify"))
	}
	out = append(out, result{"`baseline verify` (all three)", median(verifies), ""})
	return out
}

// benchSurvey times a questionnaire import of 2,000 responses (20 files ×
// 100 respondent columns, filled the way a collector fills the exported
// workbook) and the results over them.
func benchSurvey(dir string, run func(wd string, args ...string) time.Duration, median func([]time.Duration) time.Duration, runs int) []result {
	ws := filepath.Join(dir, "survey")
	check(os.MkdirAll(ws, 0o755))
	run(ws, "init", "--name", "问卷基准", "--client", "bench")
	run(ws, "survey", "new", "基准调研", "--template", "sales-rep")
	run(ws, "survey", "export", "Q-001", "-o", "q.xlsx")
	opts := map[string][]string{
		"sales-rep.visit-record-tool": {"Excel 表格", "纸质笔记本", "微信聊天记录"},
		"sales-rep.record-delay":      {"当天", "一周内", "月底集中补录"},
		"sales-rep.records-lost":      {"从未", "偶尔", "经常"},
		"sales-rep.customer-fields":   {"客户名称、联系人及电话", "客户名称、地址及定位、客户等级"},
		"sales-rep.pain-points":       {"拜访记录靠 Excel，容易丢失、客户资料分散，查找困难", "重复录入同样的数据", "外出时无法录入、报价和审批太慢"},
		"sales-rep.reminders":         {"跟进到期、回款逾期", "合同到期"},
		"sales-rep.time-consuming":    {"月底补录拜访记录", "汇总周报"},
	}
	var files []string
	for i := 0; i < 20; i++ {
		x, err := excelize.OpenFile(filepath.Join(ws, "q.xlsx"))
		check(err)
		const sheet = "销售代表"
		rows, err := x.GetRows(sheet)
		check(err)
		for r, cells := range rows {
			if len(cells) == 0 {
				continue
			}
			key := cells[0]
			for c := 0; c < 100; c++ {
				axis, _ := excelize.CoordinatesToCellName(5+c, r+1)
				n := i*100 + c
				var v any
				switch key {
				case "_name":
					v = fmt.Sprintf("受访者%04d", n)
				case "_department":
					v = fmt.Sprintf("区域%d", i)
				case "_date":
					v = "2026-11-20"
				case "sales-rep.visits-per-week":
					v = 5 + n%20
				case "sales-rep.mobile-importance":
					v = 1 + n%5
				case "sales-rep.custom-1":
				default:
					if o := opts[key]; o != nil {
						v = o[n%len(o)]
					}
				}
				if v != nil {
					check(x.SetCellValue(sheet, axis, v))
				}
			}
		}
		p := filepath.Join(ws, fmt.Sprintf("filled-%02d.xlsx", i))
		check(x.SaveAs(p))
		x.Close()
		files = append(files, p)
	}
	var out []result
	var imports []time.Duration
	for i := 0; i < runs; i++ {
		// The first run imports; later runs replace the same 2,000 responses.
		imports = append(imports, run(ws, append([]string{"survey", "import", "Q-001", "--replace"}, files...)...))
	}
	out = append(out, result{"`survey import` (20 files × 100 respondents = 2,000 responses)", median(imports), "< 3 s"})
	var dry []time.Duration
	for i := 0; i < runs; i++ {
		dry = append(dry, run(ws, append([]string{"survey", "import", "Q-001", "--replace", "--dry-run"}, files...)...))
	}
	out = append(out, result{"`survey import --dry-run` (the same files)", median(dry), ""})
	for _, args := range [][]string{{"survey", "results", "Q-001"}, {"survey", "results", "Q-001", "--json"}} {
		run(ws, args...)
		var ds []time.Duration
		for i := 0; i < runs*3; i++ {
			ds = append(ds, run(ws, args...))
		}
		out = append(out, result{"`" + strings.Join(args, " ") + "` (2,000 responses)", median(ds), "< 300 ms"})
	}
	for _, f := range []string{"html", "xlsx"} {
		var ds []time.Duration
		for i := 0; i < runs; i++ {
			ds = append(ds, run(ws, "survey", "results", "Q-001", "--format", f, "-o", "out/"))
		}
		out = append(out, result{"`survey results --format " + f + "`", median(ds), ""})
	}
	return out
}
