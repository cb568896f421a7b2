package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/requirements"
)

// maxFormFile bounds a requirement form read for --add-req.
const maxFormFile = 1 << 20

func newCmdCR(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cr <command>",
		Short: "Request, analyze, decide and apply changes to frozen requirements (变更管理)",
		Long: heredoc(`
			After the freeze, a requirement changes only through a change request:
			submitted → analyzed → approved | rejected | deferred → implemented → closed.
			Every step records who, when and why; only stakeholders who can approve may
			approve, reject or defer; applying an approved request takes the next baseline.
		`),
		Example: heredoc(`
			$ crmflow cr new "拜访记录增加拍照" --req REQ-004 --reason "客户要求留存门店照片" --by 张经理 \
			    --set description="销售代表在拜访记录中拍照上传，照片带时间和定位水印"
			$ crmflow cr analyze CR-001 --effort 3d --cost 6000 --risk medium
			$ crmflow cr approve CR-001 --by 王总 --comment "同意，纳入第二期"
			$ crmflow cr apply CR-001
			$ crmflow cr list --status approved
		`),
	}
	cmd.AddCommand(newCmdCRNew(f), newCmdCRAnalyze(f), newCmdCRDecide(f, change.Approved), newCmdCRDecide(f, change.Rejected),
		newCmdCRDecide(f, change.Deferred), newCmdCRApply(f), newCmdCRClose(f), newCmdCRList(f), newCmdCRShow(f))
	return cmd
}

func newCmdCRNew(f *Factory) *cobra.Command {
	var reason, by string
	var reqs, sets, adds, removes []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "new <title>",
		Short: "Submit a change request",
		Long: heredoc(`
			Submit a change request against the newest baseline. The change set is:
			  --req REQ-004 --set field=value   change fields of frozen requirements
			                                    (title, description, module, kind, value,
			                                    difficulty, urgency, moscow, criteria (";"
			                                    between criteria), owner, source,
			                                    stakeholder, tags, or a custom field)
			  --add-req FILE                    add a requirement written as a form (the
			                                    one "crmflow req edit --editor" opens)
			  --remove-req REQ-009              take a requirement out of scope
			The change is tried now, so a bad field or value is refused before anyone
			analyzes it; nothing changes until the request is approved and applied.
		`),
		Example: heredoc(`
			$ crmflow cr new "拜访记录增加拍照" --req REQ-004 --reason "客户要求留存门店照片" --by 张经理 \
			    --set description="销售代表在拜访记录中拍照上传" --set urgency=5
			$ crmflow cr new "取消微信集成" --remove-req REQ-009 --reason "客户改用企业微信自带功能"
			$ crmflow cr new "新增经销商门户" --add-req portal.txt --reason "二期范围"
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Changes
			ctx := cmd.Context()
			in := change.NewInput{Title: args[0], Reason: reason, By: by, Reqs: splitRefs(reqs), Set: sets, Remove: splitRefs(removes)}
			for _, path := range adds {
				r, err := readRequirementForm(ctx, ap, path)
				if err != nil {
					return err
				}
				in.Add = append(in.Add, r)
			}
			cr, err := svc.New(ctx, in)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, cr)
			}
			fmt.Fprintf(f.IO.ErrOut, tr(ap.Lang(ctx), "已提交 %s（针对基线 %s）\n下一步：crmflow cr analyze %s --effort 3d --cost 6000 --risk medium\n",
				"Submitted %s against baseline %s\nNext: crmflow cr analyze %s --effort 3d --cost 6000 --risk medium\n"), cr.ID, cr.Against, cr.ID)
			fmt.Fprintln(f.IO.Out, cr.ID)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&reason, "reason", "", "why the change is needed (required)")
	fl.StringVar(&by, "by", "", "who requests it (default: you)")
	fl.StringSliceVar(&reqs, "req", nil, "frozen requirements to change with --set")
	fl.StringArrayVar(&sets, "set", nil, "field=value to set on each --req (repeatable)")
	fl.StringArrayVar(&adds, "add-req", nil, "a requirement form file to add (repeatable)")
	fl.StringSliceVar(&removes, "remove-req", nil, "frozen requirements to take out of scope")
	fl.BoolVar(&asJSON, "json", false, "print the change request as JSON")
	return cmd
}

// readRequirementForm reads a requirement written in the editor form.
func readRequirementForm(ctx context.Context, ap *app.App, path string) (requirements.Requirement, error) {
	src, err := readBounded(path, "requirement forms", maxFormFile)
	if err != nil {
		return requirements.Requirement{}, err
	}
	r, err := ap.NewRequirementFromForm(ctx, src)
	if err != nil {
		return r, crmflow.Errorf(crmflow.EINVALID, "%s: %v", path, err)
	}
	return r, nil
}

func newCmdCRAnalyze(f *Factory) *cobra.Command {
	var in change.AnalyzeInput
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "analyze <CR-001>",
		Short: "Record the impact analysis of a change request",
		Long: heredoc(`
			Record the estimate (effort, schedule, cost, risk) and compute what the change
			reaches: the changed and removed requirements, their children (transitively)
			and linked requirements, and the process steps that refer to them. Tests are
			listed once that capability holds any. --milestone names the milestone the
			change delays: the impact lists it and every milestone after it, and applying
			the request moves them by the schedule impact.

			Effort and schedule take days: 3d, 1.5, 4h (8 h a day), 2w (5 days a week).
			--schedule defaults to the effort (work that cannot run alongside the plan).
			A request can be analyzed again until it is decided.
		`),
		Example: heredoc(`
			$ crmflow cr analyze CR-001 --effort 3d --cost 6000 --risk medium
			$ crmflow cr analyze CR-001 --effort 5d --schedule 2d --cost 1.2万 --risk high --comment "需改移动端"
			$ crmflow cr analyze CR-001 --effort 3d --risk medium --milestone MS-06
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Changes
			cr, err := svc.Analyze(cmd.Context(), args[0], in)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, cr)
			}
			printImpact(f, cr, ap.Lang(cmd.Context()))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&in.Effort, "effort", "", "effort in days (3d, 4h, 1w)")
	fl.StringVar(&in.Schedule, "schedule", "", "schedule impact in days (default: the effort)")
	fl.StringVar(&in.Cost, "cost", "0", "cost (6000, 1.2万)")
	fl.StringVar(&in.Risk, "risk", "", "low, medium or high")
	fl.StringVar(&in.Comment, "comment", "", "the assessor's remarks")
	fl.StringVar(&in.Milestone, "milestone", "", "the milestone the change delays (MS-05): applying it moves it and those after it")
	fl.BoolVar(&asJSON, "json", false, "print the change request as JSON")
	_ = cmd.MarkFlagRequired("effort")
	_ = cmd.MarkFlagRequired("risk")
	return cmd
}

func printImpact(f *Factory, cr change.Request, l crmflow.Lang) {
	w := f.IO.Out
	imp := cr.Impact
	fmt.Fprintf(w, "%s %s — %s\n", cr.ID, cr.Title, crStateText(cr.State, l))
	fmt.Fprintf(w, tr(l, "工作量 %s 天 · 工期 %s 天 · 费用 %s · 风险 %s\n", "Effort %s d · schedule %s d · cost %s · risk %s\n"), change.FormatDays(imp.EffortDays),
		change.FormatDays(imp.ScheduleDays), change.FormatDays(imp.Cost), riskText(imp.Risk, l))
	fmt.Fprintf(w, tr(l, "受影响的需求（%d）：\n", "Affected requirements (%d):\n"), len(imp.Affected))
	for _, a := range imp.Affected {
		fmt.Fprintf(w, tr(l, "  %s  %s  （%s）\n", "  %s  %s  (%s)\n"), a.ID, a.Title, affectedWhy(a.Why, l))
	}
	if len(imp.Steps) > 0 {
		fmt.Fprintf(w, tr(l, "流程步骤（%d）：\n", "Process steps (%d):\n"), len(imp.Steps))
		for _, s := range imp.Steps {
			fmt.Fprintf(w, tr(l, "  %s#%s  %s  （引用 %s）\n", "  %s#%s  %s  (refers to %s)\n"), s.Map, s.Step, s.Label, s.Req)
		}
	}
	fmt.Fprintln(w, strings.TrimSpace(fmt.Sprintf(tr(l, "测试：%d · 里程碑：%d %s", "Tests: %d · milestones: %d %s"), len(imp.Tests), len(imp.Milestones), strings.Join(imp.Milestones, " "))))
}

// crStateText names a change request's state: the key in English, the
// Chinese name in a Chinese project.
func crStateText(s change.State, l crmflow.Lang) string {
	if l == crmflow.LangZH {
		return crStateZH(string(s))
	}
	return string(s)
}

// riskText names a risk level in the project's language.
func riskText(r change.Risk, l crmflow.Lang) string {
	if l != crmflow.LangZH {
		return string(r)
	}
	if s, ok := map[change.Risk]string{change.RiskLow: "低", change.RiskMedium: "中", change.RiskHigh: "高"}[r]; ok {
		return s
	}
	return string(r)
}

// affectedWhy says why a requirement is affected (change.Affected.Why) in
// the project's language.
func affectedWhy(why string, l crmflow.Lang) string {
	if l != crmflow.LangZH {
		return why
	}
	kind, id, _ := strings.Cut(why, " ")
	switch {
	case why == "changed":
		return "修改"
	case why == "removed":
		return "删除"
	case strings.HasPrefix(why, "child of "):
		return strings.TrimPrefix(why, "child of ") + " 的子需求"
	case kind == "relates-to":
		return "与 " + id + " 相关"
	case id != "":
		return "链接到 " + id + "（" + kind + "）"
	}
	return why
}

func newCmdCRDecide(f *Factory, to change.State) *cobra.Command {
	verb := map[change.State]string{change.Approved: "approve", change.Rejected: "reject", change.Deferred: "defer"}[to]
	var by, comment string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   verb + " <CR-001>",
		Short: strings.ToUpper(verb[:1]) + verb[1:] + " an analyzed change request (stakeholders who can approve)",
		Long: heredoc(`
			Record the decision on an analyzed change request. --by names the stakeholder
			who decides; they must hold the approve capability
			(crmflow stakeholder add NAME --can approve).
		`),
		Example: fmt.Sprintf("$ crmflow cr %s CR-001 --by 王总 --comment \"...\"", verb),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Changes
			cr, err := svc.Decide(cmd.Context(), args[0], to, by, comment)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, cr)
			}
			l := ap.Lang(cmd.Context())
			fmt.Fprintf(f.IO.ErrOut, tr(l, "%[1]s 已由 %[3]s 决定：%[2]s\n", "%[1]s %[2]s by %[3]s\n"), cr.ID, crStateText(cr.State, l), by)
			if cr.State == change.Approved {
				fmt.Fprintf(f.IO.ErrOut, tr(l, "下一步：crmflow cr apply %s\n", "Next: crmflow cr apply %s\n"), cr.ID)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "the stakeholder who decides (required)")
	cmd.Flags().StringVar(&comment, "comment", "", "the decision's reasoning")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the change request as JSON")
	return cmd
}

// crApplyOptions are what `crmflow cr apply` was asked.
type crApplyOptions struct {
	IO      *IOStreams
	App     func() (crApplier, error)
	Ref     string
	Comment string
	AsJSON  bool
}

// crApplier is the part of the application cr apply uses.
type crApplier interface {
	ApplyChange(ctx context.Context, ref, comment string) (change.Request, baseline.Baseline, error)
}

func newCmdCRApply(f *Factory) *cobra.Command {
	opts := &crApplyOptions{IO: f.IO, App: func() (crApplier, error) { return f.App() }}
	cmd := &cobra.Command{
		Use:   "apply <CR-001>",
		Short: "Apply an approved change request and take the next baseline",
		Long: heredoc(`
			Apply exactly the approved change set in one transaction: change the named
			fields, add and remove requirements, take the next baseline (v1.0 → v1.1),
			mark the trace links from the changed requirements suspect (dependent
			requirements, process steps) and record the schedule impact for the plan.
			A changed requirement that was implemented or verified goes back to frozen.
		`),
		Example: "$ crmflow cr apply CR-001\n$ crmflow trace suspect",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return runCRApply(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Comment, "comment", "", "remarks on the application")
	cmd.Flags().BoolVar(&opts.AsJSON, "json", false, "print the change request and the new baseline as JSON")
	return cmd
}

func runCRApply(ctx context.Context, opts *crApplyOptions) error {
	a, err := opts.App()
	if err != nil {
		return err
	}
	cr, b, err := a.ApplyChange(ctx, opts.Ref, opts.Comment)
	if err != nil {
		return err
	}
	if opts.AsJSON {
		return writeJSON(opts.IO, map[string]any{"change_request": cr, "baseline": b})
	}
	if l := langOf(ctx, a); l == crmflow.LangZH {
		fmt.Fprintf(opts.IO.ErrOut, "已实施 %s → 基线 %s（%d 条需求）\nSHA-256 %s\n", cr.ID, b.Name, b.Count, b.Hash)
		if cr.Impact != nil && cr.Impact.ScheduleDays > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "已记录对进度的影响：%s 个工作日\n", change.FormatDays(cr.Impact.ScheduleDays))
		}
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "Applied %s → baseline %s (%s)\nSHA-256 %s\n", cr.ID, b.Name, crmflow.Count(b.Count, "requirement"), b.Hash)
		if cr.Impact != nil && cr.Impact.ScheduleDays > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "Schedule impact recorded: %s working days\n", change.FormatDays(cr.Impact.ScheduleDays))
		}
	}
	fmt.Fprintln(opts.IO.Out, b.Name)
	return nil
}

func newCmdCRClose(f *Factory) *cobra.Command {
	var comment string
	cmd := &cobra.Command{
		Use:     "close <CR-001>",
		Short:   "Close an implemented change request",
		Example: "$ crmflow cr close CR-001 --comment \"已上线验证\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Changes
			cr, err := svc.Close(cmd.Context(), args[0], comment)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, tr(ap.Lang(cmd.Context()), "%s 已关闭\n", "%s closed\n"), cr.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&comment, "comment", "", "remarks")
	return cmd
}

func newCmdCRList(f *Factory) *cobra.Command {
	var state string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List change requests",
		Example: "$ crmflow cr list\n$ crmflow cr list --status approved --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var st change.State
			if state != "" {
				var err error
				if st, err = change.ParseState(state); err != nil {
					return err
				}
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Changes
			all, err := svc.List(cmd.Context(), st)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONArray(f.IO, len(all), func(i int) change.Request { return all[i] })
			}
			t := newTable(f.IO, "ID", "STATE", "TITLE", "REQS", "EFFORT", "COST", "RISK", "BY", "BASELINE")
			t.truncate = 2
			for _, r := range all {
				effort, cost, risk := "-", "-", "-"
				if r.Impact != nil {
					effort, cost, risk = change.FormatDays(r.Impact.EffortDays)+"d", change.FormatDays(r.Impact.Cost), string(r.Impact.Risk)
				}
				t.add(r.ID, string(r.State), r.Title, strings.Join(crTargets(r), ","), effort, cost, risk, r.RequestedBy, dash(r.Baseline))
			}
			return t.print()
		},
	}
	cmd.Flags().StringVar(&state, "status", "", "only requests in this state")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// crTargets lists what a request touches: changed, removed (−) and the number added (+N).
func crTargets(r change.Request) []string {
	out := append([]string{}, r.Proposal.Reqs...)
	for _, id := range r.Proposal.Remove {
		out = append(out, "-"+id)
	}
	if n := len(r.Proposal.Add); n > 0 {
		out = append(out, fmt.Sprintf("+%d new", n))
	}
	return out
}

func newCmdCRShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show <CR-001>",
		Short:   "Show a change request: proposal, impact and every decision",
		Example: "$ crmflow cr show CR-001\n$ crmflow cr show CR-001 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Changes
			cr, err := svc.Resolve(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, cr)
			}
			w := f.IO.Out
			l := ap.Lang(cmd.Context())
			fmt.Fprintf(w, tr(l, "%s  %s\n状态：%s · 提出人 %s · 针对 %s", "%s  %s\nState: %s · requested by %s · against %s"), cr.ID, cr.Title, crStateText(cr.State, l), cr.RequestedBy, cr.Against)
			if cr.Baseline != "" {
				fmt.Fprintf(w, tr(l, " · 实施于 %s", " · applied in %s"), cr.Baseline)
			}
			fmt.Fprintf(w, tr(l, "\n原因：%s\n", "\nReason: %s\n"), oneLine(cr.Reason))
			if len(cr.Proposal.Reqs) > 0 {
				fmt.Fprintf(w, tr(l, "修改 %s：\n", "Change %s:\n"), strings.Join(cr.Proposal.Reqs, ", "))
				for _, s := range cr.Proposal.Set {
					fmt.Fprintf(w, tr(l, "  设置 %s\n", "  set %s\n"), oneLine(s))
				}
			}
			for _, a := range cr.Proposal.Add {
				fmt.Fprintf(w, tr(l, "新增：%s\n", "Add: %s\n"), a.Title)
			}
			for _, id := range cr.Proposal.Remove {
				fmt.Fprintf(w, tr(l, "删除：%s\n", "Remove: %s\n"), id)
			}
			if cr.Impact != nil {
				fmt.Fprintln(w)
				printImpact(f, cr, l)
			}
			fmt.Fprintln(w, tr(l, "\n历史：", "\nHistory:"))
			for _, e := range cr.Events {
				who := e.Actor
				if e.By != "" && e.By != e.Actor {
					who = e.By + tr(l, "（由 "+e.Actor+" 记录）", " (recorded by "+e.Actor+")")
				}
				from := "·"
				if e.From != "" {
					from = crStateText(e.From, l)
				}
				fmt.Fprintf(w, "  %s  %s → %s  %s  %s\n", e.At.Format("2006-01-02 15:04"), from, crStateText(e.To, l), who, oneLine(e.Comment))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdTrace(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trace <command>",
		Short: "Review the trace links a change made suspect",
		Example: heredoc(`
			$ crmflow trace suspect
			$ crmflow trace clear REQ-004 REQ-012
			$ crmflow trace clear REQ-004 PM-002#s3
		`),
	}
	var asJSON bool
	suspect := &cobra.Command{
		Use:   "suspect",
		Short: "List suspect trace links: items that may no longer fit a changed requirement",
		Long: heredoc(`
			Applying a change request marks what traces to each changed requirement
			suspect: requirements that depend on it (children, derived and related ones),
			process steps that refer to it, and tests once there are any. Review each
			item, update it if needed, then clear the mark with "crmflow trace clear".
		`),
		Example: "$ crmflow trace suspect\n$ crmflow trace suspect --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.Suspects(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONArray(f.IO, len(all), func(i int) change.Suspect { return all[i] })
			}
			t := newTable(f.IO, "REQ", "ITEM", "KIND", "CR", "SINCE")
			for _, s := range all {
				t.add(s.Req, s.Item, s.Kind, s.CR, s.Since.Format("2006-01-02"))
			}
			return t.print()
		},
	}
	suspect.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	clear := &cobra.Command{
		Use:     "clear <REQ-004> <item>",
		Short:   "Clear a suspect mark once the item was reviewed",
		Example: "$ crmflow trace clear REQ-004 REQ-012\n$ crmflow trace clear REQ-004 PM-002#s3",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			a, b := normalizeTraceRef(args[0]), normalizeTraceRef(args[1])
			if err := ap.ClearSuspect(cmd.Context(), a, b); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Cleared the suspect mark between %s and %s\n", a, b)
			return nil
		},
	}
	cmd.AddCommand(suspect, clear, newCmdTraceMatrix(f))
	return cmd
}

// normalizeTraceRef writes requirement references as REQ-nnn; other items stay as given.
func normalizeTraceRef(s string) string {
	if id, ok := crmflow.KindRequirement.Normalize(s); ok {
		return id
	}
	return strings.TrimSpace(s)
}
