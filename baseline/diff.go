package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// FieldChange is one field's old and new text. Long text also carries a
// word-level diff: runs of equal, deleted and inserted text.
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

// LongText is the length (in runes) from which a field change carries a text diff.
const LongText = 40

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
		if old == new {
			return
		}
		fc := FieldChange{Field: field, Old: old, New: new}
		if utf8.RuneCountInString(old) >= LongText || utf8.RuneCountInString(new) >= LongText || strings.Contains(old+new, "\n") {
			fc.Text = TextDiff(old, new)
		}
		out = append(out, fc)
	}
	add("title", x.Title, y.Title)
	add("description", x.Description, y.Description)
	add("module", x.Module, y.Module)
	add("kind", x.Kind, y.Kind)
	add("status", x.Status, y.Status)
	add("value", strconv.Itoa(x.Value), strconv.Itoa(y.Value))
	add("difficulty", strconv.Itoa(x.Difficulty), strconv.Itoa(y.Difficulty))
	add("urgency", strconv.Itoa(x.Urgency), strconv.Itoa(y.Urgency))
	add("moscow", x.MoSCoW, y.MoSCoW)
	add("criteria", strings.Join(x.Criteria, "\n"), strings.Join(y.Criteria, "\n"))
	add("owner", x.Owner, y.Owner)
	add("source", x.Source, y.Source)
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
		add("fields."+k, x.Fields[k], y.Fields[k])
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

// TextDiff is a readable diff of two texts: character-level (which suits
// Chinese, where words are not separated by spaces) cleaned up to whole
// phrases.
func TextDiff(old, new string) []Span {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMain(old, new, false)
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
		out = append(out, Span{Op: op, Text: d.Text})
	}
	return out
}
