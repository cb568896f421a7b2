package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
)

func newCmdReq(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "req <command>",
		Aliases: []string{"requirement", "requirements"},
		Short:   "Manage the requirement register",
		Long: heredoc(`
			The requirement register: add, list, show, edit, prioritise and trace requirements.

			Scores: value, difficulty and urgency are integers 1–5. The score is
			round(100 × (0.5·value + 0.3·urgency + 0.2·(6 − difficulty)) / 5) with the
			project's weights (crmflow project set scoring.weights ...). The quadrant comes
			from value and difficulty (quick-win, major-project, fill-in, money-pit); the
			MoSCoW class is set with --moscow or suggested from the score.

			Lifecycle: draft → confirmed → frozen → implemented → verified; rejected and
			deferred are reachable from draft and confirmed, and reopen to draft.
		`),
		Example: heredoc(`
			$ crmflow req add "拜访记录移动端实时录入" --module 拜访跟进 --value 5 --difficulty 2 --urgency 4 \
			    --criteria "销售在手机上提交拜访记录后 5 秒内主管可见" --owner 李分析
			$ crmflow req list --module 拜访跟进 --sort score
			$ crmflow req show REQ-001
		`),
	}
	cmd.AddCommand(newCmdReqAdd(f), newCmdReqList(f), newCmdReqShow(f), newCmdReqEdit(f), newCmdReqStatus(f),
		newCmdReqRm(f), newCmdReqLink(f), newCmdReqLint(f), newCmdReqHistory(f))
	return cmd
}

// parseFieldFlags turns --field NAME=VALUE flags into a map.
func parseFieldFlags(vals []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vals {
		name, value, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, crmflow.Errorf(crmflow.EINVALID, "--field %q is not NAME=VALUE", v).WithTry("--field 预计工时=3")
		}
		out[strings.TrimSpace(name)] = value
	}
	return out, nil
}

func scoreFlag(name, s string) (int, error) { return requirements.ParseScore(name, s) }

func newCmdReqAdd(f *Factory) *cobra.Command {
	opts := &reqAddOptions{IO: f.IO, App: func() (reqAdder, error) { return f.App() }}
	cmd := &cobra.Command{
		Use:   "add <title>",
		Short: "Add a requirement",
		Long: heredoc(`
			Add a requirement as a draft (or --status confirmed). --module takes a module's
			Chinese or English name or its key (crmflow project module list). Scores default
			to 3 when not given. The new ID goes to stdout.
		`),
		Example: heredoc(`
			$ crmflow req add "拜访记录移动端实时录入" --module 拜访跟进 --kind functional \
			    --value 5 --difficulty 2 --urgency 4 --criteria "销售在手机上提交拜访记录后 5 秒内主管可见" \
			    --desc "销售拜访后在手机上录入，主管实时可见" --owner 李分析
			$ crmflow req add "客户查重" --module customer --value 4 --difficulty 3 --urgency 3 --field 预计工时=5
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Title = args[0]
			return runReqAdd(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Module, "module", "", "module: name or key (required)")
	fl.StringVar(&opts.Kind, "kind", "functional", "functional, data, report, permission or non-functional")
	fl.StringVar(&opts.Value, "value", "3", "business value 1–5")
	fl.StringVar(&opts.Difficulty, "difficulty", "3", "implementation difficulty 1–5")
	fl.StringVar(&opts.Urgency, "urgency", "3", "urgency 1–5")
	fl.StringArrayVar(&opts.Criteria, "criteria", nil, "an acceptance criterion (repeat for more)")
	fl.StringVar(&opts.Desc, "desc", "", "description: the business scenario")
	fl.StringVar(&opts.Owner, "owner", "", "who owns the requirement")
	fl.StringVar(&opts.Source, "source", "", "where it came from (interview, finding, process step)")
	fl.StringVar(&opts.Stakeholder, "stakeholder", "", "the client stakeholder who asked for it")
	fl.StringArrayVar(&opts.Tags, "tag", nil, "a tag (repeat, or comma-separate)")
	fl.StringVar(&opts.MoSCoW, "moscow", "", "must, should, could or wont (default: suggested from the score)")
	fl.StringVar(&opts.Status, "status", "draft", "draft or confirmed")
	fl.StringArrayVar(&opts.Fields, "field", nil, "custom field NAME=VALUE (repeat)")
	fl.BoolVar(&opts.AsJSON, "json", false, "print the new requirement as JSON")
	registerReqCompletions(f, cmd)
	return cmd
}

// reqAddOptions are what `crmflow req add` was asked.
type reqAddOptions struct {
	IO                                               *IOStreams
	App                                              func() (reqAdder, error)
	Title, Module, Kind, Value, Difficulty, Urgency  string
	Desc, Owner, Source, Stakeholder, MoSCoW, Status string
	Criteria, Tags, Fields                           []string
	AsJSON                                           bool
}

// reqAdder is the part of the application req add uses.
type reqAdder interface {
	AddRequirement(ctx context.Context, in requirements.Input) (requirements.View, error)
}

func runReqAdd(ctx context.Context, opts *reqAddOptions) error {
	in := requirements.Input{ModuleName: opts.Module}
	in.Title, in.Description, in.Owner, in.Source, in.Stakeholder = opts.Title, opts.Desc, opts.Owner, opts.Source, opts.Stakeholder
	in.Criteria, in.Tags = opts.Criteria, splitAll(opts.Tags)
	var err error
	if in.Value, err = scoreFlag("value", opts.Value); err != nil {
		return err
	}
	if in.Difficulty, err = scoreFlag("difficulty", opts.Difficulty); err != nil {
		return err
	}
	if in.Urgency, err = scoreFlag("urgency", opts.Urgency); err != nil {
		return err
	}
	if in.Kind, err = requirements.ParseKind(opts.Kind); err != nil {
		return err
	}
	if in.MoSCoW, err = requirements.ParseMoSCoW(opts.MoSCoW); err != nil {
		return err
	}
	if in.Status, err = requirements.ParseStatus(opts.Status); err != nil {
		return err
	}
	if in.FieldText, err = parseFieldFlags(opts.Fields); err != nil {
		return err
	}
	if strings.TrimSpace(opts.Module) == "" {
		return crmflow.Errorf(crmflow.EINVALID, "--module is required").With("required", "--module").WithTry("crmflow project module list")
	}
	a, err := opts.App()
	if err != nil {
		return err
	}
	v, err := a.AddRequirement(ctx, in)
	if err != nil {
		return err
	}
	if opts.AsJSON {
		return writeJSON(opts.IO, v)
	}
	fmt.Fprintln(opts.IO.Out, v.ID)
	if l := langOf(ctx, a); l == crmflow.LangZH {
		fmt.Fprintf(opts.IO.ErrOut, "已添加 %s %s（得分 %d，%s，%s）\n", v.ID, v.Title, v.Score, v.Quadrant.Name(l), moscowTextZH(v))
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "Added %s %s (score %d, %s, %s)\n", v.ID, v.Title, v.Score, v.Quadrant, moscowText(v))
	}
	return nil
}

func splitAll(vals []string) []string {
	var out []string
	for _, v := range vals {
		out = append(out, splitList(v)...)
	}
	return out
}

// moscowTextZH is moscowText in Chinese.
func moscowTextZH(v requirements.View) string {
	if v.MoSCoWSuggested {
		return v.MoSCoW.Name(crmflow.LangZH) + "（建议）"
	}
	return v.MoSCoW.Name(crmflow.LangZH)
}

func moscowText(v requirements.View) string {
	if v.MoSCoWSuggested {
		return string(v.MoSCoW) + " (suggested)"
	}
	return string(v.MoSCoW)
}

func registerReqCompletions(f *Factory, cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"functional", "data", "report", "permission", "non-functional"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("moscow", cobra.FixedCompletions([]string{"must", "should", "could", "wont"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("module", func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		ap, err := f.App()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		svc := ap.Requirements
		cat, err := svc.Catalog(c.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, m := range cat.Modules() {
			out = append(out, m.Zh+"\t"+m.En, m.Key+"\t"+m.Zh)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// completeReqIDs completes requirement IDs with their titles.
func completeReqIDs(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ap, err := f.App()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		all, err := ap.AllRequirements(c.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(all))
		for _, r := range all {
			out = append(out, r.ID+"\t"+r.Title)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func newCmdReqList(f *Factory) *cobra.Command {
	opts := &reqListOptions{IO: f.IO, App: func() (reqLister, error) { return f.App() }}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List requirements",
		Long: heredoc(`
			List requirements: a table on a terminal, tab-separated values (no header) when
			piped, JSON with --json. Filters combine; repeat a filter flag for "any of".
			--field NAME adds a custom field column; --field NAME=VALUE also filters on it.
			The plan's fields work the same way: --field release, --field sprint,
			--field estimate (release= with no value: in no release); --sort release.
			Columns: ID, MODULE, TITLE, STATUS, SCORE, MOSCOW (a trailing * marks a
			suggestion), QUADRANT, OWNER, then any --field columns.
		`),
		Example: heredoc(`
			$ crmflow req list --module 拜访跟进 --sort score
			$ crmflow req list --status confirmed --moscow must
			$ crmflow req list --field 预计工时 --field 交付批次=一期
			$ crmflow req list --field release=v1.0 --field estimate --sort release
			$ crmflow req list --json | jq '.[0].score'
			$ crmflow req list | cut -f1,3
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runReqList(cmd.Context(), opts) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Modules, "module", nil, "only this module (name or key; repeat for several)")
	fl.StringArrayVar(&opts.Statuses, "status", nil, "only this status (repeat for several)")
	fl.StringArrayVar(&opts.Kinds, "kind", nil, "only this kind (repeat for several)")
	fl.StringArrayVar(&opts.MoSCoW, "moscow", nil, "only this MoSCoW class, explicit or suggested")
	fl.StringVar(&opts.Owner, "owner", "", "only requirements this person owns")
	fl.StringVar(&opts.Tag, "tag", "", "only requirements with this tag")
	fl.StringVarP(&opts.Search, "search", "q", "", "only requirements whose title or description contains this text")
	fl.StringArrayVar(&opts.Fields, "field", nil, "show custom field NAME; NAME=VALUE also filters")
	fl.StringVar(&opts.Sort, "sort", "id", "order: "+strings.Join(app.RequirementSortKeys, ", "))
	fl.BoolVar(&opts.AsJSON, "json", false, "print JSON (an array of requirements)")
	registerReqCompletions(f, cmd)
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions(app.RequirementSortKeys, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(statusKeys(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// reqListOptions are what `crmflow req list` was asked.
type reqListOptions struct {
	IO                               *IOStreams
	App                              func() (reqLister, error)
	Modules, Statuses, Kinds, MoSCoW []string
	Fields                           []string // NAME or NAME=VALUE
	Owner, Tag, Search, Sort         string
	AsJSON                           bool
}

// reqLister is the part of the application req list uses.
type reqLister interface {
	ListRequirements(ctx context.Context, filter requirements.Filter, sortBy string, columns []string, views bool) (*app.RequirementList, error)
}

func runReqList(ctx context.Context, opts *reqListOptions) error {
	filter := requirements.Filter{Modules: splitAll(opts.Modules), Owner: opts.Owner, Tag: opts.Tag, Query: opts.Search, Fields: map[string]string{}}
	for _, s := range splitAll(opts.Statuses) {
		st, err := requirements.ParseStatus(s)
		if err != nil {
			return err
		}
		filter.Statuses = append(filter.Statuses, st)
	}
	for _, s := range splitAll(opts.Kinds) {
		k, err := requirements.ParseKind(s)
		if err != nil {
			return err
		}
		filter.Kinds = append(filter.Kinds, k)
	}
	for _, s := range splitAll(opts.MoSCoW) {
		m, err := requirements.ParseMoSCoW(s)
		if err != nil || m == "" {
			return crmflow.Errorf(crmflow.EINVALID, "--moscow %q is not one of must, should, could, wont", s)
		}
		filter.MoSCoW = append(filter.MoSCoW, m)
	}
	var columns []string
	for _, fl := range opts.Fields {
		name, value, hasValue := strings.Cut(fl, "=")
		name = strings.TrimSpace(name)
		columns = append(columns, name)
		if hasValue {
			filter.Fields[name] = value
		}
	}
	a, err := opts.App()
	if err != nil {
		return err
	}
	list, err := a.ListRequirements(ctx, filter, opts.Sort, columns, opts.AsJSON)
	if err != nil {
		return err
	}
	if opts.AsJSON {
		return writeJSONArray(opts.IO, len(list.Requirements), list.View)
	}
	reqs, st, cat, lang := list.Requirements, list.Settings, list.Catalog, list.Lang
	headers := append([]string{"ID", "MODULE", "TITLE", "STATUS", "SCORE", "MOSCOW", "QUADRANT", "OWNER"}, columns...)
	t := newTable(opts.IO, headers...)
	t.truncate = 2
	for _, r := range reqs {
		e := st.Evaluate(&r)
		m := string(e.MoSCoW)
		if e.MoSCoWSuggested {
			m += "*"
		}
		modName := r.Module
		if mod, ok := cat.Lookup(r.Module); ok {
			modName = mod.Name(lang)
		}
		row := []string{r.ID, modName, r.Title, string(r.Status), strconv.Itoa(e.Score), m, string(e.Quadrant), r.Owner}
		for _, c := range columns {
			row = append(row, list.Column(&r, c))
		}
		t.add(row...)
	}
	if len(reqs) == 0 && opts.IO.OutTTY {
		fmt.Fprintln(opts.IO.ErrOut, "No requirements match.")
		return nil
	}
	return t.print()
}

func statusKeys() []string {
	out := make([]string, len(requirements.Statuses))
	for i, s := range requirements.Statuses {
		out[i] = string(s)
	}
	return out
}

func newCmdReqShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show <id|title>",
		Short: "Show one requirement with its score, formula, criteria and links",
		Example: heredoc(`
			$ crmflow req show REQ-001
			$ crmflow req show 1 --json
			$ crmflow req show 拜访记录
		`),
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReqIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			r, err := svc.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			v, err := ap.RequirementView(ctx, r)
			if err != nil {
				return err
			}
			steps, err := ap.Processes.StepsFor(ctx, r.ID)
			if err != nil {
				return err
			}
			src, err := sourceFindingOf(ctx, f, r.Source)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, struct {
					requirements.View
					ProcessSteps  []process.StepRef `json:"process_steps"`
					SourceFinding *sourceFinding    `json:"source_finding"`
				}{v, steps, src})
			}
			st, err := svc.Settings(ctx)
			if err != nil {
				return err
			}
			defs, err := ap.FieldDefs(ctx)
			if err != nil {
				return err
			}
			if err := printRequirement(f.IO, v, st, defs, ap.Lang(ctx)); err != nil {
				return err
			}
			if src != nil {
				printSourceFinding(f.IO, src, ap.Lang(ctx))
			}
			if len(steps) > 0 {
				fmt.Fprintln(f.IO.Out, "\nProcess steps")
				for _, s := range steps {
					fmt.Fprintf(f.IO.Out, "  %s %s (%s)  %s · %s\n", s.Map, s.Name, s.Variant, s.Lane, s.Label)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printRequirement(io *IOStreams, v requirements.View, st requirements.Settings, defs []requirements.FieldDef, lang crmflow.Lang) error {
	w := io.Out
	title := v.ID + "  " + v.Title
	if io.Color {
		title = "\x1b[1m" + title + "\x1b[0m"
	}
	fmt.Fprintln(w, title)
	row := func(k, val string) {
		if val != "" {
			fmt.Fprintf(w, "%s %s\n", runewidth.FillRight(k, 12), val)
		}
	}
	// The Chinese names gloss the English keys for a Chinese project only.
	gloss := func(name string) string { return tr(lang, " ("+name+")", "") }
	row("status", string(v.Status)+gloss(v.Status.Name(crmflow.LangZH)))
	row("module", fmt.Sprintf("%s (%s)", v.ModuleName, v.Module))
	row("kind", string(v.Kind))
	row("scores", fmt.Sprintf("value %d · difficulty %d · urgency %d", v.Value, v.Difficulty, v.Urgency))
	raw := st.Weights.Value*float64(v.Value) + st.Weights.Urgency*float64(v.Urgency) + st.Weights.Ease*float64(6-v.Difficulty)
	row("score", fmt.Sprintf("%d   %s = round(100 × %s / 5)", v.Score, st.Formula(), report.Num(raw)))
	row("quadrant", fmt.Sprintf("%s (%s%s %d or more)", v.Quadrant, tr(lang, v.Quadrant.Name(crmflow.LangZH)+"; ", ""), "high =", st.High))
	row("moscow", moscowText(v)+gloss(v.MoSCoW.Name(crmflow.LangZH)))
	row("owner", v.Owner)
	row("stakeholder", v.Stakeholder)
	row("source", v.Source)
	row("tags", strings.Join(v.Tags, ", "))
	row("release", v.Release)
	row("sprint", v.Sprint)
	if v.Estimate > 0 {
		n := report.Num(v.Estimate)
		row("estimate", tr(lang, n+" 人天", n+" "+crmflow.Plural(boolInt(v.Estimate != 1)+1, "person-day")))
	}
	for _, d := range defs {
		row(d.Name, v.Fields[d.Name])
	}
	row("revision", strconv.Itoa(v.Revision))
	row("created", v.CreatedAt.Format(crmflow.TimeFormat))
	row("updated", v.UpdatedAt.Format(crmflow.TimeFormat))
	if v.Description != "" {
		fmt.Fprintln(w, "\nDescription")
		for _, l := range strings.Split(v.Description, "\n") {
			fmt.Fprintln(w, "  "+l)
		}
	}
	fmt.Fprintln(w, "\nAcceptance criteria")
	if len(v.Criteria) == 0 {
		fmt.Fprintln(w, "  (none: add one with crmflow req edit "+v.ID+" --criteria-add \"...\")")
	}
	for i, c := range v.Criteria {
		fmt.Fprintf(w, "  %d. %s\n", i+1, strings.ReplaceAll(c, "\n", "\n     "))
	}
	if len(v.Links) > 0 {
		fmt.Fprintln(w, "\nLinks")
		for _, l := range v.Links {
			s := ""
			if l.Suspect {
				s = "  (suspect)"
			}
			fmt.Fprintf(w, "  %-13s %s %s%s\n", l.Role(), l.ID, l.Title, s)
		}
	}
	return nil
}

func newCmdReqStatus(f *Factory) *cobra.Command {
	opts := &reqStatusOptions{IO: f.IO, App: func() (reqStatusSetter, error) { return f.App() }}
	return &cobra.Command{
		Use:   "status <id|title> <status>",
		Short: "Move a requirement to another status",
		Long: heredoc(`
			Move a requirement along its lifecycle:
			  draft → confirmed | rejected | deferred
			  confirmed → frozen | rejected | deferred | draft
			  frozen → implemented → verified
			  rejected, deferred → draft
			A requirement is confirmed only when it has acceptance criteria.
		`),
		Example: heredoc(`
			$ crmflow req status REQ-001 confirmed
			$ crmflow req status REQ-007 deferred
		`),
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeReqIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref, opts.To = args[0], args[1]
			return runReqStatus(cmd.Context(), opts)
		},
	}
}

// reqStatusOptions are what `crmflow req status` was asked.
type reqStatusOptions struct {
	IO      *IOStreams
	App     func() (reqStatusSetter, error)
	Ref, To string
}

// reqStatusSetter is the part of the application req status uses.
type reqStatusSetter interface {
	SetRequirementStatus(ctx context.Context, ref string, to requirements.Status) (requirements.Status, requirements.Requirement, error)
}

func runReqStatus(ctx context.Context, opts *reqStatusOptions) error {
	to, err := requirements.ParseStatus(opts.To)
	if err != nil {
		return err
	}
	a, err := opts.App()
	if err != nil {
		return err
	}
	from, r, err := a.SetRequirementStatus(ctx, opts.Ref, to)
	if err != nil {
		return err
	}
	if l := langOf(ctx, a); l == crmflow.LangZH {
		fmt.Fprintf(opts.IO.ErrOut, "%s：%s → %s\n", r.ID, from.Name(l), r.Status.Name(l))
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "%s: %s → %s\n", r.ID, from, r.Status)
	}
	return nil
}

func newCmdReqRm(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "rm <id|title>",
		Aliases: []string{"remove", "delete"},
		Short:   "Remove a draft requirement",
		Long: heredoc(`
			Remove a draft. Requirements past draft are never removed: reject or defer
			them instead, so the register keeps their history. The ID is not reused.
		`),
		Example:           "$ crmflow req rm REQ-003",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReqIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			r, err := svc.Remove(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Removed %s %s\n", r.ID, r.Title)
			return nil
		},
	}
}

func newCmdReqLink(f *Factory) *cobra.Command {
	var parent, derives, relates string
	var remove bool
	cmd := &cobra.Command{
		Use:   "link <id|title>",
		Short: "Add or remove a trace link between requirements",
		Long: heredoc(`
			Trace links: --parent (the requirement refines a parent; one parent each),
			--derives-from (it was derived from another), --relates-to (symmetric).
			Parent and derives-from links cannot form a cycle.
		`),
		Example: heredoc(`
			$ crmflow req link REQ-004 --parent REQ-001
			$ crmflow req link REQ-009 --derives-from REQ-002
			$ crmflow req link REQ-004 --relates-to REQ-012
			$ crmflow req link REQ-004 --parent REQ-001 --remove
		`),
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReqIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			var kind requirements.LinkKind
			var target string
			n := 0
			for _, o := range []struct {
				k requirements.LinkKind
				v string
			}{{requirements.LinkParent, parent}, {requirements.LinkDerivesFrom, derives}, {requirements.LinkRelatesTo, relates}} {
				if o.v != "" {
					kind, target = o.k, o.v
					n++
				}
			}
			if n != 1 {
				return &usageError{err: fmt.Errorf("give exactly one of --parent, --derives-from, --relates-to"), zh: "请给出 --parent、--derives-from、--relates-to 中的一个（只能一个）", cmd: cmd.CommandPath()}
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			var l requirements.Link
			if remove {
				l, err = svc.Unlink(cmd.Context(), args[0], target, kind)
			} else {
				l, err = svc.Link(cmd.Context(), args[0], target, kind)
			}
			if err != nil {
				return err
			}
			verb := "Linked"
			if remove {
				verb = "Unlinked"
			}
			fmt.Fprintf(f.IO.ErrOut, "%s %s %s %s\n", verb, l.From, l.Kind, l.To)
			return nil
		},
	}
	cmd.Flags().StringVar(&parent, "parent", "", "the parent requirement")
	cmd.Flags().StringVar(&derives, "derives-from", "", "the requirement this one derives from")
	cmd.Flags().StringVar(&relates, "relates-to", "", "a related requirement")
	cmd.Flags().BoolVar(&remove, "remove", false, "remove the link instead")
	return cmd
}

func newCmdReqLint(f *Factory) *cobra.Command {
	var asJSON, errorsOnly bool
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Check requirement quality: ambiguous words, missing criteria, near-duplicates",
		Long: heredoc(`
			Check every requirement for ambiguous or unverifiable words (Chinese and
			English lists: 友好, 快速, 尽量, 等, fast, user-friendly, as appropriate, ...),
			placeholders (TBD, 待定), missing acceptance criteria and near-duplicate titles.
			Exits 1 when any finding is an error, so it can gate a script.
		`),
		Example: heredoc(`
			$ crmflow req lint
			$ crmflow req lint --errors
			$ crmflow req lint --json | jq 'group_by(.rule) | map({rule: .[0].rule, n: length})'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.AllRequirements(cmd.Context())
			if err != nil {
				return err
			}
			findings := requirements.Lint(all)
			if errorsOnly {
				kept := findings[:0]
				for _, x := range findings {
					if x.Severity == requirements.SeverityError {
						kept = append(kept, x)
					}
				}
				findings = kept
			}
			nErr := 0
			for _, x := range findings {
				if x.Severity == requirements.SeverityError {
					nErr++
				}
			}
			if asJSON {
				if err := writeJSON(f.IO, findings); err != nil {
					return err
				}
			} else {
				t := newTable(f.IO, "ID", "SEVERITY", "RULE", "FIELD", "MESSAGE")
				t.truncate = 4
				for _, x := range findings {
					msg := x.Message
					// A word finding's message may already end with its fix.
					if x.Suggestion != "" && !strings.HasSuffix(msg, x.Suggestion) {
						msg += " — " + x.Suggestion
					}
					t.add(x.ID, string(x.Severity), x.Rule, x.Field, msg)
				}
				if err := t.print(); err != nil {
					return err
				}
			}
			l := ap.Lang(cmd.Context())
			if l == crmflow.LangZH {
				fmt.Fprintf(f.IO.ErrOut, "已检查 %d 条需求：%d 个错误，%d 个警告\n", len(all), nErr, len(findings)-nErr)
			} else {
				fmt.Fprintf(f.IO.ErrOut, "%s checked: %s, %s\n", crmflow.Count(len(all), "requirement"), crmflow.Count(nErr, "error"), crmflow.Count(len(findings)-nErr, "warning"))
			}
			if nErr > 0 {
				return &crmflow.Error{Code: crmflow.EINVALID, Message: tr(l, fmt.Sprintf("质量检查发现 %d 个错误", nErr), "lint found "+crmflow.Count(nErr, "error"))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&errorsOnly, "errors", false, "show errors only")
	return cmd
}

func newCmdReqHistory(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history <id|title>",
		Short: "Show every change to a requirement: who, when, field, old → new",
		Example: heredoc(`
			$ crmflow req history REQ-001
			$ crmflow req history REQ-001 --json
		`),
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReqIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			_, changes, err := ap.RequirementHistory(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, changes)
			}
			// WHO is the person (project set people); --json keeps the
			// actor as the audit log recorded it.
			person, err := ap.People(ctx)
			if err != nil {
				return err
			}
			t := newTable(f.IO, "SEQ", "WHEN", "WHO", "ACTION", "FIELD", "OLD", "NEW")
			for _, c := range changes {
				t.add(strconv.FormatInt(c.Seq, 10), c.At.Format(crmflow.TimeFormat), person(c.Actor), c.Action, c.Field, clip(c.Old, 60), clip(c.New, 60))
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func clip(s string, n int) string {
	r := []rune(oneLine(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
