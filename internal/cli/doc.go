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
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/sqlite"
)

// gatherRegister collects the domain values documents are built from.
func gatherRegister(ctx context.Context, db *sqlite.DB, svc *requirements.Service, clock crmflow.Clock, actor crmflow.Actor, lang crmflow.Lang, asOf string) (*report.Register, error) {
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
	baselines, err := db.Baselines().Baselines(ctx)
	if err != nil {
		return nil, err
	}
	var all []requirements.Requirement
	var links []requirements.Link
	if asOf == "" {
		if all, err = svc.Store.Requirements(ctx); err != nil {
			return nil, err
		}
		if links, err = svc.Store.Links(ctx, ""); err != nil {
			return nil, err
		}
	} else {
		// The document as of a baseline: its requirements and links, and the
		// revision history up to it.
		if all, links, err = baselineRequirements(ctx, db, asOf); err != nil {
			return nil, err
		}
		for i, b := range baselines {
			if b.Name == asOf {
				baselines = baselines[:i+1]
				break
			}
		}
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
	reg.Revisions, reg.Version = revisions(baselines, lang)
	if asOf == "" {
		// Requirements changed since the newest baseline make this a working draft.
		draft := len(baselines) == 0
		for _, r := range all {
			draft = draft || r.Status == requirements.Draft || r.Status == requirements.Confirmed
		}
		if draft {
			change := fmt.Sprintf("工作草稿，共 %d 条需求", len(all))
			version := "草稿"
			if lang == crmflow.LangEN {
				change, version = fmt.Sprintf("Working draft, %d requirements", len(all)), "Draft"
			}
			reg.Revisions = append(reg.Revisions, report.Revision{Version: version, Date: reg.Generated, Author: string(actor), Change: change})
			reg.Version = ""
		}
	}
	return reg, nil
}

// revisions is the revision history (修订记录) from the baselines: one line
// per freeze or applied change request. The version is the newest baseline's.
func revisions(baselines []baseline.Baseline, lang crmflow.Lang) ([]report.Revision, string) {
	out := []report.Revision{}
	for _, b := range baselines {
		var what string
		switch {
		case b.CR != "" && lang == crmflow.LangEN:
			what = fmt.Sprintf("Change request %s applied: %s (%d requirements)", b.CR, b.Note, b.Count)
		case b.CR != "":
			what = fmt.Sprintf("实施变更 %s：%s（共 %d 条需求）", b.CR, b.Note, b.Count)
		case lang == crmflow.LangEN:
			what = fmt.Sprintf("Baseline frozen, %d requirements", b.Count)
		default:
			what = fmt.Sprintf("需求冻结，共 %d 条需求", b.Count)
		}
		if b.CR == "" && b.Note != "" {
			what += "（" + b.Note + "）"
			if lang == crmflow.LangEN {
				what = strings.TrimSuffix(what, "（"+b.Note+"）") + " (" + b.Note + ")"
			}
		}
		out = append(out, report.Revision{Version: b.Name, Date: b.CreatedAt, Author: b.CreatedBy, Change: what})
	}
	return out, baseline.Latest(baselines)
}

// baselineRequirements reads a baseline's requirements and links.
func baselineRequirements(ctx context.Context, db *sqlite.DB, name string) ([]requirements.Requirement, []requirements.Link, error) {
	raw, err := db.Baselines().Items(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	reqs := make([]requirements.Requirement, 0, len(raw))
	links := []requirements.Link{}
	for _, b := range raw {
		it, err := baseline.ParseItem(b)
		if err != nil {
			return nil, nil, crmflow.Errorf(crmflow.EINTERNAL, "baseline %s is damaged: %v", name, err).WithTry("crmflow baseline verify " + name)
		}
		r, ls := it.Requirement()
		reqs = append(reqs, r)
		links = append(links, ls...)
	}
	return reqs, links, nil
}

// Register gathers the workspace's register in lang: as it is now, or as of
// the baseline asOf.
func (f *Factory) Register(ctx context.Context, lang crmflow.Lang, asOf string) (*report.Register, error) {
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
	return gatherRegister(ctx, db, svc, clock, f.Actor(), lang, asOf)
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
	var lang, format, out, asOf string
	build := &cobra.Command{
		Use:   "build <document> [ID]",
		Short: "Build a document: srs (需求规格说明书), minutes MEET-001 (会议纪要), crs (变更记录), survey (调研报告)",
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
			if args[0] == "acceptance" {
				return buildAcceptanceDoc(cmd, f, args, lang, format, out)
			}
			ctx := cmd.Context()
			fm := report.Format(strings.ToLower(format))
			if fm != report.FormatMarkdown && fm != report.FormatHTML {
				return crmflow.Errorf(crmflow.EINVALID, "--format %q is not md or html", format)
			}
			l, err := docLang(ctx, f, lang)
			if err != nil {
				return err
			}
			wantID := args[0] == "minutes"
			if wantID != (len(args) == 2) {
				if wantID {
					return &usageError{err: fmt.Errorf("doc build minutes needs the meeting's ID (crmflow meeting list)")}
				}
				return &usageError{err: fmt.Errorf("doc build %s takes no ID", args[0])}
			}
			if asOf != "" && args[0] != "srs" {
				return &usageError{err: fmt.Errorf("--baseline applies to the srs")}
			}
			switch args[0] {
			case "srs":
				reg, err := f.Register(ctx, l, asOf)
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
			case "minutes":
				return buildMinutes(ctx, f, args[1], l, fm, out)
			case "crs":
				return buildChangeLog(ctx, f, l, fm, out)
			case "survey":
				db, err := f.DB()
				if err != nil {
					return err
				}
				clock, err := f.Clock()
				if err != nil {
					return err
				}
				rep, err := surveyReport(ctx, db, clock, l)
				if err != nil {
					return err
				}
				var buf bytes.Buffer
				if err := report.BuildSurveyReport(&buf, rep, fm); err != nil {
					return err
				}
				return writeDoc(f, outputPath(out, surveyReportFileName(l, fm)), buf.Bytes())
			}
			return crmflow.Errorf(crmflow.EINVALID, "unknown document %q; crmflow builds: srs, minutes, crs, survey", args[0])
		},
	}
	build.Flags().StringVar(&asOf, "baseline", "", "build the SRS as of this baseline (e.g. v1.0)")
	build.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	build.Flags().StringVar(&format, "format", "html", "md or html")
	build.Flags().StringVarP(&out, "output", "o", "", "folder or file to write (default: the current folder)")
	_ = build.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "html"}, cobra.ShellCompDirectiveNoFileComp))
	_ = build.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"zh", "en"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(build)
	return cmd
}
