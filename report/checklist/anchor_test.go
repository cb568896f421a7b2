package checklist

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// readSheetsScript prints, for each named sheet, its rows of column A and B
// as openpyxl reads them.
const readSheetsScript = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for name in sys.argv[2:]:
    ws = wb[name]
    out[name] = [["" if c.value is None else str(c.value) for c in row[:2]] for row in ws.iter_rows(max_col=2)]
print(json.dumps(out, ensure_ascii=False))
`

// TestChecklistAnchor checks with openpyxl that the checklist states the
// audit log's head it was exported from, on the instructions sheet (the page
// a client prints) in the SRS cover's words, and in full in the hidden
// _crmflow sheet; a project with an empty log states none.
func TestChecklistAnchor(t *testing.T) {
	hash := strings.Repeat("0123456789abcdef", 4)
	for _, tc := range []struct {
		lang       crmflow.Lang
		label, val string
	}{
		{crmflow.LangZH, "审计日志", "第 412 条事件（0123456789abcdef）"},
		{crmflow.LangEN, "Audit log", "event 412 (0123456789abcdef)"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			for _, anchored := range []bool{true, false} {
				reg := checklistTestRegister(t, tc.lang)
				if anchored {
					reg.Anchor = crmflow.Anchor{Seq: 412, Hash: hash}
				}
				path := filepath.Join(t.TempDir(), "requirements.xlsx")
				if err := os.WriteFile(path, writeChecklistBytes(t, reg), 0o644); err != nil {
					t.Fatal(err)
				}
				instructions := checklistSheets(tc.lang).instructions
				var got map[string][][]string
				out := reporttest.RunPython(t, readSheetsScript, path, instructions, "_crmflow")
				if err := json.Unmarshal(out, &got); err != nil {
					t.Fatalf("%v: %s", err, out)
				}
				info := map[string]string{}
				for _, r := range got[instructions] {
					info[r[0]] = r[1]
				}
				meta := map[string]string{}
				for _, r := range got["_crmflow"] {
					meta[r[0]] = r[1]
				}
				if !anchored {
					if v, ok := info[tc.label]; ok {
						t.Errorf("empty log: %s row %q on the instructions sheet", tc.label, v)
					}
					if v, ok := meta["audit_seq"]; ok {
						t.Errorf("empty log: audit_seq %q in _crmflow", v)
					}
					continue
				}
				if info[tc.label] != tc.val {
					t.Errorf("instructions sheet %s = %q, want %q (rows %q)", tc.label, info[tc.label], tc.val, got[instructions])
				}
				if meta["audit_seq"] != "412" || meta["audit_hash"] != hash {
					t.Errorf("_crmflow audit_seq %q audit_hash %q, want 412 %s", meta["audit_seq"], meta["audit_hash"], hash)
				}
			}
		})
	}
}
