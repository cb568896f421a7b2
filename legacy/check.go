package legacy

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Rule is a kind of check.
type Rule string

// The rules, in report order.
const (
	RuleRequired   Rule = "required"
	RuleType       Rule = "type"
	RuleScientific Rule = "scientific-notation"
	RuleLength     Rule = "length"
	RuleChoice     Rule = "choice"
	RuleReference  Rule = "reference"
	RuleUnique     Rule = "unique"
	RuleDuplicate  Rule = "duplicate"
)

// Rules lists every rule in report order.
var Rules = []Rule{RuleRequired, RuleType, RuleScientific, RuleLength, RuleChoice, RuleReference, RuleUnique, RuleDuplicate}

// Issue is one problem: a row (as numbered in the file, header = 1), a
// column and its field, the rule, the value and what is wrong.
type Issue struct {
	Row     int    `json:"row"`
	Column  string `json:"column"` // A, B, … AA
	Field   string `json:"field"`
	Rule    Rule   `json:"rule"`
	Value   string `json:"value"`
	Message string `json:"message"`
}

func (i Issue) String() string {
	if i.Field == "" {
		return fmt.Sprintf("row %d: %s", i.Row, i.Message)
	}
	return fmt.Sprintf("row %d, column %s (%s): %s", i.Row, i.Column, i.Field, i.Message)
}

// Column is how a file's column maps to the dictionary.
type Column struct {
	Column string `json:"column"`
	Header string `json:"header"`
	Field  string `json:"field"` // "" when the dictionary has no such field
	Type   string `json:"type"`
}

// Count is a number of rows or values by a key (a rule or a fix).
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Result is what a check found.
type Result struct {
	Entity    string   `json:"entity"`
	Encoding  string   `json:"encoding"`
	Columns   []Column `json:"columns"`
	Ignored   []string `json:"ignored_columns"` // headers the dictionary does not know
	Absent    []string `json:"absent_fields"`   // optional dictionary fields the file lacks
	Rows      int      `json:"rows"`
	Clean     int      `json:"clean"`
	Rejected  int      `json:"rejected"`
	ByRule    []Count  `json:"by_rule"` // problems by rule, every rule listed
	Fixes     []Count  `json:"fixes"`   // values repaired, by kind
	Issues    []Issue  `json:"issues"`  // the first MaxIssues problems
	Total     int      `json:"issues_total"`
	Truncated bool     `json:"truncated"`
	Notes     []string `json:"notes"`
}

// Sink receives the rows as they are decided: clean rows with repairs
// applied, rejected rows as they were, with their problems.
type Sink interface {
	Header(h []string) error
	Clean(rec []string) error
	Reject(row int, rec []string, issues []Issue) error
}

// Options configure a check.
type Options struct {
	Entity string
	Fields []requirements.DataField // the dictionary (all entities; those of Entity are used)
	// Refs are the known keys of referenced entities, by entity name; a
	// reference to an entity not here is reported as unchecked.
	Refs map[string]map[string]bool
	// MaxIssues bounds the problems kept in the result (default 10,000);
	// every problem still counts and reaches the sink.
	MaxIssues int
	// Lang is the language of the problems' wording (zh, else English).
	Lang crmflow.Lang
	// Progress, when set, is called every ProgressEvery rows.
	Progress func(rows int)
}

// ProgressEvery is how often Progress is called.
const ProgressEvery = 10000

// Check reads src (header first), checks every row against the entity's
// fields and hands each row to sink (nil for none). Memory grows with the
// values of unique fields and the duplicate keys, not with the rows.
func Check(src Source, o Options, sink Sink) (Result, error) {
	var fields []requirements.DataField
	for _, f := range o.Fields {
		if f.Entity == o.Entity {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return Result{}, crmflow.Errorf(crmflow.ENOTFOUND, "the data dictionary has no fields for %q", o.Entity).About("entity", o.Entity)
	}
	if o.MaxIssues <= 0 {
		o.MaxIssues = 10000
	}
	res := Result{Entity: o.Entity, Encoding: src.Encoding(), Columns: []Column{}, Ignored: []string{}, Absent: []string{},
		Issues: []Issue{}, Notes: []string{}, Fixes: []Count{}}
	header, err := src.Next()
	if errors.Is(err, io.EOF) {
		return res, crmflow.Errorf(crmflow.EINVALID, "the file is empty: it has no header row")
	}
	if err != nil {
		return res, err
	}
	header = slices.Clone(header)
	// Map columns to fields.
	colOf := make([]int, len(fields)) // field index → column, -1 when absent
	for i := range colOf {
		colOf[i] = -1
	}
	for c, h := range header {
		name := cleanHeader(h)
		col := Column{Column: ColumnName(c), Header: h}
		for i, f := range fields {
			if colOf[i] < 0 && strings.EqualFold(f.Name, name) {
				colOf[i], col.Field, col.Type = c, f.Name, string(f.Type)
				break
			}
		}
		if col.Field == "" && strings.TrimSpace(h) != "" {
			res.Ignored = append(res.Ignored, h)
		}
		res.Columns = append(res.Columns, col)
	}
	var missing []string
	for i, f := range fields {
		if colOf[i] >= 0 {
			continue
		}
		if f.Required {
			missing = append(missing, f.Name)
		} else {
			res.Absent = append(res.Absent, f.Name)
		}
	}
	if len(missing) > 0 {
		return res, crmflow.Errorf(crmflow.EINVALID, "the file lacks the required column(s) %s of %s; its header is: %s",
			strings.Join(missing, ", "), o.Entity, strings.Join(header, ", ")).About("entity", o.Entity)
	}
	lims := make([]limits, len(fields))
	for i, f := range fields {
		lims[i] = fieldLimits(f)
		if f.Type == requirements.DataRef && len(f.Values) == 1 && colOf[i] >= 0 && o.Refs[f.Values[0]] == nil {
			res.Notes = append(res.Notes, tr(o.Lang, "references from %s to %s were not checked: no list of %s was given", "%s对%s的引用未校验：未提供%s清单", f.Name, f.Values[0], f.Values[0]))
		}
	}
	nameField, phoneField := duplicateFields(fields, colOf)
	seen := make([]map[string]int, len(fields)) // unique field → value → first row
	for i, f := range fields {
		if f.Unique {
			seen[i] = map[string]int{}
		}
	}
	dups := map[string]int{}
	byRule := map[Rule]int{}
	fixes := map[string]int{}
	if sink != nil {
		if err := sink.Header(header); err != nil {
			return res, err
		}
	}
	out := make([]string, len(header))
	var issues []Issue
	row := 1
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		row++
		if err != nil {
			return res, crmflow.Errorf(crmflow.EINVALID, "row %d: %v", row, err)
		}
		if blank(rec) {
			continue
		}
		res.Rows++
		if res.Rows > MaxRows {
			return res, crmflow.Errorf(crmflow.EINVALID, "the file has more than %d rows; split it", MaxRows)
		}
		if o.Progress != nil && res.Rows%ProgressEvery == 0 {
			o.Progress(res.Rows)
		}
		if len(out) < len(rec) {
			out = make([]string, len(rec))
		}
		out = out[:len(rec)]
		copy(out, rec)
		issues = issues[:0]
		add := func(i int, r Rule, v, m string) {
			issues = append(issues, Issue{Row: row, Column: ColumnName(colOf[i]), Field: fields[i].Name, Rule: r, Value: v, Message: m})
		}
		for i, f := range fields {
			c := colOf[i]
			if c < 0 {
				continue
			}
			v := ""
			if c < len(rec) {
				v = strings.TrimSpace(strings.TrimPrefix(rec[c], "\ufeff"))
			}
			if v == "" {
				if f.Required {
					add(i, RuleRequired, "", tr(o.Lang, "is required but empty", "必填但为空"))
				}
				continue
			}
			vd := checkValue(f, lims[i], v, o.Lang)
			if vd.problem != "" {
				add(i, vd.rule, v, vd.problem)
				continue
			}
			if vd.fix != "" {
				fixes[vd.fix]++
				if c < len(out) {
					out[c] = vd.value
				}
			}
			v = vd.value
			if f.Type == requirements.DataRef && len(f.Values) == 1 {
				if keys := o.Refs[f.Values[0]]; keys != nil && !keys[v] {
					add(i, RuleReference, v, tr(o.Lang, "refers to %s %q, which is not in the list of %s", "引用的%s“%s”不在%s清单中", f.Values[0], v, f.Values[0]))
					continue
				}
			}
			if seen[i] != nil {
				k := foldKey(v)
				if first, dup := seen[i][k]; dup {
					add(i, RuleUnique, v, tr(o.Lang, "must be unique, but row %d has the same %s", "应唯一，但第 %d 行的%s与此相同", first, f.Name))
				} else {
					seen[i][k] = row
				}
			}
		}
		if nameField >= 0 {
			if key := dupKey(out, colOf, nameField, phoneField); key != "" && !hasUniqueIssue(issues) {
				if first, dup := dups[key]; dup {
					what := fields[nameField].Name
					if phoneField >= 0 {
						what += tr(o.Lang, " and ", "和") + fields[phoneField].Name
					}
					issues = append(issues, Issue{Row: row, Column: ColumnName(colOf[nameField]), Field: fields[nameField].Name, Rule: RuleDuplicate,
						Value: out[colOf[nameField]], Message: tr(o.Lang, "is likely the same record as row %d (same %s once normalized)", "疑似与第 %d 行重复（规范化后%s相同）", first, what)})
				} else {
					dups[key] = row
				}
			}
		}
		if len(issues) == 0 {
			res.Clean++
			if sink != nil {
				if err := sink.Clean(out); err != nil {
					return res, err
				}
			}
			continue
		}
		res.Rejected++
		for _, is := range issues {
			byRule[is.Rule]++
			res.Total++
			if len(res.Issues) < o.MaxIssues {
				res.Issues = append(res.Issues, is)
			} else {
				res.Truncated = true
			}
		}
		if sink != nil {
			if err := sink.Reject(row, rec, issues); err != nil {
				return res, err
			}
		}
	}
	for _, r := range Rules {
		res.ByRule = append(res.ByRule, Count{Key: string(r), Count: byRule[r]})
	}
	keys := make([]string, 0, len(fixes))
	for k := range fixes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		res.Fixes = append(res.Fixes, Count{Key: k, Count: fixes[k]})
	}
	return res, nil
}

func hasUniqueIssue(is []Issue) bool {
	for _, i := range is {
		if i.Rule == RuleUnique {
			return true
		}
	}
	return false
}

// duplicateFields picks the name field (the first text field whose name
// says name: 名称, 姓名, name) and the first phone field, both present.
func duplicateFields(fields []requirements.DataField, colOf []int) (name, phone int) {
	name, phone = -1, -1
	for i, f := range fields {
		if colOf[i] < 0 {
			continue
		}
		n := strings.ToLower(f.Name)
		if name < 0 && f.Type == requirements.DataText && (strings.Contains(n, "名称") || strings.Contains(n, "姓名") || strings.Contains(n, "name")) {
			name = i
		}
		if phone < 0 && f.Type == requirements.DataPhone {
			phone = i
		}
	}
	return name, phone
}

func dupKey(rec []string, colOf []int, name, phone int) string {
	cell := func(i int) string {
		if c := colOf[i]; c < len(rec) {
			return rec[c]
		}
		return ""
	}
	n := normalName(cell(name))
	if n == "" {
		return ""
	}
	if phone < 0 {
		return n
	}
	p := phoneJunk.Replace(cell(phone))
	if p == "" {
		return ""
	}
	return n + "\x00" + p
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cleanHeader drops what templates add to a header: a BOM, a required
// marker (*, （必填）) and spaces.
func cleanHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	for _, suf := range []string{"*", "＊", "（必填）", "(必填)", "(required)"} {
		h = strings.TrimSpace(strings.TrimSuffix(h, suf))
	}
	return strings.TrimSpace(strings.TrimPrefix(h, "*"))
}

// ColumnName is the spreadsheet name of column i (0 → A, 26 → AA).
func ColumnName(i int) string {
	if i < 0 {
		return ""
	}
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
