-- Entity mentions (per article) and the corpus-level entity tables.
CREATE TABLE mentions (
    article_id  TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    entity_id   TEXT NOT NULL,   -- the id the article stage gave (deterministic)
    canonical   TEXT NOT NULL,
    role        TEXT,
    resolved_id TEXT NOT NULL    -- after corpus resolution and curation
);
CREATE INDEX mentions_article ON mentions (article_id, start);
CREATE INDEX mentions_entity ON mentions (resolved_id);
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

-- Every folded id -> the id that survives (automatic merges and curation).
CREATE TABLE entity_redirects (from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL);

-- Analysts' curation, replayed in order after every automatic resolution.
CREATE TABLE entity_curation (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    op         TEXT NOT NULL,
    args_json  TEXT NOT NULL,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
