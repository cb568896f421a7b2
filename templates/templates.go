// Package templates embeds the data crmflow ships with: the CRM module catalog,
// the question banks, and the HTML page and stylesheet every HTML document is
// wrapped in (the documents themselves are written in Go, report/docs).
// Every file is listed in Registry, and a test checks each one is registered and parses.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed data
var files embed.FS

// Kind says how a registered file is parsed.
type Kind string

// The kinds of embedded files.
const (
	KindJSON         Kind = "json"
	KindHTMLTemplate Kind = "html-template" // html/template
	KindCSS          Kind = "css"           // a stylesheet inlined into HTML documents
)

// Entry is one registered embedded file.
type Entry struct {
	Path string
	Kind Kind
	What string
}

// Registry lists every embedded file; a test fails if a file is missing from it.
var Registry = []Entry{
	{Path: "data/modules.json", Kind: KindJSON, What: "CRM module catalog (zh/en names, aliases)"},
	{Path: "data/page.html.tmpl", Kind: KindHTMLTemplate, What: "self-contained HTML page wrapping any Markdown document (cover, TOC, body)"},
	{Path: "data/style.css", Kind: KindCSS, What: "screen and print (A4) stylesheet inlined into HTML documents"},
	{Path: "data/questions/sales-director.json", Kind: KindJSON, What: "question bank: 销售总监 sales director"},
	{Path: "data/questions/sales-rep.json", Kind: KindJSON, What: "question bank: 销售代表 sales rep"},
	{Path: "data/questions/marketing.json", Kind: KindJSON, What: "question bank: 市场 marketing"},
	{Path: "data/questions/customer-service.json", Kind: KindJSON, What: "question bank: 客服 customer service"},
	{Path: "data/questions/it.json", Kind: KindJSON, What: "question bank: IT"},
	{Path: "data/questions/finance.json", Kind: KindJSON, What: "question bank: 财务 finance"},
	{Path: "data/questions/management.json", Kind: KindJSON, What: "question bank: 管理层 management"},
	{Path: "data/questions/satisfaction.json", Kind: KindJSON, What: "question bank: 满意度调查 post-launch satisfaction survey"},
}

// questionBankDir holds one question bank per respondent role.
const questionBankDir = "data/questions/"

// Read returns a registered file's bytes.
func Read(path string) ([]byte, error) {
	for _, e := range Registry {
		if e.Path == path {
			return files.ReadFile(path)
		}
	}
	return nil, fmt.Errorf("template %s is not registered", path)
}

// FS exposes the embedded files (read-only).
func FS() fs.FS { return files }

// ModuleCatalog returns the CRM module catalog JSON.
func ModuleCatalog() []byte {
	b, err := Read("data/modules.json")
	if err != nil {
		panic(err) // embedded at build time; a test guards it
	}
	return b
}

// QuestionBanks returns every registered question bank's JSON, by path.
func QuestionBanks() map[string][]byte {
	out := map[string][]byte{}
	for _, e := range Registry {
		if strings.HasPrefix(e.Path, questionBankDir) {
			b, err := Read(e.Path)
			if err != nil {
				panic(err) // embedded at build time; a test guards it
			}
			out[e.Path] = b
		}
	}
	return out
}
