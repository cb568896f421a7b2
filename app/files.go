package app

import (
	"os"
	"path/filepath"

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
