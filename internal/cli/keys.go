package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow/signoff"
)

func newCmdKeys(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys <command>",
		Short: "Make and list signers' signing keys (minisign, ed25519)",
		Example: heredoc(`
			$ crmflow keys gen --for 王总
			$ crmflow keys add --for 张总 --pub ./minisign.pub
			$ crmflow keys list
		`),
	}
	var who, dir string
	var force bool
	gen := &cobra.Command{
		Use:   "gen",
		Short: "Generate a signing key pair for a stakeholder and register the public key",
		Long: heredoc(`
			Writes NAME.key (the secret key, mode 0600) and NAME.pub in minisign's
			formats to ~/.config/crmflow/keys/ (or -o DIR), and registers the public key
			on the stakeholder, who must hold signoff authority. The secret key is not
			password-protected, like minisign -G -W: keep it in the signer's own
			account. A new key retires the old one; signatures made with the old key
			keep verifying. An existing key file is not overwritten without --force.
		`),
		Example: heredoc(`
			$ crmflow keys gen --for 王总
			$ crmflow keys gen --for 王总 -o ./keys
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if dir == "" {
				dir = defaultKeyDir()
			}
			a, err := f.App()
			if err != nil {
				return err
			}
			kf, err := a.GenerateKey(ctx, who, dir, force)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, kf.Key.ID)
			fmt.Fprintf(f.IO.ErrOut, "Registered key %s for %s\nWrote %s (secret, 0600) and %s\n", kf.Key.ID, kf.Key.Stakeholder, kf.Secret, kf.Public)
			return nil
		},
	}
	gen.Flags().StringVar(&who, "for", "", "the stakeholder the key is for (required)")
	gen.Flags().StringVarP(&dir, "output", "o", "", "the folder to write the key files to (default ~/.config/crmflow/keys/)")
	gen.Flags().BoolVar(&force, "force", false, "replace an existing key file")
	_ = gen.MarkFlagRequired("for")

	var addWho, pubFile string
	add := &cobra.Command{
		Use:   "add --for NAME --pub FILE",
		Short: "Register a signer's own minisign public key",
		Long: heredoc(`
			Registers the public key of a key pair the signer made with minisign
			(minisign -G), retiring their previous key. To sign with a
			password-protected secret key, set CRMFLOW_KEY_PASSWORD.
		`),
		Example: "$ crmflow keys add --for 王总 --pub ./minisign.pub",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			k, err := a.AddPublicKey(ctx, addWho, pubFile)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, k.ID)
			fmt.Fprintf(f.IO.ErrOut, "Registered key %s for %s\n", k.ID, k.Stakeholder)
			return nil
		},
	}
	add.Flags().StringVar(&addWho, "for", "", "the stakeholder the key is for (required)")
	add.Flags().StringVar(&pubFile, "pub", "", "the minisign public key file (required)")
	_ = add.MarkFlagRequired("for")
	_ = add.MarkFlagRequired("pub")

	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List registered public keys, old ones included",
		Example: "$ crmflow keys list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := f.App()
			if err != nil {
				return err
			}
			ks, err := a.Keys(ctx, "")
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONArray(f.IO, len(ks), func(i int) signoff.Key { return ks[i] })
			}
			t := newTable(f.IO, "STAKEHOLDER", "KEY", "SINCE", "RETIRED")
			for _, k := range ks {
				retired := ""
				if !k.Current() {
					retired = k.RetiredAt.Format("2006-01-02 15:04")
				}
				t.add(k.Stakeholder, k.ID, k.CreatedAt.Format("2006-01-02 15:04"), retired)
			}
			return t.print()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(gen, add, list)
	return cmd
}
