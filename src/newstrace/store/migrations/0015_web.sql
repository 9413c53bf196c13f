-- What the analyst's workbench (web app, report) reads at scale: derived tables filled by
-- corpus stages, and the indexes its lists sort by.

-- Every name and alias of every entity, normalised (entities.names.normalise_name), for
-- name lookup, alias-aware search and duplicate suggestions. Rebuilt by entity resolution.
CREATE TABLE entity_names (
    name_key  TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (name_key, entity_id)
);
CREATE INDEX entity_names_entity ON entity_names (entity_id);

-- Pairs of entities that may be one (same surname, one name inside the other, a close
-- spelling, a shared alias), for the curation page. Rebuilt by entity resolution; a merge
-- or a dismissal removes its rows.
CREATE TABLE entity_suggestions (
    entity_id TEXT NOT NULL,   -- the one with more mentions (the merge keeps it)
    other_id  TEXT NOT NULL,
    reason    TEXT NOT NULL,
    score     REAL NOT NULL,
    PRIMARY KEY (entity_id, other_id)
);
CREATE INDEX entity_suggestions_other ON entity_suggestions (other_id);
CREATE INDEX entity_suggestions_score ON entity_suggestions (score);

CREATE INDEX entities_mention_count ON entities (mention_count);
CREATE INDEX events_date ON events (date);
CREATE INDEX stories_size ON stories (size);
-- The reuse list, most copied first (the share of the second article that is shared).
CREATE INDEX reuse_pairs_covered ON reuse_pairs (same_outlet, covered_b);

-- One statement carried by several articles (a wire quote and its reprints, the same quote
-- in independent reports): claims with the same normalised content share statement_key.
ALTER TABLE claims ADD COLUMN statement_key TEXT;
CREATE INDEX claims_statement ON claims (statement_key);

CREATE TABLE claim_statements (
    statement_key     TEXT PRIMARY KEY,
    text              TEXT NOT NULL,
    speaker_entity_id TEXT,
    speaker_text      TEXT,
    n_claims          INTEGER NOT NULL,
    n_articles        INTEGER NOT NULL,
    n_outlets         INTEGER NOT NULL,
    first_published   TEXT,
    last_published    TEXT
);
CREATE INDEX claim_statements_rank ON claim_statements (n_outlets, n_articles, statement_key);
CREATE INDEX claim_statements_first ON claim_statements (first_published);

CREATE VIRTUAL TABLE claim_statements_fts USING fts5(
    text, content='claim_statements', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);

-- One narrow row per claim with what the claims view filters, sorts and counts by (the
-- speaker as resolved and curated, the article's outlet and date), so a page reads one
-- table through its indexes instead of joining claims, articles and redirects per claim.
-- Rebuilt by the claim statements stage; curation keeps speaker_id current.
CREATE TABLE claim_index (
    claim_id      TEXT PRIMARY KEY,
    statement_key TEXT NOT NULL,
    article_id    TEXT NOT NULL,
    speaker_id    TEXT,
    kind          TEXT NOT NULL,
    outlet        TEXT,
    outlet_id     TEXT,
    published     TEXT
);
CREATE INDEX claim_index_statement ON claim_index (statement_key);
CREATE INDEX claim_index_speaker ON claim_index (speaker_id, published);
CREATE INDEX claim_index_outlet ON claim_index (outlet);
CREATE INDEX claim_index_kind ON claim_index (kind);

-- The entities a claim is about (a mention of it inside the claim's content), other than
-- its speaker, by entity: an entity page's "claims about". Rebuilt with claim_index.
CREATE TABLE claim_about (
    entity_id TEXT NOT NULL,
    claim_id  TEXT NOT NULL,
    published TEXT,
    PRIMARY KEY (entity_id, claim_id)
);
CREATE INDEX claim_about_date ON claim_about (entity_id, published);
