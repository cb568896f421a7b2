-- Process maps: the DSL source as written, and the parsed model as JSON so
-- reading a map does not need the parser.
CREATE TABLE process_maps (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    variant     TEXT NOT NULL,
    source      TEXT NOT NULL,
    model       TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
