package templates

import (
	"encoding/json"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"testing"
)

// checkCSS is what "parses" means for an inlined stylesheet: balanced braces
// and comments, and nothing that would load from elsewhere.
func checkCSS(b []byte) []string {
	var errs []string
	s := string(b)
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return append(errs, "unterminated comment")
			}
			i += end + 3
		case s[i] == '{':
			depth++
		case s[i] == '}':
			depth--
			if depth < 0 {
				return append(errs, "unbalanced }")
			}
		}
	}
	if depth != 0 {
		errs = append(errs, "unbalanced {")
	}
	low := strings.ToLower(s)
	for _, bad := range []string{"@import", "url(", "http:", "https:", "</style"} {
		if strings.Contains(low, bad) {
			errs = append(errs, "holds "+bad+" (HTML documents must be self-contained)")
		}
	}
	return errs
}

// TestEveryFileRegisteredAndParses fails when a file is embedded but not in
// Registry, registered but missing, or does not parse as its kind.
func TestEveryFileRegisteredAndParses(t *testing.T) {
	registered := map[string]Entry{}
	for _, e := range Registry {
		registered[e.Path] = e
	}
	seen := map[string]bool{}
	err := fs.WalkDir(FS(), "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		seen[p] = true
		e, ok := registered[p]
		if !ok {
			t.Errorf("%s is embedded but not registered", p)
			return nil
		}
		b, err := Read(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		switch e.Kind {
		case KindJSON:
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Errorf("%s does not parse as JSON: %v", p, err)
			}
		case KindHTMLTemplate:
			if _, err := htmltemplate.New(p).Parse(string(b)); err != nil {
				t.Errorf("%s does not parse as an HTML template: %v", p, err)
			}
		case KindCSS:
			for _, msg := range checkCSS(b) {
				t.Errorf("%s: %s", p, msg)
			}
		default:
			t.Errorf("%s has unknown kind %q", p, e.Kind)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range registered {
		if !seen[p] {
			t.Errorf("%s is registered but not embedded", p)
		}
	}
	if _, err := Read("data/nope.json"); err == nil {
		t.Error("Read of an unregistered file succeeded")
	}
}

func TestModuleCatalog(t *testing.T) {
	var mods []struct {
		Key, Zh, En string
		Aliases     []string
	}
	if err := json.Unmarshal(ModuleCatalog(), &mods); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, m := range mods {
		if m.Key == "" || m.Zh == "" || m.En == "" {
			t.Errorf("module %+v lacks a key or a name", m)
		}
		keys[m.Key] = true
	}
	// The seed's modules must be there.
	for _, k := range []string{"customer", "opportunity", "visit", "campaign", "report", "permission", "lead", "contract", "payment", "service"} {
		if !keys[k] {
			t.Errorf("catalog lacks %s", k)
		}
	}
}
