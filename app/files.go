package app

import (
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

// WriteDocument writes d to path and the files that go beside it next to it.
func WriteDocument(path string, d Document) error {
	for _, f := range d.Beside {
		if err := WriteFile(filepath.Join(filepath.Dir(path), filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	return WriteFile(path, d.Data)
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
