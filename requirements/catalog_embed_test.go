package requirements_test

import (
	"testing"

	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/templates"
)

// The embedded catalog loads, and the seed's module names resolve.
func TestEmbeddedCatalogResolvesSeedNames(t *testing.T) {
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]string{"客户信息": "customer", "销售机会": "opportunity", "拜访与跟进": "visit", "拜访跟进": "visit",
		"市场活动": "campaign", "报表分析": "report", "权限与角色": "permission", "线索": "lead", "合同": "contract", "订单": "contract",
		"回款": "payment", "服务工单": "service", "Opportunities": "opportunity"} {
		m, ok := cat.Lookup(name)
		if !ok || m.Key != key {
			t.Errorf("%s resolves to %q, want %s", name, m.Key, key)
		}
	}
}
