-- The data dictionary (数据结构与字段): fields of business entities.
CREATE TABLE data_fields (
    entity      TEXT NOT NULL,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    required    INTEGER NOT NULL DEFAULT 0,
    is_unique   INTEGER NOT NULL DEFAULT 0,
    vals        TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    req_id      TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (entity, name)
);

-- The role × module permission matrix (用户角色权限).
CREATE TABLE permissions (
    role    TEXT NOT NULL,
    module  TEXT NOT NULL,
    actions TEXT NOT NULL DEFAULT '[]',
    scope   TEXT NOT NULL DEFAULT 'all',
    PRIMARY KEY (role, module)
);
