-- PostgreSQL version of migrations/0001_core.sql: the same tables (types as pg_translate.py
-- maps them), and full-text search with PostgreSQL's own tsvector + GIN instead of FTS5.
CREATE TABLE documents (
    source        TEXT COLLATE "C" PRIMARY KEY,
    content_hash  TEXT COLLATE "C" NOT NULL,
    input_path    TEXT COLLATE "C",
    article_count BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    source              TEXT COLLATE "C" NOT NULL,
    part                BIGINT NOT NULL,
    url                 TEXT COLLATE "C",
    outlet              TEXT COLLATE "C",
    title               TEXT COLLATE "C",
    byline              TEXT COLLATE "C",
    dateline_json       TEXT COLLATE "C",
    published           TEXT COLLATE "C",
    published_precision TEXT COLLATE "C",
    published_partial   TEXT COLLATE "C",
    language            TEXT COLLATE "C",
    text                TEXT COLLATE "C" NOT NULL,
    boilerplate_json    TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    cited_json          TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    genre               TEXT COLLATE "C",
    frames_json         TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    extractor           TEXT COLLATE "C",
    content_hash        TEXT COLLATE "C",
    metadata_json       TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE INDEX articles_source ON articles (source, part);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE stage_runs (
    article_id TEXT COLLATE "C" NOT NULL,
    stage      TEXT COLLATE "C" NOT NULL,
    version    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, stage)
);

CREATE TABLE stage_tables (name TEXT COLLATE "C" PRIMARY KEY);

CREATE TABLE corpus_state (key TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C" NOT NULL);

-- Full text: the 'simple' parser (no stemming, as SQLite's unicode61 tokenizer) and, where
-- the server has the unaccent extension, accents removed (as remove_diacritics).
DO $$ BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'unaccent is not available: full-text search keeps accents';
END $$;
CREATE TEXT SEARCH CONFIGURATION newstrace_text (COPY = simple);
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        ALTER TEXT SEARCH CONFIGURATION newstrace_text
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$;

-- One tsvector per article, kept in step by a trigger. The text is cut at 400,000
-- characters: a tsvector is limited to 1 MB.
CREATE TABLE articles_fts (
    article_id TEXT COLLATE "C" PRIMARY KEY,
    doc        tsvector NOT NULL
);
CREATE INDEX articles_fts_doc ON articles_fts USING GIN (doc);

CREATE FUNCTION newstrace_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM articles_fts WHERE article_id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    INSERT INTO articles_fts (article_id, doc) VALUES (
        NEW.id,
        setweight(to_tsvector('newstrace_text', coalesce(NEW.title, '')), 'A')
            || to_tsvector('newstrace_text', left(NEW.text, 400000))
    );
    RETURN NEW;
END $$;
CREATE TRIGGER articles_fts_sync AFTER INSERT OR DELETE OR UPDATE OF id, title, text ON articles
    FOR EACH ROW EXECUTE FUNCTION newstrace_fts_sync();
