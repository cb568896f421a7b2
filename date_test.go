package crmflow

import (
	"strings"
	"testing"
)

func TestParseDateSaysWhichPartIsWrong(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-11-25", ""},
		{"2026/1/5", ""},
		{"2026.02.28", ""},
		{"2024-02-29", ""},
		{"2026-13-45", `"2026-13-45" is not a date: there is no month 13 (months run 1 to 12)`},
		{"2026-11-31", `"2026-11-31" is not a date: there is no day 31 in 2026-11 (it has 30 days)`},
		{"2026-02-29", `"2026-02-29" is not a date: there is no day 29 in 2026-02 (it has 28 days)`},
		{"2026-00-10", `"2026-00-10" is not a date: there is no month 0`},
		{"25.11.2026", `"25.11.2026" is not a date: write it YYYY-MM-DD, e.g. 2026-11-25`},
		{"tomorrow", `"tomorrow" is not a date: write it YYYY-MM-DD`},
		{"2026-11", `write it YYYY-MM-DD`},
		{"2026-11/25", `write it YYYY-MM-DD`},
		{"2026-+1-05", `write it YYYY-MM-DD`},
		{"0999-01-01", `year 999 is before 1900`},
		{"1200-01-01", `year 1200 is before 1900`},
	} {
		d, err := ParseDate(c.in)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.in, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: read as %v", c.in, d)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %q, want %q", c.in, err.Error(), c.want)
		}
	}
	if d, _ := ParseDate("2026/1/5"); d.Format(DateLayout) != "2026-01-05" {
		t.Errorf("2026/1/5 read as %v", d)
	}
}
