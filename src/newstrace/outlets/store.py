"""The ``outlets`` table (migration 0011) and the ``outlets`` export.

Each stored article points at an outlet by ``articles.outlet_id``; the table keeps that
outlet as the registry described it when the article was stored, or as it was made up
from an unknown domain or name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from newstrace import schema
from newstrace.records import Outlet
from newstrace.store.base import Store

_COLUMNS = tuple(schema.columns(Outlet))


def _row(o: Outlet) -> dict[str, Any]:
    return schema.to_row(o)


def _merge(old: dict[str, Any], new: Outlet) -> Outlet:
    """An outlet made up at run time, seen again: keep a real name over a bare domain
    ("Daily Top Feeds" over "dailytopfeeds.com") and every domain either copy knew."""
    old_name = str(old["name"])
    name = old_name if new.name == new.id and old_name != new.id else new.name
    domains = tuple(dict.fromkeys([*json.loads(old["domains_json"] or "[]"), *new.domains]))
    return Outlet(id=new.id, name=name, domains=domains, registered=False)


def save_outlets(store: Store, outlets: Iterable[Outlet | None]) -> None:
    """Insert or refresh the given outlets (call inside the document's transaction)."""
    seen: dict[str, Outlet] = {}
    for o in outlets:
        if o is not None:
            seen.setdefault(o.id, o)
    with store.transaction():
        for outlet in seen.values():
            old = store.rows("outlets", id=outlet.id)
            if old and not outlet.registered:
                merged = _merge(old[0], outlet)
                if old[0]["registered"] or _row(merged) == {k: old[0][k] for k in _COLUMNS}:
                    continue  # a registry entry is never replaced by a made-up outlet
                outlet = merged
            store.delete_rows("outlets", id=outlet.id)
            store.insert_rows("outlets", [_row(outlet)])


def outlets_with_counts(
    store: Store, *, kind: str | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    """Outlets with at least one article, most articles first: the ``outlets`` export
    records plus ``registered`` and ``affiliation_source`` (for the web app's filters)."""
    where, params = [], []
    if kind is not None:
        where.append("o.kind = ?")
        params.append(kind)
    if country is not None:
        where.append("o.country = ?")
        params.append(country)
    rows = store.query(
        "SELECT o.id, o.name, o.domains_json, o.aliases_json, o.kind, o.country, o.affiliation,"  # noqa: S608 - constant fragments, values are parameters
        " o.affiliation_source, o.registered, COUNT(a.id) AS article_count"
        " FROM outlets o JOIN articles a ON a.outlet_id = o.id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " GROUP BY o.id, o.name, o.domains_json, o.aliases_json, o.kind, o.country, o.affiliation,"
        " o.affiliation_source, o.registered ORDER BY article_count DESC, o.id",
        params,
    )
    return [
        {
            **_record(r),
            "registered": bool(r["registered"]),
            "affiliation_source": r["affiliation_source"],
        }
        for r in rows
    ]


def _record(r: dict[str, Any]) -> dict[str, Any]:
    outlet: Outlet = schema.from_row(Outlet, r)
    return outlet.to_record(int(r["article_count"]))


def iter_outlets(store: Store) -> Iterator[dict[str, Any]]:
    """The ``outlets`` export (INTERFACE.md v1.1)."""
    for r in outlets_with_counts(store):
        yield {k: r[k] for k in ("id", "name", "domains", "aliases", "kind", "country", "affiliation", "article_count")}


iter_outlets.arrow_schema = schema.arrow_schema(Outlet).append(  # type: ignore[attr-defined]
    pa.field("article_count", pa.int64())
)
