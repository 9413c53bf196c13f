-- PostgreSQL counterpart of migrations/0015_web.sql: the same tables; the statements'
-- full-text index is a tsvector table filled by rebuild_text_index (as for articles_fts,
-- with the newstrace_text configuration of 0001).
CREATE TABLE entity_names (
    name_key  TEXT COLLATE "C" NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    name      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (name_key, entity_id)
);
CREATE INDEX entity_names_entity ON entity_names (entity_id);

CREATE TABLE entity_suggestions (
    entity_id TEXT COLLATE "C" NOT NULL,
    other_id  TEXT COLLATE "C" NOT NULL,
    reason    TEXT COLLATE "C" NOT NULL,
    score     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (entity_id, other_id)
);
CREATE INDEX entity_suggestions_other ON entity_suggestions (other_id);
CREATE INDEX entity_suggestions_score ON entity_suggestions (score);

CREATE INDEX entities_mention_count ON entities (mention_count);
CREATE INDEX events_date ON events (date);
CREATE INDEX stories_size ON stories (size);
-- The reuse list, most copied first (the share of the second article that is shared).
CREATE INDEX reuse_pairs_covered ON reuse_pairs (same_outlet, covered_b);

ALTER TABLE claims ADD COLUMN statement_key TEXT COLLATE "C";
CREATE INDEX claims_statement ON claims (statement_key);

CREATE TABLE claim_statements (
    statement_key     TEXT COLLATE "C" PRIMARY KEY,
    text              TEXT COLLATE "C" NOT NULL,
    speaker_entity_id TEXT COLLATE "C",
    speaker_text      TEXT COLLATE "C",
    n_claims          BIGINT NOT NULL,
    n_articles        BIGINT NOT NULL,
    n_outlets         BIGINT NOT NULL,
    first_published   TEXT COLLATE "C",
    last_published    TEXT COLLATE "C"
);
CREATE INDEX claim_statements_rank ON claim_statements (n_outlets, n_articles, statement_key);
CREATE INDEX claim_statements_first ON claim_statements (first_published);

CREATE TABLE claim_statements_fts (
    statement_key TEXT COLLATE "C" PRIMARY KEY,
    doc           tsvector NOT NULL
);
CREATE INDEX claim_statements_fts_doc ON claim_statements_fts USING GIN (doc);

CREATE TABLE claim_index (
    claim_id      TEXT COLLATE "C" PRIMARY KEY,
    statement_key TEXT COLLATE "C" NOT NULL,
    article_id    TEXT COLLATE "C" NOT NULL,
    speaker_id    TEXT COLLATE "C",
    kind          TEXT COLLATE "C" NOT NULL,
    outlet        TEXT COLLATE "C",
    outlet_id     TEXT COLLATE "C",
    published     TEXT COLLATE "C"
);
CREATE INDEX claim_index_statement ON claim_index (statement_key);
CREATE INDEX claim_index_speaker ON claim_index (speaker_id, published);
CREATE INDEX claim_index_outlet ON claim_index (outlet);
CREATE INDEX claim_index_kind ON claim_index (kind);

CREATE TABLE claim_about (
    entity_id TEXT COLLATE "C" NOT NULL,
    claim_id  TEXT COLLATE "C" NOT NULL,
    published TEXT COLLATE "C",
    PRIMARY KEY (entity_id, claim_id)
);
CREATE INDEX claim_about_date ON claim_about (entity_id, published);
