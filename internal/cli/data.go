package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

func newCmdData(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data <command>",
		Short: "Keep the data dictionary: entities, fields, types (数据结构与字段)",
		Example: heredoc(`
			$ crmflow data field add --entity 客户 --name 手机号 --type phone --required --unique --req REQ-007
			$ crmflow data field add --entity 客户 --name 客户等级 --type choice --values A,B,C
			$ crmflow data list --entity 客户
		`),
	}
	var (
		entity, name, typ, values, desc, req string
		required, unique, replace, asJSON    bool
	)
	add := &cobra.Command{
		Use:   "field add",
		Short: "Add a field to an entity in the data dictionary",
		Long: heredoc(`
			Add a field of a business entity. Types: text, longtext, integer, decimal, money,
			date, datetime, bool, phone, email, choice (--values lists the allowed values),
			reference (--values names the referenced entity), file, geo. --req links the
			field to the data requirement it belongs to. --replace updates an existing field.
		`),
		Example: heredoc(`
			$ crmflow data field add --entity 客户 --name 手机号 --type phone --required --unique --req REQ-007
			$ crmflow data field add --entity 拜访记录 --name 客户 --type reference --values 客户 --required
			$ crmflow data field add --entity 客户 --name 客户等级 --type choice --values A,B,C --desc "按年销售额分级"
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := requirements.ParseDataType(typ)
			if err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			fd := requirements.DataField{Entity: entity, Name: name, Type: t, Required: required, Unique: unique,
				Values: splitList(values), Description: desc, Req: req}
			fd, err = svc.AddDataField(cmd.Context(), fd, replace)
			if err != nil {
				return err
			}
			verb := "Added"
			if replace {
				verb = "Saved"
			}
			fmt.Fprintf(f.IO.ErrOut, "%s %s.%s (%s)\n", verb, fd.Entity, fd.Name, fd.Type)
			return nil
		},
	}
	fl := add.Flags()
	fl.StringVar(&entity, "entity", "", "the business entity, e.g. 客户 (required)")
	fl.StringVar(&name, "name", "", "the field name, e.g. 手机号 (required)")
	fl.StringVar(&typ, "type", "text", "field type")
	fl.BoolVar(&required, "required", false, "the field must be filled")
	fl.BoolVar(&unique, "unique", false, "no two records may share a value")
	fl.StringVar(&values, "values", "", "allowed values (choice) or the referenced entity (reference), comma-separated")
	fl.StringVar(&desc, "desc", "", "what the field means")
	fl.StringVar(&req, "req", "", "the requirement it belongs to")
	fl.BoolVar(&replace, "replace", false, "replace the field if the entity already has it")
	_ = add.RegisterFlagCompletionFunc("type", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		out := make([]string, len(requirements.DataTypes))
		for i, t := range requirements.DataTypes {
			out[i] = string(t) + "\t" + t.Name(crmflow.LangZH)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	// "data field add": cobra takes one word per command, so "field" is a parent.
	field := &cobra.Command{Use: "field <command>", Short: "Add or remove data dictionary fields",
		Example: "$ crmflow data field add --entity 客户 --name 手机号 --type phone --required"}
	add.Use = "add"
	var rmEntity, rmName string
	rm := &cobra.Command{
		Use:     "rm",
		Short:   "Remove a field from the data dictionary",
		Example: "$ crmflow data field rm --entity 客户 --name 传真",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			if err := ap.RemoveDataField(cmd.Context(), strings.TrimSpace(rmEntity), strings.TrimSpace(rmName)); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Removed %s.%s\n", rmEntity, rmName)
			return nil
		},
	}
	rm.Flags().StringVar(&rmEntity, "entity", "", "the entity")
	rm.Flags().StringVar(&rmName, "name", "", "the field")
	field.AddCommand(add, rm)

	var listEntity string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the data dictionary",
		Example: heredoc(`
			$ crmflow data list
			$ crmflow data list --entity 客户 --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.DataFields(cmd.Context())
			if err != nil {
				return err
			}
			out := all[:0]
			for _, d := range all {
				if listEntity == "" || d.Entity == listEntity {
					out = append(out, d)
				}
			}
			if asJSON {
				return writeJSON(f.IO, out)
			}
			lang := ap.Lang(cmd.Context())
			t := newTable(f.IO, "ENTITY", "FIELD", "TYPE", "REQUIRED", "UNIQUE", "VALUES", "REQ", "DESCRIPTION")
			t.truncate = 7
			for _, d := range out {
				t.add(d.Entity, d.Name, d.Type.Name(lang), yesNo(d.Required), yesNo(d.Unique), strings.Join(d.Values, ","), d.Req, d.Description)
			}
			return t.print()
		},
	}
	list.Flags().StringVar(&listEntity, "entity", "", "only this entity")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(field, list)
	return cmd
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func newCmdPerm(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "perm <command>",
		Short: "Keep the role × module permission matrix (用户角色权限)",
		Example: heredoc(`
			$ crmflow perm set 销售代表 客户信息 read,create,update --scope own
			$ crmflow perm list
		`),
	}
	var scope string
	set := &cobra.Command{
		Use:   "set <role> <module> <actions>",
		Short: "Set what a role may do in a module",
		Long: heredoc(`
			Actions: read, create, update, delete, export, approve (or 查看, 新建, 编辑, 删除,
			导出, 审批; "all"; "none" removes the cell). --scope is the data a role sees:
			own (本人), dept (本部门), subtree (本部门及下属) or all (全部, the default).
		`),
		Example: heredoc(`
			$ crmflow perm set 销售代表 客户信息 read,create,update --scope own
			$ crmflow perm set 销售总监 报表分析 read,export --scope subtree
			$ crmflow perm set 销售代表 报表分析 none
		`),
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			actions, err := requirements.ParseActions(args[2])
			if err != nil {
				return err
			}
			sc, err := requirements.ParseScope(scope)
			if err != nil {
				return err
			}
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			p, err := svc.SetPermission(cmd.Context(), args[0], args[1], actions, sc)
			if err != nil {
				return err
			}
			if len(p.Actions) == 0 {
				fmt.Fprintf(f.IO.ErrOut, "%s has no access to %s\n", p.Role, p.Module)
				return nil
			}
			fmt.Fprintf(f.IO.ErrOut, "%s in %s: %s (%s)\n", p.Role, p.Module, actionLetters(p.Actions), p.Scope)
			return nil
		},
	}
	set.Flags().StringVar(&scope, "scope", "all", "data scope: own, dept, subtree or all")

	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "Show the permission matrix",
		Long: heredoc(`
			Show roles as rows and modules as columns; each cell lists the actions as
			letters (R read, C create, U update, D delete, E export, A approve) and the
			data scope. Piped, each cell is one line: role, module, actions, scope.
		`),
		Example: heredoc(`
			$ crmflow perm list
			$ crmflow perm list --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			svc := ap.Requirements
			perms, err := ap.Permissions(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, perms)
			}
			cat, err := svc.Catalog(ctx)
			if err != nil {
				return err
			}
			lang := ap.Lang(ctx)
			if !f.IO.OutTTY {
				t := newTable(f.IO)
				for _, p := range perms {
					t.add(p.Role, p.Module, strings.Join(actionNames(p.Actions), ","), string(p.Scope))
				}
				return t.print()
			}
			var roles, mods []string
			cell := map[[2]string]requirements.Permission{}
			for _, p := range perms {
				if !slices.Contains(roles, p.Role) {
					roles = append(roles, p.Role)
				}
				if !slices.Contains(mods, p.Module) {
					mods = append(mods, p.Module)
				}
				cell[[2]string{p.Role, p.Module}] = p
			}
			slices.SortStableFunc(mods, func(a, b string) int { return cat.Order(a) - cat.Order(b) })
			headers := []string{"ROLE"}
			for _, m := range mods {
				name := m
				if mod, ok := cat.Lookup(m); ok {
					name = mod.Name(lang)
				}
				headers = append(headers, name)
			}
			t := newTable(f.IO, headers...)
			for _, r := range roles {
				row := []string{r}
				for _, m := range mods {
					p, ok := cell[[2]string{r, m}]
					if !ok {
						row = append(row, "-")
						continue
					}
					row = append(row, actionLetters(p.Actions)+" ("+p.Scope.Name(lang)+")")
				}
				t.add(row...)
			}
			return t.print()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(set, list)
	return cmd
}

func actionLetters(as []requirements.Action) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Letter()
	}
	return strings.Join(out, " ")
}

func actionNames(as []requirements.Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
