"""Framing as the pages show it: an article's persuasion techniques and entity roles, and
technique counts per outlet (overview, report)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from newstrace.web.data import Filters, WebData

OUTLETS = 12  # outlets with their own row in the per-outlet table (most articles first)
TECHNIQUES = 8  # technique columns (most used first); the rest are summed in "other"


def label(technique: str) -> str:
    """A technique name for reading: "Name_Calling-Labeling" -> "Name calling / labeling"."""
    words = technique.replace("-", " / ").replace("_", " ").strip()
    return words[:1].upper() + words[1:].lower()


def article_techniques(data: WebData, article_id: str) -> list[dict[str, Any]]:
    """The article's technique spans in text order (the highlight layer and the side list)."""
    if not data.available("techniques"):
        return []
    return data.store.query(
        "SELECT technique, start_char, end_char, text, score FROM techniques WHERE article_id = ? "
        "ORDER BY start_char, end_char, technique",
        [article_id],
    )


def technique_totals(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Technique -> spans in one article, most used first, with the first span's position."""
    n: Counter[str] = Counter(s["technique"] for s in spans)
    first: dict[str, int] = {}
    for s in spans:
        first.setdefault(s["technique"], s["start_char"])
    return [
        {"technique": t, "label": label(t), "n": k, "first": first[t]}
        for t, k in sorted(n.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def article_roles(data: WebData, article_id: str) -> list[dict[str, Any]]:
    """The roles entities are cast in, with the entity as resolved and curated now (the
    mention at the role's position, else the stage's id through the redirects)."""
    if not data.available("roles"):
        return []
    rows = data.store.query(
        "SELECT r.entity_id, r.start_char, r.end_char, r.mention, r.main_role, r.main_score, r.fine_roles_json, "
        "m.resolved_id FROM roles r LEFT JOIN mentions m ON m.article_id = r.article_id "
        "AND m.start_char = r.start_char AND m.end_char = r.end_char "
        "WHERE r.article_id = ? ORDER BY r.start_char, r.entity_id",
        [article_id],
    )
    ids = [r["resolved_id"] or r["entity_id"] for r in rows]
    current = data.canonical(ids)
    names = data.entity_names([current.get(i, i) for i in ids])
    out, seen = [], set()
    for r, i in zip(rows, ids, strict=True):
        eid = current.get(i, i)
        key = (r["start_char"], r["end_char"], eid)
        if key in seen:  # one mention matched twice (two mention rows on the same span)
            continue
        seen.add(key)
        try:
            fine = [str(x) for x in json.loads(r["fine_roles_json"] or "[]")]
        except ValueError:
            fine = []
        out.append({
            "entity_id": eid, "name": names.get(eid) or r["mention"], "mention": r["mention"],
            "start": r["start_char"], "end": r["end_char"], "main_role": r["main_role"],
            "score": r["main_score"], "fine_roles": fine,
        })
    return out


def outlet_techniques(data: WebData, f: Filters) -> dict[str, Any]:
    """Articles using each technique, per outlet, over the filtered articles: the ``OUTLETS``
    outlets with most articles that use any technique, the ``TECHNIQUES`` techniques used
    in most articles (the rest summed as "other"), each cell also as a share of the
    outlet's articles."""

    def compute() -> dict[str, Any]:
        summary = data.entity_summary(f)
        if summary is not None:  # one entity alone: its precomputed counts (web.summaries)
            rows = [{"outlet": o, "technique": t, "n": n} for o, t, n in summary[1]["techniques"]]
            using = [{"outlet": o, "n": n} for o, n in summary[1]["technique_users"]]
            return _table(rows, using, lambda outlets: {o: n for o, n in summary[1]["outlet_articles"] if o in set(outlets)})
        cond, params = data.article_condition(f)
        rows = data.store.query(
            "SELECT COALESCE(a.outlet, '(unknown outlet)') AS outlet, t.technique AS technique, "
            "COUNT(DISTINCT t.article_id) AS n FROM techniques t JOIN articles a ON a.id = t.article_id "
            f"WHERE {cond} GROUP BY COALESCE(a.outlet, '(unknown outlet)'), t.technique",  # noqa: S608
            params,
        )
        using = data.store.query(
            "SELECT COALESCE(a.outlet, '(unknown outlet)') AS outlet, COUNT(DISTINCT t.article_id) AS n "
            "FROM techniques t JOIN articles a ON a.id = t.article_id "
            f"WHERE {cond} GROUP BY COALESCE(a.outlet, '(unknown outlet)')",  # noqa: S608
            params,
        )
        return _table(rows, using, lambda outlets: _articles_per_outlet(data, f, outlets))

    return data.memo(("outlet-techniques", f.query()), compute)


def _table(
    rows: list[dict[str, Any]], using: list[dict[str, Any]], articles_per_outlet: Callable[[list[str]], dict[str, int]],
) -> dict[str, Any]:
    """The table from articles per (outlet, technique) and per outlet using any."""
    by_technique: Counter[str] = Counter()
    for r in rows:
        by_technique[r["technique"]] += int(r["n"])
    columns = [t for t, _ in sorted(by_technique.items(), key=lambda kv: (-kv[1], kv[0]))[:TECHNIQUES]]
    users = {r["outlet"]: int(r["n"]) for r in using}
    outlets = sorted(users, key=lambda o: (-users[o], o))[:OUTLETS]
    totals = articles_per_outlet(outlets)
    cells: dict[str, dict[str, int]] = {o: {} for o in outlets}
    for r in rows:
        if r["outlet"] in cells:
            key = r["technique"] if r["technique"] in columns else "other"
            cells[r["outlet"]][key] = cells[r["outlet"]].get(key, 0) + int(r["n"])
    table = [
        {"outlet": o, "articles": totals.get(o, 0), "using": users[o], "cells": cells[o]} for o in outlets
    ]
    return {
        "columns": [{"technique": t, "label": label(t)} for t in columns],
        "other": len(by_technique) > len(columns),
        "rows": table,
        "outlets_total": len(users),
    }


def _articles_per_outlet(data: WebData, f: Filters, outlets: list[str]) -> dict[str, int]:
    if not outlets:
        return {}
    cond, params = data.article_condition(f)
    rows = data.store.query(
        "SELECT COALESCE(a.outlet, '(unknown outlet)') AS outlet, COUNT(*) AS n FROM articles a "
        f"WHERE {cond} GROUP BY COALESCE(a.outlet, '(unknown outlet)')",  # noqa: S608
        params,
    )
    wanted = set(outlets)
    return {r["outlet"]: int(r["n"]) for r in rows if r["outlet"] in wanted}
