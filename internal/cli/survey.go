package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/survey"
)

// questionnaire opens the survey service and resolves a questionnaire reference.
func (f *Factory) questionnaire(ctx context.Context, ref string) (*app.App, survey.Questionnaire, error) {
	ap, err := f.App()
	if err != nil {
		return nil, survey.Questionnaire{}, err
	}
	q, err := ap.Surveys.Resolve(ctx, ref)
	return ap, q, err
}

func newCmdSurvey(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "survey <command>",
		Short: "Run questionnaires: role templates, Excel to hand out, import, results",
		Long: heredoc(`
			Questionnaires (问卷调研) are built from role question banks (销售总监, 销售代表,
			市场, 客服, IT, 财务, 管理层). Export one as an Excel workbook with one sheet per
			role, hand it out, import the filled files back (all or nothing, every problem
			reported with file, sheet, row and question), and read the results: counts,
			averages, text answers and the pain points ranked.
		`),
		Example: heredoc(`
			$ crmflow survey new "销售团队调研" --template sales-rep,sales-director
			$ crmflow survey export Q-001 -o out/questionnaire.xlsx
			$ crmflow survey import Q-001 filled/*.xlsx
			$ crmflow survey results Q-001 --format html -o out/
		`),
	}
	question := &cobra.Command{
		Use:     "question <command>",
		Short:   "Change a questionnaire's questions",
		Example: `$ crmflow survey question add Q-001 "您每周平均拜访客户多少次？" --type number --role sales-rep`,
	}
	question.AddCommand(newCmdSurveyQuestionAdd(f))
	cmd.AddCommand(newCmdSurveyTemplates(f), newCmdSurveyNew(f), newCmdSurveyList(f), newCmdSurveyShow(f), question,
		newCmdSurveyExport(f), newCmdSurveyImport(f), newCmdSurveyResults(f), newCmdSurveyCompare(f))
	return cmd
}

// templateJSON is a role template as survey templates --json shows it.
type templateJSON struct {
	Role      string            `json:"role"`
	NameZH    string            `json:"name_zh"`
	NameEN    string            `json:"name_en"`
	Questions []survey.Question `json:"questions"`
	Types     map[string]int    `json:"types"`
}

func newCmdSurveyTemplates(f *Factory) *cobra.Command {
	var asJSON bool
	var lang string
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List the built-in role question banks",
		Long: heredoc(`
			List the role templates a questionnaire is built from: each role's question
			bank, with how many questions it has. --json gives every question with its key,
			type, zh and en text, options, and whether it is required or the role's
			pain-point question.
		`),
		Example: heredoc(`
			$ crmflow survey templates
			$ crmflow survey templates --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			banks, err := app.QuestionBanks()
			if err != nil {
				return err
			}
			l, err := langOr(lang, projectLang(cmd.Context(), f))
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]templateJSON, len(banks))
				for i, b := range banks {
					out[i] = templateJSON{Role: b.Role.Key, NameZH: b.Role.ZH, NameEN: b.Role.EN, Questions: b.For(l), Types: map[string]int{}}
					for _, q := range b.For(l) {
						out[i].Types[string(q.Type)]++
					}
				}
				return writeJSON(f.IO, out)
			}
			t := newTable(f.IO, "TEMPLATE", "ROLE", "QUESTIONS", "REQUIRED", "PAIN-POINT QUESTION")
			t.truncate = 4
			for _, b := range banks {
				req, pain, qs := 0, "", b.For(l)
				for _, q := range qs {
					if q.Required {
						req++
					}
					if q.Pain {
						pain = q.Text.In(l)
					}
				}
				t.add(b.Role.Key, b.Role.Name(l), strconv.Itoa(len(qs)), strconv.Itoa(req), pain)
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en for the names (default: the project's language; zh outside a workspace)")
	return cmd
}

func newCmdSurveyNew(f *Factory) *cobra.Command {
	var tmpls []string
	var lang string
	cmd := &cobra.Command{
		Use:   "new <title>",
		Short: "Create a questionnaire from role templates",
		Long: heredoc(`
			Create a questionnaire with every question of the role templates named by
			--template (keys or names; see crmflow survey templates). The language (--lang,
			default the project's) is the one the workbook and documents are written in;
			answers are accepted in Chinese or English either way. Prints the new ID.
		`),
		Example: heredoc(`
			$ crmflow survey new "销售团队调研" --template sales-rep,sales-director
			$ crmflow survey new "Sales survey" --template sales-rep --lang en
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Surveys
			l, err := docLang(ctx, f, lang)
			if err != nil {
				return err
			}
			q, err := svc.New(ctx, args[0], splitAll(tmpls), l)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, q.ID)
			fmt.Fprintf(f.IO.ErrOut, "Created %s %s: %s, %s\n", q.ID, q.Title, crmflow.Count(len(q.Roles), "role"), crmflow.Count(len(q.Questions), "question"))
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&tmpls, "template", nil, "role templates, comma-separated or repeated (sales-rep,sales-director)")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	_ = cmd.MarkFlagRequired("template")
	return cmd
}

// questionnaireSummary is a questionnaire as survey list shows it.
type questionnaireSummary struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Lang      string   `json:"lang"`
	Roles     []string `json:"roles"`
	Questions int      `json:"questions"`
	Revision  int      `json:"revision"`
	Responses int      `json:"responses"`
	CreatedAt string   `json:"created_at"`
	UpdatedAt string   `json:"updated_at"`
}

func newCmdSurveyList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List questionnaires with their response counts",
		Example: "$ crmflow survey list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, counts, err := ap.Questionnaires(ctx)
			if err != nil {
				return err
			}
			sums := make([]questionnaireSummary, len(all))
			for i, q := range all {
				roles := make([]string, len(q.Roles))
				for j, r := range q.Roles {
					roles[j] = r.Key
				}
				sums[i] = questionnaireSummary{ID: q.ID, Title: q.Title, Lang: string(q.Lang), Roles: roles, Questions: len(q.Questions),
					Revision: q.Revision, Responses: counts[q.ID], CreatedAt: q.CreatedAt.Format(crmflow.TimeFormat), UpdatedAt: q.UpdatedAt.Format(crmflow.TimeFormat)}
			}
			if asJSON {
				return writeJSON(f.IO, sums)
			}
			t := newTable(f.IO, "ID", "TITLE", "LANG", "ROLES", "QUESTIONS", "REVISION", "RESPONSES")
			for _, s := range sums {
				t.add(s.ID, s.Title, s.Lang, strings.Join(s.Roles, ","), strconv.Itoa(s.Questions), strconv.Itoa(s.Revision), strconv.Itoa(s.Responses))
			}
			return t.print()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdSurveyShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show <Q-001>",
		Short: "Show a questionnaire's roles and questions",
		Example: heredoc(`
			$ crmflow survey show Q-001
			$ crmflow survey show Q-001 --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			_, q, err := f.questionnaire(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, q)
			}
			w := f.IO.Out
			fmt.Fprintf(w, "%s  %s (%s, revision %d)\n", q.ID, q.Title, q.Lang, q.Revision)
			for _, r := range q.Roles {
				fmt.Fprintf(w, "\n%s (%s)\n", r.Name(q.Lang), r.Key)
				for i, x := range q.QuestionsFor(r.Key) {
					flags := string(x.Type)
					if x.Required {
						flags += ", required"
					}
					if x.Pain {
						flags += ", pain points"
					}
					fmt.Fprintf(w, "  %2d. %s  [%s]  %s\n", i+1, x.Text.In(q.Lang), flags, x.Key)
					if len(x.Options) > 0 {
						names := make([]string, len(x.Options))
						for j, o := range x.Options {
							names[j] = o.In(q.Lang)
						}
						fmt.Fprintf(w, "      %s\n", strings.Join(names, " | "))
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCmdSurveyQuestionAdd(f *Factory) *cobra.Command {
	var typ, role string
	var options []string
	var optional, pain bool
	cmd := &cobra.Command{
		Use:   "add <Q-001> <question text>",
		Short: "Add a question to a questionnaire",
		Long: heredoc(`
			Add a question (single, multi, rating, number or text) to a questionnaire's
			role (--role; without it, the question is asked of every role). Choice types
			need --options. Questions are required unless --optional. Adding a question
			bumps the questionnaire's revision: workbooks exported before are refused on
			import, so export again after changing the questions.
		`),
		Example: heredoc(`
			$ crmflow survey question add Q-001 "您每周平均拜访客户多少次？" --type number --role sales-rep
			$ crmflow survey question add Q-001 "是否使用企业微信？" --type single --options 是,否 --optional
		`),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Surveys
			t, err := survey.ParseQuestionType(typ)
			if err != nil {
				return err
			}
			q, err := svc.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			q, added, err := svc.AddQuestion(ctx, q.ID, survey.QuestionInput{Text: args[1], Type: t, Role: role,
				Options: splitAll(options), Optional: optional, Pain: pain})
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, added.Key)
			fmt.Fprintf(f.IO.ErrOut, "Added %s to %s (now revision %d, %d questions)\n", added.Key, q.ID, q.Revision, len(q.Questions))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&typ, "type", "text", "single, multi, rating, number or text")
	fl.StringVar(&role, "role", "", "the role it is asked of (default: every role)")
	fl.StringArrayVar(&options, "options", nil, "options of a choice question, comma-separated")
	fl.BoolVar(&optional, "optional", false, "the question may be left unanswered")
	fl.BoolVar(&pain, "pain", false, "a multiple-choice pain-point question, ranked in the results")
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions([]string{"single", "multi", "rating", "number", "text"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func newCmdSurveyExport(f *Factory) *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "export <Q-001>",
		Short: "Write a questionnaire to hand out: xlsx (or a printable md)",
		Long: heredoc(`
			Write the questionnaire workbook: instructions, one sheet per role with a
			column per respondent (name, department and date at the top, dropdowns for
			single-choice and rating questions, number checks, required questions marked),
			and hidden sheets that tell the import which questionnaire and revision it is.
			--format md writes a printable Markdown version instead.
		`),
		Example: heredoc(`
			$ crmflow survey export Q-001 -o out/questionnaire.xlsx
			$ crmflow survey export Q-001 --format md -o out/
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, q, err := f.questionnaire(ctx, args[0])
			if err != nil {
				return err
			}
			doc, err := ap.QuestionnaireDocument(&q, strings.ToLower(format))
			if err != nil {
				return err
			}
			path := outputPath(out, doc.Name)
			if err := writeOutput(f, path, doc.Data); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, path)
			fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%s revision %d: %s, %s)\n", path, q.ID, q.Revision, crmflow.Count(len(q.Roles), "role"), crmflow.Count(len(q.Questions), "question"))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file or folder to write (default: questionnaire-Q-001.xlsx)")
	cmd.Flags().StringVar(&format, "format", "xlsx", "xlsx or md")
	return cmd
}

func newCmdSurveyImport(f *Factory) *cobra.Command {
	opts := &surveyImportOptions{IO: f.IO, App: func() (surveyImporter, error) { return f.App() }}
	cmd := &cobra.Command{
		Use:   "import <Q-001> <file.xlsx>...",
		Short: "Read filled questionnaires back, all files or none",
		Long: heredoc(`
			Read filled questionnaire workbooks (Excel, WPS or LibreOffice) into the
			workspace in one transaction. Rows are matched by the hidden question keys;
			every answer column with a name or an answer is a respondent. Every answer is
			checked first: an option that is not on the list (Chinese or English text is
			accepted), a rating outside 1–5, a number that is not a number, a missing
			required answer or name, a workbook of another questionnaire or of an older
			revision, an unreadable file. Every problem is reported with its file, sheet,
			row and question, and then nothing is written.

			A respondent (same role and name) who already answered is refused unless
			--replace. --dry-run shows who would be imported, and writes nothing.
		`),
		Example: heredoc(`
			$ crmflow survey import Q-001 filled/*.xlsx --dry-run
			$ crmflow survey import Q-001 filled/*.xlsx
			$ crmflow survey import Q-001 filled/sales-east.xlsx --replace
		`),
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref, opts.Files = args[0], readInputs(args[1:])
			return runSurveyImport(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.DryRun, "dry-run", false, "show what would be imported; write nothing")
	fl.BoolVar(&opts.Replace, "replace", false, "replace the answers of respondents who answered before")
	fl.BoolVar(&opts.AsJSON, "json", false, "print the plan as JSON")
	return cmd
}

// surveyImportOptions are what `crmflow survey import` was asked.
type surveyImportOptions struct {
	IO      *IOStreams
	App     func() (surveyImporter, error)
	Ref     string      // the questionnaire
	Files   []app.Input // the filled workbooks, as read
	DryRun  bool
	Replace bool
	AsJSON  bool
}

// surveyImporter is the part of the application survey import uses.
type surveyImporter interface {
	ResolveQuestionnaire(ctx context.Context, ref string) (survey.Questionnaire, error)
	PlanSurveyImport(ctx context.Context, q *survey.Questionnaire, files []app.Input, replace bool) (*survey.ImportPlan, int, error)
	ApplySurveyImport(ctx context.Context, plan *survey.ImportPlan) error
}

// readInputs reads the files an import names; a file that cannot be read
// carries its error, for the import to report with the others.
func readInputs(paths []string) []app.Input {
	out := make([]app.Input, len(paths))
	for i, p := range paths {
		data, err := readBounded(p, "workbooks", maxImportSize)
		out[i] = app.Input{Name: p, Data: data, Err: err}
	}
	return out
}

func runSurveyImport(ctx context.Context, opts *surveyImportOptions) error {
	a, err := opts.App()
	if err != nil {
		return err
	}
	q, err := a.ResolveQuestionnaire(ctx, opts.Ref)
	if err != nil {
		return err
	}
	plan, files, err := a.PlanSurveyImport(ctx, &q, opts.Files, opts.Replace)
	if err != nil {
		return err
	}
	if opts.AsJSON {
		if err := writeJSON(opts.IO, plan); err != nil {
			return err
		}
	} else if len(plan.Problems) == 0 {
		// Counts per file only when they can be imported: beside problems
		// they read like a success.
		printSurveyPlan(opts.IO, &q, plan)
	}
	listProblems[survey.Problem](opts.IO.ErrOut, plan.Problems, nil)
	if len(plan.Problems) > 0 {
		return survey.ProblemsError(len(plan.Problems))
	}
	added, replaced := plan.Counts()
	if opts.DryRun {
		fmt.Fprintf(opts.IO.ErrOut, "Dry run: would import %s (%d new, %d replaced); nothing was written\n", crmflow.Count(added+replaced, "response"), added, replaced)
		return nil
	}
	if err := a.ApplySurveyImport(ctx, plan); err != nil {
		return err
	}
	from := fmt.Sprintf("%d files", files)
	if files == 1 {
		from = "1 file"
	}
	fmt.Fprintf(opts.IO.ErrOut, "Imported %d responses into %s from %s (%d new, %d replaced)\n", added+replaced, q.ID, from, added, replaced)
	return nil
}

// printSurveyPlan shows, per file and role, the respondents an import holds.
func printSurveyPlan(io *IOStreams, q *survey.Questionnaire, p *survey.ImportPlan) {
	type key struct{ file, role string }
	var order []key
	counts := map[key][2]int{}
	for _, r := range p.Responses {
		k := key{r.Response.File, r.Response.Respondent.Role}
		if _, ok := counts[k]; !ok {
			order = append(order, k)
		}
		c := counts[k]
		if r.Replaces {
			c[1]++
		} else {
			c[0]++
		}
		counts[k] = c
	}
	t := newTable(io, "FILE", "ROLE", "NEW", "REPLACED")
	for _, k := range order {
		role := k.role
		if r, ok := q.Role(k.role); ok {
			role = r.Name(q.Lang)
		}
		c := counts[k]
		t.add(k.file, role, strconv.Itoa(c[0]), strconv.Itoa(c[1]))
	}
	_ = t.print()
}

func newCmdSurveyResults(f *Factory) *cobra.Command {
	var asJSON bool
	var format, out, lang string
	cmd := &cobra.Command{
		Use:   "results <Q-001>",
		Short: "Show a questionnaire's results: counts, averages, text answers, pain points",
		Long: heredoc(`
			Aggregate the responses: for choices the count and share of each option (for
			multiple choice, of the respondents who answered); for ratings and numbers the
			count, mean, median, minimum, maximum and distribution; every text answer with
			who gave it; and the pain points ranked by how many respondents raised them.
			--format md|html|xlsx writes a document instead (html has a bar chart per
			question; xlsx has a summary with charts and the raw answers).
		`),
		Example: heredoc(`
			$ crmflow survey results Q-001
			$ crmflow survey results Q-001 --json
			$ crmflow survey results Q-001 --format html -o out/survey-results.html
			$ crmflow survey results Q-001 --format xlsx -o out/
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, q, err := f.questionnaire(ctx, args[0])
			if err != nil {
				return err
			}
			l, err := langOr(lang, q.Lang)
			if err != nil {
				return err
			}
			res, responses, err := ap.SurveyResults(ctx, &q, l)
			if err != nil {
				return err
			}
			if format != "" {
				doc, err := app.SurveyResultsDocument(&q, &res, responses, l, strings.ToLower(format))
				if err != nil {
					return err
				}
				path := outputPath(out, doc.Name)
				if err := writeOutput(f, path, doc.Data); err != nil {
					return err
				}
				fmt.Fprintln(f.IO.Out, path)
				fmt.Fprintf(f.IO.ErrOut, "Wrote %s (%d respondents)\n", path, res.Respondents)
				return nil
			}
			if asJSON {
				return writeJSON(f.IO, res)
			}
			return printResults(f.IO, &res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&format, "format", "", "write a document: md, html or xlsx")
	cmd.Flags().StringVarP(&out, "output", "o", "", "file or folder for --format (default: survey-results.EXT)")
	cmd.Flags().StringVar(&lang, "lang", "", "zh or en (default: the questionnaire's language)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "html", "xlsx"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// printResults shows the results on a terminal (or as TSV when piped).
func printResults(io *IOStreams, res *survey.Results) error {
	w := io.Out
	fmt.Fprintf(w, "%s  %s (revision %d): %d respondents\n", res.Questionnaire, res.Title, res.Revision, res.Respondents)
	for _, r := range res.Roles {
		fmt.Fprintf(w, "  %s: %d\n", r.Name, r.Respondents)
	}
	if len(res.Pains) > 0 && res.Respondents > 0 {
		fmt.Fprintln(w, "\nPain points ranked")
		t := newTable(io, "RANK", "PAIN POINT", "COUNT", "SHARE", "ROLES")
		for i, p := range res.Pains {
			t.add(strconv.Itoa(i+1), p.Pain, strconv.Itoa(p.Count), fmt.Sprintf("%g%%", p.Percent), strings.Join(p.Roles, ", "))
		}
		if err := t.print(); err != nil {
			return err
		}
	}
	for i, q := range res.Questions {
		role := q.RoleName
		if role == "" {
			role = "all roles"
		}
		fmt.Fprintf(w, "\n%d. %s  [%s, %s, %d/%d answered]\n", i+1, q.Text, role, q.Type, q.Answered, q.Asked)
		switch {
		case q.Answered == 0:
			continue
		case q.Type.Choice():
			t := newTable(io, "OPTION", "COUNT", "SHARE")
			for _, o := range q.Options {
				t.add(o.Option, strconv.Itoa(o.Count), fmt.Sprintf("%g%%", o.Percent))
			}
			if err := t.print(); err != nil {
				return err
			}
		case q.Stats != nil:
			s := q.Stats
			fmt.Fprintf(w, "count %d  mean %g  median %g  min %g  max %g\n", s.Count, s.Mean, s.Median, s.Min, s.Max)
			t := newTable(io, "VALUE", "COUNT")
			for _, d := range s.Distribution {
				t.add(d.Label, strconv.Itoa(d.Count))
			}
			if err := t.print(); err != nil {
				return err
			}
		default:
			t := newTable(io, "ANSWER", "RESPONDENT", "DEPARTMENT")
			t.truncate = 0
			for _, a := range q.Texts {
				t.add(a.Text, a.Respondent, a.Department)
			}
			if err := t.print(); err != nil {
				return err
			}
		}
	}
	return nil
}
