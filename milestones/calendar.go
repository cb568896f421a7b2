package milestones

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/crmflow/crmflow"
)

// DayKind says why a day is or is not worked.
type DayKind string

// The kinds of day.
const (
	Workday     DayKind = "workday"  // Monday to Friday
	Weekend     DayKind = "weekend"  // Saturday or Sunday
	PublicHol   DayKind = "holiday"  // a public holiday (法定节假日) in the State Council notice
	MakeupDay   DayKind = "makeup"   // 调休: a Saturday or Sunday that is worked
	OverrideDay DayKind = "override" // the project set this day
)

// Override is a project's own decision about one day; it wins over the
// public calendar.
type Override struct {
	Date    Date   `json:"date"`
	Workday bool   `json:"workday"`
	Note    string `json:"note,omitempty"`
}

// DayInfo describes one day of the calendar.
type DayInfo struct {
	Date    Date    `json:"date"`
	Workday bool    `json:"workday"`
	Kind    DayKind `json:"kind"`
	Name    string  `json:"name,omitempty"` // the holiday's Chinese name: 春节, 国庆节
	Note    string  `json:"note,omitempty"` // an override's note
	// Official is false in years the public calendar has no data for: only
	// weekends are known there.
	Official bool `json:"official"`
}

// YearInfo says where a year's public holidays come from.
type YearInfo struct {
	Year     int    `json:"year"`
	Official bool   `json:"official"`
	Source   string `json:"source"`
}

// HolidaySource names the data the public holidays come from.
const HolidaySource = "github.com/6tail/lunar-go v1.4.7 HolidayUtil (国务院办公厅 notices)"

type publicDay struct {
	name    string
	workday bool // a 调休 make-up day
}

var (
	publicOnce  sync.Once
	publicDays  map[Date]publicDay
	publicYears map[int]bool
)

// loadPublic reads the holiday table once. lunar-go looks days up by scanning
// its data string, far too slow for a 2,000-milestone schedule, so the
// records are copied into a map. A year counts as official only when the
// notice's records are there (2001 holds only two make-up days for 2002).
func loadPublic() {
	publicOnce.Do(func() {
		publicDays = map[Date]publicDay{}
		perYear := map[int]int{}
		for y := 2001; y <= 2100; y++ {
			l := HolidayUtil.GetHolidaysByYear(y)
			for e := l.Front(); e != nil; e = e.Next() {
				h := e.Value.(*HolidayUtil.Holiday)
				d, err := ParseDate(h.GetDay())
				if err != nil {
					continue
				}
				publicDays[d] = publicDay{name: strings.TrimSuffix(h.GetName(), "调休"), workday: h.IsWork()}
				perYear[y]++
			}
		}
		publicYears = map[int]bool{}
		for y, n := range perYear {
			if n >= 10 {
				publicYears[y] = true
			}
		}
	})
}

// Year says whether year's public holidays are known.
func Year(year int) YearInfo {
	loadPublic()
	if publicYears[year] {
		return YearInfo{Year: year, Official: true, Source: HolidaySource}
	}
	return YearInfo{Year: year, Official: false, Source: "estimated: weekends only, no public holiday data"}
}

// OfficialYears lists the years with public holiday data, oldest first.
func OfficialYears() []int {
	loadPublic()
	out := make([]int, 0, len(publicYears))
	for y := range publicYears {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// Calendar is the working calendar of one project: the public calendar with
// the project's overrides on top.
type Calendar struct {
	overrides map[Date]Override
}

// NewCalendar builds a calendar; later overrides of the same day win.
func NewCalendar(overrides []Override) *Calendar {
	loadPublic()
	c := &Calendar{overrides: make(map[Date]Override, len(overrides))}
	for _, o := range overrides {
		c.overrides[o.Date] = o
	}
	return c
}

// Overrides lists the project's overrides by date.
func (c *Calendar) Overrides() []Override {
	out := make([]Override, 0, len(c.overrides))
	for _, o := range c.overrides {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// Day describes d.
func (c *Calendar) Day(d Date) DayInfo {
	y := d.Time().Year()
	info := DayInfo{Date: d, Official: publicYears[y]}
	wd := d.Weekday()
	weekend := wd == time.Saturday || wd == time.Sunday
	if p, ok := publicDays[d]; ok {
		info.Name = p.name
		if p.workday {
			info.Kind, info.Workday = MakeupDay, true
		} else {
			info.Kind, info.Workday = PublicHol, false
		}
	} else if weekend {
		info.Kind = Weekend
	} else {
		info.Kind, info.Workday = Workday, true
	}
	if o, ok := c.overrides[d]; ok {
		info.Kind, info.Workday, info.Note = OverrideDay, o.Workday, o.Note
	}
	return info
}

// IsWorkday reports whether d is worked.
func (c *Calendar) IsWorkday(d Date) bool {
	if o, ok := c.overrides[d]; ok {
		return o.Workday
	}
	if p, ok := publicDays[d]; ok {
		return p.workday
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// NextWorkday is d when d is worked, otherwise the first worked day after it.
func (c *Calendar) NextWorkday(d Date) Date {
	for !c.IsWorkday(d) {
		d++
	}
	return d
}

// AddWorkdays returns the day n working days after d: AddWorkdays(d, 0) is
// the first working day on or after d, AddWorkdays(d, 1) the working day
// after that. A negative n counts back the same way.
func (c *Calendar) AddWorkdays(d Date, n int) Date {
	d = c.NextWorkday(d)
	for n > 0 {
		d++
		if c.IsWorkday(d) {
			n--
		}
	}
	for n < 0 {
		d--
		if c.IsWorkday(d) {
			n++
		}
	}
	return d
}

// WorkdaysBetween counts the working days from a up to but not including b;
// negative when b is before a.
func (c *Calendar) WorkdaysBetween(a, b Date) int {
	sign := 1
	if b < a {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a; d < b; d++ {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

// MonthView is one month of the calendar.
type MonthView struct {
	Year     int       `json:"year"`
	Month    int       `json:"month"`
	Official bool      `json:"official"`
	Source   string    `json:"source"`
	Workdays int       `json:"workdays"`
	Days     []DayInfo `json:"days"`
}

// Month returns every day of the month.
func (c *Calendar) Month(year int, month time.Month) MonthView {
	yi := Year(year)
	v := MonthView{Year: year, Month: int(month), Official: yi.Official, Source: yi.Source}
	for d := NewDate(year, month, 1); d.Time().Month() == month; d++ {
		info := c.Day(d)
		if info.Workday {
			v.Workdays++
		}
		v.Days = append(v.Days, info)
	}
	return v
}

// ParseMonth reads 2027-02.
func ParseMonth(s string) (int, time.Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil || t.Year() < 1971 {
		return 0, 0, crmflow.Errorf(crmflow.EINVALID, "%q is not a month like 2027-02", s)
	}
	return t.Year(), t.Month(), nil
}

// ParseOverride reads a day override as a person types it: a date, then
// workday or holiday (上班/休息 also), then an optional note:
// "2027-02-20 workday 赶工".
func ParseOverride(s string) (Override, error) {
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return Override{}, crmflow.Errorf(crmflow.EINVALID, "%q is not a day override: give a date and workday or holiday", s)
	}
	d, err := ParseDate(fields[0])
	if err != nil {
		return Override{}, err
	}
	work, err := ParseDayType(fields[1])
	if err != nil {
		return Override{}, err
	}
	note := strings.TrimSpace(strings.Join(fields[2:], " "))
	if err := checkText("note", note, 200); err != nil {
		return Override{}, err
	}
	return Override{Date: d, Workday: work, Note: note}, nil
}

// ParseDayType reads workday or holiday (工作日/上班, 休息/假日/holiday/off).
func ParseDayType(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "workday", "work", "working", "工作日", "上班", "班":
		return true, nil
	case "holiday", "off", "rest", "休息", "假日", "节假日", "休":
		return false, nil
	}
	return false, crmflow.Errorf(crmflow.EINVALID, "day type %q is not workday or holiday", s)
}
