package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

// walkTree calls fn on c and every command under it.
func walkTree(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, s := range c.Commands() {
		walkTree(s, fn)
	}
}

// TestHelpEnglishCoversChinese: every piece of help holding Chinese (usage
// line, descriptions, examples, a flag's usage) has an English entry, the
// entries hold no Chinese, and each names a command and flag that exist.
func TestHelpEnglishCoversChinese(t *testing.T) {
	io, _, _ := TestStreams()
	root := NewRoot(&Factory{IO: io})
	seen := map[string]bool{}
	walkTree(root, func(c *cobra.Command) {
		key := helpKey(c)
		seen[key] = true
		h := helpEN[key]
		for _, f := range []struct{ name, own, en string }{
			{"Use", c.Use, h.Use}, {"Short", c.Short, h.Short}, {"Long", c.Long, h.Long}, {"Example", c.Example, h.Example},
		} {
			if strayCJK(f.own, "") != "" && f.en == "" {
				t.Errorf("%q: %s holds Chinese and has no English entry in helpEN", key, f.name)
			}
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if strayCJK(fl.Usage, "") != "" && h.Flags[fl.Name] == "" {
				t.Errorf("%q: --%s's usage holds Chinese and has no English entry in helpEN", key, fl.Name)
			}
		})
		for name := range h.Flags {
			if c.Flags().Lookup(name) == nil {
				t.Errorf("helpEN[%q] names --%s, which the command does not have", key, name)
			}
		}
	})
	for key, h := range helpEN {
		if !seen[key] {
			t.Errorf("helpEN[%q] names no command", key)
		}
		texts := []string{h.Use, h.Short, h.Long, h.Example}
		for _, u := range h.Flags {
			texts = append(texts, u)
		}
		for _, s := range texts {
			if bad := strayCJK(s, ""); bad != "" {
				t.Errorf("helpEN[%q] holds Chinese: %s", key, bad)
			}
		}
		if h.Example != "" && !strings.Contains(h.Example, "crmflow ") {
			t.Errorf("helpEN[%q]: the example runs no crmflow command", key)
		}
	}
}

// TestHelpEnglishShowsNoChinese renders the help of every command as a user
// with no workspace and an English locale sees it: no Chinese anywhere;
// with a Chinese locale the Chinese examples stay.
func TestHelpEnglishShowsNoChinese(t *testing.T) {
	t.Setenv("CRMFLOW_DB", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	none := filepath.Join(t.TempDir(), DBFile)
	n := 0
	io, out, _ := TestStreams()
	root := NewRoot(&Factory{IO: io, DBPath: none})
	walkTree(root, func(c *cobra.Command) {
		out.Reset()
		if err := c.Help(); err != nil {
			t.Fatal(err)
		}
		n++
		if bad := strayCJK(out.String(), ""); bad != "" {
			t.Errorf("crmflow %s --help in English shows Chinese: %s", helpKey(c), bad)
		}
	})
	if n < 100 {
		t.Fatalf("walked %d commands; the tree has more", n)
	}

	t.Setenv("LANG", "zh_CN.UTF-8")
	io, out, _ = TestStreams()
	root = NewRoot(&Factory{IO: io, DBPath: none})
	c, _, err := root.Find([]string{"feedback", "add"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Help(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `crmflow feedback add "拜访记录拍照上传太慢"`) {
		t.Errorf("help in a Chinese locale lost its Chinese example:\n%s", out)
	}
}

// TestHelpLang: help follows the workspace's language, read without writing
// anything; with no workspace, the locale; a workspace that cannot be read
// keeps the Chinese help.
func TestHelpLang(t *testing.T) {
	t.Setenv("CRMFLOW_DB", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	dir := t.TempDir()
	workspace := func(name string, lang crmflow.Lang) string {
		p := filepath.Join(dir, name)
		a, err := app.Init(context.Background(), p, crmflow.Project{Name: "P", Client: "C", Lang: lang}, app.Options{Actor: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		a.Close()
		return p
	}
	en, zh := workspace("en.db", crmflow.LangEN), workspace("zh.db", crmflow.LangZH)
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	listing := func() []string {
		var names []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			info, _ := e.Info()
			names = append(names, e.Name()+" "+info.ModTime().String())
		}
		return names
	}
	before := listing()
	for _, tc := range []struct {
		db, lang string
		want     crmflow.Lang
	}{
		{en, "zh_CN.UTF-8", crmflow.LangEN},
		{zh, "en_US.UTF-8", crmflow.LangZH},
		{filepath.Join(dir, "none.db"), "zh_CN.UTF-8", crmflow.LangZH},
		{filepath.Join(dir, "none.db"), "en_US.UTF-8", crmflow.LangEN},
		{filepath.Join(dir, "none.db"), "C", crmflow.LangEN},
		{corrupt, "en_US.UTF-8", crmflow.LangZH},
	} {
		t.Setenv("LANG", tc.lang)
		if got := helpLang(&Factory{DBPath: tc.db}); got != tc.want {
			t.Errorf("help language with --db %s and LANG=%s = %s, want %s", filepath.Base(tc.db), tc.lang, got, tc.want)
		}
	}
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("LC_ALL", "zh_CN.UTF-8")
	if got := helpLang(&Factory{DBPath: filepath.Join(dir, "none.db")}); got != crmflow.LangZH {
		t.Errorf("LC_ALL=zh_CN over LANG=en_US: help language %s, want zh", got)
	}
	if after := listing(); !slices.Equal(before, after) {
		t.Errorf("reading the help language changed the folder:\nbefore %v\nafter  %v", before, after)
	}
}
