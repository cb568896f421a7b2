package cli

import (
	"os"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/tui"
)

func newCmdTUI(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "tui",
		Short: "Open the terminal UI: dashboard, requirements, survey, process maps, changes",
		Long: heredoc(`
			Open the terminal UI on the workspace. "crmflow" with no arguments opens it
			too when run on a terminal. Press ? in it for every key, q to quit.
		`),
		Example: heredoc(`
			$ crmflow tui
			$ crmflow --as 王总 tui
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !isTerminal(os.Stdin) || !isTerminal(os.Stdout) {
				return crmflow.Errorf(crmflow.EINVALID, "the terminal UI needs a terminal on stdin and stdout")
			}
			a, err := f.App()
			if err != nil {
				return err
			}
			// The UI writes to the terminal itself, not through the buffered IO.Out.
			return tui.Run(cmd.Context(), a, os.Stdin, os.Stdout)
		},
	}
}

// tuiByDefault turns a bare "crmflow" on a terminal, inside a workspace, into
// "crmflow tui"; piped, or where there is no workspace, it prints help as before.
func tuiByDefault(args []string, io *IOStreams) []string {
	if len(args) != 0 || io.In != os.Stdin || !isTerminal(os.Stdin) || !isTerminal(os.Stdout) {
		return args
	}
	if _, err := (&Factory{}).workspacePath(); err != nil {
		return args
	}
	return []string{"tui"}
}

func isTerminal(f *os.File) bool { return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) }
