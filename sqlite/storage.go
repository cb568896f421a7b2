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
	return &crmflow.Error{Code: crmflow.EDENIED, Err: err, Facts: map[string]string{"problem": "read-only"},
		Message: fmt.Sprintf("the workspace %s is read-only (the file or its folder cannot be written); nothing was written", p)}
}

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
			return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "disk-full"},
				Message: fmt.Sprintf("the disk holding %s is full; nothing was written", p)}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return readOnlyError(p, err)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "corrupt"},
				Message: fmt.Sprintf("the workspace %s is damaged (%v); nothing was written", p, se)}
		case sqlite3.SQLITE_IOERR:
			if errors.Is(err, syscall.ENOSPC) {
				return storageError(p, &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "disk-full"},
					Message: fmt.Sprintf("the disk holding %s is full; nothing was written", p)})
			}
			return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "io"},
				Message: fmt.Sprintf("cannot read or write %s (%v); nothing was written", p, se)}
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return &crmflow.Error{Code: crmflow.EINVALID, Err: err, Facts: map[string]string{"problem": "disk-full"},
			Message: fmt.Sprintf("the disk holding %s is full; nothing was written", p)}
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, os.ErrPermission):
		return readOnlyError(p, err)
	}
	return err
}
