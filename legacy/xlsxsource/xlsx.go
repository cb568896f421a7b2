// Package xlsxsource reads the first (or a named) sheet of an xlsx workbook
// as a legacy.Source, streaming its rows with excelize.
package xlsxsource

import (
	"errors"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/legacy"
)

// Source is an open workbook sheet; Close releases it.
type Source struct {
	f    *excelize.File
	rows *excelize.Rows
}

// Open opens a workbook read from r and streams sheet ("" for the first).
func Open(r io.Reader, sheet string) (*Source, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, crmflow.Errorf(crmflow.EINVALID, "not an xlsx workbook: %v", err)
	}
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		f.Close()
		return nil, crmflow.Errorf(crmflow.ENOTFOUND, "the workbook has no sheet %q", sheet)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, crmflow.Errorf(crmflow.EINVALID, "sheet %s: %v", sheet, err)
	}
	return &Source{f: f, rows: rows}, nil
}

// Encoding is the workbook's: xlsx text is always Unicode.
func (s *Source) Encoding() string { return "xlsx" }

// Next returns the next row's cell texts as Excel shows them.
func (s *Source) Next() ([]string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	cols, err := s.rows.Columns()
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		if len(c) > legacy.MaxCell*4 {
			return nil, errors.New("a cell holds more than 32,767 characters")
		}
	}
	return cols, nil
}

// Close releases the workbook.
func (s *Source) Close() error {
	s.rows.Close()
	return s.f.Close()
}
