"""Entities: the list, name lookup, one entity's page, duplicate suggestions."""

from __future__ import annotations

import json
from typing import Any

from newstrace.entities.names import normalise_name
from newstrace.web.data import Filters, WebData
from newstrace.web.paging import BadParameter, Page, SortKey, keyset_page

TYPES_SHOWN = 30
CO_OCCURRING = 15
# Co-occurrence is counted over an entity's most recent articles (the page says so).
CO_OCCURRING_ARTICLES = 300
LOOKUP_SIZE = 12


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def record(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r.get("aliases_json") or "[]"),
        "mention_count": int(r["mention_count"]), "article_count": int(r["article_count"]),
    }


def list_entities(
    data: WebData, *, name: str = "", etype: str = "", f: Filters | None = None,
    after: str | None = None, before: str | None = None, limit: int = 50,
) -> Page:
    """Entities by mentions; ``name`` matches inside the name or any alias."""
    conds: list[str] = []
    params: list[Any] = []
    if name:
        key = normalise_name(name)
        if not key:
            raise BadParameter("the name filter has no letters or digits in it.")
        conds.append("e.id IN (SELECT entity_id FROM entity_names WHERE name_key LIKE ? ESCAPE '\\')")
        params.append("%" + _like(key) + "%")
    if etype:
        conds.append("e.type = ?")
        params.append(etype)
    if f is not None and f.active():
        acond, aparams = data.article_condition(f)
        conds.append(f"e.id IN (SELECT m.resolved_id FROM mentions m JOIN articles a ON a.id = m.article_id WHERE {acond})")
        params += aparams
    page = keyset_page(
        data.store,
        select="e.id AS id, e.name AS name, e.type AS type, e.aliases_json AS aliases_json, "
        "e.mention_count AS mention_count, e.article_count AS article_count",
        from_="entities e",
        where=(" AND ".join(conds) or "1=1", params),
        keys=[SortKey("e.mention_count", True), SortKey("e.id")],
        limit=limit,
        after=after,
        before=before,
    )
    page.items = [record(r) for r in page.items]
    return page


def types(data: WebData) -> list[str]:
    return data.memo(
        ("entity-types",),
        lambda: [r["type"] for r in data.store.query("SELECT DISTINCT type FROM entities ORDER BY type")][:TYPES_SHOWN],
    )


def lookup(data: WebData, text: str, limit: int = LOOKUP_SIZE) -> list[dict[str, Any]]:
    """Entities whose name or an alias starts with ``text`` (then: contains it), most
    mentioned first: the name box of the curation forms."""
    key = normalise_name(text)
    if not key:
        return []
    out: dict[str, dict[str, Any]] = {}
    for pattern in (_like(key) + "%", "%" + _like(key) + "%"):
        for r in data.store.query(
            "SELECT e.id, e.name, e.type, e.mention_count, MIN(n.name) AS matched FROM entity_names n "
            "JOIN entities e ON e.id = n.entity_id WHERE n.name_key LIKE ? ESCAPE '\\' "
            "GROUP BY e.id, e.name, e.type, e.mention_count ORDER BY e.mention_count DESC, e.id LIMIT ?",
            [pattern, limit],
        ):
            out.setdefault(r["id"], r)
        if len(out) >= limit:
            break
    return list(out.values())[:limit]


def entity(data: WebData, entity_id: str) -> dict[str, Any] | None:
    rows = data.store.query("SELECT * FROM entities WHERE id = ?", [entity_id])
    return record(rows[0]) if rows else None


def merged_into(data: WebData, entity_id: str) -> str | None:
    rows = data.store.query("SELECT to_id FROM entity_redirects WHERE from_id = ?", [entity_id])
    return str(rows[0]["to_id"]) if rows else None


def mentions_per_month(data: WebData, entity_id: str) -> dict[str, int]:
    rows = data.store.query(
        "SELECT substr(a.published, 1, 7) AS month, COUNT(*) AS n FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.resolved_id = ? AND a.published IS NOT NULL AND length(a.published) >= 7 "
        "GROUP BY substr(a.published, 1, 7)",
        [entity_id],
    )
    return {r["month"]: int(r["n"]) for r in rows}


def articles(data: WebData, entity_id: str, *, after: str | None = None, before: str | None = None, limit: int = 20) -> Page:
    """The entity's articles, newest first; the total is the entity's article count."""
    found = entity(data, entity_id)
    page = keyset_page(
        data.store,
        select="a.id AS id, a.title AS title, a.outlet AS outlet, a.published AS published, a.source AS source",
        from_="articles a",
        where=("a.id IN (SELECT article_id FROM mentions WHERE resolved_id = ?)", [entity_id]),
        keys=[SortKey("COALESCE(a.published, '')", True), SortKey("a.id")],
        limit=limit,
        after=after,
        before=before,
        count=found is None,
    )
    if found is not None:
        page.total = found["article_count"]
    return page


def co_occurring(data: WebData, entity_id: str) -> list[dict[str, Any]]:
    """Entities named in the same articles (over its ``CO_OCCURRING_ARTICLES`` latest)."""
    return data.store.query(
        "SELECT e.id, e.name, e.type, t.n FROM ("
        "  SELECT m.resolved_id AS id, COUNT(DISTINCT m.article_id) AS n FROM mentions m WHERE m.article_id IN ("
        "    SELECT a.id FROM articles a WHERE a.id IN (SELECT article_id FROM mentions WHERE resolved_id = ?) "
        "    ORDER BY COALESCE(a.published, '') DESC, a.id LIMIT ?"
        "  ) AND m.resolved_id != ? GROUP BY m.resolved_id ORDER BY n DESC LIMIT ?"
        ") t JOIN entities e ON e.id = t.id ORDER BY t.n DESC, e.name",
        [entity_id, CO_OCCURRING_ARTICLES, entity_id, CO_OCCURRING],
    )


def suggestions(
    data: WebData, *, entity_id: str | None = None, after: str | None = None, before: str | None = None, limit: int = 30,
) -> Page:
    """Pairs that may be one entity, strongest first (for one entity, if given)."""
    cond, params = "1=1", []
    if entity_id:
        cond, params = "(s.entity_id = ? OR s.other_id = ?)", [entity_id, entity_id]
    return keyset_page(
        data.store,
        select="s.entity_id AS keep_id, k.name AS keep_name, k.type AS keep_type, k.mention_count AS keep_mentions, "
        "s.other_id AS other_id, o.name AS other_name, o.type AS other_type, o.mention_count AS other_mentions, "
        "s.reason AS reason, s.score AS score",
        from_="entity_suggestions s JOIN entities k ON k.id = s.entity_id JOIN entities o ON o.id = s.other_id",
        where=(cond, params),
        keys=[SortKey("s.score", True), SortKey("k.mention_count", True), SortKey("s.entity_id"), SortKey("s.other_id")],
        limit=limit,
        after=after,
        before=before,
    )


def operations(data: WebData, limit: int = 20) -> list[dict[str, Any]]:
    """The latest curation operations, newest first, with the names they concern."""
    rows = data.store.query("SELECT * FROM entity_curation ORDER BY seq DESC LIMIT ?", [limit])
    names = data.entity_names([r["entity_id"] for r in rows] + [r["other_id"] for r in rows])
    for r in rows:
        r["entity_name"] = names.get(r["entity_id"], r["entity_id"])
        r["other_name"] = names.get(r["other_id"] or "", r["other_id"])
    return rows
