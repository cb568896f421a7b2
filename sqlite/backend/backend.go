// Package backend registers the sqlite store as the application's backend:
// importing it is how a program (cmd/crmflow) or a test chooses sqlite.
package backend

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/sqlite"
)

func init() { app.Register(Backend{}) }

// Backend opens workspaces as sqlite databases.
type Backend struct{}

func options(o app.Options) sqlite.Options { return sqlite.Options{Clock: o.Clock, Actor: o.Actor} }

// Open opens the database at path.
func (Backend) Open(ctx context.Context, path string, o app.Options) (app.Store, error) {
	db, err := sqlite.Open(ctx, path, options(o))
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Create makes a new database at path.
func (Backend) Create(ctx context.Context, path string, p crmflow.Project, settings map[string]string, o app.Options) (app.Store, error) {
	db, err := sqlite.Create(ctx, path, p, settings, options(o))
	if err != nil {
		return nil, err
	}
	return db, nil
}

// CheckBackup checks that path is an intact database this binary can read.
func (Backend) CheckBackup(ctx context.Context, path string) (app.BackupInfo, error) {
	info, err := sqlite.CheckBackup(ctx, path)
	return app.BackupInfo(info), err
}

// Restore puts the backup src in place of the database live.
func (Backend) Restore(ctx context.Context, src, live string, force bool) (app.BackupInfo, error) {
	info, err := sqlite.Restore(ctx, src, live, force)
	return app.BackupInfo(info), err
}

// SchemaVersion is the newest schema this binary knows.
func (Backend) SchemaVersion() int { return sqlite.SchemaVersion() }
