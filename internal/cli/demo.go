package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/internal/demo"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/sqlite"
	"github.com/crmflow/crmflow/stakeholder"
	"github.com/crmflow/crmflow/survey"
)

func newCmdDemo(f *Factory) *cobra.Command {
	var scale int
	var force bool
	cmd := &cobra.Command{
		Use:   "demo [dir]",
		Short: "Create the seed's example project (or a large synthetic one) in a folder",
		Long: heredoc(`
			Create a workspace in dir (default ./crmflow-demo) holding the seed's example:
			a consumer-goods (快消) company whose sales reps logged customer visits in Excel
			and lost 30% of the records. It gets a requirement register over the CRM
			modules with scores, acceptance criteria, custom fields and trace links, the
			interviews and findings the requirements came from, competitor notes, and
			the visit process as-is and to-be.

			--scale N instead generates a synthetic project with N requirements
			(deterministic), for benchmarks.
		`),
		Example: heredoc(`
			$ crmflow demo
			$ cd crmflow-demo && crmflow req list --sort score
			$ crmflow demo /tmp/big --scale 5000
		`),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			dir := "crmflow-demo"
			if len(args) == 1 {
				dir = args[0]
			}
			if scale < 0 {
				return crmflow.Errorf(crmflow.EINVALID, "--scale must be a positive number of requirements")
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return crmflow.Errorf(crmflow.EINVALID, "cannot create %s: %v", dir, err)
			}
			p := filepath.Join(dir, DBFile)
			if _, err := os.Stat(p); err == nil {
				if !force {
					return crmflow.Errorf(crmflow.ECONFLICT, "%s already holds a workspace", dir).
						WithTry(fmt.Sprintf("crmflow demo %s --force   (replaces it)", dir))
				}
				for _, s := range []string{"", "-wal", "-shm"} {
					if err := os.Remove(p + s); err != nil && !os.IsNotExist(err) {
						return err
					}
				}
			}
			clock, err := f.Clock()
			if err != nil {
				return err
			}
			project := crmflow.Project{Name: "某快消企业CRM定制", Client: "某快消企业", Lang: crmflow.LangZH}
			if scale > 0 {
				project = crmflow.Project{Name: fmt.Sprintf("合成项目（%d 条需求）", scale), Client: "合成客户", Lang: crmflow.LangZH}
			}
			st := requirements.DefaultSettings()
			settings := map[string]string{}
			for k := range requirements.SettingKeys {
				settings[k] = st.Text(k)
			}
			start := time.Now()
			db, err := sqlite.Create(ctx, p, project, settings, sqlite.Options{Clock: clock, Actor: f.Actor()})
			if err != nil {
				return err
			}
			defer db.Close()
			svc, err := newRequirementService(db)
			if err != nil {
				return err
			}
			var sum demo.Summary
			if scale > 0 {
				bar := newProgress(f.IO, "Generating requirements")
				sum, err = demo.Scale(ctx, svc, scale, bar.update)
				bar.done()
			} else {
				sum, err = demo.Seed(ctx, svc)
			}
			if err != nil {
				return err
			}
			var written []string
			var maps []process.Map
			var rsum demo.ResearchSummary
			var csum demo.ChangeSummary
			var questionnaire survey.Questionnaire
			responses := 0
			if scale == 0 {
				// Interviews and findings first: the process maps mark findings.
				rsvc, err := newResearchService(db)
				if err != nil {
					return err
				}
				if rsum, err = demo.SeedResearch(ctx, rsvc); err != nil {
					return err
				}
				sum.Requirements += len(rsum.Promoted)
				sum.Draft += len(rsum.Promoted)
				if maps, err = demo.SeedProcesses(ctx, newProcessService(db)); err != nil {
					return err
				}
				// The confirmation meeting, the freeze and two change requests.
				msvc, err := newMeetingService(db)
				if err != nil {
					return err
				}
				csvc, err := f.changeService(db)
				if err != nil {
					return err
				}
				if _, err := seedDemoPlan(ctx, db, clock, csvc); err != nil {
					return err
				}
				csum, err = demo.SeedChangeControl(ctx, demo.ChangeServices{Stakeholders: &stakeholder.Service{Store: db.Stakeholders()},
					Meetings: msvc, Reqs: svc, Baselines: db.Baselines(), Changes: csvc}, clock.Now().Format(time.DateOnly))
				if err != nil {
					return err
				}
				sum.Confirmed += csum.Confirmed
				sum.Draft -= csum.Confirmed + csum.Deferred + csum.Rejected
				ssvc, err := newSurveyService(db)
				if err != nil {
					return err
				}
				if questionnaire, responses, err = demo.SeedSurvey(ctx, ssvc); err != nil {
					return err
				}
				// The questionnaire as handed out, and its results.
				outDir := filepath.Join(dir, "out")
				var buf bytes.Buffer
				if err := report.WriteQuestionnaire(&buf, &questionnaire, clock.Now()); err != nil {
					return err
				}
				p := filepath.Join(outDir, "questionnaire.xlsx")
				if err := writeFileAtomic(p, buf.Bytes()); err != nil {
					return err
				}
				written = append(written, p)
				res, rs, err := ssvc.Results(ctx, &questionnaire, crmflow.LangZH)
				if err != nil {
					return err
				}
				for _, format := range []string{"html", "xlsx"} {
					p, err := writeSurveyResults(&questionnaire, &res, rs, crmflow.LangZH, format, filepath.Join(outDir, "survey-results."+format))
					if err != nil {
						return err
					}
					written = append(written, p)
				}
			}
			if scale == 0 {
				// The documents and the checklist the client would receive.
				outDir := filepath.Join(dir, "out")
				for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
					reg, err := gatherRegister(ctx, db, svc, clock, f.Actor(), lang, "")
					if err != nil {
						return err
					}
					for _, fm := range []report.Format{report.FormatMarkdown, report.FormatHTML} {
						p, _, err := writeSRS(reg, fm, filepath.Join(outDir, srsFileName(lang, fm)))
						if err != nil {
							return err
						}
						written = append(written, p)
					}
					name := "requirements.xlsx"
					if lang == crmflow.LangEN {
						name = "requirements.en.xlsx"
					}
					if err := writeChecklist(reg, filepath.Join(outDir, name)); err != nil {
						return err
					}
					written = append(written, filepath.Join(outDir, name))
				}
				// The minutes, the change log and what the change did to the baseline.
				if files, err := writeChangeControlDocs(ctx, f, db, outDir, csum); err != nil {
					return err
				} else {
					written = append(written, files...)
				}
				if files, err := writeDemoPlanDocs(ctx, f, p, outDir); err != nil {
					return err
				} else {
					written = append(written, files...)
				}
				// The process maps in every format.
				for i := range maps {
					for _, format := range []string{"svg", "mermaid", "bpmn"} {
						data, err := renderProcess(&maps[i], format, crmflow.LangZH)
						if err != nil {
							return err
						}
						p := filepath.Join(outDir, "process", maps[i].ID+"."+processExt(format))
						if err := writeFileAtomic(p, data); err != nil {
							return err
						}
						written = append(written, p)
					}
				}
			}
			abs, _ := filepath.Abs(dir)
			fmt.Fprintf(f.IO.ErrOut, "Created %s in %s: %d requirements (%d confirmed, %d draft), %d trace links, %d custom fields, %d data fields, %d permission cells, %d process maps, %d interviews, %d findings, %d competitors, %d survey responses (%.1fs)\n",
				project.Name, abs, sum.Requirements, sum.Confirmed, sum.Draft, sum.Links, sum.Fields, sum.DataFields, sum.Permissions, len(maps),
				rsum.Interviews, rsum.Findings, rsum.Competitors, responses, time.Since(start).Seconds())
			if csum.Meeting != "" {
				fmt.Fprintf(f.IO.ErrOut, "Confirmation meeting %s: %d confirmed, %d deferred, %d rejected; baselines %s; %s applied, %s rejected\n",
					csum.Meeting, csum.Confirmed, csum.Deferred, csum.Rejected, strings.Join(csum.Baselines, ", "), csum.Applied, csum.Refused)
			}
			for _, w := range written {
				fmt.Fprintf(f.IO.ErrOut, "Wrote %s\n", w)
			}
			fmt.Fprintf(f.IO.ErrOut, "Next: cd %s && crmflow req list --sort score && crmflow req lint\n", dir)
			fmt.Fprintln(f.IO.Out, abs)
			return nil
		},
	}
	cmd.Flags().IntVar(&scale, "scale", 0, "generate a synthetic project with N requirements instead")
	cmd.Flags().BoolVar(&force, "force", false, "replace a workspace already in dir")
	return cmd
}

// progress draws a one-line bar on a terminal's stderr, and nothing when piped.
type progress struct {
	io    *IOStreams
	label string
	drawn bool
}

func newProgress(io *IOStreams, label string) *progress { return &progress{io: io, label: label} }

func (p *progress) update(done, total int) {
	if !p.io.ErrTTY || total <= 0 {
		return
	}
	const width = 30
	n := done * width / total
	bar := ""
	for i := 0; i < width; i++ {
		if i < n {
			bar += "█"
		} else {
			bar += "░"
		}
	}
	fmt.Fprintf(p.io.ErrOut, "\r%s %s %d/%d", p.label, bar, done, total)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.io.ErrOut, "\r\x1b[K")
	}
}
