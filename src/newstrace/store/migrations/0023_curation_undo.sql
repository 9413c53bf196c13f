-- An entity's mentions by article from the index alone: its article list (entity pages,
-- summaries) and the articles two merged entities share are read without the table.
CREATE INDEX mentions_resolved_article ON mentions (resolved_id, article_id);
DROP INDEX mentions_resolved;

-- What a merge changed (curation.merge), so its undo puts exactly those rows back instead
-- of rebuilding entity resolution: one row per merge operation (entity_curation.seq),
-- deleted when the merge is undone; entity resolution clears the table (after a rebuild
-- the rows no longer describe the tables, and undo rebuilds).
CREATE TABLE entity_merge_undo (
    seq        INTEGER PRIMARY KEY,
    state_json TEXT NOT NULL
);
