"""Claims: statements across outlets (one row per statement, its carriers in time order),
their facets and export, and the claims by and about one entity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newstrace.search.syntax import Query, describe
from newstrace.web.data import Filters, WebData
from newstrace.web.paging import BadParameter, Page, SortKey, keyset_page

KINDS = ("direct", "indirect", "mixed")
MEMBERS_SHOWN = 30
FACET_SIZE = 15
STATEMENT = "COALESCE(c.statement_key, c.id)"
SPEAKER = "COALESCE(r.to_id, c.speaker_entity_id)"
CLAIMS_FROM = (
    "claims c JOIN articles a ON a.id = c.article_id LEFT JOIN entity_redirects r ON r.from_id = c.speaker_entity_id"
)
# Sorts of the statement list, over claim_statements (s) or over grouped claims.
SORTS = {
    "outlets": (
        [SortKey("s.n_outlets", True), SortKey("s.n_articles", True), SortKey("s.statement_key")],
        [SortKey("COUNT(DISTINCT COALESCE(a.outlet, a.id))", True), SortKey("COUNT(DISTINCT c.article_id)", True),
         SortKey(STATEMENT)],
    ),
    "newest": (
        [SortKey("COALESCE(s.first_published, '')", True), SortKey("s.statement_key")],
        [SortKey("COALESCE(MIN(a.published), '')", True), SortKey(STATEMENT)],
    ),
    "oldest": (
        [SortKey("COALESCE(s.first_published, '9999')"), SortKey("s.statement_key")],
        [SortKey("COALESCE(MIN(a.published), '9999')"), SortKey(STATEMENT)],
    ),
}


@dataclass(slots=True)
class ClaimFilters:
    speaker: str | None = None  # entity id or name
    kind: str | None = None

    @classmethod
    def from_params(cls, params: dict[str, str]) -> ClaimFilters:
        speaker = " ".join((params.get("speaker") or "").split())[:200] or None
        kind = (params.get("kind") or "").strip() or None
        if kind and kind not in KINDS:
            raise BadParameter(f"kind must be one of {', '.join(KINDS)}.")
        return cls(speaker, kind)

    def params(self) -> dict[str, str]:
        return {k: v for k, v in (("speaker", self.speaker), ("kind", self.kind)) if v}

    def active(self) -> bool:
        return bool(self.speaker or self.kind)


def _speaker_condition(data: WebData, ref: str) -> tuple[str, list[Any]]:
    ids = data.entity_ids(ref) or ["\x00no such entity"]
    marks = ", ".join("?" for _ in ids)
    return f"{SPEAKER} IN ({marks})", list(ids)


def _claim_condition(data: WebData, f: Filters, cf: ClaimFilters, query: Query | None) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    acond, aparams = data.article_condition(f)
    conds.append(acond)
    params += aparams
    if cf.kind:
        conds.append("c.kind = ?")
        params.append(cf.kind)
    if cf.speaker:
        scond, sparams = _speaker_condition(data, cf.speaker)
        conds.append(scond)
        params += sparams
    if query is not None and not query.empty:
        match, mparams = data.store.match_condition(query, "s", table="claim_statements")
        conds.append(f"c.statement_key IN (SELECT s.statement_key FROM claim_statements s WHERE {match})")
        params += mparams
    return " AND ".join(conds), params


def _has_statements(data: WebData) -> bool:
    return data.memo(("has-statements",), lambda: bool(data.store.query("SELECT 1 FROM claim_statements LIMIT 1")))


def statements(
    data: WebData, f: Filters, cf: ClaimFilters, query: Query | None, *, sort: str = "outlets",
    after: str | None = None, before: str | None = None, limit: int = 25,
) -> Page:
    """One page of statements, each with its claims (outlet, date, speaker) in time order."""
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}.")
    summary_keys, grouped_keys = SORTS[sort]
    if not f.active() and not cf.active() and _has_statements(data):
        where: tuple[str, list[Any]] = ("1=1", [])
        if query is not None and not query.empty:
            where = data.store.match_condition(query, "s", table="claim_statements")
        page = keyset_page(
            data.store, select="s.statement_key AS statement_key, s.n_outlets, s.n_articles, s.n_claims, s.first_published",
            from_="claim_statements s", where=where, keys=summary_keys, limit=limit, after=after, before=before,
        )
    else:
        page = keyset_page(
            data.store,
            select=f"{STATEMENT} AS statement_key, COUNT(DISTINCT COALESCE(a.outlet, a.id)) AS n_outlets, "
            "COUNT(DISTINCT c.article_id) AS n_articles, COUNT(*) AS n_claims, MIN(a.published) AS first_published",
            from_=CLAIMS_FROM, where=_claim_condition(data, f, cf, query), group_by=STATEMENT,
            keys=grouped_keys, limit=limit, after=after, before=before,
        )
    page.items = _with_members(data, page.items)
    return page


def _with_members(data: WebData, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = [r["statement_key"] for r in rows]
    if not keys:
        return rows
    marks = ", ".join("?" for _ in keys)
    members: dict[str, list[dict[str, Any]]] = {}
    for m in data.store.query(
        f"SELECT {STATEMENT} AS statement_key, c.id, c.article_id, c.kind, c.speaker_text, {SPEAKER} AS speaker_id, "  # noqa: S608
        "c.cue_text, c.content_text, a.outlet, a.title, a.published, a.source FROM "
        f"{CLAIMS_FROM} WHERE c.statement_key IN ({marks}) OR (c.statement_key IS NULL AND c.id IN ({marks})) "
        "ORDER BY COALESCE(a.published, '9999'), COALESCE(a.outlet, '~'), c.id",
        [*keys, *keys],
    ):
        members.setdefault(m["statement_key"], []).append(m)
    names = data.entity_names([m["speaker_id"] for ms in members.values() for m in ms])
    for r in rows:
        ms = members.get(r["statement_key"], [])
        first = ms[0]["published"] if ms and ms[0]["published"] else None
        for m in ms:
            m["speaker_name"] = names.get(m["speaker_id"] or "")
            m["first"] = first is not None and m["published"] == first
        r["members"] = ms[:MEMBERS_SHOWN]
        r["more"] = max(0, len(ms) - MEMBERS_SHOWN)
        r["text"] = ms[0]["content_text"] if ms else ""
        r["speakers"] = sorted({(m["speaker_id"] or "", m["speaker_name"] or m["speaker_text"] or "") for m in ms if m["speaker_text"]})
        r["outlets"] = list(dict.fromkeys(m["outlet"] or "(unknown outlet)" for m in ms))
    return rows


def facets(data: WebData, f: Filters, cf: ClaimFilters, query: Query | None) -> dict[str, list[dict[str, Any]]]:
    """Claim counts by speaker, outlet, kind and month (or year) over the filtered claims."""

    def compute() -> dict[str, list[dict[str, Any]]]:
        cond, params = _claim_condition(data, f, cf, query)
        q = data.store.query
        out: dict[str, list[dict[str, Any]]] = {}
        speakers = q(
            f"SELECT {SPEAKER} AS value, COUNT(*) AS n FROM {CLAIMS_FROM} WHERE {cond} "  # noqa: S608
            f"AND c.speaker_entity_id IS NOT NULL GROUP BY {SPEAKER} ORDER BY n DESC, value LIMIT ?",
            [*params, FACET_SIZE],
        )
        names = data.entity_names([s["value"] for s in speakers])
        out["speaker"] = [dict(s, label=names.get(s["value"], s["value"])) for s in speakers]
        out["outlet"] = q(
            f"SELECT a.outlet AS value, COUNT(*) AS n FROM {CLAIMS_FROM} WHERE {cond} AND a.outlet IS NOT NULL "  # noqa: S608
            "GROUP BY a.outlet ORDER BY n DESC, value LIMIT ?",
            [*params, FACET_SIZE],
        )
        out["outlet_kind"] = q(
            f"SELECT o.kind AS value, COUNT(*) AS n FROM {CLAIMS_FROM} JOIN outlets o ON o.id = a.outlet_id "  # noqa: S608
            f"WHERE {cond} AND o.kind IS NOT NULL GROUP BY o.kind ORDER BY n DESC, value",
            params,
        )
        out["kind"] = q(
            f"SELECT c.kind AS value, COUNT(*) AS n FROM {CLAIMS_FROM} WHERE {cond} GROUP BY c.kind ORDER BY n DESC",  # noqa: S608
            params,
        )
        from newstrace.web.queries.search import _histogram

        out["date"] = _histogram(q(
            f"SELECT substr(a.published, 1, 7) AS value, COUNT(*) AS n FROM {CLAIMS_FROM} WHERE {cond} "  # noqa: S608
            "AND a.published IS NOT NULL GROUP BY substr(a.published, 1, 7) ORDER BY value",
            params,
        ))
        return out

    qkey = "" if query is None else describe(query.include) + "|" + "|".join(describe(n) for n in query.exclude)
    return data.memo(("claim-facets", f.query(), cf.speaker or "", cf.kind or "", qkey), compute)


EXPORT_FIELDS = [
    "statement_key", "first_publisher", "claim_id", "article_id", "outlet", "published", "title", "kind",
    "speaker", "speaker_entity_id", "cue", "content",
]


def export_rows(data: WebData, f: Filters, cf: ClaimFilters, query: Query | None, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every claim of the filtered statements (all their carriers, as the page shows them),
    statement by statement, in time order."""
    cond, params = _claim_condition(data, f, cf, query)
    if f.active() or cf.active() or (query is not None and not query.empty):
        cond = f"{STATEMENT} IN (SELECT {STATEMENT} FROM {CLAIMS_FROM} WHERE {cond})"
    last: list[Any] | None = None
    first_seen: dict[str, str] = {}
    while True:
        extra, eparams = "", []
        if last is not None:
            extra = (
                f" AND ({STATEMENT} > ? OR ({STATEMENT} = ? AND COALESCE(a.published, '9999') > ?) OR "
                f"({STATEMENT} = ? AND COALESCE(a.published, '9999') = ? AND c.id > ?))"
            )
            eparams = [last[0], last[0], last[1], last[0], last[1], last[2]]
        rows = data.store.query(
            f"SELECT {STATEMENT} AS statement_key, c.id, c.article_id, c.kind, c.speaker_text, {SPEAKER} AS speaker_id, "  # noqa: S608
            f"c.cue_text, c.content_text, a.outlet, a.title, a.published, COALESCE(a.published, '9999') AS pub_key "
            f"FROM {CLAIMS_FROM} WHERE {cond}{extra} "
            f"ORDER BY {STATEMENT}, COALESCE(a.published, '9999'), c.id LIMIT ?",
            [*params, *eparams, batch],
        )
        for r in rows:
            first = first_seen.setdefault(r["statement_key"], r["published"] or "")
            yield {
                "statement_key": r["statement_key"], "first_publisher": bool(first) and r["published"] == first,
                "claim_id": r["id"], "article_id": r["article_id"], "outlet": r["outlet"], "published": r["published"],
                "title": r["title"], "kind": r["kind"], "speaker": r["speaker_text"], "speaker_entity_id": r["speaker_id"],
                "cue": r["cue_text"], "content": r["content_text"],
            }
        if len(rows) < batch:
            return
        t = rows[-1]
        last = [t["statement_key"], t["pub_key"], t["id"]]


# -- one entity's claims -----------------------------------------------------------------------
CLAIM_COLUMNS = (
    "c.id AS id, c.article_id AS article_id, c.kind AS kind, c.speaker_text AS speaker_text, "
    f"{SPEAKER} AS speaker_id, c.cue_text AS cue_text, c.content_text AS content_text, "
    "COALESCE(c.statement_key, c.id) AS statement_key, a.outlet AS outlet, a.title AS title, "
    "a.published AS published, a.source AS source"
)
BY_DATE = [SortKey("COALESCE(a.published, '')", True), SortKey("c.id")]


def claims_by(data: WebData, entity_id: str, *, after: str | None = None, before: str | None = None, limit: int = 20) -> Page:
    cond, params = _speaker_condition(data, entity_id)
    return keyset_page(
        data.store, select=CLAIM_COLUMNS, from_=CLAIMS_FROM, where=(cond, params), keys=BY_DATE,
        limit=limit, after=after, before=before,
    )


def claims_about(data: WebData, entity_id: str, *, after: str | None = None, before: str | None = None, limit: int = 20) -> Page:
    """Claims whose content names the entity (a mention inside it), by someone else."""
    scond, sparams = _speaker_condition(data, entity_id)
    page = keyset_page(
        data.store, select=CLAIM_COLUMNS, from_=CLAIMS_FROM,
        where=(
            "c.article_id IN (SELECT article_id FROM mentions WHERE resolved_id = ?) AND "
            "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = c.article_id AND m.resolved_id = ? "
            f"AND m.start_char < c.content_end AND m.end_char > c.content_start) AND NOT ({scond} AND {SPEAKER} IS NOT NULL)",
            [entity_id, entity_id, *sparams],
        ),
        keys=BY_DATE, limit=limit, after=after, before=before,
    )
    names = data.entity_names([c["speaker_id"] for c in page.items])
    for c in page.items:
        c["speaker_name"] = names.get(c["speaker_id"] or "")
    return page
