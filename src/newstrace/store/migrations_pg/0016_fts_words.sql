-- Full-text words as SQLite's unicode61 tokenizer makes them. PostgreSQL's parser reads
-- "<script>" as an HTML tag (dropped: the word "script" was not searchable), and URLs,
-- e-mail addresses, paths and decimals as single tokens ("www.example.com/path": the word
-- "example" was not found). The text is indexed with that punctuation turned into spaces,
-- so a search finds the same articles on both backends.
CREATE FUNCTION newstrace_words(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(t, '<>/@:.=&?#%+~|\', '               ')
$$;

CREATE OR REPLACE FUNCTION newstrace_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM articles_fts WHERE article_id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    INSERT INTO articles_fts (article_id, doc) VALUES (
        NEW.id,
        setweight(to_tsvector('newstrace_text', newstrace_words(coalesce(NEW.title, ''))), 'A')
            || to_tsvector('newstrace_text', newstrace_words(left(NEW.text, 400000)))
    );
    RETURN NEW;
END $$;

-- Articles indexed before this migration, again.
DELETE FROM articles_fts;
INSERT INTO articles_fts (article_id, doc)
SELECT id, setweight(to_tsvector('newstrace_text', newstrace_words(coalesce(title, ''))), 'A')
           || to_tsvector('newstrace_text', newstrace_words(left(text, 400000)))
FROM articles;
DELETE FROM claim_statements_fts;
INSERT INTO claim_statements_fts (statement_key, doc)
SELECT statement_key, to_tsvector('newstrace_text', newstrace_words(text)) FROM claim_statements;
