package acceptance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
)

// The fields of a UAT workbook row that are read back.
const (
	FieldCase    = "case"
	FieldResult  = "result"
	FieldTester  = "tester"
	FieldDate    = "date"
	FieldComment = "comment"
	FieldDefect  = "defect"
)

// Cell is one read cell: its text, its column letter and header.
type Cell struct {
	Value  string
	Column string // "H"
	Header string // 结果
}

// SheetRow is one non-empty row of a returned UAT workbook.
type SheetRow struct {
	Row   int // 1-based
	Cells map[string]Cell
}

// ImportError is one problem in a returned workbook, with where it is.
type ImportError struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Field  string `json:"field"`
	Msg    string `json:"message"`
}

func (e ImportError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	sep := ": "
	add := func(s string) {
		b.WriteString(sep)
		b.WriteString(s)
		sep = ", "
	}
	if e.Sheet != "" {
		add("sheet " + e.Sheet)
	}
	if e.Row > 0 {
		add("row " + strconv.Itoa(e.Row))
	}
	if e.Column != "" {
		col := "column " + e.Column
		if e.Field != "" {
			col += " (" + e.Field + ")"
		}
		add(col)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// maxListed bounds how many problems one error lists.
const maxListed = 20

// ImportErrors builds the error of a refused import: every problem, one a
// line (the first 20, and how many more).
func ImportErrors(errs []ImportError) error {
	if len(errs) == 0 {
		return nil
	}
	lines := []string{}
	for i, e := range errs {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("and %d more problems", len(errs)-maxListed))
			break
		}
		lines = append(lines, e.Error())
	}
	msg := lines[0]
	if len(errs) > 1 {
		msg = fmt.Sprintf("the workbook has %d problems; nothing was imported:\n  %s", len(errs), strings.Join(lines, "\n  "))
	} else {
		msg += "; nothing was imported"
	}
	return crmflow.Errorf(crmflow.EINVALID, "%s", msg).With("problems", strconv.Itoa(len(errs)))
}

// ResultChange is one result an import records.
type ResultChange struct {
	Case   string     `json:"case"`
	Before *Execution `json:"before"` // nil: no result yet
	After  Execution  `json:"after"`
	// NewDefect, when set, is the title of a defect to open for the case
	// (the tester described it instead of naming a DEF- ID).
	NewDefect string `json:"new_defect,omitempty"`
}

// ResultPlan is what an import of round results does.
type ResultPlan struct {
	Round     string         `json:"round"`
	Changes   []ResultChange `json:"changes"`
	Unchanged int            `json:"unchanged"`
}

// PlanImport checks the rows of a returned workbook against the round and
// what is recorded, and returns the results to record, or every problem
// found (file and sheet are left for the caller to fill). scope maps each
// test case of the round to its case; current holds the round's results;
// defects the existing defects by ID; today is the date used when a row
// names none.
func PlanImport(round Round, scope map[string]TestCase, current map[string]Execution, defects map[string]Defect, rows []SheetRow, today string) (ResultPlan, []ImportError) {
	plan := ResultPlan{Round: round.ID, Changes: []ResultChange{}}
	var errs []ImportError
	seen := map[string]int{}
	for _, row := range rows {
		bad := func(field, format string, args ...any) {
			c := row.Cells[field]
			errs = append(errs, ImportError{Row: row.Row, Column: c.Column, Field: c.Header, Msg: fmt.Sprintf(format, args...)})
		}
		caseCell := strings.TrimSpace(row.Cells[FieldCase].Value)
		if caseCell == "" {
			bad(FieldCase, "the row has results but no test case ID")
			continue
		}
		id, ok := crmflow.KindTestCase.Normalize(caseCell)
		if !ok {
			bad(FieldCase, "%q is not a test case ID (TC-001)", caseCell)
			continue
		}
		if _, ok := scope[id]; !ok {
			bad(FieldCase, "%s is not a test case of %s (baseline %s)", id, round.ID, round.Baseline)
			continue
		}
		if first, dup := seen[id]; dup {
			bad(FieldCase, "%s is listed twice (rows %d and %d)", id, first, row.Row)
			continue
		}
		seen[id] = row.Row
		res, err := ParseResult(row.Cells[FieldResult].Value)
		if err != nil {
			bad(FieldResult, "%s", err.Error())
			continue
		}
		before, had := current[id]
		if res == Untested {
			if had && before.Result != Untested {
				bad(FieldResult, "%s was recorded as %s; a recorded result can be replaced, not cleared", id, before.Result.Name(crmflow.LangZH))
			}
			continue
		}
		after := Execution{Round: round.ID, Case: id, Result: res, Defects: []string{}}
		after.Tester = strings.TrimSpace(row.Cells[FieldTester].Value)
		if after.Tester == "" {
			if len(round.Testers) == 1 {
				after.Tester = round.Testers[0]
			} else {
				bad(FieldTester, "the tester of %s is empty", id)
			}
		} else if strings.ContainsAny(after.Tester, "\r\n") || len([]rune(after.Tester)) > 60 {
			bad(FieldTester, "the tester %q is not a name", after.Tester)
		}
		date, ok := ParseDate(row.Cells[FieldDate].Value)
		switch {
		case !ok:
			bad(FieldDate, "%q is not a date (YYYY-MM-DD)", row.Cells[FieldDate].Value)
		case date == "":
			date = today
		}
		after.Date = date
		after.Comment = strings.TrimSpace(row.Cells[FieldComment].Value)
		if len([]rune(after.Comment)) > MaxTextLen {
			bad(FieldComment, "the comment is longer than %d characters", MaxTextLen)
		}
		ch := ResultChange{Case: id}
		if text := strings.TrimSpace(row.Cells[FieldDefect].Value); text != "" {
			refs := crmflow.FindRefs(strings.ToUpper(text), crmflow.KindDefect)
			if len(refs) == 0 {
				// The same description imported again names the defect it opened.
				for _, d := range defects {
					if d.Case == id && d.Title == text {
						refs = append(refs, crmflow.Ref{ID: d.ID})
					}
				}
			}
			if len(refs) == 0 {
				if res == Pass {
					bad(FieldDefect, "%s passed, yet the defect cell describes a new defect", id)
				} else if strings.ContainsAny(text, "\r\n") || len([]rune(text)) > MaxTitleLen {
					bad(FieldDefect, "a new defect's description must be one line of at most %d characters", MaxTitleLen)
				}
				ch.NewDefect = text
			}
			for _, r := range refs {
				d, ok := defects[r.ID]
				switch {
				case !ok:
					bad(FieldDefect, "defect %s does not exist", r.ID)
				case d.Case != id:
					bad(FieldDefect, "defect %s was found by %s, not %s", r.ID, d.Case, id)
				case !slices.Contains(after.Defects, r.ID):
					after.Defects = append(after.Defects, r.ID)
				}
			}
		}
		if had && ch.NewDefect == "" && sameExecution(before, after) {
			plan.Unchanged++
			continue
		}
		if had {
			b := before
			ch.Before = &b
		}
		ch.After = after
		plan.Changes = append(plan.Changes, ch)
	}
	return plan, errs
}

func sameExecution(a, b Execution) bool {
	return a.Result == b.Result && a.Tester == b.Tester && a.Date == b.Date && a.Comment == b.Comment &&
		slices.Equal(a.Defects, b.Defects)
}
