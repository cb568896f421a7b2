package backend

import (
	"context"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/sqlite"
)

// ProjectLang reads the language of the workspace at path, read-only.
func (Backend) ProjectLang(ctx context.Context, path string) (crmflow.Lang, error) {
	return sqlite.ProjectLang(ctx, path)
}
