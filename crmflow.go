// Package crmflow holds the domain types every capability shares: the clock,
// the actor, the document language and the error type.
package crmflow

import (
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"
)

// Version is set at build time with -ldflags "-X github.com/crmflow/crmflow.Version=...".
var Version = "0.1.0-dev"

// Clock tells the time. Every timestamp crmflow writes comes from one, so tests
// and golden files can pin it with CRMFLOW_NOW.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always returns the same instant.
type FixedClock struct{ T time.Time }

// Now returns the fixed instant.
func (c FixedClock) Now() time.Time { return c.T }

// ClockFromEnv returns a FixedClock when value (normally $CRMFLOW_NOW) is set,
// the system clock otherwise.
func ClockFromEnv(value string) (Clock, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return SystemClock{}, nil
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return nil, &Error{Code: EINVALID,
			Message: fmt.Sprintf("CRMFLOW_NOW %q is not an RFC 3339 time", value),
			Facts:   map[string]string{"env": "CRMFLOW_NOW"}}
	}
	return FixedClock{T: t}, nil
}

// Actor is the person on whose behalf a change is made; it is written to the audit log.
type Actor string

// ResolveActor picks the actor from the --as flag, then $CRMFLOW_USER, then the OS user.
func ResolveActor(flag string) Actor {
	if s := strings.TrimSpace(flag); s != "" {
		return Actor(s)
	}
	if s := strings.TrimSpace(os.Getenv("CRMFLOW_USER")); s != "" {
		return Actor(s)
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return Actor(u.Username)
	}
	return "unknown"
}

// Lang is a document language.
type Lang string

// The languages crmflow writes.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang accepts zh or en (and a few spellings of them).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "zh", "zh-cn", "cn", "chinese", "中文":
		return LangZH, nil
	case "en", "en-us", "english":
		return LangEN, nil
	}
	return "", Errorf(EINVALID, "language %q is not supported (use zh or en)", s)
}

// Project is the client project a workspace holds.
type Project struct {
	Name      string    `json:"name"`
	Client    string    `json:"client"`
	Lang      Lang      `json:"lang"`
	CreatedAt time.Time `json:"created_at"`
}

// TimeFormat is how crmflow writes times: RFC 3339 with the offset.
const TimeFormat = time.RFC3339
