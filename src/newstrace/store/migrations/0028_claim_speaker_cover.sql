-- A speaker's claims from the index alone: the entity page's "what X said across outlets"
-- (web.queries.claims.speaker_summary) counts statements, articles, outlets and kinds over
-- every claim of the speaker, and "claims by" pages them newest first by (published,
-- claim_id). Replaces the index on (speaker_id, published), which read each claim's row.
DROP INDEX claim_index_speaker;
CREATE INDEX claim_index_speaker ON claim_index (speaker_id, published, claim_id, statement_key, article_id, outlet, kind);
