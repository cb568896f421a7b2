-- Interviews, findings (pain points) and competitor notes from the survey phase.
CREATE TABLE interviews (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    with_name   TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    org         TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL,
    notes       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- A finding's requirements are not stored here: they are the requirements
-- whose source names the finding.
CREATE TABLE findings (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    interview   TEXT REFERENCES interviews(id),
    measure     TEXT NOT NULL DEFAULT '',
    value       REAL,
    unit        TEXT NOT NULL DEFAULT '',
    module      TEXT NOT NULL DEFAULT '',
    severity    INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    process     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX findings_interview ON findings(interview);

CREATE TABLE competitors (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    seq         INTEGER NOT NULL UNIQUE,
    strengths   TEXT NOT NULL DEFAULT '',
    weaknesses  TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    pricing     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The feature matrix: one row per competitor × feature; pos keeps the order
-- features were first recorded in.
CREATE TABLE competitor_features (
    competitor  TEXT NOT NULL REFERENCES competitors(name) ON DELETE CASCADE,
    feature     TEXT NOT NULL,
    verdict     TEXT NOT NULL CHECK (verdict IN ('yes', 'no', 'partial')),
    note        TEXT NOT NULL DEFAULT '',
    pos         INTEGER NOT NULL,
    PRIMARY KEY (competitor, feature)
);
