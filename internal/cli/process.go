package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
)

// maxProcessFile bounds a DSL or BPMN file read from disk.
const maxProcessFile = 20 << 20

func readSource(path string) ([]byte, error) {
	return readBounded(path, "process files", maxProcessFile)
}

// readBounded reads an input file, refusing one larger than limit bytes.
func readBounded(path, what string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	if st.IsDir() {
		return nil, &report.ReadError{File: path, Msg: "this is a folder, not a file"}
	}
	if st.Size() > limit {
		return nil, crmflow.Errorf(crmflow.EINVALID, "%s is %d MB; crmflow reads %s up to %d MB", path, st.Size()>>20, what, limit>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	return b, nil
}

// inputError says once, in words, why an input file cannot be read: the
// file's name and the reason, not the system call ("stat x: …") behind it.
func inputError(path string, err error) error {
	why := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		why = "cannot read it: " + pe.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Not found, not invalid: the exit code and the hint say so.
		return &report.ReadError{File: path, Msg: "there is no such file", Code: crmflow.ENOTFOUND, Err: err}
	case errors.Is(err, fs.ErrPermission):
		why = "cannot read it: permission denied"
	}
	return &report.ReadError{File: path, Msg: why, Err: err}
}

// processError turns parse errors into one crmflow error whose lines each say file:line:col.
func processError(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*crmflow.Error); ok {
		return err
	}
	return &crmflow.Error{Code: crmflow.EINVALID, Message: err.Error(), Err: err, Try: "see docs/process-dsl.md for the language"}
}

func newCmdProcess(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "process <command>",
		Short: "Map business processes as-is and to-be: swimlanes, SVG, Mermaid, BPMN",
		Long: heredoc(`
			Process maps (流程梳理) are written in a small text language (docs/process-dsl.md):
			lanes for roles and systems, steps, gateways and flows, with steps linked to
			findings (F-001) and requirements (REQ-004). crmflow checks them, stores them,
			draws swimlane SVG, writes Mermaid and BPMN 2.0 (which opens laid out in
			bpmn.io and Camunda Modeler), imports BPMN back, and compares as-is with to-be.
		`),
		Example: heredoc(`
			$ crmflow process check visits.flow
			$ crmflow process add visits.flow
			$ crmflow process render PM-001 --format svg -o out/
			$ crmflow process diff PM-001 PM-002
		`),
	}
	cmd.AddCommand(newCmdProcessCheck(f), newCmdProcessAdd(f), newCmdProcessEdit(f), newCmdProcessList(f), newCmdProcessShow(f),
		newCmdProcessRender(f), newCmdProcessDiff(f), newCmdProcessImport(f))
	return cmd
}

func newCmdProcessCheck(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "check <file.flow>",
		Short: "Check a process file: syntax, structure and references",
		Long: heredoc(`
			Check a process file without storing it. Errors are printed as
			file:line:col: message, one per line, and the exit status is 1. Inside a
			workspace, finding (F-001) and requirement (REQ-004) references must exist.
		`),
		Example: "$ crmflow process check visits.flow",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := readSource(args[0])
			if err != nil {
				return err
			}
			svc := &process.Service{}
			if _, err := f.workspacePath(); err == nil {
				ap, err := f.App()
				if err != nil {
					return err
				}
				svc = ap.Processes
			}
			m, err := svc.Check(cmd.Context(), args[0], src)
			if err != nil {
				return processError(err)
			}
			fmt.Fprintf(f.IO.ErrOut, "%s: OK: %q (%s), %d lanes, %d steps, %d flows\n", args[0], m.Name, m.Variant, len(m.Lanes), len(m.Nodes), len(m.Flows))
			return nil
		},
	}
}

func newCmdProcessAdd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "add <file.flow>",
		Short: "Check and store a process map",
		Example: heredoc(`
			$ crmflow process add visits-asis.flow
			$ crmflow process add visits-tobe.flow
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := readSource(args[0])
			if err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Processes
			m, err := svc.Add(cmd.Context(), args[0], src)
			if err != nil {
				return processError(err)
			}
			fmt.Fprintln(f.IO.Out, m.ID)
			fmt.Fprintf(f.IO.ErrOut, "Added %s %s (%s): %d lanes, %d steps, %d flows\n", m.ID, m.Name, m.Variant, len(m.Lanes), len(m.Nodes), len(m.Flows))
			return nil
		},
	}
}

func newCmdProcessEdit(f *Factory) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "edit <PM-001>",
		Short: "Edit a process map's source in $EDITOR (or replace it from a file)",
		Long: heredoc(`
			Open the map's source in $VISUAL or $EDITOR; save and quit to check and store
			it. A mistake is reported as file:line:col, nothing is saved, and your text is
			kept in a file. --from replaces the source with a file's instead.
		`),
		Example: heredoc(`
			$ crmflow process edit PM-001
			$ crmflow process edit PM-001 --from visits-asis.flow
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Processes
			m, err := svc.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			var src []byte
			var name string
			if from != "" {
				if src, err = readSource(from); err != nil {
					return err
				}
				name = from
			} else {
				tmp, err := os.CreateTemp("", "crmflow-"+m.ID+"-*.flow")
				if err != nil {
					return err
				}
				name = tmp.Name()
				_, err = tmp.WriteString(m.Source)
				tmp.Close()
				if err != nil {
					return err
				}
				if err := runEditor(ctx, name); err != nil {
					os.Remove(name)
					return err
				}
				if src, err = os.ReadFile(name); err != nil {
					return err
				}
				if string(src) == m.Source {
					os.Remove(name)
					fmt.Fprintf(f.IO.ErrOut, "No change to %s; nothing was saved\n", m.ID)
					return nil
				}
			}
			saved, err := svc.Replace(ctx, m.ID, name, src)
			if err != nil {
				if from == "" {
					return &crmflow.Error{Code: crmflow.EINVALID, Err: err,
						Message: fmt.Sprintf("%s\nnothing was saved (your edit is kept in %s)", err, name),
						Try:     "fix it and run crmflow process edit " + m.ID + " --from " + name}
				}
				return processError(err)
			}
			if from == "" {
				os.Remove(name)
			}
			fmt.Fprintf(f.IO.ErrOut, "Updated %s %s (%s)\n", saved.ID, saved.Name, saved.Variant)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "replace the source with this file's")
	return cmd
}

// processSummary is a map as listings show it.
type processSummary struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Variant  process.Variant `json:"variant"`
	Lanes    int             `json:"lanes"`
	Steps    int             `json:"steps"`
	Flows    int             `json:"flows"`
	Pains    []string        `json:"pains"`
	Reqs     []string        `json:"reqs"`
	Updated  string          `json:"updated_at"`
	Describe string          `json:"description"`
}

func summarize(m process.Map) processSummary {
	s := processSummary{ID: m.ID, Name: m.Name, Variant: m.Variant, Lanes: len(m.Lanes), Steps: len(m.Nodes), Flows: len(m.Flows),
		Pains: []string{}, Reqs: []string{}, Updated: m.UpdatedAt.Format(crmflow.TimeFormat), Describe: m.Description}
	seen := map[string]bool{}
	for _, n := range m.Nodes {
		for _, x := range n.Findings {
			if !seen[x] {
				seen[x] = true
				s.Pains = append(s.Pains, x)
			}
		}
		for _, x := range n.Reqs {
			if !seen[x] {
				seen[x] = true
				s.Reqs = append(s.Reqs, x)
			}
		}
	}
	slices.Sort(s.Pains)
	slices.Sort(s.Reqs)
	return s
}

func newCmdProcessList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List process maps",
		Example: "$ crmflow process list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.ProcessMaps(cmd.Context())
			if err != nil {
				return err
			}
			sums := make([]processSummary, len(all))
			for i, m := range all {
				sums[i] = summarize(m)
			}
			if asJSON {
				return writeJSON(f.IO, sums)
			}
			t := newTable(f.IO, "ID", "NAME", "VARIANT", "LANES", "STEPS", "PAIN POINTS", "REQUIREMENTS")
			for _, s := range sums {
				t.add(s.ID, s.Name, string(s.Variant), fmt.Sprint(s.Lanes), fmt.Sprint(s.Steps), strings.Join(s.Pains, ","), strings.Join(s.Reqs, ","))
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdProcessShow(f *Factory) *cobra.Command {
	var asJSON, source bool
	cmd := &cobra.Command{
		Use:   "show <PM-001>",
		Short: "Show a process map: lanes, steps, pain points, linked requirements",
		Example: heredoc(`
			$ crmflow process show PM-001
			$ crmflow process show PM-001 --source > visits.flow
			$ crmflow process show PM-001 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Processes
			m, err := svc.Resolve(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if source {
				_, err := fmt.Fprint(f.IO.Out, m.Source)
				return err
			}
			if asJSON {
				return writeJSON(f.IO, m)
			}
			w := f.IO.Out
			fmt.Fprintf(w, "%s  %s (%s)\n", m.ID, m.Name, m.Variant)
			if m.Description != "" {
				fmt.Fprintf(w, "%s\n", m.Description)
			}
			for _, l := range m.Lanes {
				kind := "role"
				if l.System {
					kind = "system"
				}
				fmt.Fprintf(w, "\n%s (%s)\n", l.Name, kind)
				for _, n := range m.Nodes {
					if n.Lane != l.ID {
						continue
					}
					var refs []string
					refs = append(refs, n.Findings...)
					refs = append(refs, n.Reqs...)
					line := fmt.Sprintf("  %-7s %-10s %s", n.Kind, n.ID, n.Label)
					if len(refs) > 0 {
						line += "  [" + strings.Join(refs, ", ") + "]"
					}
					if n.Pain() {
						line += "  ← pain point"
					}
					fmt.Fprintln(w, line)
				}
			}
			fmt.Fprintf(w, "\nflows: %d\n", len(m.Flows))
			for _, fl := range m.Flows {
				label := ""
				if fl.Label != "" {
					label = " : " + fl.Label
				}
				fmt.Fprintf(w, "  %s -> %s%s\n", fl.From, fl.To, label)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&source, "source", false, "print the DSL source")
	return cmd
}

// renderProcess writes one map in a format to path.
func newCmdProcessRender(f *Factory) *cobra.Command {
	var format, out, lang string
	cmd := &cobra.Command{
		Use:   "render <PM-001>",
		Short: "Draw a process map as SVG swimlanes, Mermaid or BPMN 2.0",
		Long: heredoc(`
			svg: a swimlane diagram (pain points marked, requirement IDs as tags);
			mermaid: a flowchart with one subgraph per lane; bpmn: BPMN 2.0 XML with lanes
			and a complete diagram, which opens laid out in bpmn.io and Camunda Modeler.
			-o names a folder (the file is called PM-001.svg, .mmd or .bpmn) or a file.
		`),
		Example: heredoc(`
			$ crmflow process render PM-001 --format svg -o out/
			$ crmflow process render PM-002 --format bpmn -o out/visits-tobe.bpmn
			$ crmflow process render PM-001 --format mermaid -o -
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Processes
			m, err := svc.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			l, err := docLang(ctx, f, lang)
			if err != nil {
				return err
			}
			doc, err := ap.RenderMap(ctx, &m, strings.ToLower(format), l)
			if err != nil {
				return err
			}
			if out == "-" {
				_, err := f.IO.Out.Write(doc.Data)
				return err
			}
			path := outputPath(out, doc.Name)
			if err := writeOutput(f, path, doc.Data); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, path)
			fmt.Fprintf(f.IO.ErrOut, "Wrote %s\n", path)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "svg", "svg, mermaid or bpmn")
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder or file to write; - for stdout")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en for the SVG's captions (default: the project's language)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"svg", "mermaid", "bpmn"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func newCmdProcessDiff(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff <as-is> <to-be>",
		Short: "Compare two maps: steps added, removed, moved between lanes, automated",
		Example: heredoc(`
			$ crmflow process diff PM-001 PM-002
			$ crmflow process diff PM-001 PM-002 --json
		`),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Processes
			a, err := svc.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			b, err := svc.Resolve(ctx, args[1])
			if err != nil {
				return err
			}
			changes := process.Diff(&a, &b)
			if changes == nil {
				changes = []process.Change{}
			}
			if asJSON {
				return writeJSON(f.IO, changes)
			}
			fmt.Fprintf(f.IO.ErrOut, "%s %s (%s) → %s %s (%s): %d changes\n", a.ID, a.Name, a.Variant, b.ID, b.Name, b.Variant, len(changes))
			t := newTable(f.IO, "CHANGE", "STEP", "LABEL", "DETAIL")
			t.truncate = 3
			for _, c := range changes {
				t.add(c.Kind, c.ID, c.Label, c.Detail)
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdProcessImport(f *Factory) *cobra.Command {
	var dslOut string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import <diagram.bpmn>",
		Short: "Import a BPMN 2.0 diagram (bpmn.io, Camunda Modeler) as a process map",
		Long: heredoc(`
			Read lanes, tasks, events, gateways and flows from a BPMN 2.0 file, turn them
			into the process language, check that, and store it as a new map. --dsl also
			writes the generated source to a file; --dry-run only prints it.
		`),
		Example: heredoc(`
			$ crmflow process import diagram.bpmn
			$ crmflow process import diagram.bpmn --dry-run > diagram.flow
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			data, err := readSource(args[0])
			if err != nil {
				return err
			}
			src, err := app.ProcessFromBPMN(filepath.Base(args[0]), data)
			if err != nil {
				return processError(err)
			}
			if dslOut != "" {
				if err := writeOutput(f, dslOut, src); err != nil {
					return err
				}
			}
			if dryRun {
				_, err := f.IO.Out.Write(src)
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Processes
			saved, err := svc.Add(ctx, filepath.Base(args[0])+".flow", src)
			if err != nil {
				return processError(err)
			}
			fmt.Fprintln(f.IO.Out, saved.ID)
			fmt.Fprintf(f.IO.ErrOut, "Imported %s as %s %s: %d lanes, %d steps, %d flows\n", args[0], saved.ID, saved.Name, len(saved.Lanes), len(saved.Nodes), len(saved.Flows))
			return nil
		},
	}
	cmd.Flags().StringVar(&dslOut, "dsl", "", "also write the generated process source to this file")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the generated source; store nothing")
	return cmd
}
