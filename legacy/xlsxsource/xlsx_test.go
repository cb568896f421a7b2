package xlsxsource

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow/legacy"
	"github.com/crmflow/crmflow/requirements"
)

// A workbook as a legacy system exports it: IDs and phones stored as
// numbers, so Excel shows the long ID in scientific notation and the
// landline without its leading 0.
func TestWorkbookRows(t *testing.T) {
	x := excelize.NewFile()
	sh := x.GetSheetName(0)
	rows := [][]any{
		{"客户名称", "统一社会信用代码", "联系人手机号"},
		{"甲公司", 913101000000000000, 13812345678},
		{"乙公司", "91310000MA1FL0AB12", 2188886666},
		{},
		{"丙公司", "91310000MA1FL0AB13", "13900001111"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := bytes.Clone(buf.Bytes())
	src, err := Open(&buf, "")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	fields := []requirements.DataField{
		{Entity: "客户", Name: "客户名称", Type: requirements.DataText, Required: true},
		{Entity: "客户", Name: "统一社会信用代码", Type: requirements.DataText, Unique: true, Description: "18 位"},
		{Entity: "客户", Name: "联系人手机号", Type: requirements.DataPhone, Required: true},
	}
	res, err := legacy.Check(src, legacy.Options{Entity: "客户", Fields: fields}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || res.Clean != 2 || res.Rejected != 1 || res.Encoding != "xlsx" {
		t.Fatalf("%+v", res)
	}
	is := res.Issues[0]
	if is.Row != 2 || is.Column != "B" || is.Rule != legacy.RuleScientific || is.Value != "913101000000000000" || !strings.Contains(is.Message, "15 significant digits") {
		t.Errorf("the long ID: %+v", is)
	}
	if len(res.Fixes) != 1 || res.Fixes[0].Key != "phone-leading-zero" {
		t.Errorf("fixes %+v", res.Fixes)
	}
	if _, err := Open(bytes.NewReader(data), "没有"); err == nil || !strings.Contains(err.Error(), `no sheet "没有"`) {
		t.Errorf("unknown sheet: %v", err)
	}
}
