package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
)

// maxImportSize bounds the workbook read into memory; a checklist of 100,000
// requirements is a few megabytes.
const maxImportSize = 64 << 20

func newCmdExport(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "export <what>",
		Short:   "Write spreadsheets: reqs (the requirement checklist), crs (the change log)",
		Example: "$ crmflow export reqs -o out/requirements.xlsx",
	}
	var lang, out string
	var modules []string
	reqs := &cobra.Command{
		Use:   "reqs",
		Short: "Write the requirement checklist workbook (xlsx)",
		Long: heredoc(`
			Write the requirement checklist for stakeholders to review in Excel, WPS or
			LibreOffice: instructions, the requirement list (dropdowns for module, kind,
			status and MoSCoW, 1–5 checks on the scores, MoSCoW colours, a frozen header and
			filters), a summary with a chart, the data dictionary and the permission matrix.
			Send it out, get it back, and read the edits in with crmflow import reqs.
		`),
		Example: heredoc(`
			$ crmflow export reqs -o out/requirements.xlsx
			$ crmflow export reqs --lang en --module 拜访跟进 -o out/visits.xlsx
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			l, err := docLang(ctx, f, lang)
			if err != nil {
				return err
			}
			doc, err := ap.Checklist(ctx, l, splitAll(modules))
			if err != nil {
				return err
			}
			path := outputPath(out, "requirements.xlsx")
			replaced, err := checkReplaceChecklist(ctx, ap, path, f.Force)
			if err != nil {
				return err
			}
			// The checklist rule above knows better than the file rule
			// whether an edited checklist may go (its edits imported or not).
			if _, err := app.WriteOutput(path, doc.Data, true); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, path)
			fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%s)\n", path, crmflow.Count(doc.Requirements, "requirement"))
			if replaced != "" {
				fmt.Fprintf(f.IO.ErrOut, "Replaced the earlier %s: %s\n", path, replaced)
			}
			return nil
		},
	}
	reqs.Flags().BoolVar(&f.Force, "force", false, "replace a checklist that holds edits not imported yet")
	reqs.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	reqs.Flags().StringVarP(&out, "output", "o", "", "file or folder to write (default: requirements.xlsx)")
	reqs.Flags().StringArrayVar(&modules, "module", nil, "only this module (repeat for several)")
	var crLang, crOut string
	crs := &cobra.Command{
		Use:   "crs",
		Short: "Write the change log workbook (xlsx): one row per change request",
		Long: heredoc(`
			Write the change log (变更记录) for the client and the project board: one row per
			change request with its reason, change set, effort, schedule and cost impact,
			risk, affected requirements, the decision (who, when, why) and the baseline it
			made; a status dropdown, a frozen header and filters; and a summary sheet with
			the counts by state and the approved effort, schedule impact and cost.
		`),
		Example: "$ crmflow export crs -o out/change-log.xlsx\n$ crmflow export crs --lang en -o out/",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			l, err := docLang(ctx, f, crLang)
			if err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			doc, err := ap.ChangeLog(ctx, l, "xlsx")
			if err != nil {
				return err
			}
			return writeDoc(f, outputPath(crOut, doc.Name), doc.Data)
		},
	}
	crs.Flags().StringVar(&crLang, "lang", "", "zh or en (default: the project's language)")
	crs.Flags().StringVarP(&crOut, "output", "o", "", "folder or file to write")
	cmd.AddCommand(crs, reqs, newCmdExportICS(f))
	return cmd
}

func newCmdImport(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "import <what> <file>",
		Short:   "Read spreadsheets back: reqs (the edited requirement checklist)",
		Example: "$ crmflow import reqs out/requirements.xlsx --dry-run",
	}
	opts := &importReqsOptions{IO: f.IO, App: func() (reqImporter, error) { return f.App() }}
	reqs := &cobra.Command{
		Use:   "reqs <file.xlsx>",
		Short: "Read an edited requirement checklist back, as a previewed diff",
		Long: heredoc(`
			Read a checklist workbook that stakeholders edited (in Excel, WPS or
			LibreOffice) and apply their changes in one transaction. Columns are matched by
			header (Chinese or English, any order). Every row is checked before anything is
			written; a bad cell is reported with its file, sheet, row and column, and then
			nothing is written.

			Rows without an ID become new requirements. A row changed in the file and also
			changed in the workspace since the export is a conflict: --theirs takes the
			file's change, --ours keeps the workspace. Requirements missing from the file
			are left alone unless --delete-missing (drafts only). Frozen requirements
			cannot be changed by an import. --dry-run shows the diff and writes nothing.
		`),
		Example: heredoc(`
			$ crmflow import reqs out/requirements.xlsx --dry-run
			$ crmflow import reqs out/requirements.xlsx
			$ crmflow import reqs back-from-client.xlsx --theirs
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return runImportReqs(cmd.Context(), opts)
		},
	}
	fl := reqs.Flags()
	fl.BoolVar(&opts.DryRun, "dry-run", false, "show what would change; write nothing")
	fl.BoolVar(&opts.Theirs, "theirs", false, "on a conflict, take the file's changes")
	fl.BoolVar(&opts.Ours, "ours", false, "on a conflict, keep the workspace and skip the row")
	fl.BoolVar(&opts.DeleteMissing, "delete-missing", false, "remove draft requirements the file no longer lists")
	fl.BoolVar(&opts.AsJSON, "json", false, "print the plan as JSON")
	cmd.AddCommand(reqs)
	return cmd
}

// importReqsOptions are what `crmflow import reqs` was asked.
type importReqsOptions struct {
	IO                                  *IOStreams
	App                                 func() (reqImporter, error)
	File                                string
	DryRun, Theirs, Ours, DeleteMissing bool
	AsJSON                              bool
}

// reqImporter is the part of the application import reqs uses.
type reqImporter interface {
	PlanRequirementImport(ctx context.Context, in app.Input, opt requirements.ImportOptions) (*requirements.ImportPlan, error)
	ApplyRequirementImport(ctx context.Context, plan *requirements.ImportPlan) error
}

func runImportReqs(ctx context.Context, opts *importReqsOptions) error {
	file := opts.File
	data, err := readBounded(file, "workbooks", maxImportSize)
	if err != nil {
		return err
	}
	a, err := opts.App()
	if err != nil {
		return err
	}
	plan, err := a.PlanRequirementImport(ctx, app.Input{Name: file, Data: data},
		requirements.ImportOptions{Theirs: opts.Theirs, Ours: opts.Ours, DeleteMissing: opts.DeleteMissing})
	if err != nil {
		return err
	}
	io := opts.IO
	if opts.AsJSON {
		if err := writeJSON(io, plan); err != nil {
			return err
		}
	} else {
		printPlan(io, filepath.Base(file), plan)
	}
	for _, c := range plan.Computed {
		fmt.Fprintf(io.ErrOut, "Note: %s\n", c.Error())
	}
	listProblems(io.ErrOut, plan.Problems, func(p requirements.ImportProblem) string { return hintFor(p, "") })
	if len(plan.Problems) > 0 {
		return crmflow.Errorf(crmflow.EINVALID, "%s in %s; nothing was written", crmflow.Count(len(plan.Problems), "problem"), file)
	}
	if len(plan.Conflicts) > 0 {
		return crmflow.Errorf(crmflow.ECONFLICT, "%d rows were changed both in %s and in the workspace since the export; nothing was written", len(plan.Conflicts), file).
			WithTry("crmflow import reqs " + file + " --theirs   (take the file's changes), or --ours (keep the workspace's)")
	}
	if opts.DryRun {
		fmt.Fprintln(io.ErrOut, "Dry run: nothing was written")
		return nil
	}
	if plan.Empty() {
		if len(plan.Imported) > 0 {
			fmt.Fprintf(io.ErrOut, "Nothing to import: the file matches the workspace (its %s imported before)\n", crmflow.Count(len(plan.Imported), "new row"))
			return nil
		}
		fmt.Fprintln(io.ErrOut, "Nothing to import: the file matches the workspace")
		return nil
	}
	if err := a.ApplyRequirementImport(ctx, plan); err != nil {
		return err
	}
	fmt.Fprintf(io.ErrOut, "Imported %s: %d new, %d changed, %d removed\n", file, len(plan.New), len(plan.Changed), len(plan.Deleted))
	return nil
}

// printPlan shows an import as a diff.
func printPlan(io *IOStreams, file string, p *requirements.ImportPlan) {
	w := io.Out
	// A row with several problems is one rejected row.
	rejected := map[int]bool{}
	for _, x := range p.Problems {
		rejected[x.Row] = true
	}
	fmt.Fprintf(w, "%s: %d new, %d changed, %d unchanged, %s, %s", file,
		len(p.New), len(p.Changed), p.Unchanged, crmflow.Count(len(p.Conflicts), "conflict"), crmflow.Count(len(rejected), "rejected row"))
	if len(p.Deleted) > 0 {
		fmt.Fprintf(w, ", %d to remove", len(p.Deleted))
	}
	fmt.Fprintln(w)
	for _, c := range p.Changed {
		note := ""
		if c.Conflict {
			note = "  (also changed in the workspace; taking the file's change)"
		}
		fmt.Fprintf(w, "~ %s (row %d)%s\n", c.ID, c.Row, note)
		for _, fc := range c.Changes {
			fmt.Fprintf(w, "    %s: %s → %s\n", fc.Field, quoteShort(fc.Old), quoteShort(fc.New))
		}
	}
	for _, n := range p.New {
		fmt.Fprintf(w, "+ row %d: %s (%s, %s)\n", n.Row, n.Requirement.Title, n.Requirement.Module, n.Requirement.Status)
	}
	for _, id := range p.Deleted {
		fmt.Fprintf(w, "- %s\n", id)
	}
	for _, m := range p.Imported {
		fmt.Fprintf(w, "= row %d is %s, imported before; not added again (write %s in its ID cell to edit it)\n", m.Row, m.ID, m.ID)
	}
	for _, c := range p.Conflicts {
		fmt.Fprintf(w, "! %s (row %d): changed in the file (%s) and in the workspace since revision %d (%s)\n",
			c.ID, c.Row, strings.Join(c.FileFields, ", "), c.FileRevision, strings.Join(c.OurFields, ", "))
	}
	for _, id := range p.Skipped {
		fmt.Fprintf(w, "= %s kept as in the workspace (--ours)\n", id)
	}
	if len(p.Missing) > 0 {
		fmt.Fprintf(w, "  %s not in the file and left alone (--delete-missing removes drafts)\n", crmflow.Count(len(p.Missing), "requirement"))
	}
}

func quoteShort(s string) string {
	s = strings.ReplaceAll(s, "\n", " / ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// checkReplaceChecklist guards an existing checklist at path before export
// reqs writes over it: one that holds edits the workspace does not have (a
// stakeholder's answers not imported yet), or that is not a checklist at
// all, is refused unless force. It returns what the old file held, to say.
func checkReplaceChecklist(ctx context.Context, ap *app.App, path string, force bool) (string, error) {
	st, err := os.Stat(path)
	if err != nil || st.IsDir() {
		return "", nil
	}
	data, err := readBounded(path, "workbooks", maxImportSize)
	if err != nil {
		return "", err
	}
	plan, err := ap.PlanRequirementImport(ctx, app.Input{Name: path, Data: data}, requirements.ImportOptions{})
	if err != nil {
		if force {
			return "a file that was not a crmflow checklist (--force)", nil
		}
		return "", crmflow.Errorf(crmflow.ECONFLICT, "%s exists and is not a checklist crmflow wrote (%v); nothing was written", path, err).
			WithTry("write elsewhere with -o, or add --force to replace it")
	}
	edits := len(plan.New) + len(plan.Changed) + len(plan.Conflicts) + len(plan.Problems)
	if edits == 0 {
		return "it held no edits the workspace lacks", nil
	}
	what := fmt.Sprintf("%s: %d changed, %d new, %d conflicting, %d with problems", crmflow.Count(edits, "row"), len(plan.Changed), len(plan.New), len(plan.Conflicts), len(plan.Problems))
	if force {
		return "its edits not imported (" + what + ") are gone (--force)", nil
	}
	return "", crmflow.Errorf(crmflow.ECONFLICT, "%s holds edits not imported yet (%s); nothing was written", path, what).
		WithTry("crmflow import reqs " + path + " --dry-run   (see them), or add --force to replace the file")
}
