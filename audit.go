package crmflow

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEvent is one entry of the append-only audit log. Each entry's hash covers
// the previous entry's hash, so an edit anywhere breaks the chain from there on.
type AuditEvent struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	Actor    Actor           `json:"actor"`
	Entity   string          `json:"entity"` // REQ-001, project, field:预计工时, module:xyz ...
	Action   string          `json:"action"` // create, update, delete, status, link, unlink, set ...
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// Anchor is a point of the audit log: an event's sequence number and hash.
type Anchor struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// AuditFilter selects audit events.
type AuditFilter struct {
	Entity string // exact entity, or "" for all
	Limit  int    // newest N; 0 for all
}

// AuditProblem is one thing audit verification found wrong.
type AuditProblem struct {
	Seq    int64  `json:"seq,omitempty"`
	Entity string `json:"entity,omitempty"`
	Kind   string `json:"kind"` // broken-chain, state-mismatch, missing-history
	Detail string `json:"detail"`
}

// AuditReport is the result of walking the chain.
type AuditReport struct {
	Events   int64          `json:"events"`
	Head     string         `json:"head"`
	OK       bool           `json:"ok"`
	Problems []AuditProblem `json:"problems"`
}

// AuditStore reads and verifies the audit log.
type AuditStore interface {
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEvent, error)
	VerifyAudit(ctx context.Context) (AuditReport, error)
}

// ProjectStore holds the project record and its settings.
type ProjectStore interface {
	Project(ctx context.Context) (Project, error)
	// UpdateProject changes the project inside one write transaction.
	UpdateProject(ctx context.Context, fn func(*Project) error) (Project, error)
	Settings(ctx context.Context) (map[string]string, error)
	// SetSetting validates and stores one setting; check runs inside the transaction.
	SetSetting(ctx context.Context, key, value string) error
}

// StoreHealth is what a workspace check reads below the domain: the file's
// schema version, the store's own integrity check and references that point
// nowhere.
type StoreHealth struct {
	SchemaVersion int      `json:"schema_version"` // the file's
	Known         int      `json:"known_version"`  // this binary's newest
	Integrity     []string `json:"integrity"`      // "ok", or what the integrity check found
	Dangling      []string `json:"dangling"`
}
