package milestones

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
)

// Settings are the plan's own facts.
type Settings struct {
	Start     Date    `json:"start"`      // the plan start: nothing is scheduled before it
	BufferPct float64 `json:"buffer_pct"` // the project buffer as a percentage of the critical chain
	Template  string  `json:"template,omitempty"`
}

// Dep is a finish-to-start dependency: the milestone starts Lag working days
// after the predecessor finishes (a negative lag is a lead).
type Dep struct {
	ID  string `json:"id"`
	Lag int    `json:"lag"`
}

// Deliverable is one thing a milestone hands over.
type Deliverable struct {
	Name   string `json:"name"`
	Done   bool   `json:"done"`
	DoneOn Date   `json:"done_on,omitempty"`
}

// Milestone is one stage of the plan with its dates.
type Milestone struct {
	ID           string        `json:"id"`
	Seq          int           `json:"-"`
	Name         string        `json:"name"`
	Owner        string        `json:"owner"`
	Role         string        `json:"role,omitempty"`
	Duration     int           `json:"duration"`           // working days; 0 is a point in time
	StartOn      Date          `json:"start_on,omitempty"` // start no earlier than this day
	Preds        []Dep         `json:"predecessors"`
	Deliverables []Deliverable `json:"deliverables"`
	ActualStart  Date          `json:"actual_start,omitempty"`
	ActualFinish Date          `json:"actual_finish,omitempty"`
	Note         string        `json:"note,omitempty"`
}

// Clone returns a deep copy.
func (m Milestone) Clone() Milestone {
	m.Preds = append([]Dep{}, m.Preds...)
	m.Deliverables = append([]Deliverable{}, m.Deliverables...)
	return m
}

// Status is where a milestone stands.
type Status string

// The statuses.
const (
	NotStarted Status = "not-started"
	InProgress Status = "in-progress"
	Done       Status = "done"
)

// Status derives the status from the actual dates.
func (m Milestone) Status() Status {
	switch {
	case m.ActualFinish != 0:
		return Done
	case m.ActualStart != 0:
		return InProgress
	}
	return NotStarted
}

// Name returns the status in lang.
func (s Status) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Status]string{NotStarted: "not started", InProgress: "in progress", Done: "done"}[s]
	}
	return map[Status]string{NotStarted: "未开始", InProgress: "进行中", Done: "已完成"}[s]
}

// BaselineDates are one milestone's dates in a baseline.
type BaselineDates struct {
	Start  Date `json:"start"`
	Finish Date `json:"finish"`
}

// Baseline is a named snapshot of the planned dates that forecasts are
// measured against.
type Baseline struct {
	Name       string                   `json:"name"`
	At         time.Time                `json:"at"`
	Finish     Date                     `json:"finish"` // the plan's finish without the buffer
	BufferDays int                      `json:"buffer_days"`
	Dates      map[string]BaselineDates `json:"dates"`
}

// Shift is an applied change request's schedule impact on one milestone.
type Shift struct {
	CR        string  `json:"cr"`
	Milestone string  `json:"milestone"`
	Days      float64 `json:"days"` // as estimated; the schedule moves by whole working days (rounded up)
}

// WorkingDays is the shift in whole working days.
func (s Shift) WorkingDays() int { return int(math.Ceil(s.Days - 1e-9)) }

// Plan is everything the schedule is computed from.
type Plan struct {
	Settings   Settings    `json:"settings"`
	Milestones []Milestone `json:"milestones"`
	Risks      []Risk      `json:"risks"`
	Overrides  []Override  `json:"overrides"`
	Baselines  []Baseline  `json:"baselines"`
	Shifts     []Shift     `json:"shifts"`
}

// Initialized reports whether the plan has a start.
func (p *Plan) Initialized() bool { return p.Settings.Start != 0 }

// Milestone finds a milestone by its normalized ID.
func (p *Plan) Milestone(id string) (Milestone, bool) {
	for _, m := range p.Milestones {
		if m.ID == id {
			return m, true
		}
	}
	return Milestone{}, false
}

// Baseline returns the newest baseline (nil when none was taken).
func (p *Plan) Baseline() *Baseline {
	if len(p.Baselines) == 0 {
		return nil
	}
	return &p.Baselines[len(p.Baselines)-1]
}

// Calendar is the plan's working calendar.
func (p *Plan) Calendar() *Calendar { return NewCalendar(p.Overrides) }

// NextMilestoneID is the ID the next milestone takes.
func (p *Plan) NextMilestoneID() (string, int) {
	n := 0
	for _, m := range p.Milestones {
		if m.Seq > n {
			n = m.Seq
		}
	}
	return crmflow.KindMilestone.Format(n + 1), n + 1
}

// ParseDuration reads a duration in working days: 10d, 10, 2w (5 working
// days a week), 3天, 2周. Negative or absurd values are refused.
func ParseDuration(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(t, "wd"):
		t = strings.TrimSuffix(t, "wd")
	case strings.HasSuffix(t, "d"):
		t = strings.TrimSuffix(t, "d")
	case strings.HasSuffix(t, "天"):
		t = strings.TrimSuffix(t, "天")
	case strings.HasSuffix(t, "w"):
		t, mult = strings.TrimSuffix(t, "w"), 5
	case strings.HasSuffix(t, "周"):
		t, mult = strings.TrimSuffix(t, "周"), 5
	}
	t = strings.TrimSpace(t)
	n, err := strconv.Atoi(t)
	if err != nil || t == "" || t[0] == '+' {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not a number of working days like 10d or 2w", s)
	}
	if n < 0 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "a duration cannot be negative (%s)", strings.TrimSpace(s))
	}
	if n > 5000/mult {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%s is longer than 5000 working days", strings.TrimSpace(s))
	}
	return n * mult, nil
}

// ParseLag reads a lag in working days like a duration, but a lead (a
// negative lag, -2d) is allowed.
func ParseLag(s string) (int, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	n, err := ParseDuration(strings.TrimPrefix(t, "-"))
	if err != nil {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not a lag in working days like 2d or -1d", s)
	}
	if neg {
		n = -n
	}
	return n, nil
}

// ParsePercent reads a percentage from 0 to 100: 15% and 15 both mean
// fifteen percent.
func ParsePercent(s string) (float64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimSuffix(t, "%"), "％")
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || t == "" {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%q is not a percentage like 15%%", s)
	}
	if v < 0 || v > 100 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "the buffer %s is outside 0%% to 100%%", strings.TrimSpace(s))
	}
	return v, nil
}
