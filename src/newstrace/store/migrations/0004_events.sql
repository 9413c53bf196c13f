-- Event mentions found by the events stage (one row per event mention in an article), and
-- their cross-article event group (filled by the corpus stage events.groups).
CREATE TABLE events (
    id                       TEXT PRIMARY KEY,
    article_id               TEXT NOT NULL,
    event_group              TEXT,
    label                    TEXT NOT NULL,   -- CASE 2021 label (AIR_STRIKE, ...)
    type                     TEXT NOT NULL,   -- ACLED event type
    subtype                  TEXT NOT NULL,   -- ACLED sub-event type (or CASE extra type)
    confidence               REAL NOT NULL,
    date                     TEXT,
    date_precision           TEXT,
    date_partial             TEXT,            -- "--MM-DD" when the year is unknown
    date_text                TEXT,
    location_json            TEXT,
    country                  TEXT,
    actors_json              TEXT NOT NULL DEFAULT '[]',
    fatalities               INTEGER,
    fatalities_text          TEXT,
    injured                  INTEGER,
    injured_text             TEXT,
    attacker_fatalities      INTEGER,
    attacker_fatalities_text TEXT,
    trigger_text             TEXT NOT NULL,
    trigger_start            INTEGER NOT NULL,
    trigger_end              INTEGER NOT NULL,
    sentence_start           INTEGER NOT NULL,
    sentence_end             INTEGER NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_group ON events (event_group);
CREATE INDEX events_type_country ON events (type, country);
INSERT INTO stage_tables (name) VALUES ('events');
