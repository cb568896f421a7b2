package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/crmflow/crmflow"
)

// WriteFile writes data next to path and renames it into place, so a reader
// never sees half a document.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot create folder %s: %v", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot write in %s: %v", dir, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteDocument writes d to path and the files that go beside it next to it,
// and records it as crmflow's (see WriteOutput). The demo writes with it; a
// command writes with WriteOutputDocument, which applies the output rule.
func WriteDocument(path string, d Document) error {
	for _, f := range d.Beside {
		if err := WriteFile(filepath.Join(filepath.Dir(path), filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	if err := WriteFile(path, d.Data); err != nil {
		return err
	}
	return recordOutput(path, d.Data)
}

// DefaultOutDir is the folder documents go to when no -o is given.
const DefaultOutDir = "out"

// PrepareOutput applies the one rule for where a command may write: the
// folder of path must exist, so that a typo does not scatter files, except
// the default out/ folder (and folders inside it), which is created.
func PrepareOutput(path string) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err == nil {
		if !st.IsDir() {
			return crmflow.Errorf(crmflow.EINVALID, "%s is a file, not a folder", dir).With("folder", dir)
		}
		return nil
	}
	if !InDefaultOut(dir) {
		return crmflow.Errorf(crmflow.ENOTFOUND, "the folder %s does not exist", dir).With("folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot create folder %s: %v", dir, err)
	}
	return nil
}

// InDefaultOut reports whether dir is out/ or a folder inside it, relative to
// the current folder.
func InDefaultOut(dir string) bool {
	c := filepath.Clean(dir)
	return c == DefaultOutDir || strings.HasPrefix(c, DefaultOutDir+string(filepath.Separator))
}

// OutputsRecord is the file, in each folder crmflow writes documents to, that
// holds the SHA-256 of every file crmflow wrote there: how a later write
// knows whether a file is still as crmflow left it.
const OutputsRecord = ".crmflow-outputs.json"

// Replaced says what a write replaced.
type Replaced int

const (
	ReplacedNothing Replaced = iota // there was no file
	ReplacedOwn                     // a file crmflow wrote, unchanged since
	ReplacedEdited                  // a file crmflow wrote, changed since (only with force)
	ReplacedUnknown                 // a file crmflow has no record of writing (only with force)
)

// CheckOutput applies the whole output rule before anything is written: the
// folder rule of PrepareOutput, then the file rule. A file crmflow wrote and
// nobody changed is replaced; a file changed since crmflow wrote it, or one
// crmflow did not write, is kept unless force is set: it may hold someone's
// work. It returns what writing path would replace.
func CheckOutput(path string, force bool) (Replaced, error) {
	if err := PrepareOutput(path); err != nil {
		return ReplacedNothing, err
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ReplacedNothing, nil
	}
	if err != nil {
		return ReplacedNothing, crmflow.Errorf(crmflow.EINVALID, "cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		return ReplacedNothing, crmflow.Errorf(crmflow.EINVALID, "%s is a folder, not a file", path).With("file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ReplacedNothing, crmflow.Errorf(crmflow.EINVALID, "cannot read %s: %v", path, err)
	}
	sum, known := readOutputsRecord(filepath.Dir(path))[filepath.Base(path)]
	switch {
	case known && sum == hashOf(data):
		return ReplacedOwn, nil
	case force && known:
		return ReplacedEdited, nil
	case force:
		return ReplacedUnknown, nil
	case known:
		return ReplacedEdited, crmflow.Errorf(crmflow.ECONFLICT, "%s was changed since crmflow wrote it; nothing was written", path).
			In("output.write").With("file", path)
	}
	return ReplacedUnknown, crmflow.Errorf(crmflow.ECONFLICT, "%s exists and crmflow did not write it; nothing was written", path).
		In("output.write").With("file", path)
}

// WriteOutput writes data to path under the output rule (CheckOutput), so a
// reader never sees half a file, and records it as crmflow's.
func WriteOutput(path string, data []byte, force bool) (Replaced, error) {
	return WriteOutputDocument(path, Document{Data: data}, force)
}

// WriteOutputDocument is WriteOutput for a document and the files beside it.
func WriteOutputDocument(path string, d Document, force bool) (Replaced, error) {
	r, err := CheckOutput(path, force)
	if err != nil {
		return r, err
	}
	return r, WriteDocument(path, d)
}

// recordOutput notes in its folder's record that crmflow wrote data to path.
func recordOutput(path string, data []byte) error {
	dir := filepath.Dir(path)
	rec := readOutputsRecord(dir)
	rec[filepath.Base(path)] = hashOf(data)
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, OutputsRecord), append(b, '\n'))
}

// readOutputsRecord is a folder's record, file name to SHA-256; empty when
// there is none or it cannot be read (every file is then unknown: kept).
func readOutputsRecord(dir string) map[string]string {
	rec := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(dir, OutputsRecord)); err == nil {
		_ = json.Unmarshal(b, &rec)
	}
	return rec
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
