package app

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/research"
)

// mapPains gathers the findings recorded against process maps (finding add
// --process, with or without --step), by map ID.
func (a *App) mapPains(ctx context.Context) (map[string][]process.PainPoint, error) {
	fs, err := a.Research.Store.Findings(ctx)
	if err != nil {
		return nil, err
	}
	return painsByMap(fs), nil
}

func painsByMap(fs []research.Finding) map[string][]process.PainPoint {
	out := map[string][]process.PainPoint{}
	for _, f := range fs {
		if f.Process != "" {
			out[f.Process] = append(out[f.Process], process.PainPoint{ID: f.ID, Text: f.Text, Step: f.Step})
		}
	}
	return out
}

// WithPains is map m as it is drawn: with the findings recorded against it
// as pain points, at their steps or on the map as a whole.
func (a *App) WithPains(ctx context.Context, m *process.Map) (process.Map, error) {
	pains, err := a.mapPains(ctx)
	if err != nil {
		return process.Map{}, err
	}
	return process.WithPains(m, pains[m.ID]), nil
}

// RenderMap draws map m as RenderProcess does, with its pain points.
func (a *App) RenderMap(ctx context.Context, m *process.Map, format string, lang crmflow.Lang) (Document, error) {
	drawn, err := a.WithPains(ctx, m)
	if err != nil {
		return Document{}, err
	}
	return RenderProcess(&drawn, format, lang)
}
