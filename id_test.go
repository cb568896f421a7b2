package crmflow

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIDForms is the one table of the ID forms crmflow accepts (docs/ids.md).
func TestIDForms(t *testing.T) {
	cases := []struct {
		kind     Kind
		in       string
		parse    string // written form from Parse, "" when refused
		parseRef string // written form from ParseRef, "" when refused
	}{
		{KindRequirement, "REQ-004", "REQ-004", "REQ-004"},
		{KindRequirement, "req-4", "REQ-004", "REQ-004"},
		{KindRequirement, "REQ4", "REQ-004", "REQ-004"},
		{KindRequirement, "  REQ-0004 ", "REQ-004", "REQ-004"},
		{KindRequirement, "REQ-1234", "REQ-1234", "REQ-1234"},
		{KindRequirement, "4", "", "REQ-004"},
		{KindRequirement, " 004 ", "", "REQ-004"},
		{KindRequirement, "REQ-000", "", ""},
		{KindRequirement, "0", "", ""},
		{KindRequirement, "REQ-", "", ""},
		{KindRequirement, "REQ--4", "", ""},
		{KindRequirement, "REQ-4a", "", ""},
		{KindRequirement, "REQ-1234567890", "", ""},
		{KindRequirement, "RE-4", "", ""},
		{KindRequirement, "F-4", "", ""},
		{KindRequirement, "-4", "", ""},
		{KindRequirement, "+4", "", ""},
		{KindRequirement, "REQ 4", "", ""},
		{KindRequirement, "REQ-４", "", ""}, // full-width digits are not digits here
		{KindFinding, "F1", "F-001", "F-001"},
		{KindFinding, "f-01", "F-001", "F-001"},
		{KindFinding, " F-001", "F-001", "F-001"},
		{KindInterview, "int-2", "INT-002", "INT-002"},
		{KindMilestone, "MS-3", "MS-03", "MS-03"},
		{KindMilestone, "ms-103", "MS-103", "MS-103"},
		{KindUAT, "UAT-1", "UAT-1", "UAT-1"},
		{KindQuestionnaire, "q-7", "Q-007", "Q-007"},
		{KindProcessMap, "PM1", "PM-001", "PM-001"},
		{KindChange, "cr-12", "CR-012", "CR-012"},
		{KindMeeting, "MEET-1", "MEET-001", "MEET-001"},
	}
	for _, c := range cases {
		got, _ := c.kind.Normalize(c.in)
		if got != c.parse {
			t.Errorf("%s.Normalize(%q) = %q, want %q", c.kind.Prefix, c.in, got, c.parse)
		}
		got, _ = c.kind.NormalizeRef(c.in)
		if got != c.parseRef {
			t.Errorf("%s.NormalizeRef(%q) = %q, want %q", c.kind.Prefix, c.in, got, c.parseRef)
		}
	}
}

func TestKindOf(t *testing.T) {
	for in, want := range map[string]string{"REQ-1": "REQ-001", "so-2": "SO-002", "S-3": "S-03", "MEET-4": "MEET-004", "INT-5": "INT-005"} {
		k, n, ok := KindOf(in)
		if !ok || k.Format(n) != want {
			t.Errorf("KindOf(%q) = %v %d %v, want %s", in, k, n, ok, want)
		}
	}
	if _, _, ok := KindOf("X-1"); ok {
		t.Error("KindOf(X-1) succeeded")
	}
}

func TestFindRefs(t *testing.T) {
	text := "见 REQ-004、F-12。XREQ-5 与 REQ-6a 不算；(CR-001) 和 MS-03,TC-0007 算, REQ-000 不算"
	var got []string
	for _, r := range FindRefs(text) {
		got = append(got, r.ID)
		if text[r.Start:r.End] == "" || !strings.Contains(text[r.Start:r.End], "-") {
			t.Errorf("bad span %d:%d for %s", r.Start, r.End, r.ID)
		}
	}
	want := "REQ-004 F-012 CR-001 MS-03 TC-007"
	if strings.Join(got, " ") != want {
		t.Errorf("FindRefs = %v, want %s", got, want)
	}
	if refs := FindRefs(text, KindFinding); len(refs) != 1 || refs[0].ID != "F-012" {
		t.Errorf("FindRefs(F) = %v", refs)
	}
}

func FuzzID(f *testing.F) {
	for _, s := range []string{"REQ-004", "req4", "4", "F-01", "见 REQ-004。", "REQ-99999999999", "MS-\x00", "ＲＥＱ-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range Kinds {
			if n, ok := k.ParseRef(s); ok {
				if n < 1 || n > MaxIDNumber {
					t.Fatalf("%s.ParseRef(%q) = %d", k.Prefix, s, n)
				}
				// The written form parses back to the same number.
				if m, ok := k.Parse(k.Format(n)); !ok || m != n {
					t.Fatalf("%s: %q does not round-trip", k.Prefix, k.Format(n))
				}
			}
		}
		last := 0
		for _, r := range FindRefs(s) {
			if r.Start < last || r.End > len(s) || r.Start >= r.End || !utf8.ValidString(s[r.Start:r.End]) {
				t.Fatalf("FindRefs(%q): bad span %+v", s, r)
			}
			if n, ok := r.Kind.Parse(s[r.Start:r.End]); !ok || n != r.N {
				t.Fatalf("FindRefs(%q): %q does not parse as %s", s, s[r.Start:r.End], r.ID)
			}
			last = r.End
		}
	})
}
