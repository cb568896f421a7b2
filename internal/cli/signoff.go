package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/signoff"
)

// addSignCommands registers the sign-off, key, go-live and legacy-data
// commands (one line in NewRoot, after the "acceptance" group exists).
func addSignCommands(root *cobra.Command, f *Factory) {
	for _, c := range []*cobra.Command{newCmdKeys(f), newCmdSignoff(f), newCmdGoLive(f)} {
		c.GroupID = "acceptance"
		root.AddCommand(c)
	}
	for _, c := range root.Commands() {
		if c.Name() == "data" {
			c.AddCommand(newCmdDataCheck(f))
		}
	}
}

func newCmdSignoff(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "signoff <command>",
		Short: "Request, sign, verify and export sign-offs (签字确认)",
		Long: heredoc(`
			A sign-off binds a document built on a baseline to the people who sign it.
			The request records the document's SHA-256 and the baseline's hash and
			keeps both as they are. Each signature records the signer's printed name,
			role, time and meaning (需求确认, 验收通过, 上线批准) with those hashes; with
			a key (crmflow keys gen) it is an ed25519 signature in minisign's format
			over the document and over a signature statement of those facts, which the
			standard minisign tool verifies without crmflow.
		`),
		Example: heredoc(`
			$ crmflow signoff request srs --baseline v1.1
			$ crmflow signoff sign SO-001 --by 王总 --meaning 需求确认
			$ crmflow signoff verify SO-001 --file out/需求规格说明书.html
			$ crmflow signoff export SO-001 -o out/signed/
		`),
	}
	cmd.AddCommand(newCmdSignoffRequest(f), newCmdSignoffSign(f), newCmdSignoffVerify(f), newCmdSignoffExport(f), newCmdSignoffList(f), newCmdSignoffShow(f))
	return cmd
}

func newCmdSignoffRequest(f *Factory) *cobra.Command {
	var base, lang, format, file, out string
	var asJSON bool
	c := &cobra.Command{
		Use:   "request <srs|acceptance|golive>",
		Short: "Build a document on a baseline and request its sign-off",
		Long: heredoc(`
			Builds the document as of the baseline (the SRS as an HTML page by default,
			the go-live checklist as Markdown), records its SHA-256 and the baseline's
			hash, and keeps both. The acceptance report, built elsewhere, is given with
			--file. -o also writes the document to hand to the signers.
		`),
		Example: heredoc(`
			$ crmflow signoff request srs --baseline v1.1
			$ crmflow signoff request srs --baseline v1.1 --lang en -o out/
			$ crmflow signoff request acceptance --baseline v1.1 --file out/验收报告.html
			$ crmflow signoff request golive
		`),
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"srs", "acceptance", "golive"},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			d, err := signoff.ParseDoc(args[0])
			if err != nil {
				return &usageError{err: err, cmd: cmd.CommandPath()}
			}
			fm := app.Format(strings.ToLower(format))
			if fm != "md" && fm != "html" {
				return &usageError{err: fmt.Errorf("--format %q is not md or html", format), zh: fmt.Sprintf("--format“%s”不是 md 或 html", format), cmd: cmd.CommandPath()}
			}
			if d == signoff.DocAcceptance && file == "" {
				return &usageError{err: fmt.Errorf("the acceptance report is given with --file"), zh: "验收报告须用 --file 给出", cmd: cmd.CommandPath()}
			}
			l, err := docLang(ctx, f, lang)
			if err != nil {
				return err
			}
			a, err := f.App()
			if err != nil {
				return err
			}
			r, err := a.RequestSignoff(ctx, app.SignoffInput{Doc: d, Baseline: base, Lang: l, Format: fm, File: file})
			if err != nil {
				return err
			}
			if out != "" {
				doc, _, err := a.Signoffs.Store.Document(ctx, r.ID)
				if err != nil {
					return err
				}
				p := outputPath(out, r.FileName)
				if err := writeOutput(f, p, doc); err != nil {
					return err
				}
				fmt.Fprintf(f.IO.ErrOut, "Wrote %s\n", p)
			}
			if asJSON {
				return writeJSON(f.IO, r)
			}
			fmt.Fprintln(f.IO.Out, r.ID)
			signers, err := a.Signatories(ctx, r.Baseline, l)
			if err != nil {
				return err
			}
			names := make([]string, len(signers))
			for i, s := range signers {
				names[i] = s.Name
			}
			fmt.Fprintf(f.IO.ErrOut, "Requested %s: %s on baseline %s (document SHA-256 %s, baseline %s); may sign: %s\n",
				r.ID, r.FileName, r.Baseline, short(r.DocSHA256), short(r.BaselineHash), orNone(strings.Join(names, ", ")))
			return nil
		},
	}
	c.Flags().StringVar(&base, "baseline", "", "the baseline the document is built on (default: the newest)")
	c.Flags().StringVar(&lang, "lang", "", "zh or en (default: the project's language)")
	c.Flags().StringVar(&format, "format", "html", "md or html (the SRS)")
	c.Flags().StringVar(&file, "file", "", "the document to sign off, when crmflow does not build it")
	c.Flags().StringVarP(&out, "output", "o", "", "also write the document to this folder or file")
	c.Flags().BoolVar(&asJSON, "json", false, "print the request as JSON")
	return c
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func orNone(s string) string {
	if s == "" {
		return "nobody holds signoff authority yet"
	}
	return s
}

// defaultKeyDir is where keys gen writes keys and signoff sign looks for them.
func defaultKeyDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "crmflow", "keys")
}

func newCmdSignoffSign(f *Factory) *cobra.Command {
	var by, meaning, key string
	var asJSON bool
	c := &cobra.Command{
		Use:   "sign <SO-ID>",
		Short: "Sign a sign-off as a stakeholder who holds signoff authority",
		Long: heredoc(`
			Records the signer's printed name, role, time and meaning with the
			baseline's hash and the document's SHA-256. A signer with a registered key
			signs with it: --key names the secret key file (default: NAME.key in
			~/.config/crmflow/keys/). A document or baseline that no longer matches its
			request is refused.
		`),
		Example: heredoc(`
			$ crmflow signoff sign SO-001 --by 王总 --meaning 需求确认
			$ crmflow signoff sign SO-001 --by 王总 --key ./王总.key
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var m signoff.Meaning
			if meaning != "" {
				var err error
				if m, err = signoff.ParseMeaning(meaning); err != nil {
					return err
				}
			}
			a, err := f.App()
			if err != nil {
				return err
			}
			if key == "" {
				if s, err := a.Stakeholders.Find(ctx, by); err == nil {
					if keys, err := a.Keys(ctx, s.Name); err == nil && len(keys) > 0 {
						p := filepath.Join(defaultKeyDir(), s.Name+".key")
						if _, err := os.Stat(p); err == nil {
							key = p
						}
					}
				}
			}
			r, s, err := a.SignSignoff(ctx, args[0], by, m, key)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, s)
			}
			fmt.Fprintln(f.IO.Out, r.ID)
			how := "without a key"
			if s.Keyed() {
				how = "with key " + s.KeyID
			}
			fmt.Fprintf(f.IO.ErrOut, "Signed %s as %s (%s): %s, %s\n", r.ID, s.Signer, s.Role, s.Meaning.Name(r.Lang), how)
			return nil
		},
	}
	c.Flags().StringVar(&by, "by", "", "the stakeholder who signs (required)")
	c.Flags().StringVar(&meaning, "meaning", "", "需求确认, 验收通过 or 上线批准 (default: the document's)")
	c.Flags().StringVar(&key, "key", "", "the signer's minisign secret key file")
	c.Flags().BoolVar(&asJSON, "json", false, "print the signature as JSON")
	_ = c.MarkFlagRequired("by")
	return c
}

func newCmdSignoffVerify(f *Factory) *cobra.Command {
	var file string
	var asJSON bool
	c := &cobra.Command{
		Use:   "verify <SO-ID>",
		Short: "Check a sign-off: document, baseline, signatures, keys, authority",
		Long: heredoc(`
			Says OK, or exactly what differs from what was signed: the document's bytes
			(the kept copy, or --file), the baseline's requirements (which ones, which
			fields), a signature that does not verify, a signer's key that was replaced,
			a signer who no longer holds signoff authority. Exit status 1 when anything
			differs.
		`),
		Example: heredoc(`
			$ crmflow signoff verify SO-001
			$ crmflow signoff verify SO-001 --file out/需求规格说明书.html --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			rep, err := a.VerifySignoff(ctx, args[0], file)
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(f.IO, rep); err != nil {
					return err
				}
			} else {
				w := f.IO.Out
				fmt.Fprintf(w, "%s  %s  baseline %s\n", rep.ID, rep.File, rep.Baseline)
				fmt.Fprintf(w, "document SHA-256  %s\nbaseline SHA-256  %s\n", rep.DocSHA256, rep.BaselineHash)
				for _, s := range rep.Signatures {
					mark := "OK"
					if !s.OK {
						mark = "FAILED"
					}
					key := "no key"
					if s.KeyID != "" {
						key = "key " + s.KeyID
					}
					fmt.Fprintf(w, "%-6s %s (%s) %s %s, %s\n", mark, s.Signer, s.Role, s.Meaning, s.SignedAt, key)
				}
				for _, p := range rep.Problems {
					fmt.Fprintf(w, "- %s: %s\n", p.Code, p.Message)
				}
				for _, n := range rep.Notes {
					fmt.Fprintf(w, "note: %s\n", n)
				}
				if rep.OK {
					fmt.Fprintln(w, "OK")
				}
			}
			if !rep.OK {
				return crmflow.Errorf(crmflow.EINVALID, "%s does not verify: %d problem(s)", rep.ID, len(rep.Problems))
			}
			return nil
		},
	}
	c.Flags().StringVar(&file, "file", "", "check this copy of the document instead of the kept one")
	c.Flags().BoolVar(&asJSON, "json", false, "print the verification as JSON")
	return c
}

func newCmdSignoffExport(f *Factory) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "export <SO-ID>",
		Short: "Write the signed document, its signatures and public keys to a folder",
		Long: heredoc(`
			Writes the document as signed, one detached .minisig per signature, each
			signature statement with its .minisig, the signers' public keys, and
			VERIFY.txt with the minisign command lines that check them.
		`),
		Example: heredoc(`
			$ crmflow signoff export SO-001 -o out/signed/
			$ cd out/signed && minisign -V -p KEYID.pub -m 需求规格说明书.html -x 需求规格说明书.html.1.minisig
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if out == "" {
				return &usageError{err: fmt.Errorf("give the folder to write with -o"), zh: "请用 -o 给出要写入的文件夹", cmd: cmd.CommandPath()}
			}
			a, err := f.App()
			if err != nil {
				return err
			}
			files, err := a.ExportSignoff(ctx, args[0], out)
			if err != nil {
				return err
			}
			for _, p := range files {
				fmt.Fprintln(f.IO.Out, p)
			}
			fmt.Fprintf(f.IO.ErrOut, "Wrote %d files to %s\n", len(files), out)
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "the folder to write (required)")
	return c
}

func newCmdSignoffList(f *Factory) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "list",
		Short:   "List sign-offs and their signatures",
		Example: "$ crmflow signoff list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			rs, err := a.Signoffs.Store.Requests(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONArray(f.IO, len(rs), func(i int) signoff.Request { return rs[i] })
			}
			t := newTable(f.IO, "ID", "DOCUMENT", "BASELINE", "SHA-256", "SIGNED BY")
			for _, r := range rs {
				var who []string
				for _, s := range r.Signatures {
					who = append(who, s.Signer+" ("+s.Meaning.Name(r.Lang)+")")
				}
				t.add(r.ID, r.FileName, r.Baseline, short(r.DocSHA256), strings.Join(who, ", "))
			}
			return t.print()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newCmdSignoffShow(f *Factory) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "show <SO-ID>",
		Short:   "Show a sign-off: its document, baseline and every signature",
		Example: "$ crmflow signoff show SO-001 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			r, err := a.Signoffs.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, r)
			}
			w := f.IO.Out
			fmt.Fprintf(w, "%s  %s  %s\n", r.ID, r.Title, r.FileName)
			fmt.Fprintf(w, "baseline          %s\nbaseline SHA-256  %s\ndocument SHA-256  %s (%d bytes)\nrequested         %s by %s\n",
				r.Baseline, r.BaselineHash, r.DocSHA256, r.Size, r.CreatedAt.Format("2006-01-02 15:04"), r.CreatedBy)
			for _, s := range r.Signatures {
				key := "no key"
				if s.Keyed() {
					key = "key " + s.KeyID
				}
				fmt.Fprintf(w, "%d. %s (%s, %s)  %s  %s  %s\n", s.Seq, s.Signer, s.Role, s.Org, s.Meaning.Name(r.Lang), s.SignedAt.Format("2006-01-02T15:04:05Z07:00"), key)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the sign-off as JSON")
	return c
}
