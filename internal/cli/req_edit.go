package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
)

func newCmdReqEdit(f *Factory) *cobra.Command {
	var (
		title, desc, module, kind, value, difficulty, urgency, moscow, owner, source, stakeholder string
		criteria, criteriaAdd, criteriaRm, tags, tagAdd, tagRm, fields                            []string
		editor, asJSON                                                                            bool
		estimate, rel                                                                             string
	)
	cmd := &cobra.Command{
		Use:   "edit <id|title>",
		Short: "Change a requirement's fields, by flags or in $EDITOR",
		Long: heredoc(`
			Change fields with flags, or with --editor open a readable form of the
			requirement in $VISUAL or $EDITOR: save and quit to apply it. A form with a
			mistake is rejected with the line that is wrong, and your text is kept in a
			file so you can fix it. Frozen, implemented and verified requirements change
			only through a change request.
		`),
		Example: heredoc(`
			$ crmflow req edit REQ-001 --urgency 5 --criteria-add "离线录入，联网后 1 分钟内同步"
			$ crmflow req edit REQ-001 --criteria-rm 2 --tag-add 移动端
			$ crmflow req edit REQ-001 --field 预计工时=8 --moscow must
			$ crmflow req edit REQ-001 --editor
		`),
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReqIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ap, err := f.App()
			if err != nil {
				return err
			}
			var r requirements.Requirement
			if editor {
				if cmd.Flags().NFlag() > 1+boolInt(asJSON) {
					return &usageError{err: fmt.Errorf("--editor cannot be combined with field flags"), cmd: cmd.CommandPath()}
				}
				var changed bool
				r, changed, err = editInEditor(cmd, f, ap, args[0])
				if err != nil || !changed {
					return err
				}
			} else {
				p, err := reqEditPatch(cmd.Flags(), reqEditFlags{title: title, desc: desc, module: module, kind: kind, value: value,
					difficulty: difficulty, urgency: urgency, moscow: moscow, owner: owner, source: source, stakeholder: stakeholder,
					criteria: criteria, criteriaAdd: criteriaAdd, criteriaRm: criteriaRm, tags: tags, tagAdd: tagAdd, tagRm: tagRm, fields: fields})
				if err != nil {
					return err
				}
				// Fields, estimate and release are written together or not at all.
				pe := app.PlanEdit{}
				if cmd.Flags().Changed("estimate") {
					pe.Estimate = &estimate
				}
				if cmd.Flags().Changed("release") {
					if rel == "-" {
						rel = ""
					}
					pe.Release = &rel
				}
				before, err := ap.Requirements.Resolve(ctx, args[0])
				if err != nil {
					return err
				}
				r, err = ap.EditRequirement(ctx, before.ID, p, pe)
				if err != nil {
					return err
				}
				if pe.Estimate != nil {
					warnOverloaded(ctx, f, ap, r.ID)
				}
				if p.Empty() && !asJSON {
					fmt.Fprintf(f.IO.ErrOut, tr(ap.Lang(ctx), "已更新 %s 的计划\n", "Updated the plan of %s\n"), r.ID)
					return nil
				}
				if r.Revision == before.Revision && pe.Empty() {
					fmt.Fprintf(f.IO.ErrOut, "%s already had those values; nothing changed\n", r.ID)
					return nil
				}
			}
			if asJSON {
				v, err := ap.RequirementView(ctx, r)
				if err != nil {
					return err
				}
				return writeJSON(f.IO, v)
			}
			fmt.Fprintf(f.IO.ErrOut, "Updated %s (revision %d)\n", r.ID, r.Revision)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&title, "title", "", "new title")
	fl.StringVar(&desc, "desc", "", "new description")
	fl.StringVar(&module, "module", "", "new module (name or key)")
	fl.StringVar(&kind, "kind", "", "new kind")
	fl.StringVar(&value, "value", "", "business value 1–5")
	fl.StringVar(&difficulty, "difficulty", "", "difficulty 1–5")
	fl.StringVar(&urgency, "urgency", "", "urgency 1–5")
	fl.StringVar(&moscow, "moscow", "", "must, should, could, wont, or auto for the suggestion")
	fl.StringVar(&owner, "owner", "", "new owner")
	fl.StringVar(&source, "source", "", "new source")
	fl.StringVar(&stakeholder, "stakeholder", "", "new stakeholder")
	fl.StringArrayVar(&criteria, "criteria", nil, "replace all acceptance criteria (repeat for several)")
	fl.StringArrayVar(&criteriaAdd, "criteria-add", nil, "add an acceptance criterion (repeat)")
	fl.StringArrayVar(&criteriaRm, "criteria-rm", nil, "remove criterion number N (repeat or comma-separate)")
	fl.StringArrayVar(&tags, "tags", nil, "replace all tags (comma-separated)")
	fl.StringArrayVar(&tagAdd, "tag-add", nil, "add a tag")
	fl.StringArrayVar(&tagRm, "tag-rm", nil, "remove a tag")
	fl.StringArrayVar(&fields, "field", nil, "set custom field NAME=VALUE (NAME= clears it)")
	fl.StringVar(&estimate, "estimate", "", "effort in person-days: 3d, 0.5d, or hours 4h")
	fl.StringVar(&rel, "release", "", `the release it belongs to, e.g. v1.0 ("-" takes it out)`)
	fl.BoolVar(&editor, "editor", false, "edit a readable form of the requirement in $VISUAL or $EDITOR")
	fl.BoolVar(&asJSON, "json", false, "print the updated requirement as JSON")
	registerReqCompletions(f, cmd)
	return cmd
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// editorCommand picks $VISUAL, then $EDITOR, then vi.
func editorCommand() string {
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			return v
		}
	}
	return "vi"
}

// runEditor opens path in the person's editor and waits for it to close.
func runEditor(ctx context.Context, path string) error {
	// Run through the shell so EDITOR may carry arguments ("code --wait").
	ed := exec.CommandContext(ctx, "sh", "-c", editorCommand()+` "$1"`, "crmflow-editor", path)
	ed.Stdin, ed.Stdout, ed.Stderr = os.Stdin, os.Stderr, os.Stderr
	if err := ed.Run(); err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "the editor (%s) failed: %v; nothing was saved", editorCommand(), err).
			WithTry("set EDITOR, e.g. export EDITOR=nano")
	}
	return nil
}

// editInEditor runs the editor on the form and saves the result. changed is
// false when the person saved no change or emptied the file.
func editInEditor(cmd *cobra.Command, f *Factory, ap *app.App, ref string) (requirements.Requirement, bool, error) {
	svc := ap.Requirements
	ctx := cmd.Context()
	r, err := svc.Resolve(ctx, ref)
	if err != nil {
		return r, false, err
	}
	if !r.Status.Editable() {
		// Refuse before the person spends time on an edit that cannot be saved.
		_, err := svc.Edit(ctx, r.ID, requirements.Patch{Title: &r.Title})
		return r, false, err
	}
	form, err := ap.RequirementForm(ctx, r)
	if err != nil {
		return r, false, err
	}
	tmp, err := os.CreateTemp("", "crmflow-"+r.ID+"-*.txt")
	if err != nil {
		return r, false, err
	}
	path := tmp.Name()
	_, err = tmp.Write(form)
	tmp.Close()
	if err != nil {
		return r, false, err
	}
	keep := false
	defer func() {
		if !keep {
			os.Remove(path)
		}
	}()
	if err := runEditor(ctx, path); err != nil {
		return r, false, err
	}
	edited, err := os.ReadFile(path)
	if err != nil {
		return r, false, err
	}
	if bytes.Equal(edited, form) || len(bytes.TrimSpace(edited)) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "No change to %s; nothing was saved\n", r.ID)
		return r, false, nil
	}
	saved, err := ap.ReplaceFromForm(ctx, r, edited)
	if err == nil {
		return saved, saved.Revision != r.Revision, nil
	}
	keep = true
	code := crmflow.ErrorCode(err)
	if code == crmflow.EINTERNAL {
		code = crmflow.EINVALID // a form error
	}
	return r, false, &crmflow.Error{Code: code, Err: err,
		Message: fmt.Sprintf("%s; nothing was saved (your edit is kept in %s)", err, path),
		Try:     "fix it and run crmflow req edit " + r.ID + " --editor again (copy from the kept file)"}
}

// reqEditFlags are the field flags of req edit, as typed.
type reqEditFlags struct {
	title, desc, module, kind, value, difficulty, urgency, moscow, owner, source, stakeholder string
	criteria, criteriaAdd, criteriaRm, tags, tagAdd, tagRm, fields                            []string
}

// reqEditPatch turns the field flags that were given into a patch; a bad
// value (a score of 9, an unknown kind) is refused before anything is written.
func reqEditPatch(fl *pflag.FlagSet, v reqEditFlags) (requirements.Patch, error) {
	p := requirements.Patch{}
	str := func(name string, v string) *string {
		if fl.Changed(name) {
			return &v
		}
		return nil
	}
	p.Title, p.Description, p.ModuleName = str("title", v.title), str("desc", v.desc), str("module", v.module)
	p.Owner, p.Source, p.Stakeholder = str("owner", v.owner), str("source", v.source), str("stakeholder", v.stakeholder)
	for _, s := range []struct {
		name string
		v    string
		dst  **int
	}{{"value", v.value, &p.Value}, {"difficulty", v.difficulty, &p.Difficulty}, {"urgency", v.urgency, &p.Urgency}} {
		if fl.Changed(s.name) {
			n, err := scoreFlag(s.name, s.v)
			if err != nil {
				return p, err
			}
			*s.dst = &n
		}
	}
	if fl.Changed("kind") {
		k, err := requirements.ParseKind(v.kind)
		if err != nil {
			return p, err
		}
		p.Kind = &k
	}
	if fl.Changed("moscow") {
		m, err := requirements.ParseMoSCoW(v.moscow)
		if err != nil {
			return p, err
		}
		p.MoSCoW = &m
	}
	if fl.Changed("criteria") {
		p.Criteria = &v.criteria
	}
	p.CriteriaAdd = v.criteriaAdd
	for _, s := range splitAll(v.criteriaRm) {
		n, err := strconv.Atoi(s)
		if err != nil {
			return p, crmflow.Errorf(crmflow.EINVALID, "--criteria-rm %q is not a criterion number (1, 2, ...)", s)
		}
		p.CriteriaRemove = append(p.CriteriaRemove, n)
	}
	if fl.Changed("tags") {
		t := splitAll(v.tags)
		p.Tags = &t
	}
	p.TagsAdd, p.TagsRemove = splitAll(v.tagAdd), splitAll(v.tagRm)
	var err error
	p.Fields, err = parseFieldFlags(v.fields)
	return p, err
}
