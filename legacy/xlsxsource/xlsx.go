// Package xlsxsource reads the first (or a named) sheet of an xlsx workbook
// as a legacy.Source, streaming its rows with excelize.
package xlsxsource

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/legacy"
)

// Source is an open workbook sheet; Close releases it.
type Source struct {
	f    *excelize.File
	rows *excelize.Rows
}

// Limits on a legacy workbook: larger than the other readers' (a legacy
// export can hold a million customers), but bounded, so that a zip bomb or a
// huge shared-strings table is refused before it is unpacked. A sheet part
// over 16 MiB is streamed from a temporary file by excelize's row iterator,
// so memory holds the file, the shared strings and one row.
var (
	maxFile    int64 = 128 << 20 // bytes of .xlsx
	maxUnzip   int64 = 1 << 30   // bytes unpacked in all
	maxStrings int64 = 128 << 20 // bytes of the unpacked shared strings table
)

// checkZip refuses a workbook over the limits above, from the sizes its zip
// directory declares (the zip reader refuses entries that unpack to more).
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "not an xlsx workbook: %v", err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if strings.EqualFold(f.Name, "xl/sharedStrings.xml") && f.UncompressedSize64 > uint64(maxStrings) {
			return crmflow.Errorf(crmflow.EINVALID, "the workbook's text table unpacks to more than %d MiB, the limit; split the file", maxStrings>>20)
		}
	}
	if total > uint64(maxUnzip) {
		return crmflow.Errorf(crmflow.EINVALID, "the workbook unpacks to more than %d MiB, the limit; split the file", maxUnzip>>20)
	}
	return nil
}

// Open opens a workbook read from r and streams sheet ("" for the first).
func Open(r io.Reader, sheet string) (*Source, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > maxFile {
		return nil, crmflow.Errorf(crmflow.EINVALID, "the file is over %d MiB, the limit; split it", maxFile>>20)
	}
	if err := checkZip(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: min(16<<20, maxUnzip)})
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
