package process

import (
	"context"
	"testing"
)

func TestRefRule(t *testing.T) {
	reqs := map[string]bool{"REQ-004": true}
	finds := map[string]bool{"F-001": true}
	ok := RefRule(func(_ context.Context, id string) bool { return reqs[id] }, func(_ context.Context, id string) bool { return finds[id] })
	for ref, want := range map[string]bool{"REQ-004": true, "req-4": true, "REQ-005": false, "F-001": true, "F-002": false, "PM-001": false, "": false} {
		if got := ok(context.Background(), ref); got != want {
			t.Errorf("%q: got %v, want %v", ref, got, want)
		}
	}
}
