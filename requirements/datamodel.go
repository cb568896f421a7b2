package requirements

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// DataType is the type of a field in the data dictionary (数据结构与字段).
type DataType string

// The data dictionary types.
const (
	DataText     DataType = "text"
	DataLongText DataType = "longtext"
	DataInteger  DataType = "integer"
	DataDecimal  DataType = "decimal"
	DataMoney    DataType = "money"
	DataDate     DataType = "date"
	DataDateTime DataType = "datetime"
	DataBool     DataType = "bool"
	DataPhone    DataType = "phone"
	DataEmail    DataType = "email"
	DataChoice   DataType = "choice"
	DataRef      DataType = "reference"
	DataFile     DataType = "file"
	DataGeo      DataType = "geo"
)

// DataTypes lists every type.
var DataTypes = []DataType{DataText, DataLongText, DataInteger, DataDecimal, DataMoney, DataDate, DataDateTime,
	DataBool, DataPhone, DataEmail, DataChoice, DataRef, DataFile, DataGeo}

// Name returns the type's name in lang.
func (t DataType) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(t)
	}
	return map[DataType]string{DataText: "文本", DataLongText: "长文本", DataInteger: "整数", DataDecimal: "小数",
		DataMoney: "金额", DataDate: "日期", DataDateTime: "日期时间", DataBool: "是/否", DataPhone: "手机号",
		DataEmail: "邮箱", DataChoice: "选项", DataRef: "关联", DataFile: "附件", DataGeo: "地理位置"}[t]
}

// ParseDataType accepts a type by key or Chinese name.
func ParseDataType(s string) (DataType, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, d := range DataTypes {
		if t == string(d) || s == d.Name(crmflow.LangZH) {
			return d, nil
		}
	}
	names := make([]string, len(DataTypes))
	for i, d := range DataTypes {
		names[i] = string(d)
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "data type %q is not one of %s", s, strings.Join(names, ", "))
}

// DataField is one field of a business entity in the data dictionary.
type DataField struct {
	Entity      string    `json:"entity"` // 客户, 联系人, 拜访记录 ...
	Name        string    `json:"name"`   // 手机号
	Type        DataType  `json:"type"`
	Required    bool      `json:"required"`
	Unique      bool      `json:"unique"`
	Values      []string  `json:"values"` // allowed values (choice), or the referenced entity (reference)
	Description string    `json:"description"`
	Req         string    `json:"req"` // the data requirement it belongs to (REQ-007), or ""
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a data dictionary field.
func (f *DataField) Validate() error {
	f.Entity, f.Name, f.Description = strings.TrimSpace(f.Entity), strings.TrimSpace(f.Name), strings.TrimSpace(f.Description)
	for _, x := range []struct{ what, v string }{{"entity", f.Entity}, {"field name", f.Name}} {
		if x.v == "" {
			return crmflow.Errorf(crmflow.EINVALID, "the %s is empty", x.what)
		}
		if utf8.RuneCountInString(x.v) > 60 || strings.ContainsAny(x.v, "\n\r\t") {
			return crmflow.Errorf(crmflow.EINVALID, "the %s %q must be one line of at most 60 characters", x.what, x.v)
		}
	}
	if _, err := ParseDataType(string(f.Type)); err != nil {
		return err
	}
	var vals []string
	for _, v := range f.Values {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	f.Values = vals
	if f.Values == nil {
		f.Values = []string{}
	}
	if f.Type == DataChoice && len(f.Values) == 0 {
		return crmflow.Errorf(crmflow.EINVALID, "%s.%s is a choice field but lists no values", f.Entity, f.Name).
			In("data.define").About("data field", f.Entity+"."+f.Name).With("type", "choice")
	}
	if f.Type == DataRef && len(f.Values) != 1 {
		return crmflow.Errorf(crmflow.EINVALID, "%s.%s is a reference: give the referenced entity with --values, e.g. --values 客户", f.Entity, f.Name)
	}
	return nil
}

// Action is something a role may do in a module.
type Action string

// The permission actions, in matrix order.
const (
	ActRead    Action = "read"
	ActCreate  Action = "create"
	ActUpdate  Action = "update"
	ActDelete  Action = "delete"
	ActExport  Action = "export"
	ActApprove Action = "approve"
)

// Actions lists every action in matrix order.
var Actions = []Action{ActRead, ActCreate, ActUpdate, ActDelete, ActExport, ActApprove}

// Letter is the action's one-letter code in a compact matrix (R C U D E A).
func (a Action) Letter() string { return strings.ToUpper(string(a)[:1]) }

// Name returns the action's name in lang.
func (a Action) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(a)
	}
	return map[Action]string{ActRead: "查看", ActCreate: "新建", ActUpdate: "编辑", ActDelete: "删除", ActExport: "导出", ActApprove: "审批"}[a]
}

// ParseActions reads "read,create,update" (or 查看,新建; "all"; "none" or "" for no access).
func ParseActions(s string) ([]Action, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "all" || s == "全部" {
		return append([]Action(nil), Actions...), nil
	}
	out := []Action{}
	if s == "" || s == "none" || s == "无" {
		return out, nil
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
		found := false
		for _, a := range Actions {
			if part == string(a) || part == a.Name(crmflow.LangZH) || part == strings.ToLower(a.Letter()) {
				if !slices.Contains(out, a) {
					out = append(out, a)
				}
				found = true
			}
		}
		if !found {
			return nil, crmflow.Errorf(crmflow.EINVALID, "action %q is not one of read, create, update, delete, export, approve (or all, none)", part)
		}
	}
	slices.SortFunc(out, func(a, b Action) int { return slices.Index(Actions, a) - slices.Index(Actions, b) })
	return out, nil
}

// Scope is how much data a role sees in a module.
type Scope string

// The data scopes (数据范围).
const (
	ScopeOwn     Scope = "own"     // 本人
	ScopeDept    Scope = "dept"    // 本部门
	ScopeSubtree Scope = "subtree" // 本部门及下属
	ScopeAll     Scope = "all"     // 全部
)

// Scopes lists every scope.
var Scopes = []Scope{ScopeOwn, ScopeDept, ScopeSubtree, ScopeAll}

// Name returns the scope's name in lang.
func (s Scope) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Scope]string{ScopeOwn: "own records", ScopeDept: "department", ScopeSubtree: "department and below", ScopeAll: "all"}[s]
	}
	return map[Scope]string{ScopeOwn: "本人", ScopeDept: "本部门", ScopeSubtree: "本部门及下属", ScopeAll: "全部"}[s]
}

// ParseScope accepts a scope key or Chinese name; "" means all.
func ParseScope(s string) (Scope, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return ScopeAll, nil
	}
	for _, sc := range Scopes {
		if t == string(sc) || s == sc.Name(crmflow.LangZH) {
			return sc, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "scope %q is not one of own (本人), dept (本部门), subtree (本部门及下属), all (全部)", s)
}

// Permission is one cell of the role × module matrix (用户角色权限).
type Permission struct {
	Role    string   `json:"role"`
	Module  string   `json:"module"` // module key
	Actions []Action `json:"actions"`
	Scope   Scope    `json:"scope"`
}

// Has reports whether the permission grants a.
func (p Permission) Has(a Action) bool { return slices.Contains(p.Actions, a) }

// Validate checks a permission.
func (p *Permission) Validate() error {
	p.Role = strings.TrimSpace(p.Role)
	if p.Role == "" || utf8.RuneCountInString(p.Role) > 40 || strings.ContainsAny(p.Role, "\n\r\t,") {
		return crmflow.Errorf(crmflow.EINVALID, "role %q must be a name of 1–40 characters without commas", p.Role)
	}
	if p.Module == "" {
		return crmflow.Errorf(crmflow.EINVALID, "module is empty")
	}
	if p.Scope == "" {
		p.Scope = ScopeAll
	}
	return nil
}
