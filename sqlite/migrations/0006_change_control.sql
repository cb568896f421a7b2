-- Change control: the people who decide, the meetings where they decide,
-- the baselines (freezes) and the change requests that move them.

CREATE TABLE stakeholders (
    name       TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    org        TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    can        TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);

CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    date       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    attendees  TEXT NOT NULL DEFAULT '[]',
    decisions  TEXT NOT NULL DEFAULT '[]',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- A baseline is immutable: its items are the canonical JSON of each
-- requirement (see docs/baselines.md) and hash is the SHA-256 of the
-- canonical document built from them.
CREATE TABLE baselines (
    name       TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    note       TEXT NOT NULL DEFAULT '',
    cr         TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE baseline_items (
    baseline TEXT NOT NULL REFERENCES baselines(name),
    req_id   TEXT NOT NULL,
    item     TEXT NOT NULL,
    PRIMARY KEY (baseline, req_id)
) WITHOUT ROWID;
CREATE INDEX baseline_items_req ON baseline_items(req_id);

CREATE TRIGGER baselines_immutable BEFORE UPDATE ON baselines
BEGIN SELECT RAISE(ABORT, 'baselines are immutable'); END;
CREATE TRIGGER baselines_undeletable BEFORE DELETE ON baselines
BEGIN SELECT RAISE(ABORT, 'baselines are immutable'); END;
CREATE TRIGGER baseline_items_immutable BEFORE UPDATE ON baseline_items
BEGIN SELECT RAISE(ABORT, 'baselines are immutable'); END;
CREATE TRIGGER baseline_items_undeletable BEFORE DELETE ON baseline_items
BEGIN SELECT RAISE(ABORT, 'baselines are immutable'); END;

CREATE TABLE change_requests (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    state      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Trace links to things other than requirements (process steps, tests)
-- that a change made suspect; requirement-to-requirement links carry their
-- own suspect flag in req_links.
CREATE TABLE trace_suspects (
    req_id  TEXT NOT NULL,
    item    TEXT NOT NULL,
    cr      TEXT NOT NULL,
    since   TEXT NOT NULL,
    PRIMARY KEY (req_id, item)
);

-- Schedule impact of applied change requests, for the milestones capability.
CREATE TABLE schedule_impacts (
    cr         TEXT PRIMARY KEY,
    days       REAL NOT NULL,
    milestones TEXT NOT NULL DEFAULT '[]',
    applied    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
