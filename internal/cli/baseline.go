package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/baseline"
)

// freezeOptions are what `crmflow freeze` was asked.
type freezeOptions struct {
	IO     *IOStreams
	App    func() (freezer, error)
	Name   string
	Note   string
	AsJSON bool
}

// freezer is the part of the application freeze uses.
type freezer interface {
	Freeze(ctx context.Context, name, note string) (baseline.Baseline, error)
}

func newCmdFreeze(f *Factory) *cobra.Command {
	opts := &freezeOptions{IO: f.IO, App: func() (freezer, error) { return f.App() }}
	cmd := &cobra.Command{
		Use:   "freeze",
		Short: "Freeze the confirmed requirements into a named baseline (需求冻结)",
		Long: heredoc(`
			Move every confirmed requirement to frozen and take a baseline: an immutable
			snapshot of every frozen (and implemented or verified) requirement, all fields
			and trace links, with a SHA-256 over its canonical form (docs/baselines.md).

			From then on a frozen requirement changes only through an applied change
			request, which takes the next baseline (v1.0 → v1.1). Without --name the next
			name after the newest baseline is used (v1.0 for the first).
		`),
		Example: heredoc(`
			$ crmflow freeze --name v1.0 --note "需求确认会 MEET-001 后冻结"
			$ crmflow baseline show v1.0
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runFreeze(cmd.Context(), opts) },
	}
	cmd.Flags().StringVar(&opts.Name, "name", "", "baseline name, like v1.0 (default: the next after the newest)")
	cmd.Flags().StringVar(&opts.Note, "note", "", "why or after what the baseline was taken")
	cmd.Flags().BoolVar(&opts.AsJSON, "json", false, "print the baseline as JSON")
	return cmd
}

func runFreeze(ctx context.Context, opts *freezeOptions) error {
	a, err := opts.App()
	if err != nil {
		return err
	}
	b, err := a.Freeze(ctx, opts.Name, opts.Note)
	if err != nil {
		return err
	}
	if opts.AsJSON {
		return writeJSON(opts.IO, b)
	}
	if langOf(ctx, a) == crmflow.LangZH {
		fmt.Fprintf(opts.IO.ErrOut, "已冻结基线 %s：%d 条需求\nSHA-256 %s\n", b.Name, b.Count, b.Hash)
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "Froze baseline %s: %s\nSHA-256 %s\n", b.Name, crmflow.Count(b.Count, "requirement"), b.Hash)
	}
	fmt.Fprintln(opts.IO.Out, b.Name)
	return nil
}

// baselineView is a baseline with its requirements, as `baseline show --json` prints it.
type baselineView struct {
	baseline.Baseline
	Requirements []baseline.Item `json:"requirements"`
}

func newCmdBaseline(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "baseline <command>",
		Short: "List, show, compare and verify baselines",
		Example: heredoc(`
			$ crmflow baseline list
			$ crmflow baseline diff v1.0 v1.1
			$ crmflow baseline verify v1.0
		`),
	}
	cmd.AddCommand(newCmdBaselineList(f), newCmdBaselineShow(f), newCmdBaselineDiff(f), newCmdBaselineVerify(f))
	return cmd
}

func newCmdBaselineList(f *Factory) *cobra.Command {
	var listJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the baselines, oldest first",
		Example: "$ crmflow baseline list\n$ crmflow baseline list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.Baselines(cmd.Context())
			if err != nil {
				return err
			}
			if listJSON {
				return writeJSONArray(f.IO, len(all), func(i int) baseline.Baseline { return all[i] })
			}
			t := newTable(f.IO, "NAME", "CREATED", "BY", "REQS", "CR", "SHA-256", "NOTE")
			for _, b := range all {
				t.add(b.Name, b.CreatedAt.Format("2006-01-02 15:04"), b.CreatedBy, fmt.Sprint(b.Count), dash(b.CR), b.Hash[:16], b.Note)
			}
			return t.print()
		},
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON")
	return list
}

func newCmdBaselineShow(f *Factory) *cobra.Command {
	var showJSON bool
	show := &cobra.Command{
		Use:     "show <name>",
		Short:   "Show a baseline and the requirements it holds",
		Example: "$ crmflow baseline show v1.0\n$ crmflow baseline show v1.0 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			b, items, err := ap.Baseline(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if showJSON {
				return writeJSON(f.IO, baselineView{Baseline: b, Requirements: items})
			}
			fmt.Fprintf(f.IO.ErrOut, "Baseline %s · %d requirements · %s by %s\nSHA-256 %s\n", b.Name, b.Count,
				b.CreatedAt.Format("2006-01-02 15:04"), b.CreatedBy, b.Hash)
			if b.CR != "" {
				fmt.Fprintf(f.IO.ErrOut, "Made by %s\n", b.CR)
			}
			t := newTable(f.IO, "ID", "REV", "STATUS", "MODULE", "TITLE")
			t.truncate = 4
			for _, it := range items {
				t.add(it.ID, fmt.Sprint(it.Revision), it.Status, it.Module, it.Title)
			}
			return t.print()
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print the baseline and its requirements as JSON")
	return show
}

func newCmdBaselineDiff(f *Factory) *cobra.Command {
	var diffFormat, diffLang string
	diff := &cobra.Command{
		Use:   "diff <from> <to>",
		Short: "Show what changed between two baselines, field by field",
		Long: heredoc(`
			Compare two baselines: requirements added, removed and changed, with each
			changed field's old and new value; long text gets a word-level diff. --format
			md writes Markdown (for the change log or an email), json the structure
			(docs/json.md). "-" stands for the current requirements, not yet frozen.
		`),
		Example: heredoc(`
			$ crmflow baseline diff v1.0 v1.1
			$ crmflow baseline diff v1.0 v1.1 --format md > out/baseline-diff.md
			$ crmflow baseline diff v1.0 v1.1 --format json
		`),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			d, err := ap.BaselineDiff(ctx, args[0], args[1])
			if err != nil {
				return err
			}
			lang, err := docLang(ctx, f, diffLang)
			if err != nil {
				return err
			}
			switch diffFormat {
			case "json":
				return writeJSON(f.IO, d)
			case "md":
				md, err := app.BaselineDiffMarkdown(d, lang)
				if err != nil {
					return err
				}
				_, err = f.IO.Out.Write(md)
				return err
			case "", "text":
				printBaselineDiff(f, d)
				return nil
			}
			return &usageError{err: fmt.Errorf("--format %q is not one of text, md, json", diffFormat)}
		},
	}
	diff.Flags().StringVar(&diffFormat, "format", "text", "text, md or json")
	diff.Flags().StringVar(&diffLang, "lang", "", "language of the Markdown: zh or en (default: the project's)")
	return diff
}

func newCmdBaselineVerify(f *Factory) *cobra.Command {
	var verifyJSON bool
	verify := &cobra.Command{
		Use:   "verify [name...]",
		Short: "Recompute baselines' SHA-256 and check nothing changed",
		Long: heredoc(`
			Recompute each baseline's SHA-256 from its stored requirements and compare it
			with the hash recorded when it was taken (and in the audit log). Exits 1 when
			any baseline was changed. Without names every baseline is checked.
		`),
		Example: "$ crmflow baseline verify v1.0\n$ crmflow baseline verify --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			results, bad, err := ap.VerifyBaselines(cmd.Context(), args)
			if err != nil {
				return err
			}
			if verifyJSON {
				if err := writeJSONArray(f.IO, len(results), func(i int) baseline.Verification { return results[i] }); err != nil {
					return err
				}
			} else {
				for _, v := range results {
					if v.OK {
						fmt.Fprintf(f.IO.Out, "%s  ok  %d requirements  SHA-256 %s\n", v.Name, v.Count, v.Hash)
						continue
					}
					fmt.Fprintf(f.IO.Out, "%s  CHANGED\n", v.Name)
					for _, p := range v.Problems {
						fmt.Fprintf(f.IO.Out, "  %s\n", p)
					}
				}
			}
			if bad > 0 {
				return crmflow.Errorf(crmflow.ECONFLICT, "%d of %d baselines were changed after they were taken", bad, len(results)).
					WithTry("crmflow audit verify   (and restore from a backup)")
			}
			return nil
		},
	}
	verify.Flags().BoolVar(&verifyJSON, "json", false, "print JSON")
	return verify
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printBaselineDiff writes a diff for the terminal (or TSV-friendly text when piped).
func printBaselineDiff(f *Factory, d baseline.Diff) {
	w := f.IO.Out
	fmt.Fprintf(w, "%s → %s: %d added, %d removed, %d changed, %d unchanged\n", d.From, d.To, len(d.Added), len(d.Removed), len(d.Changed), d.Same)
	for _, it := range d.Added {
		fmt.Fprintf(w, "+ %s  %s\n", it.ID, it.Title)
	}
	for _, it := range d.Removed {
		fmt.Fprintf(w, "- %s  %s\n", it.ID, it.Title)
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "~ %s  %s\n", c.ID, c.Title)
		for _, fc := range c.Fields {
			if len(fc.Text) > 0 {
				fmt.Fprintf(w, "    %s: %s\n", fc.Field, spansText(fc.Text))
				continue
			}
			fmt.Fprintf(w, "    %s: %s → %s\n", fc.Field, oneLine(fc.Old), oneLine(fc.New))
		}
	}
}

// spansText shows a text diff inline: [-removed-]{+added+}.
func spansText(spans []baseline.Span) string {
	var b strings.Builder
	for _, s := range spans {
		t := oneLine(s.Text)
		switch s.Op {
		case "-":
			b.WriteString("[-" + t + "-]")
		case "+":
			b.WriteString("{+" + t + "+}")
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}
