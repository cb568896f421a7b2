package legacy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// dictionary is the demo's customer entity, plus a contact entity that
// references it.
var dictionary = []requirements.DataField{
	{Entity: "客户", Name: "客户名称", Type: requirements.DataText, Required: true},
	{Entity: "客户", Name: "统一社会信用代码", Type: requirements.DataText, Unique: true, Description: "18 位；经销商必填"},
	{Entity: "客户", Name: "客户等级", Type: requirements.DataChoice, Required: true, Values: []string{"A", "B", "C"}},
	{Entity: "客户", Name: "联系人手机号", Type: requirements.DataPhone, Required: true},
	{Entity: "客户", Name: "邮箱", Type: requirements.DataEmail},
	{Entity: "客户", Name: "建档日期", Type: requirements.DataDate},
	{Entity: "客户", Name: "年采购额", Type: requirements.DataMoney},
	{Entity: "联系人", Name: "姓名", Type: requirements.DataText, Required: true},
	{Entity: "联系人", Name: "所属客户", Type: requirements.DataRef, Required: true, Values: []string{"客户"}},
}

const header = "客户名称,统一社会信用代码,客户等级,联系人手机号,邮箱,建档日期,年采购额,备注\r\n"

func check(t *testing.T, csv []byte, entity string, refs map[string]map[string]bool) (Result, *Batches) {
	t.Helper()
	src, err := CSV(bytes.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	b := &Batches{Dir: t.TempDir(), Size: 2}
	res, err := Check(src, Options{Entity: entity, Fields: dictionary, Refs: refs}, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return res, b
}

func issueList(r Result) string {
	var s []string
	for _, i := range r.Issues {
		s = append(s, fmt.Sprintf("%d %s %s %s", i.Row, i.Column, i.Rule, i.Message))
	}
	return strings.Join(s, "\n")
}

func TestGBKWithoutBOM(t *testing.T) {
	utf8 := header + "上海好又多便利店,91310000MA1FL0AB12,A,13812345678,,,,\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(utf8))
	if err != nil {
		t.Fatal(err)
	}
	res, b := check(t, gbk, "客户", nil)
	if res.Encoding != "GBK" || res.Rows != 1 || res.Clean != 1 || res.Columns[0].Field != "客户名称" || len(res.Ignored) != 1 || res.Ignored[0] != "备注" {
		t.Fatalf("GBK: %+v\n%s", res, issueList(res))
	}
	out, err := os.ReadFile(b.Files[0])
	if err != nil || !bytes.HasPrefix(out, []byte("\ufeff客户名称,")) || !bytes.Contains(out, []byte("上海好又多便利店")) {
		t.Fatalf("the batch is not UTF-8 with a BOM: %q %v", out, err)
	}
	// UTF-16 (Excel's "Unicode text") and UTF-8 with a BOM read the same.
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(utf8))
	for name, in := range map[string][]byte{"UTF-16": u16, "UTF-8": append([]byte("\ufeff"), utf8...)} {
		res, _ := check(t, in, "客户", nil)
		if res.Encoding != name || res.Clean != 1 {
			t.Errorf("%s: %+v %s", name, res, issueList(res))
		}
	}
}

func TestRulesAndRepairs(t *testing.T) {
	in := header +
		"甲公司,9.13101E+17,A,13812345678,,,,\r\n" + // row 2: an ID in scientific notation
		"乙公司,91310000MA1FL0AB1,a,+86 138-0000-1111,X@Example.com,2026/1/5,\"¥1,200.50\",\r\n" + // 3: 17 characters; repairs
		",,D,3812345678,bad@,2026-13-01,abc,\r\n" + // 4: six problems
		"丙有限公司,91310000MA1FL0AB12,B,2188886666,,45658,,\r\n" + // 5: landline lost its 0; excel serial date
		"丙,91310000ma1fl0ab12,B,02188886666,,,,\r\n" + // 6: same credit code (case folded)
		"（丙）公司,,C,021-8888 6666,,,,\r\n" + // 7: duplicate of row 5 by name and phone
		",,,,,,,\r\n" // blank: skipped
	res, b := check(t, []byte(in), "客户", nil)
	want := []string{
		"2 B scientific-notation 9.13101E+17 lost its digits to scientific notation in Excel",
		"3 B length has 17 characters, not 18",
		"4 A required is required but empty",
		"4 C choice is not one of A, B, C",
		"4 D type has 10 digits: a mobile number that lost its leading 1, or a landline that lost its leading 0",
		"4 E type is not an email address",
		"4 F type is not a date",
		"4 G type is not a number",
		"6 B unique must be unique, but row 5 has the same 统一社会信用代码",
		"7 A duplicate is likely the same record as row 5 (same 客户名称 and 联系人手机号 once normalized)",
	}
	got := issueList(res)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if len(res.Issues) != len(want) {
		t.Errorf("%d issues, want %d:\n%s", len(res.Issues), len(want), got)
	}
	if res.Rows != 6 || res.Clean != 1 || res.Rejected != 5 {
		t.Errorf("rows %d clean %d rejected %d", res.Rows, res.Clean, res.Rejected)
	}
	counts := map[string]int{}
	for _, c := range res.ByRule {
		counts[c.Key] = c.Count
	}
	if counts["type"] != 4 || counts["required"] != 1 || counts["duplicate"] != 1 || counts["scientific-notation"] != 1 || len(res.ByRule) != len(Rules) {
		t.Errorf("by rule: %+v", res.ByRule)
	}
	fixes := map[string]int{}
	for _, c := range res.Fixes {
		fixes[c.Key] = c.Count
	}
	if fixes["phone-leading-zero"] != 1 || fixes["excel-serial-date"] != 1 {
		t.Errorf("fixes: %+v", res.Fixes)
	}
	// The clean row carries its repairs; rejected rows keep their values.
	batch, _ := os.ReadFile(filepath.Join(b.Dir, "batch-001.csv"))
	if !bytes.Contains(batch, []byte("丙有限公司,91310000MA1FL0AB12,B,02188886666,,2025-01-01,,")) {
		t.Errorf("batch:\n%s", batch)
	}
	rej, _ := os.ReadFile(filepath.Join(b.Dir, "rejected.csv"))
	if !bytes.Contains(rej, []byte("'+86 138-0000-1111")) || !bytes.Contains(rej, []byte("\n4,")) {
		t.Errorf("rejected:\n%s", rej)
	}
}

func TestPhones(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":      "",
		"１３８１２３４５６７８":      "13812345678",
		"8613812345678":    "13812345678",
		"0086 13812345678": "13812345678",
		"13812345678.0":    "13812345678",
		"1088886666":       "01088886666",
		"57188886666":      "057188886666",
		"(021) 8888-6666":  "02188886666",
	} {
		v := checkPhone(in, "")
		if v.problem != "" || (want != "" && v.value != want) || (want == "" && v.fix != "") {
			t.Errorf("checkPhone(%q) = %+v, want %q", in, v, want)
		}
	}
	for _, in := range []string{"3812345678", "12345", "138abc45678", "1381234567890"} {
		if v := checkPhone(in, ""); v.problem == "" {
			t.Errorf("checkPhone(%q) accepted %q", in, v.value)
		}
	}
}

func TestReferencesAndMissingColumns(t *testing.T) {
	in := "姓名,所属客户\n张三,甲公司\n李四,乙公司\n"
	res, _ := check(t, []byte(in), "联系人", map[string]map[string]bool{"客户": {"甲公司": true}})
	if res.Rejected != 1 || res.Issues[0].Rule != RuleReference || res.Issues[0].Row != 3 {
		t.Errorf("references: %s", issueList(res))
	}
	res, _ = check(t, []byte(in), "联系人", nil)
	if res.Rejected != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "were not checked") {
		t.Errorf("unchecked references: %+v", res)
	}
	src, _ := CSV(strings.NewReader("姓名\n张三\n"))
	if _, err := Check(src, Options{Entity: "联系人", Fields: dictionary}, nil); err == nil || !strings.Contains(err.Error(), "lacks the required column(s) 所属客户") {
		t.Errorf("missing column: %v", err)
	}
	src, _ = CSV(strings.NewReader("x\n"))
	if _, err := Check(src, Options{Entity: "商机", Fields: dictionary}, nil); err == nil || !strings.Contains(err.Error(), `no fields for "商机"`) {
		t.Errorf("unknown entity: %v", err)
	}
	src, _ = CSV(strings.NewReader(""))
	if _, err := Check(src, Options{Entity: "客户", Fields: dictionary}, nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

// A Chinese project reads its problems in Chinese, an English one in English.
func TestWordingFollowsTheLanguage(t *testing.T) {
	for lang, want := range map[crmflow.Lang]string{crmflow.LangZH: "必填但为空", crmflow.LangEN: "is required but empty"} {
		src, _ := CSV(strings.NewReader("客户名称,客户等级,联系人手机号\n,A,13812345678\n"))
		res, err := Check(src, Options{Entity: "客户", Fields: dictionary, Lang: lang}, nil)
		if err != nil || len(res.Issues) != 1 || res.Issues[0].Message != want {
			t.Errorf("%s: %+v %v", lang, res.Issues, err)
		}
		md := string(Markdown("a.csv", res, lang, nil))
		if lang == crmflow.LangEN && strings.ContainsAny(md, "必填规则") || lang == crmflow.LangZH && !strings.Contains(md, "| 必填 | 1 |") {
			t.Errorf("%s report:\n%s", lang, md)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

// FuzzReadLegacy feeds arbitrary bytes through the CSV reader and the
// checks: never a panic, and every row is either clean or rejected.
func FuzzReadLegacy(f *testing.F) {
	f.Add([]byte(header + "甲公司,9.13101E+17,A,13812345678,,,,\r\n"))
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(header + "乙,,B,+8613800001111,a@b.cn,2026/1/5,1e3,\n"))
	f.Add(gbk)
	f.Add([]byte("\xff\xfe\x00\x00"))
	f.Add([]byte("客户名称;客户等级;联系人手机号\n\"a\"\"b\";A;1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := CSV(bytes.NewReader(b))
		if err != nil {
			return
		}
		res, err := Check(src, Options{Entity: "客户", Fields: dictionary, MaxIssues: 50}, nil)
		if err != nil {
			return
		}
		if res.Clean+res.Rejected != res.Rows || len(res.Issues) > 50 {
			t.Fatalf("rows %d != clean %d + rejected %d, or %d issues kept", res.Rows, res.Clean, res.Rejected, len(res.Issues))
		}
	})
}

// BenchmarkCheck100k checks 100,000 rows × 15 columns (< 5 s).
func BenchmarkCheck100k(b *testing.B) {
	fields := append([]requirements.DataField(nil), dictionary[:7]...)
	var hdr []string
	for _, f := range fields {
		hdr = append(hdr, f.Name)
	}
	for i := len(hdr); i < 15; i++ {
		name := fmt.Sprintf("字段%d", i)
		fields = append(fields, requirements.DataField{Entity: "客户", Name: name, Type: requirements.DataText})
		hdr = append(hdr, name)
	}
	var buf bytes.Buffer
	buf.WriteString(strings.Join(hdr, ",") + "\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&buf, "客户%d有限公司,91310000MA%08d,%s,138%08d,u%d@example.com,2026-01-%02d,%d.50", i, i, []string{"A", "B", "C"}[i%3], i, i, i%28+1, i)
		for j := 7; j < 15; j++ {
			fmt.Fprintf(&buf, ",值%d", j)
		}
		buf.WriteString("\n")
	}
	data := buf.Bytes()
	dir := b.TempDir()
	b.ResetTimer()
	for b.Loop() {
		src, err := CSV(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		sink := &Batches{Dir: dir, Size: 500}
		res, err := Check(src, Options{Entity: "客户", Fields: fields}, sink)
		if err != nil || res.Rows != 100000 || res.Clean != 100000 {
			b.Fatalf("%v %+v", err, res.ByRule)
		}
		if err := sink.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
