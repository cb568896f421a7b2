-- Releases (版本), their sprints, and the plan of each requirement or change
-- request: release, sprint, estimate (whole hours, eight to a person-day),
-- and whether development has started (the board's 开发中).
CREATE TABLE releases (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    target     TEXT NOT NULL,
    milestone  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sprints (
    id             TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    release        TEXT NOT NULL REFERENCES releases(id),
    start          TEXT NOT NULL,
    end_day        TEXT NOT NULL,
    workdays       INTEGER NOT NULL,
    team           TEXT NOT NULL DEFAULT '[]',
    capacity_hours INTEGER NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE release_items (
    ref            TEXT PRIMARY KEY,
    release        TEXT NOT NULL DEFAULT '',
    sprint         TEXT NOT NULL DEFAULT '',
    estimate_hours INTEGER NOT NULL DEFAULT 0,
    started        INTEGER NOT NULL DEFAULT 0,
    via            TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
);
CREATE INDEX release_items_sprint ON release_items(sprint);
