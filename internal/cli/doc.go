package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

// outputPath resolves -o: a folder (existing, or written with a trailing
// slash) gets name inside it; anything else is the file itself.
func outputPath(o, name string) string {
	if o == "" {
		return name
	}
	if strings.HasSuffix(o, "/") || strings.HasSuffix(o, string(filepath.Separator)) {
		return filepath.Join(o, name)
	}
	if st, err := os.Stat(o); err == nil && st.IsDir() {
		return filepath.Join(o, name)
	}
	return o
}

// writeOutput writes a file under the output rule (app.CheckOutput): its
// folder must exist unless it is the default out/, and a file changed since
// crmflow wrote it (or one crmflow did not write) is replaced only with
// --force, saying what was replaced. A reader never sees half a file.
func writeOutput(f *Factory, path string, data []byte) error {
	return writeOutputDocument(f.IO, f.Force, f.errorLang(context.Background()), path, app.Document{Data: data})
}

// writeOutputDocument is writeOutput for a document with files beside it.
func writeOutputDocument(io *IOStreams, force bool, lang crmflow.Lang, path string, doc app.Document) error {
	r, err := app.WriteOutputDocument(path, doc, force)
	if err != nil {
		return err
	}
	switch r {
	case app.ReplacedEdited:
		fmt.Fprintf(io.ErrOut, zhOr(lang, "已替换 %s：crmflow 写出后它被改动过（--force）\n", "Replaced %s, which had been changed since crmflow wrote it (--force)\n"), path)
	case app.ReplacedUnknown:
		fmt.Fprintf(io.ErrOut, zhOr(lang, "已替换 %s：它不是 crmflow 写出的（--force）\n", "Replaced %s, which crmflow had not written (--force)\n"), path)
	}
	return nil
}

// docLang is --lang, or the project's language.
func docLang(ctx context.Context, f *Factory, flag string) (crmflow.Lang, error) {
	if flag != "" {
		return crmflow.ParseLang(flag)
	}
	return projectLang(ctx, f), nil
}

// writeDoc writes a built document and says where.
func writeDoc(f *Factory, path string, data []byte) error {
	return writeDocTo(f.IO, f.Force, f.errorLang(context.Background()), path, data)
}

// writeDocTo writes a built document and says where on io.
func writeDocTo(io *IOStreams, force bool, lang crmflow.Lang, path string, data []byte) error {
	if err := writeOutputDocument(io, force, lang, path, app.Document{Data: data}); err != nil {
		return err
	}
	fmt.Fprintln(io.Out, path)
	fmt.Fprintf(io.ErrOut, zhOr(lang, "已写出 %s（%d KB）\n", "Wrote %s (%d KB)\n"), path, (len(data)+1023)/1024)
	return nil
}

func newCmdDoc(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doc <command>",
		Short: "Build the documents clients read and sign",
		Example: heredoc(`
			$ crmflow doc build srs --lang zh --format html -o out/
			$ crmflow doc build srs --lang en --format md -o out/
		`),
	}
	opts := &docBuildOptions{IO: f.IO, App: func() (documenter, error) { return f.App() }}
	build := &cobra.Command{
		Use:   "build <document> [ID]",
		Short: "Build a document: srs (需求规格说明书), minutes MEET-001 (会议纪要), crs (变更记录), survey (调研报告), acceptance UAT-1 (验收报告)",
		Long: heredoc(`
			Build a document:

			  srs          the requirement specification (需求规格说明书), following
			               GB/T 8567-2006 with the seed's five contents: business
			               processes, the function list by module with priorities and
			               acceptance criteria, the role × module permission matrix, the
			               data dictionary, and report requirements; plus a cover, revision
			               history (from the baselines and applied change requests),
			               glossary, non-functional requirements, a traceability table
			               and a sign-off page. --baseline v1.0 builds it as of a baseline.
			  minutes ID   the minutes of a meeting (需求确认会纪要): attendees, decisions,
			               notes and signature lines.
			  crs          the change log (变更记录): every change request with its
			               change set, impact analysis and decisions.
			  survey       the survey report (调研报告): method, respondents by role,
			               results per question (bar charts in HTML), interview
			               summaries, findings ranked with the requirements each became,
			               and the competitor matrix.
			  acceptance UAT-1  the acceptance report (验收报告) of a UAT round: basis,
			               scope, rounds, results by module, defects by grade, open
			               items, verdict and signatures.

			--format md writes Markdown; html a self-contained page (table of contents,
			print CSS for A4, no external resources). --lang en writes the English version
			(the SRS with ISO/IEC/IEEE 29148 headings). -o names a folder or a file. Times
			come from the clock (CRMFLOW_NOW), so the same workspace gives the same bytes.
		`),
		Example: heredoc(`
			$ crmflow doc build srs --format html -o out/
			$ crmflow doc build srs --lang en --format md -o out/srs.md
			$ crmflow doc build srs --baseline v1.0 -o out/srs-v1.0.html
			$ crmflow doc build minutes MEET-001 --format html -o out/
			$ crmflow doc build crs --format md -o out/
			$ crmflow doc build survey --format html -o out/
			$ crmflow doc build acceptance UAT-1 --format html -o out/
		`),
		Args:      cobra.RangeArgs(1, 2),
		ValidArgs: []string{"srs", "minutes", "crs", "survey", "acceptance"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Doc = args[0]
			if len(args) == 2 {
				opts.ID = args[1]
			}
			if opts.Lang == "" {
				// The project's language; a workspace that does not open
				// fails below with its own error.
				if a, err := f.App(); err == nil {
					opts.Lang = string(a.Lang(cmd.Context()))
				}
			}
			opts.Force = f.Force
			return runDocBuild(cmd.Context(), opts, len(args))
		},
	}
	build.Flags().StringVar(&opts.AsOf, "baseline", "", "build the SRS as of this baseline (e.g. v1.0)")
	build.Flags().StringVar(&opts.Lang, "lang", "", "zh or en (default: the project's language)")
	build.Flags().StringVar(&opts.Format, "format", "html", "md or html")
	build.Flags().StringVarP(&opts.Out, "output", "o", "", "folder or file to write (default: the current folder)")
	_ = build.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "html"}, cobra.ShellCompDirectiveNoFileComp))
	_ = build.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"zh", "en"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(build)
	return cmd
}

// docBuildOptions are what `crmflow doc build` was asked.
type docBuildOptions struct {
	IO     *IOStreams
	App    func() (documenter, error)
	Doc    string // srs, minutes, crs, survey, acceptance
	ID     string // the meeting, for minutes; the UAT round, for acceptance
	Lang   string // zh or en ("" is zh)
	Format string // md or html
	Out    string // -o
	AsOf   string // --baseline
	Force  bool   // --force: replace a file changed since crmflow wrote it
}

// documenter is the part of the application doc build uses.
type documenter interface {
	SRS(ctx context.Context, lang crmflow.Lang, format app.Format, asOf string) (app.Document, error)
	Minutes(ctx context.Context, ref string, lang crmflow.Lang, format app.Format) (app.Document, error)
	ChangeLog(ctx context.Context, lang crmflow.Lang, format app.Format) (app.Document, error)
	SurveyReport(ctx context.Context, lang crmflow.Lang, format app.Format) (app.Document, error)
	AcceptanceDocument(ctx context.Context, ref string, lang crmflow.Lang, format app.Format) (app.Document, error)
}

func runDocBuild(ctx context.Context, opts *docBuildOptions, nargs int) error {
	fm := app.Format(strings.ToLower(opts.Format))
	if fm != app.FormatMarkdown && fm != app.FormatHTML {
		return crmflow.Errorf(crmflow.EINVALID, "--format %q is not md or html", opts.Format)
	}
	l := crmflow.LangZH
	if opts.Lang != "" {
		var err error
		if l, err = crmflow.ParseLang(opts.Lang); err != nil {
			return err
		}
	}
	wantID := opts.Doc == "minutes" || opts.Doc == "acceptance"
	if wantID != (nargs == 2) {
		if opts.Doc == "acceptance" {
			return &usageError{err: fmt.Errorf("doc build acceptance needs the UAT round's ID (crmflow uat list)"), zh: "doc build acceptance 需要 UAT 轮次的编号（crmflow uat list）"}
		}
		if wantID {
			return &usageError{err: fmt.Errorf("doc build minutes needs the meeting's ID (crmflow meeting list)"), zh: "doc build minutes 需要会议的编号（crmflow meeting list）"}
		}
		return &usageError{err: fmt.Errorf("doc build %s takes no ID", opts.Doc), zh: fmt.Sprintf("doc build %s 不需要编号", opts.Doc)}
	}
	if opts.AsOf != "" && opts.Doc != "srs" {
		return &usageError{err: fmt.Errorf("--baseline applies to the srs"), zh: "--baseline 只适用于 srs"}
	}
	a, err := opts.App()
	if err != nil {
		return err
	}
	var doc app.Document
	switch opts.Doc {
	case "srs":
		doc, err = a.SRS(ctx, l, fm, opts.AsOf)
		if err != nil {
			return err
		}
		path := outputPath(opts.Out, doc.Name)
		pl := langOf(ctx, a)
		if err := writeOutputDocument(opts.IO, opts.Force, pl, path, doc); err != nil {
			return err
		}
		fmt.Fprintln(opts.IO.Out, path)
		fmt.Fprintf(opts.IO.ErrOut, zhOr(pl, "已写出 %[1]s（%[3]d 条需求，%[4]d KB）\n", "Wrote %[1]s (%[2]s, %[4]d KB)\n"), path, crmflow.Count(doc.Requirements, "requirement"), doc.Requirements, (len(doc.Data)+1023)/1024)
		return nil
	case "minutes":
		doc, err = a.Minutes(ctx, opts.ID, l, fm)
	case "crs":
		doc, err = a.ChangeLog(ctx, l, fm)
	case "survey":
		doc, err = a.SurveyReport(ctx, l, fm)
	case "acceptance":
		doc, err = a.AcceptanceDocument(ctx, opts.ID, l, fm)
	default:
		return crmflow.Errorf(crmflow.EINVALID, "unknown document %q; crmflow builds: srs, minutes, crs, survey, acceptance", opts.Doc)
	}
	if err != nil {
		return err
	}
	for _, w := range doc.Warnings {
		fmt.Fprintf(opts.IO.ErrOut, tr(l, "注意：%s\n", "Warning: %s\n"), w)
	}
	return writeDocTo(opts.IO, opts.Force, langOf(ctx, a), outputPath(opts.Out, doc.Name), doc.Data)
}

// projectLang is the project's language; zh when the workspace does not open
// (the command then fails on its own when it opens it).
func projectLang(ctx context.Context, f *Factory) crmflow.Lang {
	a, err := f.App()
	if err != nil {
		return crmflow.LangZH
	}
	return a.Lang(ctx)
}

// now is the time on the workspace's clock (CRMFLOW_NOW when set).
func now(f *Factory) (time.Time, error) {
	o, err := f.options()
	if err != nil {
		return time.Time{}, err
	}
	return o.Clock.Now(), nil
}

// langOr is the language a --lang flag names, or def when the flag is empty.
func langOr(flag string, def crmflow.Lang) (crmflow.Lang, error) {
	if flag == "" {
		return def, nil
	}
	return crmflow.ParseLang(flag)
}
