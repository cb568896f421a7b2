// Package cli is crmflow's command line: cobra commands, one file per noun.
// Commands parse flags, call the application layer (package app) and print;
// no storage and no rules here.
package cli

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

// DBFile is the workspace database's file name.
const DBFile = "crmflow.db"

// Factory opens what commands need, lazily: `crmflow --help` never touches the
// workspace. Commands reach the workspace only through App.
type Factory struct {
	IO     *IOStreams
	DBPath string // --db
	As     string // --as
	Debug  bool   // --debug
	Force  bool   // --force of a command that writes files (addForceFlags)

	app  *app.App
	lang crmflow.Lang // the project's language when a command knows it before any workspace opens (init --lang)
}

// App opens the workspace once: --db, then $CRMFLOW_DB, then crmflow.db in the
// working directory or the nearest parent that has one.
func (f *Factory) App() (*app.App, error) {
	if f.app != nil {
		return f.app, nil
	}
	p, err := f.workspacePath()
	if err != nil {
		return nil, err
	}
	o, err := f.options()
	if err != nil {
		return nil, err
	}
	a, err := app.Open(context.Background(), p, o)
	if err != nil {
		if crmflow.ErrorCode(err) == crmflow.ENOTFOUND && f.DBPath == "" && os.Getenv("CRMFLOW_DB") == "" {
			return nil, err
		}
		if crmflow.ErrorCode(err) == crmflow.ENOTFOUND {
			return nil, crmflow.Errorf(crmflow.ENOTFOUND, "no crmflow workspace at %s", p).
				WithTry("crmflow --db " + p + " init --name \"...\" --lang zh|en")
		}
		return nil, err
	}
	f.app = a
	return a, nil
}

// options are the clock (pinned by CRMFLOW_NOW when set) and the actor
// (--as, CRMFLOW_USER, the OS user) the workspace records changes with.
func (f *Factory) options() (app.Options, error) {
	c, err := crmflow.ClockFromEnv(os.Getenv("CRMFLOW_NOW"))
	if err != nil {
		return app.Options{}, err
	}
	return app.Options{Clock: c, Actor: crmflow.ResolveActor(f.As)}, nil
}

// newPath is where a new workspace goes: --db, then $CRMFLOW_DB, then ./crmflow.db.
func (f *Factory) newPath() string {
	if f.DBPath != "" {
		return f.DBPath
	}
	if p := os.Getenv("CRMFLOW_DB"); p != "" {
		return p
	}
	return DBFile
}

// workspacePath finds the database: --db, then $CRMFLOW_DB, then crmflow.db in
// the working directory or the nearest parent that has one.
func (f *Factory) workspacePath() (string, error) {
	if f.DBPath != "" {
		return f.DBPath, nil
	}
	if p := os.Getenv("CRMFLOW_DB"); p != "" {
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, DBFile)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return "", crmflow.Errorf(crmflow.ENOTFOUND, "no crmflow workspace here: no %s in %s or any folder above it", DBFile, wd).
		WithTry("crmflow init --name \"...\" --client \"...\" --lang zh|en   (or crmflow demo, or --db PATH)")
}

// errorLang is the language an error is shown in: the workspace's, also when
// the command failed before it opened one (a wrong argument is shown in the
// project's language too); "" when there is no workspace to ask.
func (f *Factory) errorLang(ctx context.Context) crmflow.Lang {
	if f.lang != "" {
		return f.lang
	}
	if f.app == nil {
		if _, err := f.App(); err != nil {
			return ""
		}
	}
	return f.app.Lang(ctx)
}

// Close releases the workspace.
func (f *Factory) Close() {
	if f.app != nil {
		f.app.Close()
		f.app = nil
	}
}

// usageError is a mistake in how a command was called: exit status 2.
type usageError struct {
	err error
	cmd string
	zh  string // the message in a Chinese project; "" when usageText says it
}

func (e *usageError) Error() string { return e.err.Error() }

// NewRoot builds the command tree.
func NewRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "crmflow <noun> <verb>",
		Short: "Run a custom-CRM implementation project from survey to go-live",
		Long: heredoc(`
			crmflow keeps a CRM customization project in one workspace (crmflow.db):
			the requirement register with scores and priorities, its lifecycle and trace
			links, custom fields, and an audit log of every change.

			Run "crmflow demo" to see the seed's example project, or "crmflow init" to start one.
		`),
		Example: heredoc(`
			$ crmflow init --name "某快消企业CRM定制" --client "某快消企业" --lang zh
			$ crmflow req add "拜访记录移动端实时录入" --module 拜访跟进 --value 5 --difficulty 2 --urgency 4
			$ crmflow req list --sort score
		`),
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       crmflow.Version,
	}
	root.SetVersionTemplate("crmflow {{.Version}}\n")
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetIn(f.IO.In)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: err, cmd: c.CommandPath()}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&f.DBPath, "db", "", "workspace database (default: crmflow.db here or in a parent folder; env CRMFLOW_DB)")
	pf.StringVar(&f.As, "as", "", "record changes as this person (env CRMFLOW_USER; default: the OS user)")
	pf.BoolVar(&f.Debug, "debug", false, "show internal error details")

	root.AddGroup(&cobra.Group{ID: "workspace", Title: "Workspace:"}, &cobra.Group{ID: "register", Title: "Requirements:"})
	for _, c := range []*cobra.Command{newCmdInit(f), newCmdProject(f), newCmdAudit(f), newCmdBackup(f), newCmdRestore(f), newCmdDemo(f), newCmdDoctor(f)} {
		c.GroupID = "workspace"
		root.AddCommand(c)
	}
	root.AddGroup(&cobra.Group{ID: "documents", Title: "Documents and spreadsheets:"})
	for _, c := range []*cobra.Command{newCmdReq(f), newCmdData(f), newCmdPerm(f), newCmdProcess(f), newCmdSurvey(f), newCmdInterview(f), newCmdFinding(f), newCmdCompetitor(f)} {
		c.GroupID = "register"
		root.AddCommand(c)
	}
	root.AddGroup(&cobra.Group{ID: "change", Title: "Confirmation, freeze and change control:"})
	for _, c := range []*cobra.Command{newCmdStakeholder(f), newCmdMeeting(f), newCmdFreeze(f), newCmdBaseline(f), newCmdCR(f), newCmdTrace(f)} {
		c.GroupID = "change"
		root.AddCommand(c)
	}
	addPlanCommands(root, f)
	addReleaseCommands(root, f)
	root.AddGroup(&cobra.Group{ID: "acceptance", Title: "Acceptance, sign-off and go-live:"})
	for _, c := range newCmdsAcceptance(f) {
		c.GroupID = "acceptance"
		root.AddCommand(c)
	}
	root.AddCommand(newCmdFeedback(f))
	addPlanDocCommands(root, f)
	for _, c := range []*cobra.Command{newCmdDoc(f), newCmdExport(f), newCmdImport(f)} {
		c.GroupID = "documents"
		root.AddCommand(c)
	}
	addSignCommands(root, f)
	root.AddCommand(newCmdVersion(f), newCmdTUI(f))
	root.InitDefaultCompletionCmd()
	finishTree(root)
	addForceFlags(root, f)
	installEnglishHelp(root, f)
	return root
}

// ownOutputRule are the commands with -o that write through the application
// layer's own rules (batches of a legacy check, a signed package, key files),
// not through writeOutput.
var ownOutputRule = map[string]bool{"crmflow data check": true, "crmflow signoff export": true, "crmflow keys gen": true}

// addForceFlags gives every command that writes a file through writeOutput
// (a command with -o, or process import with --dsl) the --force that lets it replace a file
// changed since crmflow wrote it; export reqs has its own, bound to the same.
func addForceFlags(c *cobra.Command, f *Factory) {
	fl := c.Flags()
	if !ownOutputRule[c.CommandPath()] && fl.Lookup("force") == nil && (fl.Lookup("output") != nil || (fl.Lookup("dsl") != nil && c.Name() == "import")) {
		fl.BoolVar(&f.Force, "force", false, "replace an output file changed since crmflow wrote it (or one it did not write)")
	}
	for _, sub := range c.Commands() {
		addForceFlags(sub, f)
	}
}

// finishTree makes argument-count errors usage errors (exit 2) everywhere, and
// indents examples the way help text lays them out.
func finishTree(c *cobra.Command) {
	if c.Example != "" {
		lines := strings.Split(c.Example, "\n")
		for i, l := range lines {
			lines[i] = "  " + l
		}
		c.Example = strings.Join(lines, "\n")
	}
	if c.Args != nil {
		inner := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := inner(cmd, args); err != nil {
				return &usageError{err: err, cmd: cmd.CommandPath()}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		finishTree(sub)
	}
}

// Main runs crmflow with the process's arguments and returns the exit status.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	io := System()
	// Buffer stdout so a 5,000-row listing is a few writes, not 5,000.
	out := bufio.NewWriterSize(io.Out, 64<<10)
	io.Out = out
	code := Run(ctx, os.Args[1:], io)
	if err := out.Flush(); err != nil && code == 0 {
		fmt.Fprintf(io.ErrOut, "Error: writing output: %v\n", err)
		code = 1
	}
	return code
}

// Run runs crmflow with args on the given streams and returns the exit status.
func Run(ctx context.Context, args []string, io *IOStreams) int {
	f := &Factory{IO: io}
	root := NewRoot(f)
	root.SetArgs(tuiByDefault(args, io))
	cmd, err := root.ExecuteContextC(ctx)
	// The hint's sample values are in the project's language, when a
	// workspace was opened.
	var lang crmflow.Lang
	if err != nil {
		if f.app != nil {
			// A read that meets a damaged file is the user's to fix, not an
			// internal error: writes are named in the store, reads here.
			err = f.app.StorageError(err)
		}
		lang = f.errorLang(context.WithoutCancel(ctx))
	}
	f.Close()
	if err != nil && cmd != nil && isFlagRuleError(err) {
		err = &usageError{err: err, cmd: cmd.CommandPath()}
	}
	return reportError(io, err, f.Debug, lang)
}

// isFlagRuleError reports whether err is cobra's complaint about a required
// flag or a flag group: a usage mistake, though cobra returns it as plain text.
func isFlagRuleError(err error) bool {
	m := err.Error()
	return strings.HasPrefix(m, "required flag(s) ") || strings.HasPrefix(m, "if any flags in the group ") ||
		strings.HasPrefix(m, "at least one of the flags in the group ")
}

// reportError prints err as "Error: ..." and "Try: ..." and returns the exit status.
func reportError(io *IOStreams, err error, debug bool, lang crmflow.Lang) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") || strings.HasPrefix(err.Error(), "unknown flag") {
		errLabel, tryLabel := errorLabels(lang)
		msg := usageText(err.Error(), lang)
		if ue != nil && ue.zh != "" && lang == crmflow.LangZH {
			msg = ue.zh
		}
		fmt.Fprintf(io.ErrOut, "%s%s\n", errLabel, msg)
		cmd := "crmflow"
		if ue != nil && ue.cmd != "" {
			cmd = ue.cmd
		}
		fmt.Fprintf(io.ErrOut, "%s%s --help\n", tryLabel, cmd)
		return 2
	}
	if errors.Is(err, context.Canceled) {
		errLabel, _ := errorLabels(lang)
		fmt.Fprintln(io.ErrOut, errLabel+zhOr(lang, "已中断；没有再写入任何内容", "interrupted; nothing more was written"))
		return 1
	}
	var ce *crmflow.Error
	if errors.As(err, &ce) {
		errLabel, tryLabel := errorLabels(lang)
		fmt.Fprintf(io.ErrOut, "%s%s\n", errLabel, errorText(err, lang))
		if try := cmp.Or(ce.Try, hintFor(err, lang)); try != "" {
			fmt.Fprintf(io.ErrOut, "%s%s\n", tryLabel, try)
		}
		if debug && ce.Err != nil {
			fmt.Fprintf(io.ErrOut, "Detail: %v\n", ce.Err)
		}
		return 1
	}
	errLabel, tryLabel := errorLabels(lang)
	fmt.Fprintf(io.ErrOut, "%s%s%s\n", errLabel, zhOr(lang, "内部错误：", "internal error: "), err)
	if !debug {
		fmt.Fprintln(io.ErrOut, tryLabel+zhOr(lang, "加上 --debug 再运行一次；如果问题依旧，请报告", "run again with --debug, and report it if it persists"))
	} else {
		fmt.Fprintf(io.ErrOut, "Detail: %#v\n", err)
	}
	return 1
}

// heredoc removes the common indentation of a raw string literal.
func heredoc(s string) string {
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, "\t "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		} else {
			lines[i] = strings.TrimLeft(l, "\t ")
		}
	}
	return strings.Join(lines, "\n")
}

func newCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the crmflow version and schema version",
		Example: "$ crmflow version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "crmflow %s (schema %d)\n", crmflow.Version, app.SchemaVersion())
			return err
		},
	}
}
