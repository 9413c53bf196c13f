-- What the workbench shows filtered by one entity mentioned in many articles, precomputed
-- by the entity summaries corpus stage (web/summaries.py) so those pages read a few rows
-- instead of grouping the claims of thousands of articles on each request. An entity has
-- these rows only while they are current: curation and the stage delete them otherwise,
-- and the pages then read the live query.

-- One row per summarised entity: the fingerprint of the inputs (its articles and their
-- claims, events, reuse pairs and stories) and the filtered overview's counts and chart.
CREATE TABLE entity_summaries (
    entity_id     TEXT PRIMARY KEY,
    fingerprint   TEXT NOT NULL,
    overview_json TEXT NOT NULL
);

-- The claims view's statement rows over the claims of the entity's articles.
CREATE TABLE entity_statements (
    entity_id       TEXT NOT NULL,
    statement_key   TEXT NOT NULL,
    n_claims        INTEGER NOT NULL,
    n_articles      INTEGER NOT NULL,
    n_outlets       INTEGER NOT NULL,
    first_published TEXT,
    PRIMARY KEY (entity_id, statement_key)
);
CREATE INDEX entity_statements_rank ON entity_statements (entity_id, n_outlets, n_articles, statement_key);

-- The claims view's facet counts over the same claims (facet: speaker, outlet, outlet_id,
-- kind, month; value '' for none).
CREATE TABLE entity_claim_facets (
    entity_id TEXT NOT NULL,
    facet     TEXT NOT NULL,
    value     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (entity_id, facet, value)
);
CREATE INDEX entity_claim_facets_value ON entity_claim_facets (facet, value);

-- The summaries stage reads one entity's claims by their articles.
CREATE INDEX claim_index_article ON claim_index (article_id);
