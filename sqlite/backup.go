package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"

	"github.com/crmflow/crmflow"
)

// Backup writes a consistent copy of the database to dst with VACUUM INTO,
// which is safe while other processes read and write.
func (db *DB) Backup(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s already exists; crmflow does not overwrite a backup", dst).
			In("backup").About("file", dst)
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return err
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		os.Remove(abs)
		return crmflow.Errorf(crmflow.EINVALID, "cannot write backup %s: %v", dst, err)
	}
	return nil
}

// BackupInfo describes a checked backup file.
type BackupInfo struct {
	Path          string          `json:"path"`
	SchemaVersion int             `json:"schema_version"`
	Project       crmflow.Project `json:"project"`
	Requirements  int             `json:"requirements"`
	AuditEvents   int             `json:"audit_events"`
}

// CheckBackup opens a would-be backup read-only and checks that it is an
// intact crmflow database this binary can read.
func CheckBackup(ctx context.Context, src string) (BackupInfo, error) {
	info := BackupInfo{Path: src}
	if err := checkFile(src); err != nil {
		return info, err
	}
	db, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return info, err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return info, crmflow.Errorf(crmflow.EINVALID, "%s cannot be read as a database: %v", src, err).About("file", src).With("problem", "not-a-database")
	}
	if res != "ok" {
		return info, crmflow.Errorf(crmflow.EINVALID, "%s failed the integrity check: %s", src, res).About("file", src).With("problem", "integrity")
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&info.SchemaVersion); err != nil {
		return info, err
	}
	if info.SchemaVersion > SchemaVersion() {
		return info, crmflow.Errorf(crmflow.EINVALID, "%s was written by a newer crmflow (schema version %d; this crmflow knows up to %d)",
			src, info.SchemaVersion, SchemaVersion()).In("restore").With("schema", "newer")
	}
	var created string
	err = db.QueryRowContext(ctx, "SELECT name, client, lang, created_at FROM project WHERE id = 1").
		Scan(&info.Project.Name, &info.Project.Client, &info.Project.Lang, &created)
	if err != nil {
		return info, crmflow.Errorf(crmflow.EINVALID, "%s is a SQLite database but holds no crmflow project", src)
	}
	info.Project.CreatedAt = parseTime(created)
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM requirements").Scan(&info.Requirements)
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM audit").Scan(&info.AuditEvents)
	return info, nil
}

// Restore replaces the database at live with a checked copy of src. The live
// file, if any, is kept as live + ".pre-restore". force must be set to replace
// an existing live database.
func Restore(ctx context.Context, src, live string, force bool) (BackupInfo, error) {
	info, err := CheckBackup(ctx, src)
	if err != nil {
		return info, err
	}
	srcAbs, _ := filepath.Abs(src)
	liveAbs, _ := filepath.Abs(live)
	if srcAbs == liveAbs {
		return info, crmflow.Errorf(crmflow.EINVALID, "%s is the live workspace database itself", src)
	}
	_, statErr := os.Stat(live)
	exists := statErr == nil
	if exists && !force {
		return info, crmflow.Errorf(crmflow.ECONFLICT, "%s exists; restoring would replace it", live).
			In("restore").About("file", live).With("backup", src)
	}
	// Copy through VACUUM INTO into a temporary file beside the live one, so the
	// final step is one rename on the same file system.
	tmp := live + ".restoring"
	os.Remove(tmp)
	db, err := sql.Open("sqlite", "file:"+srcAbs+"?mode=ro")
	if err != nil {
		return info, err
	}
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", tmp)
	db.Close()
	if err != nil {
		os.Remove(tmp)
		return info, crmflow.Errorf(crmflow.EINVALID, "cannot copy %s: %v", src, err)
	}
	if exists {
		// Fold the live WAL into the file before it is set aside.
		if ldb, err := sql.Open("sqlite", "file:"+liveAbs+"?_pragma=busy_timeout(15000)"); err == nil {
			_, _ = ldb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			ldb.Close()
		}
		if err := os.Rename(live, live+".pre-restore"); err != nil {
			os.Remove(tmp)
			return info, err
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(live + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return info, err
		}
	}
	if err := os.Rename(tmp, live); err != nil {
		return info, err
	}
	// The restored log is shorter than the live one was: its head is the
	// anchor from now on (the old one is kept beside the .pre-restore file).
	if exists {
		_ = os.Rename(AnchorPath(live), AnchorPath(live+".pre-restore"))
	}
	if rdb, err := sql.Open("sqlite", "file:"+liveAbs+"?mode=ro"); err == nil {
		a, err := head(ctx, rdb)
		rdb.Close()
		if err == nil && a.Seq > 0 {
			_ = replaceAnchor(live, a)
		}
	}
	return info, nil
}
