package app

import (
	"context"
	"sync"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/baseline"
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
)

// Store is an open workspace database: the project record, the audit log and
// one store per domain. The sqlite package's *DB is one; front ends never see
// it, so they do not depend on how the workspace is stored. A capability
// that adds a store adds its accessor here.
type Store interface {
	crmflow.ProjectStore
	Close() error
	Path() string
	Backup(ctx context.Context, dst string) error
	AuditLog(ctx context.Context, f crmflow.AuditFilter) ([]crmflow.AuditEvent, error)
	VerifyAudit(ctx context.Context) (crmflow.AuditReport, error)
	// Health checks the file below the domain: schema, integrity, dangling references.
	Health(ctx context.Context) (crmflow.StoreHealth, error)
	// StorageError names an error of the storage itself (damaged file, full
	// disk, read-only) for the user; other errors come back unchanged.
	StorageError(err error) error

	Requirements() requirements.Store
	Stakeholders() stakeholder.Store
	Meetings() meeting.Store
	Baselines() baseline.Store
	Changes() change.Store
	Processes() process.Store
	Research() research.Store
	Surveys() survey.Store
	Milestones() milestones.Store
	Signoffs() signoff.Store
	GoLive() golive.Store
	Acceptance() acceptance.Store
	Releases() release.Store
	Feedback() feedback.Store
	// EditPlanned edits a requirement and applies a release plan in one
	// transaction: req edit with fields and an estimate or release.
	EditPlanned(ctx context.Context, id string, edit func(*requirements.Requirement) error,
		plan func(release.State) (release.Plan, error)) (requirements.Requirement, release.Plan, error)
}

// Backend opens and creates workspace databases, and checks and restores
// backups of them.
type Backend interface {
	Open(ctx context.Context, path string, o Options) (Store, error)
	Create(ctx context.Context, path string, p crmflow.Project, settings map[string]string, o Options) (Store, error)
	CheckBackup(ctx context.Context, path string) (BackupInfo, error)
	Restore(ctx context.Context, src, live string, force bool) (BackupInfo, error)
	// SchemaVersion is the newest schema the backend knows.
	SchemaVersion() int
}

// BackupInfo describes a checked backup file.
type BackupInfo struct {
	Path          string          `json:"path"`
	SchemaVersion int             `json:"schema_version"`
	Project       crmflow.Project `json:"project"`
	Requirements  int             `json:"requirements"`
	AuditEvents   int             `json:"audit_events"`
}

var (
	backendMu sync.RWMutex
	backend   Backend
)

// Register makes b the backend Open and Create use. The program registers one
// at start (cmd/crmflow imports the sqlite backend); tests do the same.
func Register(b Backend) {
	backendMu.Lock()
	defer backendMu.Unlock()
	backend = b
}

func theBackend() (Backend, error) {
	backendMu.RLock()
	defer backendMu.RUnlock()
	if backend == nil {
		return nil, crmflow.Errorf(crmflow.EINTERNAL, "no workspace storage is registered")
	}
	return backend, nil
}
