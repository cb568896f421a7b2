package crmflow

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateLayout is how crmflow writes a calendar day: 2026-11-25.
const DateLayout = time.DateOnly

// ParseDate reads a calendar day written YYYY-MM-DD (2026/11/25 and
// 2026.11.25 are read too). It is the one date reader behind every command's
// date flag, so that a wrong date gets the same message everywhere, naming
// the part that is wrong: "2026-13-45" is written right but has no month 13.
func ParseDate(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	sep := "-"
	for _, c := range []string{"/", "."} {
		if strings.Contains(t, c) && !strings.Contains(t, "-") {
			sep = c
		}
	}
	parts := strings.Split(t, sep)
	if len(parts) != 3 {
		return time.Time{}, dateError(s, "write it YYYY-MM-DD, e.g. 2026-11-25")
	}
	nums := [3]int{}
	for i, p := range parts {
		want := 2
		if i == 0 {
			want = 4
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") || len(p) < 1 || len(p) > want || (i == 0 && len(p) != 4) {
			return time.Time{}, dateError(s, "write it YYYY-MM-DD, e.g. 2026-11-25")
		}
		nums[i] = n
	}
	y, m, d := nums[0], nums[1], nums[2]
	if y < 1900 {
		return time.Time{}, dateError(s, fmt.Sprintf("year %d is before 1900", y)).With("part", "year").With("n", strconv.Itoa(y))
	}
	if m < 1 || m > 12 {
		return time.Time{}, dateError(s, fmt.Sprintf("there is no month %d (months run 1 to 12)", m)).With("part", "month").With("n", strconv.Itoa(m))
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > last {
		return time.Time{}, dateError(s, fmt.Sprintf("there is no day %d in %04d-%02d (it has %d days)", d, y, m, last)).
			With("part", "day").With("n", strconv.Itoa(d)).With("month", fmt.Sprintf("%04d-%02d", y, m)).With("days", strconv.Itoa(last))
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// DateProblem says what is wrong with s as a date ("there is no month 13 …"),
// or "" when s is one: for readers that word the rest of the message
// themselves (a survey cell names its file, sheet and row first).
func DateProblem(s string) string {
	if _, err := ParseDate(s); err != nil {
		return err.(*Error).Facts["why"]
	}
	return ""
}

// DateWhyZH says in Chinese which part of a date is wrong, from the facts
// of ParseDate's error: the Chinese of its "why".
func DateWhyZH(f map[string]string) string {
	switch f["part"] {
	case "year":
		return fmt.Sprintf("年份 %s 早于 1900", f["n"])
	case "month":
		return fmt.Sprintf("没有 %s 月（月份为 1 到 12）", f["n"])
	case "day":
		return fmt.Sprintf("%s 没有 %s 日（该月有 %s 天）", f["month"], f["n"], f["days"])
	}
	return "请写成 YYYY-MM-DD，例如 2026-11-25"
}

func dateError(s, why string) *Error {
	return Errorf(EINVALID, "%q is not a date: %s", s, why).With("why", why).With("value", s)
}

// ParseDateExact is ParseDate for stored values that must already be in the
// written form 2026-11-25 (custom fields): other separators are refused with
// the same message.
func ParseDateExact(s string) (time.Time, error) {
	d, err := ParseDate(s)
	if err != nil {
		return d, err
	}
	if d.Format(DateLayout) != strings.TrimSpace(s) {
		return time.Time{}, dateError(s, "write it YYYY-MM-DD, e.g. 2026-11-25")
	}
	return d, nil
}
