package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
)

func newCmdAudit(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit <command>",
		Short: "Read and verify the tamper-evident audit log",
		Long: heredoc(`
			Every change is appended to the audit log in the same transaction, with a
			SHA-256 hash chain: hash = sha256(prev_hash || canonical event).
		`),
		Example: heredoc(`
			$ crmflow audit log --entity REQ-001
			$ crmflow audit verify
		`),
	}
	var entity string
	var limit int
	var asJSON bool
	log := &cobra.Command{
		Use:   "log",
		Short: "List audit events, oldest first",
		Example: heredoc(`
			$ crmflow audit log
			$ crmflow audit log --entity REQ-001 --json
			$ crmflow audit log --limit 20
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return crmflow.Errorf(crmflow.EINVALID, "--limit must be 0 (all) or more")
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			events, err := ap.AuditLog(cmd.Context(), crmflow.AuditFilter{Entity: entity, Limit: limit})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, events)
			}
			t := newTable(f.IO, "SEQ", "WHEN", "WHO", "ENTITY", "ACTION", "HASH")
			for _, e := range events {
				t.add(strconv.FormatInt(e.Seq, 10), e.At.Format(crmflow.TimeFormat), string(e.Actor), e.Entity, e.Action, e.Hash[:12])
			}
			return t.print()
		},
	}
	log.Flags().StringVar(&entity, "entity", "", "only events of this entity (REQ-001, project, ...)")
	log.Flags().IntVar(&limit, "limit", 0, "only the newest N events")
	log.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var verifyJSON bool
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check the hash chain and that the data matches the log",
		Long: heredoc(`
			Walk the hash chain from the first event and report the first broken link;
			then check that every requirement is as its last audit event recorded it, so
			an edit made outside crmflow (for example with sqlite3) is found. Exits 1 when
			anything is wrong.
		`),
		Example: "$ crmflow audit verify",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			rep, err := ap.VerifyAudit(cmd.Context())
			if err != nil {
				return err
			}
			if verifyJSON {
				if err := writeJSON(f.IO, rep); err != nil {
					return err
				}
			} else {
				for _, p := range rep.Problems {
					fmt.Fprintf(f.IO.Out, "%s\t%s\n", p.Kind, p.Detail)
				}
			}
			if !rep.OK {
				if ap.Lang(cmd.Context()) == crmflow.LangZH {
					return crmflow.Errorf(crmflow.EINVALID, "审计校验未通过：%d 条事件中有 %d 个问题", rep.Events, len(rep.Problems))
				}
				return crmflow.Errorf(crmflow.EINVALID, "audit verification failed: %s in %s", crmflow.Count(len(rep.Problems), "problem"), crmflow.Count(int(rep.Events), "event"))
			}
			head := rep.Head
			if len(head) > 16 {
				head = head[:16]
			}
			fmt.Fprintf(f.IO.ErrOut, tr(projectLang(cmd.Context(), f), "审计日志完好：%d 条事件，链条完整，数据一致（头部 %s）\n", "Audit log OK: %d events, chain intact, data matches (head %s)\n"), rep.Events, head)
			return nil
		},
	}
	verify.Flags().BoolVar(&verifyJSON, "json", false, "print the report as JSON")
	cmd.AddCommand(log, verify)
	return cmd
}
