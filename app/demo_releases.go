package app

import (
	"context"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/requirements"
)

// DemoReleases is what the demo's release step made.
type DemoReleases struct {
	Releases []string // v1.0, v1.1
	Sprints  []string // S-01 ...
	Carried  []string // deferred requirements carried from v1.0 to v1.1
}

// seedDevelopment gives the demo its delivery rhythm, before the UAT
// round: v1.0 with the frozen baseline and two drafts, v1.1 for the other
// drafts, and three two-week sprints of v1.0 ending in the current one. The
// work is recorded on the days it happened (a workspace opened with that
// day's clock, CRMFLOW_NOW still pinning the whole), so velocity and the
// burndown read real history: S-01 and S-02 implement their requirements
// inside their windows; the current sprint has committed work, work
// started, scope added after the start, a re-estimate, and work done today.
// seedReleases finishes the plan after UAT.
func (a *App) seedDevelopment(ctx context.Context) (DemoReleases, error) {
	var res DemoReleases
	today := milestones.DateOf(a.clock.Now())
	monday := today.Monday()
	s1 := monday.AddDays(-28) // S-01, S-02 have ended; S-03 is this sprint
	on := func(d milestones.Date, fn func(b *App) error) error {
		at := d.Time().Add(10 * time.Hour)
		if d >= today {
			at = a.clock.Now()
		}
		b, err := Open(ctx, a.Path(), Options{Clock: crmflow.FixedClock{T: at}, Actor: a.actor})
		if err != nil {
			return err
		}
		defer b.Close()
		return fn(b)
	}
	rs, err := a.Requirements.Store.Summaries(ctx)
	if err != nil {
		return res, err
	}
	var frozen, deferred, drafts []string
	for _, r := range rs {
		switch r.Status {
		case requirements.Frozen, requirements.Implemented, requirements.Verified:
			frozen = append(frozen, r.ID)
		case requirements.Deferred:
			deferred = append(deferred, r.ID)
		case requirements.Draft:
			drafts = append(drafts, r.ID)
		}
	}
	if len(frozen) < 4 {
		return res, crmflow.Errorf(crmflow.EINVALID, "the demo's sprints need at least 4 frozen requirements; there are %d", len(frozen))
	}
	cal, err := a.Milestones.Calendar(ctx)
	if err != nil {
		return res, err
	}
	// Two requirements are left for the current sprint; the rest is split
	// between the two sprints before it.
	cur := frozen[len(frozen)-2:]
	half := (len(frozen) - 2) / 2
	past := [][]string{frozen[:half], frozen[half : len(frozen)-2]}
	estimate := func(i int) int { return (2 + i%3) * release.HoursPerDay / 2 } // 1d, 1.5d, 2d
	var ss []release.Sprint
	err = on(s1.AddDays(-3), func(b *App) error {
		// v1.0 closes with the third sprint; v1.1 follows a quarter later.
		v10, err := b.Releases.AddRelease(ctx, "v1.0", s1.AddDays(41), "MS-06")
		if err != nil {
			return err
		}
		v11, err := b.Releases.AddRelease(ctx, "v1.1", s1.AddDays(41+91), "")
		if err != nil {
			return err
		}
		res.Releases = []string{v10.Name, v11.Name}
		all := append(append(append([]string{}, frozen...), deferred...), drafts[:min(2, len(drafts))]...)
		if _, err := b.Releases.Assign(ctx, release.Assignment{Release: "v1.0", Refs: append(all, "CR-001")}); err != nil {
			return err
		}
		if len(drafts) > 2 {
			if _, err := b.Releases.Assign(ctx, release.Assignment{Release: "v1.1", Refs: drafts[2:]}); err != nil {
				return err
			}
		}
		for i, id := range all {
			if _, err := b.Releases.SetEstimate(ctx, id, estimate(i)); err != nil {
				return err
			}
		}
		team, _ := release.ParseTeam("陈开发:100%,李开发:100%,孙测试:50%")
		if ss, err = b.Releases.PlanSprints(ctx, "v1.0", s1, 14, team, 0); err != nil {
			return err
		}
		for _, s := range ss[:3] {
			res.Sprints = append(res.Sprints, s.ID)
		}
		for i, part := range past {
			if _, err := b.Releases.AddToSprint(ctx, ss[i].ID, part, true); err != nil {
				return err
			}
		}
		// The current sprint: two frozen requirements and one draft, committed before it starts.
		_, err = b.Releases.AddToSprint(ctx, ss[2].ID, append(append([]string{}, cur...), drafts[:min(1, len(drafts))]...), true)
		return err
	})
	if err != nil {
		return res, err
	}
	type step struct {
		day milestones.Date
		fn  func(b *App) error
	}
	implement := func(id string) func(b *App) error {
		return func(b *App) error {
			_, err := b.Requirements.SetStatus(ctx, id, requirements.Implemented)
			return err
		}
	}
	var steps []step
	// The past sprints: each requirement implemented on a working day of its
	// sprint, spread over the sprint from its second working day.
	for i, part := range past {
		var days []milestones.Date
		for d := ss[i].Start; d <= ss[i].End; d++ {
			if cal.IsWorkday(d) {
				days = append(days, d)
			}
		}
		for k, id := range part {
			steps = append(steps, step{days[1+k*(len(days)-1)/len(part)], implement(id)})
		}
	}
	sprint := res.Sprints[2]
	steps = append(steps,
		step{monday, func(b *App) error { // work starts
			for _, id := range append(append([]string{}, cur...), drafts[:min(1, len(drafts))]...) {
				if _, err := b.Releases.SetStarted(ctx, sprint, id, true); err != nil {
					return err
				}
			}
			return nil
		}},
		step{monday.AddDays(1), func(b *App) error { // scope added after the start
			if len(drafts) < 2 {
				return nil
			}
			_, err := b.Releases.AddToSprint(ctx, sprint, drafts[1:2], true)
			return err
		}},
		step{monday.AddDays(2), func(b *App) error { // a re-estimate
			_, err := b.Releases.SetEstimate(ctx, cur[1], 4*release.HoursPerDay)
			return err
		}},
		// The baseline was frozen today (the demo's meetings are today), so
		// the current sprint's requirements are implemented today, after it.
		step{today, implement(cur[0])},
		step{today, implement(cur[1])},
	)
	for _, s := range steps {
		if s.day > today {
			continue
		}
		if err := on(s.day, s.fn); err != nil {
			return res, err
		}
	}
	return res, nil
}

// seedReleases finishes the demo's plan after UAT: the deferred
// requirements move to v1.1, and the v1.0 release notes and the current
// sprint's burndown are written.
func (a *App) seedReleases(ctx context.Context, res DemoReleases, build func(string, Document, error) error) (DemoReleases, error) {
	cur := res.Sprints[2]
	items, err := a.CarryRelease(ctx, "v1.0", "v1.1")
	if err != nil {
		return res, err
	}
	for _, it := range items {
		res.Carried = append(res.Carried, it.Ref)
	}
	for _, format := range ReleaseNotesFormats {
		doc, err := a.ReleaseNotes(ctx, "v1.0", format, crmflow.LangZH)
		if err := build(doc.Name, doc, err); err != nil {
			return res, err
		}
	}
	doc, err := a.ReleaseNotes(ctx, "v1.0", "md", crmflow.LangEN)
	if err := build(doc.Name, doc, err); err != nil {
		return res, err
	}
	for _, format := range BurndownFormats {
		doc, err := a.BurndownChart(ctx, cur, format, crmflow.LangZH)
		if err := build(doc.Name, doc, err); err != nil {
			return res, err
		}
	}
	return res, nil
}
