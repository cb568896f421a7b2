package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/sqlite"
)

// gatherRegister collects the domain values documents are built from.
func gatherRegister(ctx context.Context, db *sqlite.DB, svc *requirements.Service, clock crmflow.Clock, actor crmflow.Actor, lang crmflow.Lang) (*report.Register, error) {
	p, err := db.Project(ctx)
	if err != nil {
		return nil, err
	}
	st, err := svc.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	all, err := svc.Store.Requirements(ctx)
	if err != nil {
		return nil, err
	}
	links, err := svc.Store.Links(ctx, "")
	if err != nil {
		return nil, err
	}
	reg := &report.Register{Project: p, Lang: lang, Generated: clock.Now(), Settings: st, Modules: cat.Modules()}
	titles := make(map[string]string, len(all))
	for _, r := range all {
		titles[r.ID] = r.Title
	}
	byID := map[string][]requirements.Link{}
	for _, l := range links {
		byID[l.From] = append(byID[l.From], l)
		byID[l.To] = append(byID[l.To], l)
	}
	reg.Requirements = make([]requirements.View, len(all))
	for i, r := range all {
		reg.Requirements[i] = requirements.MakeView(r, st, cat, lang, byID[r.ID], titles)
	}
	if reg.Fields, err = svc.Store.FieldDefs(ctx); err != nil {
		return nil, err
	}
	if reg.DataFields, err = svc.Store.DataFields(ctx); err != nil {
		return nil, err
	}
	if reg.Permissions, err = svc.Store.Permissions(ctx); err != nil {
		return nil, err
	}
	if reg.Processes, err = processFigures(ctx, db, lang); err != nil {
		return nil, err
	}
	// Until baselines exist, the document is the working draft.
	change := fmt.Sprintf("工作草稿，共 %d 条需求", len(all))
	version := "草稿"
	if lang == crmflow.LangEN {
		change, version = fmt.Sprintf("Working draft, %d requirements", len(all)), "Draft"
	}
	reg.Revisions = []report.Revision{{Version: version, Date: reg.Generated, Author: string(actor), Change: change}}
	return reg, nil
}

// Register gathers the workspace's register in lang.
func (f *Factory) Register(ctx context.Context, lang crmflow.Lang) (*report.Register, error) {
	db, err := f.DB()
	if err != nil {
		return nil, err
	}
	svc, err := newRequirementService(db)
	if err != nil {
		return nil, err
	}
	clock, err := f.Clock()
	if err != nil {
		return nil, err
	}
	return gatherRegister(ctx, db, svc, clock, f.Actor(), lang)
}

// processFigures draws every process map for the document.
func processFigures(ctx context.Context, db *sqlite.DB, lang crmflow.Lang) ([]report.ProcessFigure, error) {
	maps, err := db.Processes().Maps(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]report.ProcessFigure, 0, len(maps))
	for i := range maps {
		m := &maps[i]
		var svg bytes.Buffer
		if err := report.ProcessSVG(&svg, m, process.Lay(m), lang); err != nil {
			return nil, err
		}
		pf := report.ProcessFigure{ID: m.ID, Name: m.Name, AsIs: m.Variant == process.AsIs, Description: m.Description, SVG: svg.Bytes()}
		laneName := map[string]string{}
		for _, l := range m.Lanes {
			pf.Lanes = append(pf.Lanes, l.Name)
			laneName[l.ID] = l.Name
		}
		for _, n := range m.Nodes {
			if len(n.Findings) > 0 || len(n.Reqs) > 0 {
				pf.Steps = append(pf.Steps, report.ProcessStep{Label: n.Label, Lane: laneName[n.Lane], Findings: n.Findings, Reqs: n.Reqs})
			}
		}
		out = append(out, pf)
	}
	return out, nil
}

// writeSRS builds the document and writes it to path; a Markdown document
// gets its process figures as SVG files beside it.
func writeSRS(reg *report.Register, format report.Format, path string) (string, int, error) {
	var buf bytes.Buffer
	if err := report.BuildSRS(&buf, reg, format); err != nil {
		return "", 0, err
	}
	if format == report.FormatMarkdown {
		for _, pf := range reg.Processes {
			if err := writeFileAtomic(filepath.Join(filepath.Dir(path), filepath.FromSlash(report.FigurePath(pf.ID, reg.Lang))), pf.SVG); err != nil {
				return "", 0, err
			}
		}
	}
	return path, buf.Len(), writeFileAtomic(path, buf.Bytes())
}

// writeChecklist builds the checklist workbook and writes it to path.
func writeChecklist(reg *report.Register, path string) error {
	var buf bytes.Buffer
	if err := report.WriteChecklist(&buf, reg); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

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

// writeFileAtomic writes data next to path and renames it into place, so a
// reader never sees half a document.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot create folder %s: %v", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot write in %s: %v", dir, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// docLang is --lang, or the project's language.
func docLang(ctx context.Context, f *Factory, flag string) (crmflow.Lang, error) {
	if flag == "" {
		return f.Lang(ctx), nil
	}
	return crmflow.ParseLang(flag)
}

// srsFileName is the document's file name in each language.
func srsFileName(lang crmflow.Lang, format report.Format) string {
	if lang == crmflow.LangEN {
		return "software-requirements-specification." + string(format)
	}
	return "需求规格说明书." + string(format)
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
	var lang, format, out string
	build := &cobra.Command{
		Use:   "build <document>",
		Short: "Build a document: srs (需求规格说明书)",
		Long: heredoc(`
			Build the requirement specification (需求规格说明书), following GB/T 8567-2006
			with the seed's five contents: business processes, the function list by module
			with priorities and acceptance criteria, the role × module permission matrix,
			the data dictionary, and report requirements; plus a cover, revision history,
			glossary, non-functional requirements, a traceability table and a sign-off page.

			--format md writes Markdown; html a self-contained page (table of contents,
			print CSS for A4, no external resources). --lang en writes the English version
			(ISO/IEC/IEEE 29148 headings). -o names a folder (the file is called
			需求规格说明书.html, or software-requirements-specification.html in English) or
			a file. Times come from the clock (CRMFLOW_NOW), so the same workspace gives the
			same bytes.
		`),
		Example: heredoc(`
			$ crmflow doc build srs --format html -o out/
			$ crmflow doc build srs --lang en --format md -o out/srs.md
			$ CRMFLOW_NOW=2026-11-28T09:00:00+08:00 crmflow doc build srs -o out/
		`),
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"srs"},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if args[0] != "srs" {
				return crmflow.Errorf(crmflow.EINVALID, "unknown document %q; crmflow builds: srs", args[0])
			}
			fm := report.Format(strings.ToLower(format))
			if fm != report.FormatMarkdown && fm != report.FormatHTML {
				return crmflow.Errorf(crmflow.EINVALID, "--format %q is not md or html", format)
			}
			l, err := docLang(ctx, f, lang)
			if err != nil {
				return err
			}
			reg, err := f.Register(ctx, l)
			if err != nil {
				return err
			}
			path, size, err := writeSRS(reg, fm, outputPath(out, srsFileName(l, fm)))
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, path)
			fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%d requirements, %d KB)\n", path, len(reg.Requirements), (size+1023)/1024)
			return nil
		},
	}
	build.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	build.Flags().StringVar(&format, "format", "html", "md or html")
	build.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: the current folder)")
	_ = build.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "html"}, cobra.ShellCompDirectiveNoFileComp))
	_ = build.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"zh", "en"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(build)
	return cmd
}
