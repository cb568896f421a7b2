package sqlite

import (
	"context"
	"database/sql"
	"os"

	"github.com/crmflow/crmflow"
)

// ProjectLang reads the project's language without migrating or writing
// anything: help text picks its examples by it, and must stay cheap and
// side-effect free.
func ProjectLang(ctx context.Context, p string) (crmflow.Lang, error) {
	if err := checkFile(p); err != nil {
		return "", err
	}
	// With no -wal beside it the file holds everything: read it immutable,
	// which creates no -wal or -shm. With one (another crmflow has it open,
	// or one crashed), read through it; its -shm is already there.
	dsn := "?mode=ro&immutable=1"
	if _, err := os.Stat(p + "-wal"); err == nil {
		dsn = "?mode=ro"
	}
	db, err := sql.Open("sqlite", "file:"+p+dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var lang string
	if err := db.QueryRowContext(ctx, "SELECT lang FROM project WHERE id = 1").Scan(&lang); err != nil {
		return "", err
	}
	if lang == "" {
		return crmflow.LangZH, nil
	}
	return crmflow.ParseLang(lang)
}
