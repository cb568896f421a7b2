package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/internal/demo"
	"github.com/crmflow/crmflow/requirements"
)

// demoOptions are what `crmflow demo` was asked.
type demoOptions struct {
	IO    *IOStreams
	Dir   string
	Scale int
	Force bool
	// Create makes the workspace at path and seeds it (app.CreateDemo).
	Create func(ctx context.Context, path string, d app.DemoOptions) (app.DemoResult, error)
}

func newCmdDemo(f *Factory) *cobra.Command {
	opts := &demoOptions{IO: f.IO, Create: func(ctx context.Context, path string, d app.DemoOptions) (app.DemoResult, error) {
		o, err := f.options()
		if err != nil {
			return app.DemoResult{}, err
		}
		return app.CreateDemo(ctx, path, d, o)
	}}
	cmd := &cobra.Command{
		Use:   "demo [dir]",
		Short: "Create the seed's example project (or a large synthetic one) in a folder",
		Long: heredoc(`
			Create a workspace in dir (default ./crmflow-demo) holding the seed's example:
			a consumer-goods (快消) company whose sales reps logged customer visits in Excel
			and lost 30% of the records. It gets a requirement register over the CRM
			modules with scores, acceptance criteria, custom fields and trace links, the
			interviews and findings the requirements came from, competitor notes, and
			the visit process as-is and to-be.

			--scale N instead generates a synthetic project with N requirements
			(deterministic), for benchmarks.
		`),
		Example: heredoc(`
			$ crmflow demo
			$ cd crmflow-demo && crmflow req list --sort score
			$ crmflow demo /tmp/big --scale 5000
		`),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "crmflow-demo"
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runDemo(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Scale, "scale", 0, "generate a synthetic project with N requirements instead")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace a workspace already in dir")
	return cmd
}

func runDemo(ctx context.Context, opts *demoOptions) error {
	dir := opts.Dir
	if opts.Scale < 0 {
		return crmflow.Errorf(crmflow.EINVALID, "--scale must be a positive number of requirements")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot create %s: %v", dir, err)
	}
	p := filepath.Join(dir, DBFile)
	if _, err := os.Stat(p); err == nil {
		if !opts.Force {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s already holds a workspace", dir).
				WithTry(fmt.Sprintf("crmflow demo %s --force   (replaces it)", dir))
		}
		for _, s := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(p + s); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	start := time.Now()
	d := app.DemoOptions{Scale: opts.Scale, Out: filepath.Join(dir, "out")}
	var bar *progress
	if opts.Scale > 0 {
		bar = newProgress(opts.IO, "Generating requirements")
		d.Progress = bar.update
	}
	res, err := opts.Create(ctx, p, d)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return err
	}
	w := opts.IO.ErrOut
	abs, _ := filepath.Abs(dir)
	if res.Project.Lang == crmflow.LangZH {
		printDemoSummaryZH(w, res, abs, dir, time.Since(start))
	} else {
		printDemoSummaryEN(w, res, abs, dir, time.Since(start))
	}
	if viaGoRun() {
		// `go run` leaves no crmflow on PATH: say how to get one.
		fmt.Fprintln(w, zhOr(res.Project.Lang,
			"（你是用 go run 运行的 crmflow：要得到 crmflow 命令，请在源码目录中运行 `go install ./cmd/crmflow`（装到 $(go env GOPATH)/bin）或 `go build -o crmflow ./cmd/crmflow`。）",
			"(You ran crmflow with go run: for a crmflow command, run `go install ./cmd/crmflow` (into $(go env GOPATH)/bin) or `go build -o crmflow ./cmd/crmflow` in the source folder.)"))
	}
	fmt.Fprintln(opts.IO.Out, abs)
	return nil
}

// viaGoRun tells whether this process is a binary `go run` built: those
// live in a go-build folder under the temporary directory.
func viaGoRun() bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	return strings.Contains(filepath.ToSlash(exe), "/go-build")
}

// statusCounts says how many requirements ended in each status, in the
// lifecycle's order, as `req list` shows them.
func statusCounts(by map[string]int, sum demo.Summary) string {
	if by == nil {
		return fmt.Sprintf("%d confirmed, %d draft", sum.Confirmed, sum.Draft)
	}
	var parts []string
	for _, s := range requirements.Statuses {
		if n := by[string(s)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	return strings.Join(parts, ", ")
}

// progress draws a one-line bar on a terminal's stderr, and nothing when piped.
type progress struct {
	io    *IOStreams
	label string
	drawn bool
}

func newProgress(io *IOStreams, label string) *progress { return &progress{io: io, label: label} }

func (p *progress) update(done, total int) {
	if !p.io.ErrTTY || total <= 0 {
		return
	}
	const width = 30
	n := done * width / total
	bar := ""
	for i := 0; i < width; i++ {
		if i < n {
			bar += "█"
		} else {
			bar += "░"
		}
	}
	fmt.Fprintf(p.io.ErrOut, "\r%s %s %d/%d", p.label, bar, done, total)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.io.ErrOut, "\r\x1b[K")
	}
}

// demoTotal is the number of requirements the demo ended with: the sum of its
// status counts (feedback adds drafts after the register was summarised).
func demoTotal(statuses map[string]int, registered int) int {
	if len(statuses) == 0 {
		return registered
	}
	n := 0
	for _, c := range statuses {
		n += c
	}
	return n
}

// printDemoSummaryEN says what the demo made, for an English project.
func printDemoSummaryEN(w io.Writer, res app.DemoResult, abs, dir string, took time.Duration) {
	sum, rsum, csum := res.Summary, res.Research, res.Change
	fmt.Fprintf(w, "Created %s in %s: %d requirements (%s), %d trace links, %d custom fields, %d data fields, %d permission cells, %d process maps, %d interviews, %d findings, %d competitors, %d survey responses (%.1fs)\n",
		res.Project.Name, abs, demoTotal(res.Statuses, sum.Requirements), statusCounts(res.Statuses, sum), sum.Links, sum.Fields, sum.DataFields, sum.Permissions, res.Maps,
		rsum.Interviews, rsum.Findings, rsum.Competitors, res.Responses, took.Seconds())
	if csum.Meeting != "" {
		fmt.Fprintf(w, "Confirmation meeting %s: %d confirmed, %d deferred, %d rejected; baselines %s; %s applied, %s rejected\n",
			csum.Meeting, csum.Confirmed, csum.Deferred, csum.Rejected, strings.Join(csum.Baselines, ", "), csum.Applied, csum.Refused)
	}
	if so := res.Signoff; so.Request != "" {
		fmt.Fprintf(w, "Sign-off %s: the SRS on %s signed by %s with key %s (kept in %s), verified; legacy customer sheet %s: %d rows, %d rejected\n",
			so.Request, so.Baseline, so.Signer, so.KeyID, so.KeyDir, so.Legacy, so.LegacyRows, so.LegacyRejected)
	}
	if acc := res.Acceptance; acc.Round.ID != "" {
		fmt.Fprintf(w, "UAT round %s on %s: %d cases, %d defects; verdict %s\n",
			acc.Round.ID, acc.Round.Baseline, acc.Cases, len(acc.Defects), acc.Verdict.Verdict)
	}
	if fb := res.Feedback; len(fb.Items) > 0 {
		if sc := res.Scale; sc.Baseline != "" {
			fmt.Fprintf(w, "Baseline %s: %s frozen, %d confirmed since; %s, %s; %s of UAT on %s\n",
				sc.Baseline, crmflow.Count(sc.Frozen, "requirement"), sc.Confirmed, crmflow.Count(sc.Milestones, "milestone"),
				crmflow.Count(sc.Changes, "change request"), crmflow.Count(sc.Rounds, "round"), crmflow.Count(sc.Cases, "test case"))
		}
		fmt.Fprintf(w, "Feedback after go-live: %d items; triaged to draft requirements %s; rejected %s\n", len(fb.Items), strings.Join(fb.Triaged, ", "), strings.Join(fb.Rejected, ", "))
	}
	if rounds := res.Feedback.Satisfaction; len(rounds) > 0 {
		var parts, ids []string
		for _, r := range rounds {
			parts = append(parts, fmt.Sprintf("%s %s, overall %.2f", r.Questionnaire, crmflow.Count(r.Responses, "response"), r.Overall))
			ids = append(ids, r.Questionnaire)
		}
		fmt.Fprintf(w, "Satisfaction survey rounds: %s; crmflow survey compare %s\n", strings.Join(parts, "; "), strings.Join(ids, " "))
	}
	for _, p := range res.Written {
		fmt.Fprintf(w, "Wrote %s\n", p)
	}
	fmt.Fprintf(w, "Next: cd %s && crmflow req list --sort score && crmflow req lint\n", dir)
}

// printDemoSummaryZH says what the demo made, for a Chinese project: the same
// facts as printDemoSummaryEN.
func printDemoSummaryZH(w io.Writer, res app.DemoResult, abs, dir string, took time.Duration) {
	sum, rsum, csum := res.Summary, res.Research, res.Change
	fmt.Fprintf(w, "已在 %s 创建“%s”：%d 条需求（%s），%d 条追踪链接，%d 个自定义字段，%d 个数据字段，%d 个权限格，%d 张流程图，%d 次访谈，%d 条调研发现，%d 个竞品，%d 份问卷答卷（%.1f 秒）\n",
		abs, res.Project.Name, demoTotal(res.Statuses, sum.Requirements), statusCountsZH(res.Statuses, sum), sum.Links, sum.Fields, sum.DataFields, sum.Permissions, res.Maps,
		rsum.Interviews, rsum.Findings, rsum.Competitors, res.Responses, took.Seconds())
	if csum.Meeting != "" {
		fmt.Fprintf(w, "需求确认会 %s：确认 %d 条，延期 %d 条，拒绝 %d 条；基线 %s；%s 已实施，%s 已拒绝\n",
			csum.Meeting, csum.Confirmed, csum.Deferred, csum.Rejected, strings.Join(csum.Baselines, "、"), csum.Applied, csum.Refused)
	}
	if so := res.Signoff; so.Request != "" {
		fmt.Fprintf(w, "签字确认 %s：基线 %s 的需求规格说明书已由 %s 用密钥 %s（保存在 %s）签字并验证；旧系统客户表 %s：%d 行，拒收 %d 行\n",
			so.Request, so.Baseline, so.Signer, so.KeyID, so.KeyDir, so.Legacy, so.LegacyRows, so.LegacyRejected)
	}
	if acc := res.Acceptance; acc.Round.ID != "" {
		fmt.Fprintf(w, "UAT 轮次 %s（基线 %s）：%d 个测试用例，%d 个缺陷；结论：%s\n",
			acc.Round.ID, acc.Round.Baseline, acc.Cases, len(acc.Defects), acc.Verdict.Verdict.Name(crmflow.LangZH))
	}
	if sc := res.Scale; sc.Baseline != "" {
		fmt.Fprintf(w, "基线 %s：冻结 %d 条需求，之后又确认 %d 条；%d 个里程碑，%d 个变更请求；%d 轮 UAT，共 %d 个测试用例\n",
			sc.Baseline, sc.Frozen, sc.Confirmed, sc.Milestones, sc.Changes, sc.Rounds, sc.Cases)
	}
	if fb := res.Feedback; len(fb.Items) > 0 {
		fmt.Fprintf(w, "上线后反馈：%d 条；转为草稿需求 %s；已拒绝 %s\n", len(fb.Items), strings.Join(fb.Triaged, "、"), strings.Join(fb.Rejected, "、"))
	}
	if rounds := res.Feedback.Satisfaction; len(rounds) > 0 {
		var parts, ids []string
		for _, r := range rounds {
			parts = append(parts, fmt.Sprintf("%s %d 份，总体 %.2f", r.Questionnaire, r.Responses, r.Overall))
			ids = append(ids, r.Questionnaire)
		}
		fmt.Fprintf(w, "满意度调查轮次：%s；对比：crmflow survey compare %s\n", strings.Join(parts, "；"), strings.Join(ids, " "))
	}
	for _, p := range res.Written {
		fmt.Fprintf(w, "已写出 %s\n", p)
	}
	fmt.Fprintf(w, "下一步：cd %s && crmflow req list --sort score && crmflow req lint\n", dir)
}

// statusCountsZH is statusCounts in Chinese.
func statusCountsZH(by map[string]int, sum demo.Summary) string {
	if by == nil {
		return fmt.Sprintf("已确认 %d 条，草稿 %d 条", sum.Confirmed, sum.Draft)
	}
	var parts []string
	for _, s := range requirements.Statuses {
		if n := by[string(s)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 条", s.Name(crmflow.LangZH), n))
		}
	}
	return strings.Join(parts, "，")
}
