-- Full-text indexing deferred to the end of a batch of documents: indexing each article in
-- its own small transaction cost more than half of the store's time (one FTS5 segment per
-- document). New and changed articles are listed in fts_pending and indexed together by
-- SQLiteStore.flush_search_index (end of ingest, before a search, on close). An article
-- still pending was never indexed, so deleting it must not send FTS5 a 'delete'.
CREATE TABLE fts_pending (rowid INTEGER PRIMARY KEY);
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO fts_pending (rowid) VALUES (new.rowid);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        SELECT 'delete', old.rowid, old.title, old.text
        WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE rowid = old.rowid);
    DELETE FROM fts_pending WHERE rowid = old.rowid;
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        SELECT 'delete', old.rowid, old.title, old.text
        WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE rowid = old.rowid);
    INSERT OR IGNORE INTO fts_pending (rowid) VALUES (new.rowid);
END;
