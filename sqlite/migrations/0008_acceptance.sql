-- Acceptance: UAT test cases, rounds, their results and defects.

CREATE TABLE test_cases (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    req_id     TEXT NOT NULL,
    title      TEXT NOT NULL, -- also in body; a column so coverage reads no JSON
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX test_cases_req ON test_cases(req_id);

CREATE TABLE uat_rounds (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    baseline   TEXT NOT NULL REFERENCES baselines(name),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One result per test case per round; recording again replaces it (the
-- audit log keeps every version).
CREATE TABLE uat_results (
    round       TEXT NOT NULL REFERENCES uat_rounds(id),
    case_id     TEXT NOT NULL REFERENCES test_cases(id),
    result      TEXT NOT NULL,
    body        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (round, case_id)
) WITHOUT ROWID;

CREATE TABLE defects (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    case_id    TEXT NOT NULL REFERENCES test_cases(id),
    severity   TEXT NOT NULL,
    state      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
