package requirements

import "testing"

func TestParseAssignments(t *testing.T) {
	defs := []FieldDef{{Name: "预计工时", Type: FieldNumber}}
	p, err := ParseAssignments([]string{"title= 新标题 ", "criteria=甲;乙；丙", "tags=a, b", "urgency=5", "预计工时=3", "moscow=must"}, defs)
	if err != nil {
		t.Fatal(err)
	}
	if *p.Title != "新标题" || len(*p.Criteria) != 3 || len(*p.Tags) != 2 || *p.Urgency != 5 || p.Fields["预计工时"] != "3" || *p.MoSCoW != Must {
		t.Fatalf("patch %+v", p)
	}
	for _, bad := range [][]string{{"colour=red"}, {"title"}, {"=x"}, {"value=9"}, {"kind=odd"}, {"title=a", "标题=b"}} {
		if _, err := ParseAssignments(bad, defs); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseAssignments(f *testing.F) {
	f.Add("title=x")
	f.Add("criteria=a;b")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseAssignments([]string{s}, nil)
	})
}
