-- Text reuse (corpus-level tables: not registered in stage_tables; the reuse stage drops
-- rows of replaced or removed articles itself by diffing fingerprints).

-- Which article version the index holds: fingerprint of text + the metadata used for direction.
-- keys: the article's index keys (big-endian int64s), to remove them without a second index.
CREATE TABLE reuse_indexed (
    article_id  TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    keys        BLOB NOT NULL
);

-- Inverted index: candidate key (hashed word 5-gram or content 3-gram) -> article.
CREATE TABLE reuse_keys (
    key        INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;

-- One row per article pair with reuse (article_a < article_b by id).
CREATE TABLE reuse_pairs (
    article_a     TEXT NOT NULL,
    article_b     TEXT NOT NULL,
    direction     TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    same_outlet   INTEGER NOT NULL DEFAULT 0,
    covered_a     REAL NOT NULL,
    covered_b     REAL NOT NULL,
    PRIMARY KEY (article_a, article_b)
);
CREATE INDEX reuse_pairs_b ON reuse_pairs (article_b);

-- Aligned passages of a pair.
CREATE TABLE reuse_passages (
    article_a  TEXT NOT NULL,
    article_b  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    a_start    INTEGER NOT NULL,
    a_end      INTEGER NOT NULL,
    b_start    INTEGER NOT NULL,
    b_end      INTEGER NOT NULL,
    similarity REAL NOT NULL,
    kind       TEXT NOT NULL,
    PRIMARY KEY (article_a, article_b, seq)
);
CREATE INDEX reuse_passages_b ON reuse_passages (article_b);

-- Stories: clusters of articles about one news story.
CREATE TABLE stories (
    id              TEXT PRIMARY KEY,
    label           TEXT NOT NULL,
    first_published TEXT,
    last_published  TEXT,
    size            INTEGER NOT NULL
);
CREATE TABLE story_articles (
    story_id   TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles (article_id);
