package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
)

// doctorFixes is how to fix what each check of app.Doctor finds.
var doctorFixes = map[string]string{
	"schema":     "open the workspace with the crmflow that matches it, or upgrade crmflow",
	"integrity":  "the file is damaged: crmflow restore BACKUP --force (crmflow backup makes one)",
	"audit":      "the data or its log was edited outside crmflow: compare with a backup (crmflow restore BACKUP) and find who edited it; crmflow audit log --entity ID shows a record's history",
	"suspects":   "review each and clear it: crmflow trace clear A B",
	"references": "the records named point at something that no longer exists: restore a backup or re-enter them",
}

func newCmdDoctor(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check a workspace and say how to fix what is wrong",
		Long: heredoc(`
			Check the workspace: its schema version, SQLite's integrity check, the audit
			chain and its anchors (crmflow.db.anchor and each baseline), every record and
			baseline hash against the log, suspect trace links and references to records
			that do not exist. Prints what is wrong and how to fix it; exits 1 when
			anything is (suspect links alone are listed, not a fault). See docs/doctor.md.
		`),
		Example: heredoc(`
			$ crmflow doctor
			$ crmflow doctor --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := f.App()
			if err != nil {
				return err
			}
			rep, err := a.Doctor(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(f.IO, rep); err != nil {
					return err
				}
			} else {
				for _, c := range rep.Checks {
					mark := "ok  "
					switch {
					case c.Warn:
						mark = "note"
					case !c.OK:
						mark = "FAIL"
					}
					fmt.Fprintf(f.IO.Out, "%s  %-10s  %s\n", mark, c.Name, c.Summary)
					for _, p := range c.Problems {
						fmt.Fprintf(f.IO.Out, "      - %s\n", p)
					}
					if len(c.Problems) > 0 {
						fmt.Fprintf(f.IO.Out, "      fix: %s\n", doctorFixes[c.Name])
					}
				}
			}
			if !rep.OK {
				failed := 0
				for _, c := range rep.Checks {
					if !c.OK {
						failed++
					}
				}
				return crmflow.Errorf(crmflow.EINVALID, "doctor found problems in %d of %d checks of %s", failed, len(rep.Checks), rep.Path)
			}
			fmt.Fprintf(f.IO.ErrOut, "Workspace OK: %s\n", rep.Path)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}
