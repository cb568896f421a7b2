// Package templates embeds the data crmflow ships with: the CRM module catalog,
// and (as capabilities land) document templates, question banks and plans.
// Every file is listed in Registry, and a test checks each one is registered and parses.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed data
var files embed.FS

// Kind says how a registered file is parsed.
type Kind string

// The kinds of embedded files.
const (
	KindJSON Kind = "json"
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
}

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
