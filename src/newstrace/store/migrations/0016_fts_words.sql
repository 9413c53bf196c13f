-- Nothing to change in SQLite: FTS5's unicode61 tokenizer already splits text on every
-- character that is not a letter or a digit. The PostgreSQL version of this migration
-- (migrations_pg/0016_fts_words.sql) makes its full-text index split text the same way.
SELECT 1;
