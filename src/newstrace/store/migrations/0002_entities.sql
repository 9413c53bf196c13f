-- Entity mentions (per article), resolved entities, redirects and analyst curation.
CREATE TABLE mentions (
    article_id  TEXT NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    role        TEXT NOT NULL,
    canonical   TEXT NOT NULL,
    entity_id   TEXT NOT NULL,  -- as the per-article stage assigned it
    resolved_id TEXT NOT NULL   -- after corpus resolution and curation
);
CREATE INDEX mentions_article ON mentions (article_id, start_char);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_resolved ON mentions (resolved_id);
INSERT INTO stage_tables (name) VALUES ('mentions');

CREATE TABLE entities (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    aliases_json  TEXT NOT NULL DEFAULT '[]',
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities (name);

CREATE TABLE entity_redirects (
    from_id TEXT PRIMARY KEY,
    to_id   TEXT NOT NULL
);

-- Analyst operations, re-applied in seq order after every automatic resolution.
CREATE TABLE entity_curation (
    seq        INTEGER PRIMARY KEY,
    op         TEXT NOT NULL,   -- merge | split | rename | alias
    entity_id  TEXT NOT NULL,
    other_id   TEXT,
    value      TEXT,
    created_at TEXT NOT NULL
);
