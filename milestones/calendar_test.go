package milestones

import (
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestCalendarPublicHolidays(t *testing.T) {
	c := NewCalendar(nil)
	// 2026: 春节 02-15 to 02-23 off; 02-14 and 02-28 (Saturdays) are worked.
	cases := []struct {
		day  string
		work bool
		kind DayKind
	}{
		{"2026-02-13", true, Workday},
		{"2026-02-14", true, MakeupDay}, // 调休 Saturday
		{"2026-02-16", false, PublicHol},
		{"2026-02-23", false, PublicHol}, // a Monday off
		{"2026-02-24", true, Workday},
		{"2026-02-28", true, MakeupDay},
		{"2026-03-01", false, Weekend},
		{"2027-02-14", true, MakeupDay}, // 2027 data is in lunar-go v1.4.7
		{"2027-02-08", false, PublicHol},
	}
	for _, tc := range cases {
		info := c.Day(d(tc.day))
		if info.Workday != tc.work || info.Kind != tc.kind || c.IsWorkday(d(tc.day)) != tc.work {
			t.Errorf("%s: got %+v, want workday=%v kind=%s", tc.day, info, tc.work, tc.kind)
		}
	}
	if n := c.Day(d("2026-02-16")).Name; n != "春节" {
		t.Errorf("holiday name = %q", n)
	}
}

func TestAddWorkdaysSkipsHolidayWeek(t *testing.T) {
	c := NewCalendar(nil)
	if got := c.AddWorkdays(d("2026-02-13"), 1); got != d("2026-02-14") {
		t.Errorf("the day after Fri 02-13 is the 调休 Saturday, got %s", got)
	}
	if got := c.AddWorkdays(d("2026-02-14"), 1); got != d("2026-02-24") {
		t.Errorf("the holiday week is skipped: got %s", got)
	}
	if got := c.AddWorkdays(d("2026-02-24"), -1); got != d("2026-02-14") {
		t.Errorf("counting back: got %s", got)
	}
	if got := c.AddWorkdays(d("2026-02-15"), 0); got != d("2026-02-24") {
		t.Errorf("AddWorkdays(holiday, 0) is the next working day, got %s", got)
	}
	// 02-09..13 (5) + 14 + 24..27 (4) + 28 = 11
	if n := c.WorkdaysBetween(d("2026-02-09"), d("2026-03-02")); n != 11 {
		t.Errorf("WorkdaysBetween = %d, want 11", n)
	}
	if n := c.WorkdaysBetween(d("2026-03-02"), d("2026-02-09")); n != -11 {
		t.Errorf("reversed WorkdaysBetween = %d, want -11", n)
	}
	// National Day 2026: 10-01 to 10-07 off, 10-10 (Sat) worked.
	if got := c.AddWorkdays(d("2026-09-30"), 1); got != d("2026-10-08") {
		t.Errorf("after 09-30 comes 10-08, got %s", got)
	}
}

func TestOverrideWins(t *testing.T) {
	c := NewCalendar([]Override{
		{Date: d("2026-02-14"), Workday: false, Note: "no make-up day for the team"},
		{Date: d("2026-02-21"), Workday: true, Note: "cutover weekend"},
		{Date: d("2026-03-03"), Workday: false},
	})
	if c.IsWorkday(d("2026-02-14")) {
		t.Error("an override to holiday must win over 调休")
	}
	if !c.IsWorkday(d("2026-02-21")) {
		t.Error("an override to workday must win over the Spring Festival")
	}
	if c.IsWorkday(d("2026-03-03")) {
		t.Error("an override to holiday must win over a plain Tuesday")
	}
	if info := c.Day(d("2026-02-21")); info.Kind != OverrideDay || info.Note != "cutover weekend" || info.Name != "春节" {
		t.Errorf("override day info = %+v", info)
	}
	if got := c.AddWorkdays(d("2026-02-13"), 1); got != d("2026-02-21") {
		t.Errorf("with overrides the day after 02-13 is 02-21, got %s", got)
	}
}

func TestYearsOfficialOrEstimated(t *testing.T) {
	for _, y := range []int{2002, 2025, 2026, 2027} {
		if !Year(y).Official {
			t.Errorf("%d should be official", y)
		}
	}
	for _, y := range []int{2001, 2028, 2035} {
		if yi := Year(y); yi.Official || yi.Source == HolidaySource {
			t.Errorf("%d should be estimated, got %+v", y, yi)
		}
	}
	c := NewCalendar(nil)
	// 2028 has no data: plain weekends only (01-01 is a Saturday, 01-03 a Monday).
	if c.IsWorkday(d("2028-01-01")) || !c.IsWorkday(d("2028-01-03")) || c.Day(d("2028-01-03")).Official {
		t.Error("an estimated year is Monday to Friday and says so")
	}
}

func TestMonthView(t *testing.T) {
	m := NewCalendar(nil).Month(2026, time.February)
	// 20 weekdays, 6 of them off (16-20, 23), plus two 调休 Saturdays.
	if m.Workdays != 16 || len(m.Days) != 28 || !m.Official {
		t.Errorf("February 2026: %d workdays of %d days, official %v", m.Workdays, len(m.Days), m.Official)
	}
}

func TestParseOverride(t *testing.T) {
	o, err := ParseOverride("2027-02-20 workday 上线前赶工 周六")
	if err != nil || o.Date != d("2027-02-20") || !o.Workday || o.Note != "上线前赶工 周六" {
		t.Fatalf("got %+v, %v", o, err)
	}
	if o, err := ParseOverride("2027/02/21 休息"); err != nil || o.Workday {
		t.Fatalf("got %+v, %v", o, err)
	}
	for _, bad := range []string{"", "2027-02-20", "2027-02-30 workday", "tomorrow holiday", "2027-02-20 maybe"} {
		if _, err := ParseOverride(bad); err == nil {
			t.Errorf("ParseOverride(%q) should fail", bad)
		}
	}
}

func TestParseDurationLagPercent(t *testing.T) {
	for in, want := range map[string]int{"10d": 10, "10": 10, "2w": 10, "3天": 3, "2周": 10, " 0d ": 0, "5wd": 5} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-3d", "d", "1.5d", "abc", "+3", "99999d", "2x"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) should fail", bad)
		}
	}
	if l, err := ParseLag("-2d"); err != nil || l != -2 {
		t.Errorf("ParseLag(-2d) = %d, %v", l, err)
	}
	for in, want := range map[string]float64{"15%": 15, "15": 15, "0%": 0, "12.5％": 12.5} {
		if got, err := ParsePercent(in); err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "%", "-5%", "150%", "NaN", "x"} {
		if _, err := ParsePercent(bad); err == nil {
			t.Errorf("ParsePercent(%q) should fail", bad)
		}
	}
}

func FuzzParseOverride(f *testing.F) {
	for _, s := range []string{"2027-02-20 workday", "2027-02-20 holiday 春节调整", "2027/2/3 上班", "", "2027-02-20 off \x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOverride(s)
		if err != nil {
			return
		}
		if o.Date.IsZero() || o.Date.String() == "" {
			t.Fatalf("accepted %q with no date", s)
		}
		// What was accepted reads back the same.
		kind := "holiday"
		if o.Workday {
			kind = "workday"
		}
		back, err := ParseOverride(o.Date.String() + " " + kind + " " + o.Note)
		if err != nil || back != o {
			t.Fatalf("round trip of %q: %+v vs %+v (%v)", s, back, o, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"10d", "2w", "15%", "-1d", "3天", "0", "9999999999999d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := ParseDuration(s); err == nil && (n < 0 || n > 5000) {
			t.Fatalf("ParseDuration(%q) = %d", s, n)
		}
		if n, err := ParseLag(s); err == nil && (n < -5000 || n > 5000) {
			t.Fatalf("ParseLag(%q) = %d", s, n)
		}
		if v, err := ParsePercent(s); err == nil && (v < 0 || v > 100 || v != v) {
			t.Fatalf("ParsePercent(%q) = %v", s, v)
		}
	})
}
