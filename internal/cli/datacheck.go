package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/legacy"
)

func newCmdDataCheck(f *Factory) *cobra.Command {
	var entity, sheet, out string
	var refs []string
	var batch int
	var asJSON bool
	c := &cobra.Command{
		Use:   "check <file.xlsx|file.csv> --entity NAME",
		Short: "Check a legacy data export against the data dictionary (数据迁移校验)",
		Long: heredoc(`
			Checks every row of a customer, contact or opportunity export against the
			entity's fields in the data dictionary: required, type (phone, email, date,
			number, choice …), length, uniqueness, references and likely duplicates (same
			name and phone once normalized). Every problem is named by row, column and
			field, with a summary by rule.

			CSV may be UTF-8 (with or without a BOM), UTF-16 or GBK, as Chinese Excel
			saves it. Repairs that are certain are made and counted: full-width digits,
			+86, a landline's lost leading 0, Excel serial dates, "1,234.00". What cannot
			be repaired is named: IDs that Excel turned into scientific notation lost
			their digits; a 10-digit number may be a mobile or a landline.

			--batch-size writes the clean rows (repairs applied) to -o as
			batch-001.csv …, the rejected rows with their problems to rejected.csv, and
			the report to report.md. --ref 客户=customers.csv checks references against
			a list. Exit status 1 when any row is rejected.
		`),
		Example: heredoc(`
			$ crmflow data check legacy-customers.xlsx --entity 客户
			$ crmflow data check legacy-customers.csv --entity 客户 --batch-size 500 -o out/batches/
			$ crmflow data check visits.csv --entity 拜访记录 --ref 客户=legacy-customers.csv --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if batch < 0 {
				return &usageError{err: fmt.Errorf("--batch-size must be at least 1"), zh: "--batch-size 至少为 1", cmd: cmd.CommandPath()}
			}
			if batch > 0 && out == "" {
				return &usageError{err: fmt.Errorf("--batch-size needs -o DIR for the batches"), zh: "--batch-size 需要用 -o DIR 指定分批文件的文件夹", cmd: cmd.CommandPath()}
			}
			rm := map[string]string{}
			for _, r := range refs {
				k, v, ok := strings.Cut(r, "=")
				if !ok || strings.TrimSpace(k) == "" || v == "" {
					return &usageError{err: fmt.Errorf("--ref %q is not ENTITY=FILE", r), zh: fmt.Sprintf("--ref“%s”不是 ENTITY=FILE 的形式", r), cmd: cmd.CommandPath()}
				}
				rm[strings.TrimSpace(k)] = v
			}
			a, err := f.App()
			if err != nil {
				return err
			}
			progress := func(n int) {
				if f.IO.ErrTTY {
					fmt.Fprintf(f.IO.ErrOut, "\rchecked %d rows", n)
				}
			}
			res, files, err := a.CheckLegacyData(ctx, app.LegacyCheck{Path: args[0], Sheet: sheet, Entity: entity, BatchSize: batch, OutDir: out, Refs: rm, Progress: progress})
			if f.IO.ErrTTY && res.Rows >= legacy.ProgressEvery {
				fmt.Fprintln(f.IO.ErrOut)
			}
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(f.IO, res); err != nil {
					return err
				}
			} else {
				t := newTable(f.IO, "ROW", "COLUMN", "FIELD", "RULE", "VALUE", "PROBLEM")
				for _, is := range res.Issues {
					t.add(fmt.Sprint(is.Row), is.Column, is.Field, string(is.Rule), is.Value, is.Message)
				}
				if err := t.print(); err != nil {
					return err
				}
			}
			e := f.IO.ErrOut
			fmt.Fprintf(e, "%s: %d rows (%s): %d clean, %d rejected\n", args[0], res.Rows, res.Encoding, res.Clean, res.Rejected)
			var by []string
			for _, c := range res.ByRule {
				if c.Count > 0 {
					by = append(by, fmt.Sprintf("%s %d", c.Key, c.Count))
				}
			}
			if len(by) > 0 {
				fmt.Fprintf(e, "Problems by rule: %s\n", strings.Join(by, ", "))
			}
			var fx []string
			for _, c := range res.Fixes {
				fx = append(fx, fmt.Sprintf("%s %d", c.Key, c.Count))
			}
			if len(fx) > 0 {
				fmt.Fprintf(e, "Repaired: %s\n", strings.Join(fx, ", "))
			}
			for _, n := range res.Notes {
				fmt.Fprintf(e, "Note: %s\n", n)
			}
			if len(res.Ignored) > 0 {
				fmt.Fprintf(e, "Note: columns not in the data dictionary: %s\n", strings.Join(res.Ignored, ", "))
			}
			if res.Truncated {
				fmt.Fprintf(e, "Showing the first %d of %d problems\n", len(res.Issues), res.Total)
			}
			for _, p := range files {
				fmt.Fprintf(e, "Wrote %s\n", p)
			}
			if res.Rejected > 0 {
				return crmflow.Errorf(crmflow.EINVALID, "%d of %d rows have problems", res.Rejected, res.Rows)
			}
			return nil
		},
	}
	c.Flags().StringVar(&entity, "entity", "", "the entity in the data dictionary: 客户, 联系人, 商机 … (required)")
	c.Flags().StringVar(&sheet, "sheet", "", "xlsx: the sheet to read (default: the first)")
	c.Flags().IntVar(&batch, "batch-size", 0, "write the clean rows in batches of this many rows")
	c.Flags().StringVarP(&out, "output", "o", "", "the folder for batches, rejected.csv and report.md")
	c.Flags().StringArrayVar(&refs, "ref", nil, "ENTITY=FILE: the records references may point to (repeatable)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	_ = c.MarkFlagRequired("entity")
	return c
}
