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

// seedReleases gives the demo its delivery rhythm: v1.0 with the
// requirements the project delivered and v1.1 for what was deferred, three
// two-week sprints of v1.0 ending in the current one, and the release notes
// of v1.0 and the current sprint's burndown. The history of the plan is
// recorded on the days it happened (a workspace opened with that day's
// clock), so the burndown has its shape: committed work, scope added and
// removed after the start, a re-estimate, and work done today.
func (a *App) seedReleases(ctx context.Context, build func(string, Document, error) error) (DemoReleases, error) {
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
	var done, frozen, deferred, drafts []string
	for _, r := range rs {
		switch r.Status {
		case requirements.Verified, requirements.Implemented:
			done = append(done, r.ID)
		case requirements.Frozen:
			frozen = append(frozen, r.ID)
		case requirements.Deferred:
			deferred = append(deferred, r.ID)
		case requirements.Draft:
			drafts = append(drafts, r.ID)
		}
	}
	estimate := func(i int) int { return (2 + i%3) * release.HoursPerDay / 2 } // 1d, 1.5d, 2d
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
		all := append(append(append(append([]string{}, done...), frozen...), deferred...), drafts[:min(2, len(drafts))]...)
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
		ss, err := b.Releases.PlanSprints(ctx, "v1.0", s1, 14, team, 0)
		if err != nil {
			return err
		}
		for _, s := range ss[:3] {
			res.Sprints = append(res.Sprints, s.ID)
		}
		half := len(done) / 2
		for i, part := range [][]string{done[:half], done[half:]} {
			if _, err := b.Releases.AddToSprint(ctx, ss[i].ID, part, true); err != nil {
				return err
			}
		}
		// The current sprint: the frozen work and one draft, committed before it starts.
		cur := append(append([]string{}, frozen...), drafts[:min(1, len(drafts))]...)
		_, err = b.Releases.AddToSprint(ctx, ss[2].ID, cur, true)
		return err
	})
	if err != nil {
		return res, err
	}
	cur := res.Sprints[2]
	steps := []struct {
		day milestones.Date
		fn  func(b *App) error
	}{
		{monday, func(b *App) error { // work starts
			for _, id := range frozen {
				if _, err := b.Releases.SetStarted(ctx, cur, id, true); err != nil {
					return err
				}
			}
			return nil
		}},
		{monday.AddDays(1), func(b *App) error { // scope added after the start
			if len(drafts) < 2 {
				return nil
			}
			_, err := b.Releases.AddToSprint(ctx, cur, drafts[1:2], true)
			return err
		}},
		{monday.AddDays(2), func(b *App) error { // a re-estimate
			if len(frozen) == 0 {
				return nil
			}
			_, err := b.Releases.SetEstimate(ctx, frozen[len(frozen)-1], 4*release.HoursPerDay)
			return err
		}},
		{today, func(b *App) error { // one requirement implemented today
			if len(frozen) == 0 {
				return nil
			}
			_, err := b.Requirements.SetStatus(ctx, frozen[0], requirements.Implemented)
			return err
		}},
	}
	for _, s := range steps {
		if s.day > today {
			continue
		}
		if err := on(s.day, s.fn); err != nil {
			return res, err
		}
	}
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
