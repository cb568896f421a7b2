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
	"github.com/crmflow/crmflow/report"
)

// withPlan runs fn on the workspace (opened once by the Factory, which also
// closes it) in the project's language.
func withPlan(f *Factory, cmd *cobra.Command, fn func(ctx context.Context, a *app.App, lang crmflow.Lang) error) error {
	a, err := f.App()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	return fn(ctx, a, a.Lang(ctx))
}

// tr picks the text in the project's language: the CLI's short name for
// report.Tr, the one zh/en mechanism.
func tr(lang crmflow.Lang, zh, en string) string { return report.Tr(lang, zh, en) }

func newCmdPlan(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan <command>",
		Short: "Start the phase plan from a template and take plan baselines",
		Example: heredoc(`
			$ crmflow plan templates
			$ crmflow plan init --template crm-standard --start 2027-01-04 --buffer 15%
			$ crmflow plan baseline --name P1
		`),
	}
	cmd.AddCommand(newCmdPlanTemplates(f), newCmdPlanInit(f), newCmdPlanBaseline(f))
	return cmd
}

func newCmdPlanTemplates(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List the built-in plan templates",
		Long: heredoc(`
			List the plan templates in the project's language (every template when no
			workspace is open): the stages with their default durations in working days,
			roles, deliverables and dependencies.
		`),
		Example: heredoc(`
			$ crmflow plan templates
			$ crmflow plan templates --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var ts []milestones.Template
			lang := crmflow.LangZH
			if a, err := f.App(); err == nil {
				lang = a.Lang(cmd.Context())
				if ts, err = a.PlanTemplates(cmd.Context()); err != nil {
					return err
				}
			} else if ts, err = milestones.Templates(); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, ts)
			}
			for _, t := range ts {
				days := 0
				for _, s := range t.Milestones {
					days += s.Duration
				}
				fmt.Fprintf(f.IO.Out, "%s (%s) — %s\n", t.Name, t.Lang, t.Title)
				fmt.Fprintf(f.IO.Out, tr(lang, "  %d 个阶段，缓冲 %g%%\n", "  %d stages, buffer %g%%\n"), len(t.Milestones), t.BufferPct)
				for i, s := range t.Milestones {
					var after []string
					for _, a := range s.After {
						for j, o := range t.Milestones {
							if o.Key == a.Key {
								after = append(after, crmflow.KindMilestone.Format(j+1))
							}
						}
					}
					fmt.Fprintf(f.IO.Out, "  %s  %s  %s  %s  %s  ← %s\n", crmflow.KindMilestone.Format(i+1), s.Name,
						fmt.Sprintf(tr(lang, "%d 天", "%dd"), s.Duration), s.Role, strings.Join(s.Deliverables, tr(lang, "、", ", ")), strings.Join(after, ","))
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the templates as JSON")
	return cmd
}

func newCmdPlanInit(f *Factory) *cobra.Command {
	var template, start, buffer string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the project's plan from a template",
		Long: heredoc(`
			Create the milestones MS-01… from a plan template in the project's language,
			starting on --start (the first working day on or after it). --buffer is the
			project buffer as a percentage of the critical chain (default: the template's).
			A project has one plan: add, edit and baseline it afterwards.
		`),
		Example: heredoc(`
			$ crmflow plan init --template crm-standard --start 2027-01-04
			$ crmflow plan init --template crm-standard --start 2027-01-04 --buffer 15%
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				p, err := a.InitPlan(ctx, template, start, buffer)
				if err != nil {
					return err
				}
				s, err := a.Schedule(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, p)
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "已按模板 %s 创建计划：%d 个里程碑，%s 开始，预计 %s 完成（缓冲 %d 个工作日，承诺日期 %s）\n",
					"Created the plan from %s: %d milestones, starting %s, finishing %s (buffer %d working days, committed %s)\n"),
					p.Settings.Template, len(p.Milestones), s.Start, s.PlannedFinish, s.Buffer.Days, s.Buffer.Commit)
				warnEstimated(f, lang, s)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&template, "template", "crm-standard", "plan template (see crmflow plan templates)")
	fl.StringVar(&start, "start", "", "plan start date, 2027-01-04")
	fl.StringVar(&buffer, "buffer", "", "project buffer as a percentage of the critical chain (15%)")
	fl.BoolVar(&asJSON, "json", false, "print the plan as JSON")
	_ = cmd.MarkFlagRequired("start")
	return cmd
}

// warnEstimated says which years of the plan have no official holiday data.
func warnEstimated(f *Factory, lang crmflow.Lang, s *milestones.Schedule) {
	for _, y := range s.Years {
		if !y.Official {
			fmt.Fprintf(f.IO.ErrOut, tr(lang, "注意：%d 年尚无官方节假日安排，按周一至周五估算（可用 calendar set 修正）\n",
				"Note: no official holiday calendar for %d yet; Monday to Friday is assumed (fix days with calendar set)\n"), y.Year)
		}
	}
}

func newCmdPlanBaseline(f *Factory) *cobra.Command {
	var name string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "baseline",
		Short: "Snapshot the planned dates that forecasts are measured against",
		Long: heredoc(`
			Record every milestone's planned start and finish under a name (B1, B2… by
			default). Slips, the buffer and the RAG ratings are measured against the newest
			baseline. Finished milestones keep their actual dates; unfinished ones their
			planned dates.
		`),
		Example: heredoc(`
			$ crmflow plan baseline
			$ crmflow plan baseline --name P1
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				b, err := a.TakePlanBaseline(ctx, name)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, b)
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "已建立计划基线 %s：%d 个里程碑，完成 %s，缓冲 %d 个工作日\n",
					"Baseline %s taken: %d milestones, finishing %s, buffer %d working days\n"), b.Name, len(b.Dates), b.Finish, b.BufferDays)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "baseline name (default B1, B2…)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the baseline as JSON")
	return cmd
}

func newCmdSchedule(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Forecast, critical path, floats, buffer used and RAG per milestone",
		Long: heredoc(`
			Compute the schedule as of today (CRMFLOW_NOW pins it) on the project's working
			calendar: each milestone's forecast start and finish (actual dates where known),
			total and free float in working days, the critical path (*), the slip against
			the baseline and its reason (a late predecessor, a change request), the project
			buffer used and a RAG rating. The rules are in docs/schedule.md.
		`),
		Example: heredoc(`
			$ crmflow schedule
			$ crmflow schedule --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				s, err := a.Schedule(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, s)
				}
				// The text shows the sprints under their development milestone.
				withSprints, err := a.ScheduleWithSprints(ctx)
				if err != nil {
					return err
				}
				t := newTable(f.IO, "ID", tr(lang, "里程碑", "MILESTONE"), tr(lang, "负责人", "OWNER"), tr(lang, "工期", "DAYS"),
					tr(lang, "开始", "START"), tr(lang, "完成", "FINISH"), tr(lang, "基线完成", "BASELINE"), tr(lang, "偏差", "SLIP"),
					tr(lang, "总浮动", "TF"), tr(lang, "自由浮动", "FF"), "RAG", tr(lang, "原因", "REASON"))
				t.truncate = 1
				for _, r := range withSprints.Rows {
					if crmflow.KindSprint.Is(r.ID) { // a sprint has dates, not floats or a rating
						t.add(r.ID, r.Name, "", strconv.Itoa(r.Duration), r.Start.String(), r.Finish.String(), "", "", "", "", "", "")
						continue
					}
					id := r.ID
					if r.Critical {
						id += "*"
					}
					t.add(id, r.Name, r.Owner, strconv.Itoa(r.Duration), r.Start.String(), r.Finish.String(), r.BaselineFinish.String(),
						fmt.Sprintf("%+d", r.Slip), strconv.Itoa(r.TotalFloat), strconv.Itoa(r.FreeFloat), r.RAG.Name(lang), r.Reason(lang))
				}
				if err := t.print(); err != nil {
					return err
				}
				base := s.Baseline
				if base == "" {
					base = tr(lang, "（无基线，按原计划）", "(no baseline: the original plan)")
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "关键路径：%s\n", "Critical path: %s\n"), strings.Join(s.CriticalPath, " → "))
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "预计完成 %s；基线 %s 完成 %s；缓冲 %d 个工作日，已用 %d（%.0f%%，关键链完成 %.0f%%，%s）；承诺日期 %s；总体 %s\n",
					"Forecast finish %s; baseline %s finishes %s; buffer %d working days, %d used (%.0f%%, chain %.0f%% done, %s); committed %s; overall %s\n"),
					s.Finish, base, s.ReferenceFinish, s.Buffer.Days, s.Buffer.UsedDays, s.Buffer.UsedPct, s.Buffer.ChainDonePct,
					s.Buffer.Zone.Name(lang), s.Buffer.Commit, s.RAG.Name(lang))
				warnEstimated(f, lang, s)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the schedule as JSON")
	return cmd
}

func newCmdCalendar(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calendar <command>",
		Short: "Show and adjust the working calendar (holidays, 调休, overrides)",
		Example: heredoc(`
			$ crmflow calendar show 2027-02
			$ crmflow calendar set 2027-02-20 workday --note "上线前赶工"
		`),
	}
	var asJSON bool
	show := &cobra.Command{
		Use:   "show <2027-02>",
		Short: "Show a month: working days, weekends, public holidays, 调休 and overrides",
		Long: heredoc(`
			Show every day of a month on the project's calendar. Public holidays and 调休
			make-up working days come from the State Council notices (via lunar-go); a year
			without published data is marked estimated (Monday to Friday). The project's own
			overrides win over both.
		`),
		Example: heredoc(`
			$ crmflow calendar show 2027-02
			$ crmflow calendar show 2027-10 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				m, err := a.CalendarMonth(ctx, args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO, m)
				}
				kind := map[milestones.DayKind]string{milestones.Workday: tr(lang, "工作日", "workday"), milestones.Weekend: tr(lang, "周末", "weekend"),
					milestones.PublicHol: tr(lang, "法定节假日", "public holiday"), milestones.MakeupDay: tr(lang, "调休上班", "make-up workday"),
					milestones.OverrideDay: tr(lang, "项目调整", "project override")}
				week := []string{tr(lang, "日", "Sun"), tr(lang, "一", "Mon"), tr(lang, "二", "Tue"), tr(lang, "三", "Wed"), tr(lang, "四", "Thu"), tr(lang, "五", "Fri"), tr(lang, "六", "Sat")}
				t := newTable(f.IO, tr(lang, "日期", "DATE"), tr(lang, "星期", "DAY"), tr(lang, "上班", "WORK"), tr(lang, "类型", "KIND"), tr(lang, "说明", "NOTE"))
				for _, d := range m.Days {
					work := tr(lang, "休", "off")
					if d.Workday {
						work = tr(lang, "班", "work")
					}
					note := d.Note
					if d.Name != "" && lang == crmflow.LangZH {
						note = strings.TrimSpace(d.Name + " " + note)
					}
					t.add(d.Date.String(), week[d.Date.Weekday()], work, kind[d.Kind], note)
				}
				if err := t.print(); err != nil {
					return err
				}
				src := tr(lang, "官方（国务院办公厅通知）", "official (State Council notice)")
				if !m.Official {
					src = tr(lang, "估算：尚无官方安排，仅按周末", "estimated: no official calendar yet, weekends only")
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "%d 年 %d 月：%d 个工作日；节假日数据：%s\n", "%d-%02d: %d working days; holiday data: %s\n"),
					m.Year, m.Month, m.Workdays, src)
				return nil
			})
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print the month as JSON")
	var note string
	var setJSON bool
	set := &cobra.Command{
		Use:   "set <date> <workday|holiday>",
		Short: "Make one day a working day or a holiday for this project",
		Long: heredoc(`
			Override one day of the calendar: a notice amended late, a weekend the team
			works through cutover, a client's own closure. The override wins over the
			public calendar and the schedule uses it at once. Setting a day again replaces
			the earlier override. workday: 上班, 工作日; holiday: 休息, off.
		`),
		Example: heredoc(`
			$ crmflow calendar set 2027-02-20 workday --note "上线前赶工"
			$ crmflow calendar set 2027-04-30 holiday --note "客户年会"
		`),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				o, err := a.SetCalendarDay(ctx, args[0], args[1], note)
				if err != nil {
					return err
				}
				if setJSON {
					return writeJSON(f.IO, o)
				}
				what := tr(lang, "休息日", "a holiday")
				if o.Workday {
					what = tr(lang, "工作日", "a working day")
				}
				fmt.Fprintf(f.IO.ErrOut, tr(lang, "%s 设为%s\n", "%s is now %s\n"), o.Date, what)
				return nil
			})
		},
	}
	set.Flags().StringVar(&note, "note", "", "why the day changes")
	set.Flags().BoolVar(&setJSON, "json", false, "print the override as JSON")
	cmd.AddCommand(show, set)
	return cmd
}

// addPlanCommands registers the "Plan and schedule:" group.
func addPlanCommands(root *cobra.Command, f *Factory) {
	root.AddGroup(&cobra.Group{ID: "plan", Title: "Plan and schedule:"})
	for _, c := range []*cobra.Command{newCmdPlan(f), newCmdMs(f), newCmdSchedule(f), newCmdCalendar(f), newCmdRisk(f)} {
		c.GroupID = "plan"
		root.AddCommand(c)
	}
}
