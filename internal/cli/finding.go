package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"

	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
)

func newCmdFinding(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "finding <command>",
		Aliases: []string{"findings"},
		Short:   "Record findings (pain points) and turn them into requirements",
		Long: heredoc(`
			A finding (调研发现, a pain point) is something the survey found wrong, with an
			optional measure: "拜访记录靠Excel，月底汇总丢失约30%" measured as 拜访记录丢失率
			30 %. It may come from an interview, belong to a module, and point at a process
			map. "finding promote" turns it into a requirement whose source is the finding;
			any requirement whose source is a finding's ID (req edit --source F-002) counts
			as that finding's requirement.
		`),
		Example: heredoc(`
			$ crmflow finding add --interview INT-001 "拜访记录靠Excel，月底汇总丢失约30%" --measure 拜访记录丢失率 --value 30 --unit %
			$ crmflow finding list --open
			$ crmflow finding promote F-001 --module 拜访跟进
		`),
	}
	cmd.AddCommand(newCmdFindingAdd(f), newCmdFindingList(f), newCmdFindingShow(f), newCmdFindingPromote(f))
	return cmd
}

func newCmdFindingAdd(f *Factory) *cobra.Command {
	var interview, measure, value, unit, module, severity, proc, step string
	cmd := &cobra.Command{
		Use:   "add <text>",
		Short: "Record a finding (a pain point), with an optional measure",
		Long: heredoc(`
			Record a finding. --interview names the interview it was heard in (ID or the
			interviewee's name); --measure, --value and --unit give its measure (the value
			is a number: --value 30 --unit %); --module takes a module's name or key;
			--severity is 1–5 (5 the worst, default 3); --process names a process map
			(PM-001), and --step the step of it the pain was seen at (its ID or label):
			the map's drawing then marks that step, or, without --step, lists the
			finding under the map as a pain point of the whole process. The new ID
			(F-001) goes to stdout.
		`),
		Example: heredoc(`
			$ crmflow finding add --interview INT-001 "拜访记录靠Excel，月底汇总丢失约30%" \
			    --measure 拜访记录丢失率 --value 30 --unit % --module 拜访跟进 --severity 5 --process PM-001 --step S2
			$ crmflow finding add "客户资料分散在各区域的 Excel 中" --module customer
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			x := research.Finding{Text: args[0], Interview: interview, Measure: measure, Unit: unit, Module: module, Process: proc, Step: step}
			if cmd.Flags().Changed("value") {
				v, err := research.ParseValue(value)
				if err != nil {
					return err
				}
				x.Value = &v
			}
			if cmd.Flags().Changed("severity") {
				n, err := research.ParseSeverity(severity)
				if err != nil {
					return err
				}
				x.Severity = n
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			saved, err := svc.AddFinding(ctx, x)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, saved.ID)
			msg := fmt.Sprintf("Added %s (severity %d)", saved.ID, saved.Severity)
			if m := saved.MeasureText(); m != "" {
				msg += ": " + m
			}
			fmt.Fprintln(f.IO.ErrOut, msg)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&interview, "interview", "", "the interview it came from: INT-001 or the interviewee")
	fl.StringVar(&measure, "measure", "", "the measure's name: 拜访记录丢失率")
	fl.StringVar(&value, "value", "", "the measure's value, a number: 30")
	fl.StringVar(&unit, "unit", "", "the value's unit: %, 小时, 元")
	fl.StringVar(&module, "module", "", "the module it concerns: name or key")
	fl.StringVar(&severity, "severity", "3", "how bad it is, 1–5 (5 the worst)")
	fl.StringVar(&proc, "process", "", "the process map it was seen in: PM-001 or its name")
	fl.StringVar(&step, "step", "", "the step of that map it was seen at: its ID (S2) or label")
	registerReqCompletions(f, cmd)
	return cmd
}

func newCmdFindingList(f *Factory) *cobra.Command {
	var asJSON, open, ranked bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List findings and the requirements made from them",
		Long: heredoc(`
			List findings: ID, SEVERITY, TEXT, MEASURE, MODULE, INTERVIEW and REQUIREMENTS
			(— marks a finding no requirement traces to yet). --open shows only those;
			--ranked orders by severity, then findings with a measure, then ID.
		`),
		Example: heredoc(`
			$ crmflow finding list
			$ crmflow finding list --open
			$ crmflow finding list --ranked --json | jq '.[0].id'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			all, err := svc.Findings(ctx, ap.Lang(ctx))
			if err != nil {
				return err
			}
			if ranked {
				all = research.Rank(all)
			}
			if open {
				kept := all[:0]
				for _, x := range all {
					if len(x.Requirements) == 0 {
						kept = append(kept, x)
					}
				}
				all = kept
			}
			if asJSON {
				return writeJSONArray(f.IO, len(all), func(i int) research.FindingView { return all[i] })
			}
			if len(all) == 0 && f.IO.OutTTY {
				fmt.Fprintln(f.IO.ErrOut, "No findings match.")
				return nil
			}
			t := newTable(f.IO, "ID", "SEVERITY", "TEXT", "MEASURE", "MODULE", "INTERVIEW", "REQUIREMENTS")
			t.truncate = 2
			for _, x := range all {
				t.add(x.ID, strconv.Itoa(x.Severity), x.Text, x.MeasureText, x.ModuleName, x.Interview, reqsText(x.Requirements))
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (an array of findings)")
	cmd.Flags().BoolVar(&open, "open", false, "only findings no requirement traces to yet")
	cmd.Flags().BoolVar(&ranked, "ranked", false, "most severe first, then those with a measure")
	return cmd
}

func newCmdFindingShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show <F-001|text>",
		Short: "Show a finding with its measure, interview and requirements",
		Example: heredoc(`
			$ crmflow finding show F-001
			$ crmflow finding show 月底汇总 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			x, err := svc.FindingView(ctx, args[0], ap.Lang(ctx))
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, x)
			}
			w := f.IO.Out
			fmt.Fprintf(w, "%s  %s\n", x.ID, x.Text)
			row := func(k, v string) {
				if v != "" {
					fmt.Fprintf(w, "%-12s %s\n", k, v)
				}
			}
			row("severity", strconv.Itoa(x.Severity))
			row("measure", x.MeasureText)
			if x.Module != "" {
				row("module", fmt.Sprintf("%s (%s)", x.ModuleName, x.Module))
			}
			if x.Interview != "" {
				iv, err := ap.Interview(ctx, x.Interview)
				if err != nil {
					return err
				}
				row("interview", fmt.Sprintf("%s %s %s", iv.ID, iv.WhoIn(ap.Lang(ctx)), iv.Date))
			}
			if x.Step != "" {
				row("process", x.Process+" "+x.Step)
			} else {
				row("process", x.Process)
			}
			fmt.Fprintln(w, "\nRequirements")
			if len(x.Requirements) == 0 {
				fmt.Fprintf(w, "  (none yet: crmflow finding promote %s)\n", x.ID)
			}
			for _, id := range x.Requirements {
				r, err := ap.Requirement(ctx, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "  %s  %s  (%s)\n", r.ID, r.Title, r.Status)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdFindingPromote(f *Factory) *cobra.Command {
	var module, title, kind, value, difficulty, urgency string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "promote <F-001|text>",
		Short: "Turn a finding into a requirement that traces back to it",
		Long: heredoc(`
			Create a draft requirement from a finding, as req add would: its source is the
			finding's ID, its title a requirement-style suggestion from the finding's text
			("系统应解决：…" / "The system shall resolve: …", first clause, free of the
			words req lint flags) unless --title, its description the text with the measure and the interview, its
			stakeholder the interviewee, and its module the finding's unless --module.
			Scores default to 3. A finding may become several requirements: promoting one
			that already has some says which. The new ID goes to stdout.
		`),
		Example: heredoc(`
			$ crmflow finding promote F-001
			$ crmflow finding promote F-003 --module 拜访跟进 --title "移动端下单直连 ERP" --value 4 --difficulty 3 --urgency 4
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p := research.Promotion{ModuleName: module, Title: title, Lang: projectLang(ctx, f)}
			var err error
			for _, s := range []struct {
				name string
				v    string
				dst  *int
			}{{"value", value, &p.Value}, {"difficulty", difficulty, &p.Difficulty}, {"urgency", urgency, &p.Urgency}} {
				if *s.dst, err = scoreFlag(s.name, s.v); err != nil {
					return err
				}
			}
			if p.Kind, err = requirements.ParseKind(kind); err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			r, before, err := svc.Promote(ctx, args[0], p)
			if err != nil {
				return err
			}
			if len(before) > 0 {
				fmt.Fprintf(f.IO.ErrOut, "Note: %s already had %s; %s is one more requirement from it\n", r.Source, strings.Join(before, ", "), r.ID)
			}
			v, err := ap.RequirementView(ctx, r)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, v)
			}
			fmt.Fprintln(f.IO.Out, r.ID)
			fmt.Fprintf(f.IO.ErrOut, "Promoted %s to %s %s (score %d, %s, %s)\n", r.Source, r.ID, r.Title, v.Score, v.Quadrant, moscowText(v))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&module, "module", "", "module: name or key (default: the finding's)")
	fl.StringVar(&title, "title", "", "the requirement's title (default: suggested from the finding's text)")
	fl.StringVar(&kind, "kind", "functional", "functional, data, report, permission or non-functional")
	fl.StringVar(&value, "value", "3", "business value 1–5")
	fl.StringVar(&difficulty, "difficulty", "3", "implementation difficulty 1–5")
	fl.StringVar(&urgency, "urgency", "3", "urgency 1–5")
	fl.BoolVar(&asJSON, "json", false, "print the new requirement as JSON")
	registerReqCompletions(f, cmd)
	return cmd
}

// sourceFinding is the finding a requirement's source names, as req show
// prints it: composed here so the requirements package knows nothing of research.
type sourceFinding struct {
	ID          string              `json:"id"`
	Text        string              `json:"text"`
	Measure     string              `json:"measure"`
	Value       *float64            `json:"value"`
	Unit        string              `json:"unit"`
	MeasureText string              `json:"measure_text"`
	Severity    int                 `json:"severity"`
	Interview   *research.Interview `json:"interview"` // without its notes; null when the finding has none
}

// sourceFindingOf looks up the finding a requirement's source names; nil when
// the source names no finding, or one that does not exist.
func sourceFindingOf(ctx context.Context, f *Factory, source string) (*sourceFinding, error) {
	id, ok := research.SourceFinding(source)
	if !ok {
		return nil, nil
	}
	ap, err := f.App()
	if err != nil {
		return nil, err
	}
	x, err := ap.Finding(ctx, id)
	if crmflow.ErrorCode(err) == crmflow.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := &sourceFinding{ID: x.ID, Text: x.Text, Measure: x.Measure, Value: x.Value, Unit: x.Unit, MeasureText: x.MeasureText(), Severity: x.Severity}
	if x.Interview != "" {
		iv, err := ap.Interview(ctx, x.Interview)
		if err != nil {
			return nil, err
		}
		iv.Notes = ""
		out.Interview = &iv
	}
	return out, nil
}

func printSourceFinding(io *IOStreams, s *sourceFinding, lang crmflow.Lang) {
	w := io.Out
	fmt.Fprintln(w, "\nSource finding")
	fmt.Fprintf(w, "  %s  %s\n", s.ID, oneLine(s.Text))
	if s.MeasureText != "" {
		fmt.Fprintf(w, "  measure    %s\n", s.MeasureText)
	}
	fmt.Fprintf(w, "  severity   %d\n", s.Severity)
	if s.Interview != nil {
		fmt.Fprintf(w, "  interview  %s %s %s\n", s.Interview.ID, s.Interview.WhoIn(lang), s.Interview.Date)
	}
}
