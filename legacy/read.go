// Package legacy checks a legacy data export (customers, contacts,
// opportunities, in CSV or xlsx) against the project's data dictionary
// before it is migrated (数据迁移与清洗): required fields, types, lengths,
// uniqueness, references and likely duplicates, row by row, and splits the
// clean rows into import batches. Real exports are messy: CSV from Chinese
// Excel is often GBK without a BOM, long numeric IDs arrive in scientific
// notation, phone numbers lose leading characters. What can be repaired is
// repaired and reported as a fix; the rest is named. It imports no CLI or
// storage code; the xlsx reader is in legacy/xlsxsource.
package legacy

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/crmflow/crmflow"
)

// Source yields the rows of a table, the header first. Next returns io.EOF
// after the last row. The slice it returns may be reused by the next call.
type Source interface {
	Next() ([]string, error)
	// Encoding names how the file was decoded (UTF-8, GBK, UTF-16 …).
	Encoding() string
}

// MaxRows bounds a check: Excel's own limit, 1,048,576 rows.
const MaxRows = 1 << 20

// MaxCell bounds one cell, as Excel does (32,767 characters).
const MaxCell = 32767

// CSV reads a CSV file: UTF-8 with or without a BOM, UTF-16 with a BOM, or
// GBK (GB18030) when the bytes are not UTF-8, as Excel's "CSV" on a Chinese
// Windows writes them. The delimiter is a comma, a semicolon or a tab,
// whichever the header line uses most.
func CSV(r io.Reader) (Source, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	var in io.Reader = br
	enc := "UTF-8"
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		head = head[3:]
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		enc = "UTF-16"
		in = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
		head = nil
	case !validUTF8Prefix(head):
		enc = "GBK"
		in = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		head, _, _ = transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), head)
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	cr.Comma = sniffComma(head)
	return &csvSource{r: cr, enc: enc}, nil
}

// validUTF8Prefix is utf8.Valid for a prefix that may end inside a rune.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		r, _ := utf8.DecodeLastRune(b)
		if r != utf8.RuneError {
			return false
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

func sniffComma(head []byte) rune {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

type csvSource struct {
	r   *csv.Reader
	enc string
}

func (s *csvSource) Encoding() string { return s.enc }

func (s *csvSource) Next() ([]string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, crmflow.Errorf(crmflow.EINVALID, "line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
		}
		return nil, err
	}
	for i, c := range rec {
		if len(c) > MaxCell*4 {
			return nil, crmflow.Errorf(crmflow.EINVALID, "line %d: a cell holds more than %d characters", s.line(), MaxCell)
		}
		if !utf8.ValidString(c) {
			rec[i] = strings.ToValidUTF8(c, "\uFFFD")
		}
	}
	return rec, nil
}

func (s *csvSource) line() int {
	l, _ := s.r.FieldPos(0)
	return l
}

// Rows is a Source over rows in memory (tests, small tables).
func Rows(rows [][]string) Source { return &memSource{rows: rows} }

type memSource struct {
	rows [][]string
	i    int
}

func (m *memSource) Encoding() string { return "UTF-8" }

func (m *memSource) Next() ([]string, error) {
	if m.i >= len(m.rows) {
		return nil, io.EOF
	}
	m.i++
	return m.rows[m.i-1], nil
}

// ErrTooMany says a file is over MaxRows.
var ErrTooMany = fmt.Errorf("more than %d rows", MaxRows)
