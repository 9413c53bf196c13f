-- Lines the repeated-lines cleaning stage removed from an article, so later runs can
-- still count them when deciding what an outlet repeats. Keyed by the article's
-- content_hash: rows of a replaced document no longer match and are ignored/cleared.
-- Deliberately NOT a stage table: rewriting the article must not erase this record.
CREATE TABLE repeated_line_removals (
    article_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    line TEXT NOT NULL
);
CREATE INDEX repeated_line_removals_article ON repeated_line_removals (article_id);
