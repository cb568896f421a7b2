package meeting

import (
	"slices"
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
