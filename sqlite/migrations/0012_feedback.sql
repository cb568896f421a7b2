-- Feedback after go-live (上线后用户反馈): the register triage works from. An
-- item leaves "new" once: to a draft requirement (requirement) or rejected
-- with a reason.
CREATE TABLE feedback (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    module      TEXT NOT NULL DEFAULT '',
    severity    TEXT NOT NULL,
    status      TEXT NOT NULL,
    requirement TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_status ON feedback(status);
