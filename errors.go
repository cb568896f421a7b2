package crmflow

import (
	"errors"
	"fmt"
)

// Error codes. The CLI maps them to messages and exit status; they are stable.
const (
	EINVALID  = "invalid"   // the input is wrong
	ENOTFOUND = "not_found" // the thing named does not exist
	ECONFLICT = "conflict"  // the change clashes with the current state
	EFROZEN   = "frozen"    // the thing is frozen in a baseline
	EINTERNAL = "internal"  // a bug or an environment failure
)

// Error is an error meant for a person: what went wrong, and what to try.
type Error struct {
	Code    string
	Message string
	Try     string // a command or hint, shown as "Try: ..."
	Err     error  // the underlying cause, if any
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

// WithTry returns a copy of e with a hint.
func (e *Error) WithTry(try string) *Error {
	c := *e
	c.Try = try
	return &c
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
