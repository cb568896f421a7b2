package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
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
	var (
		module, kind, value, difficulty, urgency, desc, owner, source, stakeholder, moscow, status string
		criteria, tags, fields                                                                     []string
		asJSON                                                                                     bool
	)
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
			ctx := cmd.Context()
			in := requirements.Input{ModuleName: module}
			in.Title, in.Description, in.Owner, in.Source, in.Stakeholder = args[0], desc, owner, source, stakeholder
			in.Criteria, in.Tags = criteria, splitAll(tags)
			var err error
			if in.Value, err = scoreFlag("value", value); err != nil {
				return err
			}
			if in.Difficulty, err = scoreFlag("difficulty", difficulty); err != nil {
				return err
			}
			if in.Urgency, err = scoreFlag("urgency", urgency); err != nil {
				return err
			}
			if in.Kind, err = requirements.ParseKind(kind); err != nil {
				return err
			}
			if in.MoSCoW, err = requirements.ParseMoSCoW(moscow); err != nil {
				return err
			}
			if in.Status, err = requirements.ParseStatus(status); err != nil {
				return err
			}
			if in.Status == requirements.Confirmed && len(in.Criteria) == 0 {
				return crmflow.Errorf(crmflow.EINVALID, "a confirmed requirement needs acceptance criteria").WithTry(`--criteria "..."`)
			}
			if in.FieldText, err = parseFieldFlags(fields); err != nil {
				return err
			}
			if strings.TrimSpace(module) == "" {
				return crmflow.Errorf(crmflow.EINVALID, "--module is required").WithTry("crmflow project module list")
			}
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
			added, err := svc.Add(ctx, in)
			if err != nil {
				return err
			}
			r := added[0]
			v, err := viewOf(ctx, f, svc, r)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, v)
			}
			fmt.Fprintln(f.IO.Out, r.ID)
			fmt.Fprintf(f.IO.ErrOut, "Added %s %s (score %d, %s, %s)\n", r.ID, r.Title, v.Score, v.Quadrant, moscowText(v))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&module, "module", "", "module: name or key (required)")
	fl.StringVar(&kind, "kind", "functional", "functional, data, report, permission or non-functional")
	fl.StringVar(&value, "value", "3", "business value 1–5")
	fl.StringVar(&difficulty, "difficulty", "3", "implementation difficulty 1–5")
	fl.StringVar(&urgency, "urgency", "3", "urgency 1–5")
	fl.StringArrayVar(&criteria, "criteria", nil, "an acceptance criterion (repeat for more)")
	fl.StringVar(&desc, "desc", "", "description: the business scenario")
	fl.StringVar(&owner, "owner", "", "who owns the requirement")
	fl.StringVar(&source, "source", "", "where it came from (interview, finding, process step)")
	fl.StringVar(&stakeholder, "stakeholder", "", "the client stakeholder who asked for it")
	fl.StringArrayVar(&tags, "tag", nil, "a tag (repeat, or comma-separate)")
	fl.StringVar(&moscow, "moscow", "", "must, should, could or wont (default: suggested from the score)")
	fl.StringVar(&status, "status", "draft", "draft or confirmed")
	fl.StringArrayVar(&fields, "field", nil, "custom field NAME=VALUE (repeat)")
	fl.BoolVar(&asJSON, "json", false, "print the new requirement as JSON")
	registerReqCompletions(f, cmd)
	return cmd
}

func splitAll(vals []string) []string {
	var out []string
	for _, v := range vals {
		out = append(out, splitList(v)...)
	}
	return out
}

func moscowText(v requirements.View) string {
	if v.MoSCoWSuggested {
		return string(v.MoSCoW) + " (suggested)"
	}
	return string(v.MoSCoW)
}

// viewOf builds the view of one requirement with its links.
func viewOf(ctx context.Context, f *Factory, svc *requirements.Service, r requirements.Requirement) (requirements.View, error) {
	st, err := svc.Settings(ctx)
	if err != nil {
		return requirements.View{}, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return requirements.View{}, err
	}
	links, err := svc.Store.Links(ctx, r.ID)
	if err != nil {
		return requirements.View{}, err
	}
	titles := map[string]string{}
	for _, l := range links {
		for _, id := range []string{l.From, l.To} {
			if _, ok := titles[id]; !ok && id != r.ID {
				if o, err := svc.Store.Requirement(ctx, id); err == nil {
					titles[id] = o.Title
				}
			}
		}
	}
	return requirements.MakeView(r, st, cat, f.Lang(ctx), links, titles), nil
}

func registerReqCompletions(f *Factory, cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"functional", "data", "report", "permission", "non-functional"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("moscow", cobra.FixedCompletions([]string{"must", "should", "could", "wont"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("module", func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		svc, err := f.Requirements()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
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
		svc, err := f.Requirements()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		all, err := svc.Store.Requirements(c.Context())
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
	var (
		modules, statuses, kinds, moscows, fieldFlags []string
		owner, tag, search, sortBy                    string
		asJSON                                        bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List requirements",
		Long: heredoc(`
			List requirements: a table on a terminal, tab-separated values (no header) when
			piped, JSON with --json. Filters combine; repeat a filter flag for "any of".
			--field NAME adds a custom field column; --field NAME=VALUE also filters on it.
			Columns: ID, MODULE, TITLE, STATUS, SCORE, MOSCOW (a trailing * marks a
			suggestion), QUADRANT, OWNER, then any --field columns.
		`),
		Example: heredoc(`
			$ crmflow req list --module 拜访跟进 --sort score
			$ crmflow req list --status confirmed --moscow must
			$ crmflow req list --field 预计工时 --field 交付批次=一期
			$ crmflow req list --json | jq '.[0].score'
			$ crmflow req list | cut -f1,3
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			filter := requirements.Filter{Modules: splitAll(modules), Owner: owner, Tag: tag, Query: search, Fields: map[string]string{}}
			for _, s := range splitAll(statuses) {
				st, err := requirements.ParseStatus(s)
				if err != nil {
					return err
				}
				filter.Statuses = append(filter.Statuses, st)
			}
			for _, s := range splitAll(kinds) {
				k, err := requirements.ParseKind(s)
				if err != nil {
					return err
				}
				filter.Kinds = append(filter.Kinds, k)
			}
			for _, s := range splitAll(moscows) {
				m, err := requirements.ParseMoSCoW(s)
				if err != nil || m == "" {
					return crmflow.Errorf(crmflow.EINVALID, "--moscow %q is not one of must, should, could, wont", s)
				}
				filter.MoSCoW = append(filter.MoSCoW, m)
			}
			var columns []string
			for _, fl := range fieldFlags {
				name, value, hasValue := strings.Cut(fl, "=")
				name = strings.TrimSpace(name)
				columns = append(columns, name)
				if hasValue {
					filter.Fields[name] = value
				}
			}
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
			if len(columns) > 0 {
				defs, err := svc.Store.FieldDefs(ctx)
				if err != nil {
					return err
				}
				for _, c := range columns {
					if _, ok := requirements.FindField(defs, c); !ok {
						return requirements.UnknownField(defs, c)
					}
				}
			}
			listing, err := svc.List(ctx, filter, sortBy, asJSON)
			if err != nil {
				return err
			}
			reqs, st, cat := listing.Requirements, listing.Settings, listing.Catalog
			lang := f.Lang(ctx)
			if asJSON {
				links, err := svc.Store.Links(ctx, "")
				if err != nil {
					return err
				}
				byID := map[string][]requirements.Link{}
				for _, l := range links {
					byID[l.From] = append(byID[l.From], l)
					if l.To != l.From {
						byID[l.To] = append(byID[l.To], l)
					}
				}
				// Titles of linked requirements: from the listing, or looked up
				// when a link leaves it.
				titles := make(map[string]string, len(reqs))
				for _, r := range reqs {
					titles[r.ID] = r.Title
				}
				for _, l := range links {
					if titles[l.From] == "" || titles[l.To] == "" {
						if titles, err = svc.Store.Titles(ctx); err != nil {
							return err
						}
						break
					}
				}
				return writeJSONArray(f.IO, len(reqs), func(i int) requirements.View {
					return requirements.MakeView(reqs[i], st, cat, lang, byID[reqs[i].ID], titles)
				})
			}
			headers := append([]string{"ID", "MODULE", "TITLE", "STATUS", "SCORE", "MOSCOW", "QUADRANT", "OWNER"}, columns...)
			t := newTable(f.IO, headers...)
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
					row = append(row, r.Fields[c])
				}
				t.add(row...)
			}
			if len(reqs) == 0 && f.IO.OutTTY {
				fmt.Fprintln(f.IO.ErrOut, "No requirements match.")
				return nil
			}
			return t.print()
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&modules, "module", nil, "only this module (name or key; repeat for several)")
	fl.StringArrayVar(&statuses, "status", nil, "only this status (repeat for several)")
	fl.StringArrayVar(&kinds, "kind", nil, "only this kind (repeat for several)")
	fl.StringArrayVar(&moscows, "moscow", nil, "only this MoSCoW class, explicit or suggested")
	fl.StringVar(&owner, "owner", "", "only requirements this person owns")
	fl.StringVar(&tag, "tag", "", "only requirements with this tag")
	fl.StringVarP(&search, "search", "q", "", "only requirements whose title or description contains this text")
	fl.StringArrayVar(&fieldFlags, "field", nil, "show custom field NAME; NAME=VALUE also filters")
	fl.StringVar(&sortBy, "sort", "id", "order: "+strings.Join(requirements.SortKeys, ", "))
	fl.BoolVar(&asJSON, "json", false, "print JSON (an array of requirements)")
	registerReqCompletions(f, cmd)
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions(requirements.SortKeys, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(statusKeys(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
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
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
			r, err := svc.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			v, err := viewOf(ctx, f, svc, r)
			if err != nil {
				return err
			}
			psvc, err := f.Processes()
			if err != nil {
				return err
			}
			steps, err := psvc.StepsFor(ctx, r.ID)
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
			defs, err := svc.Store.FieldDefs(ctx)
			if err != nil {
				return err
			}
			if err := printRequirement(f.IO, v, st, defs, f.Lang(ctx)); err != nil {
				return err
			}
			if src != nil {
				printSourceFinding(f.IO, src)
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
	row("status", fmt.Sprintf("%s (%s)", v.Status, v.Status.Name(crmflow.LangZH)))
	row("module", fmt.Sprintf("%s (%s)", v.ModuleName, v.Module))
	row("kind", string(v.Kind))
	row("scores", fmt.Sprintf("value %d · difficulty %d · urgency %d", v.Value, v.Difficulty, v.Urgency))
	raw := st.Weights.Value*float64(v.Value) + st.Weights.Urgency*float64(v.Urgency) + st.Weights.Ease*float64(6-v.Difficulty)
	row("score", fmt.Sprintf("%d   %s = round(100 × %s / 5)", v.Score, st.Formula(), strconv.FormatFloat(raw, 'f', -1, 64)))
	row("quadrant", fmt.Sprintf("%s (%s; high = %d or more)", v.Quadrant, v.Quadrant.Name(crmflow.LangZH), st.High))
	row("moscow", moscowText(v)+" ("+v.MoSCoW.Name(crmflow.LangZH)+")")
	row("owner", v.Owner)
	row("stakeholder", v.Stakeholder)
	row("source", v.Source)
	row("tags", strings.Join(v.Tags, ", "))
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
			to, err := requirements.ParseStatus(args[1])
			if err != nil {
				return err
			}
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
			before, err := svc.Resolve(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			r, err := svc.SetStatus(cmd.Context(), before.ID, to)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "%s: %s → %s\n", r.ID, before.Status, r.Status)
			return nil
		},
	}
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
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
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
				return &usageError{err: fmt.Errorf("give exactly one of --parent, --derives-from, --relates-to"), cmd: cmd.CommandPath()}
			}
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
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
			svc, err := f.Requirements()
			if err != nil {
				return err
			}
			all, err := svc.Store.Requirements(cmd.Context())
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
					if x.Suggestion != "" {
						msg += " — " + x.Suggestion
					}
					t.add(x.ID, string(x.Severity), x.Rule, x.Field, msg)
				}
				if err := t.print(); err != nil {
					return err
				}
			}
			fmt.Fprintf(f.IO.ErrOut, "%d requirements checked: %d errors, %d warnings\n", len(all), nErr, len(findings)-nErr)
			if nErr > 0 {
				return &crmflow.Error{Code: crmflow.EINVALID, Message: fmt.Sprintf("lint found %d errors", nErr)}
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
			db, err := f.DB()
			if err != nil {
				return err
			}
			svc, err := newRequirementService(db)
			if err != nil {
				return err
			}
			id := ""
			if r, err := svc.Resolve(ctx, args[0]); err == nil {
				id = r.ID
			} else if nid, ok := crmflow.KindRequirement.NormalizeRef(args[0]); ok {
				id = nid // a removed requirement still has a history
			} else {
				return err
			}
			events, err := db.AuditLog(ctx, crmflow.AuditFilter{Entity: id})
			if err != nil {
				return err
			}
			if len(events) == 0 {
				return crmflow.Errorf(crmflow.ENOTFOUND, "requirement %s has no history", id).WithTry("crmflow req list")
			}
			changes := requirements.History(events)
			if asJSON {
				return writeJSON(f.IO, changes)
			}
			t := newTable(f.IO, "SEQ", "WHEN", "WHO", "ACTION", "FIELD", "OLD", "NEW")
			for _, c := range changes {
				t.add(strconv.FormatInt(c.Seq, 10), c.At.Format(crmflow.TimeFormat), c.Actor, c.Action, c.Field, clip(c.Old, 60), clip(c.New, 60))
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
