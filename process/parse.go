package process

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// Limits that bound the work Parse does and keep every line Format writes
// within MaxLine.
const (
	MaxSource      = 2 << 20 // bytes of DSL source
	MaxLine        = 10000   // characters on one line
	MaxIDLen       = 64      // characters in a lane or step ID
	MaxLabelLen    = 200     // characters in a process name, lane name, step or flow label
	MaxNoteLen     = 1000    // characters in a note
	MaxDescLen     = 4000    // characters in the description
	MaxRefs        = 50      // references on one step
	maxSyntaxError = 1000    // Parse stops after this many syntax errors
)

// ParseError is one syntax or semantic error with its position. Error gives
// `visits.flow:12:7: flow target "s9" is not defined`.
type ParseError struct {
	File string
	Pos  Pos
	Msg  string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Pos.Line, e.Pos.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(e.Msg)
	return b.String()
}

// As lets errors.As find the error as an *crmflow.Error with code EINVALID,
// and as an ErrorList of one.
func (e *ParseError) As(target any) bool {
	switch t := target.(type) {
	case **crmflow.Error:
		*t = &crmflow.Error{Code: crmflow.EINVALID, Message: e.Error()}
		return true
	case *ErrorList:
		*t = ErrorList{e}
		return true
	}
	return false
}

// ErrorList is several ParseErrors, sorted by position.
type ErrorList []*ParseError

// maxShown is how many errors ErrorList.Error lists before "and N more".
const maxShown = 20

// Error gives the errors one per line: at most 20, then "and N more".
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	var b strings.Builder
	for i, e := range l {
		if i == maxShown {
			fmt.Fprintf(&b, "\nand %d more", len(l)-maxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// As lets errors.As find the list as an *crmflow.Error with code EINVALID.
func (l ErrorList) As(target any) bool {
	if t, ok := target.(**crmflow.Error); ok {
		*t = &crmflow.Error{Code: crmflow.EINVALID, Message: l.Error()}
		return true
	}
	return false
}

// Err returns nil for an empty list, the *ParseError for a list of one, and
// the list otherwise.
func (l ErrorList) Err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// sort orders the list by position, keeping the order of equal positions.
func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool { return before(l[i].Pos, l[j].Pos) })
}

func before(a, b Pos) bool {
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

// IsID reports whether s is a valid lane or step ID: Unicode letters, digits,
// '_' and '-', starting with a letter or '_', at most MaxIDLen characters.
func IsID(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxIDLen {
		return false
	}
	for i, r := range s {
		if i == 0 && !isIDStart(r) || !isWord(r) {
			return false
		}
	}
	return !strings.Contains(s, "->")
}

func isIDStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func isWord(r rune) bool { return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// The kinds of token.
type tokKind int

const (
	tEOL tokKind = iota // end of line (or a comment)
	tWord
	tString
	tArrow
	tColon
	tComma
	tLBrack
	tRBrack
	tLBrace
	tRBrace
	tErr
)

type token struct {
	kind tokKind
	text string // the word, or the string's value
	pos  Pos
}

// describe says what a token is, for "found ..." in messages.
func (t token) describe() string {
	switch t.kind {
	case tEOL:
		return "end of line"
	case tWord:
		return strconv.Quote(clip(t.text))
	case tString:
		return "text " + strconv.Quote(clip(t.text))
	case tArrow:
		return `"->"`
	case tColon:
		return `":"`
	case tComma:
		return `","`
	case tLBrack:
		return `"["`
	case tRBrack:
		return `"]"`
	case tLBrace:
		return `"{"`
	case tRBrace:
		return `"}"`
	}
	return "an error"
}

// clip shortens s for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 24 {
		return s
	}
	r := []rune(s)
	return string(r[:24]) + "…"
}

// lexer splits one line into tokens. Columns count runes.
type lexer struct {
	s      string
	line   int
	off    int // byte offset of the next rune
	col    int // column of the next rune
	peeked *token
	err    string // the message of a tErr token
}

func (lx *lexer) peek() token {
	if lx.peeked == nil {
		t := lx.scan()
		lx.peeked = &t
	}
	return *lx.peeked
}

func (lx *lexer) next() token {
	if lx.peeked != nil {
		t := *lx.peeked
		lx.peeked = nil
		return t
	}
	return lx.scan()
}

func (lx *lexer) rune() (rune, int) {
	if lx.off >= len(lx.s) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(lx.s[lx.off:])
}

func (lx *lexer) advance(size int) {
	lx.off += size
	lx.col++
}

func (lx *lexer) fail(pos Pos, format string, args ...any) token {
	lx.err = fmt.Sprintf(format, args...)
	lx.off = len(lx.s)
	return token{kind: tErr, pos: pos}
}

func (lx *lexer) scan() token {
	for {
		r, size := lx.rune()
		if r != -1 && r != '\n' && unicode.IsSpace(r) || r == '\uFEFF' && lx.off == 0 {
			lx.advance(size)
			continue
		}
		break
	}
	pos := Pos{lx.line, lx.col}
	r, size := lx.rune()
	one := func(k tokKind) token {
		lx.advance(size)
		return token{kind: k, pos: pos, text: string(r)}
	}
	switch {
	case r == -1 || r == '#':
		lx.off = len(lx.s)
		return token{kind: tEOL, pos: pos}
	case r == '"':
		return lx.str(pos)
	case r == '“' || r == '”' || r == '「' || r == '」':
		return lx.fail(pos, "use straight double quotes \"…\" around text, not %c", r)
	case r == '-' && strings.HasPrefix(lx.s[lx.off:], "->"):
		lx.advance(1)
		lx.advance(1)
		return token{kind: tArrow, pos: pos, text: "->"}
	case r == ':' || r == '：':
		return one(tColon)
	case r == ',' || r == '，':
		return one(tComma)
	case r == '[':
		return one(tLBrack)
	case r == ']':
		return one(tRBrack)
	case r == '{':
		return one(tLBrace)
	case r == '}':
		return one(tRBrace)
	case isWord(r):
		start := lx.off
		for {
			r, size := lx.rune()
			if r == -1 || !isWord(r) || r == '-' && strings.HasPrefix(lx.s[lx.off:], "->") {
				break
			}
			lx.advance(size)
		}
		return token{kind: tWord, pos: pos, text: lx.s[start:lx.off]}
	case r < ' ' || r == 0x7f || !unicode.IsPrint(r):
		return lx.fail(pos, "unexpected character %U", r)
	}
	return lx.fail(pos, "unexpected character %q", string(r))
}

// str scans a double-quoted string with \" and \\ escapes.
func (lx *lexer) str(pos Pos) token {
	lx.advance(1)
	var b strings.Builder
	for {
		r, size := lx.rune()
		switch {
		case r == -1:
			return lx.fail(pos, "unterminated string")
		case r == '"':
			lx.advance(size)
			return token{kind: tString, pos: pos, text: b.String()}
		case r == '\\':
			at := Pos{lx.line, lx.col}
			lx.advance(size)
			e, esize := lx.rune()
			switch e {
			case '"', '\\':
				b.WriteRune(e)
				lx.advance(esize)
			case -1:
				return lx.fail(pos, "unterminated string")
			default:
				return lx.fail(at, `unknown escape "\%c" in string (only \" and \\ are allowed)`, e)
			}
		case r == '\t':
			b.WriteRune(r)
			lx.advance(size)
		case r < ' ' || r == 0x7f:
			return lx.fail(Pos{lx.line, lx.col}, "control character %U in string", r)
		default:
			b.WriteString(lx.s[lx.off : lx.off+size])
			lx.advance(size)
		}
	}
}

// srcInfo holds positions the Map has no field for; Check and CheckRefs use
// them to point at the exact name.
type srcInfo struct {
	header  Pos
	laneID  []Pos   // per lane: the lane ID
	nodeID  []Pos   // per node: the step ID
	refs    [][]Pos // per node: each reference, Findings first, then Reqs
	flowTo  []Pos   // per flow: the target name
	flowLbl []Pos   // per flow: the label (zero when there is none)
}

type parser struct {
	file string
	m    *Map
	info *srcInfo
	errs ErrorList

	lane     int // index of the open lane, -1 when none
	laneOpen Pos

	header      bool // the process statement was seen
	headerPos   Pos
	descPos     Pos
	firstReport bool // the missing header was reported
	eof         Pos
	stop        bool // too many errors
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	if p.stop {
		return
	}
	if len(p.errs) >= maxSyntaxError {
		p.errs = append(p.errs, &ParseError{File: p.file, Pos: pos, Msg: "too many errors, stopped here"})
		p.stop = true
		return
	}
	p.errs = append(p.errs, &ParseError{File: p.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Parse reads DSL source; file names the source in error positions
// ("visits.flow"). It checks the map (see Check) and returns every error
// found, as a *ParseError when there is one and an ErrorList when there are
// several; both are *crmflow.Error with code EINVALID to errors.As. The map
// is never nil: on error it holds what could be read. Its Source is src.
func Parse(file string, src []byte) (*Map, error) {
	m, info, errs := parse(file, src)
	if len(errs) == 0 {
		errs = check(file, m, info)
	} else {
		// One pass shows every mistake: the flows to or from undefined steps
		// too, except names a line with a syntax error may have defined.
		errs = append(errs, undefinedFlows(file, m, info, src, errs)...)
		errs.sort()
	}
	return m, errs.Err()
}

// undefinedFlows reports the flows of a map with syntax errors whose source
// or target no step defines and no line in errs mentions.
func undefinedFlows(file string, m *Map, info *srcInfo, src []byte, errs ErrorList) ErrorList {
	if len(src) > MaxSource || info == nil || len(info.flowTo) != len(m.Flows) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	maybe := map[string]bool{}
	for _, e := range errs {
		if e.Pos.Line >= 1 && e.Pos.Line <= len(lines) {
			for _, w := range strings.FieldsFunc(lines[e.Pos.Line-1], func(r rune) bool {
				return r == ' ' || r == '\t' || r == '"' || r == '[' || r == ']' || r == ','
			}) {
				maybe[w] = true
			}
		}
	}
	defined := map[string]bool{}
	for _, n := range m.Nodes {
		defined[n.ID] = true
	}
	c := &checker{file: file, m: m, info: info}
	for i, f := range m.Flows {
		if f.From != "" && !defined[f.From] && !maybe[f.From] {
			c.add(f.Pos, "flow source %q is not defined", clip(f.From))
		}
		if f.To != "" && !defined[f.To] && !maybe[f.To] {
			c.add(c.toPos(i), "flow target %q is not defined", clip(f.To))
		}
	}
	return c.errs
}

// parse reads the syntax only.
func parse(file string, src []byte) (*Map, *srcInfo, ErrorList) {
	m := &Map{Lanes: []Lane{}, Nodes: []Node{}, Flows: []Flow{}}
	info := &srcInfo{}
	if len(src) > MaxSource {
		return m, info, ErrorList{{File: file, Pos: Pos{1, 1}, Msg: fmt.Sprintf("the source is %d bytes; the limit is %d (2 MB): split the process into several maps", len(src), MaxSource)}}
	}
	m.Source = string(src)
	if !utf8.Valid(src) {
		line, col := 1, 1
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += size
		}
		return m, info, ErrorList{{File: file, Pos: Pos{line, col}, Msg: "the source is not valid UTF-8 (saved as GBK? save it as UTF-8)"}}
	}
	p := &parser{file: file, m: m, info: info, lane: -1}
	s := m.Source
	for n := 1; !p.stop; n++ {
		line := s
		i := strings.IndexByte(s, '\n')
		if i >= 0 {
			line, s = s[:i], s[i+1:]
		}
		line = strings.TrimSuffix(line, "\r")
		if c := utf8.RuneCountInString(line); c > MaxLine {
			p.errorf(Pos{n, 1}, "line is %d characters long; the limit is %d", c, MaxLine)
		} else {
			p.eof = Pos{n, c + 1}
			p.line(&lexer{s: line, line: n, col: 1})
		}
		if i < 0 {
			break
		}
	}
	if p.lane >= 0 {
		p.errorf(p.eof, `missing "}" for lane %s opened at %d:%d`, m.Lanes[p.lane].ID, p.laneOpen.Line, p.laneOpen.Col)
	}
	if !p.header && !p.firstReport {
		p.errorf(Pos{1, 1}, `expected process "<name>" as-is|to-be, found end of file`)
	}
	info.header = p.headerPos
	p.errs.sort()
	return m, info, p.errs
}

// line parses one statement.
func (p *parser) line(lx *lexer) {
	t := lx.next()
	switch t.kind {
	case tEOL:
		return
	case tErr:
		p.errorf(t.pos, "%s", lx.err)
		return
	}
	isFlow := t.kind == tWord && lx.peek().kind == tArrow
	if !isFlow && t.kind == tWord && t.text == "process" {
		p.process(t, lx)
		return
	}
	if !p.header && !p.firstReport {
		p.firstReport = true
		p.errorf(t.pos, `expected process "<name>" as-is|to-be first, found %s`, t.describe())
	}
	switch {
	case isFlow:
		p.flow(t, lx)
	case t.kind == tRBrace:
		if p.lane < 0 {
			p.errorf(t.pos, `"}" without a lane`)
			return
		}
		p.lane = -1
		p.eol(lx, `"}"`)
	case t.kind != tWord:
		p.errorf(t.pos, `expected a statement (process, description, lane, a step or a flow "a -> b"), found %s`, t.describe())
	case t.text == "lane":
		p.laneStmt(t, lx)
	case t.text == "description":
		p.closeLane(t.pos)
		p.description(t, lx)
	case isKind(t.text):
		if p.lane < 0 {
			id := lx.next()
			if id.kind == tWord {
				p.errorf(t.pos, `step %q must be inside a lane: lane <id> "<name>" { ... }`, id.text)
			} else {
				p.errorf(t.pos, `a %s step must be inside a lane: lane <id> "<name>" { ... }`, t.text)
			}
			return
		}
		p.node(t, lx)
	case p.lane >= 0:
		p.errorf(t.pos, "unknown step kind %q (use start, end, user, manual, system, task, xor, and)", t.text)
	default:
		p.errorf(t.pos, `unknown statement %q (use process, description, lane, or a flow "a -> b")`, t.text)
	}
}

func isKind(s string) bool {
	for _, k := range NodeKinds {
		if string(k) == s {
			return true
		}
	}
	return false
}

// closeLane reports a lane left open before a top-level statement and closes it.
func (p *parser) closeLane(at Pos) {
	if p.lane >= 0 {
		p.errorf(at, `missing "}" for lane %s opened at %d:%d`, p.m.Lanes[p.lane].ID, p.laneOpen.Line, p.laneOpen.Col)
		p.lane = -1
	}
}

// eol expects the end of the line after what.
func (p *parser) eol(lx *lexer, what string) bool {
	t := lx.next()
	switch t.kind {
	case tEOL:
		return true
	case tErr:
		p.errorf(t.pos, "%s", lx.err)
	default:
		p.errorf(t.pos, "expected end of line after %s, found %s", what, t.describe())
	}
	return false
}

// expect reads a token of kind k; otherwise it reports "expected <what>, found ...".
func (p *parser) expect(lx *lexer, k tokKind, what string) (token, bool) {
	t := lx.next()
	if t.kind == k {
		return t, true
	}
	if t.kind == tErr {
		p.errorf(t.pos, "%s", lx.err)
	} else {
		p.errorf(t.pos, "expected %s, found %s", what, t.describe())
	}
	return t, false
}

// text reads a quoted string of at most max characters.
func (p *parser) text(lx *lexer, what string, max int) (token, bool) {
	t, ok := p.expect(lx, tString, what)
	if ok && utf8.RuneCountInString(t.text) > max {
		p.errorf(t.pos, "text is %d characters long; the limit is %d", utf8.RuneCountInString(t.text), max)
		return t, false
	}
	return t, ok
}

// id reads an ID.
func (p *parser) id(lx *lexer, what string) (token, bool) {
	t, ok := p.expect(lx, tWord, what)
	if ok && !p.validID(t) {
		return t, false
	}
	return t, ok
}

func (p *parser) validID(t token) bool {
	if n := utf8.RuneCountInString(t.text); n > MaxIDLen {
		p.errorf(t.pos, "ID %q is %d characters long; the limit is %d", clip(t.text), n, MaxIDLen)
		return false
	}
	if r, _ := utf8.DecodeRuneInString(t.text); !isIDStart(r) {
		p.errorf(t.pos, `%q is not a valid ID: an ID starts with a letter or "_"`, clip(t.text))
		return false
	}
	return true
}

// process "name" as-is|to-be
func (p *parser) process(kw token, lx *lexer) {
	if p.header {
		p.errorf(kw.pos, "process is already declared at %d:%d", p.headerPos.Line, p.headerPos.Col)
		return
	}
	p.closeLane(kw.pos)
	p.header, p.headerPos = true, kw.pos
	name, ok := p.text(lx, `a quoted process name after "process"`, MaxLabelLen)
	if !ok {
		return
	}
	p.m.Name = name.text
	v := lx.next()
	switch {
	case v.kind == tErr:
		p.errorf(v.pos, "%s", lx.err)
		return
	case v.kind == tWord && (v.text == string(AsIs) || v.text == string(ToBe)):
		p.m.Variant = Variant(v.text)
	default:
		p.errorf(v.pos, "variant must be as-is or to-be, found %s", v.describe())
		return
	}
	p.eol(lx, "the variant")
}

// description "text"
func (p *parser) description(kw token, lx *lexer) {
	if p.descPos.Line > 0 {
		p.errorf(kw.pos, "description is already given at %d:%d", p.descPos.Line, p.descPos.Col)
		return
	}
	p.descPos = kw.pos
	d, ok := p.text(lx, `a quoted description after "description"`, MaxDescLen)
	if !ok {
		return
	}
	p.m.Description = d.text
	p.eol(lx, "the description")
}

// lane id "name" [system] {
func (p *parser) laneStmt(kw token, lx *lexer) {
	p.closeLane(kw.pos)
	// The lane is opened whatever follows, so that its steps do not each
	// report being outside a lane.
	p.m.Lanes = append(p.m.Lanes, Lane{Pos: kw.pos})
	p.info.laneID = append(p.info.laneID, kw.pos)
	p.lane, p.laneOpen = len(p.m.Lanes)-1, kw.pos
	l := &p.m.Lanes[p.lane]
	id, ok := p.id(lx, `a lane ID after "lane"`)
	if !ok {
		return
	}
	l.ID = id.text
	p.info.laneID[p.lane] = id.pos
	name, ok := p.text(lx, fmt.Sprintf("a quoted lane name after %q", clip(id.text)), MaxLabelLen)
	if !ok {
		return
	}
	l.Name = name.text
	t := lx.next()
	after := "the lane name"
	if t.kind == tWord && t.text == "system" {
		l.System = true
		after = "system"
		t = lx.next()
	}
	switch t.kind {
	case tLBrace:
		p.eol(lx, `"{"`)
	case tErr:
		p.errorf(t.pos, "%s", lx.err)
	default:
		if after == "system" {
			p.errorf(t.pos, `expected "{" after system, found %s`, t.describe())
		} else {
			p.errorf(t.pos, `expected system or "{" after the lane name, found %s`, t.describe())
		}
	}
}

// kind id "label" [refs] note "note"
func (p *parser) node(kind token, lx *lexer) {
	id, ok := p.id(lx, fmt.Sprintf("a step ID after %q", kind.text))
	if !ok {
		return
	}
	label, ok := p.text(lx, fmt.Sprintf("a quoted label after %q", clip(id.text)), MaxLabelLen)
	if !ok {
		return
	}
	n := Node{ID: id.text, Kind: NodeKind(kind.text), Label: label.text, Lane: p.m.Lanes[p.lane].ID,
		Findings: []string{}, Reqs: []string{}, Pos: kind.pos}
	var fPos, rPos []Pos
	var refsAt, noteAt Pos
	for {
		t := lx.next()
		switch {
		case t.kind == tEOL:
			p.m.Nodes = append(p.m.Nodes, n)
			p.info.nodeID = append(p.info.nodeID, id.pos)
			p.info.refs = append(p.info.refs, append(fPos, rPos...))
			return
		case t.kind == tErr:
			p.errorf(t.pos, "%s", lx.err)
			return
		case t.kind == tLBrack:
			if refsAt.Line > 0 {
				p.errorf(t.pos, "references are already given at %d:%d; list them all in one [...]", refsAt.Line, refsAt.Col)
				return
			}
			refsAt = t.pos
			if !p.refs(lx, &n, &fPos, &rPos) {
				return
			}
		case t.kind == tWord && t.text == "note":
			if noteAt.Line > 0 {
				p.errorf(t.pos, "note is already given at %d:%d", noteAt.Line, noteAt.Col)
				return
			}
			noteAt = t.pos
			note, ok := p.text(lx, `a quoted note after "note"`, MaxNoteLen)
			if !ok {
				return
			}
			n.Note = note.text
		default:
			p.errorf(t.pos, `expected "[", note or end of line, found %s`, t.describe())
			return
		}
	}
}

// refs reads "ref, ref]" after "[".
func (p *parser) refs(lx *lexer, n *Node, fPos, rPos *[]Pos) bool {
	seen := map[string]Pos{}
	for {
		t, ok := p.expect(lx, tWord, "a reference like F-001 or REQ-001")
		if !ok {
			return false
		}
		ref, isReq, ok := NormalizeRef(t.text)
		if !ok {
			p.errorf(t.pos, "reference %q is not a finding (F-001) or a requirement (REQ-001)", clip(t.text))
			return false
		}
		if at, dup := seen[ref]; dup {
			p.errorf(t.pos, "reference %s is already listed at %d:%d", ref, at.Line, at.Col)
			return false
		}
		seen[ref] = t.pos
		if len(seen) > MaxRefs {
			p.errorf(t.pos, "a step can have at most %d references", MaxRefs)
			return false
		}
		if isReq {
			n.Reqs = append(n.Reqs, ref)
			*rPos = append(*rPos, t.pos)
		} else {
			n.Findings = append(n.Findings, ref)
			*fPos = append(*fPos, t.pos)
		}
		t = lx.next()
		switch t.kind {
		case tRBrack:
			return true
		case tComma:
		case tErr:
			p.errorf(t.pos, "%s", lx.err)
			return false
		default:
			p.errorf(t.pos, `expected "," or "]" after a reference, found %s`, t.describe())
			return false
		}
	}
}

// NormalizeRef reads a step's reference in any form docs/ids.md accepts (F1,
// f-001, req-4) as a finding or requirement ID in its written form. The DSL
// and the BPMN reader both use it, so they accept the same references.
func NormalizeRef(s string) (ref string, isReq bool, ok bool) {
	if ref, ok = crmflow.KindRequirement.Normalize(s); ok {
		return ref, true, true
	}
	ref, ok = crmflow.KindFinding.Normalize(s)
	return ref, false, ok
}

// a -> b -> c [: label]
func (p *parser) flow(from token, lx *lexer) {
	if !p.validID(from) {
		return
	}
	var edges []edge
	for {
		t := lx.next()
		switch {
		case t.kind == tArrow:
			to, ok := p.id(lx, `a step ID after "->"`)
			if !ok {
				return
			}
			edges = append(edges, edge{from, to})
			from = to
			continue
		case t.kind == tErr:
			p.errorf(t.pos, "%s", lx.err)
			return
		case t.kind == tEOL:
			p.addFlows(edges, "", Pos{})
			return
		case t.kind == tColon && len(edges) == 1:
			l := lx.next()
			switch {
			case l.kind == tErr:
				p.errorf(l.pos, "%s", lx.err)
				return
			case l.kind == tString && l.text == "":
				p.errorf(l.pos, `empty flow label (write a label or drop the ":")`)
				return
			case l.kind == tWord || l.kind == tString:
				if n := utf8.RuneCountInString(l.text); n > MaxLabelLen {
					p.errorf(l.pos, "text is %d characters long; the limit is %d", n, MaxLabelLen)
					return
				}
				if !p.eol(lx, "the label") {
					return
				}
				p.addFlows(edges, l.text, l.pos)
				return
			default:
				p.errorf(l.pos, `expected a label after ":", found %s`, l.describe())
				return
			}
		case t.kind == tColon:
			p.errorf(t.pos, "a label is only allowed on a single flow, not on a chain: write the labelled flow on its own line")
			return
		case len(edges) == 1:
			p.errorf(t.pos, `expected "->", ":" or end of line, found %s`, t.describe())
			return
		default:
			p.errorf(t.pos, `expected "->" or end of line, found %s`, t.describe())
			return
		}
	}
}

// edge is one arrow of a flow statement.
type edge struct{ from, to token }

func (p *parser) addFlows(edges []edge, label string, labelPos Pos) {
	for _, e := range edges {
		p.m.Flows = append(p.m.Flows, Flow{From: e.from.text, To: e.to.text, Label: label, Pos: e.from.pos})
		p.info.flowTo = append(p.info.flowTo, e.to.pos)
		p.info.flowLbl = append(p.info.flowLbl, labelPos)
	}
}
