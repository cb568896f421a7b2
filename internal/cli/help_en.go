package cli

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
)

// helpText is the English help of one command where its own help holds
// Chinese: sample values (names, titles, modules) or glosses. Empty fields
// keep the command's own text.
type helpText struct {
	Use, Short, Long, Example string
	Flags                     map[string]string // flag name → usage
}

// installEnglishHelp makes --help (and "crmflow help CMD") show English
// examples, descriptions and flag usages in an English project, or with no
// workspace when the user's locale is not Chinese. A Chinese project, or a
// workspace that cannot be read, keeps the Chinese-valued help.
func installEnglishHelp(root *cobra.Command, f *Factory) {
	show := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if helpLang(f) == crmflow.LangEN {
			applyEnglishHelp(c.Root())
		}
		show(c, args)
	})
}

// helpLang is the language help is shown in: the workspace's (--db, then
// $CRMFLOW_DB, then crmflow.db here or above), read without opening it for
// work; with no workspace, the locale's; zh when the workspace cannot be read.
func helpLang(f *Factory) crmflow.Lang {
	p, err := f.workspacePath()
	if err == nil {
		var lang crmflow.Lang
		lang, err = app.PeekLang(context.Background(), p)
		if err == nil {
			return lang
		}
	}
	if crmflow.ErrorCode(err) == crmflow.ENOTFOUND || errors.Is(err, os.ErrNotExist) {
		return localeLang()
	}
	return crmflow.LangZH
}

// localeLang is zh when the locale (LC_ALL, then LC_MESSAGES, then LANG)
// names Chinese, en otherwise.
func localeLang() crmflow.Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "zh") {
				return crmflow.LangZH
			}
			return crmflow.LangEN
		}
	}
	return crmflow.LangEN
}

// applyEnglishHelp puts the English help of the table on c and every command
// under it (a parent's help lists its children's short descriptions).
func applyEnglishHelp(c *cobra.Command) {
	if h, ok := helpEN[helpKey(c)]; ok {
		if h.Use != "" {
			c.Use = h.Use
		}
		if h.Short != "" {
			c.Short = h.Short
		}
		if h.Long != "" {
			c.Long = heredoc(h.Long)
		}
		if h.Example != "" {
			c.Example = indentExample(heredoc(h.Example))
		}
		for name, usage := range h.Flags {
			if fl := c.Flags().Lookup(name); fl != nil {
				fl.Usage = usage
			}
		}
	}
	for _, sub := range c.Commands() {
		applyEnglishHelp(sub)
	}
}

// helpKey is a command's path without the root: "req add"; "" for the root.
func helpKey(c *cobra.Command) string {
	p := c.CommandPath()
	if c.HasParent() {
		return strings.TrimPrefix(p, c.Root().Name()+" ")
	}
	return ""
}

// indentExample lays an example out the way finishTree does.
func indentExample(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}
