-- PostgreSQL version of migrations/0009_fts_deferred.sql: nothing to do. The SQLite
-- migration defers FTS5 indexing to the end of a batch; PostgreSQL's trigger (0001) indexes
-- each article in its own transaction at no comparable cost.
SELECT 1;
