package requirements

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/crmflow/crmflow"
)

// Module is a CRM module requirements are grouped by.
type Module struct {
	Key       string    `json:"key"`
	Zh        string    `json:"zh"`
	En        string    `json:"en"`
	Aliases   []string  `json:"aliases,omitempty"`
	Custom    bool      `json:"custom"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// Name returns the module's name in lang.
func (m Module) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return m.En
	}
	return m.Zh
}

// Catalog resolves module names. It holds the built-in catalog plus the project's own modules.
type Catalog struct {
	modules []Module
	index   map[string]int // folded name/key/alias → position
	lang    crmflow.Lang   // the language its messages name modules in
}

// ParseCatalog reads the embedded catalog JSON.
func ParseCatalog(data []byte) (*Catalog, error) {
	var ms []Module
	if err := json.Unmarshal(data, &ms); err != nil {
		return nil, fmt.Errorf("module catalog: %w", err)
	}
	c := &Catalog{index: map[string]int{}}
	for _, m := range ms {
		if err := c.add(m); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (c *Catalog) add(m Module) error {
	names := append([]string{m.Key, m.Zh, m.En}, m.Aliases...)
	for _, n := range names {
		if i, ok := c.index[fold(n)]; ok && c.modules[i].Key != m.Key {
			return crmflow.Errorf(crmflow.ECONFLICT, "module name %q is already used by module %s (%s)", n, c.modules[i].Key, c.modules[i].Name(c.lang))
		}
	}
	c.modules = append(c.modules, m)
	for _, n := range names {
		if n != "" {
			c.index[fold(n)] = len(c.modules) - 1
		}
	}
	return nil
}

// WithCustom returns a copy of c with the project's own modules added.
func (c *Catalog) WithCustom(custom []Module) (*Catalog, error) {
	n := &Catalog{modules: append([]Module(nil), c.modules...), index: make(map[string]int, len(c.index)), lang: c.lang}
	for k, v := range c.index {
		n.index[k] = v
	}
	for _, m := range custom {
		m.Custom = true
		if err := n.add(m); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// In returns a copy of c whose messages name modules in lang.
func (c *Catalog) In(lang crmflow.Lang) *Catalog {
	n := *c
	n.lang = lang
	return &n
}

// Modules lists every module, the catalog's first, in catalog order.
func (c *Catalog) Modules() []Module { return append([]Module(nil), c.modules...) }

// Lookup finds a module by key, Chinese or English name, or alias.
func (c *Catalog) Lookup(name string) (Module, bool) {
	i, ok := c.index[fold(name)]
	if !ok {
		return Module{}, false
	}
	return c.modules[i], true
}

// Resolve is Lookup with an error that lists the known modules.
func (c *Catalog) Resolve(name string) (Module, error) {
	if m, ok := c.Lookup(name); ok {
		return m, nil
	}
	known := make([]string, len(c.modules))
	for i, m := range c.modules {
		known[i] = m.Name(c.lang) + " (" + m.Key + ")"
	}
	return Module{}, crmflow.Errorf(crmflow.EINVALID, "unknown module %q; known modules: %s", name, strings.Join(known, ", ")).
		In("module.resolve").About("module", name).With("key", suggestKey(name)).With("known", strings.Join(known, ", "))
}

var keyPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`) })

func suggestKey(name string) string {
	k := strings.ToLower(strings.Join(strings.Fields(name), "-"))
	if keyPattern().MatchString(k) {
		return k
	}
	return "my-module"
}

// NewModule validates a project module before it is stored.
func (c *Catalog) NewModule(key, zh, en string) (Module, error) {
	m := Module{Key: strings.TrimSpace(key), Zh: strings.TrimSpace(zh), En: strings.TrimSpace(en), Custom: true}
	if !keyPattern().MatchString(m.Key) {
		return m, crmflow.Errorf(crmflow.EINVALID, "module key %q must be lower-case ASCII letters, digits and dashes, starting with a letter (at most 32)", key)
	}
	if m.Zh == "" && m.En == "" {
		return m, crmflow.Errorf(crmflow.EINVALID, "module %s needs a name: give --zh, --en or both", m.Key)
	}
	if m.Zh == "" {
		m.Zh = m.En
	}
	if m.En == "" {
		m.En = m.Zh
	}
	for _, n := range []string{m.Key, m.Zh, m.En} {
		if old, ok := c.Lookup(n); ok {
			return m, crmflow.Errorf(crmflow.ECONFLICT, "module name %q is already used by module %s (%s)", n, old.Key, old.Name(c.lang))
		}
	}
	return m, nil
}

// Order is the catalog position of a module key, for sorting by module; unknown keys sort last.
func (c *Catalog) Order(key string) int {
	for i, m := range c.modules {
		if m.Key == key {
			return i
		}
	}
	return len(c.modules)
}
