package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow/report/xlsx"
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
			// en [!] ARGS runs crmflow ARGS like exec and fails when its
			// stdout or stderr holds a CJK character that ARGS did not.
			"en": func(ts *testscript.TestScript, neg bool, args []string) {
				err := ts.Exec("crmflow", args...)
				if neg != (err != nil) {
					ts.Fatalf("crmflow %s: unexpected result: %v\n%s", strings.Join(args, " "), err, ts.ReadFile("stderr"))
				}
				given := strings.Join(args, " ")
				for _, name := range []string{"stdout", "stderr"} {
					if bad := strayCJK(ts.ReadFile(name), given); bad != "" {
						ts.Fatalf("crmflow %s: CJK in %s the input did not contain: %s", given, name, bad)
					}
				}
			},
			// zh [!] ARGS runs crmflow ARGS like exec and fails when its
			// stdout or stderr holds stray English (strayEnglish).
			"zh": func(ts *testscript.TestScript, neg bool, args []string) {
				err := ts.Exec("crmflow", args...)
				if neg != (err != nil) {
					ts.Fatalf("crmflow %s: unexpected result: %v\n%s", strings.Join(args, " "), err, ts.ReadFile("stderr"))
				}
				for _, name := range []string{"stdout", "stderr"} {
					if bad := strayEnglish(ts.ReadFile(name), args); bad != "" {
						ts.Fatalf("crmflow %s: English in %s: %s", strings.Join(args, " "), name, bad)
					}
				}
			},
			// nocjk PATH... fails on a CJK character in a file, or in any file
			// under a folder: text as it is, .xlsx through the generic reader
			// (sheet names and cells) and every XML part of the package
			// (headers, footers, input prompts).
			"nocjk": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, a := range args {
					err := filepath.WalkDir(ts.MkAbs(a), func(p string, d fs.DirEntry, err error) error {
						if err != nil || d.IsDir() {
							return err
						}
						text, err := documentText(p)
						if err != nil {
							return err
						}
						if bad := strayCJK(text, ""); bad != "" {
							return fmt.Errorf("%s: CJK: %s", p, bad)
						}
						return nil
					})
					if neg != (err != nil) {
						ts.Fatalf("nocjk %s: %v", a, err)
					}
				}
			},
			// damage DB TABLE overwrites the cell pointers of TABLE's root
			// page: the file stays a database, and reading the table fails.
			"damage": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: damage DB TABLE")
				}
				p := ts.MkAbs(args[0])
				db, err := sql.Open("sqlite", "file:"+p)
				if err != nil {
					ts.Fatalf("%v", err)
				}
				var root, size int64
				err = db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = ?", args[1]).Scan(&root)
				if err == nil {
					err = db.QueryRow("PRAGMA page_size").Scan(&size)
				}
				db.Close()
				if err != nil {
					ts.Fatalf("damage: %v", err)
				}
				f, err := os.OpenFile(p, os.O_RDWR, 0)
				if err != nil {
					ts.Fatalf("%v", err)
				}
				defer f.Close()
				if _, err := f.WriteAt(bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 60), (root-1)*size+8); err != nil {
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

// isCJK reports a character an English reader sees as Chinese, Japanese or
// Korean: ideographs, kana, hangul, CJK punctuation (、。《》) and the
// full-width forms (（），：), the ideographic space included.
func isCJK(r rune) bool {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		return true
	case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef:
		return true
	}
	return false
}

// strayCJK returns the first line of text holding a CJK character that given
// does not hold, or "".
func strayCJK(text, given string) string {
	for _, line := range strings.Split(text, "\n") {
		for _, r := range line {
			if isCJK(r) && !strings.ContainsRune(given, r) {
				// The character with some context, however long the line.
				i := strings.IndexRune(line, r)
				return strings.ToValidUTF8(line[max(0, i-80):min(len(line), i+80)], "")
			}
		}
	}
	return ""
}

// documentText is what a reader of the file sees: an .xlsx's sheet names and
// cells (read by the generic reader) and its XML parts; any other file as it is.
func documentText(p string) (string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(p, ".xlsx") {
		return string(data), nil
	}
	wb, err := xlsx.Open(p, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, sh := range wb.Sheets() {
		b.WriteString(sh + "\n")
		if _, err := wb.NewWalk(sh).Walk(func(n int, cells []xlsx.Cell) error {
			for _, c := range cells {
				b.WriteString(c.Text + "\n")
			}
			return nil
		}); err != nil {
			return "", err
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	for _, f := range zr.File {
		// The theme lists Office's fonts for every script (等线, 游ゴシック):
		// names a reader never sees.
		if !strings.HasSuffix(f.Name, ".xml") || strings.HasPrefix(f.Name, "xl/theme/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return "", err
		}
		b.WriteString(html.UnescapeString(string(part)) + "\n")
	}
	return b.String(), nil
}

// zhAllowed are the Latin words a Chinese project may show: names of formats
// and standards, the program's own name, and tester (the person the scripts
// set in CRMFLOW_USER: the user's own value, given through the environment).
var zhAllowed = map[string]bool{"crmflow": true, "SHA": true, "xlsx": true, "html": true, "UAT": true, "MoSCoW": true, "YYYY": true, "tester": true,
	"crm": true, "standard": true} // crm-standard: the plan template's key, typed as --template crm-standard

// latinWord is a run of three or more Latin letters; idLike is a record ID
// a baseline name (REQ-001, MS-03, v1.0) or a hash.
var (
	latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)
	idLike    = regexp.MustCompile(`\b[A-Z]+-\d+\b|\bv\d+(\.\d+)*\b|\b[0-9a-f]{8,}\b`)
)

// strayEnglish returns the first line of text holding an English word that
// is not the user's: hint command lines (after 试试：/下一步：), IDs, flags,
// paths, field=value pairs, what the arguments held and zhAllowed are
// removed first.
func strayEnglish(text string, args []string) string {
	for _, line := range strings.Split(text, "\n") {
		rest := line
		for _, cut := range []string{"试试：", "下一步："} {
			if i := strings.Index(rest, cut); i >= 0 {
				rest = rest[:i]
			}
		}
		rest = idLike.ReplaceAllString(rest, " ")
		for _, f := range strings.Fields(rest) {
			if strings.HasPrefix(f, "--") || strings.ContainsAny(f, "/\\=") {
				continue
			}
			for _, w := range latinWord.FindAllString(f, -1) {
				if !zhAllowed[w] && !slices.ContainsFunc(args, func(a string) bool { return strings.Contains(a, w) }) {
					return line
				}
			}
		}
	}
	return ""
}
