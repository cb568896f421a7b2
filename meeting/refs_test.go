package meeting

import (
	"slices"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
)

func TestExpandRefsSkipsGapsInRanges(t *testing.T) {
	exists := func(id string) bool { return id != "REQ-002" }
	resolve := func(ref string) (string, error) { return "REQ-009", nil }
	got, err := ExpandRefs([]string{"REQ-001..REQ-003", "9"}, exists, resolve)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"REQ-001", "REQ-003", "REQ-009"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	_, err = ExpandRefs([]string{"REQ-002..REQ-002"}, exists, resolve)
	if crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Fatalf("an empty range: got %v, want ENOTFOUND", err)
	}
}

func TestDecideExplicitWinsOverRange(t *testing.T) {
	rng := []string{"REQ-001", "REQ-002", "REQ-003"}
	ds, ov, err := Decide([]Refs{
		{Outcome: Confirm, Refs: []string{"REQ-001..REQ-003"}, IDs: [][]string{rng}},
		{Outcome: Defer, Refs: []string{"REQ-002"}, IDs: [][]string{{"REQ-002"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Decision{{Req: "REQ-001", Outcome: Confirm}, {Req: "REQ-002", Outcome: Defer}, {Req: "REQ-003", Outcome: Confirm}}
	if len(ds) != len(want) {
		t.Fatalf("decisions %+v", ds)
	}
	for i := range want {
		if ds[i] != want[i] {
			t.Errorf("decision %d = %+v, want %+v", i, ds[i], want[i])
		}
	}
	if len(ov) != 1 || ov[0] != (Override{Req: "REQ-002", Outcome: Defer, Range: "REQ-001..REQ-003", RangeWant: Confirm}) {
		t.Errorf("overrides %+v", ov)
	}
	// Two ranges of different outcomes over one requirement: ambiguous.
	if _, _, err := Decide([]Refs{
		{Outcome: Confirm, Refs: []string{"REQ-001..REQ-003"}, IDs: [][]string{rng}},
		{Outcome: Reject, Refs: []string{"REQ-003..REQ-004"}, IDs: [][]string{{"REQ-003", "REQ-004"}}},
	}); err == nil || !strings.Contains(err.Error(), "REQ-003 is decided twice") {
		t.Errorf("overlapping ranges: %v", err)
	}
	// Named twice on its own.
	if _, _, err := Decide([]Refs{
		{Outcome: Confirm, Refs: []string{"REQ-001"}, IDs: [][]string{{"REQ-001"}}},
		{Outcome: Defer, Refs: []string{"REQ-001"}, IDs: [][]string{{"REQ-001"}}},
	}); err == nil || !strings.Contains(err.Error(), "REQ-001 is decided twice") {
		t.Errorf("named twice: %v", err)
	}
}
