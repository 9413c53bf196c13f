-- Attributed claims (who said what): one row per claim, offsets into articles.text.
CREATE TABLE claims (
    id                TEXT PRIMARY KEY,
    article_id        TEXT NOT NULL,
    kind              TEXT NOT NULL,
    speaker_text      TEXT,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    speaker_entity_id TEXT,
    cue_text          TEXT NOT NULL,
    cue_start         INTEGER NOT NULL,
    cue_end           INTEGER NOT NULL,
    content_text      TEXT NOT NULL,
    content_start     INTEGER NOT NULL,
    content_end       INTEGER NOT NULL
);
CREATE INDEX claims_article ON claims (article_id, content_start);
CREATE INDEX claims_speaker ON claims (speaker_entity_id);
INSERT INTO stage_tables (name) VALUES ('claims');
