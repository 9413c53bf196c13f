-- Each article's entities, as mentions.resolved_id has them, with the article's number of
-- mentions of each: what the workbench counts "articles naming each entity" over (search's
-- entity facet, co-occurring entities, the overview's top entities, an entity's article
-- list) reads one row per (article, entity) instead of every mention (about 2.5 mentions
-- per row at 10,000 articles). Written by entity resolution (whole) and by curation (a merge
-- moves the merged entity's rows, its undo recounts the two entities); an article's rows go
-- with its other per-article rows when it is analysed again.
CREATE TABLE article_entities (
    article_id TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_id);
INSERT INTO stage_tables (name) VALUES ('article_entities');
INSERT INTO article_entities (article_id, entity_id, mentions)
SELECT article_id, resolved_id, COUNT(*) FROM mentions GROUP BY article_id, resolved_id;
