package crmflow

import (
	"errors"
	"fmt"
)

// Error codes. Front ends map them to messages, hints and exit status; they are stable.
const (
	EINVALID  = "invalid"   // the input is wrong
	ENOTFOUND = "not_found" // the thing named does not exist
	ECONFLICT = "conflict"  // the change clashes with the current state
	EFROZEN   = "frozen"    // the thing is frozen in a baseline
	EDENIED   = "denied"    // the person lacks the authority
	EINTERNAL = "internal"  // a bug or an environment failure
)

// Error is an error meant for a person. Message says what went wrong in the
// project's words; the structured facts (Op, Entity, ID, Facts) let each front
// end say what to try next in its own terms: the CLI maps them to "Try:" lines
// in one place, a TUI to a key hint. Domain and store errors never carry a
// command line.
type Error struct {
	Code    string
	Message string
	Op      string            // the use case that failed: "req.edit", "freeze", "cr.apply"
	Entity  string            // the kind of record: a Kind's Noun, "baseline", "project"
	ID      string            // which record: REQ-004, v1.0
	Facts   map[string]string // more facts a hint may need: "baseline": "v1.0", "next": "v1.1"
	Try     string            // set by front ends only: a hint in their own terms
	Err     error             // the underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithTry returns a copy of e with a hint. Only front ends call it.
func (e *Error) WithTry(try string) *Error {
	c := *e
	c.Try = try
	return &c
}

// In returns a copy of e that names the operation.
func (e *Error) In(op string) *Error {
	c := *e
	c.Op = op
	return &c
}

// About returns a copy of e that names the record it is about.
func (e *Error) About(entity, id string) *Error {
	c := *e
	c.Entity, c.ID = entity, id
	return &c
}

// With returns a copy of e with one more fact.
func (e *Error) With(key, value string) *Error {
	c := *e
	c.Facts = make(map[string]string, len(e.Facts)+1)
	for k, v := range e.Facts {
		c.Facts[k] = v
	}
	c.Facts[key] = value
	return &c
}

// Fact returns a fact of err, "" when err carries none by that key.
func Fact(err error, key string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Facts[key]
	}
	return ""
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorTry returns the hint carried by err, if any.
func ErrorTry(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Try
	}
	return ""
}
