package cli

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/requirements"
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
			l := ap.Lang(cmd.Context())
			fmt.Fprintf(f.IO.ErrOut, tr(l, "基线 %s · %d 条需求 · %s 由 %s 冻结\nSHA-256 %s\n", "Baseline %s · %d requirements · %s by %s\nSHA-256 %s\n"), b.Name, b.Count,
				b.CreatedAt.Format("2006-01-02 15:04"), b.CreatedBy, b.Hash)
			if b.CR != "" {
				fmt.Fprintf(f.IO.ErrOut, tr(l, "由变更请求 %s 形成\n", "Made by %s\n"), b.CR)
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
			changed field's value before and after. In a changed text the words that
			differ are marked: coloured on a terminal, struck through (removed) and bold
			(added) in Markdown, <del> and <ins> in HTML. --format md writes Markdown (for
			the change log or an email), html a page to print, json the structure
			(docs/json.md). "-" stands for the current requirements, not yet frozen.
		`),
		Example: heredoc(`
			$ crmflow baseline diff v1.0 v1.1
			$ crmflow baseline diff v1.0 v1.1 --format md > out/baseline-diff.md
			$ crmflow baseline diff v1.0 v1.1 --format html > out/baseline-diff.html
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
			case "html":
				page, err := app.BaselineDiffHTML(d, lang)
				if err != nil {
					return err
				}
				_, err = f.IO.Out.Write(page)
				return err
			case "", "text":
				printBaselineDiff(f, d, lang)
				return nil
			}
			return &usageError{err: fmt.Errorf("--format %q is not one of text, md, html, json", diffFormat), zh: fmt.Sprintf("--format“%s”不是 text、md、html、json 之一", diffFormat)}
		},
	}
	diff.Flags().StringVar(&diffFormat, "format", "text", "text, md, html or json")
	diff.Flags().StringVar(&diffLang, "lang", "", "language of the output: zh or en (default: the project's)")
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
			l := ap.Lang(cmd.Context())
			if verifyJSON {
				if err := writeJSONArray(f.IO, len(results), func(i int) baseline.Verification { return results[i] }); err != nil {
					return err
				}
			} else {
				for _, v := range results {
					if v.OK {
						fmt.Fprintf(f.IO.Out, tr(l, "%s  完好  %d 条需求  SHA-256 %s\n", "%s  ok  %d requirements  SHA-256 %s\n"), v.Name, v.Count, v.Hash)
						continue
					}
					fmt.Fprintf(f.IO.Out, tr(l, "%s  已被改动\n", "%s  CHANGED\n"), v.Name)
					for _, p := range v.Problems {
						fmt.Fprintf(f.IO.Out, "  %s\n", p)
					}
				}
			}
			if bad > 0 && l == crmflow.LangZH {
				return crmflow.Errorf(crmflow.ECONFLICT, "%d 个基线中有 %d 个在形成后被改动过", len(results), bad).
					WithTry("crmflow audit verify   （并从备份恢复）")
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

// printBaselineDiff writes a diff for the terminal the way a reviewer reads
// it: a number or a name as "field: before → after" on one line, a text as a
// "before:" line and an "after:" line, with the changed words in colour
// (struck-through red, underlined green) only when the output is a colour
// terminal; piped, it is plain text.
func printBaselineDiff(f *Factory, d baseline.Diff, l crmflow.Lang) {
	w := f.IO.Out
	fmt.Fprintf(w, tr(l, "%s → %s：新增 %d 条，移除 %d 条，变更 %d 条，未变 %d 条\n", "%s → %s: %d added, %d removed, %d changed, %d unchanged\n"),
		d.From, d.To, len(d.Added), len(d.Removed), len(d.Changed), d.Same)
	for _, it := range d.Added {
		fmt.Fprintf(w, "+ %s  %s\n", it.ID, plainText(it.Title))
	}
	for _, it := range d.Removed {
		fmt.Fprintf(w, "- %s  %s\n", it.ID, plainText(it.Title))
	}
	before, after := tr(l, "原值：", "before: "), tr(l, "新值：", "after:  ")
	for _, c := range d.Changed {
		fmt.Fprintf(w, "~ %s  %s\n", c.ID, plainText(c.Title))
		for _, fc := range c.Fields {
			name := diffFieldName(fc.Field, l)
			old, new := plainText(fc.Old), plainText(fc.New)
			if fc.Text == nil && !strings.Contains(fc.Old+fc.New, "\n") && utf8.RuneCountInString(old+new) <= 60 {
				fmt.Fprintf(w, "    %s%s%s → %s\n", name, tr(l, "：", ": "), orEmpty(old, l), orEmpty(new, l))
				continue
			}
			if fc.Text != nil {
				old, new = diffSide(fc.Text, "-", f.IO.Color), diffSide(fc.Text, "+", f.IO.Color)
			}
			fmt.Fprintf(w, "    %s\n      %s%s\n      %s%s\n", name, before, orEmpty(old, l), after, orEmpty(new, l))
		}
	}
}

// Colours of removed and added words on a terminal (SGR: red struck
// through, green underlined), so they differ without colour too.
const (
	sgrRemoved = "\x1b[31;9m"
	sgrAdded   = "\x1b[32;4m"
	sgrReset   = "\x1b[0m"
)

// diffSide is one side of a text diff (op "-": before, "+": after) on one
// line, the words the other side lacks coloured when color is set.
func diffSide(spans []baseline.Span, op string, color bool) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Op != "=" && s.Op != op {
			continue
		}
		t := plainText(s.Text)
		if s.Op == op && color && strings.TrimSpace(t) != "" {
			sgr := sgrAdded
			if op == "-" {
				sgr = sgrRemoved
			}
			t = sgr + t + sgrReset
		}
		b.WriteString(t)
	}
	return strings.TrimSpace(b.String())
}

// plainText is user text safe for one terminal line: line breaks become
// " / " and control characters (escape sequences a text could carry) are
// dropped.
func plainText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", " / ")
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func orEmpty(s string, l crmflow.Lang) string {
	if strings.TrimSpace(s) == "" {
		return tr(l, "（空）", "(empty)")
	}
	return s
}

// diffFieldName names a field the way the project reads: its key in
// English, the field table's label in Chinese.
func diffFieldName(key string, l crmflow.Lang) string {
	if l == crmflow.LangEN {
		return key
	}
	if fd, ok := requirements.FieldByKey(key); ok {
		return fd.ZH
	}
	if key == "links" {
		return "追踪关系"
	}
	return strings.TrimPrefix(key, "fields.")
}
