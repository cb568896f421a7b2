package cli

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/release"
)

// addReleaseCommands registers release and sprint in the plan group.
func addReleaseCommands(root *cobra.Command, f *Factory) {
	for _, c := range []*cobra.Command{newCmdRelease(f), newCmdSprint(f)} {
		c.GroupID = "plan"
		root.AddCommand(c)
	}
}

func newCmdRelease(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "release <command>",
		Short: "Plan versions (分版本上线): releases, their requirements and change requests, release notes",
		Long: heredoc(`
			A release (版本) is a version the project ships, named like v1.0, with a
			target date and optionally the milestone it belongs to. It owns a set of
			requirements and change requests; a requirement belongs to at most one
			release. A requirement in a frozen baseline keeps its release unless an
			approved change request that names it moves it (--cr). release carry
			moves the deferred requirements and change requests to the next release.
			Estimates are person-days: 3d, 0.5d, or hours 4h (eight to a day).
		`),
		Example: heredoc(`
			$ crmflow release add v1.0 --target 2027-03-31 --milestone MS-10
			$ crmflow release assign v1.0 REQ-004 REQ-007 CR-002
			$ crmflow req edit REQ-004 --estimate 3d --release v1.0
			$ crmflow release carry v1.0 v1.1
			$ crmflow release notes v1.0 --format html --lang en -o out/
		`),
	}
	cmd.AddCommand(newCmdReleaseAdd(f), newCmdReleaseList(f), newCmdReleaseShow(f), newCmdReleaseAssign(f),
		newCmdReleaseCarry(f), newCmdReleaseNotes(f))
	return cmd
}

func newCmdReleaseAdd(f *Factory) *cobra.Command {
	var target, ms string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "add <name> --target DATE [--milestone MS-xx]",
		Short:   "Create a release with its target date",
		Example: "$ crmflow release add v1.0 --target 2027-03-31 --milestone MS-10",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				if target == "" {
					return crmflow.Errorf(crmflow.EINVALID, "release %s needs --target, the planned release date", args[0]).With("field", "target")
				}
				d, err := milestones.ParseDate(target)
				if err != nil {
					return err
				}
				r, err := a.Releases.AddRelease(ctx, args[0], d, ms)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, r)
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "已创建版本 %s（%s），计划发布 %s\n", "Created release %s (%s), target %s\n"), r.Name, r.ID, r.Target)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&target, "target", "", "target release date, e.g. 2027-03-31 (required)")
	cmd.Flags().StringVar(&ms, "milestone", "", "the milestone the release belongs to, e.g. MS-10")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the release as JSON")
	return cmd
}

func newCmdReleaseList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List releases with their size and progress",
		Example: "$ crmflow release list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				vs, err := a.ReleaseViews(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSONArray(f.IO, len(vs), func(i int) app.ReleaseView { return vs[i] })
				}
				if len(vs) == 0 {
					fmt.Fprintln(f.IO.ErrOut, tr(lang, "还没有版本。", "No releases yet."))
					return nil
				}
				t := newTable(f.IO, tr(lang, "编号", "ID"), tr(lang, "版本", "Release"), tr(lang, "计划发布", "Target"), tr(lang, "里程碑", "Milestone"),
					tr(lang, "需求/变更", "Items"), tr(lang, "估算（人天）", "Estimate (days)"), tr(lang, "未估算", "Unestimated"), tr(lang, "迭代", "Sprints"), tr(lang, "状态", "Status"))
				for _, v := range vs {
					t.add(v.ID, v.Name, v.Target.String(), v.Milestone, fmt.Sprint(len(v.Items)), num(v.Estimate),
						fmt.Sprint(len(v.Unestimated)), fmt.Sprint(len(v.Sprints)), v.Status.Name(lang))
				}
				return t.print()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// num writes person-days as briefly as they read: 3, 0.5, 12.25.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }

func newCmdReleaseShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show <release>",
		Short:   "Show a release: its sprints, requirements and change requests",
		Example: "$ crmflow release show v1.0",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				v, err := a.ReleaseView(ctx, args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, v)
				}
				out := f.IO.Out
				fmt.Fprintf(out, "%s (%s)  %s %s  %s\n", v.Name, v.ID, tr(lang, "计划发布", "target"), v.Target, v.Status.Name(lang))
				if v.Milestone != "" {
					fmt.Fprintf(out, "%s: %s\n", tr(lang, "里程碑", "Milestone"), v.Milestone)
				}
				fmt.Fprintf(out, tr(lang, "估算合计 %s 人天；未估算 %d 项；未排入迭代 %d 项\n", "Estimated %s person-days; %d unestimated; %d in no sprint\n"),
					num(v.Estimate), len(v.Unestimated), len(v.Unplanned))
				if len(v.Velocity) > 0 {
					fmt.Fprintf(out, tr(lang, "速度（近 3 个迭代平均）：%s 人天\n", "Velocity (average of the last 3 sprints): %s person-days\n"), num(v.AvgVelocity))
				}
				if len(v.Sprints) > 0 {
					fmt.Fprintln(out)
					printSprints(f, v.Sprints, lang)
				}
				if len(v.Items) > 0 {
					fmt.Fprintln(out)
					t := newTable(f.IO, tr(lang, "编号", "ID"), tr(lang, "标题", "Title"), tr(lang, "状态", "Status"), "MoSCoW", tr(lang, "估算", "Estimate"), tr(lang, "迭代", "Sprint"))
					for _, it := range v.Items {
						est := "-"
						if it.Estimate > 0 {
							est = num(it.Estimate) + "d"
						}
						t.add(it.Ref, it.Title, statusName(it.Status, lang), it.MoSCoW, est, it.Sprint)
					}
					return t.print()
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// statusName shows a requirement or change request status in lang.
func statusName(s string, lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return s
	}
	names := map[string]string{"draft": "草稿", "confirmed": "已确认", "frozen": "已冻结", "implemented": "已实现", "verified": "已验证",
		"rejected": "已拒绝", "deferred": "已延后", "submitted": "已提交", "analyzed": "已分析", "approved": "已批准", "closed": "已关闭"}
	if n, ok := names[s]; ok {
		return n
	}
	return s
}

func printSprints(f *Factory, ss []app.SprintView, lang crmflow.Lang) {
	t := newTable(f.IO, tr(lang, "迭代", "Sprint"), tr(lang, "开始", "Start"), tr(lang, "结束", "End"), tr(lang, "工作日", "Workdays"),
		tr(lang, "容量（人天）", "Capacity (days)"), tr(lang, "已排（人天）", "Planned (days)"), tr(lang, "已完成", "Done"), tr(lang, "需求", "Items"),
		tr(lang, "速度（人天）", "Velocity (days)"))
	for _, s := range ss {
		load := num(s.Load)
		if s.Load > s.Capacity {
			load += tr(lang, "（超出）", " (over)")
		}
		velocity := "" // a sprint that has not ended has none yet
		if s.Velocity != nil {
			velocity = num(*s.Velocity)
		}
		t.add(s.ID, s.Start.String(), s.End.String(), fmt.Sprint(s.Workdays), num(s.Capacity), load, num(s.Done), fmt.Sprint(s.Items), velocity)
	}
	_ = t.print()
}

func newCmdReleaseAssign(f *Factory) *cobra.Command {
	var move bool
	var cr string
	cmd := &cobra.Command{
		Use:   "assign <release> <REQ|CR>...",
		Short: "Put requirements and change requests into a release",
		Long: heredoc(`
			Put requirements and change requests into a release, all or none. One
			already in another release is refused unless --move is given; a
			requirement in a frozen baseline moves only with --cr naming an approved
			change request that covers it. Use "-" as the release to take them out.
		`),
		Example: heredoc(`
			$ crmflow release assign v1.0 REQ-004 REQ-007 CR-002
			$ crmflow release assign v1.1 REQ-009 --move
			$ crmflow release assign v1.1 REQ-003 --cr CR-004
		`),
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				rel := args[0]
				if rel == "-" {
					rel = ""
				}
				items, err := a.Releases.Assign(ctx, release.Assignment{Release: rel, Refs: args[1:], Move: move, Via: cr})
				if err != nil {
					return err
				}
				reportAssigned(f, items, args[0], lang)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&move, "move", false, "move items that are in another release")
	cmd.Flags().StringVar(&cr, "cr", "", "the approved change request that moves frozen requirements")
	return cmd
}

func reportAssigned(f *Factory, items []release.Item, rel string, lang crmflow.Lang) {
	if len(items) == 0 {
		fmt.Fprintln(f.IO.ErrOut, tr(lang, "没有变化。", "Nothing changed."))
		return
	}
	refs := make([]string, len(items))
	for i, it := range items {
		refs[i] = it.Ref
	}
	if rel == "-" || rel == "" {
		fmt.Fprintf(f.IO.ErrOut, tr(lang, "已移出版本：%s\n", "Taken out of their release: %s\n"), strings.Join(refs, ", "))
		return
	}
	fmt.Fprintf(f.IO.ErrOut, tr(lang, "已放入版本 %s：%s\n", "Put into release %s: %s\n"), rel, strings.Join(refs, ", "))
}

func newCmdReleaseCarry(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "carry <from> <to>",
		Short:   "Move the deferred requirements and change requests of a release to the next",
		Example: "$ crmflow release carry v1.0 v1.1",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				items, err := a.CarryRelease(ctx, args[0], args[1])
				if err != nil {
					return err
				}
				if len(items) == 0 {
					fmt.Fprintf(f.IO.ErrOut, tr(lang, "版本 %s 没有延后的需求或变更。\n", "Release %s has no deferred requirement or change request.\n"), args[0])
					return nil
				}
				reportAssigned(f, items, args[1], lang)
				return nil
			})
		},
	}
	return cmd
}

func newCmdReleaseNotes(f *Factory) *cobra.Command {
	var format, lang, out string
	cmd := &cobra.Command{
		Use:   "notes <release>",
		Short: "Write the release notes (发布说明) as md or html",
		Long: heredoc(`
			Release notes list what the version delivers: its implemented and verified
			requirements grouped by module and kind, each line naming the requirement,
			the change requests that changed it and its baseline; then the applied
			change requests of the release and what was deferred out of it.
		`),
		Example: heredoc(`
			$ crmflow release notes v1.0 --format md -o out/
			$ crmflow release notes v1.0 --format html --lang en -o out/
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := langOr(lang, "")
			if err != nil {
				return err
			}
			return withPlanDoc(f, cmd, out, func(ctx context.Context, a *app.App) (app.Document, error) {
				return a.ReleaseNotes(ctx, args[0], format, l)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md or html")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: out/)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(app.ReleaseNotesFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
