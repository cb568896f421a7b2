package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/feedback"
)

func newCmdFeedback(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "feedback <command>",
		Short:   "Register users' feedback after go-live (上线后反馈) and triage it",
		GroupID: "acceptance",
		Long: heredoc(`
			After go-live, users report what hurts. Each item records the text, who
			reported it (a person or a team), the module and a severity: critical
			(严重), major (重要), minor (一般, the default) or suggestion (建议).
			Triage turns a new item into a draft requirement whose source is the
			item, or rejects it with a reason; an item is triaged once.
		`),
		Example: heredoc(`
			$ crmflow feedback add "拜访记录拍照上传太慢" --from 销售一部 --module 拜访跟进 --severity major
			$ crmflow feedback list --status new
			$ crmflow feedback show FB-003
			$ crmflow feedback triage FB-003 --to-req --title "拜访照片压缩后上传"
			$ crmflow feedback triage FB-004 --reject --reason "已有批量导入功能"
		`),
	}
	cmd.AddCommand(newCmdFeedbackAdd(f), newCmdFeedbackList(f), newCmdFeedbackShow(f), newCmdFeedbackTriage(f))
	return cmd
}

type feedbackAddOptions struct {
	Text, From, Module, Severity string
	JSON                         bool
}

func newCmdFeedbackAdd(f *Factory) *cobra.Command {
	var o feedbackAddOptions
	c := &cobra.Command{
		Use:   "add <text>",
		Short: "Record a piece of feedback",
		Example: heredoc(`
			$ crmflow feedback add "拜访记录拍照上传太慢" --from 销售一部 --module 拜访跟进
			$ crmflow feedback add "Quote PDF lacks the customer's VAT number" --from "EMEA sales" --module quotes --severity major
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Text = args[0]
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			sev, err := feedback.ParseSeverityIn(o.Severity, a.Lang(ctx))
			if err != nil {
				return err
			}
			it, err := a.Feedback.Add(ctx, feedback.Item{Text: o.Text, Source: o.From, Module: o.Module, Severity: sev})
			if err != nil {
				return err
			}
			if o.JSON {
				v, err := a.FeedbackView(ctx, it.ID)
				if err != nil {
					return err
				}
				return writeJSON(f.IO, v)
			}
			lang := a.Lang(ctx)
			fmt.Fprintf(f.IO.Out, "%s\n", it.ID)
			fmt.Fprintln(f.IO.ErrOut, tr(lang, "已登记反馈 "+it.ID+"（"+it.Severity.Name(lang)+"）", "Recorded feedback "+it.ID+" ("+it.Severity.Name(lang)+")"))
			return nil
		},
	}
	c.Flags().StringVar(&o.From, "from", "", "who reported it: a person or a team")
	c.Flags().StringVar(&o.Module, "module", "", "the module it is about (name or key)")
	c.Flags().StringVar(&o.Severity, "severity", "", "critical|major|minor|suggestion (严重|重要|一般|建议); default minor")
	c.Flags().BoolVar(&o.JSON, "json", false, "print the item as JSON")
	return c
}

func newCmdFeedbackList(f *Factory) *cobra.Command {
	var status string
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List feedback, oldest first",
		Example: heredoc(`
			$ crmflow feedback list
			$ crmflow feedback list --status new --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var st feedback.Status
			if status != "" {
				s, err := feedback.ParseStatus(status)
				if err != nil {
					return err
				}
				st = s
			}
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			vs, err := a.FeedbackViews(ctx, st)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONArray(f.IO, len(vs), func(i int) app.FeedbackView { return vs[i] })
			}
			lang := a.Lang(ctx)
			if len(vs) == 0 && f.IO.OutTTY {
				fmt.Fprintln(f.IO.ErrOut, tr(lang, "没有符合条件的反馈。", "No feedback matches."))
				return nil
			}
			h := []string{"ID", "SEVERITY", "STATUS", "FROM", "MODULE", "TEXT", "OUTCOME"}
			if lang == crmflow.LangZH {
				h = []string{"编号", "严重程度", "状态", "来源", "模块", "内容", "处理结果"}
			}
			t := newTable(f.IO, h...)
			t.truncate = 5
			for _, v := range vs {
				t.add(v.ID, v.SeverityName, v.StatusName, v.Source, v.ModuleName, v.Text, outcome(v.Item))
			}
			return t.print()
		},
	}
	c.Flags().StringVar(&status, "status", "", "only items in this status: new|triaged|rejected (待分诊|已转需求|已拒绝)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// outcome is what triage decided: the requirement, or the reason.
func outcome(it feedback.Item) string {
	if it.Status == feedback.Triaged {
		return it.Requirement
	}
	return it.Reason
}

func newCmdFeedbackShow(f *Factory) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "show <FB-001>",
		Short:   "Show one piece of feedback and what triage decided",
		Example: "$ crmflow feedback show FB-003 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			v, err := a.FeedbackView(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, v)
			}
			printFeedback(ctx, f, a, v)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func printFeedback(ctx context.Context, f *Factory, a *app.App, v app.FeedbackView) {
	lang := a.Lang(ctx)
	w := f.IO.Out
	fmt.Fprintf(w, "%s  %s\n", v.ID, v.Text)
	row := func(zh, en, val string) {
		if val != "" {
			fmt.Fprintf(w, "  %s %s\n", feedbackLabel(tr(lang, zh, en)), val)
		}
	}
	row("来源：", "From:", v.Source)
	if v.Module != "" {
		row("模块：", "Module:", v.ModuleName)
	}
	row("严重程度：", "Severity:", v.SeverityName)
	row("状态：", "Status:", v.StatusName)
	row("登记：", "Recorded:", v.CreatedAt.Format("2006-01-02")+" "+v.CreatedBy)
	if v.Status != feedback.New {
		row("处理：", "Decided:", v.DecidedAt.Format("2006-01-02")+" "+v.DecidedBy)
	}
	if v.Requirement != "" {
		title := ""
		if r, err := a.Requirement(ctx, v.Requirement); err == nil {
			title = "  " + r.Title + " (" + string(r.Status) + ")"
		}
		row("需求：", "Requirement:", v.Requirement+title)
	}
	row("拒绝理由：", "Reason:", v.Reason)
}

type feedbackTriageOptions struct {
	ToReq, Reject         bool
	Title, Module, Reason string
	Release               string
	JSON                  bool
}

func newCmdFeedbackTriage(f *Factory) *cobra.Command {
	var o feedbackTriageOptions
	c := &cobra.Command{
		Use:   "triage <FB-001> (--to-req [--title T] [--module M] [--release V] | --reject --reason R)",
		Short: "Turn feedback into a draft requirement, or reject it with a reason",
		Long: heredoc(`
			--to-req adds a draft requirement whose source is the feedback (shown
			wherever a requirement's source is), titled from the feedback's first
			line unless --title is given, in the feedback's module unless --module
			is given, planned for --release when given; the feedback records the
			requirement. --reject closes the
			feedback; --reason is required. Only new feedback can be triaged.
		`),
		Example: heredoc(`
			$ crmflow feedback triage FB-003 --to-req
			$ crmflow feedback triage FB-003 --to-req --title "拜访照片压缩后上传" --module 拜访跟进
			$ crmflow feedback triage FB-005 --to-req --release v1.1
			$ crmflow feedback triage FB-004 --reject --reason "已有批量导入功能"
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFeedbackTriage(cmd.Context(), f, args[0], o)
		},
	}
	c.Flags().BoolVar(&o.ToReq, "to-req", false, "turn the feedback into a draft requirement")
	c.Flags().BoolVar(&o.Reject, "reject", false, "reject the feedback (needs --reason)")
	c.Flags().StringVar(&o.Title, "title", "", "the requirement's title (default: the feedback's first line)")
	c.Flags().StringVar(&o.Module, "module", "", "the requirement's module (default: the feedback's)")
	c.Flags().StringVar(&o.Release, "release", "", "plan the new requirement for this release (v1.1)")
	c.Flags().StringVar(&o.Reason, "reason", "", "why the feedback is rejected")
	c.Flags().BoolVar(&o.JSON, "json", false, "print the item as JSON")
	c.MarkFlagsMutuallyExclusive("to-req", "reject")
	c.MarkFlagsOneRequired("to-req", "reject")
	return c
}

func runFeedbackTriage(ctx context.Context, f *Factory, ref string, o feedbackTriageOptions) error {
	if o.Reject && (o.Title != "" || o.Module != "" || o.Release != "") {
		return crmflow.Errorf(crmflow.EINVALID, "--title, --module and --release go with --to-req, not --reject")
	}
	if o.ToReq && o.Reason != "" {
		return crmflow.Errorf(crmflow.EINVALID, "--reason goes with --reject, not --to-req")
	}
	a, err := f.App()
	if err != nil {
		return err
	}
	var it feedback.Item
	if o.ToReq {
		it, err = a.TriageFeedbackInto(ctx, ref, o.Title, o.Module, o.Release)
	} else {
		it, err = a.Feedback.Reject(ctx, ref, o.Reason)
	}
	if err != nil {
		return err
	}
	if o.JSON {
		v, err := a.FeedbackView(ctx, it.ID)
		if err != nil {
			return err
		}
		return writeJSON(f.IO, v)
	}
	lang := a.Lang(ctx)
	if it.Status == feedback.Triaged {
		fmt.Fprintln(f.IO.Out, it.Requirement)
		fmt.Fprintln(f.IO.ErrOut, tr(lang, it.ID+" 已转为草稿需求 "+it.Requirement, it.ID+" became draft requirement "+it.Requirement))
		if o.Release != "" {
			fmt.Fprintln(f.IO.ErrOut, tr(lang, it.Requirement+" 计划在 "+o.Release+" 发布", it.Requirement+" is planned for "+o.Release))
		}
		return nil
	}
	fmt.Fprintln(f.IO.ErrOut, tr(lang, it.ID+" 已拒绝："+it.Reason, it.ID+" rejected: "+it.Reason))
	return nil
}

// feedbackLabel pads a label to 12 display cells, so values line up in
// either language.
func feedbackLabel(s string) string {
	return s + strings.Repeat(" ", max(0, 12-runewidth.StringWidth(s)))
}
