package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

// defaultOutDir is where the plan's documents go when -o is not given; it is
// the only folder these commands create.
const defaultOutDir = "out" + string(filepath.Separator)

// addPlanDocCommands registers the plan's documents: report weekly and gantt.
func addPlanDocCommands(root *cobra.Command, f *Factory) {
	for _, c := range []*cobra.Command{newCmdReport(f), newCmdGantt(f)} {
		c.GroupID = "plan"
		root.AddCommand(c)
	}
}

// planDocPath resolves -o for a document named name. A folder (an existing
// one, or one written with a trailing slash) gets the document inside it;
// anything else is the file itself. Only the default out/ folder is created:
// a folder the user names must exist, so a typo does not scatter files.
func planDocPath(out, name string) (string, error) {
	if name == "" || filepath.Base(name) != name || name == "." || name == ".." {
		return "", crmflow.Errorf(crmflow.EINTERNAL, "document name %q is not a plain file name", name)
	}
	if out == "" {
		out = defaultOutDir
	}
	isDefault := filepath.Clean(out) == filepath.Clean(defaultOutDir)
	dir, file := out, name
	if !strings.HasSuffix(out, "/") && !strings.HasSuffix(out, string(filepath.Separator)) {
		if st, err := os.Stat(out); err != nil || !st.IsDir() {
			dir, file = filepath.Dir(out), filepath.Base(out)
			isDefault = false
		}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if !isDefault && !app.InDefaultOut(dir) {
			return "", crmflow.Errorf(crmflow.ENOTFOUND, "the folder %s does not exist", dir).With("folder", dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", crmflow.Errorf(crmflow.EINVALID, "cannot create folder %s: %v", dir, err)
		}
	}
	return filepath.Join(dir, file), nil
}

// writePlanDoc writes a document where -o points and says where.
func writePlanDoc(f *Factory, out string, doc app.Document) error {
	path, err := planDocPath(out, doc.Name)
	if err != nil {
		return err
	}
	return writeDoc(f, path, doc.Data)
}

// withPlanDoc runs build on the open workspace and writes what it returns.
func withPlanDoc(f *Factory, cmd *cobra.Command, out string, build func(ctx context.Context, a *app.App) (app.Document, error)) error {
	return withPlan(f, cmd, func(ctx context.Context, a *app.App, _ crmflow.Lang) error {
		doc, err := build(ctx, a)
		if err != nil {
			return err
		}
		return writePlanDoc(f, out, doc)
	})
}

func newCmdReport(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "report <command>",
		Short:   "Write the project manager's reports: weekly (项目周报)",
		Example: "$ crmflow report weekly --format html -o out/",
	}
	var week, format, out, lang string
	weekly := &cobra.Command{
		Use:   "weekly",
		Short: "Write the weekly report (项目周报) as md, html or xlsx",
		Long: heredoc(`
			Write the weekly report as Chinese delivery teams write it: basic information;
			the overall RAG with one line of summary and a RAG per dimension (schedule,
			scope, change, risk) with its trend against last week; done this week and
			planned next week; the milestone table (baseline, forecast and actual finish,
			slip and its reason, e.g. moved by CR-001); buffer used (fever chart); the top
			risks by exposure; this week's change requests; requirement counts by status;
			and what needs the client's coordination.

			--week picks an ISO week (default: this week); the report is as of its Sunday,
			or today while the week runs. --format html is one self-contained page with
			the Gantt chart and fever chart drawn inline (print CSS, A4 landscape); xlsx
			prints one page wide. --lang picks zh or en (default: the project's). -o names a folder or a
			file (default: out/, the only folder created).
		`),
		Example: heredoc(`
			$ crmflow report weekly --format html -o out/
			$ crmflow report weekly --week 2027-W03 --format md -o out/
			$ crmflow report weekly --format xlsx -o out/周报.xlsx
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlanDoc(f, cmd, out, func(ctx context.Context, a *app.App) (app.Document, error) {
				l := crmflow.Lang("")
				if lang != "" {
					var err error
					if l, err = crmflow.ParseLang(lang); err != nil {
						return app.Document{}, err
					}
				}
				return a.WeeklyReport(ctx, week, format, l)
			})
		},
	}
	weekly.Flags().StringVar(&week, "week", "", "ISO week, e.g. 2027-W03 (default: this week)")
	weekly.Flags().StringVar(&format, "format", "html", "md, html or xlsx")
	weekly.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	weekly.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: out/)")
	_ = weekly.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(app.WeeklyFormats, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(weekly)
	return cmd
}

func newCmdGantt(f *Factory) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "gantt",
		Short: "Draw the Gantt chart as svg, xlsx or mermaid",
		Long: heredoc(`
			Draw the schedule as of today. svg: a week grid with weekends and holidays
			shaded, today's line, the critical path in red, milestones as diamonds and the
			baseline bar under each forecast bar. xlsx: the timeline drawn in cells, one
			column per week, printing on A3 landscape. mermaid: a gantt chart that keeps
			the working calendar (holidays excluded, 调休 make-up days included).
			-o names a folder or a file (default: out/, the only folder created).
		`),
		Example: heredoc(`
			$ crmflow gantt --format svg -o out/
			$ crmflow gantt --format xlsx -o out/
			$ crmflow gantt --format mermaid -o out/plan.mmd
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlanDoc(f, cmd, out, func(ctx context.Context, a *app.App) (app.Document, error) {
				return a.GanttChart(ctx, format)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "svg", "svg, xlsx or mermaid")
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: out/)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(app.GanttFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// newCmdExportICS is export ics: the milestones as a calendar file.
func newCmdExportICS(f *Factory) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "ics",
		Short: "Write the milestones as a calendar file (ICS) for Outlook, Google or Apple Calendar",
		Long: heredoc(`
			Write one all-day event per milestone over its forecast dates (RFC 5545).
			Each event keeps its UID from one export to the next, so importing the file
			again updates the events instead of adding copies.
		`),
		Example: "$ crmflow export ics -o out/milestones.ics",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlanDoc(f, cmd, out, func(ctx context.Context, a *app.App) (app.Document, error) {
				return a.MilestoneCalendar(ctx)
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: out/milestones.ics)")
	return cmd
}
