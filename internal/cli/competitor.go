package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow/research"
)

func newCmdCompetitor(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "competitor <command>",
		Aliases: []string{"competitors"},
		Short:   "Keep competitor notes (竞品调研) and a feature matrix",
		Long: heredoc(`
			Competitors are the products the client compares with a custom CRM (销售易,
			纷享销客 ...): strengths, weaknesses, pricing and notes, and a feature matrix
			saying which of them has which feature (yes, no or partial).
		`),
		Example: heredoc(`
			$ crmflow competitor add 销售易 --strengths "移动办公成熟" --weaknesses "快消深度定制能力有限"
			$ crmflow competitor feature 销售易 移动拜访 yes
			$ crmflow competitor matrix
		`),
	}
	cmd.AddCommand(newCmdCompetitorAdd(f), newCmdCompetitorEdit(f), newCmdCompetitorFeature(f), newCmdCompetitorList(f),
		newCmdCompetitorShow(f), newCmdCompetitorMatrix(f))
	return cmd
}

func newCmdCompetitorAdd(f *Factory) *cobra.Command {
	var c research.Competitor
	cmd := &cobra.Command{
		Use:   "add <name>",
		Short: "Add a competitor with its strengths and weaknesses",
		Long: heredoc(`
			Add a competitor. Names are unique (case aside); change one that exists with
			crmflow competitor edit.
		`),
		Example: heredoc(`
			$ crmflow competitor add 销售易 --strengths "移动办公成熟，线索管理完善" \
			    --weaknesses "快消行业深度定制能力有限" --pricing "按用户数年付" --notes "客户 IT 曾试用"
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			c.Name = args[0]
			saved, err := svc.AddCompetitor(cmd.Context(), c)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Added competitor %s\n", saved.Name)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&c.Strengths, "strengths", "", "what it does well")
	fl.StringVar(&c.Weaknesses, "weaknesses", "", "where it falls short for this client")
	fl.StringVar(&c.Notes, "notes", "", "anything else")
	fl.StringVar(&c.Pricing, "pricing", "", "its pricing")
	return cmd
}

func newCmdCompetitorEdit(f *Factory) *cobra.Command {
	var strengths, weaknesses, notes, pricing string
	cmd := &cobra.Command{
		Use:   "edit <name>",
		Short: "Change a competitor's strengths, weaknesses, notes or pricing",
		Example: heredoc(`
			$ crmflow competitor edit 销售易 --pricing "约 300 元/用户/月"
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p research.CompetitorPatch
			for _, x := range []struct {
				flag string
				v    *string
				dst  **string
			}{{"strengths", &strengths, &p.Strengths}, {"weaknesses", &weaknesses, &p.Weaknesses}, {"notes", &notes, &p.Notes}, {"pricing", &pricing, &p.Pricing}} {
				if cmd.Flags().Changed(x.flag) {
					*x.dst = x.v
				}
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			c, err := svc.EditCompetitor(cmd.Context(), args[0], p)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Updated competitor %s\n", c.Name)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&strengths, "strengths", "", "what it does well")
	fl.StringVar(&weaknesses, "weaknesses", "", "where it falls short for this client")
	fl.StringVar(&notes, "notes", "", "anything else")
	fl.StringVar(&pricing, "pricing", "", "its pricing")
	return cmd
}

func newCmdCompetitorFeature(f *Factory) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "feature <competitor> <feature> <yes|no|partial>",
		Short: "Record whether a competitor has a feature",
		Long: heredoc(`
			Set one cell of the feature matrix: yes, no or partial (also 有, 无, 部分).
			Setting a cell again replaces it.
		`),
		Example: heredoc(`
			$ crmflow competitor feature 销售易 移动拜访 yes
			$ crmflow competitor feature 纷享销客 离线录入 partial --note "仅支持文字，不支持照片"
		`),
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			c, cell, err := svc.SetFeature(cmd.Context(), args[0], args[1], args[2], note)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "%s · %s: %s\n", c.Name, cell.Feature, cell.Verdict)
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note on the cell")
	_ = cmd.RegisterFlagCompletionFunc("note", cobra.NoFileCompletions)
	return cmd
}

func newCmdCompetitorList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List competitors",
		Long:    "List competitors: NAME, STRENGTHS, WEAKNESSES, PRICING and the number of FEATURES recorded.",
		Example: "$ crmflow competitor list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			cs, err := svc.Competitors(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONArray(f.IO, len(cs), func(i int) research.Competitor { return cs[i] })
			}
			if len(cs) == 0 && f.IO.OutTTY {
				fmt.Fprintln(f.IO.ErrOut, "No competitors yet.")
				return nil
			}
			t := newTable(f.IO, "NAME", "STRENGTHS", "WEAKNESSES", "PRICING", "FEATURES")
			t.truncate = 1
			for _, c := range cs {
				t.add(c.Name, c.Strengths, c.Weaknesses, c.Pricing, strconv.Itoa(len(c.Features)))
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (an array of competitors)")
	return cmd
}

func newCmdCompetitorShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show <name>",
		Short: "Show a competitor with its features",
		Example: heredoc(`
			$ crmflow competitor show 销售易
			$ crmflow competitor show 纷享 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			c, err := svc.ResolveCompetitor(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, c)
			}
			w := f.IO.Out
			fmt.Fprintln(w, c.Name)
			for _, x := range []struct{ k, v string }{{"strengths", c.Strengths}, {"weaknesses", c.Weaknesses}, {"pricing", c.Pricing}, {"notes", c.Notes}} {
				if x.v != "" {
					fmt.Fprintf(w, "%-11s %s\n", x.k, oneLine(x.v))
				}
			}
			fmt.Fprintln(w, "\nFeatures")
			if len(c.Features) == 0 {
				fmt.Fprintf(w, "  (none: crmflow competitor feature %s 移动拜访 yes)\n", c.Name)
			}
			for _, x := range c.Features {
				line := fmt.Sprintf("  %s %-8s %s", x.Verdict.Mark(), x.Verdict, x.Feature)
				if x.Note != "" {
					line += "  (" + oneLine(x.Note) + ")"
				}
				fmt.Fprintln(w, line)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdCompetitorMatrix(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "matrix",
		Short: "Show the feature matrix: features × competitors",
		Long: heredoc(`
			One row per feature (in the order first recorded), one column per competitor
			(in the order added): yes, no, partial, or — where nothing was recorded. Cell
			notes are in --json.
		`),
		Example: heredoc(`
			$ crmflow competitor matrix
			$ crmflow competitor matrix --json | jq '.features[] | select(.cells[0].verdict == "no")'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			m, err := svc.Matrix(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, m)
			}
			if len(m.Rows) == 0 && f.IO.OutTTY {
				fmt.Fprintln(f.IO.ErrOut, "No features recorded yet.")
				return nil
			}
			t := newTable(f.IO, append([]string{"FEATURE"}, m.Competitors...)...)
			for _, r := range m.Rows {
				row := []string{r.Feature}
				for _, c := range r.Cells {
					v := string(c.Verdict)
					if v == "" {
						v = "—"
					}
					row = append(row, v)
				}
				t.add(row...)
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
