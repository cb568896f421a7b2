package crmflow

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{
		{1, "error", "1 error"},
		{0, "error", "0 errors"},
		{2, "problem", "2 problems"},
		{1, "rejected row", "1 rejected row"},
		{3, "rejected row", "3 rejected rows"},
		{1, "response", "1 response"},
		{4, "entry", "4 entries"},
		{2, "day", "2 days"},
		{2, "process", "2 processes"},
		{2, "acceptance criterion", "2 acceptance criteria"},
	} {
		if got := Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}
