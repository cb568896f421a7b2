-- Questionnaires (问卷): the roles they are handed to, their questions in
-- order, and the responses read back from filled workbooks, one answer row
-- per question answered.
CREATE TABLE questionnaires (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    lang       TEXT NOT NULL,
    roles      TEXT NOT NULL DEFAULT '[]',
    revision   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE survey_questions (
    questionnaire_id TEXT NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    key              TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT '',
    type             TEXT NOT NULL CHECK (type IN ('single', 'multi', 'rating', 'number', 'text')),
    text_zh          TEXT NOT NULL,
    text_en          TEXT NOT NULL,
    options          TEXT NOT NULL DEFAULT '[]',
    required         INTEGER NOT NULL DEFAULT 0,
    pain             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (questionnaire_id, key),
    UNIQUE (questionnaire_id, position)
);

-- One respondent of a role answers a questionnaire once: name_key is the
-- name folded for comparison (survey.NameKey).
CREATE TABLE survey_responses (
    id               INTEGER PRIMARY KEY,
    questionnaire_id TEXT NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    role             TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    department       TEXT NOT NULL DEFAULT '',
    date             TEXT NOT NULL DEFAULT '',
    file             TEXT NOT NULL DEFAULT '',
    revision         INTEGER NOT NULL,
    imported_at      TEXT NOT NULL,
    UNIQUE (questionnaire_id, role, name_key)
);

CREATE TABLE survey_answers (
    response_id  INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (response_id, question_key)
);
