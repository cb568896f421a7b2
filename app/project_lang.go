package app

import (
	"context"
	"errors"

	"github.com/crmflow/crmflow"
)

// langReader is a backend that can read a workspace's language without
// opening it for work (no migration, no writes).
type langReader interface {
	ProjectLang(ctx context.Context, path string) (crmflow.Lang, error)
}

// PeekLang is the language of the workspace at path, read without opening
// it for work: no migration, nothing written. Help text uses it.
func PeekLang(ctx context.Context, path string) (crmflow.Lang, error) {
	b, err := theBackend()
	if err != nil {
		return "", err
	}
	lr, ok := b.(langReader)
	if !ok {
		return "", errors.New("the backend cannot read a workspace's language read-only")
	}
	return lr.ProjectLang(ctx, path)
}
