package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/release"
)

func newCmdSprint(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sprint <command>",
		Short: "Plan two-week sprints inside a release; board, burndown and velocity",
		Long: heredoc(`
			sprint plan cuts a release's window into sprints. Capacity comes from the
			project's working calendar (holidays and 调休 included) times the team's
			availability (--team 陈开发:100%,李测试:50%), or is given in person-days
			(--capacity 40d); without either it is one full-time person. Velocity of
			past sprints is shown beside it.

			The board's columns: 待开发 (to do), 开发中 (in progress: set with sprint
			start), 待测试 (the requirement is implemented), 已完成 (verified).
			The burndown is folded from the audit log: work added or removed after the
			sprint started is told apart from re-estimates.
		`),
		Example: heredoc(`
			$ crmflow sprint plan v1.0 --length 2w --start 2027-01-04 --team 陈开发:100%,李测试:50%
			$ crmflow sprint add-req S-01 REQ-004 REQ-007
			$ crmflow sprint auto v1.0
			$ crmflow sprint start S-01 REQ-004
			$ crmflow sprint board S-01
			$ crmflow sprint burndown S-01 --format svg -o out/
		`),
	}
	cmd.AddCommand(newCmdSprintPlan(f), newCmdSprintList(f), newCmdSprintAddReq(f), newCmdSprintRemoveReq(f),
		newCmdSprintAuto(f), newCmdSprintStart(f, true), newCmdSprintStart(f, false), newCmdSprintBoard(f), newCmdSprintBurndown(f))
	return cmd
}

func newCmdSprintPlan(f *Factory) *cobra.Command {
	var length, start, capacity, team string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plan <release> --start DATE [--length 2w] [--capacity 40d | --team NAME:PCT,...]",
		Short: "Create the sprints of a release, from a start day to the release's target",
		Example: heredoc(`
			$ crmflow sprint plan v1.0 --length 2w --start 2027-01-04 --capacity 40d
			$ crmflow sprint plan v1.0 --start 2027-01-04 --team 陈开发:100%,李测试:50%
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lengthDays, err := release.ParseLength(length)
			if err != nil {
				return err
			}
			if start == "" {
				return crmflow.Errorf(crmflow.EINVALID, "sprint plan needs --start, the first sprint's first day").With("field", "start")
			}
			day, err := milestones.ParseDate(start)
			if err != nil {
				return err
			}
			if capacity != "" && team != "" {
				return &usageError{err: fmt.Errorf("give --capacity or --team, not both"), cmd: cmd.CommandPath()}
			}
			var hours int
			if capacity != "" {
				if hours, err = release.ParseEstimate("capacity", capacity); err != nil {
					return err
				}
			}
			var members []release.Member
			if team != "" {
				if members, err = release.ParseTeam(team); err != nil {
					return err
				}
			}
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				ss, err := a.Releases.PlanSprints(ctx, args[0], day, lengthDays, members, hours)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSONArray(f.IO, len(ss), func(i int) release.Sprint { return ss[i] })
				}
				v, err := a.ReleaseView(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "已为版本 %s 创建 %d 个迭代（Sprint）\n", "Created %d sprints for release %s\n"), plural(lang, v.Name, len(ss))...)
				printSprints(f, v.Sprints, lang)
				printVelocity(f, v, lang)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&length, "length", "2w", "sprint length: 2w (weeks) or 10d (calendar days)")
	fl.StringVar(&start, "start", "", "the first sprint's first day, e.g. 2027-01-04 (required)")
	fl.StringVar(&capacity, "capacity", "", "capacity of each sprint in person-days, e.g. 40d")
	fl.StringVar(&team, "team", "", "team and availability, e.g. 陈开发:100%,李测试:50%")
	fl.BoolVar(&asJSON, "json", false, "print the new sprints as JSON")
	return cmd
}

// plural orders the arguments of the "created N sprints for R" message for lang.
func plural(lang crmflow.Lang, rel string, n int) []any {
	if lang == crmflow.LangEN {
		return []any{n, rel}
	}
	return []any{rel, n}
}

func printVelocity(f *Factory, v app.ReleaseView, lang crmflow.Lang) {
	if len(v.Velocity) == 0 {
		fmt.Fprintln(f.IO.ErrOut, tr(lang, "速度：还没有结束的迭代。", "Velocity: no sprint has ended yet."))
		return
	}
	parts := make([]string, len(v.Velocity))
	for i, vel := range v.Velocity {
		parts[i] = fmt.Sprintf("%s %s/%s", vel.Sprint, num(vel.Completed), num(vel.Committed))
	}
	fmt.Fprintf(f.IO.ErrOut, tr(lang, "速度（完成/承诺，人天）：%s；近 3 个平均 %s\n", "Velocity (completed/committed, person-days): %s; average of the last 3: %s\n"),
		strings.Join(parts, tr(lang, "，", ", ")), num(v.AvgVelocity))
}

func newCmdSprintList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list [release]",
		Short:   "List sprints with capacity, planned work and velocity",
		Example: "$ crmflow sprint list v1.0 --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				vs, err := a.ReleaseViews(ctx)
				if err != nil {
					return err
				}
				if len(args) == 1 {
					v, err := a.ReleaseView(ctx, args[0])
					if err != nil {
						return err
					}
					vs = []app.ReleaseView{v}
				}
				var all []app.SprintView
				for _, v := range vs {
					all = append(all, v.Sprints...)
				}
				if asJSON {
					return writeJSONArray(f.IO, len(all), func(i int) app.SprintView { return all[i] })
				}
				if len(all) == 0 {
					fmt.Fprintln(f.IO.ErrOut, tr(lang, "还没有迭代。", "No sprints yet."))
					return nil
				}
				printSprints(f, all, lang)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdSprintAddReq(f *Factory) *cobra.Command {
	var over, asJSON bool
	cmd := &cobra.Command{
		Use:   "add-req <sprint> <REQ>...",
		Short: "Put requirements into a sprint, within its capacity",
		Long: heredoc(`
			Put requirements into a sprint. One in no release joins the sprint's
			release; one in another release is refused. The sum of estimates may not
			pass the sprint's capacity unless --over is given; unestimated
			requirements are named.
		`),
		Example: "$ crmflow sprint add-req S-01 REQ-004 REQ-007",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				res, err := a.Releases.AddToSprint(ctx, args[0], args[1:], over)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, res)
				}
				refs := make([]string, len(res.Items))
				for i, it := range res.Items {
					refs[i] = it.Ref
				}
				if len(refs) > 0 {
					fmt.Fprintf(f.IO.ErrOut, tr(lang, "已加入 %s：%s\n", "Added to %s: %s\n"), strings.ToUpper(args[0]), strings.Join(refs, ", "))
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "已排 %s / 容量 %s 人天\n", "Planned %s of %s person-days\n"),
					num(release.Days(res.LoadHours)), num(release.Days(res.Capacity)))
				if len(res.Unestimated) > 0 {
					fmt.Fprintf(f.IO.ErrOut, tr(lang, "未估算：%s\n", "Not estimated: %s\n"), strings.Join(res.Unestimated, ", "))
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&over, "over", false, "allow the sprint to go over its capacity")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func newCmdSprintRemoveReq(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "remove-req <sprint> <REQ>...",
		Short:   "Take requirements out of a sprint (they stay in the release)",
		Example: "$ crmflow sprint remove-req S-01 REQ-007",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				items, err := a.Releases.RemoveFromSprint(ctx, args[0], args[1:])
				if err != nil {
					return err
				}
				refs := make([]string, len(items))
				for i, it := range items {
					refs[i] = it.Ref
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "已移出 %s：%s\n", "Taken out of %s: %s\n"), strings.ToUpper(args[0]), strings.Join(refs, ", "))
				return nil
			})
		},
	}
}

func newCmdSprintAuto(f *Factory) *cobra.Command {
	var dry, asJSON bool
	cmd := &cobra.Command{
		Use:   "auto <release>",
		Short: "Fill the release's sprints by MoSCoW, then score, within capacity",
		Long: heredoc(`
			Fill the sprints of a release that have not ended with its requirements
			that are in no sprint: Must, Should, Could, then by score, ties by ID.
			Each goes into the earliest sprint with room that is not before its
			parent's sprint. Won't, unestimated and over-capacity requirements are
			listed, never dropped silently. --dry-run shows the plan without saving.
		`),
		Example: "$ crmflow sprint auto v1.0 --dry-run",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				res, err := a.Releases.Auto(ctx, args[0], dry)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, res)
				}
				if len(res.Placed) > 0 {
					t := newTable(f.IO, tr(lang, "编号", "ID"), tr(lang, "迭代", "Sprint"), tr(lang, "估算（人天）", "Estimate (days)"))
					for _, p := range res.Placed {
						t.add(p.Ref, p.Sprint, num(release.Days(p.Hours)))
					}
					if err := t.print(); err != nil {
						return err
					}
				}
				reasons := map[string][2]string{
					release.LeftUnestimated:    {"未估算", "not estimated"},
					release.LeftOverCapacity:   {"超出容量", "over capacity"},
					release.LeftWont:           {"本次不做", "won't have"},
					release.LeftParentUnplaced: {"父需求未排入", "parent not planned"},
				}
				for _, l := range res.Left {
					r := reasons[l.Reason]
					fmt.Fprintf(f.IO.ErrOut, tr(lang, "未排入：%s（%s）\n", "Not planned: %s (%s)\n"), l.Ref, tr(lang, r[0], r[1]))
				}
				verb := tr(lang, "已排入 %d 项，未排入 %d 项\n", "Planned %d, left %d\n")
				if dry {
					verb = tr(lang, "（试排，未保存）可排入 %d 项，未排入 %d 项\n", "(dry run, not saved) would plan %d, leave %d\n")
				}
				fmt.Fprintf(f.IO.ErrOut, verb, len(res.Placed), len(res.Left))
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&dry, "dry-run", false, "show the plan without saving it")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON")
	return cmd
}

func newCmdSprintStart(f *Factory, started bool) *cobra.Command {
	use, short, ex := "start <sprint> <REQ>", "Mark a sprint's requirement as in development (开发中)", "$ crmflow sprint start S-01 REQ-004"
	if !started {
		use, short, ex = "stop <sprint> <REQ>", "Put a sprint's requirement back to to-do (待开发)", "$ crmflow sprint stop S-01 REQ-004"
	}
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Example: ex,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				it, err := a.Releases.SetStarted(ctx, args[0], args[1], started)
				if err != nil {
					return err
				}
				col := release.ColTodo
				if it.Started {
					col = release.ColDoing
				}
				fmt.Fprintf(f.IO.ErrOut, "%s: %s\n", it.Ref, col.Name(lang))
				return nil
			})
		},
	}
}

func newCmdSprintBoard(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "board <sprint>",
		Short:   "Show a sprint's board: 待开发 / 开发中 / 待测试 / 已完成",
		Example: "$ crmflow sprint board S-01",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				b, err := a.SprintBoard(ctx, args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, b)
				}
				printBoard(f, b, lang)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// printBoard writes the board as text: a heading, then one block per column
// (a block reads better than side-by-side columns of CJK titles in a terminal).
func printBoard(f *Factory, b app.Board, lang crmflow.Lang) {
	out := f.IO.Out
	s := b.Sprint
	fmt.Fprintf(out, tr(lang, "%s · 版本 %s · %s 至 %s · 已排 %s / 容量 %s 人天 · 已完成 %s\n", "%s · release %s · %s to %s · planned %s of %s person-days · done %s\n"),
		s.ID, b.Release, s.Start, s.End, num(s.Load), num(s.Capacity), num(s.Done))
	for _, c := range release.Columns {
		items := b.Columns[c]
		total := 0.0
		for _, it := range items {
			total += it.Estimate
		}
		fmt.Fprintf(out, "\n%s (%d, %sd)\n", c.Name(lang), len(items), num(total))
		for _, it := range items {
			est := "-"
			if it.Estimate > 0 {
				est = num(it.Estimate) + "d"
			}
			fmt.Fprintf(out, "  %-8s %-5s %s\n", it.Ref, est, oneLine(it.Title))
		}
	}
}

func newCmdSprintBurndown(f *Factory) *cobra.Command {
	var format, lang, out string
	cmd := &cobra.Command{
		Use:   "burndown <sprint>",
		Short: "Write a sprint's burndown as svg or json, from the audit log",
		Long: heredoc(`
			The burndown is folded from the status and plan history in the audit log:
			work counts as burned when its requirement is implemented. Work in the
			sprint before it started is the commitment; work added or removed later is
			scope change, and a new estimate on work that stays is a re-estimate, kept
			apart from both.
		`),
		Example: heredoc(`
			$ crmflow sprint burndown S-01 --format svg -o out/
			$ crmflow sprint burndown S-01 --format json -o out/
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := langOr(lang, "")
			if err != nil {
				return err
			}
			return withPlanDoc(f, cmd, out, func(ctx context.Context, a *app.App) (app.Document, error) {
				return a.BurndownChart(ctx, args[0], format, l)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "svg", "svg or json")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: out/)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(app.BurndownFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// warnOverloaded tells the user when a re-estimate put ref's sprint over its
// capacity: the estimate is kept, the overload is reported, not hidden.
func warnOverloaded(ctx context.Context, f *Factory, a *app.App, ref string) {
	o, over, err := a.OverloadedSprint(ctx, ref)
	if err != nil || !over {
		return
	}
	fmt.Fprintf(f.IO.ErrOut, tr(a.Lang(ctx), "注意：迭代 %s 已排 %s 人天，超出容量 %s 人天\n", "Note: sprint %s now holds %s person-days, over its capacity of %s\n"),
		o.Sprint, num(release.Days(o.LoadHours)), num(release.Days(o.CapacityHours)))
}
