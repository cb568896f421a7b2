package requirements

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
)

// The field table: every field of a Requirement, once. Its key is the JSON
// key, the column key of the checklist import and export, the name history,
// the change log and the baseline diff show, and the name "field=value" and
// the editor form take; its labels are the checklist's column headers and the
// names documents give it. A test fails when a Requirement field is missing
// here, so adding a field means adding it to the struct and to this table;
// the formats with a layout of their own (the checklist's columns, the
// editor form) have tests that fail when a field the table marks for them is
// missing from that layout.

// ValueType says what a built-in field holds, and so how formats write it.
type ValueType string

// The value types of the built-in fields.
const (
	TypeID    ValueType = "id"    // the requirement's ID
	TypeLine  ValueType = "line"  // one line of text
	TypeText  ValueType = "text"  // text that may span lines
	TypeKey   ValueType = "key"   // a key from a fixed list or the module catalog
	TypeScore ValueType = "score" // an integer 1–5
	TypeList  ValueType = "list"  // items one per line (acceptance criteria)
	TypeTags  ValueType = "tags"  // words, separated by commas
	TypeMap   ValueType = "map"   // custom field values, by field name
	TypeInt   ValueType = "int"   // a counter (the revision)
	TypeTime  ValueType = "time"  // a timestamp
)

// Field is one built-in requirement field.
type Field struct {
	Key    string // JSON key; checklist, history, diff and field=value name
	ZH, EN string // labels: checklist headers, names in documents
	Type   ValueType
	// Import: the checklist import compares and writes it, and history
	// reports its changes (custom fields are compared one by one as
	// "field:NAME").
	Import bool
	// Edit: a person sets it with field=value and in the editor form.
	Edit bool
	// Get is the field's canonical text: what an import compares and
	// history shows.
	Get func(r *Requirement) string
	// Set copies the field from src into dst.
	Set func(dst, src *Requirement)
}

// Label is the field's name in lang.
func (f Field) Label(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return f.EN
	}
	return f.ZH
}

// FieldTable lists the built-in fields in the order of the Requirement struct,
// which is the order imports and history report changes in.
var FieldTable = []Field{
	{Key: "id", ZH: "编号", EN: "ID", Type: TypeID,
		Get: func(r *Requirement) string { return r.ID }, Set: func(d, s *Requirement) { d.ID = s.ID }},
	{Key: "title", ZH: "标题", EN: "Title", Type: TypeLine, Import: true, Edit: true,
		Get: func(r *Requirement) string { return r.Title }, Set: func(d, s *Requirement) { d.Title = s.Title }},
	{Key: "description", ZH: "描述", EN: "Description", Type: TypeText, Import: true, Edit: true,
		Get: func(r *Requirement) string { return r.Description }, Set: func(d, s *Requirement) { d.Description = s.Description }},
	{Key: "module", ZH: "模块", EN: "Module", Type: TypeKey, Import: true, Edit: true,
		Get: func(r *Requirement) string { return r.Module }, Set: func(d, s *Requirement) { d.Module = s.Module }},
	{Key: "kind", ZH: "类型", EN: "Kind", Type: TypeKey, Import: true, Edit: true,
		Get: func(r *Requirement) string { return string(r.Kind) }, Set: func(d, s *Requirement) { d.Kind = s.Kind }},
	{Key: "status", ZH: "状态", EN: "Status", Type: TypeKey, Import: true,
		Get: func(r *Requirement) string { return string(r.Status) }, Set: func(d, s *Requirement) { d.Status = s.Status }},
	{Key: "value", ZH: "价值", EN: "Value", Type: TypeScore, Import: true, Edit: true,
		Get: func(r *Requirement) string { return strconv.Itoa(r.Value) }, Set: func(d, s *Requirement) { d.Value = s.Value }},
	{Key: "difficulty", ZH: "难度", EN: "Difficulty", Type: TypeScore, Import: true, Edit: true,
		Get: func(r *Requirement) string { return strconv.Itoa(r.Difficulty) }, Set: func(d, s *Requirement) { d.Difficulty = s.Difficulty }},
	{Key: "urgency", ZH: "紧急度", EN: "Urgency", Type: TypeScore, Import: true, Edit: true,
		Get: func(r *Requirement) string { return strconv.Itoa(r.Urgency) }, Set: func(d, s *Requirement) { d.Urgency = s.Urgency }},
	{Key: "moscow", ZH: "MoSCoW", EN: "MoSCoW", Type: TypeKey, Import: true, Edit: true,
		Get: func(r *Requirement) string { return string(r.MoSCoW) }, Set: func(d, s *Requirement) { d.MoSCoW = s.MoSCoW }},
	{Key: "criteria", ZH: "验收标准", EN: "Acceptance criteria", Type: TypeList, Import: true, Edit: true,
		Get: func(r *Requirement) string { return strings.Join(r.Criteria, "\n") },
		Set: func(d, s *Requirement) { d.Criteria = append([]string(nil), s.Criteria...) }},
	{Key: "owner", ZH: "负责人", EN: "Owner", Type: TypeText, Import: true, Edit: true,
		Get: func(r *Requirement) string { return r.Owner }, Set: func(d, s *Requirement) { d.Owner = s.Owner }},
	{Key: "source", ZH: "来源", EN: "Source", Type: TypeText, Import: true, Edit: true,
		Get: func(r *Requirement) string { return r.Source }, Set: func(d, s *Requirement) { d.Source = s.Source }},
	{Key: "stakeholder", ZH: "干系人", EN: "Stakeholder", Type: TypeText, Import: true, Edit: true,
		Get: func(r *Requirement) string { return r.Stakeholder }, Set: func(d, s *Requirement) { d.Stakeholder = s.Stakeholder }},
	{Key: "tags", ZH: "标签", EN: "Tags", Type: TypeTags, Import: true, Edit: true,
		Get: func(r *Requirement) string { return strings.Join(r.Tags, ", ") },
		Set: func(d, s *Requirement) { d.Tags = append([]string(nil), s.Tags...) }},
	{Key: "fields", ZH: "自定义字段", EN: "Custom fields", Type: TypeMap,
		Get: func(r *Requirement) string {
			keys := make([]string, 0, len(r.Fields))
			for k := range r.Fields {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			lines := make([]string, len(keys))
			for i, k := range keys {
				lines[i] = k + "=" + r.Fields[k]
			}
			return strings.Join(lines, "\n")
		},
		Set: func(d, s *Requirement) {
			d.Fields = nil
			if s.Fields != nil {
				d.Fields = make(map[string]string, len(s.Fields))
				for k, v := range s.Fields {
					d.Fields[k] = v
				}
			}
		}},
	{Key: "revision", ZH: "修订", EN: "Revision", Type: TypeInt,
		Get: func(r *Requirement) string { return strconv.Itoa(r.Revision) }, Set: func(d, s *Requirement) { d.Revision = s.Revision }},
	{Key: "created_at", ZH: "创建时间", EN: "Created", Type: TypeTime,
		Get: func(r *Requirement) string { return r.CreatedAt.Format(time.RFC3339) }, Set: func(d, s *Requirement) { d.CreatedAt = s.CreatedAt }},
	{Key: "updated_at", ZH: "更新时间", EN: "Updated", Type: TypeTime,
		Get: func(r *Requirement) string { return r.UpdatedAt.Format(time.RFC3339) }, Set: func(d, s *Requirement) { d.UpdatedAt = s.UpdatedAt }},
}

// PlanFields are the fields a requirement shows that the release plan
// keeps, one record per requirement (package release): its release, its
// sprint and its effort estimate. They are no Requirement fields, so no
// import or form writes them; show, history, list columns and field=value
// filters read them by these keys, and no custom field may take their names.
var PlanFields = []Field{
	{Key: PlanRelease, ZH: "版本", EN: "Release", Type: TypeKey},
	{Key: PlanSprint, ZH: "迭代", EN: "Sprint", Type: TypeID},
	{Key: PlanEstimate, ZH: "估算", EN: "Estimate", Type: TypeLine},
}

// The keys of the plan fields.
const (
	PlanRelease  = "release"
	PlanSprint   = "sprint"
	PlanEstimate = "estimate"
)

// IsPlanField reports whether key names one of PlanFields.
func IsPlanField(key string) bool {
	return key == PlanRelease || key == PlanSprint || key == PlanEstimate
}

// fieldIndex finds a field of the table by key.
var fieldIndex = func() map[string]*Field {
	m := make(map[string]*Field, len(FieldTable))
	for i := range FieldTable {
		m[FieldTable[i].Key] = &FieldTable[i]
	}
	return m
}()

// FieldByKey finds a built-in field by its key.
func FieldByKey(key string) (Field, bool) {
	if f, ok := fieldIndex[key]; ok {
		return *f, true
	}
	return Field{}, false
}

// fieldKeys lists the keys of the table's fields that pass keep, in order.
func fieldKeys(keep func(Field) bool) []string {
	var out []string
	for _, f := range FieldTable {
		if keep(f) {
			out = append(out, f.Key)
		}
	}
	return out
}
