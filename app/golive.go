package app

import (
	"context"
	"os"

	"github.com/crmflow/crmflow/golive"
	"github.com/crmflow/crmflow/signoff"
)

func newGoLive(db Store, o Options) *golive.Service {
	return &golive.Service{Store: db.GoLive(), Actor: o.Actor}
}

// SetGoLive changes a checklist item. Evidence that names a readable file is
// recorded with the file's SHA-256, so it can be checked later.
func (a *App) SetGoLive(ctx context.Context, ref string, u golive.Update) (golive.Item, error) {
	if u.Evidence != "" {
		if b, err := os.ReadFile(u.Evidence); err == nil {
			u.EvidenceSHA256 = signoff.SHA256(b)
		}
	}
	return a.GoLive.Set(ctx, ref, u, a.Lang(ctx))
}
