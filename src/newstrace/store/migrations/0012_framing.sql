-- Framing (per article): persuasion-technique spans, entity roles, and the article's genre
-- and frames. Genre/frames live here rather than in the articles row, which stays as
-- ingest wrote it; reading an article joins this table (Store.get_article / iter_articles).
CREATE TABLE techniques (
    article_id  TEXT NOT NULL,
    technique   TEXT NOT NULL,   -- SemEval-2023 task 3 name
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    score       REAL NOT NULL
);
CREATE INDEX techniques_article ON techniques (article_id, start_char);
CREATE INDEX techniques_technique ON techniques (technique, article_id);
INSERT INTO stage_tables (name) VALUES ('techniques');

CREATE TABLE roles (
    article_id      TEXT NOT NULL,
    entity_id       TEXT NOT NULL,   -- as the entities stage assigned it
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    mention         TEXT NOT NULL,
    main_role       TEXT NOT NULL,   -- SemEval-2025 task 10: Protagonist|Antagonist|Innocent
    main_score      REAL NOT NULL,
    fine_roles_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX roles_article ON roles (article_id, start_char);
CREATE INDEX roles_entity ON roles (entity_id);
INSERT INTO stage_tables (name) VALUES ('roles');

CREATE TABLE article_framing (
    article_id        TEXT PRIMARY KEY,
    genre             TEXT,
    genre_score       REAL,
    frames_json       TEXT NOT NULL DEFAULT '[]',
    frame_scores_json TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO stage_tables (name) VALUES ('article_framing');
