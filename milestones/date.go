// Package milestones is the project manager's half of the lifecycle: the
// working calendar (weekends, Chinese public holidays and 调休 make-up days,
// project overrides), plan templates, milestones with finish-to-start
// dependencies, an exact critical-path schedule forecast from actual
// progress, the project buffer, risks, the schedule impact of change requests
// and the data of the weekly report. It imports no CLI, SQL or spreadsheet
// code: it computes, and a Store applies.
package milestones

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
)

// Date is a calendar day, counted in days since 1970-01-01. The zero Date
// means "not set" (no plan starts in 1970), so it is omitted from JSON.
type Date int32

// DateLayout is how dates are written: 2027-01-04.
const DateLayout = "2006-01-02"

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate reads 2027-01-04 (also 2027/01/04 and 2027.01.04).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if d, ok := fastDate(s); ok {
		return d, nil
	}
	t, err := crmflow.ParseDate(s)
	if err != nil {
		return 0, err
	}
	if t.Year() < 1971 { // a Date counts days from 1970; 0 means "not set"
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not a date in a plan: year %d is before 1971", s, t.Year())
	}
	return DateOf(t), nil
}

// fastDate reads the stored form 2027-01-04 without time.Parse: a plan of
// thousands of milestones reads several dates per row.
func fastDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(b string) int {
		n := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return -1
			}
			n = n*10 + int(b[i]-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 1971 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	v := NewDate(y, time.Month(m), d)
	if v.Time().Day() != d { // 2027-02-30 rolls over: not a date
		return 0, false
	}
	return v, true
}

// Time is the day at midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == 0 }

// String writes 2027-01-04, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(DateLayout)
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

// AddDays moves by n calendar days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// ISOWeek returns the ISO 8601 year and week.
func (d Date) ISOWeek() (year, week int) { return d.Time().ISOWeek() }

// Monday is the Monday of d's ISO week.
func (d Date) Monday() Date { return d - Date((int(d.Weekday())+6)%7) }

// MarshalJSON writes "2027-01-04" (null for the zero Date).
func (d Date) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "2027-01-04" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseWeek reads an ISO week, 2027-W03, and returns its Monday.
func ParseWeek(s string) (Date, error) {
	var y, w int
	if _, err := fmt.Sscanf(strings.ToUpper(strings.TrimSpace(s)), "%d-W%d", &y, &w); err != nil || y < 1971 || y > 9999 || w < 1 || w > 53 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not an ISO week like 2027-W03", s)
	}
	// 4 January is always in week 1.
	mon := NewDate(y, time.January, 4).Monday() + Date(7*(w-1))
	if yy, ww := mon.ISOWeek(); yy != y || ww != w {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%d has no week %d", y, w)
	}
	return mon, nil
}

// WeekLabel writes d's ISO week: 2027-W03.
func WeekLabel(d Date) string {
	y, w := d.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}
