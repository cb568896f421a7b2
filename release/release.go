// Package release plans delivery: releases (版本) that own requirements and
// change requests, effort estimates in person-days, sprints inside a
// release's window with a capacity from the working calendar, automatic
// sprint filling, the sprint board and the burndown. It imports no CLI,
// storage or document code.
package release

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// HoursPerDay converts estimates: a person-day is eight working hours.
const HoursPerDay = 8

// Status is where a release is.
type Status string

// The release statuses.
const (
	Planned  Status = "planned"
	Released Status = "released"
)

// Name is the status in lang.
func (s Status) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(s)
	}
	return map[Status]string{Planned: "计划中", Released: "已发布"}[s]
}

// Release is a version the project ships (v1.0). Name is the user's name
// for it; ID (REL-01) is allocated by the store.
type Release struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Target    milestones.Date `json:"target"`
	Milestone string          `json:"milestone"` // MS-10, or ""
	Status    Status          `json:"status"`
	CreatedAt time.Time       `json:"created_at"`
}

// Member is one person of a sprint team and the share of their time the
// sprint gets.
type Member struct {
	Name    string `json:"name"`
	Percent int    `json:"percent"`
}

// Sprint is a time box inside a release.
type Sprint struct {
	ID            string          `json:"id"` // S-01
	Release       string          `json:"release"`
	Start         milestones.Date `json:"start"`
	End           milestones.Date `json:"end"` // last day, inclusive
	Workdays      int             `json:"workdays"`
	Team          []Member        `json:"team"`
	CapacityHours int             `json:"capacity_hours"`
	CreatedAt     time.Time       `json:"created_at"`
}

// Item is the plan of one requirement or change request: its release, its
// sprint, its estimate and whether development has started. One record per
// reference, audited as "plan:REF".
type Item struct {
	Ref           string    `json:"ref"`     // REQ-004 or CR-002
	Release       string    `json:"release"` // release ID, or ""
	Sprint        string    `json:"sprint"`  // sprint ID, or ""
	EstimateHours int       `json:"estimate_hours"`
	Started       bool      `json:"started"` // 开发中: set on the board, cleared when the requirement is implemented
	Via           string    `json:"via"`     // the CR that moved a frozen requirement's release
	UpdatedAt     time.Time `json:"updated_at"`
}

// Empty reports whether the item plans nothing, so it need not be kept.
func (it Item) Empty() bool {
	return it.Release == "" && it.Sprint == "" && it.EstimateHours == 0 && !it.Started
}

// Hours is the item's effort: its own estimate, or for a change request
// that the plan gives none, analyzedDays, the effort its impact analysis
// found (cr analyze --effort), so a release's totals count its CRs.
func (it Item) Hours(analyzedDays float64) int {
	if it.EstimateHours > 0 || analyzedDays <= 0 || !crmflow.KindChange.Is(it.Ref) {
		return it.EstimateHours
	}
	return int(math.Round(analyzedDays * HoursPerDay))
}

// Entity is the item's audit entity.
func (it Item) Entity() string { return "plan:" + it.Ref }

// Limits on names a person types.
const maxNameLen = 40

// ValidateName checks a release name: one line, no spaces, at most 40
// characters, and not an ID of another kind (so v1.0 and REL-01 never mix).
func ValidateName(name string) error {
	if err := crmflow.CheckText("release name", name); err != nil {
		return err
	}
	if name == "" {
		return crmflow.Errorf(crmflow.EINVALID, "release name is empty")
	}
	// The name goes into file names (发布说明-v1.0.md): no separators or characters a file system refuses.
	if utf8.RuneCountInString(name) > maxNameLen || strings.ContainsAny(name, " \t,/\\:*?\"<>|") || strings.HasPrefix(name, ".") {
		return crmflow.Errorf(crmflow.EINVALID, "release name %q must be at most %d characters, not start with a dot, and hold no spaces, commas or / \\ : * ? \" < > |", name, maxNameLen)
	}
	if k, _, ok := crmflow.KindOf(name); ok {
		return crmflow.Errorf(crmflow.EINVALID, "release name %q reads as a %s ID; name releases like v1.0", name, k.Noun)
	}
	return nil
}

// ParseEstimate reads an effort in person-days: "3d", "0.5d", "3" (days),
// "4h" (hours, eight to a day), "3天", "4小时". It returns whole hours; an
// estimate must be positive and at most 250 days. field names the flag or
// column in the error.
func ParseEstimate(field, s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	per := HoursPerDay
	for _, suf := range []struct {
		s    string
		per  int
		hour bool
	}{{"d", HoursPerDay, false}, {"天", HoursPerDay, false}, {"人天", HoursPerDay, false}, {"h", 1, true}, {"小时", 1, true}} {
		if strings.HasSuffix(t, suf.s) {
			t, per = strings.TrimSpace(strings.TrimSuffix(t, suf.s)), suf.per
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	hours := v * float64(per)
	if err != nil || math.IsNaN(v) || hours <= 0 || hours > 250*HoursPerDay || hours != math.Trunc(hours) {
		return 0, crmflow.Errorf(crmflow.EINVALID, "%s %q is not an effort like 3d, 0.5d or 4h (whole hours, more than 0, at most 250d)", field, s).
			With("field", field)
	}
	return int(hours), nil
}

// FormatDays writes hours as person-days: 24 → "3d", 4 → "0.5d".
func FormatDays(hours int) string {
	return strconv.FormatFloat(float64(hours)/HoursPerDay, 'f', -1, 64) + "d"
}

// Days is hours as person-days.
func Days(hours int) float64 { return float64(hours) / HoursPerDay }

// ParseLength reads a sprint length: "2w" (weeks), "10d" (calendar days),
// "14". It returns calendar days, 1 to 90.
func ParseLength(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mul := 1
	switch {
	case strings.HasSuffix(t, "w"):
		t, mul = strings.TrimSuffix(t, "w"), 7
	case strings.HasSuffix(t, "周"):
		t, mul = strings.TrimSuffix(t, "周"), 7
	case strings.HasSuffix(t, "d"):
		t = strings.TrimSuffix(t, "d")
	case strings.HasSuffix(t, "天"):
		t = strings.TrimSuffix(t, "天")
	}
	n, err := strconv.Atoi(strings.TrimSpace(t))
	if err != nil || n*mul < 1 || n*mul > 90 {
		return 0, crmflow.Errorf(crmflow.EINVALID, "sprint length %q is not like 2w or 10d (1 to 90 days)", s).With("field", "length")
	}
	return n * mul, nil
}

// ParseTeam reads "陈开发:100%,李测试:50%" (a bare name is full time).
func ParseTeam(s string) ([]Member, error) {
	var out []Member
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		name, pct, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			name, pct, ok = strings.Cut(strings.TrimSpace(part), "：")
		}
		name = strings.TrimSpace(name)
		p := 100
		if ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(pct), "%"))
			if err != nil || n < 1 || n > 100 {
				return nil, crmflow.Errorf(crmflow.EINVALID, "team member %q: availability %q is not 1%%–100%%", name, pct).With("field", "team")
			}
			p = n
		}
		if err := crmflow.CheckText("team member", name); err != nil {
			return nil, err
		}
		if name == "" || seen[name] {
			return nil, crmflow.Errorf(crmflow.EINVALID, "team member %q is empty or named twice", name).With("field", "team")
		}
		seen[name] = true
		out = append(out, Member{Name: name, Percent: p})
	}
	if len(out) == 0 {
		return nil, crmflow.Errorf(crmflow.EINVALID, "team %q names nobody; write it like 陈开发:100%%,李测试:50%%", s).With("field", "team")
	}
	return out, nil
}

// PlanSprints cuts the release window into sprints of length calendar days
// from start: each sprint's capacity is its working days on cal (holidays and
// 调休 included) times the team's availability, or capacityHours when that is
// set. The last sprint ends at the release's target. firstSeq numbers them.
func PlanSprints(rel Release, start milestones.Date, length int, team []Member, capacityHours int, cal *milestones.Calendar) ([]Sprint, error) {
	if rel.Target.IsZero() {
		return nil, crmflow.Errorf(crmflow.EINVALID, "release %s has no target date", rel.Name)
	}
	if start > rel.Target {
		return nil, crmflow.Errorf(crmflow.EINVALID, "sprints start %s, after release %s's target %s", start, rel.Name, rel.Target).
			With("release", rel.Name)
	}
	var out []Sprint
	for d := start; d <= rel.Target; d = d.AddDays(length) {
		end := d.AddDays(length - 1)
		if end > rel.Target {
			end = rel.Target
		}
		s := Sprint{Release: rel.ID, Start: d, End: end, Team: append([]Member{}, team...)}
		s.Workdays = cal.WorkdaysBetween(d, end.AddDays(1))
		s.CapacityHours = capacityHours
		if capacityHours == 0 {
			pct := 0
			for _, m := range team {
				pct += m.Percent
			}
			if len(team) == 0 {
				pct = 100
			}
			s.CapacityHours = s.Workdays * HoursPerDay * pct / 100
		}
		out = append(out, s)
		if len(out) > 200 {
			return nil, crmflow.Errorf(crmflow.EINVALID, "the window from %s to %s holds more than 200 sprints", start, rel.Target)
		}
	}
	return out, nil
}
