package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

func newCmdBackup(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "backup <file>",
		Short: "Write a consistent copy of the workspace database",
		Long: heredoc(`
			Copy the workspace with SQLite's VACUUM INTO: consistent even while other
			crmflow commands run. An existing file is never overwritten.
		`),
		Example: heredoc(`
			$ crmflow backup backup.db
			$ crmflow backup ~/backups/crm-$(date +%Y%m%d).db
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			info, err := ap.Backup(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Backed up %s to %s (%s, %s)\n", ap.Path(), args[0], crmflow.Count(info.Requirements, "requirement"), crmflow.Count(info.AuditEvents, "audit event"))
			return nil
		},
	}
}

func newCmdRestore(f *Factory) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "restore <file>",
		Short: "Replace the workspace database with a checked backup",
		Long: heredoc(`
			Check the backup first (PRAGMA integrity_check, a crmflow project inside, a
			schema this crmflow can read), then put it in place of the workspace database.
			An existing workspace is replaced only with --force, and is kept beside it as
			crmflow.db.pre-restore. Stop other crmflow commands on the workspace first.
			Without a workspace here, the backup becomes ./crmflow.db (or --db).
		`),
		Example: heredoc(`
			$ crmflow restore backup.db --force
			$ mkdir copy && cd copy && crmflow restore ../backup.db
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			live, err := f.workspacePath()
			if err != nil {
				live = DBFile
			}
			info, err := app.Restore(cmd.Context(), args[0], live, force)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Restored %s from %s: project %q, %s, %s\n",
				live, args[0], info.Project.Name, crmflow.Count(info.Requirements, "requirement"), crmflow.Count(info.AuditEvents, "audit event"))
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing workspace database")
	return cmd
}
