-- Reuse index, compact form (issue 5, scale): articles are numbered, so the inverted index
-- holds (key, integer) rows instead of (key, article id text), about half the size; the
-- old tables hold only derived data (the reuse stage rebuilds it: its version changes).

-- Which article version the index holds, under its number.
-- keys: the article's index keys (big-endian int64s), to remove its postings without an
-- index on doc. aligned: 0 until its candidate pairs have been aligned and written (a run
-- stopped half-way redoes those articles).
CREATE TABLE reuse_docs (
    doc         INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    keys        BLOB NOT NULL,
    aligned     INTEGER NOT NULL DEFAULT 0
);

-- Inverted index: candidate key -> article number.
CREATE TABLE reuse_postings (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;

DROP TABLE reuse_keys;
DROP TABLE reuse_indexed;
