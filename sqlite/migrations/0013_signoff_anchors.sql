-- Each sign-off request keeps the audit log's head (seq and hash) as it was
-- when the document was put up for signing, so a log cut short or rewritten
-- before a signed decision is found by audit verify even without the
-- checkpoint file. (0011 and 0012 are taken by releases and feedback.)
ALTER TABLE signoff_requests ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signoff_requests ADD COLUMN audit_hash TEXT NOT NULL DEFAULT '';
