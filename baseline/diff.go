package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Diff is what changed from one baseline to another.
type Diff struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Added   []Item   `json:"added"`
	Removed []Item   `json:"removed"`
	Changed []Change `json:"changed"`
	Same    int      `json:"unchanged"`
}

// Change is one requirement that is in both baselines but differs.
type Change struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"` // as in the newer baseline
	Fields []FieldChange `json:"fields"`
}

// FieldChange is one field's old and new value. A changed text field (title,
// description, criteria, source, a custom field) also carries a word-level
// diff when the two versions share some text: runs of equal, deleted and
// inserted text. Numbers, enumerations, names and links have none: for them
// "before → after" says it all.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
	Text  []Span `json:"text,omitempty"`
}

// Span is a run of a text diff; Op is "=", "-" or "+".
type Span struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Empty reports whether the two baselines hold the same requirements.
func (d Diff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

// Compare diffs two baselines' canonical items (each in ID order). Items
// whose bytes are equal are not decoded, so a diff of large baselines costs
// about the size of what changed.
func Compare(from, to string, a, b [][]byte) (Diff, error) {
	d := Diff{From: from, To: to, Added: []Item{}, Removed: []Item{}, Changed: []Change{}}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var ida, idb string
		if i < len(a) {
			ida = itemID(a[i])
		}
		if j < len(b) {
			idb = itemID(b[j])
		}
		switch {
		case j >= len(b) || (i < len(a) && CompareIDs(ida, idb) < 0):
			it, err := decode(a[i])
			if err != nil {
				return d, err
			}
			d.Removed = append(d.Removed, it)
			i++
		case i >= len(a) || CompareIDs(ida, idb) > 0:
			it, err := decode(b[j])
			if err != nil {
				return d, err
			}
			d.Added = append(d.Added, it)
			j++
		default:
			if !bytes.Equal(a[i], b[j]) {
				x, err := decode(a[i])
				if err != nil {
					return d, err
				}
				y, err := decode(b[j])
				if err != nil {
					return d, err
				}
				if fs := CompareItems(x, y); len(fs) > 0 {
					d.Changed = append(d.Changed, Change{ID: y.ID, Title: y.Title, Fields: fs})
				} else {
					d.Same++
				}
			} else {
				d.Same++
			}
			i++
			j++
		}
	}
	return d, nil
}

// itemID reads the "id" of a canonical item without decoding it: the
// canonical form always starts {"id":"...".
func itemID(b []byte) string {
	const prefix = `{"id":"`
	if !bytes.HasPrefix(b, []byte(prefix)) {
		return ""
	}
	end := bytes.IndexByte(b[len(prefix):], '"')
	if end < 0 {
		return ""
	}
	return string(b[len(prefix) : len(prefix)+end])
}

func decode(b []byte) (Item, error) {
	var it Item
	if err := json.Unmarshal(b, &it); err != nil {
		return it, fmt.Errorf("baseline item is not valid JSON: %w", err)
	}
	return it, nil
}

// CompareItems lists the fields that differ between two versions of a
// requirement, in Item's field order (revision is left out: it changes with
// any edit and says nothing on its own).
func CompareItems(x, y Item) []FieldChange {
	var out []FieldChange
	add := func(field, old, new string) {
		if old != new {
			out = append(out, FieldChange{Field: field, Old: old, New: new})
		}
	}
	addText := func(field, old, new string) {
		if old != new {
			out = append(out, FieldChange{Field: field, Old: old, New: new, Text: textChange(old, new)})
		}
	}
	addText("title", x.Title, y.Title)
	addText("description", x.Description, y.Description)
	add("module", x.Module, y.Module)
	add("kind", x.Kind, y.Kind)
	add("status", x.Status, y.Status)
	add("value", strconv.Itoa(x.Value), strconv.Itoa(y.Value))
	add("difficulty", strconv.Itoa(x.Difficulty), strconv.Itoa(y.Difficulty))
	add("urgency", strconv.Itoa(x.Urgency), strconv.Itoa(y.Urgency))
	add("moscow", x.MoSCoW, y.MoSCoW)
	addText("criteria", strings.Join(x.Criteria, "\n"), strings.Join(y.Criteria, "\n"))
	add("owner", x.Owner, y.Owner)
	addText("source", x.Source, y.Source)
	add("stakeholder", x.Stakeholder, y.Stakeholder)
	add("tags", strings.Join(x.Tags, ", "), strings.Join(y.Tags, ", "))
	names := map[string]bool{}
	for k := range x.Fields {
		names[k] = true
	}
	for k := range y.Fields {
		names[k] = true
	}
	for _, k := range sortedKeys(names) {
		addText("fields."+k, x.Fields[k], y.Fields[k])
	}
	add("links", linkText(x.Links), linkText(y.Links))
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func linkText(ls []ItemLink) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Kind + " " + l.To
	}
	return strings.Join(parts, ", ")
}

// textChange is the word-level diff of two versions of a text, or nil when
// marking words would not help the reader: one side is empty, or the two
// share less than a quarter of the shorter one's letters (the text was
// rewritten, and marking nearly all of it says nothing).
func textChange(old, new string) []Span {
	if strings.TrimSpace(old) == "" || strings.TrimSpace(new) == "" {
		return nil
	}
	spans := TextDiff(old, new)
	shared := 0
	for _, s := range spans {
		if s.Op == "=" {
			shared += wordRunes(s.Text)
		}
	}
	if shared == 0 || shared*4 < min(wordRunes(old), wordRunes(new)) {
		return nil
	}
	return spans
}

func wordRunes(s string) int {
	n := 0
	for _, r := range s {
		if isWordRune(r) {
			n++
		}
	}
	return n
}

// TextDiff is a readable diff of two texts, made of whole tokens: a Latin
// word or number, a run of spaces, a line break, a punctuation mark, or one
// CJK character (Chinese and Japanese write no spaces between words, and a
// word segmenter would need a dictionary; diffing by character and then
// folding short equal runs into the change around them marks the phrase a
// reader sees as changed). The diff itself is diff-match-patch
// (github.com/sergi/go-diff, already a dependency): Myers' algorithm with the
// semantic clean-up, run over the tokens encoded as one rune each so an edit
// never starts or ends inside a word.
func TextDiff(old, new string) []Span {
	var vocab []string
	index := map[string]rune{}
	encode := func(s string) []rune {
		toks := tokens(s)
		out := make([]rune, len(toks))
		for i, t := range toks {
			r, ok := index[t]
			if !ok {
				// Supplementary private use area: never a letter, space or
				// punctuation, so the clean-up treats every token alike.
				r = rune(0xF0000 + len(vocab))
				index[t] = r
				vocab = append(vocab, t)
			}
			out[i] = r
		}
		return out
	}
	a, b := encode(old), encode(new)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(a, b, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	out := make([]Span, 0, len(diffs))
	for _, d := range diffs {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = "-"
		case diffmatchpatch.DiffInsert:
			op = "+"
		}
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(vocab[r-0xF0000])
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text.String()
			continue
		}
		out = append(out, Span{Op: op, Text: text.String()})
	}
	return out
}

// tokens splits s into the units TextDiff compares. A number keeps its
// decimal point, separators and date dashes (4.5, 1,000, 2026-12-05).
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case isIdeograph(r):
		case r == '\n':
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if r2 == '\n' || !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		case isWordRune(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) && !isIdeograph(r2) {
					j += n2
					continue
				}
				// 4.5, 1,000, 2026-12-05, 10:30: a separator between digits.
				if strings.ContainsRune(".,:-/", r2) && unicode.IsDigit(lastRune(s[i:j])) {
					if r3, n3 := utf8.DecodeRuneInString(s[j+n2:]); j+n2 < len(s) && unicode.IsDigit(r3) {
						j += n2 + n3
						continue
					}
				}
				break
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// isWordRune reports whether r is part of a word: a letter, digit or mark.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_'
}

// isIdeograph reports whether r is written without spaces around words:
// Chinese characters, kana.
func isIdeograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}
