"""The overview: corpus counts, articles over time per outlet, top entities, stories, events."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from newstrace.store.base import in_list
from newstrace.web import summaries
from newstrace.web.data import Filters, WebData
from newstrace.web.queries.events import event_rows

TOP = summaries.LATEST_EVENTS
FILTERED_ARTICLES = summaries.RECENT_ARTICLES  # filtered top entities: counted in this many latest articles
CHART_OUTLETS = 10
COUNTED = ("articles", "outlets", "entities", "claims", "events", "reuse", "stories")  # outlets drawn in their own colour; the rest are "other outlets"


def counts(data: WebData, f: Filters) -> dict[str, int | None]:
    """Record counts per kind over the filtered articles; None for a stage not in this build."""

    summary = data.entity_summary(f)
    if summary is not None:
        # One summarised entity (web.summaries): the entities count is not shown filtered.
        stored = summary[1]["counts"]
        return {k: stored.get(k) if k in ("articles", "outlets") or data.available(k) else None for k in COUNTED}

    def compute() -> dict[str, int | None]:
        cond, params = data.article_condition(f)
        q = data.store.query
        sub = f"SELECT a.id FROM articles a WHERE {cond}"  # noqa: S608
        out: dict[str, int | None] = {}
        out["articles"] = int(q(f"SELECT COUNT(*) AS n FROM articles a WHERE {cond}", params)[0]["n"])  # noqa: S608
        out["outlets"] = int(q(f"SELECT COUNT(DISTINCT a.outlet) AS n FROM articles a WHERE {cond}", params)[0]["n"])  # noqa: S608
        plain = not f.active()
        kinds = {
            # Filtered, entities are not counted (distinct entities over every mention of
            # thousands of articles is the slowest count of all): the count shows "–".
            "entities": ("SELECT COUNT(*) AS n FROM entities", ""),
            "claims": ("SELECT COUNT(*) AS n FROM claims", f"SELECT COUNT(*) AS n FROM claims WHERE article_id IN ({sub})"),
            "events": ("SELECT COUNT(*) AS n FROM events", f"SELECT COUNT(*) AS n FROM events WHERE article_id IN ({sub})"),
            "reuse": (
                "SELECT COUNT(*) AS n FROM reuse_pairs WHERE same_outlet = 0",
                f"SELECT COUNT(*) AS n FROM reuse_pairs WHERE same_outlet = 0 AND (article_a IN ({sub}) OR article_b IN ({sub}))",
            ),
            "stories": ("SELECT COUNT(*) AS n FROM stories", f"SELECT COUNT(DISTINCT story_id) AS n FROM story_articles WHERE article_id IN ({sub})"),
        }
        for kind, (all_sql, some_sql) in kinds.items():
            if not data.available(kind) or (not plain and not some_sql):
                out[kind] = None
            elif plain:
                out[kind] = int(q(all_sql)[0]["n"])
            else:
                n_params = params * some_sql.count(sub)
                out[kind] = int(q(some_sql, n_params)[0]["n"])
        return out

    return data.memo(("overview-counts", f.query()), compute, pinned=not f.active())


def articles_per_month(data: WebData, f: Filters) -> dict[str, Counter[str]]:
    """outlet -> month -> articles, the ``CHART_OUTLETS`` biggest outlets by name, the rest
    together as "other outlets"."""

    def compute() -> dict[str, Counter[str]]:
        summary = data.entity_summary(f)
        rows = [{"outlet": o, "month": m, "n": n} for o, m, n in summary[1]["per_month"]] if summary else _months(data, f)
        totals: Counter[str] = Counter()
        for r in rows:
            totals[r["outlet"]] += int(r["n"])
        named = {o for o, _ in totals.most_common(CHART_OUTLETS)}
        series: dict[str, Counter[str]] = defaultdict(Counter)
        for r in rows:
            series[r["outlet"] if r["outlet"] in named else "(other outlets)"][r["month"]] += int(r["n"])
        return dict(series)

    return data.memo(("per-month", f.query()), compute, pinned=not f.active())


def _months(data: WebData, f: Filters) -> list[dict[str, Any]]:
    cond, params = data.article_condition(f)
    return data.store.query(
        f"SELECT COALESCE(a.outlet, '(unknown outlet)') AS outlet, substr(a.published, 1, 7) AS month, "  # noqa: S608
        f"COUNT(*) AS n FROM articles a WHERE {cond} AND a.published IS NOT NULL AND length(a.published) >= 7 "
        "GROUP BY COALESCE(a.outlet, '(unknown outlet)'), substr(a.published, 1, 7) ORDER BY 1, 2",
        params,
    )


def top_entities(data: WebData, f: Filters, n: int = TOP) -> list[dict[str, Any]]:
    if not data.available("entities"):
        return []
    if not f.active():
        return data.store.query(
            "SELECT id, name, type, mention_count FROM entities ORDER BY mention_count DESC, id LIMIT ?", [n]
        )
    summary = data.entity_summary(f)

    def compute() -> list[dict[str, Any]]:
        # Counted in the latest FILTERED_ARTICLES articles that pass (the page says so).
        params: list[Any]
        if summary is not None:
            cond, params = in_list("article_id", summary[1]["recent_articles"])
        else:
            fcond, fparams = data.article_condition(f)
            cond = (
                f"article_id IN (SELECT a.id FROM articles a WHERE {fcond} "  # noqa: S608
                "ORDER BY COALESCE(a.published, '') DESC, a.id LIMIT ?)"
            )
            params = [*fparams, FILTERED_ARTICLES]
        return data.store.query(
            "SELECT e.id, e.name, e.type, t.n AS mention_count FROM ("
            f"  SELECT entity_id AS id, CAST(SUM(mentions) AS INTEGER) AS n FROM article_entities WHERE {cond} "  # noqa: S608
            "  GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?) t JOIN entities e ON e.id = t.id "
            "ORDER BY t.n DESC, e.name, e.id",
            [*params, n],
        )

    return data.memo(("top-entities", f.query(), str(n)), compute)


def top_stories(data: WebData, f: Filters, n: int = TOP) -> list[dict[str, Any]]:
    if not data.available("stories"):
        return []
    from newstrace.web.queries.stories import list_stories

    return list_stories(data, f, limit=n).items


def latest_events(data: WebData, f: Filters, n: int = TOP) -> list[dict[str, Any]]:
    if not data.available("events"):
        return []
    summary = data.entity_summary(f)
    # The summary keeps the latest TOP (all of them when there are fewer).
    stored: list[str] = summary[1]["latest_events"] if summary is not None else []
    if summary is not None and (n <= len(stored) or len(stored) < TOP):
        cond, params = in_list("e.id", stored)
        return event_rows(data, cond, params, "e.date DESC, e.id", limit=n)
    cond, params = data.article_condition(f)
    return event_rows(data, f"e.date IS NOT NULL AND {cond}", params, "e.date DESC, e.id", limit=n)
