package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/requirements"
)

func req(id, title string) requirements.Requirement {
	return requirements.Requirement{ID: id, Revision: 2, Title: title, Module: "visits", Kind: "functional",
		Status: requirements.Frozen, Value: 5, Difficulty: 2, Urgency: 4, Criteria: []string{"5 秒内可见"},
		Fields: map[string]string{"z": "1", "a": "<b>&"}}
}

func TestCanonicalFormIsDocumented(t *testing.T) {
	it := ItemOf(req("REQ-001", "拜访"), []requirements.Link{
		{From: "REQ-001", To: "REQ-010", Kind: "relates-to"}, {From: "REQ-001", To: "REQ-002", Kind: "parent"},
		{From: "REQ-009", To: "REQ-001", Kind: "parent"}, // incoming: not the item's
	})
	got := string(Canonical(it))
	want := `{"id":"REQ-001","revision":2,"title":"拜访","description":"","module":"visits","kind":"functional","status":"frozen",` +
		`"value":5,"difficulty":2,"urgency":4,"moscow":"","criteria":["5 秒内可见"],"owner":"","source":"","stakeholder":"",` +
		`"tags":[],"fields":{"a":"<b>&","z":"1"},"links":[{"to":"REQ-002","kind":"parent"},{"to":"REQ-010","kind":"relates-to"}]}`
	if got != want {
		t.Fatalf("canonical item\n got %s\nwant %s", got, want)
	}
	items := [][]byte{[]byte(got)}
	doc := `{"format":"crmflow-baseline/1","name":"v1.0","requirements":[` + want + `]}`
	if string(Document("v1.0", items)) != doc {
		t.Fatalf("document\n got %s\nwant %s", Document("v1.0", items), doc)
	}
	sum := sha256.Sum256([]byte(doc))
	if Hash("v1.0", items) != hex.EncodeToString(sum[:]) {
		t.Fatal("hash is not the SHA-256 of the document")
	}
	if Hash("v1.1", items) == Hash("v1.0", items) {
		t.Fatal("the name is not part of the hash")
	}
}

func TestVerifyFindsChanges(t *testing.T) {
	a := Canonical(ItemOf(req("REQ-001", "拜访"), nil))
	b := Canonical(ItemOf(req("REQ-002", "统计"), nil))
	items := [][]byte{a, b}
	bl := Baseline{Name: "v1.0", Hash: Hash("v1.0", items), Count: 2}
	if v := Verify(bl, items); !v.OK {
		t.Fatalf("intact baseline: %v", v.Problems)
	}
	for name, bad := range map[string][][]byte{
		"edited":        {[]byte(strings.Replace(string(a), "拜访", "访问", 1)), b},
		"dropped":       {a},
		"reordered":     {b, a},
		"non-canonical": {[]byte(strings.Replace(string(a), `"revision":2,`, `"revision": 2,`, 1)), b},
	} {
		if v := Verify(bl, bad); v.OK {
			t.Errorf("%s: verify passed", name)
		}
	}
}

func TestCompare(t *testing.T) {
	r1, r2, r3 := req("REQ-001", "拜访"), req("REQ-002", "统计"), req("REQ-1000", "大号")
	old := [][]byte{Canonical(ItemOf(r1, nil)), Canonical(ItemOf(r2, nil)), Canonical(ItemOf(r3, nil))}
	r1b := r1.Clone()
	r1b.Description = "销售代表在门店现场用手机录入拜访记录，保存后主管 5 秒内可见，离线时先存本地。"
	r1b.Urgency = 5
	r4 := req("REQ-003", "新增")
	neu := [][]byte{Canonical(ItemOf(r1b, nil)), Canonical(ItemOf(r4, nil)), Canonical(ItemOf(r3, nil))}
	d, err := Compare("v1.0", "v1.1", old, neu)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 1 || d.Added[0].ID != "REQ-003" || len(d.Removed) != 1 || d.Removed[0].ID != "REQ-002" || d.Same != 1 {
		t.Fatalf("diff %+v", d)
	}
	if len(d.Changed) != 1 || len(d.Changed[0].Fields) != 2 {
		t.Fatalf("changed %+v", d.Changed)
	}
	desc, urg := d.Changed[0].Fields[0], d.Changed[0].Fields[1]
	// The description was empty: the new text is all new, nothing to mark.
	if desc.Field != "description" || desc.New != r1b.Description || desc.Text != nil || urg.Field != "urgency" || urg.Old != "4" || urg.New != "5" || urg.Text != nil {
		t.Fatalf("fields %+v", d.Changed[0].Fields)
	}
	if d, _ := Compare("a", "b", old, old); !d.Empty() || d.Same != 3 {
		t.Fatalf("self diff %+v", d)
	}
}

func TestNextName(t *testing.T) {
	for last, want := range map[string]string{"": "v1.0", "v1.0": "v1.1", "v1.9": "v1.10", "R9": "R10", "基线": "基线.1", "v2": "v3"} {
		if got := NextName(last); got != want {
			t.Errorf("NextName(%q) = %q, want %q", last, got, want)
		}
	}
	for _, bad := range []string{"", "v 1", "-v1", "v1/../x", strings.Repeat("v", 41)} {
		if ValidName(bad) == nil {
			t.Errorf("ValidName(%q) accepted", bad)
		}
	}
}

func TestItemRoundTrip(t *testing.T) {
	r := req("REQ-004", "往返")
	it := ItemOf(r, []requirements.Link{{From: "REQ-004", To: "REQ-001", Kind: "parent"}})
	back, links := it.Requirement()
	if back.Title != r.Title || back.Fields["a"] != "<b>&" || len(links) != 1 || links[0].To != "REQ-001" {
		t.Fatalf("round trip %+v %+v", back, links)
	}
	parsed, err := ParseItem(Canonical(it))
	if err != nil || parsed.ID != "REQ-004" {
		t.Fatalf("ParseItem: %v", err)
	}
}

func FuzzParseItem(f *testing.F) {
	f.Add(Canonical(ItemOf(req("REQ-001", "拜访"), nil)))
	f.Add([]byte(`{"id":"REQ-1"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		it, err := ParseItem(b)
		if err == nil && string(Canonical(it)) != string(b) {
			t.Fatalf("accepted a non-canonical item")
		}
	})
}

// TestTextDiff: a text diff marks whole words (Latin) and phrases (Chinese),
// never part of a word or number, and its runs rebuild both texts.
func TestTextDiff(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"Reps log visits on the phone", "Sales reps log each visit on the phone",
			"[-Reps log visits-][+Sales reps log each visit+][= on the phone=]"},
		{"Response within 5 seconds", "Response within 10 seconds", "[=Response within =][-5-][+10+][= seconds=]"},
		{"Price 4.5 per unit", "Price 4.75 per unit", "[=Price =][-4.5-][+4.75+][= per unit=]"},
		{"销售在拜访时拍照上传。", "销售在拜访时拍照上传，照片带水印。", "[=销售在拜访时拍照上传=][+，照片带水印+][=。=]"},
		{"保存后主管 5 秒内可见", "保存后主管 0 秒内可见", "[=保存后主管 =][-5-][+0+][= 秒内可见=]"},
		{"客户拜访记录", "门店巡检记录", "[-客户拜访-][+门店巡检+][=记录=]"},
	} {
		got := spansString(TextDiff(c.old, c.new))
		if got != c.want {
			t.Errorf("TextDiff(%q, %q) = %s, want %s", c.old, c.new, got, c.want)
		}
		var a, b string
		for _, s := range TextDiff(c.old, c.new) {
			if s.Op != "+" {
				a += s.Text
			}
			if s.Op != "-" {
				b += s.Text
			}
		}
		if a != c.old || b != c.new {
			t.Errorf("TextDiff(%q, %q) rebuilds %q, %q", c.old, c.new, a, b)
		}
	}
}

func spansString(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString("[" + s.Op + s.Text + s.Op + "]")
	}
	return b.String()
}

// TestTextFieldsOnly: numbers and enumerations are before → after, and a
// text replaced as a whole carries no word diff either.
func TestTextFieldsOnly(t *testing.T) {
	x := Item{ID: "REQ-001", Title: "Visit photos", Description: "Reps upload a photo per visit.", Value: 5, MoSCoW: "must", Module: "Visits"}
	y := x
	y.Title, y.Description, y.Value, y.MoSCoW, y.Module = "Visit photos with watermark", "Nothing alike here", 0, "should", "Field sales"
	for _, fc := range CompareItems(x, y) {
		wantText := fc.Field == "title"
		if (fc.Text != nil) != wantText {
			t.Errorf("%s: text diff %v, want one: %v", fc.Field, fc.Text, wantText)
		}
	}
}

// TestRewrittenText: a text rewritten but for a word or two is shown
// before → after, not as a diff that marks nearly everything.
func TestRewrittenText(t *testing.T) {
	x := Item{ID: "REQ-005", Description: "销售需要拍摄门店陈列、堆头和价签照片作为拜访凭证。目前照片散落在个人微信里，无法与拜访记录对应。"}
	y := x
	y.Description = "销售代表在拜访记录中拍照上传门店陈列和货架照片；照片由 App 现场拍摄，自动加上拍摄时间、定位和门店名称水印，不能从相册选择。"
	if fc := CompareItems(x, y); len(fc) != 1 || fc[0].Text != nil {
		t.Fatalf("rewritten description: %+v", fc)
	}
}
