package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/golive"
)

func newCmdGoLive(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "golive <command>",
		Short: "Track go-live readiness (上线准备) and check the go-live gate",
		Long: heredoc(`
			The readiness checklist comes from a template: migration rehearsal and
			batches, stress test, training per role, backup and restore, permissions,
			monitoring and log audit, rollback plan. Each item has an owner, a status,
			evidence, or a waiver with its reason. golive gate exits 1 while any item
			is neither done nor waived.
		`),
		Example: heredoc(`
			$ crmflow golive checklist
			$ crmflow golive set migration.batches done --evidence out/batches/report.md
			$ crmflow golive waive stress.test --reason "用户量低于 50，厂商基准测试已覆盖"
			$ crmflow golive gate
		`),
	}
	var listJSON bool
	checklist := &cobra.Command{
		Use:     "checklist",
		Short:   "Show the go-live readiness checklist",
		Example: "$ crmflow golive checklist --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			lang := a.Lang(ctx)
			items, err := a.GoLive.Items(ctx, lang)
			if err != nil {
				return err
			}
			if listJSON {
				return writeJSONArray(f.IO, len(items), func(i int) golive.Item { return items[i] })
			}
			printGoLive(f, items, lang)
			return nil
		},
	}
	checklist.Flags().BoolVar(&listJSON, "json", false, "print JSON")

	var owner, evidence string
	var setJSON bool
	set := &cobra.Command{
		Use:   "set <item> [todo|in-progress|done]",
		Short: "Set an item's status, owner or evidence",
		Example: heredoc(`
			$ crmflow golive set migration.batches done --evidence out/batches/report.md
			$ crmflow golive set training --owner 李经理
		`),
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var u golive.Update
			if len(args) == 2 {
				st, err := golive.ParseStatus(args[1])
				if err != nil {
					return err
				}
				u.Status = st
			}
			if cmd.Flags().Changed("owner") {
				u.Owner = &owner
			}
			u.Evidence = evidence
			a, err := f.App()
			if err != nil {
				return err
			}
			it, err := a.SetGoLive(ctx, args[0], u)
			if err != nil {
				return err
			}
			if setJSON {
				return writeJSON(f.IO, it)
			}
			fmt.Fprintf(f.IO.ErrOut, "%s: %s%s\n", it.Key, it.Status.Name(a.Lang(ctx)), ownerNote(it.Owner))
			return nil
		},
	}
	set.Flags().StringVar(&owner, "owner", "", "who is responsible")
	set.Flags().StringVar(&evidence, "evidence", "", "the evidence: a file (its SHA-256 is recorded) or a note")
	set.Flags().BoolVar(&setJSON, "json", false, "print the item as JSON")

	var reason string
	waive := &cobra.Command{
		Use:     "waive <item> --reason TEXT",
		Short:   "Waive an item, with the reason, so it no longer blocks go-live",
		Example: `$ crmflow golive waive stress.test --reason "用户量低于 50，厂商基准测试已覆盖"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			it, err := a.GoLive.Waive(ctx, args[0], reason, a.Lang(ctx))
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "%s: %s (%s)\n", it.Key, it.Status.Name(a.Lang(ctx)), it.Reason)
			return nil
		},
	}
	waive.Flags().StringVar(&reason, "reason", "", "why the item is waived (required)")
	_ = waive.MarkFlagRequired("reason")

	var gateJSON bool
	gate := &cobra.Command{
		Use:   "gate",
		Short: "Say whether go-live may proceed; exit 1 and list what blocks it",
		Example: heredoc(`
			$ crmflow golive gate && echo go
			$ crmflow golive gate --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			lang := a.Lang(ctx)
			g, err := a.GoLive.Gate(ctx, lang)
			if err != nil {
				return err
			}
			if gateJSON {
				if err := writeJSON(f.IO, g); err != nil {
					return err
				}
			} else {
				blocks, waived := "BLOCKS", "WAIVED"
				if lang == crmflow.LangZH {
					blocks, waived = "阻塞", "豁免"
				}
				for _, it := range g.Blocking {
					fmt.Fprintf(f.IO.Out, "%s  %s  %s  %s%s\n", blocks, it.Key, it.Status.Name(lang), it.Title, ownerNote(it.Owner))
				}
				for _, it := range g.Waived {
					fmt.Fprintf(f.IO.Out, "%s  %s  %s\n", waived, it.Key, it.Reason)
				}
			}
			total := g.Done + len(g.Waived) + len(g.Blocking)
			if !g.Ready {
				return crmflow.Errorf(crmflow.EDENIED, "go-live is blocked: %d of %d items are neither done nor waived", len(g.Blocking), total)
			}
			fmt.Fprintf(f.IO.ErrOut, "Ready for go-live: %d done, %d waived\n", g.Done, len(g.Waived))
			return nil
		},
	}
	gate.Flags().BoolVar(&gateJSON, "json", false, "print the verdict as JSON")
	cmd.AddCommand(checklist, set, waive, gate)
	return cmd
}

func ownerNote(owner string) string {
	if owner == "" {
		return ""
	}
	return " (" + owner + ")"
}

func printGoLive(f *Factory, items []golive.Item, lang crmflow.Lang) {
	h := []string{"ITEM", "STATUS", "OWNER", "TITLE", "EVIDENCE"}
	if lang == crmflow.LangZH {
		h = []string{"检查项", "状态", "负责人", "内容", "证据"}
	}
	t := newTable(f.IO, h...)
	for _, it := range items {
		ev := it.Evidence
		if it.Status == golive.Waived {
			ev = it.Reason
		}
		t.add(it.Key, it.Status.Name(lang), it.Owner, it.Title, strings.TrimSpace(ev))
	}
	_ = t.print()
}
