"""The article list and one article's records."""

from __future__ import annotations

from typing import Any

from newstrace.records import Article
from newstrace.web.data import Filters, WebData
from newstrace.web.paging import BadParameter, Page, SortKey, keyset_page

SORTS = {
    "newest": [SortKey("COALESCE(a.published, '')", desc=True), SortKey("a.id")],
    "oldest": [SortKey("COALESCE(a.published, '9999')"), SortKey("a.id")],
    "outlet": [SortKey("COALESCE(a.outlet, '~')"), SortKey("COALESCE(a.published, '')", desc=True), SortKey("a.id")],
    "title": [SortKey("COALESCE(a.title, a.source)"), SortKey("a.id")],
}


def list_articles(
    data: WebData, f: Filters, *, sort: str = "newest", after: str | None = None, before: str | None = None, limit: int = 50
) -> Page:
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}.")
    return keyset_page(
        data.store,
        select="a.id AS id, a.title AS title, a.outlet AS outlet, a.published AS published, a.source AS source, "
        "a.url AS url, length(a.text) AS chars",
        from_="articles a",
        where=data.article_condition(f),
        keys=SORTS[sort],
        limit=limit,
        after=after,
        before=before,
    )


def article(data: WebData, article_id: str) -> Article | None:
    return data.store.get_article(article_id)


def entity_counts(data: WebData, article_id: str) -> list[dict[str, Any]]:
    return data.store.query(
        "SELECT m.resolved_id AS id, e.name AS name, e.type AS type, COUNT(*) AS n FROM mentions m "
        "JOIN entities e ON e.id = m.resolved_id WHERE m.article_id = ? GROUP BY m.resolved_id, e.name, e.type "
        "ORDER BY n DESC, e.name",
        [article_id],
    )


def article_events(data: WebData, article_id: str) -> list[dict[str, Any]]:
    from newstrace.web.queries.events import event_rows

    return event_rows(data, "e.article_id = ?", [article_id], "e.trigger_start")


def shared_with(data: WebData, article_id: str) -> list[dict[str, Any]]:
    """Other outlets' articles this one shares passages with, and how."""
    rows = data.store.query(
        "SELECT r.article_a, r.article_b, r.direction, COUNT(p.seq) AS passages, MAX(p.similarity) AS best, "
        "SUM(CASE WHEN r.article_a = ? THEN p.a_end - p.a_start ELSE p.b_end - p.b_start END) AS chars "
        "FROM reuse_pairs r JOIN reuse_passages p ON p.article_a = r.article_a AND p.article_b = r.article_b "
        "WHERE (r.article_a = ? OR r.article_b = ?) AND r.same_outlet = 0 "
        "GROUP BY r.article_a, r.article_b, r.direction ORDER BY chars DESC",
        [article_id, article_id, article_id],
    )
    meta = data.article_meta([r["article_b"] if r["article_a"] == article_id else r["article_a"] for r in rows])
    out = []
    for r in rows:
        mine_a = r["article_a"] == article_id
        other = r["article_b"] if mine_a else r["article_a"]
        copied = {"a_to_b": "copied by" if mine_a else "copied from", "b_to_a": "copied from" if mine_a else "copied by"}
        out.append({**r, "other": other, "meta": meta.get(other, {"id": other}), "relation": copied.get(r["direction"], "shares passages with")})
    return out
