package meeting

import (
	"strings"
	"testing"
)

func TestExpandRange(t *testing.T) {
	ids, err := ExpandRange("REQ-008..REQ-011", nil)
	if err != nil || strings.Join(ids, ",") != "REQ-008,REQ-009,REQ-010,REQ-011" {
		t.Fatalf("%v %v", ids, err)
	}
	ids, err = ExpandRange("1..2", nil)
	if err != nil || strings.Join(ids, ",") != "REQ-001,REQ-002" {
		t.Fatalf("%v %v", ids, err)
	}
	for _, bad := range []string{"REQ-5..REQ-1", "a..b", "REQ-1..REQ-999999"} {
		if _, err := ExpandRange(bad, nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	one, err := ExpandRange("拜访", func(s string) (string, error) { return "REQ-007", nil })
	if err != nil || one[0] != "REQ-007" {
		t.Fatalf("%v %v", one, err)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"确认会": Confirmation, "review": Review, "启动会": Kickoff} {
		if k, err := ParseKind(in); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %v, %v", in, k, err)
		}
	}
	if _, err := ParseKind("party"); err == nil {
		t.Error("party accepted")
	}
}
