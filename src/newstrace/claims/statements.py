"""Corpus stage: the same statement carried by several articles, as one row.

A wire quote and its reprints, or one quote in independent reports, are claims whose
content reads the same once case, quotation marks, punctuation and spacing are set aside.
Each claim gets that normalised form's digest as ``statement_key``; ``claim_statements``
holds one row per key with how many articles and outlets carry it and when it was first
and last published, so the claims view pages through statements without grouping
hundreds of thousands of claims on every request. Keys of new claims are computed once;
the summary table and its full-text index are rebuilt on every run (one aggregate query).

A content of fewer than ``MIN_STATEMENT_WORDS`` words is no statement to group: "endorsed
Clinton", "attacked Clinton", "declined to comment" in fifty unrelated articles all read
"Clinton" or "to comment", and grouping them made "Clinton" a speaker's most carried
statement. Such a claim is a statement of its own (its key is made from its id).
"""

from __future__ import annotations

import re
import unicodedata

from newstrace.ids import digest
from newstrace.pipeline.stages import Progress
from newstrace.store.base import Store

_NOT_WORD = re.compile(r"[^\w]+")
_BATCH = 2000
MIN_STATEMENT_WORDS = 4


def statement_key(content: str, claim_id: str | None = None) -> str:
    """Claims whose contents differ only in case, accents, quotation marks, punctuation and
    spacing share a key; with ``claim_id``, a content shorter than ``MIN_STATEMENT_WORDS``
    words gets a key of its own."""
    text = unicodedata.normalize("NFKD", content)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = _NOT_WORD.sub(" ", text).split()
    if claim_id is not None and len(words) < MIN_STATEMENT_WORDS:
        return "st_" + digest("claim", claim_id)
    return "st_" + digest("statement", " ".join(words))


class ClaimStatementsStage:
    name = "claim_statements"
    version = "2"  # 2: contents under MIN_STATEMENT_WORDS words are statements of their own

    def run(self, store: Store, progress: Progress) -> None:
        total = store.count("claims", statement_key=None)
        done = 0
        while True:
            # No ORDER BY: sorting what is left to take the first batch made each batch cost
            # the whole remainder (quadratic: 450 batches of 900,000 claims at 100,000
            # articles). The index on statement_key hands out the next NULL keys directly, and
            # the keys do not depend on the order they are computed in.
            rows = store.query("SELECT id, content_text FROM claims WHERE statement_key IS NULL LIMIT ?", [_BATCH])
            if not rows:
                break
            with store.transaction():
                store.executemany(
                    "UPDATE claims SET statement_key = ? WHERE id = ?",
                    [(statement_key(r["content_text"], r["id"]), r["id"]) for r in rows],
                )
            done += len(rows)
            progress("claim statements", done, total)
        with store.transaction():
            store.execute("DELETE FROM claim_statements")
            # The text and speaker shown for a statement are its earliest claim's; the
            # counts are over all its claims.
            store.execute(
                "INSERT INTO claim_statements (statement_key, text, speaker_entity_id, speaker_text, n_claims, "
                "n_articles, n_outlets, first_published, last_published) "
                "SELECT f.statement_key, f.content_text, f.speaker_entity_id, f.speaker_text, s.n_claims, "
                "s.n_articles, s.n_outlets, s.first_published, s.last_published FROM ("
                "  SELECT c.statement_key, COUNT(*) AS n_claims, COUNT(DISTINCT c.article_id) AS n_articles, "
                "  COUNT(DISTINCT COALESCE(a.outlet, a.id)) AS n_outlets, MIN(a.published) AS first_published, "
                "  MAX(a.published) AS last_published "
                "  FROM claims c JOIN articles a ON a.id = c.article_id GROUP BY c.statement_key"
                ") s JOIN ("
                "  SELECT c.statement_key, c.content_text, c.speaker_entity_id, c.speaker_text, ROW_NUMBER() OVER "
                "  (PARTITION BY c.statement_key ORDER BY COALESCE(a.published, '9999'), c.id) AS rn "
                "  FROM claims c JOIN articles a ON a.id = c.article_id"
                ") f ON f.statement_key = s.statement_key AND f.rn = 1"
            )
        store.rebuild_text_index("claim_statements")
        refresh_index(store)
        progress("claim statements", total, total)


def refresh_index(store: Store) -> None:
    """Rebuild ``claim_index`` and ``claim_about`` (what the claims view and entity pages
    read) from the claims, their articles and the current entity resolution. Run by the
    stage and after curation rebuilds the entities."""
    with store.transaction():
        store.execute("DELETE FROM claim_index")
        store.execute(
            "INSERT INTO claim_index (claim_id, statement_key, article_id, speaker_id, kind, outlet, outlet_id, published) "
            # Undated articles get '' (not NULL): the date index then orders the same on
            # every engine and serves keyset pages (NULLs sort first or last by engine).
            "SELECT c.id, COALESCE(c.statement_key, c.id), c.article_id, COALESCE(r.to_id, c.speaker_entity_id), c.kind, "
            "a.outlet, a.outlet_id, COALESCE(a.published, '') FROM claims c JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN entity_redirects r ON r.from_id = c.speaker_entity_id ORDER BY c.id"
        )
        store.execute("DELETE FROM claim_about")
        store.execute(
            "INSERT INTO claim_about (entity_id, claim_id, published) "
            "SELECT DISTINCT m.resolved_id, ci.claim_id, ci.published FROM claims c "
            "JOIN claim_index ci ON ci.claim_id = c.id JOIN mentions m ON m.article_id = c.article_id "
            "AND m.start_char < c.content_end AND m.end_char > c.content_start "
            "WHERE m.resolved_id != COALESCE(ci.speaker_id, '')"
        )
