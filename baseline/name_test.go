package baseline

import (
	"regexp"
	"strings"
	"testing"
)

// The hand-written check accepts exactly what the documented pattern accepts.
func TestValidNameMatchesPattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$`)
	names := []string{"", "v1.0", "R9", "基线一", "v1.0-rc_2", ".v1", "-x", "_x", "v 1", "v/1", "a\x00", "\xff",
		"v\xff", "\uFFFD", "Ⅻ", "٣", strings.Repeat("a", 40), strings.Repeat("a", 41), strings.Repeat("基", 40),
		strings.Repeat("基", 41), "v1.0\n", "é1", "e\u0301"}
	for _, n := range names {
		if got, want := validName(n), pattern.MatchString(n); got != want {
			t.Errorf("validName(%q) = %v, the pattern says %v", n, got, want)
		}
	}
}
