"""Entities: the list, name lookup, one entity's page, duplicate suggestions."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

from newstrace.entities.curation import resolve_id
from newstrace.entities.names import normalise_name
from newstrace.web.data import Filters, WebData
from newstrace.web.paging import (
    BadParameter,
    Page,
    SortKey,
    clamp_limit,
    decode,
    encode,
    keyset_page,
)

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
    return resolve_id(data.store, entity_id)


@dataclass(frozen=True, slots=True)
class EntityArticles:
    """One entity's articles, newest first (the order of its article list): ids, their
    dates ('' when undated) and the entity's mentions in each."""

    ids: tuple[str, ...]
    published: tuple[str, ...]
    mentions: tuple[int, ...]


def entity_articles(data: WebData, entity_id: str) -> EntityArticles:
    """Read once per entity (one pass over its mentions by their index, then its articles
    by key) and kept until the data changes: the article list's pages, the mentions chart
    and the co-occurrence count are all cut from it."""

    def compute() -> EntityArticles:
        rows = data.store.query(
            "SELECT t.id AS id, COALESCE(a.published, '') AS published, t.n AS n FROM ("
            "  SELECT article_id AS id, mentions AS n FROM article_entities WHERE entity_id = ?"
            ") t JOIN articles a ON a.id = t.id",
            [entity_id],
        )
        # The keyset order of ``articles``: published descending, then id ascending.
        rows.sort(key=lambda r: r["id"])
        rows.sort(key=lambda r: r["published"], reverse=True)
        return EntityArticles(
            tuple(r["id"] for r in rows), tuple(r["published"] for r in rows), tuple(int(r["n"]) for r in rows)
        )

    return data.memo(("entity-articles", entity_id), compute, large=True)


def mentions_per_month(data: WebData, entity_id: str) -> dict[str, int]:
    ea = entity_articles(data, entity_id)
    out: dict[str, int] = {}
    for published, n in zip(ea.published, ea.mentions, strict=True):
        if len(published) >= 7:
            out[published[:7]] = out.get(published[:7], 0) + n
    return out


def articles(data: WebData, entity_id: str, *, after: str | None = None, before: str | None = None, limit: int = 20) -> Page:
    """The entity's articles, newest first, paged by the same cursors as ``keyset_page``
    (published, id); the total is the entity's article count."""
    limit = clamp_limit(limit)
    ea = entity_articles(data, entity_id)
    keys = list(zip(ea.published, ea.ids, strict=True))

    def order(j: int) -> tuple[_Desc, str]:  # ascending in list order; built only where bisect looks
        return _Desc(ea.published[j]), ea.ids[j]

    backwards = before is not None and after is None
    cursor = after if after is not None else before
    if cursor is None:
        lo, hi = 0, min(limit, len(keys))
    else:
        p, i = decode(cursor, 2)
        at = (_Desc(str(p)), str(i))
        if backwards:
            hi = bisect.bisect_left(range(len(keys)), at, key=order)
            lo = max(0, hi - limit)
        else:
            lo = bisect.bisect_right(range(len(keys)), at, key=order)
            hi = min(len(keys), lo + limit)
    chosen = list(ea.ids[lo:hi])
    meta = data.article_meta(chosen)
    items = [
        {k: meta[a].get(k) for k in ("id", "title", "outlet", "published", "source")} for a in chosen if a in meta
    ]
    page = Page(items, limit, total=len(keys))
    if chosen:
        page.next_cursor = encode(keys[hi - 1]) if hi < len(keys) else None
        page.prev_cursor = encode(keys[lo]) if lo > 0 else None
    elif cursor is not None:  # past the end (or before the start): offer the way back
        page.prev_cursor = cursor if not backwards else None
        page.next_cursor = cursor if backwards else None
    found = entity(data, entity_id)
    if found is not None:
        page.total = found["article_count"]
    return page


class _Desc(str):
    """A string that sorts in reverse (the descending key of a keyset order)."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return str.__gt__(self, other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        return str.__lt__(self, other)  # type: ignore[operator]

    def __le__(self, other: object) -> bool:
        return str.__ge__(self, other)  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        return str.__le__(self, other)  # type: ignore[operator]


def co_occurring(data: WebData, entity_id: str) -> list[dict[str, Any]]:
    """Entities named in the same articles (over its ``CO_OCCURRING_ARTICLES`` latest)."""
    latest = list(entity_articles(data, entity_id).ids[:CO_OCCURRING_ARTICLES])
    if not latest:
        return []

    def compute() -> list[dict[str, Any]]:
        marks = ", ".join("?" for _ in latest)
        return data.store.query(
            "SELECT e.id, e.name, e.type, t.n FROM ("
            "  SELECT ae.entity_id AS id, COUNT(*) AS n FROM article_entities ae "
            f"  WHERE ae.article_id IN ({marks}) AND ae.entity_id != ? GROUP BY ae.entity_id ORDER BY n DESC LIMIT ?"  # noqa: S608
            ") t JOIN entities e ON e.id = t.id ORDER BY t.n DESC, e.name",
            [*latest, entity_id, CO_OCCURRING],
        )

    return data.memo(("co-occurring", entity_id), compute)


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
