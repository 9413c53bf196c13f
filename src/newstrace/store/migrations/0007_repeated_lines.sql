-- State of the corpus cleaning stage that removes lines an outlet repeats on many pages
-- (clean/repeated_lines.py). Keyed by document source, not article: not a per-article
-- output table, so it is not registered in stage_tables.
CREATE TABLE repeated_lines_docs (
    source       TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    group_key    TEXT NOT NULL,
    -- 0 until the group's current chrome lines have been removed from its articles.
    applied      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX repeated_lines_docs_group ON repeated_lines_docs (group_key);

-- Each candidate line (short or not a sentence) once per document, as first ingested.
CREATE TABLE repeated_lines_seen (
    group_key TEXT NOT NULL,
    line_key  TEXT NOT NULL,
    source    TEXT NOT NULL,
    line      TEXT NOT NULL,
    PRIMARY KEY (group_key, line_key, source)
);
CREATE INDEX repeated_lines_seen_source ON repeated_lines_seen (source);

-- The lines currently judged chrome for each group.
CREATE TABLE repeated_lines_chrome (
    group_key TEXT NOT NULL,
    line_key  TEXT NOT NULL,
    PRIMARY KEY (group_key, line_key)
);
