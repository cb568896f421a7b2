package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
	_ "modernc.org/sqlite"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"crmflow": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each one drives
// the real binary the way the README shows.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		Setup: func(env *testscript.Env) error {
			env.Setenv("CRMFLOW_NOW", "2026-11-25T10:00:00+08:00")
			env.Setenv("CRMFLOW_USER", "tester")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("EDITOR", "false")
			env.Setenv("VISUAL", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// xlsxset FILE SHEET CELL VALUE edits a workbook the way a stakeholder
			// would in Excel; xlsxset FILE SHEET CELL= clears the cell.
			"xlsxset": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 4 {
					ts.Fatalf("usage: xlsxset FILE SHEET CELL VALUE")
				}
				x, err := excelize.OpenFile(ts.MkAbs(args[0]))
				if err != nil {
					ts.Fatalf("%v", err)
				}
				defer x.Close()
				if err := x.SetCellStr(args[1], args[2], args[3]); err != nil {
					ts.Fatalf("%v", err)
				}
				if err := x.Save(); err != nil {
					ts.Fatalf("%v", err)
				}
			},
			// corrupt FILE keeps the SQLite header and overwrites the rest.
			"corrupt": func(ts *testscript.TestScript, neg bool, args []string) {
				p := ts.MkAbs(args[0])
				for _, s := range []string{"-wal", "-shm"} {
					os.Remove(p + s)
				}
				b, err := os.ReadFile(p)
				if err != nil {
					ts.Fatalf("%v", err)
				}
				for i := 100; i < len(b); i++ {
					b[i] = 'x'
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					ts.Fatalf("%v", err)
				}
			},
			// sqlexec DB SQL runs a statement behind crmflow's back, the way a
			// person with sqlite3 would, to test that such edits are detected.
			"sqlexec": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: sqlexec DB SQL")
				}
				db, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0]))
				if err != nil {
					ts.Fatalf("%v", err)
				}
				defer db.Close()
				_, err = db.ExecContext(context.Background(), args[1])
				if neg != (err != nil) {
					ts.Fatalf("sqlexec: unexpected result: %v", err)
				}
			},
		},
	})
}
