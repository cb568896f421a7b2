package app

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
)

// Freeze moves every confirmed requirement to frozen and takes a baseline,
// named name or, when name is empty, the next after the newest.
func (a *App) Freeze(ctx context.Context, name, note string) (baseline.Baseline, error) {
	if name != "" {
		if err := baseline.ValidName(name); err != nil {
			return baseline.Baseline{}, err
		}
	}
	svc := baseline.Service{Store: a.db.Baselines()}
	return svc.Freeze(ctx, name, note)
}

// Baselines lists the baselines, oldest first.
func (a *App) Baselines(ctx context.Context) ([]baseline.Baseline, error) {
	return a.db.Baselines().Baselines(ctx)
}

// Baseline returns a baseline and the requirements it holds.
func (a *App) Baseline(ctx context.Context, name string) (baseline.Baseline, []baseline.Item, error) {
	b, err := a.db.Baselines().Baseline(ctx, name)
	if err != nil {
		return b, nil, err
	}
	items, err := a.BaselineItems(ctx, b.Name)
	return b, items, err
}

// BaselineItems returns the requirements a baseline holds.
func (a *App) BaselineItems(ctx context.Context, name string) ([]baseline.Item, error) {
	raw, err := a.db.Baselines().Items(ctx, name)
	if err != nil {
		return nil, err
	}
	items := make([]baseline.Item, len(raw))
	for i, r := range raw {
		if items[i], err = baseline.ParseItem(r); err != nil {
			return nil, crmflow.Errorf(crmflow.EINTERNAL, "baseline %s is damaged: %v", name, err).About("baseline", name)
		}
	}
	return items, nil
}

// BaselineDiff compares two baselines field by field.
func (a *App) BaselineDiff(ctx context.Context, from, to string) (baseline.Diff, error) {
	store := a.db.Baselines()
	x, err := store.Items(ctx, from)
	if err != nil {
		return baseline.Diff{}, err
	}
	y, err := store.Items(ctx, to)
	if err != nil {
		return baseline.Diff{}, err
	}
	return baseline.Compare(from, to, x, y)
}

// VerifyBaselines recomputes the named baselines' hashes (every baseline's
// when names is empty) and returns the results and how many failed.
func (a *App) VerifyBaselines(ctx context.Context, names []string) ([]baseline.Verification, int, error) {
	store := a.db.Baselines()
	if len(names) == 0 {
		all, err := store.Baselines(ctx)
		if err != nil {
			return nil, 0, err
		}
		for _, b := range all {
			names = append(names, b.Name)
		}
	}
	var results []baseline.Verification
	bad := 0
	for _, n := range names {
		b, err := store.Baseline(ctx, n)
		if err != nil {
			return nil, 0, err
		}
		items, err := store.Items(ctx, n)
		if err != nil {
			return nil, 0, err
		}
		v := baseline.Verify(b, items)
		if !v.OK {
			bad++
		}
		results = append(results, v)
	}
	return results, bad, nil
}
