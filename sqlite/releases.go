package sqlite

import (
	"context"
	"encoding/json"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/requirements"
)

// Releases is the release.Store on this database.
func (db *DB) Releases() release.Store { return releaseStore{db} }

type releaseStore struct{ db *DB }

const (
	releaseColumns = "id, name, target, milestone, status, created_at"
	sprintColumns  = "id, release, start, end_day, workdays, team, capacity_hours, created_at"
	itemColumns    = "ref, release, sprint, estimate_hours, started, via, updated_at"
)

func scanRelease(s scanner) (release.Release, error) {
	var r release.Release
	var target, status, at string
	err := s.Scan(&r.ID, &r.Name, &target, &r.Milestone, &status, &at)
	r.Target, _ = milestones.ParseDate(target)
	r.Status, r.CreatedAt = release.Status(status), parseTime(at)
	return r, err
}

func scanSprint(s scanner) (release.Sprint, error) {
	var sp release.Sprint
	var start, end, team, at string
	err := s.Scan(&sp.ID, &sp.Release, &start, &end, &sp.Workdays, &team, &sp.CapacityHours, &at)
	sp.Start, _ = milestones.ParseDate(start)
	sp.End, _ = milestones.ParseDate(end)
	sp.CreatedAt = parseTime(at)
	sp.Team = []release.Member{}
	if err == nil {
		if jerr := json.Unmarshal([]byte(team), &sp.Team); jerr != nil {
			sp.Team = []release.Member{}
		}
	}
	return sp, err
}

func scanItem(s scanner) (release.Item, error) {
	var it release.Item
	var at string
	err := s.Scan(&it.Ref, &it.Release, &it.Sprint, &it.EstimateHours, &it.Started, &it.Via, &at)
	it.UpdatedAt = parseTime(at)
	return it, err
}

func queryAll[T any](ctx context.Context, q querier, query string, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s releaseStore) Releases(ctx context.Context) ([]release.Release, error) {
	return queryAll(ctx, s.db.sql, "SELECT "+releaseColumns+" FROM releases ORDER BY seq", scanRelease)
}

func (s releaseStore) Sprints(ctx context.Context) ([]release.Sprint, error) {
	return queryAll(ctx, s.db.sql, "SELECT "+sprintColumns+" FROM sprints ORDER BY start, seq", scanSprint)
}

func (s releaseStore) Items(ctx context.Context) ([]release.Item, error) {
	return queryAll(ctx, s.db.sql, "SELECT "+itemColumns+" FROM release_items ORDER BY ref", scanItem)
}

func (s releaseStore) Apply(ctx context.Context, fn func(release.State) (release.Plan, error)) (release.Plan, error) {
	var plan release.Plan
	err := s.db.withTx(ctx, func(tx *Tx) (err error) {
		plan, err = tx.applyReleasePlan(ctx, fn)
		return err
	})
	return plan, err
}

// EditPlanned edits requirement id and applies a release plan in one
// transaction: when either fails, neither is written.
func (db *DB) EditPlanned(ctx context.Context, id string, edit func(*requirements.Requirement) error,
	plan func(release.State) (release.Plan, error)) (requirements.Requirement, release.Plan, error) {
	var r requirements.Requirement
	var p release.Plan
	err := db.withTx(ctx, func(tx *Tx) (err error) {
		if r, err = tx.editRequirement(id, "update", edit); err != nil {
			return err
		}
		p, err = tx.applyReleasePlan(ctx, plan)
		return err
	})
	return r, p, err
}

// applyReleasePlan loads the plan state in tx, lets fn compute a plan, and
// writes it with its audit events.
func (tx *Tx) applyReleasePlan(ctx context.Context, fn func(release.State) (release.Plan, error)) (release.Plan, error) {
	var plan release.Plan
	err := func() error {
		var st release.State
		var err error
		if st.Releases, err = queryAll(ctx, tx, "SELECT "+releaseColumns+" FROM releases ORDER BY seq", scanRelease); err != nil {
			return err
		}
		if st.Sprints, err = queryAll(ctx, tx, "SELECT "+sprintColumns+" FROM sprints ORDER BY start, seq", scanSprint); err != nil {
			return err
		}
		items, err := queryAll(ctx, tx, "SELECT "+itemColumns+" FROM release_items", scanItem)
		if err != nil {
			return err
		}
		st.Items = make(map[string]release.Item, len(items))
		for _, it := range items {
			st.Items[it.Ref] = it
		}
		before := make(map[string]release.Item, len(items))
		for k, v := range st.Items {
			before[k] = v
		}
		if plan, err = fn(st); err != nil {
			return err
		}
		for _, r := range plan.NewReleases {
			n, err := tx.nextID(crmflow.KindRelease.Prefix)
			if err != nil {
				return err
			}
			r.ID, r.CreatedAt = crmflow.KindRelease.Format(n), tx.now
			if _, err := tx.Exec("INSERT INTO releases(id, seq, "+releaseColumns[4:]+") VALUES (?,?,?,?,?,?,?)",
				r.ID, n, r.Name, r.Target.String(), r.Milestone, string(r.Status), formatTime(r.CreatedAt)); err != nil {
				return err
			}
			if err := tx.Record(r.ID, "create", nil, r); err != nil {
				return err
			}
		}
		for _, r := range plan.Releases {
			var old release.Release
			for _, o := range st.Releases {
				if o.ID == r.ID {
					old = o
				}
			}
			if _, err := tx.Exec("UPDATE releases SET name = ?, target = ?, milestone = ?, status = ? WHERE id = ?",
				r.Name, r.Target.String(), r.Milestone, string(r.Status), r.ID); err != nil {
				return err
			}
			if err := tx.Record(r.ID, "update", old, r); err != nil {
				return err
			}
		}
		for _, sp := range plan.NewSprints {
			n, err := tx.nextID(crmflow.KindSprint.Prefix)
			if err != nil {
				return err
			}
			sp.ID, sp.CreatedAt = crmflow.KindSprint.Format(n), tx.now
			if sp.Team == nil {
				sp.Team = []release.Member{}
			}
			team, _ := json.Marshal(sp.Team)
			if _, err := tx.Exec("INSERT INTO sprints(id, seq, "+sprintColumns[4:]+") VALUES (?,?,?,?,?,?,?,?,?)",
				sp.ID, n, sp.Release, sp.Start.String(), sp.End.String(), sp.Workdays, string(team), sp.CapacityHours, formatTime(sp.CreatedAt)); err != nil {
				return err
			}
			if err := tx.Record(sp.ID, "create", nil, sp); err != nil {
				return err
			}
		}
		// Items are upserted in batches: sprint auto writes thousands at once.
		upsert := tx.newBatchInsert("INSERT INTO release_items("+itemColumns+")",
			`ON CONFLICT(ref) DO UPDATE SET release = excluded.release, sprint = excluded.sprint, estimate_hours = excluded.estimate_hours,
				started = excluded.started, via = excluded.via, updated_at = excluded.updated_at`, 7)
		defer upsert.close()
		for i := range plan.Items {
			it := &plan.Items[i]
			old, existed := before[it.Ref]
			var prev any
			if existed {
				prev = old
			}
			if it.Empty() {
				if !existed {
					continue
				}
				if err := upsert.flush(); err != nil {
					return err
				}
				if _, err := tx.Exec("DELETE FROM release_items WHERE ref = ?", it.Ref); err != nil {
					return err
				}
				if err := tx.Record(it.Entity(), "delete", prev, nil); err != nil {
					return err
				}
				continue
			}
			it.UpdatedAt = tx.now
			if err := upsert.add(it.Ref, it.Release, it.Sprint, it.EstimateHours, it.Started, it.Via, formatTime(it.UpdatedAt)); err != nil {
				return err
			}
			if err := tx.Record(it.Entity(), plan.Action, prev, *it); err != nil {
				return err
			}
		}
		return upsert.flush()
	}()
	return plan, err
}

// The release lists audit verify compares with the log.
func releasesOf(db *DB) func(context.Context) ([]release.Release, error) {
	return db.Releases().Releases
}
func sprintsOf(db *DB) func(context.Context) ([]release.Sprint, error) { return db.Releases().Sprints }
func itemsOf(db *DB) func(context.Context) ([]release.Item, error)     { return db.Releases().Items }
