// Package app is crmflow's application layer: the use cases every front end
// (the CLI, the TUI, a later web server) calls. It is opened once from a
// workspace database path and holds the stores and the domain services; front
// ends call it and nothing below it.
package app

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/feedback"
	"github.com/crmflow/crmflow/golive"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/signoff"
	"github.com/crmflow/crmflow/stakeholder"
	"github.com/crmflow/crmflow/survey"
	"github.com/crmflow/crmflow/templates"
)

// Options say who is working and what time it is.
type Options struct {
	Clock crmflow.Clock // nil: the system clock
	Actor crmflow.Actor
}

// App is one open workspace.
type App struct {
	db    Store
	clock crmflow.Clock
	actor crmflow.Actor

	Requirements *requirements.Service
	Stakeholders *stakeholder.Service
	Meetings     *meeting.Service
	Changes      *change.Service
	Processes    *process.Service
	Research     *research.Service
	Surveys      *survey.Service
	Milestones   *milestones.Service
	Signoffs     *signoff.Service
	GoLive       *golive.Service
	Acceptance   *acceptance.Service
	Releases     *release.Service
	Feedback     *feedback.Service
}

// Open opens the workspace database at path.
func Open(ctx context.Context, path string, o Options) (*App, error) {
	o = o.withDefaults()
	b, err := theBackend()
	if err != nil {
		return nil, err
	}
	db, err := b.Open(ctx, path, o)
	if err != nil {
		return nil, err
	}
	return assemble(db, o)
}

// Create makes a new workspace at path.
func Create(ctx context.Context, path string, p crmflow.Project, settings map[string]string, o Options) (*App, error) {
	o = o.withDefaults()
	b, err := theBackend()
	if err != nil {
		return nil, err
	}
	db, err := b.Create(ctx, path, p, settings, o)
	if err != nil {
		return nil, err
	}
	return assemble(db, o)
}

func (o Options) withDefaults() Options {
	if o.Clock == nil {
		o.Clock = crmflow.SystemClock{}
	}
	if o.Actor == "" {
		o.Actor = crmflow.ResolveActor("")
	}
	return o
}

// Close releases the database.
func (a *App) Close() error { return a.db.Close() }

// StorageError names an error of the workspace's storage (a damaged file, a
// full disk, a read-only folder) with its way out, whichever use case met it;
// other errors come back unchanged.
func (a *App) StorageError(err error) error { return a.db.StorageError(err) }

// Path is the workspace database's file.
func (a *App) Path() string { return a.db.Path() }

// Clock is the clock every timestamp comes from.
func (a *App) Clock() crmflow.Clock { return a.clock }

// Actor is who changes are recorded for.
func (a *App) Actor() crmflow.Actor { return a.actor }

// SchemaVersion is the newest schema this binary knows (0 when no backend
// is registered).
func SchemaVersion() int {
	b, err := theBackend()
	if err != nil {
		return 0
	}
	return b.SchemaVersion()
}

// Project returns the project record.
func (a *App) Project(ctx context.Context) (crmflow.Project, error) { return a.db.Project(ctx) }

// Lang is the project's language (zh when unset).
func (a *App) Lang(ctx context.Context) crmflow.Lang {
	p, err := a.db.Project(ctx)
	if err != nil || p.Lang == "" {
		return crmflow.LangZH
	}
	return p.Lang
}

var (
	catalogOnce sync.Once
	baseCatalog *requirements.Catalog
	catalogErr  error
	banksOnce   sync.Once
	banks       survey.Banks
	banksErr    error
)

// ModuleCatalog is the built-in CRM module catalog, parsed once.
func ModuleCatalog() (*requirements.Catalog, error) {
	catalogOnce.Do(func() { baseCatalog, catalogErr = requirements.ParseCatalog(templates.ModuleCatalog()) })
	return baseCatalog, catalogErr
}

// QuestionBanks are the built-in survey question banks, parsed once.
func QuestionBanks() (survey.Banks, error) {
	banksOnce.Do(func() { banks, banksErr = survey.ParseBanks(templates.QuestionBanks()) })
	return banks, banksErr
}

func assemble(db Store, o Options) (*App, error) {
	cat, err := ModuleCatalog()
	if err != nil {
		db.Close()
		return nil, err
	}
	qb, err := QuestionBanks()
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{db: db, clock: o.Clock, actor: o.Actor}
	reqs := &requirements.Service{Store: db.Requirements(), Project: db, Base: cat, FrozenIn: db.Baselines().Containing}
	a.Requirements = reqs
	a.Stakeholders = &stakeholder.Service{Store: db.Stakeholders()}
	a.Surveys = &survey.Service{Store: db.Surveys(), Banks: qb}
	found := db.Research()
	a.Processes = &process.Service{Store: db.Processes(), RefExists: process.RefRule(
		func(ctx context.Context, id string) bool {
			_, err := reqs.Store.Requirement(ctx, id)
			return err == nil
		},
		func(ctx context.Context, id string) bool { _, err := found.Finding(ctx, id); return err == nil })}
	procs := a.Processes
	a.Research = &research.Service{Store: found, Reqs: reqs, ResolveProcess: func(ctx context.Context, ref string) (string, error) {
		m, err := procs.Resolve(ctx, ref)
		return m.ID, err
	}, ResolveStep: func(ctx context.Context, mapID, ref string) (string, error) {
		m, err := procs.Store.Map(ctx, mapID)
		if err != nil {
			return "", err
		}
		n, err := m.ResolveStep(ref)
		return n.ID, err
	}}
	a.Milestones = &milestones.Service{Store: db.Milestones(), Clock: o.Clock}
	a.Meetings = &meeting.Service{Store: db.Meetings(), ExpandRefs: func(ctx context.Context, refs []string) ([]string, error) {
		// Every title only for a range (REQ-001..REQ-020): a meeting that
		// names a thousand requirements one by one calls this a thousand times.
		var titles map[string]string
		if slices.ContainsFunc(refs, func(r string) bool { return strings.Contains(r, "..") }) {
			var err error
			if titles, err = reqs.Store.Titles(ctx); err != nil {
				return nil, err
			}
		}
		exists := func(id string) bool { _, ok := titles[id]; return ok }
		return meeting.ExpandRefs(refs, exists, func(ref string) (string, error) { return reqs.ResolveID(ctx, ref) })
	}}
	a.Changes = &change.Service{Store: db.Changes(), Reqs: reqs, Baselines: db.Baselines(), Stakeholders: db.Stakeholders(),
		Actor: o.Actor, Clock: o.Clock, MilestonesReached: a.Milestones.Reached,
		StepsFor: func(ctx context.Context, id string) ([]change.StepRef, error) {
			steps, err := procs.StepsFor(ctx, id)
			if err != nil {
				return nil, err
			}
			out := make([]change.StepRef, 0, len(steps))
			for _, s := range steps {
				out = append(out, change.StepRef{Map: s.Map, Step: s.Step, Label: s.Label, Req: id})
			}
			return out, nil
		}}
	assembleSignoff(a, db, o)
	a.Acceptance = newAcceptance(db, a, o)
	a.Releases = newReleases(db, a, o)
	a.Feedback = newFeedback(db, a, o)
	return a, nil
}
