"""``article_entities``: each article's entities (``mentions.resolved_id``) with its number
of mentions of each, kept equal to ``SELECT article_id, resolved_id, COUNT(*) FROM mentions
GROUP BY article_id, resolved_id`` by whatever changes ``resolved_id`` (migration 0027)."""

from __future__ import annotations

from collections.abc import Sequence

from newstrace.store.base import Store, in_list

SELECT = "SELECT article_id, resolved_id, COUNT(*) FROM mentions"


def rebuild(store: Store) -> None:
    """Every row again (entity resolution, which rewrites ``resolved_id`` everywhere)."""
    store.execute("DELETE FROM article_entities")
    store.execute(f"INSERT INTO article_entities (article_id, entity_id, mentions) {SELECT} GROUP BY article_id, resolved_id")  # noqa: S608


def recount(store: Store, entity_ids: Sequence[str]) -> None:
    """These entities' rows again, from their mentions (read by the mentions' index on
    ``(resolved_id, article_id)``)."""
    if not entity_ids:
        return
    cond, params = in_list("entity_id", list(entity_ids))
    store.execute(f"DELETE FROM article_entities WHERE {cond}", params)  # noqa: S608
    mcond, mparams = in_list("resolved_id", list(entity_ids))
    store.execute(
        f"INSERT INTO article_entities (article_id, entity_id, mentions) {SELECT} WHERE {mcond} "  # noqa: S608
        "GROUP BY resolved_id, article_id",
        mparams,
    )


def fold(store: Store, keep: str, other: str) -> None:
    """After ``other``'s mentions became ``keep``'s (a merge): ``other``'s rows added to
    ``keep``'s, article by article (writes grow with ``other``'s articles only)."""
    store.execute(
        "INSERT INTO article_entities (article_id, entity_id, mentions) "
        "SELECT article_id, ?, mentions FROM article_entities WHERE entity_id = ? "
        "ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = article_entities.mentions + excluded.mentions",
        [keep, other],
    )
    store.execute("DELETE FROM article_entities WHERE entity_id = ?", [other])
