package requirements

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
)

// ImportOptions say how to resolve what an import finds.
type ImportOptions struct {
	Theirs        bool // on a conflict, take the file's changes
	Ours          bool // on a conflict, keep the workspace and skip the row
	DeleteMissing bool // remove draft requirements the file no longer lists
}

// FieldChange is one field an import changes.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ImportChange is an existing requirement the import changes.
type ImportChange struct {
	ID       string        `json:"id"`
	Row      int           `json:"row"`
	Revision int           `json:"revision"` // the workspace revision it applies to
	Changes  []FieldChange `json:"changes"`
	Conflict bool          `json:"conflict"` // changed in both; resolved with --theirs
	result   Requirement
}

// ImportNew is a row without an ID that becomes a new requirement.
type ImportNew struct {
	Row         int         `json:"row"`
	Requirement Requirement `json:"requirement"`
}

// ImportConflict is a row changed both in the file and in the workspace since the export.
type ImportConflict struct {
	ID           string   `json:"id"`
	Row          int      `json:"row"`
	FileRevision int      `json:"file_revision"`
	Revision     int      `json:"revision"`
	FileFields   []string `json:"file_fields"`
	OurFields    []string `json:"workspace_fields"`
}

// ImportProblem is a row the import rejects, with where it is.
type ImportProblem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Header  string `json:"header"`
	Message string `json:"message"`
	// Fix names what would put it right ("module", "field", "change request",
	// "baseline", "reject") and ID the requirement it concerns, so each front
	// end can say what to do in its own terms.
	Fix string `json:"fix,omitempty"`
	ID  string `json:"id,omitempty"`
}

func (p ImportProblem) Error() string {
	loc := p.File
	if p.Sheet != "" {
		loc += ", sheet " + p.Sheet
	}
	if p.Row > 0 {
		loc += fmt.Sprintf(", row %d", p.Row)
	}
	if p.Header != "" {
		loc += ", column " + p.Header
	}
	return loc + ": " + p.Message
}

// ImportPlan is what an import would do. Nothing is written until ApplyImport.
type ImportPlan struct {
	New       []ImportNew      `json:"new"`
	Changed   []ImportChange   `json:"changed"`
	Unchanged int              `json:"unchanged"`
	Conflicts []ImportConflict `json:"conflicts"`
	Skipped   []string         `json:"skipped"` // conflicts kept as they are (--ours)
	Deleted   []string         `json:"deleted"` // with --delete-missing
	Missing   []string         `json:"missing"` // in the workspace, not in the file (left alone)
	Problems  []ImportProblem  `json:"problems"`
	// Imported are rows without an ID that match a requirement already in
	// the workspace (an earlier import of the same file): not added again.
	Imported []ImportMatch `json:"already_imported"`
	// Computed are cells the file changed that crmflow computes (the score):
	// they are not read.
	Computed []ImportProblem `json:"computed"`
}

// ImportMatch is a row without an ID that an earlier import already added.
type ImportMatch struct {
	Row int    `json:"row"`
	ID  string `json:"id"`
}

// OK reports whether the plan can be applied: no problems and no unresolved conflicts.
func (p *ImportPlan) OK() bool { return len(p.Problems) == 0 && len(p.Conflicts) == 0 }

// Empty reports whether applying the plan would change nothing.
func (p *ImportPlan) Empty() bool { return len(p.New)+len(p.Changed)+len(p.Deleted) == 0 }

// importFields are the fields an import compares and writes, in report order
// (the field table's Import fields).
var importFields = fieldKeys(func(f Field) bool { return f.Import })

func fieldText(r *Requirement, f string) string {
	if fd, ok := fieldIndex[f]; ok {
		return fd.Get(r)
	}
	if name, ok := strings.CutPrefix(f, "field:"); ok {
		return r.Fields[name]
	}
	return ""
}

func copyField(dst *Requirement, src *Requirement, f string) {
	if fd, ok := fieldIndex[f]; ok {
		fd.Set(dst, src)
		return
	}
	if name, ok := strings.CutPrefix(f, "field:"); ok {
		if dst.Fields == nil {
			dst.Fields = map[string]string{}
		}
		if v, ok := src.Fields[name]; ok && v != "" {
			dst.Fields[name] = v
		} else {
			delete(dst.Fields, name)
		}
	}
}

func allFields(defs []FieldDef) []string {
	out := append([]string(nil), importFields...)
	for _, d := range defs {
		out = append(out, "field:"+d.Name)
	}
	return out
}

// diff lists the fields that differ between a and b.
func diff(a, b *Requirement, fields []string) []FieldChange {
	var out []FieldChange
	for _, f := range fields {
		if o, n := fieldText(a, f), fieldText(b, f); o != n {
			out = append(out, FieldChange{Field: f, Old: o, New: n})
		}
	}
	return out
}

func names(cs []FieldChange) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Field
	}
	return out
}

// rowParser turns a row's cells into requirement fields.
type rowParser struct {
	cat  *Catalog
	defs []FieldDef
	st   Settings
	row  ImportRow
	errs []ImportProblem
}

func (p *rowParser) fail(key, msg, fix string) { p.failOn("", key, msg, fix) }

// failOn records a problem with requirement id.
func (p *rowParser) failOn(id, key, msg, fix string) {
	c := p.row.Cells[key]
	p.errs = append(p.errs, ImportProblem{File: p.row.File, Sheet: p.row.Sheet, Row: p.row.Row, Column: c.Column, Header: c.Header, Message: msg, Fix: fix, ID: id})
}

// apply sets onto r every field the row has a column for. base is the
// requirement as exported (for the suggested-MoSCoW rule).
func (p *rowParser) apply(r *Requirement, base *Requirement) []string {
	var present []string
	get := func(key string) (string, bool) {
		c, ok := p.row.Cells[key]
		text := strings.TrimSpace(c.Text)
		// In a new row, a blank cell of a column with a default takes the default.
		if ok && base == nil && text == "" {
			switch key {
			case "kind", "status", "value", "difficulty", "urgency", "moscow":
				return "", false
			}
		}
		if ok {
			present = append(present, key)
		}
		return text, ok
	}
	if v, ok := get("title"); ok {
		r.Title = v
	}
	if v, ok := get("description"); ok {
		r.Description = v
	}
	if v, ok := get("module"); ok {
		if m, err := p.cat.Resolve(v); err != nil {
			p.fail("module", fmt.Sprintf("%q is not a known module", v), "module")
		} else {
			r.Module = m.Key
		}
	}
	if v, ok := get("kind"); ok {
		if k, err := ParseKind(v); err != nil {
			p.fail("kind", err.Error(), "")
		} else {
			r.Kind = k
		}
	}
	for _, f := range []struct {
		key string
		dst *int
	}{{"value", &r.Value}, {"difficulty", &r.Difficulty}, {"urgency", &r.Urgency}} {
		if v, ok := get(f.key); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 5 {
				p.fail(f.key, fmt.Sprintf("%q is not an integer 1–5", v), "")
			} else {
				*f.dst = n
			}
		}
	}
	if v, ok := get("status"); ok {
		if s, err := ParseStatus(v); err != nil {
			p.fail("status", err.Error(), "")
		} else {
			r.Status = s
		}
	}
	if v, ok := get("moscow"); ok {
		m, err := ParseMoSCoW(v)
		if err != nil {
			p.fail("moscow", err.Error(), "")
		} else {
			// An exported suggestion left as it was stays a suggestion.
			if strings.TrimSpace(p.row.Cells["moscow_suggested"].Text) == "1" && base != nil && base.MoSCoW == "" &&
				m == p.st.SuggestMoSCoW(p.st.Score(base.Value, base.Difficulty, base.Urgency)) {
				m = ""
			}
			r.MoSCoW = m
		}
	}
	if _, ok := get("criteria"); ok {
		var cs []string
		for _, l := range strings.Split(strings.ReplaceAll(p.row.Cells["criteria"].Text, "\r\n", "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				cs = append(cs, l)
			}
		}
		r.Criteria = cs
	}
	if v, ok := get("owner"); ok {
		r.Owner = v
	}
	if v, ok := get("source"); ok {
		r.Source = v
	}
	if v, ok := get("stakeholder"); ok {
		r.Stakeholder = v
	}
	if v, ok := get("tags"); ok {
		r.Tags = strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == '，' || c == '、' })
	}
	keys := make([]string, 0, len(p.row.Cells))
	for k := range p.row.Cells {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		name, ok := strings.CutPrefix(k, "field:")
		if !ok {
			continue
		}
		v, _ := get(k)
		d, found := FindField(p.defs, name)
		if !found {
			p.fail(k, fmt.Sprintf("no custom field is called %q", name), "field")
			continue
		}
		if err := d.SetField(r, v); err != nil {
			p.fail(k, strings.TrimPrefix(err.Error(), "field "+d.Name+": "), "")
		}
	}
	r.Normalize()
	if len(p.errs) == 0 {
		if err := r.Validate(); err != nil {
			key := "title"
			for _, k := range []string{"value", "difficulty", "urgency", "criteria", "description", "tags", "kind", "module"} {
				if strings.Contains(err.Error(), k) {
					key = k
					break
				}
			}
			p.fail(key, err.Error(), "")
		}
	}
	return present
}

// PlanImport compares spreadsheet rows with the workspace and says what an
// import would do. It writes nothing.
func (s *Service) PlanImport(ctx context.Context, rows []ImportRow, meta ImportMeta, opt ImportOptions) (*ImportPlan, error) {
	if opt.Theirs && opt.Ours {
		return nil, crmflow.Errorf(crmflow.EINVALID, "choose --theirs or --ours, not both")
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := s.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	defs, err := s.Store.FieldDefs(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Requirements(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Requirement, len(all))
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	fields := allFields(defs)
	plan := &ImportPlan{New: []ImportNew{}, Changed: []ImportChange{}, Conflicts: []ImportConflict{}, Skipped: []string{},
		Deleted: []string{}, Missing: []string{}, Problems: []ImportProblem{}, Imported: []ImportMatch{}, Computed: []ImportProblem{}}
	seen := map[string]int{}
	added := map[string]bool{} // requirements a row without an ID matched
	for _, row := range rows {
		plan.Computed = append(plan.Computed, computedCells(row, byID, st)...)
		p := &rowParser{cat: cat, defs: defs, st: st, row: row}
		idText := strings.TrimSpace(row.Cells["id"].Text)
		if idText == "" {
			r := Requirement{Kind: KindFunctional, Status: Draft, Value: 3, Difficulty: 3, Urgency: 3, Fields: map[string]string{}}
			for _, d := range defs {
				if d.Default != "" {
					r.Fields[d.Name] = d.Default
				}
			}
			if strings.TrimSpace(row.Cells["module"].Text) == "" {
				p.fail("module", "a new requirement needs a module", "module")
			} else {
				p.apply(&r, nil)
			}
			if r.Status != Draft && r.Status != Confirmed && len(p.errs) == 0 {
				p.fail("status", fmt.Sprintf("a new requirement starts as draft or confirmed, not %s", r.Status), "")
			}
			if err := CheckVerifiable(nil, &r); err != nil && len(p.errs) == 0 {
				p.fail("criteria", err.Error(), "")
			}
			plan.Problems = append(plan.Problems, p.errs...)
			if len(p.errs) > 0 {
				continue
			}
			// The same file imported again: its new rows are in already.
			if id := sameRequirement(all, &r, added); id != "" {
				added[id] = true
				plan.Imported = append(plan.Imported, ImportMatch{Row: row.Row, ID: id})
				continue
			}
			plan.New = append(plan.New, ImportNew{Row: row.Row, Requirement: r})
			continue
		}
		id, ok := crmflow.KindRequirement.Normalize(idText)
		cur := byID[id]
		if !ok || cur == nil {
			p.fail("id", fmt.Sprintf("%s is not a requirement of this workspace (leave the ID empty for a new one)", idText), "")
			plan.Problems = append(plan.Problems, p.errs...)
			continue
		}
		if prev, dup := seen[id]; dup {
			p.fail("id", fmt.Sprintf("%s is listed twice (rows %d and %d)", id, prev, row.Row), "")
			plan.Problems = append(plan.Problems, p.errs...)
			continue
		}
		seen[id] = row.Row
		base := cur
		if row.Revision > 0 && row.Revision != cur.Revision {
			if row.Revision > cur.Revision {
				p.fail("revision", fmt.Sprintf("revision %d is newer than the workspace's (%d): this file comes from another workspace", row.Revision, cur.Revision), "")
				plan.Problems = append(plan.Problems, p.errs...)
				continue
			}
			b, found, err := s.Store.RequirementAt(ctx, id, row.Revision)
			if err != nil {
				return nil, err
			}
			if found {
				base = &b
			}
		}
		file := base.Clone()
		p.apply(&file, base)
		if len(p.errs) > 0 {
			plan.Problems = append(plan.Problems, p.errs...)
			continue
		}
		// A change the workspace already holds (the file imported before) is
		// neither the file's to make nor a conflict.
		theirs := notIn(diff(base, &file, fields), cur)
		if len(theirs) == 0 {
			plan.Unchanged++
			continue
		}
		ours := notSame(diff(base, cur, fields), &file)
		conflict := len(ours) > 0
		if conflict && opt.Ours {
			plan.Skipped = append(plan.Skipped, id)
			continue
		}
		if conflict && !opt.Theirs {
			plan.Conflicts = append(plan.Conflicts, ImportConflict{ID: id, Row: row.Row, FileRevision: row.Revision,
				Revision: cur.Revision, FileFields: names(theirs), OurFields: names(ours)})
			continue
		}
		result := cur.Clone()
		for _, c := range theirs {
			copyField(&result, &file, c.Field)
		}
		result.Normalize()
		changes := diff(cur, &result, fields)
		if len(changes) == 0 {
			plan.Unchanged++
			continue
		}
		// The lifecycle still holds: frozen requirements change only through a
		// change request, and status moves must be allowed ones.
		onlyStatus := len(changes) == 1 && changes[0].Field == "status"
		if !cur.Status.Editable() && !onlyStatus {
			p.failOn(id, changes[0].Field, fmt.Sprintf("%s is %s and cannot be changed by an import", id, cur.Status),
				"change request")
		}
		if result.Status != cur.Status {
			if err := CheckTransition(id, cur.Status, result.Status); err != nil {
				p.fail("status", err.Error(), "")
			} else if result.Status == Frozen {
				p.fail("status", id+" cannot be frozen by an import: requirements are frozen by taking a baseline", "baseline")
			}
		}
		if err := CheckVerifiable(cur, &result); err != nil && len(p.errs) == 0 {
			p.fail("criteria", err.Error(), "")
		}
		if err := result.Validate(); err != nil && len(p.errs) == 0 {
			p.fail(changes[0].Field, err.Error(), "")
		}
		if len(p.errs) > 0 {
			plan.Problems = append(plan.Problems, p.errs...)
			continue
		}
		plan.Changed = append(plan.Changed, ImportChange{ID: id, Row: row.Row, Revision: cur.Revision, Changes: changes, Conflict: conflict, result: result})
	}
	// Requirements the file does not list: only within the export's scope.
	inScope := func(r *Requirement) bool { return len(meta.Modules) == 0 || slices.Contains(meta.Modules, r.Module) }
	var links map[string][]Link // by requirement, loaded once when something may be deleted
	for i := range all {
		r := &all[i]
		if _, listed := seen[r.ID]; listed || !inScope(r) {
			continue
		}
		if !opt.DeleteMissing {
			plan.Missing = append(plan.Missing, r.ID)
			continue
		}
		if r.Status != Draft {
			plan.Problems = append(plan.Problems, ImportProblem{File: firstFile(rows), Message: fmt.Sprintf(
				"%s is missing from the file but is %s; only drafts are removed by --delete-missing", r.ID, r.Status),
				Fix: "reject", ID: r.ID})
			continue
		}
		if links == nil {
			if links, err = linksByRequirement(ctx, s.Store); err != nil {
				return nil, err
			}
		}
		// The same rule as req rm; ApplyImport checks it again inside the transaction.
		if err := CheckRemovable(*r, links[r.ID]); err != nil {
			plan.Problems = append(plan.Problems, ImportProblem{File: firstFile(rows), Message: fmt.Sprintf(
				"%s is missing from the file but cannot be removed: %v", r.ID, err)})
			continue
		}
		plan.Deleted = append(plan.Deleted, r.ID)
	}
	return plan, nil
}

// notIn drops the changes cur already has.
func notIn(cs []FieldChange, cur *Requirement) []FieldChange {
	var out []FieldChange
	for _, c := range cs {
		if fieldText(cur, c.Field) != c.New {
			out = append(out, c)
		}
	}
	return out
}

// notSame drops the workspace's changes the file has too.
func notSame(cs []FieldChange, file *Requirement) []FieldChange {
	var out []FieldChange
	for _, c := range cs {
		if fieldText(file, c.Field) != c.New {
			out = append(out, c)
		}
	}
	return out
}

// sameRequirement names the requirement of all (not yet matched) with r's
// module and title, or "": a row without an ID that an import added before.
func sameRequirement(all []Requirement, r *Requirement, matched map[string]bool) string {
	for i := range all {
		o := &all[i]
		if !matched[o.ID] && o.Module == r.Module && strings.EqualFold(strings.TrimSpace(o.Title), strings.TrimSpace(r.Title)) {
			return o.ID
		}
	}
	return ""
}

// computedCells reports the cells of row that crmflow computes and the user
// changed: the score is the formula's, so an edit is not read.
func computedCells(row ImportRow, byID map[string]*Requirement, st Settings) []ImportProblem {
	c, ok := row.Computed["score"]
	text := strings.TrimSpace(c.Text)
	if !ok || text == "" {
		return nil
	}
	id, _ := crmflow.KindRequirement.Normalize(strings.TrimSpace(row.Cells["id"].Text))
	if cur := byID[id]; cur != nil {
		want := st.Score(cur.Value, cur.Difficulty, cur.Urgency)
		if n, err := strconv.ParseFloat(text, 64); err == nil && int(n) == want && float64(int(n)) == n {
			return nil
		}
		// The row's own value/difficulty/urgency may have changed too: a
		// score that follows from the row's numbers is the formula's.
		v, d, u := cur.Value, cur.Difficulty, cur.Urgency
		for key, dst := range map[string]*int{"value": &v, "difficulty": &d, "urgency": &u} {
			if n, err := strconv.Atoi(strings.TrimSpace(row.Cells[key].Text)); err == nil {
				*dst = n
			}
		}
		if n, err := strconv.ParseFloat(text, 64); err == nil && float64(st.Score(v, d, u)) == n {
			return nil
		}
	} else if id != "" {
		return nil
	}
	return []ImportProblem{{File: row.File, Sheet: row.Sheet, Row: row.Row, Column: c.Column, Header: c.Header, ID: id,
		Message: fmt.Sprintf("the score is computed from value, difficulty and urgency; the edited cell (%s) was not read", text)}}
}

// linksByRequirement maps each requirement to the links from or to it.
func linksByRequirement(ctx context.Context, st Store) (map[string][]Link, error) {
	all, err := st.Links(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string][]Link{}
	for _, l := range all {
		out[l.From] = append(out[l.From], l)
		if l.To != l.From {
			out[l.To] = append(out[l.To], l)
		}
	}
	return out, nil
}

func firstFile(rows []ImportRow) string {
	if len(rows) > 0 {
		return rows[0].File
	}
	return ""
}

// ApplyImport writes a plan in one transaction: all of it, or none.
func (s *Service) ApplyImport(ctx context.Context, plan *ImportPlan) error {
	if !plan.OK() {
		return crmflow.Errorf(crmflow.EINVALID, "the import has %s and %s; nothing was written", crmflow.Count(len(plan.Problems), "problem"), crmflow.Count(len(plan.Conflicts), "conflict"))
	}
	creates := make([]*Requirement, len(plan.New))
	for i := range plan.New {
		r := plan.New[i].Requirement.Clone()
		creates[i] = &r
	}
	updates := make([]ImportUpdate, len(plan.Changed))
	for i, c := range plan.Changed {
		updates[i] = ImportUpdate{ID: c.ID, Revision: c.Revision, Result: c.result}
	}
	if err := s.Store.ApplyImport(ctx, creates, updates, plan.Deleted, CheckRemovable); err != nil {
		return err
	}
	for i := range plan.New {
		plan.New[i].Requirement = *creates[i]
	}
	return nil
}

// ImportUpdate is one requirement an import rewrites: the store checks that
// it is still at Revision, then stores Result as the next revision.
type ImportUpdate struct {
	ID       string
	Revision int
	Result   Requirement
}
