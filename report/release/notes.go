// Package release writes the documents of release planning: release notes
// (发布说明) as Markdown and HTML, and a sprint's burndown chart as SVG.
package release

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/docs"
)

// Line is one requirement the release delivers.
type Line struct {
	Ref      string   `json:"ref"`
	Title    string   `json:"title"`
	Status   string   `json:"status"`   // display name
	Baseline string   `json:"baseline"` // the newest baseline holding it, or ""
	Changes  []string `json:"changes"`  // applied change requests that changed it
}

// KindGroup is the lines of one requirement kind within a module.
type KindGroup struct {
	Kind  string `json:"kind"` // display name
	Lines []Line `json:"lines"`
}

// ModuleGroup is the lines of one module.
type ModuleGroup struct {
	Module string      `json:"module"` // display name
	Kinds  []KindGroup `json:"kinds"`
}

// Change is one applied change request of the release.
type Change struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Baseline string   `json:"baseline"` // the baseline applying it made
	Reqs     []string `json:"reqs"`
}

// Notes is what release notes are made from.
type Notes struct {
	Project   string        `json:"project"`
	Client    string        `json:"client"`
	Lang      crmflow.Lang  `json:"lang"`
	Release   string        `json:"release"`
	Target    string        `json:"target"`
	Generated time.Time     `json:"generated"`
	Modules   []ModuleGroup `json:"modules"`
	Changes   []Change      `json:"changes"`
	Deferred  []Line        `json:"deferred"` // moved out of this release
}

func tr(l crmflow.Lang, zh, en string) string {
	if l == crmflow.LangEN {
		return en
	}
	return zh
}

// Title is the document's title.
func (n *Notes) Title() string {
	return tr(n.Lang, n.Release+" 发布说明", "Release notes "+n.Release)
}

func md(s string) string { return docs.MarkdownCell(s) }

// Markdown writes the notes: what the version delivers by module and kind,
// each line naming its requirement, the change requests that changed it and
// its baseline; then the applied change requests; then what was deferred.
func Markdown(w io.Writer, n *Notes) error {
	var b bytes.Buffer
	l := n.Lang
	sep := tr(l, "：", ": ")
	fmt.Fprintf(&b, "# %s\n\n", md(n.Title()))
	fmt.Fprintf(&b, "%s%s%s  \n", tr(l, "项目", "Project"), sep, md(n.Project))
	if n.Client != "" {
		fmt.Fprintf(&b, "%s%s%s  \n", tr(l, "客户", "Client"), sep, md(n.Client))
	}
	fmt.Fprintf(&b, "%s%s%s  \n", tr(l, "计划发布日期", "Target date"), sep, n.Target)
	fmt.Fprintf(&b, "%s%s%s\n\n", tr(l, "生成日期", "Generated"), sep, n.Generated.Format("2006-01-02"))
	total := 0
	for _, m := range n.Modules {
		for _, k := range m.Kinds {
			total += len(k.Lines)
		}
	}
	fmt.Fprintf(&b, "## %s\n\n", tr(l, "概要", "Summary"))
	fmt.Fprintf(&b, "%s\n\n", tr(l,
		fmt.Sprintf("本版本交付 %d 项需求（已实现或已验证），包含 %d 个已实施的变更请求。", total, len(n.Changes)),
		fmt.Sprintf("This version delivers %d %s (implemented or verified) and includes %d applied %s.", total, plural(total, "requirement"), len(n.Changes), plural(len(n.Changes), "change request"))))
	fmt.Fprintf(&b, "## %s\n\n", tr(l, "交付内容", "What this version delivers"))
	if total == 0 {
		fmt.Fprintf(&b, "%s\n\n", tr(l, "暂无已实现的需求。", "No requirement is implemented yet."))
	}
	for _, m := range n.Modules {
		fmt.Fprintf(&b, "### %s\n\n", md(m.Module))
		for _, k := range m.Kinds {
			fmt.Fprintf(&b, "**%s**\n\n", md(k.Kind))
			for _, ln := range k.Lines {
				writeLine(&b, l, ln)
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "## %s\n\n", tr(l, "包含的变更请求", "Change requests included"))
	if len(n.Changes) == 0 {
		fmt.Fprintf(&b, "%s\n\n", tr(l, "本版本没有已实施的变更请求。", "No change request was applied in this version."))
	}
	for _, c := range n.Changes {
		fmt.Fprintf(&b, "- **%s** %s", c.ID, md(c.Title))
		var facts []string
		if c.Baseline != "" {
			facts = append(facts, tr(l, "基线 ", "baseline ")+md(c.Baseline))
		}
		if len(c.Reqs) > 0 {
			facts = append(facts, tr(l, "涉及 ", "affects ")+strings.Join(c.Reqs, ", "))
		}
		b.WriteString(paren(l, facts) + "\n")
	}
	if len(n.Changes) > 0 {
		b.WriteString("\n")
	}
	if len(n.Deferred) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", tr(l, "延后的需求", "Deferred requirements"))
		for _, ln := range n.Deferred {
			fmt.Fprintf(&b, "- **%s** %s\n", ln.Ref, md(ln.Title))
		}
		b.WriteString("\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeLine(b *bytes.Buffer, l crmflow.Lang, ln Line) {
	fmt.Fprintf(b, "- **%s** %s", ln.Ref, md(ln.Title))
	facts := []string{md(ln.Status)}
	if len(ln.Changes) > 0 {
		facts = append(facts, tr(l, "变更 ", "changed by ")+strings.Join(ln.Changes, ", "))
	}
	if ln.Baseline != "" {
		facts = append(facts, tr(l, "基线 ", "baseline ")+md(ln.Baseline))
	}
	b.WriteString(paren(l, facts) + "\n")
}

// paren writes facts after a line: （a；b） in Chinese, (a; b) in English.
func paren(l crmflow.Lang, facts []string) string {
	if len(facts) == 0 {
		return ""
	}
	if l == crmflow.LangEN {
		return " (" + strings.Join(facts, "; ") + ")"
	}
	return "（" + strings.Join(facts, "；") + "）"
}

// HTML writes the notes as a self-contained page through the documents'
// Markdown-to-HTML step (raw HTML in user text is dropped there).
func HTML(w io.Writer, n *Notes) error {
	var b bytes.Buffer
	if err := Markdown(&b, n); err != nil {
		return err
	}
	page, err := docs.MarkdownToHTML(b.Bytes(), n.Title(), n.Lang)
	if err != nil {
		return err
	}
	_, err = w.Write(page)
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
