package requirements

import (
	"errors"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

func TestTransitions(t *testing.T) {
	allowed := map[[2]Status]bool{
		{Draft, Confirmed}: true, {Draft, Rejected}: true, {Draft, Deferred}: true,
		{Confirmed, Frozen}: true, {Confirmed, Rejected}: true, {Confirmed, Deferred}: true, {Confirmed, Draft}: true,
		{Frozen, Implemented}: true, {Implemented, Verified}: true,
		{Rejected, Draft}: true, {Deferred, Draft}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			err := CheckTransition("REQ-001", from, to)
			want := allowed[[2]Status{from, to}]
			if want != (err == nil) {
				t.Errorf("%s → %s: err = %v, want allowed=%v", from, to, err, want)
			}
			if err != nil && crmflow.ErrorCode(err) != crmflow.ECONFLICT {
				t.Errorf("%s → %s: code %s, want conflict", from, to, crmflow.ErrorCode(err))
			}
		}
	}
	err := CheckTransition("REQ-007", Draft, Verified)
	if err == nil || !strings.Contains(err.Error(), "allowed from draft: confirmed, rejected, deferred") {
		t.Errorf("error does not list the allowed moves: %v", err)
	}
	// The facts a front end turns into "Try: crmflow req status REQ-007 confirmed".
	var ce *crmflow.Error
	if !errors.As(err, &ce) || ce.Op != "req.status" || ce.ID != "REQ-007" || crmflow.Fact(err, "allowed") != "confirmed" || ce.Try != "" {
		t.Errorf("facts = %+v", ce)
	}
}

func TestEditable(t *testing.T) {
	for _, s := range Statuses {
		want := s != Frozen && s != Implemented && s != Verified
		if s.Editable() != want {
			t.Errorf("%s.Editable() = %v", s, s.Editable())
		}
	}
}

func TestParseStatusKindMoSCoW(t *testing.T) {
	for in, want := range map[string]Status{"draft": Draft, " Confirmed ": Confirmed, "已冻结": Frozen} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %s, %v", in, got, err)
		}
	}
	for in, want := range map[string]Kind{"functional": KindFunctional, "报表": KindReport, "NFR": KindNonFunctional} {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %s, %v", in, got, err)
		}
	}
	for in, want := range map[string]MoSCoW{"must": Must, "Won't": Wont, "应该有": Should, "": "", "auto": ""} {
		if got, err := ParseMoSCoW(in); err != nil || got != want {
			t.Errorf("ParseMoSCoW(%q) = %s, %v", in, got, err)
		}
	}
	for _, bad := range []string{"done", ""} {
		if _, err := ParseStatus(bad); err == nil {
			t.Errorf("ParseStatus(%q) accepted", bad)
		}
	}
	if _, err := ParseKind("feature"); err == nil {
		t.Error("ParseKind(feature) accepted")
	}
	if _, err := ParseMoSCoW("maybe"); err == nil {
		t.Error("ParseMoSCoW(maybe) accepted")
	}
}

func TestValidate(t *testing.T) {
	ok := func() Requirement {
		return Requirement{Title: "t", Module: "visit", Kind: KindFunctional, Value: 3, Difficulty: 3, Urgency: 3}
	}
	tests := []struct {
		name    string
		mutate  func(*Requirement)
		wantErr string
	}{
		{"valid", func(*Requirement) {}, ""},
		{"empty title", func(r *Requirement) { r.Title = " " }, "title is empty"},
		{"multi-line title", func(r *Requirement) { r.Title = "a\nb" }, "one line"},
		{"long title", func(r *Requirement) { r.Title = strings.Repeat("需", 201) }, "limit is 200"},
		{"value 0", func(r *Requirement) { r.Value = 0 }, "value must be an integer 1–5, got 0"},
		{"difficulty 6", func(r *Requirement) { r.Difficulty = 6 }, "difficulty must be an integer 1–5, got 6"},
		{"urgency -1", func(r *Requirement) { r.Urgency = -1 }, "urgency must be an integer 1–5"},
		{"no module", func(r *Requirement) { r.Module = "" }, "module is empty"},
		{"bad kind", func(r *Requirement) { r.Kind = "x" }, "kind"},
		{"empty criterion", func(r *Requirement) { r.Criteria = []string{"a", " "} }, "acceptance criterion 2 is empty"},
		{"comma tag", func(r *Requirement) { r.Tags = []string{"a,b"} }, "tag"},
	}
	for _, tt := range tests {
		r := ok()
		tt.mutate(&r)
		err := r.Validate()
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestNormalizeID(t *testing.T) {
	for in, want := range map[string]string{"REQ-001": "REQ-001", "req-1": "REQ-001", "1": "REQ-001", "REQ-0042": "REQ-042", "REQ1234": "REQ-1234"} {
		if got, ok := crmflow.KindRequirement.NormalizeRef(in); !ok || got != want {
			t.Errorf("NormalizeID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"REQ-", "CR-001", "拜访", "REQ-1a"} {
		if _, ok := crmflow.KindRequirement.NormalizeRef(bad); ok {
			t.Errorf("NormalizeID(%q) accepted", bad)
		}
	}
}

func TestCheckLinkCycles(t *testing.T) {
	all := []Link{{From: "REQ-002", To: "REQ-001", Kind: LinkParent}, {From: "REQ-003", To: "REQ-002", Kind: LinkParent}}
	if err := checkLink(Link{From: "REQ-001", To: "REQ-003", Kind: LinkParent}, all); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a three-step cycle was allowed: %v", err)
	}
	if err := checkLink(Link{From: "REQ-002", To: "REQ-004", Kind: LinkParent}, all); err == nil || !strings.Contains(err.Error(), "already has the parent") {
		t.Errorf("a second parent was allowed: %v", err)
	}
	if err := checkLink(Link{From: "REQ-001", To: "REQ-003", Kind: LinkDerivesFrom}, all); err != nil {
		t.Errorf("derives-from against a parent chain is not a cycle: %v", err)
	}
	if err := checkLink(Link{From: "REQ-001", To: "REQ-002", Kind: LinkRelatesTo}, append(all, Link{From: "REQ-002", To: "REQ-001", Kind: LinkRelatesTo})); err == nil {
		t.Error("relates-to is symmetric: the reverse link is a duplicate")
	}
}

func TestCatalog(t *testing.T) {
	cat, err := ParseCatalog([]byte(`[{"key":"visit","zh":"拜访跟进","en":"Visits","aliases":["拜访与跟进"]},{"key":"customer","zh":"客户信息","en":"Customers"}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"visit", "拜访跟进", "拜访与跟进", "VISITS", " visits "} {
		if m, ok := cat.Lookup(name); !ok || m.Key != "visit" {
			t.Errorf("Lookup(%q) = %v, %v", name, m, ok)
		}
	}
	_, err = cat.Resolve("仓储")
	if err == nil || !strings.Contains(err.Error(), "拜访跟进 (visit), 客户信息 (customer)") {
		t.Errorf("Resolve error does not list the modules: %v", err)
	}
	m, err := cat.NewModule("field-service", "外勤管理", "")
	if err != nil || m.En != "外勤管理" {
		t.Fatalf("NewModule = %+v, %v", m, err)
	}
	c2, err := cat.WithCustom([]Module{m})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c2.Lookup("外勤管理"); !ok {
		t.Error("custom module not found")
	}
	if _, ok := cat.Lookup("外勤管理"); ok {
		t.Error("WithCustom changed the base catalog")
	}
	if _, err := cat.NewModule("Bad Key", "x", ""); err == nil {
		t.Error("a bad key was accepted")
	}
	if _, err := cat.NewModule("v2", "拜访与跟进", ""); err == nil {
		t.Error("a clashing name was accepted")
	}
}

func TestFieldDefCanonical(t *testing.T) {
	num := FieldDef{Name: "工时", Type: FieldNumber}
	date := FieldDef{Name: "日期", Type: FieldDate}
	choice := FieldDef{Name: "批次", Type: FieldChoice, Choices: []string{"一期", "二期"}}
	tests := []struct {
		d       FieldDef
		in      string
		want    string
		wantErr bool
	}{
		{num, "3", "3", false}, {num, " 2.50 ", "2.5", false}, {num, "1e3", "1000", false}, {num, "三", "", true}, {num, "NaN", "", true},
		{date, "2027-01-15", "2027-01-15", false}, {date, "2027-02-30", "", true}, {date, "2027/01/15", "", true},
		{choice, "二期", "二期", false}, {choice, "四期", "", true},
		{num, "", "", false},
	}
	for _, tt := range tests {
		got, err := tt.d.Canonical(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s.Canonical(%q) = %q, %v", tt.d.Name, tt.in, got, err)
		}
	}
}
