package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/research"
)

// maxNotesFile bounds interview notes read from a file or stdin.
const maxNotesFile = 1 << 20

func newCmdInterview(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "interview <command>",
		Short: "Record stakeholder interviews (访谈) and their notes",
		Long: heredoc(`
			Interviews (访谈) are the conversations of the survey phase: who was
			interviewed, in what role, when, and the notes in Markdown. The pain points
			heard in one are recorded as findings (crmflow finding add --interview INT-001).
		`),
		Example: heredoc(`
			$ crmflow interview add --with 张总 --role 销售总监 --date 2026-11-20 --notes notes.md
			$ crmflow interview list
			$ crmflow interview show INT-001
		`),
	}
	cmd.AddCommand(newCmdInterviewAdd(f), newCmdInterviewList(f), newCmdInterviewShow(f))
	return cmd
}

// readNotes reads notes from a file, or from stdin for "-".
func readNotes(f *Factory, path string) (string, error) {
	if path == "-" {
		b, err := io.ReadAll(io.LimitReader(f.IO.In, maxNotesFile+1))
		if err != nil {
			return "", err
		}
		if len(b) > maxNotesFile {
			return "", crmflow.Errorf(crmflow.EINVALID, "the notes on stdin are over %d MB; crmflow reads notes up to %d MB", maxNotesFile>>20, maxNotesFile>>20)
		}
		return string(b), nil
	}
	b, err := readBounded(path, "notes files", maxNotesFile)
	return string(b), err
}

// editNotes opens the notes template in the person's editor.
func editNotes(ctx context.Context, f *Factory, iv research.Interview) (string, error) {
	tmpl := research.NotesTemplate(iv, projectLang(ctx, f))
	tmp, err := os.CreateTemp("", "crmflow-interview-*.md")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	_, err = tmp.WriteString(tmpl)
	tmp.Close()
	if err != nil {
		return "", err
	}
	defer os.Remove(name)
	if err := runEditor(ctx, name); err != nil {
		return "", err
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	return research.CleanNotes(string(b), tmpl)
}

func newCmdInterviewAdd(f *Factory) *cobra.Command {
	var with, role, org, date, notes string
	var editor bool
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Record an interview with its notes",
		Long: heredoc(`
			Record an interview: --with (who), --role, --org, --date (YYYY-MM-DD; default
			today) and the notes in Markdown, from a file (--notes notes.md), from stdin
			(--notes -) or written in $VISUAL/$EDITOR on a template (--editor). The new
			ID (INT-001) goes to stdout.
		`),
		Example: heredoc(`
			$ crmflow interview add --with 张总 --role 销售总监 --date 2026-11-20 --org 某快消企业 --notes notes.md
			$ pbpaste | crmflow interview add --with 王经理 --role 区域销售经理 --notes -
			$ crmflow interview add --with 刘经理 --role 市场部 --editor
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if (notes == "") == !editor {
				return &usageError{err: fmt.Errorf("give the notes with one of --notes FILE, --notes - (stdin) or --editor"), zh: "请用 --notes FILE、--notes -（标准输入）或 --editor 之一给出纪要", cmd: cmd.CommandPath()}
			}
			if date == "" {
				t, err := now(f)
				if err != nil {
					return err
				}
				date = t.Format(research.DateLayout)
			}
			iv := research.Interview{With: with, Role: role, Org: org, Date: date, Notes: "-"}
			// Check the flags before the person writes notes that could not be saved.
			iv.Normalize()
			if err := iv.Validate(); err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			if editor {
				if iv.Notes, err = editNotes(ctx, f, iv); err != nil {
					return err
				}
			} else if iv.Notes, err = readNotes(f, notes); err != nil {
				return err
			}
			saved, err := svc.AddInterview(ctx, iv)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, saved.ID)
			fmt.Fprintf(f.IO.ErrOut, "Added %s: %s, %s\n", saved.ID, saved.WhoIn(ap.Lang(ctx)), saved.Date)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&with, "with", "", "who was interviewed (required)")
	fl.StringVar(&role, "role", "", "their role: 销售总监, 区域销售经理, IT 负责人 ...")
	fl.StringVar(&org, "org", "", "their organisation or department")
	fl.StringVar(&date, "date", "", "the interview's date, YYYY-MM-DD (default today)")
	fl.StringVar(&notes, "notes", "", "Markdown notes from this file, or - for stdin")
	fl.BoolVar(&editor, "editor", false, "write the notes in $VISUAL or $EDITOR on a template")
	return cmd
}

// interviewRecord is an interview as list and show print it in JSON.
type interviewRecord struct {
	research.Interview
	Findings []string `json:"findings"`
}

func newCmdInterviewList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List interviews",
		Long: heredoc(`
			List interviews: ID, DATE, WITH, ROLE, ORG and the findings recorded from
			each. --json prints every interview with its notes.
		`),
		Example: heredoc(`
			$ crmflow interview list
			$ crmflow interview list --json | jq '.[].with'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			ivs, err := svc.Interviews(ctx)
			if err != nil {
				return err
			}
			fs, err := ap.AllFindings(ctx)
			if err != nil {
				return err
			}
			byIV := map[string][]string{}
			for _, x := range fs {
				if x.Interview != "" {
					byIV[x.Interview] = append(byIV[x.Interview], x.ID)
				}
			}
			if asJSON {
				return writeJSONArray(f.IO, len(ivs), func(i int) interviewRecord {
					ids := byIV[ivs[i].ID]
					if ids == nil {
						ids = []string{}
					}
					return interviewRecord{ivs[i], ids}
				})
			}
			if len(ivs) == 0 && f.IO.OutTTY {
				fmt.Fprintln(f.IO.ErrOut, "No interviews yet.")
				return nil
			}
			t := newTable(f.IO, "ID", "DATE", "WITH", "ROLE", "ORG", "FINDINGS")
			for _, iv := range ivs {
				t.add(iv.ID, iv.Date, iv.With, iv.Role, iv.Org, strings.Join(byIV[iv.ID], ","))
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (an array of interviews)")
	return cmd
}

func newCmdInterviewShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show <INT-001|name>",
		Short: "Show an interview: who, when, its notes and its findings",
		Example: heredoc(`
			$ crmflow interview show INT-001
			$ crmflow interview show 张总
			$ crmflow interview show 1 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Research
			iv, err := svc.ResolveInterview(ctx, args[0])
			if err != nil {
				return err
			}
			fs, err := svc.InterviewFindings(ctx, iv.ID, ap.Lang(ctx))
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, struct {
					research.Interview
					Findings []research.FindingView `json:"findings"`
				}{iv, fs})
			}
			w := f.IO.Out
			fmt.Fprintf(w, "%s  %s  %s\n", iv.ID, iv.WhoIn(ap.Lang(ctx)), iv.Date)
			if iv.Org != "" {
				fmt.Fprintf(w, "org: %s\n", iv.Org)
			}
			fmt.Fprintf(w, "\n%s\n", iv.Notes)
			fmt.Fprintln(w, "\nFindings")
			if len(fs) == 0 {
				fmt.Fprintf(w, "  (none: add one with crmflow finding add --interview %s \"...\")\n", iv.ID)
			}
			for _, x := range fs {
				fmt.Fprintln(w, "  "+findingLine(x))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// findingLine is a finding on one line: ID, severity, text, measure, requirements.
func findingLine(x research.FindingView) string {
	s := fmt.Sprintf("%s  [severity %s] %s", x.ID, strconv.Itoa(x.Severity), oneLine(x.Text))
	if x.MeasureText != "" {
		s += "  (" + x.MeasureText + ")"
	}
	return s + "  → " + reqsText(x.Requirements)
}

// reqsText lists requirement IDs, or — for none.
func reqsText(ids []string) string {
	if len(ids) == 0 {
		return "—"
	}
	return strings.Join(ids, ",")
}
