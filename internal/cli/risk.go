package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/milestones"
)

func newCmdRisk(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "risk <command>",
		Short: "Keep the risk register (风险): probability, impact, owner, mitigation",
		Example: heredoc(`
			$ crmflow risk add "客户IT人手不足" --probability high --impact medium --owner 王总 --mitigation "提前锁定联调人员" --due 2027-02-01
			$ crmflow risk list
		`),
	}
	cmd.AddCommand(newCmdRiskAdd(f), newCmdRiskList(f), newCmdRiskEdit(f))
	return cmd
}

// riskFlags binds the risk fields; only the flags given are applied.
func riskFlags(cmd *cobra.Command) func() milestones.RiskInput {
	fl := cmd.Flags()
	names := []string{"probability", "impact", "owner", "mitigation", "due", "status", "text"}
	help := map[string]string{"probability": "low, medium or high (低, 中, 高)", "impact": "low, medium or high (低, 中, 高)",
		"owner": "who acts on it", "mitigation": "the response (应对措施)", "due": "act by this date (2027-02-01)",
		"status": "open, occurred or closed", "text": "a new description"}
	for _, n := range names {
		fl.String(n, "", help[n])
	}
	return func() milestones.RiskInput {
		var in milestones.RiskInput
		for n, dst := range map[string]**string{"probability": &in.Probability, "impact": &in.Impact, "owner": &in.Owner,
			"mitigation": &in.Mitigation, "due": &in.Due, "status": &in.Status, "text": &in.Text} {
			if fl.Changed(n) {
				v, _ := fl.GetString(n)
				*dst = &v
			}
		}
		return in
	}
}

func newCmdRiskAdd(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add <description>",
		Short: "Register a risk",
		Long: heredoc(`
			Register a risk with its probability and impact (low, medium, high; 低, 中, 高).
			Its exposure is probability × impact (1 to 9); the weekly report lists the open
			risks by exposure.
		`),
		Example: heredoc(`
			$ crmflow risk add "客户IT人手不足" --probability high --impact medium --owner 王总 --mitigation "提前锁定联调人员" --due 2027-02-01
		`),
		Args: cobra.ExactArgs(1),
	}
	read := riskFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the risk as JSON")
	_ = cmd.Flags().MarkHidden("text")
	_ = cmd.Flags().MarkHidden("status")
	_ = cmd.MarkFlagRequired("probability")
	_ = cmd.MarkFlagRequired("impact")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		in := read()
		in.Text = &args[0]
		return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
			r, err := a.AddRisk(ctx, in)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, riskJSON(r))
			}
			fmt.Fprintf(f.IO.ErrOut, tr(lang, "已登记 %s（暴露度 %d）\n", "Registered %s (exposure %d)\n"), r.ID, r.Exposure())
			return nil
		})
	}
	return cmd
}

// riskView is a risk with its exposure, for JSON.
type riskView struct {
	milestones.Risk
	Exposure int `json:"exposure"`
}

func riskJSON(r milestones.Risk) riskView { return riskView{r, r.Exposure()} }

func newCmdRiskEdit(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "edit <RISK-01>",
		Short: "Change a risk: its ratings, owner, mitigation, due date or status",
		Example: heredoc(`
			$ crmflow risk edit RISK-01 --impact high --due 2027-02-15
			$ crmflow risk edit RISK-01 --status closed
		`),
		Args: cobra.ExactArgs(1),
	}
	read := riskFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the risk as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		in := read()
		if in == (milestones.RiskInput{}) {
			return &usageError{err: fmt.Errorf("nothing to change: give at least one flag"), zh: "没有要修改的内容：请至少给出一个选项", cmd: cmd.CommandPath()}
		}
		return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
			r, err := a.EditRisk(ctx, args[0], in)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, riskJSON(r))
			}
			fmt.Fprintf(f.IO.ErrOut, tr(lang, "已修改 %s\n", "Changed %s\n"), r.ID)
			return nil
		})
	}
	return cmd
}

func newCmdRiskList(f *Factory) *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the open risks by exposure (--all for closed ones too)",
		Example: heredoc(`
			$ crmflow risk list
			$ crmflow risk list --all --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withPlan(f, cmd, func(ctx context.Context, a *app.App, lang crmflow.Lang) error {
				rs, err := a.Risks(ctx)
				if err != nil {
					return err
				}
				list := milestones.TopRisks(rs, 0)
				if all {
					list = rs
				}
				if asJSON {
					return writeJSONArray(f.IO, len(list), func(i int) riskView { return riskJSON(list[i]) })
				}
				t := newTable(f.IO, "ID", tr(lang, "风险", "RISK"), tr(lang, "概率", "PROB"), tr(lang, "影响", "IMPACT"),
					tr(lang, "暴露度", "EXPOSURE"), tr(lang, "负责人", "OWNER"), tr(lang, "应对措施", "MITIGATION"), tr(lang, "期限", "DUE"), tr(lang, "状态", "STATUS"))
				t.truncate = 1
				for _, r := range list {
					t.add(r.ID, r.Text, r.Probability.Name(lang), r.Impact.Name(lang), strconv.Itoa(r.Exposure()), r.Owner, r.Mitigation,
						r.Due.String(), r.Status.Name(lang))
				}
				return t.print()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the risks as JSON")
	cmd.Flags().BoolVar(&all, "all", false, "include closed risks, in ID order")
	return cmd
}
