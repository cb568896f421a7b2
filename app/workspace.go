package app

import (
	"context"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// DefaultSettings are the scoring settings a new workspace starts with.
func DefaultSettings() map[string]string {
	st := requirements.DefaultSettings()
	settings := map[string]string{}
	for k := range requirements.SettingKeys {
		settings[k] = st.Text(k)
	}
	return settings
}

// Init creates a workspace at path for project p with the default settings.
func Init(ctx context.Context, path string, p crmflow.Project, o Options) (*App, error) {
	p.Name, p.Client = strings.TrimSpace(p.Name), strings.TrimSpace(p.Client)
	if p.Name == "" {
		return nil, crmflow.Errorf(crmflow.EINVALID, "the project needs a name").About("project", "")
	}
	return Create(ctx, path, p, DefaultSettings(), o)
}

// ProjectView is the project with its settings, custom fields and modules
// and the requirement counts, as `project show` prints it.
type ProjectView struct {
	crmflow.Project
	Database      string                      `json:"database"`
	SchemaVersion int                         `json:"schema_version"`
	Requirements  int                         `json:"requirements"`
	Settings      map[string]string           `json:"settings"`
	Formula       string                      `json:"formula"`
	Fields        []requirements.FieldDef     `json:"fields"`
	Modules       []requirements.Module       `json:"custom_modules"`
	ByStatus      map[requirements.Status]int `json:"by_status"`
}

// ShowProject gathers the project's view.
func (a *App) ShowProject(ctx context.Context) (ProjectView, error) {
	svc := a.Requirements
	var v ProjectView
	p, err := a.db.Project(ctx)
	if err != nil {
		return v, err
	}
	st, err := svc.Settings(ctx)
	if err != nil {
		return v, err
	}
	defs, err := svc.Store.FieldDefs(ctx)
	if err != nil {
		return v, err
	}
	mods, err := svc.Store.CustomModules(ctx)
	if err != nil {
		return v, err
	}
	reqs, err := svc.Store.Requirements(ctx)
	if err != nil {
		return v, err
	}
	v = ProjectView{Project: p, Database: a.db.Path(), SchemaVersion: SchemaVersion(), Requirements: len(reqs),
		Settings: map[string]string{}, Formula: st.Formula(), Fields: defs, Modules: mods, ByStatus: map[requirements.Status]int{}}
	for k := range requirements.SettingKeys {
		v.Settings[k] = st.Text(k)
	}
	for _, r := range reqs {
		v.ByStatus[r.Status]++
	}
	return v, nil
}

// ProjectKeys are the project record's own keys SetProject takes, besides
// the scoring settings.
var ProjectKeys = []string{"name", "client", "lang", KeyPeople, KeyUserName}

// SetProject changes the project's name, client or language, or a scoring
// setting; it returns the value as stored and the settings after it.
func (a *App) SetProject(ctx context.Context, key, value string) (string, requirements.Settings, error) {
	switch key {
	case KeyPeople, KeyUserName:
		stored, err := a.setPeople(ctx, key, value)
		return stored, requirements.Settings{}, err
	case "name", "client", "lang":
		_, err := a.db.UpdateProject(ctx, func(p *crmflow.Project) error {
			switch key {
			case "name":
				if strings.TrimSpace(value) == "" {
					return crmflow.Errorf(crmflow.EINVALID, "the project name cannot be empty")
				}
				p.Name = strings.TrimSpace(value)
			case "client":
				p.Client = strings.TrimSpace(value)
			case "lang":
				l, err := crmflow.ParseLang(value)
				if err != nil {
					return err
				}
				p.Lang = l
			}
			return nil
		})
		return value, requirements.Settings{}, err
	}
	if _, ok := requirements.SettingKeys[key]; !ok {
		return "", requirements.Settings{}, crmflow.Errorf(crmflow.EINVALID, "unknown setting %q", key).About("setting", key)
	}
	st, err := a.Requirements.SetSetting(ctx, key, value)
	if err != nil {
		return "", st, err
	}
	return st.Text(key), st, nil
}

// AuditLog lists audit events, oldest first.
func (a *App) AuditLog(ctx context.Context, f crmflow.AuditFilter) ([]crmflow.AuditEvent, error) {
	if f.Limit < 0 {
		return nil, crmflow.Errorf(crmflow.EINVALID, "--limit must be 0 (all) or more")
	}
	return a.db.AuditLog(ctx, f)
}

// VerifyAudit checks the hash chain and that the data matches the log.
func (a *App) VerifyAudit(ctx context.Context) (crmflow.AuditReport, error) {
	return a.db.VerifyAudit(ctx)
}

// Backup writes a consistent copy of the workspace to dst and checks it.
func (a *App) Backup(ctx context.Context, dst string) (BackupInfo, error) {
	if err := a.db.Backup(ctx, dst); err != nil {
		return BackupInfo{}, err
	}
	return CheckBackup(ctx, dst)
}

// CheckBackup checks that path is an intact workspace this binary can read.
func CheckBackup(ctx context.Context, path string) (BackupInfo, error) {
	b, err := theBackend()
	if err != nil {
		return BackupInfo{}, err
	}
	return b.CheckBackup(ctx, path)
}

// Restore checks the backup src and puts it in place of the workspace at
// live (replacing one only when force).
func Restore(ctx context.Context, src, live string, force bool) (BackupInfo, error) {
	b, err := theBackend()
	if err != nil {
		return BackupInfo{}, err
	}
	return b.Restore(ctx, src, live, force)
}
