package demo

import (
	"context"
	"fmt"

	"github.com/crmflow/crmflow/requirements"
)

// seedDataField is a data dictionary entry of the demo; req names a seed requirement key.
type seedDataField struct {
	entity, name string
	typ          requirements.DataType
	required     bool
	unique       bool
	values       []string
	desc, req    string
}

// The data the 快消 company's CRM keeps about customers and visits: what the
// Excel visit sheets held, made explicit so migration and validation can be checked.
var seedDataFields = []seedDataField{
	{"客户", "客户名称", requirements.DataText, true, true, nil, "门店或经销商的营业执照名称", "customer-profile"},
	{"客户", "统一社会信用代码", requirements.DataText, false, true, nil, "18 位；经销商必填，个体门店可空", "customer-profile"},
	{"客户", "客户类型", requirements.DataChoice, true, false, []string{"经销商", "KA 卖场", "便利店", "个体门店"}, "", "customer-profile"},
	{"客户", "客户等级", requirements.DataChoice, true, false, []string{"A", "B", "C"}, "按近 12 个月进货额分级，决定拜访频次", "customer-tier"},
	{"客户", "联系人手机号", requirements.DataPhone, true, true, nil, "11 位手机号；用于查重", "customer-profile"},
	{"客户", "所属区域", requirements.DataChoice, true, false, []string{"华东", "华南", "华北", "西南"}, "", ""},
	{"客户", "负责销售", requirements.DataRef, true, false, []string{"用户"}, "公海池回收后清空", "customer-pool"},
	{"客户", "门店坐标", requirements.DataGeo, false, false, nil, "签到时校验 500 米范围", "visit-checkin"},
	{"拜访记录", "客户", requirements.DataRef, true, false, []string{"客户"}, "", "visit-mobile"},
	{"拜访记录", "拜访时间", requirements.DataDateTime, true, false, nil, "签到时自动记录，不可手改", "visit-checkin"},
	{"拜访记录", "签到位置", requirements.DataGeo, true, false, nil, "GPS 坐标与偏差（米）", "visit-checkin"},
	{"拜访记录", "拜访类型", requirements.DataChoice, true, false, []string{"上门拜访", "电话", "会议"}, "", "visit-mobile"},
	{"拜访记录", "拜访内容", requirements.DataLongText, true, false, nil, "至少 10 个字", "visit-mobile"},
	{"拜访记录", "现场照片", requirements.DataFile, false, false, nil, "最多 9 张，每张不超过 5 MB", "visit-photo"},
	{"拜访记录", "下次跟进日期", requirements.DataDate, false, false, nil, "", "visit-plan"},
	{"拜访记录", "数据来源", requirements.DataChoice, true, false, []string{"移动端", "Excel 导入"}, "区分迁移的历史记录", "visit-excel"},
}

type seedPerm struct {
	role, module, actions string
	scope                 requirements.Scope
}

// The roles of the 快消 sales organisation over the modules the project customizes.
var seedPerms = []seedPerm{
	{"销售代表", "customer", "read,create,update", requirements.ScopeOwn},
	{"销售代表", "visit", "read,create,update", requirements.ScopeOwn},
	{"销售代表", "opportunity", "read,create,update", requirements.ScopeOwn},
	{"销售代表", "report", "read", requirements.ScopeOwn},
	{"销售主管", "customer", "read,create,update,export", requirements.ScopeDept},
	{"销售主管", "visit", "read,update,export", requirements.ScopeDept},
	{"销售主管", "opportunity", "read,update,approve", requirements.ScopeDept},
	{"销售主管", "report", "read,export", requirements.ScopeDept},
	{"销售总监", "customer", "read,export,approve", requirements.ScopeSubtree},
	{"销售总监", "visit", "read,export", requirements.ScopeSubtree},
	{"销售总监", "opportunity", "read,export,approve", requirements.ScopeSubtree},
	{"销售总监", "report", "read,export", requirements.ScopeSubtree},
	{"市场专员", "campaign", "read,create,update,export", requirements.ScopeAll},
	{"市场专员", "customer", "read", requirements.ScopeAll},
	{"客服专员", "service", "read,create,update", requirements.ScopeAll},
	{"客服专员", "customer", "read", requirements.ScopeAll},
	{"系统管理员", "permission", "all", requirements.ScopeAll},
}

// seedDataModel adds the data dictionary and the permission matrix.
func seedDataModel(ctx context.Context, svc *requirements.Service, ids map[string]string) (fields, perms int, err error) {
	for _, d := range seedDataFields {
		f := requirements.DataField{Entity: d.entity, Name: d.name, Type: d.typ, Required: d.required, Unique: d.unique,
			Values: d.values, Description: d.desc}
		if d.req != "" {
			if f.Req = ids[d.req]; f.Req == "" {
				return fields, perms, fmt.Errorf("demo seed: data field %s.%s names an unknown requirement %s", d.entity, d.name, d.req)
			}
		}
		if _, err := svc.AddDataField(ctx, f, false); err != nil {
			return fields, perms, fmt.Errorf("demo seed: %w", err)
		}
		fields++
	}
	for _, p := range seedPerms {
		actions, err := requirements.ParseActions(p.actions)
		if err != nil {
			return fields, perms, err
		}
		if _, err := svc.SetPermission(ctx, p.role, p.module, actions, p.scope); err != nil {
			return fields, perms, fmt.Errorf("demo seed: %w", err)
		}
		perms++
	}
	return fields, perms, nil
}
