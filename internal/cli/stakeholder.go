package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow/stakeholder"
)

func newCmdStakeholder(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stakeholder <command>",
		Short: "Keep the people who confirm, approve and sign (干系人)",
		Example: heredoc(`
			$ crmflow stakeholder add 王总 --org 客户 --role 销售副总裁 --can approve,signoff
			$ crmflow stakeholder list
		`),
	}
	var org, role, email, can string
	var asJSON bool
	add := &cobra.Command{
		Use:   "add <name>",
		Short: "Register a stakeholder and what they may decide",
		Long: heredoc(`
			Register a person who takes part in decisions. --can lists what they may do:
			approve (approve, reject or defer change requests) and signoff (sign documents
			and baselines). Names are unique within the project.
		`),
		Example: heredoc(`
			$ crmflow stakeholder add 王总 --org 客户 --role 销售副总裁 --can approve,signoff --email wang@example.com
			$ crmflow stakeholder add 张经理 --org 客户 --role 销售运营经理
			$ crmflow stakeholder add 李分析 --org 实施方 --role 业务分析师
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			caps, err := stakeholder.ParseCapabilities(can)
			if err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Stakeholders
			s, err := svc.Add(cmd.Context(), stakeholder.Stakeholder{Name: args[0], Org: org, Role: role, Email: email, Can: caps})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, s)
			}
			fmt.Fprintf(f.IO.ErrOut, tr(ap.Lang(cmd.Context()), "已添加干系人 %s（%s）\n", "Added stakeholder %s (%s)\n"), s.Name, capsText(s.Can))
			return nil
		},
	}
	add.Flags().StringVar(&org, "org", "", "organisation: 客户 (client) or 实施方 (vendor), or a department")
	add.Flags().StringVar(&role, "role", "", "their role, e.g. 销售副总裁")
	add.Flags().StringVar(&email, "email", "", "email address")
	add.Flags().StringVar(&can, "can", "", "what they may decide: approve, signoff (comma-separated)")
	add.Flags().BoolVar(&asJSON, "json", false, "print the stakeholder as JSON")

	var listJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the stakeholders",
		Example: "$ crmflow stakeholder list\n$ crmflow stakeholder list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.StakeholderList(cmd.Context())
			if err != nil {
				return err
			}
			if listJSON {
				return writeJSONArray(f.IO, len(all), func(i int) stakeholder.Stakeholder { return all[i] })
			}
			t := newTable(f.IO, "NAME", "ORG", "ROLE", "CAN", "EMAIL")
			for _, s := range all {
				t.add(s.Name, s.Org, s.Role, capsText(s.Can), s.Email)
			}
			return t.print()
		},
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}

func capsText(cs []stakeholder.Capability) string {
	if len(cs) == 0 {
		return "-"
	}
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}
