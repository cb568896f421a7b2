package requirements

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/templates"
)

// jsonKeys lists the JSON keys of a struct type's fields, in order.
func jsonKeys(t *testing.T, typ reflect.Type) (keys []string, index map[string]int) {
	t.Helper()
	index = map[string]int{}
	for i := range typ.NumField() {
		tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if tag == "" || tag == "-" {
			t.Fatalf("%s.%s has no JSON key", typ.Name(), typ.Field(i).Name)
		}
		keys = append(keys, tag)
		index[tag] = i
	}
	return keys, index
}

// TestFieldTableCoversRequirement fails when a field is added to Requirement
// and not to FieldTable (or the other way round), or the orders differ.
func TestFieldTableCoversRequirement(t *testing.T) {
	keys, _ := jsonKeys(t, reflect.TypeFor[Requirement]())
	var table []string
	for _, f := range FieldTable {
		table = append(table, f.Key)
	}
	for _, k := range keys {
		if !slices.Contains(table, k) {
			t.Errorf("Requirement field %q is not in FieldTable (requirements/fieldtable.go)", k)
		}
	}
	for _, k := range table {
		if !slices.Contains(keys, k) {
			t.Errorf("FieldTable has %q, which is no Requirement JSON key", k)
		}
	}
	if !slices.Equal(keys, table) {
		t.Errorf("FieldTable order %v differs from the Requirement struct's %v", table, keys)
	}
}

// fullRequirement has every field set to something other than its zero value.
func fullRequirement() Requirement {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	return Requirement{ID: "REQ-007", Title: "拜访签到", Description: "两行\n描述", Module: "visit", Kind: KindFunctional,
		Status: Confirmed, Value: 5, Difficulty: 2, Urgency: 4, MoSCoW: Must, Criteria: []string{"可签到", "带定位"},
		Owner: "王", Source: "F-001", Stakeholder: "张总", Tags: []string{"移动", "GPS"},
		Fields: map[string]string{"工时": "3", "系统": "SAP"}, Revision: 3, CreatedAt: at, UpdatedAt: at.Add(time.Hour)}
}

// TestFieldTableGetSet checks that each entry's Set copies exactly its own
// struct field, and Get reads it.
func TestFieldTableGetSet(t *testing.T) {
	_, index := jsonKeys(t, reflect.TypeFor[Requirement]())
	src := fullRequirement()
	sv := reflect.ValueOf(src)
	for i := range sv.NumField() {
		if sv.Field(i).IsZero() {
			t.Fatalf("fullRequirement leaves %s zero", sv.Type().Field(i).Name)
		}
	}
	for _, f := range FieldTable {
		if f.Get == nil || f.Set == nil || f.ZH == "" || f.EN == "" || f.Type == "" {
			t.Errorf("field %q lacks Get, Set, a label or a type", f.Key)
			continue
		}
		var dst Requirement
		f.Set(&dst, &src)
		dv := reflect.ValueOf(dst)
		for i := range dv.NumField() {
			set := !dv.Field(i).IsZero()
			if own := i == index[f.Key]; own != set {
				t.Errorf("%s.Set: struct field %s set = %v", f.Key, dv.Type().Field(i).Name, set)
			}
		}
		if !reflect.DeepEqual(dv.Field(index[f.Key]).Interface(), sv.Field(index[f.Key]).Interface()) {
			t.Errorf("%s.Set copied %v, want %v", f.Key, dv.Field(index[f.Key]), sv.Field(index[f.Key]))
		}
		if got, want := f.Get(&dst), f.Get(&src); got != want || got == f.Get(&Requirement{}) {
			t.Errorf("%s.Get = %q after Set, want %q (and not the zero value's)", f.Key, got, want)
		}
	}
	// Set copies, it does not share: changing the copy leaves the source.
	var dst Requirement
	for _, f := range FieldTable {
		f.Set(&dst, &src)
	}
	dst.Criteria[0], dst.Tags[0], dst.Fields["工时"] = "x", "x", "x"
	if src.Criteria[0] == "x" || src.Tags[0] == "x" || src.Fields["工时"] == "x" {
		t.Error("Set shares a slice or map with its source")
	}
}

// TestFieldTableDrivesTheLists checks the lists derived from the table.
func TestFieldTableDrivesTheLists(t *testing.T) {
	want := []string{"title", "description", "module", "kind", "status", "value", "difficulty", "urgency",
		"moscow", "criteria", "owner", "source", "stakeholder", "tags"}
	if !slices.Equal(importFields, want) {
		t.Errorf("importFields = %v", importFields)
	}
	if !slices.Equal(historyFields, append(want, "fields")) {
		t.Errorf("historyFields = %v", historyFields)
	}
	for _, f := range FieldTable {
		if !builtinNames[f.Key] {
			t.Errorf("a custom field may shadow %q", f.Key)
		}
		if f.Edit && (assignable[f.Key] != f.Key || assignable[strings.ToLower(f.ZH)] != f.Key) {
			t.Errorf("field=value does not take %q or %q", f.Key, f.ZH)
		}
		if !f.Edit && assignable[f.Key] != "" {
			t.Errorf("field=value takes %q, which the table does not mark editable", f.Key)
		}
	}
	if f, ok := FieldByKey("criteria"); !ok || f.Label(crmflow.LangZH) != "验收标准" || f.Label(crmflow.LangEN) != "Acceptance criteria" {
		t.Errorf("FieldByKey(criteria) = %+v, %v", f, ok)
	}
	if _, ok := FieldByKey("score"); ok {
		t.Error("score is derived, not a field")
	}
	// An import copies and compares through the table.
	src, dst := fullRequirement(), Requirement{}
	for _, k := range importFields {
		copyField(&dst, &src, k)
	}
	if d := diff(&src, &dst, importFields); len(d) != 0 {
		t.Errorf("after copying every import field, they still differ: %v", d)
	}
	copyField(&dst, &src, "field:工时")
	if fieldText(&dst, "field:工时") != "3" || fieldText(&dst, "field:系统") != "" {
		t.Errorf("custom fields copied: %v", dst.Fields)
	}
}

// TestViewShowsEveryField fails when View lacks a field of the table, and
// checks that Stored gives the requirement back.
func TestViewShowsEveryField(t *testing.T) {
	_, index := jsonKeys(t, reflect.TypeFor[View]())
	for _, f := range FieldTable {
		if _, ok := index[f.Key]; !ok {
			t.Errorf("View has no field %q", f.Key)
		}
	}
	r := fullRequirement()
	v := MakeView(r, DefaultSettings(), &Catalog{}, crmflow.LangZH, nil, nil)
	if got := v.Stored(); !reflect.DeepEqual(got, r) {
		t.Errorf("Stored = %+v\nwant %+v", got, r)
	}
	r.MoSCoW = ""
	v = MakeView(r, DefaultSettings(), &Catalog{}, crmflow.LangZH, nil, nil)
	if got := v.Stored(); got.MoSCoW != "" || !v.MoSCoWSuggested {
		t.Errorf("a suggested MoSCoW comes back as %q", got.MoSCoW)
	}
}

// TestImportReadsEveryImportField fails when the field table marks a field
// imported and the checklist import (rowParser.apply) does not read it.
func TestImportReadsEveryImportField(t *testing.T) {
	cat, err := ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"title": "拜访签到", "description": "两行\n描述", "module": "visit", "kind": "data",
		"status": "confirmed", "value": "5", "difficulty": "2", "urgency": "4", "moscow": "must", "criteria": "可签到\n带定位",
		"owner": "王", "source": "F-001", "stakeholder": "张总", "tags": "移动, GPS"}
	row := ImportRow{File: "x.xlsx", Sheet: "需求清单", Row: 2, Cells: map[string]ImportCell{}}
	for _, k := range importFields {
		v, ok := texts[k]
		if !ok {
			t.Fatalf("no sample text for the imported field %q: add one here, and read it in rowParser.apply", k)
		}
		row.Cells[k] = ImportCell{Text: v}
	}
	p := &rowParser{cat: cat, st: DefaultSettings(), row: row}
	var r Requirement
	present := p.apply(&r, &Requirement{})
	for _, e := range p.errs {
		t.Errorf("problem: %+v", e)
	}
	for _, k := range importFields {
		if !slices.Contains(present, k) {
			t.Errorf("the import does not report the column %q as present", k)
		}
		if fieldText(&r, k) == fieldText(&Requirement{}, k) {
			t.Errorf("the import does not set %q from its column", k)
		}
	}
}
