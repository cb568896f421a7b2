// Command bench times crmflow as whole processes, the way a person meets it:
// it builds the binary, generates a large project with `demo --scale`, and runs
// each command several times, reporting the median. Figures go to
// docs/benchmarks.md with the machine they came from.
//
//	go run ./bench            # 5,000 requirements, 15 runs each
//	go run ./bench -n 2000 -runs 9
package main

import (
	"bytes"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	_ "modernc.org/sqlite"
)

func main() {
	n := flag.Int("n", 5000, "requirements in the generated project")
	runs := flag.Int("runs", 15, "runs per command (the median is reported)")
	only := flag.String("only", "", "run only this part: survey, or change (freeze and baseline diff)")
	keep := flag.Bool("keep", false, "keep the generated workspaces (their folder is printed), to profile or poke at")
	flag.Parse()

	dir, err := os.MkdirTemp("", "crmflow-bench-")
	check(err)
	if *keep {
		fmt.Fprintf(os.Stderr, "Keeping the workspaces in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	bin := filepath.Join(dir, "crmflow")
	build := exec.Command("go", "build", "-o", bin, "./cmd/crmflow")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	check(build.Run())

	env := append(os.Environ(), "CRMFLOW_USER=bench", "NO_COLOR=1")
	run := func(wd string, args ...string) time.Duration {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = wd, env
		// stdout straight to /dev/null: copying megabytes of JSON through a pipe
		// into this process would be timed too.
		devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		check(err)
		defer devNull.Close()
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = devNull, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "crmflow %s: %v\n%s", strings.Join(args, " "), err, out.String())
			os.Exit(1)
		}
		return time.Since(start)
	}
	median := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}

	var results []result

	if *only == "survey" {
		results = append(results, benchSurvey(dir, run, median, max(3, *runs/3))...)
		printResults(*n, *runs, 0, results)
		return
	}

	// demo --scale N, into a fresh folder each run.
	var demo []time.Duration
	demoRuns := max(3, *runs/3)
	for i := 0; i < demoRuns; i++ {
		d := filepath.Join(dir, fmt.Sprintf("scale-%d", i))
		demo = append(demo, run(dir, "demo", d, "--scale", fmt.Sprint(*n)))
	}
	results = append(results, result{fmt.Sprintf("`demo --scale %d`", *n), median(demo), "< 10 s"})
	ws := filepath.Join(dir, "scale-0")

	if *only == "change" {
		results = append(results, changeControl(dir, ws, *runs, run, median)...)
		printResults(*n, *runs, demoRuns, results)
		return
	}

	timeIt := func(what, target string, args ...string) {
		run(ws, args...) // warm the page cache once
		var ds []time.Duration
		for i := 0; i < *runs; i++ {
			ds = append(ds, run(ws, args...))
		}
		results = append(results, result{what, median(ds), target})
	}
	timeIt("`req list` (TSV, piped)", "< 100 ms", "req", "list")
	timeIt("`req list --json`", "< 150 ms", "req", "list", "--json")
	timeIt("`req list --module 拜访跟进 --sort score`", "", "req", "list", "--module", "拜访跟进", "--sort", "score")
	timeIt("`req show REQ-2500`", "", "req", "show", "REQ-2500")
	timeIt("`req lint`", "", "req", "lint", "--json")

	var adds []time.Duration
	for i := 0; i < *runs; i++ {
		adds = append(adds, run(ws, "req", "add", fmt.Sprintf("bench add %d", i), "--module", "拜访跟进", "--value", "4", "--criteria", "c"))
	}
	results = append(results, result{"`req add`", median(adds), "< 60 ms"})
	timeIt("`audit verify`", "", "audit", "verify")

	// Documents and spreadsheets (issue 4).
	timeIt("`doc build srs --format md`", "", "doc", "build", "srs", "--format", "md", "-o", "out/")
	timeIt("`doc build srs --format html`", "< 1.5 s", "doc", "build", "srs", "--format", "html", "-o", "out/")
	timeIt("`export reqs`", "< 2 s", "export", "reqs", "-o", "out/requirements.xlsx")
	timeIt("`import reqs --dry-run` (unchanged file)", "< 3 s", "import", "reqs", "out/requirements.xlsx", "--dry-run")
	timeIt("`import reqs` (unchanged file)", "< 3 s", "import", "reqs", "out/requirements.xlsx")

	// The same Markdown through bare goldmark (in this process) and pandoc.
	md, err := os.ReadFile(filepath.Join(ws, "out", "需求规格说明书.md"))
	check(err)
	gm := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()))
	var gms []time.Duration
	for i := 0; i < *runs; i++ {
		var out bytes.Buffer
		start := time.Now()
		check(gm.Convert(md, &out))
		gms = append(gms, time.Since(start))
	}
	results = append(results, result{fmt.Sprintf("bare goldmark on the same Markdown (%d KB, in-process)", len(md)>>10), median(gms), ""})
	if pandoc, err := exec.LookPath("pandoc"); err == nil {
		var pds []time.Duration
		for i := 0; i < max(3, *runs/3); i++ {
			cmd := exec.Command(pandoc, "-f", "gfm", "-t", "html", "-s", "--metadata", "title=SRS", "-o", filepath.Join(dir, "pandoc.html"), filepath.Join(ws, "out", "需求规格说明书.md"))
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				fmt.Fprintf(os.Stderr, "pandoc: %v\n%s", err, out)
				os.Exit(1)
			}
			pds = append(pds, time.Since(start))
		}
		results = append(results, result{"pandoc -f gfm -t html on the same Markdown", median(pds), ""})
	}

	results = append(results, changeControl(dir, ws, *runs, run, median)...)
	// Questionnaires (issue 5): 20 filled files of 100 respondents each.
	results = append(results, benchSurvey(dir, run, median, max(3, *runs/3))...)
	printResults(*n, *runs, demoRuns, results)
}

type result struct {
	what   string
	med    time.Duration
	target string
}

func printResults(n, runs, demoRuns int, results []result) {
	fmt.Printf("Project: %d requirements (`demo --scale %d`); median of %d runs (demo: %d) as whole processes.\n", n, n, runs, demoRuns)
	fmt.Printf("Machine: %s/%s, %d CPUs, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| command | median | target |")
	fmt.Println("|---|---|---|")
	for _, r := range results {
		fmt.Printf("| %s | %s | %s |\n", r.what, fmtDur(r.med), r.target)
	}
}

// changeControl times the freeze of the generated project (each run on a
// fresh copy of the workspace) and the diff of two baselines 200 changes apart,
// made by one applied change request.
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
		freezes = append(freezes, run(fresh, "freeze", "--name", "v1.0"))
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
	for _, args := range [][]string{
		{"stakeholder", "add", "王总", "--can", "approve"},
		{"cr", "new", "bench", "--req", strings.Join(changed, ","), "--reason", "bench", "--set", "description=基准测试改写的描述：拜访记录在门店现场录入，主管 5 秒内可见。"},
		{"cr", "analyze", "CR-001", "--effort", "20d", "--risk", "low"},
		{"cr", "approve", "CR-001", "--by", "王总"},
		{"cr", "apply", "CR-001"},
	} {
		run(fresh, args...)
	}
	var diffs []time.Duration
	run(fresh, "baseline", "diff", "v1.0", "v1.1")
	for i := 0; i < runs; i++ {
		diffs = append(diffs, run(fresh, "baseline", "diff", "v1.0", "v1.1"))
	}
	out = append(out, result{fmt.Sprintf("`baseline diff v1.0 v1.1` (%d requirements each, %d changed)", len(frozen), len(changed)), median(diffs), "< 500 ms"})
	var verifies []time.Duration
	for i := 0; i < runs; i++ {
		verifies = append(verifies, run(fresh, "baseline", "verify"))
	}
	out = append(out, result{"`baseline verify` (both)", median(verifies), ""})
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

func fmtDur(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
