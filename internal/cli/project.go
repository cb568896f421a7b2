package cli

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
)

func newCmdProject(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "project <command>",
		Short: "Show and change the project, its settings, custom fields and modules",
		Example: heredoc(`
			$ crmflow project show
			$ crmflow project set scoring.weights value=0.5,urgency=0.3,ease=0.2
			$ crmflow project field add 预计工时 --type number
			$ crmflow project module add field-service --zh 外勤管理 --en "Field service"
		`),
	}
	cmd.AddCommand(newCmdProjectShow(f), newCmdProjectSet(f), newCmdProjectField(f), newCmdProjectModule(f))
	return cmd
}

func newCmdProjectShow(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show the project, its settings and custom fields",
		Example: heredoc(`
			$ crmflow project show
			$ crmflow project show --json | jq .settings
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			v, err := ap.ShowProject(ctx)
			if err != nil {
				return err
			}
			p, defs, mods := v.Project, v.Fields, v.Modules
			if asJSON {
				return writeJSON(f.IO, v)
			}
			w := f.IO.Out
			fmt.Fprintf(w, "name      %s\nclient    %s\nlang      %s\ncreated   %s\ndatabase  %s (schema %d)\n",
				p.Name, p.Client, p.Lang, p.CreatedAt.Format(crmflow.TimeFormat), v.Database, v.SchemaVersion)
			var counts []string
			for _, s := range requirements.Statuses {
				if n := v.ByStatus[s]; n > 0 {
					counts = append(counts, fmt.Sprintf("%d %s", n, s))
				}
			}
			fmt.Fprintf(w, "requirements  %d", v.Requirements)
			if len(counts) > 0 {
				fmt.Fprintf(w, " (%s)", strings.Join(counts, ", "))
			}
			fmt.Fprintln(w)
			fmt.Fprintln(w, "\nsettings")
			keys := make([]string, 0, len(v.Settings))
			for k := range v.Settings {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(w, "  %-16s %s\n", k, v.Settings[k])
			}
			fmt.Fprintf(w, "  %s\n", v.Formula)
			if len(defs) > 0 {
				fmt.Fprintln(w, "\ncustom fields")
				for _, d := range defs {
					fmt.Fprintf(w, "  %s\n", describeField(d))
				}
			}
			if len(mods) > 0 {
				fmt.Fprintln(w, "\nproject modules")
				for _, m := range mods {
					fmt.Fprintf(w, "  %-16s %s / %s\n", m.Key, m.Zh, m.En)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func describeField(d requirements.FieldDef) string {
	s := fmt.Sprintf("%s (%s", d.Name, d.Type)
	if len(d.Choices) > 0 {
		s += ": " + strings.Join(d.Choices, ", ")
	}
	if d.Default != "" {
		s += "; default " + d.Default
	}
	return s + ")"
}

func newCmdProjectSet(f *Factory) *cobra.Command {
	keys := slices.Clone(app.ProjectKeys)
	for k := range requirements.SettingKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var help strings.Builder
	help.WriteString("Keys:\n  name             the project name\n  client           the client organisation\n  lang             default document language (zh or en)\n" +
		"  people           who each actor (--as, CRMFLOW_USER, the OS user) is in documents and histories:\n" +
		"                   \"root=Chen Jing, li=Li Ming\"; an actor naming a stakeholder shows as that stakeholder\n" +
		"  user-name        your own name in people, for the current actor\n")
	skeys := make([]string, 0, len(requirements.SettingKeys))
	for k := range requirements.SettingKeys {
		skeys = append(skeys, k)
	}
	sort.Strings(skeys)
	for _, k := range skeys {
		fmt.Fprintf(&help, "  %-16s %s\n", k, requirements.SettingKeys[k])
	}
	return &cobra.Command{
		Use:   "set <key> <value>",
		Short: "Change a project setting",
		Long:  "Change a project setting. Scores and suggested MoSCoW classes follow the new settings at once.\n\n" + help.String(),
		Example: heredoc(`
			$ crmflow project set scoring.weights value=0.5,urgency=0.3,ease=0.2
			$ crmflow project set scoring.high 4
			$ crmflow project set scoring.moscow must=80,should=60,could=40
			$ crmflow project set client "某快消企业"
			$ crmflow project set user-name "Chen Jing"
		`),
		Args:      cobra.ExactArgs(2),
		ValidArgs: keys,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			key, value := strings.ToLower(strings.TrimSpace(args[0])), args[1]
			ap, err := f.App()
			if err != nil {
				return err
			}
			if _, ok := requirements.SettingKeys[key]; !ok && !slices.Contains(app.ProjectKeys, key) {
				return crmflow.Errorf(crmflow.EINVALID, "unknown setting %q; known: %s", key, strings.Join(keys, ", ")).
					WithTry("crmflow project set --help")
			}
			stored, st, err := ap.SetProject(ctx, key, value)
			if err != nil {
				return err
			}
			if key == app.KeyUserName {
				key = app.KeyPeople // user-name is one entry of people
			}
			fmt.Fprintf(f.IO.ErrOut, "Set %s to %s\n", key, stored)
			if key == requirements.KeyWeights {
				fmt.Fprintln(f.IO.ErrOut, st.Formula())
			}
			return nil
		},
	}
}

func newCmdProjectField(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "field <command>",
		Short: "Define typed custom fields every requirement can carry",
		Example: heredoc(`
			$ crmflow project field add 预计工时 --type number
			$ crmflow project field add 交付批次 --type choice --choices 一期,二期,三期 --default 一期
			$ crmflow project field list
		`),
	}
	var typ, choices, def string
	add := &cobra.Command{
		Use:   "add <name>",
		Short: "Add a custom field (number, text, choice or date)",
		Example: heredoc(`
			$ crmflow project field add 预计工时 --type number
			$ crmflow project field add 上线日期 --type date
			$ crmflow project field add 交付批次 --type choice --choices 一期,二期,三期 --default 一期
			$ crmflow req add "..." --module 客户信息 --value 3 --difficulty 2 --urgency 3 --field 预计工时=3
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			t, err := requirements.ParseFieldType(typ)
			if err != nil {
				return err
			}
			d := requirements.FieldDef{Name: args[0], Type: t, Default: def}
			if choices != "" {
				d.Choices = splitList(choices)
			}
			d, err = svc.AddField(cmd.Context(), d)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Added custom field %s\n", describeField(d))
			return nil
		},
	}
	add.Flags().StringVar(&typ, "type", "text", "number, text, choice or date")
	add.Flags().StringVar(&choices, "choices", "", "comma-separated choices (choice fields)")
	add.Flags().StringVar(&def, "default", "", "value new requirements get when none is given")
	_ = add.RegisterFlagCompletionFunc("type", cobra.FixedCompletions([]string{"number", "text", "choice", "date"}, cobra.ShellCompDirectiveNoFileComp))

	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the custom fields",
		Example: "$ crmflow project field list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			defs, err := ap.FieldDefs(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, defs)
			}
			t := newTable(f.IO, "NAME", "TYPE", "CHOICES", "DEFAULT")
			for _, d := range defs {
				t.add(d.Name, string(d.Type), strings.Join(d.Choices, ","), d.Default)
			}
			return t.print()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}

func newCmdProjectModule(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "module <command>",
		Short: "List the CRM modules and add the project's own",
		Example: heredoc(`
			$ crmflow project module list
			$ crmflow project module add field-service --zh 外勤管理 --en "Field service"
		`),
	}
	var zh, en string
	add := &cobra.Command{
		Use:     "add <key>",
		Short:   "Add a module of the project's own beside the built-in catalog",
		Example: `$ crmflow project module add field-service --zh 外勤管理 --en "Field service"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			m, err := svc.AddModule(cmd.Context(), args[0], zh, en)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Added module %s (%s / %s)\n", m.Key, m.Zh, m.En)
			return nil
		},
	}
	add.Flags().StringVar(&zh, "zh", "", "Chinese name")
	add.Flags().StringVar(&en, "en", "", "English name")

	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List every module: the built-in catalog and the project's own",
		Example: "$ crmflow project module list",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			cat, err := svc.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			mods := cat.Modules()
			if asJSON {
				return writeJSON(f.IO, mods)
			}
			// An English project sees the English names and aliases only.
			en := ap.Lang(cmd.Context()) == crmflow.LangEN
			t := newTable(f.IO, "KEY", "中文", "ENGLISH", "SOURCE", "ALSO ACCEPTED")
			if en {
				t = newTable(f.IO, "KEY", "NAME", "SOURCE", "ALSO ACCEPTED")
			}
			for _, m := range mods {
				src := "catalog"
				if m.Custom {
					src = "project"
				}
				if !en {
					t.add(m.Key, m.Zh, m.En, src, strings.Join(m.Aliases, ", "))
					continue
				}
				var aliases []string
				for _, a := range m.Aliases {
					if !hasHan(a) {
						aliases = append(aliases, a)
					}
				}
				t.add(m.Key, m.En, src, strings.Join(aliases, ", "))
			}
			t.truncate = len(t.headers) - 1
			return t.print()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}

// splitList splits on ASCII and Chinese commas and 、.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' })
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
