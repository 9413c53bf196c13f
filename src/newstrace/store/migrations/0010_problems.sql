-- What went wrong with which document, article and stage (INTERFACE v1.1 `problems`).
-- `place` identifies a problem: a hash of (stage, source, article_id, unit) (for `read`
-- problems also the reason: one file can have many unreadable records). The same place
-- failing again updates the row (`last_seen`, message, traceback; `first_seen` kept); a
-- later attempt that succeeds deletes it (rules: pipeline/problems_table.py).
-- `seen_run` is the run that last saw it, so a run can clear what it no longer sees.
CREATE TABLE problems (
    place      TEXT PRIMARY KEY,
    stage      TEXT NOT NULL,
    source     TEXT NOT NULL,
    article_id TEXT,
    unit       TEXT,
    input_path TEXT,
    error      TEXT NOT NULL,
    message    TEXT NOT NULL,
    traceback  TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    seen_run   TEXT NOT NULL
);
CREATE INDEX problems_article ON problems (article_id, stage);
CREATE INDEX problems_stage ON problems (stage, source);
