package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/legacy"
	"github.com/crmflow/crmflow/legacy/xlsxsource"
	"github.com/crmflow/crmflow/requirements"
)

// LegacyCheck says what legacy data to check and where the batches go.
type LegacyCheck struct {
	Path      string // .csv or .xlsx
	Sheet     string // xlsx: the sheet ("" for the first)
	Entity    string // 客户, 联系人, 商机 … as in the data dictionary
	BatchSize int    // 0: no batches
	OutDir    string // where batches, rejected.csv and report.md go
	// Refs name files listing referenced records, by entity: 客户=customers.csv.
	Refs     map[string]string
	Progress func(rows int)
}

// CheckLegacyData checks a legacy export against the data dictionary and,
// with a batch size, writes the clean batches, the rejected rows and the
// report (report.md) to OutDir. It returns the result and the files written.
func (a *App) CheckLegacyData(ctx context.Context, c LegacyCheck) (legacy.Result, []string, error) {
	fields, err := a.Requirements.Store.DataFields(ctx)
	if err != nil {
		return legacy.Result{}, nil, err
	}
	o := legacy.Options{Entity: strings.TrimSpace(c.Entity), Fields: fields, Progress: c.Progress, Refs: map[string]map[string]bool{}, Lang: a.Lang(ctx)}
	for entity, p := range c.Refs {
		keys, err := referenceKeys(p, entity, fields)
		if err != nil {
			return legacy.Result{}, nil, err
		}
		o.Refs[entity] = keys
	}
	src, closeSrc, err := openLegacy(c.Path, c.Sheet)
	if err != nil {
		return legacy.Result{}, nil, err
	}
	defer closeSrc()
	var sink legacy.Sink
	var b *legacy.Batches
	if c.BatchSize > 0 {
		if c.OutDir == "" {
			return legacy.Result{}, nil, crmflow.Errorf(crmflow.EINVALID, "batches need a folder to be written to")
		}
		b = &legacy.Batches{Dir: c.OutDir, Size: c.BatchSize, Lang: a.Lang(ctx)}
		sink = b
	}
	res, err := legacy.Check(src, o, sink)
	if b != nil {
		if cerr := b.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return res, nil, prefixFile(c.Path, err)
	}
	var files []string
	if b != nil {
		files = b.Files
		rp := filepath.Join(c.OutDir, "report.md")
		if err := os.WriteFile(rp, legacy.Markdown(filepath.Base(c.Path), res, a.Lang(ctx), files), 0o644); err != nil {
			return res, files, fileError(rp, err)
		}
		files = append(files, rp)
	}
	return res, files, nil
}

func openLegacy(p, sheet string) (legacy.Source, func(), error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, fileError(p, err)
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".xlsx", ".xlsm":
		s, err := xlsxsource.Open(f, sheet)
		f.Close()
		if err != nil {
			return nil, nil, prefixFile(p, err)
		}
		return s, func() { s.Close() }, nil
	case ".csv", ".txt", ".tsv":
		s, err := legacy.CSV(f)
		if err != nil {
			f.Close()
			return nil, nil, prefixFile(p, err)
		}
		return s, func() { f.Close() }, nil
	}
	f.Close()
	return nil, nil, crmflow.Errorf(crmflow.EINVALID, "%s is neither .csv nor .xlsx", p)
}

// referenceKeys reads the records a reference may point to: the values of
// the referenced entity's unique fields and its name field, or of the first
// column when the dictionary does not describe that entity.
func referenceKeys(p, entity string, fields []requirements.DataField) (map[string]bool, error) {
	src, done, err := openLegacy(p, "")
	if err != nil {
		return nil, err
	}
	defer done()
	h, err := src.Next()
	if err != nil {
		return nil, crmflow.Errorf(crmflow.EINVALID, "%s has no header row", p)
	}
	var cols []int
	for c, name := range h {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		for _, f := range fields {
			if f.Entity == entity && f.Name == name && (f.Unique || strings.Contains(f.Name, "名称") || strings.Contains(f.Name, "姓名")) {
				cols = append(cols, c)
			}
		}
	}
	if len(cols) == 0 {
		cols = []int{0}
	}
	keys := map[string]bool{}
	for n := 0; ; n++ {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, prefixFile(p, err)
		}
		if n >= legacy.MaxRows {
			return nil, crmflow.Errorf(crmflow.EINVALID, "%s has more than %d rows", p, legacy.MaxRows)
		}
		for _, c := range cols {
			if c < len(rec) {
				if v := strings.TrimSpace(rec[c]); v != "" {
					keys[v] = true
				}
			}
		}
	}
	return keys, nil
}

func prefixFile(p string, err error) error {
	if ce, ok := err.(*crmflow.Error); ok {
		c := *ce
		c.Message = p + ": " + c.Message
		return &c
	}
	return crmflow.Errorf(crmflow.EINVALID, "%s: %v", p, err)
}
