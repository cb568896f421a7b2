package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

func newCmdInit(f *Factory) *cobra.Command {
	var name, client, lang string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a workspace (crmflow.db) for a client project in this folder",
		Long: heredoc(`
			Create crmflow.db in the current folder (or at --db). Every other command
			finds it from this folder or any folder below it.
		`),
		Example: heredoc(`
			$ crmflow init --name "某快消企业CRM定制" --client "某快消企业" --lang zh
			$ crmflow init --name "ACME CRM rollout" --client ACME --lang en
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := crmflow.ParseLang(lang)
			if err != nil {
				return err
			}
			f.lang = l // errors before the workspace exists are in its language too
			if strings.TrimSpace(name) == "" {
				return crmflow.Errorf(crmflow.EINVALID, "the project needs a name").With("missing", "name").With("empty", "yes").
					WithTry("crmflow init --name " + tr(l, `"某快消企业CRM定制"`, `"ACME CRM rollout" --lang en`))
			}
			o, err := f.options()
			if err != nil {
				return err
			}
			p := f.newPath()
			a, err := app.Init(cmd.Context(), p, crmflow.Project{Name: name, Client: client, Lang: l}, o)
			if err != nil {
				return err
			}
			defer a.Close()
			abs, _ := filepath.Abs(p)
			fmt.Fprintf(f.IO.ErrOut, tr(l, "已为“%[2]s”创建工作区 %[1]s\n", "Created workspace %[1]s for %[2]q\n"), abs, name)
			fmt.Fprintln(f.IO.ErrOut, tr(l, "下一步：", "Next: ")+"crmflow req add "+tr(l, `"需求标题" --module 拜访跟进`, `"Requirement title" --module visits`)+" --value 4 --difficulty 2 --urgency 3")
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "project name (required)")
	cmd.Flags().StringVar(&client, "client", "", "client organisation")
	cmd.Flags().StringVar(&lang, "lang", "zh", "default document language: zh or en")
	return cmd
}
