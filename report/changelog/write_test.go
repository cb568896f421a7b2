package changelog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestChangeLogXLSX checks the workbook cell by cell as written, then as
// openpyxl and LibreOffice read it: formulas from user text stay text.
func TestChangeLogXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, reporttest.ChangeLog(crmflow.LangZH)); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	all := reporttest.WalkAll(t, data)
	rows := all["变更记录"]
	if len(rows) != 3 {
		t.Fatalf("the log sheet has %d rows, want a header and 2", len(rows))
	}
	if got := strings.Join(rows[1][:10], "|"); got != "CR-001|拜访照片加水印|已实施|张总|审计要求照片可信。\n第二行 <i>理由</i>|v1.0|REQ-005|criteria+=照片带时间与定位水印\nurgency=5||" {
		t.Errorf("CR-001 row: %q", got)
	}
	if rows[1][10] != "2.5" || rows[1][12] != "5000" || rows[1][15] != "张总" || rows[1][18] != "v1.1" {
		t.Errorf("CR-001 impact and decision: %q", rows[1][10:19])
	}
	if rows[2][1] != "=cmd|' /C calc'!A0" || rows[2][3] != "+李工" || rows[2][17] != "=不做" {
		t.Errorf("CR-002 row: %q", rows[2])
	}
	sum := all["汇总"]
	found := false
	for _, r := range sum {
		if len(r) > 1 && r[0] == "已批准变更工作量(人天)" && r[1] == "2.5" {
			found = true
		}
	}
	if !found {
		t.Errorf("the summary lacks the approved effort: %q", sum)
	}

	dir := t.TempDir()
	in := filepath.Join(dir, "changelog.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("openpyxl", func(t *testing.T) {
		out := reporttest.RunPython(t, reporttest.OpenpyxlScript, in, "变更记录")
		var got struct {
			Sheets      []string          `json:"sheets"`
			States      map[string]string `json:"states"`
			Active      string            `json:"active"`
			Freeze      string            `json:"freeze"`
			Filter      string            `json:"filter"`
			Validations [][]any           `json:"validations"`
			Cells       map[string][]any  `json:"cells"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if strings.Join(got.Sheets, ",") != "变更记录,汇总,_lists" || got.States["_lists"] != "hidden" || got.Active != "变更记录" {
			t.Errorf("sheets %v, states %v, active %q", got.Sheets, got.States, got.Active)
		}
		if got.Freeze != "C2" || strings.ReplaceAll(got.Filter, "$", "") != "A1:T3" {
			t.Errorf("freeze %q, filter %q", got.Freeze, got.Filter)
		}
		if len(got.Validations) != 1 || got.Validations[0][0] != "list" || got.Validations[0][2] != "C2:C203" || got.Validations[0][3] != "stop" {
			t.Errorf("validations %v", got.Validations)
		}
		// [type, value, data_type, quotePrefix]: user text starting with = + @ is a string, never a formula.
		for _, axis := range []string{"B3", "D3", "E3", "R3"} {
			c := got.Cells[axis]
			if len(c) != 4 || c[0] != "str" || c[2] != "s" {
				t.Errorf("%s read as %v, want a string", axis, c)
			}
		}
		if c := got.Cells["K2"]; len(c) != 4 || c[0] != "float" || c[1] != "2.5" {
			t.Errorf("K2 (effort) read as %v, want the number 2.5", c)
		}
	})
	t.Run("LibreOffice", func(t *testing.T) {
		records := reporttest.LibreOfficeCSV(t, data, "变更记录")
		if len(records) != len(rows) {
			t.Fatalf("LibreOffice reads %d rows, %d were written", len(records), len(rows))
		}
		for i := range rows {
			for j, w := range rows[i] {
				if j < len(records[i]) && records[i][j] != w || j >= len(records[i]) && w != "" {
					t.Errorf("row %d column %d: LibreOffice reads %q, written %q", i+1, j+1, records[i][j:min(j+1, len(records[i]))], w)
				}
			}
		}
	})
}
