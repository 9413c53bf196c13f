"""Claims: statements across outlets (one row per statement, its carriers in time order),
their facets and export, and the claims by and about one entity.

Lists, filters and counts read ``claim_index`` (one narrow row per claim: statement,
resolved speaker, kind, outlet, date) and ``claim_about``; the claims and articles
themselves are read only for the rows a page shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newstrace.search.syntax import Query, describe
from newstrace.store.base import in_list
from newstrace.web.data import Filters, WebData
from newstrace.web.paging import BadParameter, Page, SortKey, keyset_page
from newstrace.web.queries.search import histogram

KINDS = ("direct", "indirect", "mixed")
MEMBERS_SHOWN = 10  # carriers listed per statement (the rest: "and N more", all in the export)
FACET_SIZE = 15
CARRIERS = "COUNT(DISTINCT COALESCE(ci.outlet, ci.article_id))"
# Sorts of the statement list, over claim_statements (s) or over grouped claim_index rows.
SORTS = {
    "outlets": (
        [SortKey("s.n_outlets", True), SortKey("s.n_articles", True), SortKey("s.statement_key")],
        [SortKey(CARRIERS, True), SortKey("COUNT(DISTINCT ci.article_id)", True), SortKey("ci.statement_key")],
    ),
    "newest": (
        [SortKey("COALESCE(s.first_published, '')", True), SortKey("s.statement_key")],
        [SortKey("COALESCE(MIN(NULLIF(ci.published, '')), '')", True), SortKey("ci.statement_key")],
    ),
    "oldest": (
        [SortKey("COALESCE(s.first_published, '9999')"), SortKey("s.statement_key")],
        [SortKey("COALESCE(MIN(NULLIF(ci.published, '')), '9999')"), SortKey("ci.statement_key")],
    ),
}
_S_ALIAS = re.compile(r"\bs\.")
# A claim shown in a list: its text from claims, its article's title from articles.
CLAIM_COLUMNS = (
    "ci.claim_id AS id, ci.article_id AS article_id, ci.kind AS kind, c.speaker_text AS speaker_text, "
    "ci.speaker_id AS speaker_id, c.cue_text AS cue_text, c.content_text AS content_text, "
    "ci.statement_key AS statement_key, ci.outlet AS outlet, a.title AS title, ci.published AS published, "
    "a.source AS source"
)
CLAIM_FROM = "claim_index ci JOIN claims c ON c.id = ci.claim_id JOIN articles a ON a.id = ci.article_id"
# claim_index.published is '' for an undated article: it sorts last in time order.
PUB_LAST = "CASE WHEN ci.published = '' THEN '9999' ELSE ci.published END"


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
    return in_list("ci.speaker_id", data.entity_ids(ref))


def _condition(data: WebData, f: Filters, cf: ClaimFilters, query: Query | None) -> tuple[str, list[Any]]:
    cond, params = data.article_condition(f, "ci", "article_id")
    conds = [cond]
    if cf.kind:
        conds.append("ci.kind = ?")
        params.append(cf.kind)
    if cf.speaker:
        scond, sparams = _speaker_condition(data, cf.speaker)
        conds.append(scond)
        params += sparams
    if query is not None and not query.empty:
        match, mparams = data.store.match_condition(query, "s", table="claim_statements")
        conds.append(f"ci.statement_key IN (SELECT s.statement_key FROM claim_statements s WHERE {match})")
        params += mparams
    return " AND ".join(conds), params


def _filtered(f: Filters, cf: ClaimFilters, query: Query | None) -> bool:
    return f.active() or cf.active() or (query is not None and not query.empty)


def _query_key(query: Query | None) -> str:
    """The search query as part of a memo key ('' for none)."""
    return "" if query is None else describe(query.include) + "|" + "|".join(describe(n) for n in query.exclude)


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
    summary = None if cf.active() else data.entity_summary(f)
    if summary is not None:
        # One entity alone: its precomputed statement rows (web.summaries), in the same order.
        where: tuple[str, list[Any]] = ("es.entity_id = ?", [summary[0]])
        from_ = "entity_statements es"
        if query is not None and not query.empty:
            match = data.store.match_condition(query, "s", table="claim_statements")
            from_ += " JOIN claim_statements s ON s.statement_key = es.statement_key"
            where = (f"es.entity_id = ? AND {match[0]}", [summary[0], *match[1]])
        page = keyset_page(
            data.store, select="es.statement_key AS statement_key, es.n_outlets, es.n_articles, es.n_claims, es.first_published",
            from_=from_, where=where, keys=[SortKey(_S_ALIAS.sub("es.", k.expr), k.desc) for k in summary_keys],
            limit=limit, after=after, before=before,
        )
        page.items = _with_members(data, page.items)
        return page
    # A kind filter walks the statements in the index order of "outlets" only (in another
    # order it would test every statement before the first page is full).
    if not f.active() and not cf.speaker and (not cf.kind or sort == "outlets") and _has_statements(data):
        # The precomputed statements, walked in their sort's index order; a kind keeps the
        # statements with a claim of that kind (counted whole, as their carriers are shown).
        where = ("1=1", [])
        if query is not None and not query.empty:
            where = data.store.match_condition(query, "s", table="claim_statements")
        match = where
        if cf.kind:
            # "|| ''" keeps SQLite's planner on the statement index (by kind it would read
            # every claim of that kind for each statement).
            where = (
                f"({where[0]}) AND EXISTS (SELECT 1 FROM claim_index ci WHERE ci.statement_key = s.statement_key "
                "AND ci.kind || '' = ?)",
                [*where[1], cf.kind],
            )
        page = keyset_page(
            data.store, select="s.statement_key AS statement_key, s.n_outlets, s.n_articles, s.n_claims, s.first_published",
            from_="claim_statements s", where=where, keys=summary_keys, limit=limit, after=after, before=before,
            count=not cf.kind,
        )
        if cf.kind:
            page.total = _statements_of_kind(data, cf.kind, match, query)
    else:
        page = keyset_page(
            data.store,
            select=f"ci.statement_key AS statement_key, {CARRIERS} AS n_outlets, COUNT(DISTINCT ci.article_id) AS n_articles, "
            "COUNT(*) AS n_claims, MIN(NULLIF(ci.published, '')) AS first_published",
            from_="claim_index ci", where=_condition(data, f, cf, query), group_by="ci.statement_key",
            keys=grouped_keys, limit=limit, after=after, before=before,
        )
    page.items = _with_members(data, page.items)
    return page


def _statements_of_kind(data: WebData, kind: str, match: tuple[str, list[Any]], query: Query | None) -> int:
    """How many statements have a claim of ``kind`` (and match the query): counted on the
    kind index, once per data version."""

    def compute() -> int:
        sql = "SELECT COUNT(DISTINCT ci.statement_key) AS n FROM claim_index ci WHERE ci.kind = ?"
        params: list[Any] = [kind]
        if match[0] != "1=1":
            sql += f" AND ci.statement_key IN (SELECT s.statement_key FROM claim_statements s WHERE {match[0]})"
            params += match[1]
        return int(data.store.query(sql, params)[0]["n"])

    return data.memo(("statements-of-kind", kind, _query_key(query)), compute, pinned=match[0] == "1=1")


def _with_members(data: WebData, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each statement's first ``MEMBERS_SHOWN`` carriers in time order."""
    keys = [r["statement_key"] for r in rows]
    if not keys:
        return rows
    marks = ", ".join("?" for _ in keys)
    members: dict[str, list[dict[str, Any]]] = {}
    for m in data.store.query(
        # Numbered on the narrow index first; claims and articles are read for the shown rows only.
        f"SELECT {CLAIM_COLUMNS}, t.rn AS rn FROM (SELECT ci.claim_id AS cid, ROW_NUMBER() OVER (PARTITION BY "
        f"ci.statement_key ORDER BY {PUB_LAST}, COALESCE(ci.outlet, '~'), ci.claim_id) AS rn FROM claim_index ci "
        f"WHERE ci.statement_key IN ({marks})) t JOIN claim_index ci ON ci.claim_id = t.cid "
        "JOIN claims c ON c.id = ci.claim_id JOIN articles a ON a.id = ci.article_id WHERE t.rn <= ? "
        "ORDER BY ci.statement_key, t.rn",
        [*keys, MEMBERS_SHOWN],
    ):
        members.setdefault(m["statement_key"], []).append(m)
    names = data.entity_names([m["speaker_id"] for ms in members.values() for m in ms])
    for r in rows:
        ms = members.get(r["statement_key"], [])
        first = ms[0]["published"] if ms and ms[0]["published"] else None
        for m in ms:
            m["speaker_name"] = names.get(m["speaker_id"] or "")
            m["first"] = first is not None and m["published"] == first
        r["members"] = ms
        r["more"] = max(0, int(r["n_claims"]) - len(ms))
        r["text"] = ms[0]["content_text"] if ms else ""
        r["speakers"] = sorted({(m["speaker_id"] or "", m["speaker_name"] or m["speaker_text"] or "") for m in ms if m["speaker_text"]})
        r["outlets"] = list(dict.fromkeys(m["outlet"] or "(unknown outlet)" for m in ms))
    return rows


def facets(data: WebData, f: Filters, cf: ClaimFilters, query: Query | None) -> dict[str, list[dict[str, Any]]]:
    """Claim counts by speaker, outlet, outlet kind, kind and month over the filtered claims."""

    def compute() -> dict[str, list[dict[str, Any]]]:
        summary = None if cf.active() or (query is not None and not query.empty) else data.entity_summary(f)
        if summary is not None:
            counts: dict[str, Counter[str]] = {}
            for r in data.store.query("SELECT facet, value, n FROM entity_claim_facets WHERE entity_id = ?", [summary[0]]):
                counts.setdefault(r["facet"], Counter())[r["value"]] = int(r["n"])
            # Speakers are stored as the claims stage wrote them: counted under the entity
            # they are part of now (a merged-away id under its survivor).
            written = counts.get("speaker", Counter())
            current = data.canonical(list(written))
            by_speaker: Counter[str] = Counter()
            for speaker, n in written.items():
                by_speaker[current.get(speaker, speaker)] += n
            speakers = [{"value": v, "n": n} for v, n in sorted(by_speaker.items(), key=lambda kv: (-kv[1], kv[0]))]
            return _facets_out(
                data, speakers[:FACET_SIZE], counts.get("outlet", Counter()), counts.get("outlet_id", Counter()),
                counts.get("kind", Counter()), counts.get("month", Counter()),
            )
        cond, params = _condition(data, f, cf, query)
        # The top speakers counted and cut in SQL; then outlet, outlet kind, kind and month.
        speakers = data.store.query(
            f"SELECT ci.speaker_id AS value, COUNT(*) AS n FROM claim_index ci WHERE {cond} AND ci.speaker_id IS NOT NULL "
            "GROUP BY ci.speaker_id ORDER BY n DESC, value LIMIT ?",
            [*params, FACET_SIZE],
        )
        outlets: Counter[str] = Counter()
        outlet_ids: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        months: Counter[str] = Counter()
        if f.active() or cf.speaker or (query is not None and not query.empty):
            # A narrow filter: the three counts in one pass over its claims (three scans of the
            # same rows cost three times as much).
            grouped = ["ci.outlet", "ci.outlet_id", "ci.kind", "substr(ci.published, 1, 7)"]
        else:
            # The whole corpus (or one kind): each count on its own scan, the outlet's in its
            # index order (grouped together they would sort every claim).
            grouped = []
        for group in ([grouped] if grouped else [["ci.outlet", "ci.outlet_id"], ["ci.kind"], ["substr(ci.published, 1, 7)"]]):
            names = {"ci.outlet": "outlet", "ci.outlet_id": "outlet_id", "ci.kind": "kind", "substr(ci.published, 1, 7)": "month"}
            select = ", ".join(f"{g} AS {names[g]}" for g in group)
            for r in data.store.query(
                f"SELECT {select}, COUNT(*) AS n FROM claim_index ci WHERE {cond} GROUP BY {', '.join(group)}", params
            ):
                n = int(r["n"])
                if r.get("outlet"):
                    outlets[r["outlet"]] += n
                if r.get("outlet_id"):
                    outlet_ids[r["outlet_id"]] += n
                if "kind" in r:
                    kinds[r["kind"]] += n
                if r.get("month"):
                    months[r["month"]] += n
        return _facets_out(data, speakers, outlets, outlet_ids, kinds, months)

    return data.memo(
        ("claim-facets", f.query(), cf.speaker or "", cf.kind or "", _query_key(query)), compute,
        pinned=not (f.active() or cf.speaker or (query is not None and not query.empty)),  # the corpus, or one kind
    )


def _facets_out(
    data: WebData, speakers: list[dict[str, Any]], outlets: Counter[str], outlet_ids: Counter[str], kinds: Counter[str],
    months: Counter[str],
) -> dict[str, list[dict[str, Any]]]:
    """The facets as the page shows them, from claim counts by speaker (the top ones),
    outlet, outlet id, kind and month."""

    def ranked(counts: Counter[str]) -> list[dict[str, Any]]:
        return [{"value": k, "n": n} for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    names = data.entity_names([s["value"] for s in speakers])
    outlet_kinds: Counter[str] = Counter()
    kind_of = data.outlet_kinds()
    for outlet_id, n in outlet_ids.items():
        if kind_of.get(outlet_id):
            outlet_kinds[kind_of[outlet_id]] += n
    return {
        "speaker": [dict(s, label=names.get(s["value"], s["value"])) for s in speakers],
        "outlet": ranked(outlets)[:FACET_SIZE],
        "outlet_kind": ranked(outlet_kinds),
        "kind": ranked(kinds),
        "date": histogram([{"value": m, "n": n} for m, n in sorted(months.items())]),
    }


EXPORT_FIELDS = [
    "statement_key", "first_publisher", "claim_id", "article_id", "outlet", "published", "title", "kind",
    "speaker", "speaker_entity_id", "cue", "content",
]


def export_rows(data: WebData, f: Filters, cf: ClaimFilters, query: Query | None, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every claim of the filtered statements (all their carriers, as the page shows them),
    statement by statement, in time order."""
    cond, params = _condition(data, f, cf, query)
    if _filtered(f, cf, query):
        cond = f"ci.statement_key IN (SELECT ci.statement_key FROM claim_index ci WHERE {cond})"
    last: list[Any] | None = None
    first_seen: dict[str, str] = {}
    pub = PUB_LAST
    while True:
        extra, eparams = "", []
        if last is not None:
            extra = (
                f" AND (ci.statement_key > ? OR (ci.statement_key = ? AND {pub} > ?) OR "
                f"(ci.statement_key = ? AND {pub} = ? AND ci.claim_id > ?))"
            )
            eparams = [last[0], last[0], last[1], last[0], last[1], last[2]]
        rows = data.store.query(
            f"SELECT {CLAIM_COLUMNS}, {pub} AS pub_key FROM {CLAIM_FROM} WHERE {cond}{extra} "
            f"ORDER BY ci.statement_key, {pub}, ci.claim_id LIMIT ?",
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
def claims_by(data: WebData, entity_id: str, *, after: str | None = None, before: str | None = None, limit: int = 20) -> Page:
    cond, params = _speaker_condition(data, entity_id)
    return keyset_page(
        data.store, select=CLAIM_COLUMNS, from_=CLAIM_FROM, where=(cond, params), count_from="claim_index ci",
        keys=[SortKey("ci.published", True), SortKey("ci.claim_id", True)], limit=limit, after=after, before=before,
    )


def claims_about(data: WebData, entity_id: str, *, after: str | None = None, before: str | None = None, limit: int = 20) -> Page:
    """Claims whose content names the entity (a mention inside it), by someone else."""
    page = keyset_page(
        data.store, select=CLAIM_COLUMNS,
        from_="claim_about ab JOIN claim_index ci ON ci.claim_id = ab.claim_id JOIN claims c ON c.id = ci.claim_id "
        "JOIN articles a ON a.id = ci.article_id",
        where=("ab.entity_id = ?", [entity_id]), count_from="claim_about ab",
        keys=[SortKey("ab.published", True), SortKey("ab.claim_id", True)], limit=limit, after=after, before=before,
    )
    names = data.entity_names([c["speaker_id"] for c in page.items])
    for c in page.items:
        c["speaker_name"] = names.get(c["speaker_id"] or "")
    return page


# -- what one speaker said across outlets ------------------------------------------------------
SPEAKER_STATEMENTS = 8  # the speaker's statements shown on the entity page, most carried first
SPEAKER_OUTLETS = 10


def speaker_summary(data: WebData, entity_id: str) -> dict[str, Any]:
    """What ``entity_id`` said across outlets, over its claims alone (``claim_index`` by
    resolved speaker): totals (claims, distinct statements, statements carried by two or
    more outlets, articles, outlets, first and last date), claims by kind and by outlet,
    and its statements most carried first, each with its carriers in time order (the
    speaker's claims of that statement only; the first publisher marked)."""

    def compute() -> dict[str, Any]:
        cond, params = _speaker_condition(data, entity_id)
        q = data.store.query
        totals = q(
            f"SELECT COUNT(*) AS claims, COUNT(DISTINCT ci.statement_key) AS statements, "
            f"COUNT(DISTINCT ci.article_id) AS articles, COUNT(DISTINCT ci.outlet) AS outlets, "
            f"MIN(NULLIF(ci.published, '')) AS first, MAX(NULLIF(ci.published, '')) AS last "
            f"FROM claim_index ci WHERE {cond}",  # noqa: S608 - conditions built from code, values bound
            params,
        )[0]
        out: dict[str, Any] = {k: totals[k] for k in ("first", "last")}
        out.update({k: int(totals[k] or 0) for k in ("claims", "statements", "articles", "outlets")})
        if not out["claims"]:
            return {**out, "kinds": [], "by_outlet": [], "top": [], "shared": 0}
        out["kinds"] = q(
            f"SELECT ci.kind AS kind, COUNT(*) AS n FROM claim_index ci WHERE {cond} GROUP BY ci.kind ORDER BY n DESC, kind",  # noqa: S608
            params,
        )
        out["by_outlet"] = q(
            f"SELECT COALESCE(ci.outlet, '(unknown outlet)') AS outlet, COUNT(*) AS claims, "
            f"COUNT(DISTINCT ci.statement_key) AS statements FROM claim_index ci WHERE {cond} "  # noqa: S608
            "GROUP BY COALESCE(ci.outlet, '(unknown outlet)') ORDER BY claims DESC, outlet LIMIT ?",
            [*params, SPEAKER_OUTLETS],
        )
        grouped = (
            f"SELECT ci.statement_key AS statement_key, COUNT(*) AS n_claims, {CARRIERS} AS n_outlets, "
            "COUNT(DISTINCT ci.article_id) AS n_articles, MIN(NULLIF(ci.published, '')) AS first_published "
            f"FROM claim_index ci WHERE {cond} GROUP BY ci.statement_key"
        )
        out["shared"] = int(q(f"SELECT COUNT(*) AS n FROM ({grouped}) g WHERE g.n_outlets >= 2", params)[0]["n"])  # noqa: S608
        top = q(
            f"SELECT * FROM ({grouped}) g ORDER BY g.n_outlets DESC, g.n_articles DESC, g.statement_key LIMIT ?",  # noqa: S608
            [*params, SPEAKER_STATEMENTS],
        )
        for s in top:
            members = q(
                f"SELECT {CLAIM_COLUMNS} FROM {CLAIM_FROM} WHERE ci.statement_key = ? AND {cond} "  # noqa: S608
                f"ORDER BY {PUB_LAST}, COALESCE(ci.outlet, '~'), ci.claim_id LIMIT ?",
                [s["statement_key"], *params, MEMBERS_SHOWN],
            )
            first = members[0]["published"] if members and members[0]["published"] else None
            for m in members:
                m["first"] = first is not None and m["published"] == first
            s["members"] = members
            s["more"] = max(0, int(s["n_claims"]) - len(members))
            s["text"] = members[0]["content_text"] if members else ""
        out["top"] = top
        return out

    return data.memo(("speaker-summary", entity_id), compute)
