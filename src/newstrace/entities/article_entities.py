"""``article_entities``: each article's entities (``mentions.resolved_id``) with its number
of mentions of each, kept equal to ``SELECT article_id, resolved_id, COUNT(*) FROM mentions
GROUP BY article_id, resolved_id`` by whatever changes ``resolved_id`` (migration 0027)."""

from __future__ import annotations

from newstrace.store.base import Store

SELECT = "SELECT article_id, resolved_id, COUNT(*) FROM mentions"


def rebuild(store: Store) -> None:
    """Every row again (entity resolution, which rewrites ``resolved_id`` everywhere)."""
    store.execute("DELETE FROM article_entities")
    store.execute(f"INSERT INTO article_entities (article_id, entity_id, mentions) {SELECT} GROUP BY article_id, resolved_id")  # noqa: S608


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


def unfold(store: Store, keep: str, other: str) -> None:
    """After ``other``'s mentions went back to it (the undo of a merge): ``other``'s rows
    counted again from its mentions, and taken off ``keep``'s (writes and reads grow with
    ``other``'s mentions and articles, not with ``keep``'s)."""
    store.execute("DELETE FROM article_entities WHERE entity_id = ?", [other])
    store.execute(
        f"INSERT INTO article_entities (article_id, entity_id, mentions) {SELECT} WHERE resolved_id = ? "  # noqa: S608
        "GROUP BY resolved_id, article_id",
        [other],
    )
    store.execute(
        "UPDATE article_entities SET mentions = mentions - (SELECT o.mentions FROM article_entities o "
        "WHERE o.entity_id = ? AND o.article_id = article_entities.article_id) "
        "WHERE entity_id = ? AND article_id IN (SELECT article_id FROM article_entities WHERE entity_id = ?)",
        [other, keep, other],
    )
    store.execute("DELETE FROM article_entities WHERE entity_id = ? AND mentions <= 0", [keep])
