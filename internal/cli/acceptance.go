package cli

// Acceptance commands: tc, uat, defect, coverage, trace matrix and the
// acceptance report. They call the application layer only.

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/app"
)

// withApp runs fn on the open application layer and the project's language.
func withApp(f *Factory, cmd *cobra.Command, fn func(ctx context.Context, a *app.App, l crmflow.Lang) error) error {
	ctx := cmd.Context()
	a, err := f.App()
	if err != nil {
		return err
	}
	return fn(ctx, a, a.Lang(ctx))
}

// newCmdsAcceptance returns the commands of the "Acceptance and go-live" group.
func newCmdsAcceptance(f *Factory) []*cobra.Command {
	return []*cobra.Command{newCmdTC(f), newCmdUAT(f), newCmdDefect(f), newCmdCoverage(f)}
}

// ---- tc

func newCmdTC(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tc <command>",
		Short: "Manage UAT test cases (one per acceptance criterion of frozen requirements)",
		Example: heredoc(`
			$ crmflow tc generate --baseline v1.1
			$ crmflow tc list
			$ crmflow tc show TC-012
		`),
	}
	var bl string
	var asJSON bool
	gen := &cobra.Command{
		Use:   "generate",
		Short: "Generate one test case per acceptance criterion of a baseline's requirements",
		Long: heredoc(`
			Generate one test case per acceptance criterion of the requirements frozen in a
			baseline (the newest when --baseline is not given). Criteria that already have a
			generated case are skipped, so running it again after a change request adds only
			the new criteria. Generated cases are meant to be edited (crmflow tc edit).
		`),
		Example: "$ crmflow tc generate\n$ crmflow tc generate --baseline v1.1 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				b, made, err := a.Acceptance.Generate(ctx, bl, l)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSONArray(f.IO, len(made), func(i int) acceptance.TestCase { return made[i] })
				}
				for _, c := range made {
					fmt.Fprintf(f.IO.Out, "%s\t%s\t%s\n", c.ID, c.Req, c.Title)
				}
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已为基线 %s 生成 %d 个测试用例\n", "Generated %d test cases for baseline %s\n"), orderArgs(l, b.Name, len(made))...)
				return nil
			})
		},
	}
	gen.Flags().StringVar(&bl, "baseline", "", "baseline to generate from (default: the newest)")
	gen.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var req, stepsFile, steps, expected, pre string
	add := &cobra.Command{
		Use:   "add <title> --req REQ-004 --expected ...",
		Short: "Add a test case written by hand",
		Example: heredoc(`
			$ crmflow tc add "离线拜访补录" --req REQ-004 --steps steps.md --expected "恢复网络后自动同步"
			$ crmflow tc add "导出超时" --req 12 --steps-text "1. 导出 5 万行" --expected "30 秒内完成"
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if stepsFile != "" {
				b, err := os.ReadFile(stepsFile)
				if err != nil {
					return crmflow.Errorf(crmflow.EINVALID, "cannot read %s: %v", stepsFile, err)
				}
				steps = string(b)
			}
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				c, err := a.Acceptance.AddCase(ctx, acceptance.TestCase{Req: req, Title: args[0], Preconditions: pre, Steps: steps, Expected: expected})
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, c)
				}
				fmt.Fprintln(f.IO.Out, c.ID)
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已添加 %s（%s，基线 %s）\n", "Added %s (%s, baseline %s)\n"), c.ID, c.Req, c.Baseline)
				return nil
			})
		},
	}
	add.Flags().StringVar(&req, "req", "", "the requirement it checks (required)")
	add.Flags().StringVar(&stepsFile, "steps", "", "file holding the steps (Markdown)")
	add.Flags().StringVar(&steps, "steps-text", "", "the steps, as text")
	add.Flags().StringVar(&expected, "expected", "", "the expected result (required)")
	add.Flags().StringVar(&pre, "preconditions", "", "preconditions")
	add.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	_ = add.MarkFlagRequired("req")
	_ = add.MarkFlagRequired("expected")
	add.MarkFlagsMutuallyExclusive("steps", "steps-text")

	var title, eSteps, eExpected, ePre string
	edit := &cobra.Command{
		Use:     "edit <TC-012>",
		Short:   "Edit a test case's title, preconditions, steps or expected result",
		Example: "$ crmflow tc edit TC-012 --expected \"30 秒内完成导出\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p acceptance.CasePatch
			fl := cmd.Flags()
			for name, dst := range map[string]**string{"title": &p.Title, "steps-text": &p.Steps, "expected": &p.Expected, "preconditions": &p.Preconditions} {
				if fl.Changed(name) {
					v, _ := fl.GetString(name)
					*dst = &v
				}
			}
			if p == (acceptance.CasePatch{}) {
				return &usageError{err: fmt.Errorf("nothing to change: give --title, --steps-text, --expected or --preconditions"), zh: "没有要修改的内容：请给出 --title、--steps-text、--expected 或 --preconditions", cmd: cmd.CommandPath()}
			}
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				c, err := a.Acceptance.EditCase(ctx, args[0], p)
				if err != nil {
					return err
				}
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已更新 %s\n", "Updated %s\n"), c.ID)
				return nil
			})
		},
	}
	edit.Flags().StringVar(&title, "title", "", "new title")
	edit.Flags().StringVar(&eSteps, "steps-text", "", "new steps")
	edit.Flags().StringVar(&eExpected, "expected", "", "new expected result")
	edit.Flags().StringVar(&ePre, "preconditions", "", "new preconditions")

	var listJSON bool
	var listReq string
	list := &cobra.Command{
		Use:     "list",
		Short:   "List test cases (a change request makes a changed requirement's cases suspect)",
		Example: "$ crmflow tc list\n$ crmflow tc list --req REQ-004 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				all, err := a.Acceptance.Store.Cases(ctx)
				if err != nil {
					return err
				}
				if listReq != "" {
					id, err := a.Requirements.ResolveID(ctx, listReq)
					if err != nil {
						return err
					}
					kept := all[:0]
					for _, c := range all {
						if c.Req == id {
							kept = append(kept, c)
						}
					}
					all = kept
				}
				suspect, err := suspectCases(ctx, a)
				if err != nil {
					return err
				}
				type row struct {
					acceptance.TestCase
					Suspect bool `json:"suspect"`
				}
				if listJSON {
					return writeJSONArray(f.IO, len(all), func(i int) row { return row{all[i], suspect[all[i].ID]} })
				}
				t := newTable(f.IO, "ID", tr(l, "需求", "REQ"), tr(l, "基线", "BASELINE"), tr(l, "标题", "TITLE"), tr(l, "待复核", "SUSPECT"))
				for _, c := range all {
					s := ""
					if suspect[c.ID] {
						s = tr(l, "是", "yes")
					}
					t.add(c.ID, c.Req, c.Baseline, oneLine(c.Title), s)
				}
				return t.print()
			})
		},
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON")
	list.Flags().StringVar(&listReq, "req", "", "only the cases of this requirement")

	var showJSON bool
	show := &cobra.Command{
		Use:     "show <TC-012>",
		Short:   "Show a test case with its results in every round",
		Example: "$ crmflow tc show TC-012\n$ crmflow tc show 12 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				c, err := a.Acceptance.Case(ctx, args[0])
				if err != nil {
					return err
				}
				all, err := a.Acceptance.Store.Executions(ctx, "")
				if err != nil {
					return err
				}
				runs := []acceptance.Execution{}
				for _, x := range all {
					if x.Case == c.ID {
						runs = append(runs, x)
					}
				}
				if showJSON {
					return writeJSON(f.IO, struct {
						acceptance.TestCase
						Results []acceptance.Execution `json:"results"`
					}{c, runs})
				}
				w := f.IO.Out
				fmt.Fprintf(w, "%s  %s\n", c.ID, c.Title)
				fmt.Fprintf(w, tr(l, "  需求：%s（基线 %s）\n", "  Requirement: %s (baseline %s)\n"), c.Req, c.Baseline)
				for _, kv := range [][2]string{{tr(l, "前置条件", "Preconditions"), c.Preconditions}, {tr(l, "测试步骤", "Steps"), c.Steps}, {tr(l, "预期结果", "Expected"), c.Expected}} {
					if kv[1] != "" {
						fmt.Fprintf(w, "  %s%s\n    %s\n", kv[0], tr(l, "：", ":"), strings.ReplaceAll(kv[1], "\n", "\n    "))
					}
				}
				for _, x := range runs {
					fmt.Fprintf(w, "  %s  %s  %s  %s  %s %s\n", x.Round, x.Result.Name(l), x.Tester, x.Date, oneLine(x.Comment), strings.Join(x.Defects, ","))
				}
				return nil
			})
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print JSON")
	cmd.AddCommand(gen, add, edit, list, show)
	return cmd
}

// orderArgs puts a baseline name and a count in the order each language's sentence uses.
func orderArgs(l crmflow.Lang, name string, n int) []any {
	if l == crmflow.LangEN {
		return []any{n, name}
	}
	return []any{name, n}
}

func suspectCases(ctx context.Context, a *app.App) (map[string]bool, error) {
	sus, err := a.Changes.Store.Suspects(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for _, s := range sus {
		if crmflow.KindTestCase.Is(s.Item) {
			m[s.Item] = true
		}
	}
	return m, nil
}

// ---- uat

func newCmdUAT(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "uat <command>",
		Short: "Run UAT rounds: open one, hand out the workbook, read results back, see the status",
		Example: heredoc(`
			$ crmflow uat new "UAT 第一轮" --baseline v1.1 --testers 张经理,赵主管
			$ crmflow uat export UAT-1 -o out/uat-checklist.xlsx
			$ crmflow uat import UAT-1 returned.xlsx --dry-run
			$ crmflow uat status UAT-1
		`),
	}
	var bl, testers string
	var asJSON bool
	nw := &cobra.Command{
		Use:     "new <name> [--baseline v1.1] [--testers A,B]",
		Short:   "Open a UAT round on a baseline",
		Example: "$ crmflow uat new \"UAT 第一轮\" --baseline v1.1 --testers 张经理,赵主管",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				ts := strings.FieldsFunc(testers, func(r rune) bool { return r == ',' || r == '，' || r == '、' })
				r, err := a.Acceptance.NewRound(ctx, acceptance.Round{Name: args[0], Baseline: bl, Testers: ts})
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, r)
				}
				fmt.Fprintln(f.IO.Out, r.ID)
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已创建 %s「%s」（基线 %s）\n", "Opened %s \"%s\" (baseline %s)\n"), r.ID, r.Name, r.Baseline)
				return nil
			})
		},
	}
	nw.Flags().StringVar(&bl, "baseline", "", "baseline to test (default: the newest)")
	nw.Flags().StringVar(&testers, "testers", "", "testers, comma-separated")
	nw.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var out string
	export := &cobra.Command{
		Use:   "export <UAT-1> [-o FILE]",
		Short: "Write the UAT workbook testers fill in (result dropdown, tester, date, comment, defect)",
		Long: heredoc(`
			Write the round's workbook: one row per test case with its steps and expected
			result, and yellow columns for testers: the result (a dropdown of 通过 / 不通过 /
			阻塞 / 未测), the tester (a dropdown of the round's testers), the date, the actual
			result or comment, and the defect (a DEF- ID, or a description that becomes a new
			defect on import). It prints landscape, fit to the page width, with the title rows
			on every page. Results already recorded are filled in.
		`),
		Example: "$ crmflow uat export UAT-1 -o out/uat-checklist.xlsx\n$ crmflow uat export 1 -o out/",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				doc, n, err := a.UATWorkbookDocument(ctx, args[0], l)
				if err != nil {
					return err
				}
				path := outputPath(out, doc.Name)
				if err := writeOutput(f, path, doc.Data); err != nil {
					return err
				}
				fmt.Fprintln(f.IO.Out, path)
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已写出 %s（%d 个用例）\n", "Wrote %s (%d cases)\n"), path, n)
				return nil
			})
		},
	}
	export.Flags().StringVarP(&out, "output", "o", "", "file or folder to write")

	var dry bool
	imp := &cobra.Command{
		Use:   "import <UAT-1> <returned.xlsx> [--dry-run]",
		Short: "Read a returned UAT workbook back: checked first, then all or nothing",
		Long: heredoc(`
			Read the results testers entered into the round's workbook (saved by Excel, WPS or
			LibreOffice). Every row is checked first; any problem refuses the whole file, naming
			the file, sheet, row, column and field. --dry-run shows what would be recorded.
			A defect cell holding a description (not a DEF- ID) opens a new 一般 defect.
			Requirements whose test cases all passed in the round, on their current content,
			move to verified.
		`),
		Example: "$ crmflow uat import UAT-1 returned.xlsx --dry-run\n$ crmflow uat import UAT-1 returned.xlsx",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fh, err := os.Open(args[1])
			if err != nil {
				return crmflow.Errorf(crmflow.EINVALID, "cannot open %s: %v", args[1], err)
			}
			defer fh.Close()
			size := int64(-1)
			if st, err := fh.Stat(); err == nil {
				size = st.Size()
			}
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				res, err := a.ImportUAT(ctx, args[0], args[1], fh, size, dry)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, res)
				}
				for _, ch := range res.Plan.Changes {
					before := tr(l, "（无）", "(none)")
					if ch.Before != nil {
						before = ch.Before.Result.Name(l)
					}
					extra := strings.Join(ch.After.Defects, ",")
					if ch.NewDefect != "" {
						extra = strings.TrimPrefix(extra+" "+tr(l, "新缺陷：", "new defect: ")+ch.NewDefect, " ")
					}
					fmt.Fprintf(f.IO.Out, "%s\t%s → %s\t%s\t%s\t%s\n", ch.Case, before, ch.After.Result.Name(l), ch.After.Tester, ch.After.Date, extra)
				}
				if dry {
					fmt.Fprintf(f.IO.ErrOut, tr(l, "预演：将记录 %d 条结果，%d 条未变；未写入任何内容\n", "Dry run: %d results would be recorded, %d unchanged; nothing was written\n"),
						len(res.Plan.Changes), res.Plan.Unchanged)
					return nil
				}
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已记录 %d 条结果，%d 条未变\n", "Recorded %d results, %d unchanged\n"), len(res.Plan.Changes), res.Plan.Unchanged)
				if len(res.Verified) > 0 {
					fmt.Fprintf(f.IO.ErrOut, tr(l, "已验证的需求：%s\n", "Requirements now verified: %s\n"), strings.Join(res.Verified, ", "))
				}
				return nil
			})
		},
	}
	imp.Flags().BoolVar(&dry, "dry-run", false, "check and show what would change; write nothing")
	imp.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var stJSON bool
	status := &cobra.Command{
		Use:     "status <UAT-1>",
		Short:   "Show a round's results: pass/fail/blocked/untested, per module and per requirement, and the verdict",
		Example: "$ crmflow uat status UAT-1\n$ crmflow uat status UAT-1 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				st, verdict, _, err := a.Acceptance.Assess(ctx, args[0])
				if err != nil {
					return err
				}
				if stJSON {
					return writeJSON(f.IO, struct {
						acceptance.RoundStatus
						Assessment acceptance.Assessment `json:"assessment"`
					}{st, verdict})
				}
				names := map[string]string{}
				if cat, err := a.Requirements.Catalog(ctx); err == nil {
					for _, m := range cat.Modules() {
						names[m.Key] = m.Name(l)
					}
				}
				w := f.IO.Out
				t := st.Total
				fmt.Fprintf(w, tr(l, "%s %s（基线 %s）\n", "%s %s (baseline %s)\n"), st.Round.ID, st.Round.Name, st.Round.Baseline)
				fmt.Fprintf(w, tr(l, "用例 %d：通过 %d，不通过 %d，阻塞 %d，未测 %d（通过率 %.1f%%）\n", "%d cases: %d pass, %d fail, %d blocked, %d untested (pass rate %.1f%%)\n"),
					t.Total, t.Pass, t.Fail, t.Blocked, t.Untested, t.PassRate())
				fmt.Fprintf(w, "%s%s\n\n", tr(l, "结论：", "Verdict: "), verdict.Verdict.Name(l))
				tb := newTable(f.IO, tr(l, "模块", "MODULE"), tr(l, "用例", "CASES"), tr(l, "通过", "PASS"), tr(l, "不通过", "FAIL"), tr(l, "阻塞", "BLOCKED"), tr(l, "未测", "UNTESTED"))
				for _, m := range st.Modules {
					n := names[m.Key]
					if n == "" {
						n = m.Key
					}
					tb.add(n, fmt.Sprint(m.Total), fmt.Sprint(m.Pass), fmt.Sprint(m.Fail), fmt.Sprint(m.Blocked), fmt.Sprint(m.Untested))
				}
				if err := tb.print(); err != nil {
					return err
				}
				fmt.Fprintln(w)
				tb = newTable(f.IO, tr(l, "需求", "REQ"), tr(l, "用例", "CASES"), tr(l, "通过", "PASS"), tr(l, "不通过", "FAIL"), tr(l, "阻塞", "BLOCKED"), tr(l, "未测", "UNTESTED"))
				for _, r := range st.Reqs {
					tb.add(r.Key, fmt.Sprint(r.Total), fmt.Sprint(r.Pass), fmt.Sprint(r.Fail), fmt.Sprint(r.Blocked), fmt.Sprint(r.Untested))
				}
				return tb.print()
			})
		},
	}
	status.Flags().BoolVar(&stJSON, "json", false, "print JSON")

	var lsJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List UAT rounds",
		Example: "$ crmflow uat list",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				rs, err := a.Acceptance.Store.Rounds(ctx)
				if err != nil {
					return err
				}
				if lsJSON {
					return writeJSONArray(f.IO, len(rs), func(i int) acceptance.Round { return rs[i] })
				}
				t := newTable(f.IO, "ID", tr(l, "名称", "NAME"), tr(l, "基线", "BASELINE"), tr(l, "测试人", "TESTERS"))
				for _, r := range rs {
					t.add(r.ID, r.Name, r.Baseline, strings.Join(r.Testers, ","))
				}
				return t.print()
			})
		},
	}
	list.Flags().BoolVar(&lsJSON, "json", false, "print JSON")
	cmd.AddCommand(nw, export, imp, status, list)
	return cmd
}

// ---- defect

func newCmdDefect(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "defect <command>",
		Short: "Track defects found in UAT: open → fixed → verified → closed",
		Example: heredoc(`
			$ crmflow defect add --tc TC-012 "导出超时" --severity 严重 --owner 李工 --due 2026-12-10
			$ crmflow defect fix DEF-001
			$ crmflow defect verify DEF-001
			$ crmflow defect list
		`),
	}
	var tc, sev, owner, due, round string
	var asJSON bool
	add := &cobra.Command{
		Use:   "add <title> --tc TC-012 --severity 致命|严重|一般|提示",
		Short: "Record a defect found by a test case",
		Example: heredoc(`
			$ crmflow defect add --tc TC-012 "导出 5 万行超时" --severity 严重
			$ crmflow defect add --tc 3 "Typo on the visit form" --severity trivial --owner Li --due 2026-12-10
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				d, err := a.Acceptance.AddDefect(ctx, acceptance.DefectInput{Case: tc, Round: round, Title: args[0], Severity: sev, Owner: owner, Due: due})
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, d)
				}
				fmt.Fprintln(f.IO.Out, d.ID)
				fmt.Fprintf(f.IO.ErrOut, tr(l, "已记录 %s（%s，%s）\n", "Recorded %s (%s, %s)\n"), d.ID, d.Case, d.Severity.Name(l))
				return nil
			})
		},
	}
	add.Flags().StringVar(&tc, "tc", "", "the test case that found it (required)")
	add.Flags().StringVar(&sev, "severity", "", "致命|严重|一般|提示 (critical|major|minor|trivial) (required)")
	add.Flags().StringVar(&owner, "owner", "", "who fixes it")
	add.Flags().StringVar(&due, "due", "", "promised fix date, YYYY-MM-DD")
	add.Flags().StringVar(&round, "round", "", "the UAT round it was found in")
	add.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	_ = add.MarkFlagRequired("tc")
	_ = add.MarkFlagRequired("severity")
	_ = add.RegisterFlagCompletionFunc("severity", cobra.FixedCompletions([]string{"致命", "严重", "一般", "提示", "critical", "major", "minor", "trivial"}, cobra.ShellCompDirectiveNoFileComp))

	var lsJSON bool
	var state string
	list := &cobra.Command{
		Use:     "list [--state open]",
		Short:   "List defects",
		Example: "$ crmflow defect list\n$ crmflow defect list --state open --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				all, err := a.Acceptance.Store.Defects(ctx)
				if err != nil {
					return err
				}
				if state != "" {
					want, err := acceptance.ParseDefectState(state)
					if err != nil {
						return err
					}
					kept := all[:0]
					for _, d := range all {
						if d.State == want {
							kept = append(kept, d)
						}
					}
					all = kept
				}
				if lsJSON {
					return writeJSONArray(f.IO, len(all), func(i int) acceptance.Defect { return all[i] })
				}
				t := newTable(f.IO, "ID", tr(l, "用例", "CASE"), tr(l, "严重程度", "SEVERITY"), tr(l, "状态", "STATE"), tr(l, "负责人", "OWNER"), tr(l, "标题", "TITLE"))
				for _, d := range all {
					t.add(d.ID, d.Case, d.Severity.Name(l), d.State.Name(l), d.Owner, oneLine(d.Title))
				}
				return t.print()
			})
		},
	}
	list.Flags().BoolVar(&lsJSON, "json", false, "print JSON")
	list.Flags().StringVar(&state, "state", "", "only defects in this state (open, fixed, verified, closed)")

	var showJSON bool
	show := &cobra.Command{
		Use:     "show <DEF-001>",
		Short:   "Show a defect and its history",
		Example: "$ crmflow defect show DEF-001",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				d, err := a.Acceptance.Defect(ctx, args[0])
				if err != nil {
					return err
				}
				if showJSON {
					return writeJSON(f.IO, d)
				}
				w := f.IO.Out
				fmt.Fprintf(w, "%s  %s\n", d.ID, d.Title)
				fmt.Fprintf(w, tr(l, "  用例：%s（%s）  严重程度：%s  状态：%s\n", "  Case: %s (%s)  Severity: %s  State: %s\n"), d.Case, d.Req, d.Severity.Name(l), d.State.Name(l))
				if d.Owner != "" || d.Due != "" {
					fmt.Fprintf(w, tr(l, "  负责人：%s  期限：%s\n", "  Owner: %s  Due: %s\n"), d.Owner, d.Due)
				}
				for _, h := range d.History {
					fmt.Fprintf(w, "  %s  %s → %s  %s  %s\n", h.At.Format("2006-01-02 15:04"), h.From.Name(l), h.To.Name(l), h.By, oneLine(h.Comment))
				}
				return nil
			})
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list, show)
	for _, mv := range []struct {
		verb  string
		to    acceptance.DefectState
		short string
	}{
		{"fix", acceptance.Fixed, "Mark a defect fixed (ready to re-test)"},
		{"verify", acceptance.Verified, "Mark a fixed defect re-verified"},
		{"close", acceptance.Closed, "Close a verified defect"},
		{"reopen", acceptance.Open, "Reopen a defect whose fix did not hold"},
	} {
		var comment string
		c := &cobra.Command{
			Use:     mv.verb + " <DEF-001> [--comment ...]",
			Short:   mv.short,
			Example: fmt.Sprintf("$ crmflow defect %s DEF-001 --comment \"...\"", mv.verb),
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
					d, err := a.Acceptance.MoveDefect(ctx, args[0], mv.to, comment)
					if err != nil {
						return err
					}
					fmt.Fprintf(f.IO.ErrOut, "%s: %s\n", d.ID, d.State.Name(l))
					return nil
				})
			},
		}
		c.Flags().StringVar(&comment, "comment", "", "why, or how it was checked")
		cmd.AddCommand(c)
	}
	return cmd
}

// ---- coverage and trace matrix

func newCmdCoverage(f *Factory) *cobra.Command {
	var bl string
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "coverage [--baseline v1.1]",
		Short: "Show which requirements have no test, have not run, or fail, on the current baseline",
		Long: heredoc(`
			Check every requirement of a baseline (the newest by default) against its test
			cases. A result counts only when it was recorded on the requirement's current
			content: after a change request changes a requirement, it reads as not run until
			its tests run again. Lists the requirements that are not covered; --all lists all.
		`),
		Example: "$ crmflow coverage\n$ crmflow coverage --baseline v1.1 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				cov, err := a.Coverage(ctx, bl)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, cov)
				}
				names := map[string]string{
					acceptance.CovCovered: tr(l, "已覆盖", "covered"), acceptance.CovNoTest: tr(l, "无用例", "no test"),
					acceptance.CovNotRun: tr(l, "未执行", "not run"), acceptance.CovFailing: tr(l, "不通过", "failing"),
					acceptance.CovBlocked: tr(l, "阻塞", "blocked")}
				t := newTable(f.IO, tr(l, "需求", "REQ"), tr(l, "状态", "STATUS"), tr(l, "用例", "TESTS"), tr(l, "通过", "PASS"), tr(l, "标题", "TITLE"))
				for _, r := range cov.Rows {
					if r.Status == acceptance.CovCovered && !all {
						continue
					}
					t.add(r.Req, names[r.Status], fmt.Sprint(r.Tests), fmt.Sprint(r.Passed), oneLine(r.Title))
				}
				if err := t.print(); err != nil {
					return err
				}
				fmt.Fprintf(f.IO.ErrOut, tr(l, "基线 %s：%d 条需求，已覆盖 %d（%.1f%%），无用例 %d，未执行 %d，不通过 %d，阻塞 %d\n",
					"Baseline %s: %d requirements, %d covered (%.1f%%), %d with no test, %d not run, %d failing, %d blocked\n"),
					cov.Baseline, cov.Total, cov.Covered, cov.Percent, cov.NoTest, cov.NotRun, cov.Failing, cov.Blocked)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&bl, "baseline", "", "baseline to check (default: the newest)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "list covered requirements too")
	return cmd
}

// newCmdTraceMatrix is "trace matrix", added under the trace command.
func newCmdTraceMatrix(f *Factory) *cobra.Command {
	var bl, format, out string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "matrix [--format md|html|xlsx -o FILE]",
		Short: "Write the trace matrix: requirement × finding × process step × test case × latest result, gaps flagged",
		Example: heredoc(`
			$ crmflow trace matrix
			$ crmflow trace matrix --format xlsx -o out/
			$ crmflow trace matrix --format html -o out/trace-matrix.html
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(format)
			if format != "md" && format != "html" && format != "xlsx" {
				return &usageError{err: fmt.Errorf("--format %q is not md, html or xlsx", format), zh: fmt.Sprintf("--format“%s”不是 md、html 或 xlsx", format), cmd: cmd.CommandPath()}
			}
			return withApp(f, cmd, func(ctx context.Context, a *app.App, l crmflow.Lang) error {
				if asJSON {
					m, err := a.TraceMatrix(ctx, bl, l)
					if err != nil {
						return err
					}
					return writeJSON(f.IO, m.Matrix)
				}
				doc, err := a.TraceMatrixDocument(ctx, bl, l, format)
				if err != nil {
					return err
				}
				if format == app.MatrixMarkdown && out == "" {
					_, err := f.IO.Out.Write(doc.Data)
					return err
				}
				return writeDoc(f, outputPath(out, doc.Name), doc.Data)
			})
		},
	}
	cmd.Flags().StringVar(&bl, "baseline", "", "baseline (default: the newest)")
	cmd.Flags().StringVar(&format, "format", "md", "md, html or xlsx")
	cmd.Flags().StringVarP(&out, "output", "o", "", "file or folder (md without -o prints to stdout)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the matrix as JSON")
	return cmd
}
