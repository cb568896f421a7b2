-- Milestones and schedule: the plan's settings, milestones (dependencies and
-- deliverables as JSON), risks, calendar overrides and plan baselines.
-- Dates are 2027-01-04 text, '' when unset.
CREATE TABLE plan_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    start      TEXT NOT NULL,
    buffer_pct REAL NOT NULL CHECK (buffer_pct >= 0 AND buffer_pct <= 100),
    template   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE milestones (
    id            TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    duration      INTEGER NOT NULL CHECK (duration >= 0),
    start_on      TEXT NOT NULL DEFAULT '',
    preds         TEXT NOT NULL DEFAULT '[]',
    deliverables  TEXT NOT NULL DEFAULT '[]',
    actual_start  TEXT NOT NULL DEFAULT '',
    actual_finish TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL
);

CREATE TABLE risks (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    probability TEXT NOT NULL CHECK (probability IN ('low', 'medium', 'high')),
    impact      TEXT NOT NULL CHECK (impact IN ('low', 'medium', 'high')),
    owner       TEXT NOT NULL DEFAULT '',
    mitigation  TEXT NOT NULL DEFAULT '',
    due         TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE calendar_overrides (
    date       TEXT PRIMARY KEY,
    workday    INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE plan_baselines (
    seq         INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    taken_at    TEXT NOT NULL,
    finish      TEXT NOT NULL,
    buffer_days INTEGER NOT NULL,
    dates       TEXT NOT NULL
);
