package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/crmflow/crmflow"
)

// readOnlyDSN opens a workspace that cannot be written (its file or its
// folder): WAL needs a -shm file beside the database, which a read-only
// folder cannot hold, so the file is opened immutable. Reads work; a write
// is refused before it starts (see withTx).
const readOnlyDSN = "?mode=ro&immutable=1&_pragma=foreign_keys(1)"

// writable says whether SQLite can write p and create its -wal and -shm
// files beside it.
func writable(p string) bool {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(p), ".crmflow-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

func readOnlyError(p string, err error) error {
	return &crmflow.Error{Code: crmflow.EDENIED, Err: err, Facts: map[string]string{"problem": "read-only", "file": p},
		Message: fmt.Sprintf("the workspace %s is read-only (the file or its folder cannot be written); nothing was written", p)}
}

// StorageError names err when it is about the storage (a damaged file, a
// full disk, a read-only workspace), on a read as on a write; any other error
// comes back as it is.
func (db *DB) StorageError(err error) error { return storageError(db.path, err) }

// storageError names what SQLite or the file system reports about the
// storage itself, which is the user's to fix, not a crmflow fault.
func storageError(p string, err error) error {
	if err == nil {
		return nil
	}
	var ce *crmflow.Error
	if errors.As(err, &ce) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "disk-full", "file": p},
				Message: fmt.Sprintf("the disk holding %s is full; nothing was written", p)}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return readOnlyError(p, err)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "corrupt", "file": p, "detail": se.Error()},
				Message: fmt.Sprintf("the workspace %s is damaged (%v); nothing was written", p, se)}
		case sqlite3.SQLITE_IOERR:
			return ioError(p, err, se)
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "disk-full", "file": p},
			Message: fmt.Sprintf("the disk holding %s is full; nothing was written", p)}
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, os.ErrPermission):
		return readOnlyError(p, err)
	}
	return err
}

// ioError names an I/O error. SQLite often reports a full disk as a bare
// I/O error without the errno (growing the -shm file when a workspace is
// opened, 4874 SQLITE_IOERR_SHMSIZE), so the folder's free space decides.
func ioError(p string, err, detail error) error {
	if errors.Is(err, syscall.ENOSPC) || freeBytes(filepath.Dir(p)) < minFree {
		return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "disk-full", "file": p},
			Message: fmt.Sprintf("the disk holding %s is full; nothing was written", p)}
	}
	return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "io", "file": p, "detail": detail.Error()},
		Message: fmt.Sprintf("cannot read or write %s (%v); nothing was written", p, detail)}
}

// minFree is the free space below which an I/O error is taken for a full
// disk: less than SQLite needs for a page and its -shm file.
const minFree = 64 << 10

// freeBytes is the space left to this user in dir; a large number when it
// cannot be told, so that an error is not blamed on the disk.
var freeBytes = func(dir string) uint64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 1 << 62
	}
	return st.Bavail * uint64(st.Bsize)
}
