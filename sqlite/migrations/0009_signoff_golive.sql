-- Sign-offs (签字确认): the document as built and the baseline's canonical
-- document as they were when the sign-off was requested, so a later
-- verification can say exactly what changed.
CREATE TABLE signoff_requests (
    id            TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL UNIQUE,
    doc           TEXT NOT NULL,
    title         TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    lang          TEXT NOT NULL,
    baseline      TEXT NOT NULL,
    baseline_hash TEXT NOT NULL,
    doc_sha256    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    document      BLOB NOT NULL,
    snapshot      BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);

CREATE TABLE signoff_signatures (
    request       TEXT NOT NULL REFERENCES signoff_requests(id),
    seq           INTEGER NOT NULL,
    signer        TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT '',
    org           TEXT NOT NULL DEFAULT '',
    meaning       TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    baseline      TEXT NOT NULL,
    baseline_hash TEXT NOT NULL,
    doc_sha256    TEXT NOT NULL,
    key_id        TEXT NOT NULL DEFAULT '',
    public_key    TEXT NOT NULL DEFAULT '',
    doc_sig       TEXT NOT NULL DEFAULT '',
    statement_sig TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT NOT NULL,
    PRIMARY KEY (request, seq)
);

-- Signers' public keys (minisign, ed25519). A new key retires the old one;
-- old keys stay so earlier signatures keep verifying.
CREATE TABLE stakeholder_keys (
    stakeholder TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (stakeholder, key_id)
);

-- Go-live readiness (上线准备): the state of checklist items; the items
-- themselves come from the template in the golive package.
CREATE TABLE golive_items (
    key         TEXT PRIMARY KEY,
    owner       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    evidence    TEXT NOT NULL DEFAULT '',
    evidence_sha256 TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
