// Package docs writes the documents clients read, as Markdown and as one
// self-contained HTML page: the requirements specification (SRS), meeting
// minutes, the change log, the baseline diff, the survey report and survey
// results. Every document is built the same way: Go code appends Markdown to
// a buffer, user text goes through mdCell, mdInline or mdPara, every fixed
// word goes through report.Tr or a report.Messages table, and HTML is that
// Markdown converted by MarkdownToHTML into templates/data/page.html.tmpl.
package docs

// The 需求规格说明书 (software requirements specification, SRS).
//
// BuildSRS prepares plain data from a report.Register (grouping, sorting,
// counting) and writes it as Markdown with srsWriter (srs_md.go, which holds
// every word of the document in both languages). The HTML form is that
// Markdown converted by MarkdownToHTML. Every piece of user text reaches the
// Markdown through one of the escaping functions (mdCell, mdInline, mdPara),
// so it cannot add structure: no headings,
// lists, links, tables or raw HTML of its own.

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
)

// dateLayout is how documents write dates.
const dateLayout = "2006-01-02"

// BuildSRS writes the requirements specification of reg to w as Markdown or
// as one self-contained HTML page. The same report.Register gives the same bytes.
func BuildSRS(w io.Writer, reg *report.Register, format report.Format) error {
	if reg == nil {
		return crmflow.Errorf(crmflow.EINVALID, "no register to build the requirements specification from")
	}
	if format != report.FormatMarkdown && format != report.FormatHTML {
		return crmflow.Errorf(crmflow.EINVALID, "document format %q is not one of md, html", format)
	}
	lang := docLang(reg)
	doc := newSRSDoc(reg, lang)
	doc.Title = srsTitle(doc, lang)
	var md bytes.Buffer
	md.Grow(4096 + 1500*len(reg.Requirements))
	writeSRSMarkdown(&md, doc, lang)
	out := md.Bytes()
	if format == report.FormatHTML {
		figures := make(map[string][]byte, len(reg.Processes))
		for _, pf := range reg.Processes {
			figures[report.FigurePath(pf.ID, lang)] = pf.SVG
			if len(pf.PrintSVG) > 0 { // the drawing cut into page-wide parts
				figures[report.FigurePath(pf.ID, lang)] = pf.PrintSVG
			}
		}
		return writeMarkdownHTML(w, out, doc.Title, lang, figures) // section by section: html_stream.go
	}
	_, err := w.Write(out)
	return err
}

// docLang is the language to write reg in: its own, the project's, then Chinese.
func docLang(reg *report.Register) crmflow.Lang {
	switch {
	case reg.Lang == crmflow.LangEN || reg.Lang == crmflow.LangZH:
		return reg.Lang
	case reg.Project.Lang == crmflow.LangEN:
		return crmflow.LangEN
	}
	return crmflow.LangZH
}

// The data the SRS is written from. Strings are raw user text or names from
// the domain in the document language; srsWriter escapes and words them.
type srsDoc struct {
	Lang      string // zh or en
	Title     string // srsTitle
	Project   string
	Client    string
	Version   string // "" for the working draft
	Date      string
	Anchor    crmflow.Anchor // the audit log's head; zero for none
	Revisions []srsRevision
	Scoring   srsScoring

	Modules    []string    // names of the modules the document covers, catalog order
	Counts     []srsCount  // requirements by module and MoSCoW (rejected excluded)
	Total      srsCount    // the column sums
	KindCounts []srsNamedN // by kind, in kind order, kinds with none left out
	Included   int         // requirements in chapters 4–8
	Rejected   int
	Deferred   []*srsReq // deferred, and won't-have, requirements: out of this phase
	Roles      []srsRole

	Functions      []srsGroup // chapter 4
	Matrix         srsMatrix  // chapter 5
	PermissionReqs []*srsReq
	Entities       []srsEntity // chapter 6
	DataFieldCount int
	DataReqs       []*srsReq
	Reports        []srsGroup   // chapter 7
	NonFunctional  []srsGroup   // chapter 8
	Trace          []*srsReq    // chapter 9
	Open           []*srsReq    // chapter 10
	All            []*srsReq    // appendix A, rejected included
	FieldNames     []string     // custom fields, in order
	Processes      []srsProcess // chapter 3

	Signatories []report.Signatory // the sign-off page: who may sign, prefilled
	Since       report.Since       // a working draft's newest baseline and what is new since
	TestCases   int                // UAT test cases that exist
}

// srsProcess is a process map in chapter 3.
type srsProcess struct {
	ID, Name, Description, Anchor string
	AsIs                          bool
	Figure                        string // the SVG's path, relative to the document
	Lanes                         []string
	Steps                         []srsProcessStep
}

type srsProcessStep struct {
	Label, Lane string
	Findings    []string
	Reqs        []*srsRef
}

type srsRevision struct{ Version, Date, Author, Change string }

type srsScoring struct {
	Formula                 string
	WValue, WUrgency, WEase string
	High                    int
	MustAt, ShouldAt        int
	CouldAt                 int
}

type srsCount struct {
	Name                           string
	Must, Should, Could, Wont, All int
}

type srsNamedN struct {
	Name string
	N    int
}

type srsRole struct {
	Name    string
	Modules []string // module names the role has any action in
}

// srsGroup is a module's requirements in one chapter.
type srsGroup struct {
	Key, Name, Anchor string
	Reqs              []*srsReq
}

// srsReq is one requirement as the document shows it.
type srsReq struct {
	ID, Anchor      string
	Title           string
	Description     string
	Module          string // name
	Kind            string // key
	KindName        string
	Status          string // key
	StatusName      string
	Value           int
	Difficulty      int
	Urgency         int
	Score           int
	Quadrant        string // name
	MoSCoW          string // name
	MoSCoWSuggested bool
	Criteria        []string
	Owner           string
	Source          string
	Stakeholder     string
	Tags            []string
	Revision        int
	FieldPairs      []srsPair // custom fields, two to a table row
	Fields          []srsKV   // custom fields, in definition order
	Parent          *srsRef
	Links           []srsLink
	OtherLinks      []*srsRef // links other than parent/child, for the trace matrix
	Children        int
	InDoc           bool // described in chapters 4–8 (not rejected): its anchor exists
	Draft           bool
	TBD             bool // its text says TBD or 待定
}

type srsKV struct{ Name, Value string }

type srsPair struct {
	A srsKV
	B *srsKV
}

// srsRef refers to another requirement; Linked when the document describes it.
type srsRef struct {
	ID, Anchor, Title string
	Linked            bool
}

type srsLink struct {
	Role    string // parent, child, derives-from, derived-by, relates-to
	Ref     *srsRef
	Suspect bool
}

type srsMatrix struct {
	Modules []string // column names
	Rows    []srsMatrixRow
	Actions []srsLegend
	Scopes  []string
}

type srsMatrixRow struct {
	Role  string
	Cells []srsCell
}

type srsCell struct {
	Letters string // "R C U"; "" for no access
	Scope   string // name
	Set     bool   // the matrix has this cell
}

type srsLegend struct{ Letter, Name string }

type srsEntity struct {
	Name, Anchor string
	Fields       []srsDataField
}

type srsDataField struct {
	Name, Type, Description string
	Required, Unique        bool
	Choice, Ref             bool
	Values                  []string
	Req                     *srsRef
}

func newSRSDoc(reg *report.Register, lang crmflow.Lang) *srsDoc {
	d := &srsDoc{Lang: string(lang), Project: reg.Project.Name, Client: reg.Project.Client,
		Version: reg.Version, Date: reg.Generated.Format(dateLayout), Anchor: reg.Anchor, Signatories: reg.Signatories,
		Since: reg.Since, TestCases: reg.TestCases}
	for _, r := range reg.Revisions {
		d.Revisions = append(d.Revisions, srsRevision{Version: r.Version, Date: fmtDate(r), Author: r.Author, Change: r.Change})
	}
	st := reg.Settings
	d.Scoring = srsScoring{Formula: st.Formula(), WValue: ftoa(st.Weights.Value), WUrgency: ftoa(st.Weights.Urgency),
		WEase: ftoa(st.Weights.Ease), High: st.High, MustAt: st.MustAt, ShouldAt: st.ShouldAt, CouldAt: st.CouldAt}
	for _, f := range reg.Fields {
		d.FieldNames = append(d.FieldNames, f.Name)
	}

	// Module order: the catalog's, then unknown keys alphabetically.
	order := map[string]int{}
	for i, m := range reg.Modules {
		if _, ok := order[m.Key]; !ok {
			order[m.Key] = i
		}
	}
	var unknown []string
	for _, v := range reg.Requirements {
		if _, ok := order[v.Module]; !ok && !slices.Contains(unknown, v.Module) {
			unknown = append(unknown, v.Module)
		}
	}
	for _, p := range reg.Permissions {
		if _, ok := order[p.Module]; !ok && !slices.Contains(unknown, p.Module) {
			unknown = append(unknown, p.Module)
		}
	}
	slices.Sort(unknown)
	for i, k := range unknown {
		order[k] = len(reg.Modules) + i
	}
	moduleKeys := make([]string, len(order))
	for k, i := range order {
		moduleKeys[i] = k
	}
	name := func(key string) string { return moduleName(reg, key, lang) }

	// Requirements in ID order (the register's), each prepared once.
	reqs := make([]*srsReq, len(reg.Requirements))
	byID := make(map[string]*srsReq, len(reg.Requirements))
	for i := range reg.Requirements {
		v := &reg.Requirements[i]
		r := newSRSReq(v, reg, lang, name(v.Module))
		reqs[i] = r
		byID[v.ID] = r
	}
	ref := func(id string) *srsRef {
		if r, ok := byID[id]; ok {
			return &srsRef{ID: id, Anchor: r.Anchor, Title: r.Title, Linked: r.InDoc}
		}
		return &srsRef{ID: id, Anchor: anchor("req", id)}
	}
	for i := range reg.Requirements {
		v, r := &reg.Requirements[i], reqs[i]
		if v.Parent != "" {
			r.Parent = ref(v.Parent)
		}
		for _, l := range v.Links {
			x := ref(l.ID)
			if x.Title == "" {
				x.Title = l.Title
			}
			role := l.Role()
			r.Links = append(r.Links, srsLink{Role: role, Ref: x, Suspect: l.Suspect})
			switch role {
			case "child":
				r.Children++
			case "parent":
			default:
				r.OtherLinks = append(r.OtherLinks, x)
			}
		}
	}
	d.All = reqs

	// Chapters 4, 7, 8 by module; the counts of chapter 2.
	fn := map[string][]*srsReq{}
	rpt := map[string][]*srsReq{}
	nfr := map[string][]*srsReq{}
	counts := map[string]*srsCount{}
	kinds := map[requirements.Kind]int{}
	for i, r := range reqs {
		v := &reg.Requirements[i]
		if !r.InDoc {
			d.Rejected++
			continue
		}
		d.Included++
		kinds[v.Kind]++
		c := counts[v.Module]
		if c == nil {
			c = &srsCount{Name: name(v.Module)}
			counts[v.Module] = c
		}
		c.add(v.MoSCoW)
		d.Total.add(v.MoSCoW)
		switch v.Kind {
		case requirements.KindReport:
			rpt[v.Module] = append(rpt[v.Module], r)
		case requirements.KindNonFunctional:
			nfr[v.Module] = append(nfr[v.Module], r)
		default:
			fn[v.Module] = append(fn[v.Module], r)
		}
		switch v.Kind {
		case requirements.KindData:
			d.DataReqs = append(d.DataReqs, r)
		case requirements.KindPermission:
			d.PermissionReqs = append(d.PermissionReqs, r)
		}
		if v.Status == requirements.Deferred || v.MoSCoW == requirements.Wont {
			d.Deferred = append(d.Deferred, r)
		}
		d.Trace = append(d.Trace, r)
		if r.Draft || r.TBD {
			d.Open = append(d.Open, r)
		}
	}
	for _, k := range moduleKeys {
		if c := counts[k]; c != nil {
			d.Counts = append(d.Counts, *c)
			d.Modules = append(d.Modules, c.Name)
		}
		if rs := fn[k]; len(rs) > 0 {
			d.Functions = append(d.Functions, srsGroup{Key: k, Name: name(k), Anchor: anchor("fn", k), Reqs: rs})
		}
		if rs := rpt[k]; len(rs) > 0 {
			d.Reports = append(d.Reports, srsGroup{Key: k, Name: name(k), Anchor: anchor("rpt", k), Reqs: rs})
		}
		if rs := nfr[k]; len(rs) > 0 {
			d.NonFunctional = append(d.NonFunctional, srsGroup{Key: k, Name: name(k), Anchor: anchor("nfr", k), Reqs: rs})
		}
	}
	for _, k := range requirements.Kinds {
		if n := kinds[k]; n > 0 {
			d.KindCounts = append(d.KindCounts, srsNamedN{Name: k.Name(lang), N: n})
		}
	}

	d.Matrix, d.Roles = newSRSMatrix(reg.Permissions, moduleKeys, name, lang)

	// Chapter 6: entities in the order they first appear.
	entityAt := map[string]int{}
	for _, f := range reg.DataFields {
		i, ok := entityAt[f.Entity]
		if !ok {
			i = len(d.Entities)
			entityAt[f.Entity] = i
			d.Entities = append(d.Entities, srsEntity{Name: f.Entity, Anchor: fmt.Sprintf("entity-%d", i+1)})
		}
		df := srsDataField{Name: f.Name, Type: f.Type.Name(lang), Description: f.Description,
			Required: f.Required, Unique: f.Unique, Choice: f.Type == requirements.DataChoice,
			Ref: f.Type == requirements.DataRef, Values: nonNilStrings(f.Values)}
		if f.Req != "" {
			df.Req = ref(f.Req)
		}
		d.Entities[i].Fields = append(d.Entities[i].Fields, df)
		d.DataFieldCount++
	}
	for _, pf := range reg.Processes {
		sp := srsProcess{ID: pf.ID, Name: pf.Name, Description: pf.Description, AsIs: pf.AsIs,
			Anchor: anchor("proc", pf.ID), Figure: report.FigurePath(pf.ID, lang), Lanes: nonNilStrings(pf.Lanes)}
		for _, st := range pf.Steps {
			step := srsProcessStep{Label: st.Label, Lane: st.Lane, Findings: nonNilStrings(st.Findings)}
			for _, id := range st.Reqs {
				step.Reqs = append(step.Reqs, ref(id))
			}
			sp.Steps = append(sp.Steps, step)
		}
		d.Processes = append(d.Processes, sp)
	}
	return d
}

func (c *srsCount) add(m requirements.MoSCoW) {
	c.All++
	switch m {
	case requirements.Must:
		c.Must++
	case requirements.Should:
		c.Should++
	case requirements.Could:
		c.Could++
	default:
		c.Wont++
	}
}

func newSRSReq(v *requirements.View, reg *report.Register, lang crmflow.Lang, module string) *srsReq {
	r := &srsReq{ID: v.ID, Anchor: anchor("req", v.ID), Title: v.Title, Description: v.Description,
		Module: module, Kind: string(v.Kind), KindName: v.Kind.Name(lang),
		Status: string(v.Status), StatusName: v.Status.Name(lang),
		Value: v.Value, Difficulty: v.Difficulty, Urgency: v.Urgency, Score: v.Score,
		Quadrant: v.Quadrant.Name(lang), MoSCoW: v.MoSCoW.Name(lang), MoSCoWSuggested: v.MoSCoWSuggested,
		Criteria: nonNilStrings(v.Criteria), Owner: v.Owner, Source: v.Source, Stakeholder: v.Stakeholder,
		Tags: nonNilStrings(v.Tags), Revision: v.Revision,
		InDoc: v.Status != requirements.Rejected, Draft: v.Status == requirements.Draft}
	for _, f := range reg.Fields {
		r.Fields = append(r.Fields, srsKV{Name: f.Name, Value: v.Fields[f.Name]})
	}
	for i := 0; i < len(r.Fields); i += 2 {
		p := srsPair{A: r.Fields[i]}
		if i+1 < len(r.Fields) {
			p.B = &r.Fields[i+1]
		}
		r.FieldPairs = append(r.FieldPairs, p)
	}
	r.TBD = hasTBD(v.Title) || hasTBD(v.Description) || slices.ContainsFunc(v.Criteria, hasTBD)
	return r
}

// hasTBD reports whether text marks something as still to be decided:
// "待定", or "TBD" as a word in any case.
func hasTBD(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i]|0x20 == 't' && s[i+1]|0x20 == 'b' && s[i+2]|0x20 == 'd' &&
			(i == 0 || !isWordByte(s[i-1])) && (i+3 == len(s) || !isWordByte(s[i+3])) {
			return true
		}
	}
	return strings.Contains(s, "待定")
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// newSRSMatrix builds the role × module matrix of chapter 5: roles in the
// order they first appear, modules (columns) in catalog order.
func newSRSMatrix(perms []requirements.Permission, moduleKeys []string,
	name func(string) string, lang crmflow.Lang) (srsMatrix, []srsRole) {
	var m srsMatrix
	for _, a := range requirements.Actions {
		m.Actions = append(m.Actions, srsLegend{Letter: a.Letter(), Name: a.Name(lang)})
	}
	for _, s := range requirements.Scopes {
		m.Scopes = append(m.Scopes, s.Name(lang))
	}
	var roles []string
	cells := map[string]map[string]requirements.Permission{}
	used := map[string]bool{}
	for _, p := range perms {
		if cells[p.Role] == nil {
			cells[p.Role] = map[string]requirements.Permission{}
			roles = append(roles, p.Role)
		}
		cells[p.Role][p.Module] = p // a later cell for the same pair wins
		used[p.Module] = true
	}
	var cols []string
	for _, k := range moduleKeys {
		if used[k] {
			cols = append(cols, k)
		}
	}
	for _, k := range cols {
		m.Modules = append(m.Modules, name(k))
	}
	var out []srsRole
	for _, role := range roles {
		row := srsMatrixRow{Role: role}
		rl := srsRole{Name: role}
		for _, k := range cols {
			p, ok := cells[role][k]
			c := srsCell{Set: ok}
			if ok {
				letters := make([]string, 0, len(p.Actions))
				for _, a := range requirements.Actions {
					if p.Has(a) {
						letters = append(letters, a.Letter())
					}
				}
				c.Letters = strings.Join(letters, " ")
				sc := p.Scope
				if sc == "" {
					sc = requirements.ScopeAll
				}
				c.Scope = sc.Name(lang)
				if len(letters) > 0 {
					rl.Modules = append(rl.Modules, name(k))
				}
			}
			row.Cells = append(row.Cells, c)
		}
		m.Rows = append(m.Rows, row)
		out = append(out, rl)
	}
	return m, out
}

func moduleName(reg *report.Register, key string, lang crmflow.Lang) string {
	for _, m := range reg.Modules {
		if m.Key == key {
			if n := m.Name(lang); n != "" {
				return n
			}
		}
	}
	return key
}

func fmtDate(r report.Revision) string {
	if r.Date.IsZero() {
		return ""
	}
	return r.Date.Format(dateLayout)
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// anchor makes an HTML id from a prefix and a key: lower-case ASCII letters,
// digits and dashes ("req" + "REQ-001" → "req-001": the prefix is not repeated
// when the key already starts with it). Other bytes become dashes, except
// non-ASCII ones, which are written in hex so that Chinese keys stay distinct.
func anchor(prefix, key string) string {
	var b strings.Builder
	b.Grow(len(prefix) + 1 + len(key))
	low := strings.ToLower(key)
	if !strings.HasPrefix(low, prefix+"-") {
		b.WriteString(prefix)
		b.WriteByte('-')
	}
	dash := false
	for i := 0; i < len(low); i++ {
		c := low[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b.WriteByte(c)
			dash = false
		case c >= 0x80:
			const hex = "0123456789abcdef"
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
