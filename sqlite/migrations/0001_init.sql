-- The project this workspace holds: exactly one row.
CREATE TABLE project (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,
    client     TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Project settings as text (scoring.weights, ...); the domain parses them.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Human IDs (REQ-001 ...) are allocated from here inside the write
-- transaction, and never reused, even after a removal.
CREATE TABLE id_counters (
    prefix TEXT PRIMARY KEY,
    next   INTEGER NOT NULL
);

-- The project's own modules, beside the embedded catalog.
CREATE TABLE modules (
    key        TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE custom_fields (
    name          TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    choices       TEXT NOT NULL DEFAULT '[]',
    default_value TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE requirements (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    module      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    value       INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    difficulty  INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
    urgency     INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 5),
    moscow      TEXT NOT NULL DEFAULT '',
    criteria    TEXT NOT NULL DEFAULT '[]',
    owner       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    stakeholder TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',
    fields      TEXT NOT NULL DEFAULT '{}',
    revision    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE req_links (
    from_id    TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
    to_id      TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    suspect    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id, kind)
);
CREATE INDEX req_links_to ON req_links(to_id);

-- Append-only audit log; hash = sha256(prev_hash || canonical event).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, seq);
