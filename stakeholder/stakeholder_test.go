package stakeholder

import (
	"slices"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

func TestParseCapabilities(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Capability
	}{
		{"", []Capability{}},
		{"approve", []Capability{Approve}},
		{"签字，审批", []Capability{Approve, Signoff}},
		{"signoff, approve approve", []Capability{Approve, Signoff}},
		{"Sign-off", []Capability{Signoff}},
	} {
		got, err := ParseCapabilities(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ParseCapabilities(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if _, err := ParseCapabilities("approve,veto"); err == nil || !strings.Contains(err.Error(), `"veto"`) {
		t.Errorf("an unknown capability: %v", err)
	}
}

func TestValidate(t *testing.T) {
	s := Stakeholder{Name: "  张总 ", Email: "zhang@example.com"}
	if err := s.Validate(); err != nil || s.Name != "张总" || s.Can == nil {
		t.Errorf("Validate: %v, %+v", err, s)
	}
	for _, bad := range []Stakeholder{{Name: " "}, {Name: "a,b"}, {Name: "a\nb"}, {Name: strings.Repeat("名", 101)}, {Name: "x", Email: "not an address"}} {
		if err := bad.Validate(); crmflow.ErrorCode(err) != crmflow.EINVALID {
			t.Errorf("Validate(%+v) = %v, want EINVALID", bad, err)
		}
	}
}

func TestLookupAndRequire(t *testing.T) {
	all := []Stakeholder{
		{Name: "张总", Role: "销售总监", Can: []Capability{Approve, Signoff}},
		{Name: "张经理", Role: "区域经理", Can: []Capability{}},
		{Name: "李工", Role: "IT", Can: []Capability{Signoff}},
	}
	if s, err := Lookup(all, "张总"); err != nil || s.Name != "张总" {
		t.Errorf("exact: %v %v", s, err)
	}
	if s, err := Lookup(all, "李"); err != nil || s.Name != "李工" {
		t.Errorf("unique prefix: %v %v", s, err)
	}
	if _, err := Lookup(all, "张"); err == nil || !strings.Contains(err.Error(), "matches 2 stakeholders") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := Lookup(all, "王"); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown: %v", err)
	}
	if _, err := Lookup(all, ""); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("empty name: %v", err)
	}
	if _, err := Require(all, "张总", Approve); err != nil {
		t.Errorf("张总 may approve: %v", err)
	}
	_, err := Require(all, "李工", Approve)
	if err == nil || !strings.Contains(err.Error(), "李工 (IT) may not approve") {
		t.Errorf("李工 may not approve: %v", err)
	}
	if _, err := Require(all, "张经理", Signoff); err == nil {
		t.Error("张经理 has no capabilities yet may sign")
	}
}
