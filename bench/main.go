// Command bench times crmflow as whole processes, the way a person meets it,
// and sets each figure beside a peer measured in the same run. It builds the
// binary, generates projects with `demo --scale N` at each size (500, 5,000,
// 50,000 requirements by default), times every headline operation at every
// size (median and spread of several runs, CPU time, peak memory) with its
// growth per 10×, then, on the middle size, runs the peers on the same input:
// pandoc and bare goldmark on the SRS Markdown, a bare excelize StreamWriter
// writing the exported cells, openpyxl reading the exported workbook, sqlite3
// running the listing's query, an empty Go program against `crmflow version`.
// A peer that is not installed is reported as such. The machine, its load
// average and the date head the output; docs/benchmarks.md keeps the tables.
//
//	go run ./bench                      # everything: 500, 5,000, 50,000; 5 runs
//	go run ./bench -quick               # 500 and 5,000, 3 runs
//	go run ./bench -sizes 1000,10000 -runs 9
//	go run ./bench -only peers -n 5000  # the peer comparison alone
//	go run ./bench -only scale -ops srs # operations whose name holds "srs"
//	go run ./bench -only survey         # questionnaire import and results
//	go run ./bench -only change         # freeze, baseline diff and verify
//	go run ./bench -only sprint -n 5000 # sprint auto into 20 sprints
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// maxGrowth is the most an operation may grow per 10× more requirements.
const maxGrowth = 12.0

func main() {
	sizesFlag := flag.String("sizes", "500,5000,50000", "project sizes (requirements) for the scaling table")
	n := flag.Int("n", 0, "project size for the peer comparison (default: the middle size)")
	runs := flag.Int("runs", 5, "runs per operation (fewer at 50,000 and over: a third, at least 3)")
	quick := flag.Bool("quick", false, "sizes 500,5000 and 3 runs")
	only := flag.String("only", "", "run one part: scale, peers, survey, change or sprint")
	ops := flag.String("ops", "", "in the scaling table, only operations whose name contains this")
	keep := flag.Bool("keep", false, "keep the generated workspaces (their folder is printed)")
	helper := flag.String("helper", "", "internal: run a peer program (goldmark IN OUT, xlsx CELLS OUT)")
	flag.Parse()
	if *helper != "" {
		check(runHelper(*helper, flag.Args()))
		return
	}
	if *quick {
		*sizesFlag, *runs = "500,5000", 3
	}
	var sizes []int
	for _, f := range strings.Split(*sizesFlag, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 1 {
			check(fmt.Errorf("-sizes: %q is not a number of requirements", f))
		}
		sizes = append(sizes, v)
	}
	slices.Sort(sizes)
	if *n == 0 {
		*n = sizes[len(sizes)/2]
	}

	dir, err := os.MkdirTemp("", "crmflow-bench-")
	check(err)
	if *keep {
		fmt.Fprintf(os.Stderr, "Keeping the workspaces in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	b := newBencher(dir)
	started := time.Now()
	load0 := loadAverage()

	switch *only {
	case "survey":
		rs := benchSurvey(dir, b.runWall, medianDur, max(3, *runs/3))
		printResults("Questionnaires: 2,000 responses", max(3, *runs/3), rs)
		return
	case "change":
		ws := b.project(*n)
		rs := changeControl(dir, ws, *runs, b.runWall, medianDur)
		printResults(fmt.Sprintf("Change control on `demo --scale %d`", *n), *runs, rs)
		return
	case "sprint":
		fmt.Printf("Machine: %s, %d cores, %s; load average at the start: %s.\n\n", cpuModel(), runtime.NumCPU(), runtime.Version(), load0)
		sprintAuto(b, *n, *runs)
		fmt.Printf("\nLoad average at the end: %s.\n", loadAverage())
		return
	case "", "scale", "peers":
	default:
		check(fmt.Errorf("-only: %q is not one of scale, peers, survey, change, sprint", *only))
	}

	fmt.Printf("## %s — `go run ./bench %s`\n\n", started.UTC().Format("2006-01-02 15:04 UTC"), strings.Join(os.Args[1:], " "))
	fmt.Printf("Machine: %s, %d cores, %s %s/%s.\n", cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("Load average at the start: %s.\n\n", load0)
	fmt.Println("Each cell: median wall time (fastest–slowest) of the runs; CPU is user+system time, RSS the peak resident memory,")
	fmt.Println("both of the median run's process. Growth is the ratio of medians per 10× more requirements.")
	fmt.Println()

	// The floor, in the same run as everything else.
	floor := b.floor(*runs * 3)
	fmt.Printf("Floor: an empty Go program %s (CPU %s); `crmflow version` %s (CPU %s).\n\n",
		floor.empty.cell(), fmtDur(floor.empty.cpu), floor.version.cell(), fmtDur(floor.version.cpu))

	if *only != "peers" {
		scaling(b, sizes, *runs, *ops)
	}
	if *only != "scale" {
		peers(b, *n, *runs, floor)
	}
	fmt.Printf("Load average at the end: %s; the run took %s.\n", loadAverage(), time.Since(started).Round(time.Second))
}

// sample is one process run.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak resident set, bytes
}

// stat summarises the runs of one operation.
type stat struct {
	med, lo, hi time.Duration
	cpu         time.Duration // of the median run
	rss         int64         // of the median run
	runs        int
}

func summarize(ss []sample) stat {
	slices.SortFunc(ss, func(a, b sample) int { return int(a.wall - b.wall) })
	m := ss[len(ss)/2]
	return stat{med: m.wall, lo: ss[0].wall, hi: ss[len(ss)-1].wall, cpu: m.cpu, rss: m.rss, runs: len(ss)}
}

func (s stat) cell() string {
	if s.runs == 0 {
		return "—"
	}
	return fmt.Sprintf("%s (%s–%s)", fmtDur(s.med), fmtDur(s.lo), fmtDur(s.hi))
}

type bencher struct {
	dir, bin string
	env      []string
	projects map[int]string
}

func newBencher(dir string) *bencher {
	bin := filepath.Join(dir, "crmflow")
	build := exec.Command("go", "build", "-o", bin, "./cmd/crmflow")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	check(build.Run())
	return &bencher{dir: dir, bin: bin, projects: map[int]string{},
		env: append(os.Environ(), "CRMFLOW_USER=bench", "NO_COLOR=1")}
}

// proc runs name with args in wd, stdout to /dev/null (copying megabytes of
// output back into this process would be timed too), and fails on an error.
func (b *bencher) proc(wd, name string, args ...string) sample {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = wd, b.env
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	check(err)
	defer devNull.Close()
	var errOut strings.Builder
	cmd.Stdout, cmd.Stderr = devNull, &errOut
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "%s %s: %v\n%s", name, strings.Join(args, " "), err, errOut.String())
		os.Exit(1)
	}
	s := sample{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	return s
}

func (b *bencher) run(wd string, args ...string) sample { return b.proc(wd, b.bin, args...) }

func (b *bencher) runWall(wd string, args ...string) time.Duration { return b.run(wd, args...).wall }

// times runs an operation runs times after one untimed run that warms the page cache.
// An operation slower than 5 s counts its first run and runs at most twice:
// the page cache matters little there, and pandoc takes minutes.
func (b *bencher) times(runs int, wd, name string, args ...string) stat {
	first := b.proc(wd, name, args...)
	var ss []sample
	if first.wall > 5*time.Second {
		ss, runs = []sample{first}, min(runs, 2)-1
	}
	for range runs {
		ss = append(ss, b.proc(wd, name, args...))
	}
	return summarize(ss)
}

// project is a workspace of n generated requirements, made once.
func (b *bencher) project(n int) string {
	if ws, ok := b.projects[n]; ok {
		return ws
	}
	ws := filepath.Join(b.dir, fmt.Sprintf("project-%d", n))
	b.run(b.dir, "demo", ws, "--scale", fmt.Sprint(n))
	b.projects[n] = ws
	return ws
}

type floorStats struct{ empty, version stat }

func (b *bencher) floor(runs int) floorStats {
	src := filepath.Join(b.dir, "empty")
	check(os.MkdirAll(src, 0o755))
	check(os.WriteFile(filepath.Join(src, "go.mod"), []byte("module empty\n\ngo 1.21\n"), 0o644))
	check(os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	build := exec.Command("go", "build", "-o", "empty", ".")
	build.Dir, build.Stderr = src, os.Stderr
	check(build.Run())
	var f floorStats
	// Interleaved, so both meet the same load.
	var es, vs []sample
	for range runs {
		es = append(es, b.proc(b.dir, filepath.Join(src, "empty")))
		vs = append(vs, b.run(b.dir, "version"))
	}
	f.empty, f.version = summarize(es), summarize(vs)
	return f
}

// op is a headline operation of the scaling table.
type op struct {
	name  string
	args  func(n int) []string
	fresh bool // each run on a fresh copy of the workspace (it writes)
}

var headline = []op{
	{name: "`req list`", args: fixed("req", "list")},
	{name: "`req list --json`", args: fixed("req", "list", "--json")},
	{name: "`req show` (the middle one)", args: func(n int) []string { return []string{"req", "show", fmt.Sprintf("REQ-%03d", n/2)} }},
	{name: "`req lint --json`", args: fixed("req", "lint", "--json")},
	{name: "`req add`", args: fixed("req", "add", "bench add", "--module", "visit", "--value", "4", "--criteria", "c"), fresh: true},
	{name: "`audit verify`", args: fixed("audit", "verify")},
	{name: "`doc build srs --format md`", args: fixed("doc", "build", "srs", "--format", "md", "-o", "out/")},
	{name: "`doc build srs --format html`", args: fixed("doc", "build", "srs", "--format", "html", "-o", "out/")},
	{name: "`export reqs`", args: fixed("export", "reqs", "-o", "out/requirements.xlsx")},
	{name: "`import reqs --dry-run` (unchanged file)", args: fixed("import", "reqs", "out/requirements.xlsx", "--dry-run")},
	{name: "`import reqs` (unchanged file)", args: fixed("import", "reqs", "out/requirements.xlsx")},
	{name: "`freeze`", args: fixed("freeze", "--name", "v2.0"), fresh: true}, // v1.0 is the generated project's
}

func fixed(args ...string) func(int) []string { return func(int) []string { return args } }

func scaling(b *bencher, sizes []int, runs int, filter string) {
	rows := map[string][]stat{}
	names := []string{"`demo --scale N`"}
	for _, o := range headline {
		if filter == "" || strings.Contains(o.name, filter) {
			names = append(names, o.name)
		}
	}
	for _, n := range sizes {
		r := runs
		if n >= 50000 {
			r = max(3, runs/3)
		}
		fmt.Fprintf(os.Stderr, "bench: %d requirements, %d runs each\n", n, r)
		// demo --scale N, into a fresh folder each run; the first is kept.
		var ds []sample
		for i := range max(3, r/2) {
			ws := filepath.Join(b.dir, fmt.Sprintf("demo-%d-%d", n, i))
			ds = append(ds, b.run(b.dir, "demo", ws, "--scale", fmt.Sprint(n)))
			if i == 0 {
				b.projects[n] = ws
			} else {
				check(os.RemoveAll(ws))
			}
		}
		rows[names[0]] = append(rows[names[0]], summarize(ds))
		ws := b.project(n)
		check(os.MkdirAll(filepath.Join(ws, "out"), 0o755))
		b.run(ws, "export", "reqs", "-o", "out/requirements.xlsx") // the import's input
		db, err := os.ReadFile(filepath.Join(ws, "crmflow.db"))
		check(err)
		for _, o := range headline {
			if !slices.Contains(names, o.name) {
				continue
			}
			args := o.args(n)
			if !o.fresh {
				rows[o.name] = append(rows[o.name], b.times(r, ws, b.bin, args...))
				continue
			}
			var ss []sample
			for i := range r {
				fresh := filepath.Join(b.dir, fmt.Sprintf("fresh-%d-%d", n, i))
				check(os.MkdirAll(fresh, 0o755))
				check(os.WriteFile(filepath.Join(fresh, "crmflow.db"), db, 0o644))
				ss = append(ss, b.run(fresh, args...))
				check(os.RemoveAll(fresh))
			}
			rows[o.name] = append(rows[o.name], summarize(ss))
		}
	}

	fmt.Print("### Scaling\n\n| operation |")
	for _, n := range sizes {
		fmt.Printf(" %s |", thousands(n))
	}
	for i := 1; i < len(sizes); i++ {
		fmt.Printf(" growth %s→%s (wall, CPU) |", short(sizes[i-1]), short(sizes[i]))
	}
	fmt.Printf(" RSS at %s |\n|---|", thousands(sizes[len(sizes)-1]))
	fmt.Print(strings.Repeat("---|", 2*len(sizes)-1+1), "\n")
	var over []string
	for _, name := range names {
		st := rows[name]
		fmt.Printf("| %s |", name)
		for _, s := range st {
			fmt.Printf(" %s |", s.cell())
		}
		for i := 1; i < len(st); i++ {
			per := perTen(sizes[i-1], sizes[i])
			gw := growth(st[i-1].med, st[i].med, per)
			gc := growth(st[i-1].cpu, st[i].cpu, per)
			mark := ""
			if gw > maxGrowth && gc > maxGrowth {
				mark = " **over 12×**"
				over = append(over, fmt.Sprintf("%s %s→%s", name, short(sizes[i-1]), short(sizes[i])))
			}
			fmt.Printf(" %.1f×, %.1f×%s |", gw, gc, mark)
		}
		fmt.Printf(" %s |\n", fmtBytes(st[len(st)-1].rss))
	}
	fmt.Println()
	if len(over) > 0 {
		fmt.Printf("Over %.0f× per 10× (wall and CPU both): %s.\n\n", maxGrowth, strings.Join(over, "; "))
	} else {
		fmt.Printf("Every operation grows at most %.0f× per 10× (wall or CPU).\n\n", maxGrowth)
	}
}

// perTen is how many tenfold steps lie between sizes a and b.
func perTen(a, b int) float64 { return math.Log10(float64(b) / float64(a)) }

// growth is the factor per 10× between two timings taken per steps tenfold steps.
func growth(a, b time.Duration, steps float64) float64 {
	if a <= 0 || steps <= 0 {
		return 0
	}
	return math.Pow(float64(b)/float64(a), 1/steps)
}

func short(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// peers sets crmflow's operations beside programs that do the same work on the
// same input, all at size n.
func peers(b *bencher, n, runs int, floor floorStats) {
	ws := b.project(n)
	check(os.MkdirAll(filepath.Join(ws, "out"), 0o755))
	self, err := os.Executable()
	check(err)
	type row struct {
		what     string
		crmflow  stat
		peerName string
		peer     stat
		missing  string
	}
	var rows []row
	timePeer := func(name string, args ...string) (stat, string) {
		if _, err := exec.LookPath(name); err != nil {
			return stat{}, "not installed"
		}
		return b.times(runs, ws, name, args...), ""
	}
	fmt.Fprintf(os.Stderr, "bench: peers at %d requirements\n", n)

	rows = append(rows, row{"`crmflow version`", floor.version, "an empty Go program", floor.empty, ""})

	srs := b.times(runs, ws, b.bin, "doc", "build", "srs", "--format", "html", "-o", "out/")
	b.run(ws, "doc", "build", "srs", "--format", "md", "-o", "out/")
	md := filepath.Join(ws, "out", "需求规格说明书.md")
	gm := b.times(runs, ws, self, "-helper", "goldmark", md, filepath.Join(b.dir, "goldmark.html"))
	rows = append(rows, row{"`doc build srs --format html`", srs, "bare goldmark on the same Markdown (a process)", gm, ""})
	pd, miss := timePeer("pandoc", "-f", "gfm", "-t", "html", "-s", "--metadata", "title=SRS", "-o", filepath.Join(b.dir, "pandoc.html"), md)
	rows = append(rows, row{"", stat{}, "pandoc -f gfm -t html -s on the same Markdown", pd, miss})

	exp := b.times(runs, ws, b.bin, "export", "reqs", "-o", "out/requirements.xlsx")
	xlsx := filepath.Join(ws, "out", "requirements.xlsx")
	cells := filepath.Join(b.dir, "cells.json")
	check(dumpCells(xlsx, cells))
	sw := b.times(runs, ws, self, "-helper", "xlsx", cells, filepath.Join(b.dir, "stream.xlsx"))
	rows = append(rows, row{"`export reqs`", exp, "a bare excelize StreamWriter writing the same cells (a process)", sw, ""})

	imp := b.times(runs, ws, b.bin, "import", "reqs", "out/requirements.xlsx", "--dry-run")
	var py stat
	miss = "not installed"
	python := ""
	// The first Python that has openpyxl (a pyenv shim may hide the system's).
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			python, miss = p, ""
			break
		}
	}
	if python != "" {
		py = b.times(runs, ws, python, "-c", `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
print(n)`, xlsx)
	}
	rows = append(rows, row{"`import reqs --dry-run`", imp, "openpyxl reading the same file (read-only, every sheet)", py, miss})

	list := b.times(runs, ws, b.bin, "req", "list")
	sq, miss := timePeer("sqlite3", "-readonly", "-separator", "\t", filepath.Join(ws, "crmflow.db"),
		"SELECT r.id, r.module, r.title, r.status, r.value, r.difficulty, r.urgency, r.moscow, r.owner FROM requirements r ORDER BY r.seq")
	rows = append(rows, row{"`req list`", list, "sqlite3 running the equivalent query", sq, miss})

	fmt.Printf("### Against peers (%s requirements)\n\n", thousands(n))
	fmt.Println("| operation | crmflow | CPU | RSS | peer | peer time | CPU | RSS | crmflow ÷ peer |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		c := [3]string{"", "", ""}
		if r.crmflow.runs > 0 {
			c = [3]string{r.crmflow.cell(), fmtDur(r.crmflow.cpu), fmtBytes(r.crmflow.rss)}
		}
		p := [3]string{r.missing, "", ""}
		ratio := ""
		if r.missing == "" {
			p = [3]string{r.peer.cell(), fmtDur(r.peer.cpu), fmtBytes(r.peer.rss)}
			base := r.crmflow
			if base.runs == 0 {
				base = srs
			}
			ratio = fmt.Sprintf("%.2f", float64(base.med)/float64(r.peer.med))
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.what, c[0], c[1], c[2], r.peerName, p[0], p[1], p[2], ratio)
	}
	fmt.Println()
}

// dumpCells writes every sheet's cells of the workbook at path as JSON, the
// input of the StreamWriter peer.
func dumpCells(path, out string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sheets := map[string][][]string{}
	var order []string
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			return err
		}
		sheets[name] = rows
		order = append(order, name)
	}
	data, err := json.Marshal(struct {
		Order  []string
		Sheets map[string][][]string
	}{order, sheets})
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// runHelper is a peer program run as its own process by re-running this one.
func runHelper(name string, args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("-helper %s wants IN OUT", name)
	}
	in, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	out, err := os.Create(args[1])
	if err != nil {
		return err
	}
	defer out.Close()
	switch name {
	case "goldmark":
		// The extensions and parser options the documents use.
		gm := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
			goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()))
		var buf bytes.Buffer
		if err := gm.Convert(in, &buf); err != nil {
			return err
		}
		_, err = io.Copy(out, &buf)
		return err
	case "xlsx":
		var cells struct {
			Order  []string
			Sheets map[string][][]string
		}
		if err := json.Unmarshal(in, &cells); err != nil {
			return err
		}
		f := excelize.NewFile()
		defer f.Close()
		for i, sheet := range cells.Order {
			if i == 0 {
				if err := f.SetSheetName("Sheet1", sheet); err != nil {
					return err
				}
			} else if _, err := f.NewSheet(sheet); err != nil {
				return err
			}
			sw, err := f.NewStreamWriter(sheet)
			if err != nil {
				return err
			}
			for r, row := range cells.Sheets[sheet] {
				vals := make([]any, len(row))
				for c, v := range row {
					vals[c] = v
				}
				axis, _ := excelize.CoordinatesToCellName(1, r+1)
				if err := sw.SetRow(axis, vals); err != nil {
					return err
				}
			}
			if err := sw.Flush(); err != nil {
				return err
			}
		}
		return f.Write(out)
	}
	return fmt.Errorf("-helper: no helper %q", name)
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func medianDur(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func fmtDur(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

func fmtBytes(n int64) string {
	switch {
	case n <= 0:
		return "—"
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
