-- Each baseline keeps the audit log's head (seq and hash) as it was when the
-- baseline was taken, so a log cut short or rewritten before that point is
-- found by audit verify even without the checkpoint file.
ALTER TABLE baselines ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE baselines ADD COLUMN audit_hash TEXT NOT NULL DEFAULT '';
