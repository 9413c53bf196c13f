-- The mentions that are titles ("the President"), by entity and text: the only mention
-- texts an entity's names (entity_names) may leave out (aliases skip titles written with
-- "the"), so curation's "add alias" finds every mention written as the alias from the names
-- and this small index instead of reading every mention.
CREATE INDEX mentions_title ON mentions (entity_id, text, resolved_id) WHERE role = 'title';
