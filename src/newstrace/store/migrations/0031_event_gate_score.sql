-- The precision gate's probability that an event is a real event of its sub-type (events
-- stage version 11): analysts keep fewer false events by filtering on it. NULL for events
-- found before that version or with no gate shipped; the stage fills it on the next run.
ALTER TABLE events ADD COLUMN gate_score REAL;
