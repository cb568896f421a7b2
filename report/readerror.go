package report

import (
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
)

// ReadError is a problem in a file being read (a workbook, a BPMN file),
// with where it is.
type ReadError struct {
	File   string // the name of the file, as given to the reader
	Sheet  string // "" when the problem is with the file as a whole
	Row    int    // 1-based; 0 when not about one row
	Column string // column letter, e.g. "G"; "" when not about one column
	Header string // the column's header text, when known
	Msg    string
	Code   string // the crmflow error code; "" is EINVALID
	Err    error  // the underlying error, if any
	// Facts say what went wrong for a front end to put in its own words
	// ("problem": "no-file"); the error is about the file (Entity "file").
	Facts map[string]string
}

func (e *ReadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	sep := ": "
	add := func(s string) {
		b.WriteString(sep)
		b.WriteString(s)
		sep = ", "
	}
	if e.Sheet != "" {
		add("sheet " + e.Sheet)
	}
	if e.Row > 0 {
		add("row " + strconv.Itoa(e.Row))
	}
	switch {
	case e.Header != "":
		add("column " + e.Header)
	case e.Column != "":
		add("column " + e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap exposes the error as a *crmflow.Error (code invalid unless Code says
// otherwise), which in turn wraps the underlying error.
func (e *ReadError) Unwrap() error {
	code := e.Code
	if code == "" {
		code = crmflow.EINVALID
	}
	ce := &crmflow.Error{Code: code, Message: e.Error(), Err: e.Err, Facts: e.Facts}
	if e.Facts != nil {
		ce.Entity, ce.ID = "file", e.File
	}
	return ce
}
