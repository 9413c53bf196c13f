-- Outlets: where each article comes from (newstrace.outlets) and the time of day it was
-- published. Plain SQL that PostgreSQL runs as well.
ALTER TABLE articles ADD COLUMN outlet_id TEXT;
ALTER TABLE articles ADD COLUMN published_time TEXT;
-- Where outlet and date were read: "input", "site name", "url", "path {outlet}/{slug}", "chrome".
ALTER TABLE articles ADD COLUMN outlet_source TEXT;
ALTER TABLE articles ADD COLUMN published_source TEXT;
CREATE INDEX articles_outlet_id ON articles (outlet_id);

-- Every outlet that articles of this database point at: the registry entry as it was when
-- the article was stored, or an outlet made up from an unknown domain or name.
CREATE TABLE outlets (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    domains_json       TEXT NOT NULL DEFAULT '[]',
    aliases_json       TEXT NOT NULL DEFAULT '[]',
    kind               TEXT,
    country            TEXT,
    affiliation        TEXT,
    affiliation_source TEXT,
    registered         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outlets_kind ON outlets (kind);
CREATE INDEX outlets_country ON outlets (country);
