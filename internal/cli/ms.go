package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/milestones"
)

func newCmdMs(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "ms <command>",
		Aliases: []string{"milestone"},
		Short:   "Add, edit and track milestones (里程碑)",
		Example: heredoc(`
			$ crmflow ms list
			$ crmflow ms add "移动端拜访模块开发" --after MS-04 --lag 2d --duration 10d --owner 陈开发 --deliverable "可测试版本"
			$ crmflow ms done MS-02 --date 2027-01-15
		`),
	}
	cmd.AddCommand(newCmdMsList(f), newCmdMsShow(f), newCmdMsAdd(f), newCmdMsEdit(f), newCmdMsProgress(f, "start"),
		newCmdMsProgress(f, "done"), newCmdMsDeliverable(f))
	return cmd
}

func newCmdMsList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the milestones with their forecast dates and status",
		Example: heredoc(`
			$ crmflow ms list
			$ crmflow ms list --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				s, err := a.Schedule(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSONArray(f.IO, len(s.Rows), func(i int) milestones.Row { return s.Rows[i] })
				}
				t := newTable(f.IO, "ID", tr(lang, "里程碑", "MILESTONE"), tr(lang, "负责人", "OWNER"), tr(lang, "工期", "DAYS"),
					tr(lang, "前置", "AFTER"), tr(lang, "开始", "START"), tr(lang, "完成", "FINISH"), tr(lang, "状态", "STATUS"), "RAG")
				t.truncate = 1
				for _, r := range s.Rows {
					t.add(r.ID, r.Name, r.Owner, strconv.Itoa(r.Duration), depsText(r.Preds), r.Start.String(), r.Finish.String(),
						r.Status.Name(lang), r.RAG.Name(lang))
				}
				return t.print()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the milestones as JSON")
	return cmd
}

func depsText(ds []milestones.Dep) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.ID
		if d.Lag != 0 {
			parts[i] += fmt.Sprintf("%+dd", d.Lag)
		}
	}
	return strings.Join(parts, ",")
}

func newCmdMsShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show <MS-03>",
		Short: "Show a milestone: dates, floats, deliverables and why it moved",
		Example: heredoc(`
			$ crmflow ms show MS-03
			$ crmflow ms show 3 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				r, err := a.MilestoneRow(ctx, args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, r)
				}
				printRow(f, lang, r)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the milestone as JSON")
	return cmd
}

func printRow(f *Factory, lang crmflow.Lang, r milestones.Row) {
	w := f.IO.Out
	fmt.Fprintf(w, "%s %s — %s · RAG %s\n", r.ID, r.Name, r.Status.Name(lang), r.RAG.Name(lang))
	line := func(zh, en, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %s %s\n", tr(lang, zh+"：", en+":"), v)
		}
	}
	line("负责人", "Owner", r.Owner)
	line("角色", "Role", r.Role)
	line("工期", "Duration", fmt.Sprintf(tr(lang, "%d 个工作日", "%d working days"), r.Duration))
	line("前置", "After", depsText(r.Preds))
	line("预测", "Forecast", r.Start.String()+" → "+r.Finish.String())
	line("计划", "Planned", r.PlannedStart.String()+" → "+r.PlannedFinish.String())
	if r.BaselineFinish != 0 {
		line("基线", "Baseline", r.BaselineStart.String()+" → "+r.BaselineFinish.String())
	}
	if r.ActualStart != 0 {
		line("实际", "Actual", strings.TrimSpace(r.ActualStart.String()+" → "+r.ActualFinish.String()))
	}
	line("最迟", "Late", r.LateStart.String()+" → "+r.LateFinish.String())
	crit := ""
	if r.Critical {
		crit = tr(lang, "（关键路径）", " (critical path)")
	}
	line("浮动", "Float", fmt.Sprintf(tr(lang, "总浮动 %d，自由浮动 %d%s", "total %d, free %d%s"), r.TotalFloat, r.FreeFloat, crit))
	line("偏差", "Slip", fmt.Sprintf(tr(lang, "%+d 个工作日", "%+d working days"), r.Slip))
	line("原因", "Reason", r.Reason(lang))
	if len(r.Deliverables) > 0 {
		fmt.Fprintln(w, tr(lang, "  交付物：", "  Deliverables:"))
		for i, d := range r.Deliverables {
			mark := "[ ]"
			if d.Done {
				mark = "[x] " + d.DoneOn.String()
			}
			fmt.Fprintf(w, "    %d. %s %s\n", i+1, d.Name, mark)
		}
	}
}

func newCmdMsAdd(f *Factory) *cobra.Command {
	var in milestones.MilestoneInput
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add <name>",
		Short: "Add a milestone after others, or on a start date",
		Long: heredoc(`
			Add a milestone that starts when its predecessors (--after, repeatable or
			comma-separated) finish, plus --lag working days (-1d is a lead). Without
			predecessors it starts on --start (default: the plan start); --start also holds
			a milestone with predecessors back until that day. Durations are working days:
			10d, 10, 2w (5 working days a week). A duration of 0 is a point in time.
		`),
		Example: heredoc(`
			$ crmflow ms add "移动端拜访模块开发" --after MS-04 --lag 2d --duration 10d --owner 陈开发 --deliverable "可测试版本"
			$ crmflow ms add "需求调研" --start 2027-01-04 --duration 5d
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in.Name = args[0]
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				m, err := a.AddMilestone(ctx, in)
				if err != nil {
					return err
				}
				return printSaved(f, cmd, a, lang, m.ID, asJSON, tr(lang, "已添加", "Added"))
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&in.Duration, "duration", "", "working days: 10d, 2w")
	fl.StringArrayVar(&in.After, "after", nil, "predecessor milestone (repeatable; MS-04 or MS-03,MS-04)")
	fl.StringVar(&in.Lag, "lag", "", "working days after each predecessor finishes (2d; -1d overlaps)")
	fl.StringVar(&in.Start, "start", "", "start no earlier than this date (2027-01-04)")
	fl.StringVar(&in.Owner, "owner", "", "who is responsible")
	fl.StringVar(&in.Role, "role", "", "the role doing the work")
	fl.StringArrayVar(&in.Deliverables, "deliverable", nil, "a deliverable (repeatable)")
	fl.StringVar(&in.Note, "note", "", "a note")
	fl.BoolVar(&asJSON, "json", false, "print the milestone as JSON")
	_ = cmd.MarkFlagRequired("duration")
	return cmd
}

// printSaved shows a changed milestone with its new dates.
func printSaved(f *Factory, cmd *cobra.Command, a *app.App, lang crmflow.Lang, id string, asJSON bool, verb string) error {
	r, err := a.MilestoneRow(cmd.Context(), id)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(f.IO, r)
	}
	fmt.Fprintf(f.IO.ErrOut, tr(lang, "%s %s %s：%s → %s\n", "%s %s %s: %s → %s\n"), verb, r.ID, r.Name, r.Start, r.Finish)
	return nil
}

func newCmdMsEdit(f *Factory) *cobra.Command {
	var name, owner, role, duration, start, lag, note string
	var after, deliverables []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "edit <MS-05>",
		Short: "Change a milestone's name, owner, duration, start or predecessors",
		Long: heredoc(`
			Change the flags given; the rest stay. --after replaces the predecessors (with
			--lag after each); --lag alone changes the lag of the existing ones. --start ""
			removes the start constraint. The plan is checked as a whole before anything is
			written: a predecessor that closes a cycle is refused and the cycle named.
		`),
		Example: heredoc(`
			$ crmflow ms edit MS-05 --duration 15d
			$ crmflow ms edit MS-06 --after MS-04,MS-05 --lag 1d --owner 陈开发
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in milestones.EditInput
			fl := cmd.Flags()
			for flag, dst := range map[string]**string{"name": &in.Name, "owner": &in.Owner, "role": &in.Role, "duration": &in.Duration,
				"start": &in.Start, "lag": &in.Lag, "note": &in.Note} {
				if fl.Changed(flag) {
					v, _ := fl.GetString(flag)
					*dst = &v
				}
			}
			if fl.Changed("after") {
				in.After = &after
			}
			in.AddDeliverables = deliverables
			if fl.NFlag() == 0 || (fl.NFlag() == 1 && asJSON) {
				return &usageError{err: fmt.Errorf("nothing to change: give at least one flag"), zh: "没有要修改的内容：请至少给出一个选项", cmd: cmd.CommandPath()}
			}
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				m, err := a.EditMilestone(ctx, args[0], in)
				if err != nil {
					return err
				}
				return printSaved(f, cmd, a, lang, m.ID, asJSON, tr(lang, "已修改", "Changed"))
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "new name")
	fl.StringVar(&owner, "owner", "", "who is responsible")
	fl.StringVar(&role, "role", "", "the role doing the work")
	fl.StringVar(&duration, "duration", "", "working days: 10d, 2w")
	fl.StringVar(&start, "start", "", `start no earlier than this date ("" removes it)`)
	fl.StringArrayVar(&after, "after", nil, "replace the predecessors (repeatable)")
	fl.StringVar(&lag, "lag", "", "working days after each predecessor")
	fl.StringArrayVar(&deliverables, "deliverable", nil, "add a deliverable (repeatable)")
	fl.StringVar(&note, "note", "", "a note")
	fl.BoolVar(&asJSON, "json", false, "print the milestone as JSON")
	return cmd
}

func newCmdMsProgress(f *Factory, verb string) *cobra.Command {
	var date string
	var asJSON bool
	short := "Record that a milestone started"
	example := `
			$ crmflow ms start MS-02
			$ crmflow ms start MS-02 --date 2027-01-18
		`
	if verb == "done" {
		short = "Record that a milestone finished"
		example = `
			$ crmflow ms done MS-02
			$ crmflow ms done MS-02 --date 2027-01-15
		`
	}
	cmd := &cobra.Command{
		Use:   verb + " <MS-02>",
		Short: short,
		Long: heredoc(`
			Record the actual date (default: today). A date in the future or before the
			plan start is refused. A milestone marked done without a start takes its planned
			start. Actual dates drive the forecast: a late milestone pushes its successors.
		`),
		Example: heredoc(example),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				var m milestones.Milestone
				var err error
				if verb == "done" {
					m, err = a.FinishMilestone(ctx, args[0], date)
				} else {
					m, err = a.StartMilestone(ctx, args[0], date)
				}
				if err != nil {
					return err
				}
				if asJSON {
					return printSaved(f, cmd, a, lang, m.ID, true, "")
				}
				if verb == "done" {
					fmt.Fprintf(f.IO.ErrOut, tr(lang, "%s %s 已于 %s 完成\n", "%s %s finished on %s\n"), m.ID, m.Name, m.ActualFinish)
				} else {
					fmt.Fprintf(f.IO.ErrOut, tr(lang, "%s %s 已于 %s 开始\n", "%s %s started on %s\n"), m.ID, m.Name, m.ActualStart)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the actual date (default: today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the milestone as JSON")
	return cmd
}

func newCmdMsDeliverable(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deliverable <command>",
		Short: "Track a milestone's deliverables",
		Example: heredoc(`
			$ crmflow ms deliverable done MS-02 "需求规格说明书"
		`),
	}
	var date string
	var asJSON bool
	done := &cobra.Command{
		Use:   "done <MS-02> <deliverable>",
		Short: "Mark a deliverable handed over",
		Long: heredoc(`
			Mark a deliverable of the milestone as handed over on --date (default: today).
			Name it as listed by "ms show" (case-insensitive) or by its number there.
		`),
		Example: heredoc(`
			$ crmflow ms deliverable done MS-02 "需求规格说明书"
			$ crmflow ms deliverable done MS-02 1 --date 2027-01-15
		`),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				m, err := a.DeliverableDone(ctx, args[0], args[1], date)
				if err != nil {
					if ce, ok := err.(*crmflow.Error); ok && ce.Entity == "deliverable" {
						return ce.About("deliverable", args[0])
					}
					return err
				}
				if asJSON {
					return writeJSON(f.IO, m)
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "%s 的交付物“%s”已交付\n", "%s: deliverable %q handed over\n"), m.ID, args[1])
				return nil
			})
		},
	}
	done.Flags().StringVar(&date, "date", "", "the date it was handed over (default: today)")
	done.Flags().BoolVar(&asJSON, "json", false, "print the milestone as JSON")
	cmd.AddCommand(done)
	return cmd
}
