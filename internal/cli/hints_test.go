package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/stakeholder"
)

// TestHintFor checks that the facts domain and store errors carry become the
// exact "Try:" lines the CLI printed when those errors still held them.
func TestHintFor(t *testing.T) {
	e := crmflow.Errorf
	cat, err := app.ModuleCatalog()
	if err != nil {
		t.Fatal(err)
	}
	_, moduleErr := cat.Resolve("partner portal")
	_, stakeholderErr := stakeholder.Lookup(nil, "Tom Becker")
	_, clockErr := crmflow.ClockFromEnv("tomorrow")
	cases := []struct {
		name string
		err  error
		lang crmflow.Lang
		want string
	}{
		// Errors made by the domain itself.
		{"transition", requirements.CheckTransition("REQ-007", requirements.Draft, requirements.Verified), "",
			"crmflow req status REQ-007 confirmed"},
		{"confirm without criteria", requirements.MoveTo(&requirements.Requirement{ID: "REQ-002", Status: requirements.Draft}, requirements.Confirmed), "",
			`crmflow req edit REQ-002 --criteria-add "..."`},
		{"unknown module", moduleErr, "", `crmflow project module add partner-portal --en "partner portal"`},
		{"unknown stakeholder", stakeholderErr, "", `crmflow stakeholder add "Tom Becker" --org 客户 --role ... --can approve`},
		{"unknown stakeholder, English", stakeholderErr, crmflow.LangEN, `crmflow stakeholder add "Tom Becker" --org client --role ... --can approve`},
		{"finding without text", (&research.Finding{}).Validate(), "", `crmflow finding add "拜访记录靠Excel，月底汇总丢失约30%"`},
		{"clock", clockErr, "", "export CRMFLOW_NOW=2026-11-25T10:00:00+08:00"},

		// Errors built as the stores and services build them.
		{"not found", e(crmflow.ENOTFOUND, "requirement REQ-009 does not exist").About("requirement", "REQ-009"), "", "crmflow req list"},
		{"map not found", e(crmflow.ENOTFOUND, "x").About("process map", "PM-002"), "", "crmflow process list"},
		{"questionnaire not found", e(crmflow.ENOTFOUND, "x").About("questionnaire", "Q-002"), "", "crmflow survey list"},
		{"cr not found", e(crmflow.ENOTFOUND, "x").About("change request", ""), "", "crmflow cr list"},
		{"data field not found", e(crmflow.ENOTFOUND, "x").About("data field", "lead.source"), "", "crmflow data list"},
		{"ambiguous requirement", e(crmflow.EINVALID, "x").About("requirement", "").With("candidate", "REQ-003"), "",
			"name it by ID, e.g. crmflow req show REQ-003"},
		{"ambiguous competitor", e(crmflow.EINVALID, "x").About("competitor", "").With("problem", "ambiguous").With("candidate", ""), "",
			"crmflow competitor list"},
		{"competitor missing", e(crmflow.ENOTFOUND, "x").In("competitor.resolve").About("competitor", "用友"), "",
			`crmflow competitor add 用友 --strengths "..."   (or crmflow competitor list)`},
		{"frozen in baseline", e(crmflow.EFROZEN, "x").In("req.edit").About("requirement", "REQ-001").With("baseline", "v1.0"), "",
			`crmflow cr new "..." --req REQ-001 --set title="..."   (a change request)`},
		{"frozen", e(crmflow.EFROZEN, "x").In("req.edit").About("requirement", "REQ-001"), "",
			"change it through a change request (crmflow cr new --req REQ-001)"},
		{"empty patch", e(crmflow.EINVALID, "nothing to change").In("req.edit"), "", "crmflow req edit --help"},
		{"remove a parent", e(crmflow.ECONFLICT, "x").In("req.remove").About("requirement", "REQ-001").With("child", "REQ-002"), "",
			"crmflow req link REQ-002 --parent REQ-001 --remove"},
		{"baseline exists", e(crmflow.ECONFLICT, "x").In("freeze").About("baseline", "v1.0").With("next", "v1.1"), "",
			"crmflow freeze --name v1.1"},
		{"restore over", e(crmflow.ECONFLICT, "x").In("restore").About("file", "crmflow.db").With("backup", "b.db"), "",
			"crmflow restore b.db --force   (the current database is kept as crmflow.db.pre-restore)"},
		{"busy", &crmflow.Error{Code: crmflow.ECONFLICT, Facts: map[string]string{"problem": "busy"}}, "",
			"retry when the other command has finished"},
		{"newer schema", e(crmflow.EINVALID, "x").In("open").With("schema", "newer"), "", "install a newer crmflow"},
		{"sign-off without a baseline", e(crmflow.EINVALID, "x").In("signoff.request").With("missing", "baseline"), "", "crmflow freeze --name v1.0"},
		{"sign without the key", e(crmflow.EINVALID, "x").In("signoff.sign").About("stakeholder", "王总").With("key", "ABC"), "",
			"--key 王总.key   (the secret key crmflow keys gen wrote)"},
		{"sign without authority", e(crmflow.EDENIED, "x").In("signoff.sign").About("stakeholder", "张经理").With("capability", "signoff"), "",
			"ask a stakeholder who can signoff (crmflow stakeholder list)"},
		{"key exists", e(crmflow.ECONFLICT, "x").In("keys.gen").About("stakeholder", "王总").With("file", "keys/王总.key"), "",
			"crmflow keys gen --for 王总 --force   (earlier signatures stay valid)"},
		{"sign-off not found", e(crmflow.ENOTFOUND, "x").About("sign-off", "SO-009"), "", "crmflow signoff list"},
		{"go-live item not found", e(crmflow.ENOTFOUND, "x").About("go-live item", "backup"), "", "crmflow golive checklist"},
		{"cr analyzed", e(crmflow.ECONFLICT, "x").In("cr.move").About("change request", "CR-002").With("state", "analyzed"), "",
			"crmflow cr approve CR-002 --by 王总"},
		{"cr analyzed, English", e(crmflow.ECONFLICT, "x").In("cr.move").About("change request", "CR-002").With("state", "analyzed"), crmflow.LangEN,
			"crmflow cr approve CR-002 --by Wang"},
		{"cr submitted", e(crmflow.ECONFLICT, "x").In("cr.move").About("change request", "CR-001").With("state", "submitted"), "",
			"crmflow cr analyze CR-001 --effort 3d --cost 6000 --risk medium"},
		{"cr on a rejected requirement", e(crmflow.EINVALID, "x").In("cr.new").About("requirement", "REQ-004").With("status", "rejected"), "",
			"crmflow req status REQ-004 draft   (reopen it)"},
		{"meeting without attendees", e(crmflow.EINVALID, "x").In("meeting.add").With("missing", "attendees"), "", "--attendees 王总,张经理"},
		{"import problem", requirements.ImportProblem{Fix: "reject", ID: "REQ-005"}, "", "crmflow req status REQ-005 rejected"},
		{"no plan", e(crmflow.ENOTFOUND, "x").In("schedule").About("plan", ""), "", "crmflow plan init --template crm-standard --start 2027-01-04"},
		{"plan exists", e(crmflow.ECONFLICT, "x").In("plan.init").About("plan", ""), "", "crmflow schedule"},
		{"plan template", e(crmflow.ENOTFOUND, "x").About("plan template", "erp"), "", "crmflow plan templates"},
		{"milestone not found", e(crmflow.ENOTFOUND, "x").About("milestone", "MS-99"), "", "crmflow ms list"},
		{"risk not found", e(crmflow.ENOTFOUND, "x").In("risk.edit").About("risk", "RISK-09"), "", "crmflow risk list"},
		{"deliverable", e(crmflow.ENOTFOUND, "x").In("ms.deliverable.done").About("deliverable", "原型").With("milestone", "MS-05"), "",
			"crmflow ms show MS-05"},
		{"cycle", e(crmflow.EINVALID, "x").About("milestone", "MS-03").With("cycle", "MS-03 → MS-05 → MS-03"), "", "crmflow ms show MS-03"},
		{"before the plan", e(crmflow.EINVALID, "x").About("milestone", "MS-01").With("plan_start", "2027-01-04"), "",
			"use a date on or after 2027-01-04"},

		// No facts, no hint; a plain error has none either.
		{"bare", e(crmflow.EINVALID, "x"), "", ""},
		{"no command lists it", e(crmflow.ENOTFOUND, "x").About("stakeholder", "王总"), "", ""},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: the domain returned no error", c.name)
			continue
		}
		if got := hintFor(c.err, c.lang); got != c.want {
			t.Errorf("%s: hintFor = %q\n want %q", c.name, got, c.want)
		}
	}
}

// TestErrorsCarryNoCommandLines scans every non-test Go file outside
// internal/cli: no code calls WithTry, and no string given to an error (its
// message, facts or an import problem) starts with "crmflow ". Hints belong to
// the front end (hints.go), not to the domain or the store.
func TestErrorsCarryNoCommandLines(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	errorCalls := map[string]bool{"Errorf": true, "New": true, "In": true, "About": true, "With": true,
		"fail": true, "failOn": true}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == filepath.Join("internal", "cli") || rel == "testdata" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		commandIn := func(n ast.Node) {
			ast.Inspect(n, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "crmflow ") {
						t.Errorf("%s: an error carries the command line %q; say it with facts and map them in internal/cli/hints.go", fset.Position(lit.Pos()), s)
					}
				}
				return true
			})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if name == "WithTry" {
					t.Errorf("%s: WithTry outside internal/cli; only the CLI says what to try", fset.Position(n.Pos()))
				}
				if errorCalls[name] {
					for _, a := range n.Args {
						commandIn(a)
					}
				}
			case *ast.CompositeLit:
				if typeName(n.Type) == "Error" || typeName(n.Type) == "ImportProblem" {
					commandIn(n)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("scanned only %d files under %s", files, root)
	}
}

func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}
