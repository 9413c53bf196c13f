-- Core tables: input documents, their articles, stage bookkeeping, full-text index.
CREATE TABLE documents (
    source        TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    input_path    TEXT,
    article_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id                  TEXT PRIMARY KEY,
    source              TEXT NOT NULL,
    part                INTEGER NOT NULL,
    url                 TEXT,
    outlet              TEXT,
    title               TEXT,
    byline              TEXT,
    dateline_json       TEXT,
    published           TEXT,
    published_precision TEXT,
    published_partial   TEXT,
    language            TEXT,
    text                TEXT NOT NULL,
    boilerplate_json    TEXT NOT NULL DEFAULT '[]',
    cited_json          TEXT NOT NULL DEFAULT '[]',
    genre               TEXT,
    frames_json         TEXT NOT NULL DEFAULT '[]',
    extractor           TEXT,
    content_hash        TEXT,
    metadata_json       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX articles_source ON articles (source, part);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);

-- Which per-article stage has processed which article at which version.
CREATE TABLE stage_runs (
    article_id TEXT NOT NULL,
    stage      TEXT NOT NULL,
    version    TEXT NOT NULL,
    PRIMARY KEY (article_id, stage)
);

-- Per-article output tables register here so replacing an article clears them.
CREATE TABLE stage_tables (name TEXT PRIMARY KEY);

-- Small JSON state for corpus-level stages (indexes' fingerprints, thresholds used).
CREATE TABLE corpus_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
