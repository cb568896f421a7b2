package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/survey"
)

func newCmdSurveyCompare(f *Factory) *cobra.Command {
	var asJSON bool
	var lang string
	cmd := &cobra.Command{
		Use:   "compare <Q-001> <Q-002> [Q-003...]",
		Short: "Compare rounds of a survey: each score per round and how it changed",
		Long: heredoc(`
			Put rounds of the same survey side by side, e.g. the satisfaction survey
			(--template satisfaction) one month and three months after go-live: for every
			rating and number question, its mean in each round and the change from the
			first round to the last; then the pain points' shares per round. Questions
			are matched by their key, so rounds built from one template line up.
		`),
		Example: heredoc(`
			$ crmflow survey new "上线一个月满意度调查" --template satisfaction
			$ crmflow survey compare Q-002 Q-003
			$ crmflow survey compare Q-002 Q-003 --json
		`),
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var rounds []survey.Results
			var l crmflow.Lang
			for i, ref := range args {
				ap, q, err := f.questionnaire(ctx, ref)
				if err != nil {
					return err
				}
				if i == 0 {
					l = q.Lang
					if lang != "" {
						if l, err = crmflow.ParseLang(lang); err != nil {
							return err
						}
					}
				}
				res, _, err := ap.SurveyResults(ctx, &q, l)
				if err != nil {
					return err
				}
				rounds = append(rounds, res)
			}
			c := survey.Compare(rounds, l)
			if asJSON {
				return writeJSON(f.IO, c)
			}
			return printComparison(f.IO, &c)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en (default: the first questionnaire's language)")
	return cmd
}

// printComparison shows the rounds' scores side by side.
func printComparison(io *IOStreams, c *survey.Comparison) error {
	l := c.Lang
	w := io.Out
	var rounds []string
	for _, r := range c.Rounds {
		rounds = append(rounds, fmt.Sprintf(tr(l, "%s %s（%s 人）", "%s %s (%s)"), r.Questionnaire, r.Title,
			tr(l, strconv.Itoa(r.Respondents), crmflow.Count(r.Respondents, "respondent"))))
	}
	fmt.Fprintln(w, strings.Join(rounds, " -> "))
	h := []string{tr(l, "题目", "QUESTION")}
	for _, r := range c.Rounds {
		h = append(h, r.Questionnaire)
	}
	h = append(h, tr(l, "变化", "CHANGE"))
	t := newTable(io, h...)
	t.truncate = 0
	for _, q := range c.Questions {
		row := []string{q.Text}
		for _, m := range q.Means {
			row = append(row, scoreCell(m))
		}
		t.add(append(row, changeCell(q.Change))...)
	}
	if len(c.Questions) == 0 {
		fmt.Fprintln(w, tr(l, "这些问卷没有可比较的评分题或数字题。", "These questionnaires have no rating or number questions in common."))
	} else if err := t.print(); err != nil {
		return err
	}
	if len(c.Pains) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	h = append([]string{tr(l, "痛点", "PAIN POINT")}, h[1:len(h)-1]...)
	t = newTable(io, h...)
	t.truncate = 0
	for _, p := range c.Pains {
		row := []string{p.Pain}
		for _, x := range p.Percents {
			row = append(row, fmt.Sprintf("%g%%", x))
		}
		t.add(row...)
	}
	return t.print()
}

func scoreCell(m *float64) string {
	if m == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f", *m)
}

func changeCell(d *float64) string {
	if d == nil {
		return "-"
	}
	return fmt.Sprintf("%+.2f", *d)
}
