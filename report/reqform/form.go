// Package reqform writes a requirement as the text form "req edit" opens in
// an editor, and parses the edited form back.
package reqform

// The requirement form is the text `crmflow req edit --editor` opens in $EDITOR.
//
// It is a list of "key: value" lines. Comments are lines that start with "#"
// at column 0 (outside a block they may also be indented); blank lines
// between keys are ignored. Keys are case-insensitive and may be followed by
// ":" or "：". Three kinds of value exist:
//
//   - one-line values: title, module, kind, value, difficulty, urgency,
//     moscow, tags;
//   - text values: owner, source, stakeholder, description and field.NAME.
//     They are written inline ("owner: 李分析"), or as a block ("key: |"
//     followed by lines indented by two spaces, or a tab) when they hold a
//     line break or are "|" themselves; the description is always a block. An inline value may
//     also continue on indented lines. Inside a block, blank lines are kept,
//     trailing blank lines dropped and a line that is not indented ends the
//     block, except a column-0 comment, which is skipped;
//   - the criteria list: "criteria:" followed by "- " items; an item continues
//     on lines indented by two spaces; empty items are dropped.
//
// Tags are separated by commas (",", "，" or "、"); a tag that holds a Chinese
// comma or starts with a double quote is written as a Go quoted string.
//
// Text round-trips: Format then Parse gives back
// the same (normalized) requirement. If the edited file uses CRLF line ends
// (as its first line shows), the CRs are dropped; a UTF-8 byte order mark is
// ignored.

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
)

// FormError is a mistake in an edited requirement form.
type FormError struct {
	Line  int    // 1-based; 0 when the field has no line in the form
	Field string // the key: "value", "criteria", "field.预计工时", ...; empty for a line that has none
	Msg   string

	cause error // the underlying error, e.g. from resolveModule
}

func (e *FormError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
	}
	if e.Field != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.Field)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap exposes the error as a *crmflow.Error (code invalid unless the
// underlying error carries another code), which in turn wraps the cause.
func (e *FormError) Unwrap() error {
	ce := &crmflow.Error{Code: crmflow.EINVALID, Message: e.Error(), Err: e.cause}
	var inner *crmflow.Error
	if e.cause != nil && errors.As(e.cause, &inner) {
		ce.Code, ce.Try, ce.Op, ce.Entity, ce.ID, ce.Facts = inner.Code, inner.Try, inner.Op, inner.Entity, inner.ID, inner.Facts
	}
	if e.Line > 0 {
		ce = ce.With("line", strconv.Itoa(e.Line))
	}
	return ce
}

// ErrEmptyForm is returned by Parse for a form that holds
// nothing but comments and blank lines: the edit is cancelled.
var ErrEmptyForm = crmflow.Errorf(crmflow.EINVALID, "the form is empty; nothing was changed")

// ---------------------------------------------------------------------------
// Writing

// formTexts are the comments the form writes, in both languages.
var formTexts = struct {
	header      report.Text // id, status, revision
	intro       []report.Text
	fieldsNote  report.Text
	number      report.Text
	text        report.Text
	date        report.Text
	choice      report.Text // choices
	criteria    report.Text
	description report.Text
}{
	header: report.Text{ZH: "%s · 状态：%s · 修订 %d", EN: "%s · status: %s · revision %d"},
	intro: []report.Text{
		{ZH: "修改下面的字段，保存并退出。以 # 开头的行会被忽略。",
			EN: "Edit the fields below, save and quit. Lines starting with # are ignored."},
		{ZH: "清空文件，或不做任何修改，即取消编辑。",
			EN: "An empty file, or one with no changes, cancels the edit."},
		{ZH: "value（价值）、difficulty（难度）、urgency（紧迫度）：1–5 · kind（类型）：functional, data, report, permission, non-functional",
			EN: "value, difficulty, urgency: 1–5 · kind: functional, data, report, permission, non-functional"},
		{ZH: "moscow：must, should, could, wont；留空则采用按评分给出的建议",
			EN: "moscow: must, should, could, wont, or empty for the suggestion from the score"},
		{ZH: "tags（标签）用逗号分隔 · 多行文本写成 \"key: |\"，其下每行缩进两个空格",
			EN: "tags: separated by commas · a text may span lines: write \"key: |\" and indent its lines by two spaces"},
	},
	fieldsNote:  report.Text{ZH: "自定义字段：留空即清除该字段的值", EN: "custom fields: an empty value removes the value"},
	number:      report.Text{ZH: "%s：数字", EN: "%s: number"},
	text:        report.Text{ZH: "%s：文本", EN: "%s: text"},
	date:        report.Text{ZH: "%s：日期 YYYY-MM-DD", EN: "%s: date YYYY-MM-DD"},
	choice:      report.Text{ZH: "%s：可选 %s", EN: "%s: one of %s"},
	criteria:    report.Text{ZH: "criteria（验收标准）：每条一行，以 \"- \" 开头；较长的一条可在下面缩进两个空格的行中续写", EN: "criteria: one per line, starting with \"- \"; a long one continues on lines indented by two spaces"},
	description: report.Text{ZH: "description（描述）：每行缩进两个空格；空行会保留", EN: "description: every line indented by two spaces; blank lines are kept"},
}

// Format writes the editable form of r. moduleName is the
// module's display name (e.g. "拜访跟进"); defs are the project's custom
// fields, in order.
func Format(w io.Writer, r requirements.Requirement, moduleName string, defs []requirements.FieldDef, lang crmflow.Lang) error {
	t := formTexts
	var b strings.Builder
	comment := func(s string) {
		b.WriteString("# ")
		b.WriteString(oneLine(s))
		b.WriteByte('\n')
	}

	status := r.Status.Name(lang)
	if status == "" {
		status = string(r.Status)
	}
	comment(fmt.Sprintf(t.header.In(lang), r.ID, status, r.Revision))
	for _, s := range t.intro {
		comment(s.In(lang))
	}
	if len(defs) > 0 {
		comment(t.fieldsNote.In(lang))
	}

	writeLine(&b, "title", oneLine(r.Title)) // a title is one line
	module := moduleName
	if strings.TrimSpace(module) == "" {
		module = r.Module
	}
	writeLine(&b, "module", oneLine(module))
	writeLine(&b, "kind", string(r.Kind))
	writeLine(&b, "value", score(r.Value))
	writeLine(&b, "difficulty", score(r.Difficulty))
	writeLine(&b, "urgency", score(r.Urgency))
	writeLine(&b, "moscow", string(r.MoSCoW))
	writeText(&b, "owner", r.Owner, false)
	writeText(&b, "source", r.Source, false)
	writeText(&b, "stakeholder", r.Stakeholder, false)
	writeLine(&b, "tags", formatTags(r.Tags))

	for _, d := range defs {
		switch d.Type {
		case requirements.FieldNumber:
			comment(fmt.Sprintf(t.number.In(lang), d.Name))
		case requirements.FieldDate:
			comment(fmt.Sprintf(t.date.In(lang), d.Name))
		case requirements.FieldChoice:
			comment(fmt.Sprintf(t.choice.In(lang), d.Name, strings.Join(d.Choices, ", ")))
		default:
			comment(fmt.Sprintf(t.text.In(lang), d.Name))
		}
		writeText(&b, "field."+d.Name, r.Fields[d.Name], false)
	}

	comment(t.criteria.In(lang))
	b.WriteString("criteria:\n")
	for _, c := range r.Criteria {
		for i, l := range strings.Split(c, "\n") {
			switch {
			case i == 0:
				b.WriteString("- ")
				b.WriteString(l)
			case l != "":
				b.WriteString("  ")
				b.WriteString(l)
			}
			b.WriteByte('\n')
		}
	}

	comment(t.description.In(lang))
	writeText(&b, "description", r.Description, true)

	_, err := io.WriteString(w, b.String())
	return err
}

func score(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// oneLine keeps a comment on its line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func writeLine(b *strings.Builder, key, v string) {
	b.WriteString(key)
	b.WriteByte(':')
	if v != "" {
		b.WriteByte(' ')
		b.WriteString(v)
	}
	b.WriteByte('\n')
}

// writeText writes a text value inline, or as an indented block when it spans
// lines, is "|" (the block marker) or block is set.
func writeText(b *strings.Builder, key, v string, block bool) {
	if !block && !strings.Contains(v, "\n") && strings.TrimSpace(v) != "|" {
		writeLine(b, key, v)
		return
	}
	b.WriteString(key)
	b.WriteString(": |\n")
	if v == "" {
		return
	}
	for _, l := range strings.Split(v, "\n") {
		if l != "" {
			b.WriteString("  ")
			b.WriteString(l)
		}
		b.WriteByte('\n')
	}
}

// tagSeparators split tags: the ASCII comma and the two Chinese ones.
const tagSeparators = ",，、"

func formatTags(tags []string) string {
	out := make([]string, len(tags))
	for i, t := range tags {
		if strings.HasPrefix(t, `"`) || strings.ContainsAny(t, tagSeparators) {
			t = strconv.Quote(t)
		}
		out[i] = t
	}
	return strings.Join(out, ", ")
}

// parseTags splits a tags line. A token that starts with a double quote and
// is a complete Go quoted string is unquoted; anything else is taken as typed.
func parseTags(s string) []string {
	tags := []string{}
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return tags
		}
		if s[0] == '"' {
			if q, err := strconv.QuotedPrefix(s); err == nil {
				after := strings.TrimLeft(s[len(q):], " \t")
				if after == "" || strings.IndexAny(after, tagSeparators) == 0 {
					if t, err := strconv.Unquote(q); err == nil {
						tags = append(tags, t)
						s = after
						if s != "" {
							_, n := utf8.DecodeRuneInString(s)
							s = s[n:]
						}
						continue
					}
				}
			}
		}
		i := strings.IndexAny(s, tagSeparators)
		if i < 0 {
			tags = append(tags, strings.TrimSpace(s))
			return tags
		}
		tags = append(tags, strings.TrimSpace(s[:i]))
		_, n := utf8.DecodeRuneInString(s[i:])
		s = s[i+n:]
	}
}

// ---------------------------------------------------------------------------
// Reading

type keyKind int

const (
	keyLine keyKind = iota // a one-line value
	keyText                // text, inline or a block
	keyList                // the criteria list
)

type formKey struct {
	name string // as Format writes it
	kind keyKind
	def  int // index into defs for field.NAME, else -1
}

// fixedKeys are the field table's editable fields: a list for the criteria,
// text (inline or a block) for free text, a line for the rest.
var fixedKeys = func() []formKey {
	var keys []formKey
	for _, f := range requirements.FieldTable {
		if !f.Edit {
			continue
		}
		kind := keyLine
		switch f.Type {
		case requirements.TypeList:
			kind = keyList
		case requirements.TypeText:
			kind = keyText
		}
		keys = append(keys, formKey{f.Key, kind, -1})
	}
	return keys
}()

type critItem struct {
	line  int
	lines []string
}

// openBlock is a text value or the criteria list still taking lines.
type openBlock struct {
	key    formKey
	line   int
	inline string
	lines  []string
	items  []critItem
}

type formParser struct {
	r         requirements.Requirement
	defs      []requirements.FieldDef
	resolve   func(string) (string, error)
	keys      []formKey // longest first
	seen      map[string]int
	critLines []int
	open      *openBlock
	prevKey   string
}

// Parse reads an edited form back onto a copy of base.
// resolveModule maps what the person typed in "module:" to a module key, or
// returns an error. A bad form gives a *FormError; a form with nothing but
// comments and blank lines gives ErrEmptyForm.
func Parse(src []byte, base requirements.Requirement, defs []requirements.FieldDef, resolveModule func(string) (string, error)) (requirements.Requirement, error) {
	p := &formParser{r: base.Clone(), defs: defs, resolve: resolveModule, seen: map[string]int{}}
	p.keys = append(p.keys, fixedKeys...)
	names := map[string]bool{}
	for i, d := range defs {
		if names[d.Name] {
			continue
		}
		names[d.Name] = true
		p.keys = append(p.keys, formKey{name: "field." + d.Name, kind: keyText, def: i})
	}
	sort.SliceStable(p.keys, func(i, j int) bool { return len(p.keys[i].name) > len(p.keys[j].name) })

	first := 0 // the first line that is neither blank nor a comment
	for i, line := range splitFormLines(src) {
		n := i + 1
		if p.open != nil {
			if done, err := p.blockLine(line, n); err != nil {
				return requirements.Requirement{}, err
			} else if done {
				continue
			}
		}
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		if first == 0 {
			first = n
		}
		if line[0] == ' ' || line[0] == '\t' {
			if strings.HasPrefix(strings.TrimLeft(line, " \t"), "#") {
				continue // an indented comment outside a block
			}
			msg := "unexpected indented line"
			if p.prevKey != "" {
				msg += "; " + p.prevKey + " takes a single line"
			}
			return requirements.Requirement{}, &FormError{Line: n, Field: p.prevKey, Msg: msg}
		}
		if line[0] == '-' {
			return requirements.Requirement{}, &FormError{Line: n, Field: p.prevKey,
				Msg: `"- " items belong under "criteria:"`}
		}
		k, rest, ok := p.matchKey(line)
		if !ok {
			return requirements.Requirement{}, p.strayLine(line, n)
		}
		if err := p.closeBlock(); err != nil {
			return requirements.Requirement{}, err
		}
		if at, dup := p.seen[k.name]; dup {
			return requirements.Requirement{}, &FormError{Line: n, Field: k.name,
				Msg: fmt.Sprintf("is given twice (first on line %d)", at)}
		}
		p.seen[k.name] = n
		p.prevKey = k.name
		switch k.kind {
		case keyLine:
			if err := p.apply(k, strings.TrimSpace(rest), n); err != nil {
				return requirements.Requirement{}, err
			}
		case keyText:
			v := strings.TrimSpace(rest)
			b := &openBlock{key: k, line: n}
			if v != "|" {
				b.inline = v
			}
			p.open = b
		case keyList:
			if strings.TrimSpace(rest) != "" {
				return requirements.Requirement{}, &FormError{Line: n, Field: k.name,
					Msg: `put each criterion on its own line below "criteria:", starting with "- "`}
			}
			p.open = &openBlock{key: k, line: n}
		}
	}
	if err := p.closeBlock(); err != nil {
		return requirements.Requirement{}, err
	}
	if first == 0 {
		return requirements.Requirement{}, ErrEmptyForm
	}
	if _, ok := p.seen["title"]; !ok {
		return requirements.Requirement{}, &FormError{Line: first, Field: "title",
			Msg: `is missing; the form needs a "title:" line`}
	}

	r := p.r
	r.Normalize()
	if err := r.Validate(); err != nil {
		return requirements.Requirement{}, p.validationError(err)
	}
	return r, nil
}

// splitFormLines splits src into lines, dropping a byte order mark and, when
// the file uses CRLF line ends, the CR before each LF. The first line tells:
// Format never ends a line in CR (its first line is a comment it writes
// itself), and an editor that saves CRLF converts every line, so a CR that
// is part of a text value survives, while lines a person pasted with LF only
// into a CRLF file are read as they are.
func splitFormLines(src []byte) []string {
	s := strings.TrimPrefix(string(src), "\uFEFF")
	first, _, _ := strings.Cut(s, "\n")
	crlf := strings.Contains(s, "\n") && strings.HasSuffix(first, "\r")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if crlf {
		for i, l := range lines {
			lines[i] = strings.TrimSuffix(l, "\r")
		}
	}
	return lines
}

// indented returns the content of a block line: the line without its two
// leading spaces (or tab); blank lines are empty content.
func indented(line string) (string, bool) {
	switch {
	case strings.HasPrefix(line, "  "):
		return line[2:], true
	case strings.HasPrefix(line, "\t"):
		return line[1:], true
	case strings.TrimSpace(line) == "":
		return "", true
	}
	return "", false
}

// blockLine takes line into the open block if it belongs there.
func (p *formParser) blockLine(line string, n int) (bool, error) {
	b := p.open
	if b.key.kind == keyList && strings.HasPrefix(line, "-") {
		b.items = append(b.items, critItem{line: n, lines: []string{line[1:]}})
		return true, nil
	}
	c, ok := indented(line)
	if !ok {
		return false, nil
	}
	if b.key.kind == keyText {
		b.lines = append(b.lines, c)
		return true, nil
	}
	if len(b.items) == 0 {
		if strings.TrimSpace(line) == "" {
			return true, nil
		}
		return false, &FormError{Line: n, Field: b.key.name,
			Msg: `start each criterion with "- " at the beginning of the line`}
	}
	it := &b.items[len(b.items)-1]
	it.lines = append(it.lines, c)
	return true, nil
}

// closeBlock applies the open block's value.
func (p *formParser) closeBlock() error {
	b := p.open
	if b == nil {
		return nil
	}
	p.open = nil
	switch b.key.kind {
	case keyList:
		crit := []string{}
		p.critLines = p.critLines[:0]
		for _, it := range b.items {
			c := strings.TrimSpace(strings.Join(it.lines, "\n"))
			if c == "" {
				continue
			}
			crit = append(crit, c)
			p.critLines = append(p.critLines, it.line)
		}
		p.r.Criteria = crit
		return nil
	default:
		lines := b.lines
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		v := strings.Join(lines, "\n")
		if b.inline != "" {
			if v != "" {
				v = b.inline + "\n" + v
			} else {
				v = b.inline
			}
		}
		return p.apply(b.key, strings.TrimSpace(v), b.line)
	}
}

// matchKey finds the key line starts with, exactly first, then ignoring case.
func (p *formParser) matchKey(line string) (formKey, string, bool) {
	for _, fold := range []bool{false, true} {
		for _, k := range p.keys {
			if len(line) < len(k.name) {
				continue
			}
			head := line[:len(k.name)]
			if head != k.name && !(fold && strings.EqualFold(head, k.name)) {
				continue
			}
			rest := strings.TrimLeft(line[len(k.name):], " \t")
			if strings.HasPrefix(rest, ":") {
				return k, rest[1:], true
			}
			if strings.HasPrefix(rest, "：") {
				return k, rest[len("："):], true
			}
		}
	}
	return formKey{}, "", false
}

// strayLine explains a column-0 line that is not a known key.
func (p *formParser) strayLine(line string, n int) error {
	hint := ""
	field := ""
	if b := p.open; b != nil {
		field = b.key.name
		if b.key.kind == keyList {
			hint = `; criteria start with "- " and continue on lines indented by two spaces`
		} else {
			hint = "; lines that continue " + b.key.name + " are indented by two spaces"
		}
	}
	i := strings.IndexAny(line, ":：")
	key := ""
	if i >= 0 {
		key = strings.TrimSpace(line[:i])
	}
	if key == "" {
		return &FormError{Line: n, Field: field, Msg: `expected "key: value"` + hint}
	}
	lower := strings.ToLower(key)
	if strings.HasPrefix(lower, "field.") {
		name := strings.TrimSpace(key[len("field."):])
		return &FormError{Line: n, Field: key, Msg: requirements.UnknownField(p.defs, name).Error() + hint}
	}
	switch lower {
	case "id", "status", "revision":
		return &FormError{Line: n, Field: key, Msg: "cannot be changed in this form" + hint}
	}
	return &FormError{Line: n, Field: key, Msg: "unknown key; the keys are title, module, kind, value, difficulty, " +
		"urgency, moscow, owner, source, stakeholder, tags, field.NAME, criteria, description" + hint}
}

// apply sets the field k to v, read at line n.
func (p *formParser) apply(k formKey, v string, n int) error {
	fail := func(msg string, cause error) error {
		return &FormError{Line: n, Field: k.name, Msg: msg, cause: cause}
	}
	r := &p.r
	if k.def >= 0 {
		d := p.defs[k.def]
		c, err := d.Canonical(v)
		if err != nil {
			return fail(strings.TrimPrefix(err.Error(), "field "+d.Name+": "), err)
		}
		if c == "" {
			delete(r.Fields, d.Name)
			return nil
		}
		if r.Fields == nil {
			r.Fields = map[string]string{}
		}
		r.Fields[d.Name] = c
		return nil
	}
	switch k.name {
	case "title":
		r.Title = v
	case "module":
		if v == "" {
			return fail("is empty", nil)
		}
		if p.resolve == nil {
			r.Module = v
			return nil
		}
		key, err := p.resolve(v)
		if err != nil {
			return fail(err.Error(), err)
		}
		r.Module = key
	case "kind":
		kind, err := requirements.ParseKind(v)
		if err != nil {
			return fail(fmt.Sprintf("%q is not one of functional, data, report, permission, non-functional", v), err)
		}
		r.Kind = kind
	case "value", "difficulty", "urgency":
		s, err := requirements.ParseScore(k.name, v)
		if err != nil {
			return fail(fmt.Sprintf("%q is not an integer 1–5", v), err)
		}
		switch k.name {
		case "value":
			r.Value = s
		case "difficulty":
			r.Difficulty = s
		default:
			r.Urgency = s
		}
	case "moscow":
		m, err := requirements.ParseMoSCoW(v)
		if err != nil {
			return fail(fmt.Sprintf("%q is not one of must, should, could, wont (or empty)", v), err)
		}
		r.MoSCoW = m
	case "owner":
		r.Owner = v
	case "source":
		r.Source = v
	case "stakeholder":
		r.Stakeholder = v
	case "tags":
		r.Tags = parseTags(v)
	case "description":
		r.Description = v
	}
	return nil
}

// validationError points a Validate error at the line of the field it names.
func (p *formParser) validationError(err error) error {
	msg := err.Error()
	field := ""
	line := 0
	for _, f := range []struct{ prefix, key string }{
		{"title", "title"}, {"description", "description"}, {"value", "value"},
		{"difficulty", "difficulty"}, {"urgency", "urgency"}, {"module", "module"},
		{"kind", "kind"}, {"MoSCoW", "moscow"}, {"acceptance criterion", "criteria"}, {"tag ", "tags"},
	} {
		if strings.HasPrefix(msg, f.prefix) {
			field = f.key
			line = p.seen[f.key]
			break
		}
	}
	if field == "criteria" {
		var i int
		if _, e := fmt.Sscanf(msg, "acceptance criterion %d", &i); e == nil && i >= 1 && i <= len(p.critLines) {
			line = p.critLines[i-1]
		}
	}
	return &FormError{Line: line, Field: field, Msg: msg, cause: err}
}
