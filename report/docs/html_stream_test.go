package docs

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

// firstDiff describes where two documents part, for a readable failure.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-120)
	return fmt.Sprintf("lengths %d and %d, first difference at byte %d:\nwhole:    %q\nstreamed: %q",
		len(a), len(b), i, a[lo:min(len(a), i+120)], b[lo:min(len(b), i+120)])
}

// The streamed conversion gives the same bytes as the whole-document one, on
// the test project in both languages and on a large synthetic one.
func TestSRSStreamedHTMLIdentical(t *testing.T) {
	cases := map[string]int{"zh": 0, "en": 0, "scaled": 3000}
	for name, n := range cases {
		t.Run(name, func(t *testing.T) {
			lang := crmflow.LangZH
			if name == "en" {
				lang = crmflow.LangEN
			}
			reg := srsTestRegister(t, lang)
			if n > 0 {
				reg = srsBenchRegister(t, n)
			}
			whole, streamed, sections, err := SRSHTMLBothWays(reg)
			if err != nil {
				t.Fatal(err)
			}
			// Cut requirement by requirement (rejected and deferred ones have no heading of their own).
			if min := 2 + len(reg.Requirements)/2; sections < min {
				t.Fatalf("the SRS was cut into %d sections, want at least %d", sections, min)
			}
			if !bytes.Equal(whole, streamed) {
				t.Fatal(firstDiff(whole, streamed))
			}
			if got := buildSRS(t, reg, "html"); !bytes.Equal(got, whole) {
				t.Fatal("BuildSRS html differs from the whole-document conversion: " + firstDiff(whole, got))
			}
		})
	}
}

// Markdown the generator never writes, to show each cut keeps the parse:
// duplicate headings (IDs numbered across sections), "#" lines inside fenced
// code, a heading right under a paragraph (not a cut), explicit IDs, a
// cover with a level-1 heading and two paragraphs, headings of every level
// and a figure that appears twice (only the first is inlined).
func TestMarkdownSectionsIdentical(t *testing.T) {
	md := "# 标题\n\n封面第一段\n\n封面第二段\n## 第一章\n\n正文\n\n### 小节\n\n```\n## not a heading\n\n# nor this\n```\n\n" +
		"## 第一章\n\n- a\n- b\n\n## 第一章 {#custom}\n\n~~~~\n## code\n~~~\n## still code\n~~~~\n\n#### 深层\n\n" +
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n##### 五级\n\n![图](figures/p.svg)\n\n## 图\n\n![图](figures/p.svg)\n\n#not heading\n\n# 一级\n\n### 三级\n"
	figures := map[string][]byte{"figures/p.svg": []byte(`<?xml version="1.0"?><svg id="a"><use href="#a"/></svg>`)}
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		whole, err := markdownToHTML([]byte(md), "T", lang, figures)
		if err != nil {
			t.Fatal(err)
		}
		var streamed bytes.Buffer
		if err := writeMarkdownHTML(&streamed, []byte(md), "T", lang, figures); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole, streamed.Bytes()) {
			t.Fatal(firstDiff(whole, streamed.Bytes()))
		}
	}
	sections, ok := markdownSections([]byte(md))
	if !ok || len(sections) != 9 {
		var heads []string
		for _, s := range sections {
			heads = append(heads, strings.SplitN(string(s), "\n", 2)[0])
		}
		t.Fatalf("sections = %d %q (ok %v), want 9", len(sections), heads, ok)
	}
	for _, s := range sections[1:] {
		if !bytes.HasPrefix(s, []byte("#")) {
			t.Errorf("a section does not start at a heading: %q", s)
		}
	}
}

// Markdown a cut could change is converted whole.
func TestMarkdownSectionsRefuse(t *testing.T) {
	for _, md := range []string{
		"## a\n\n[x]\n\n## b\n\n[x]: /u\n",
		"## a\n\n<!-- c\n\n## b\n-->\n",
		"## a\n\n<pre>\n\n## b\n</pre>\n",
	} {
		if _, ok := markdownSections([]byte(md)); ok {
			t.Errorf("markdownSections(%q) cut it", md)
		}
		whole, err := markdownToHTML([]byte(md), "T", crmflow.LangZH, nil)
		if err != nil {
			t.Fatal(err)
		}
		var streamed bytes.Buffer
		if err := writeMarkdownHTML(&streamed, []byte(md), "T", crmflow.LangZH, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole, streamed.Bytes()) {
			t.Error(firstDiff(whole, streamed.Bytes()))
		}
	}
}
