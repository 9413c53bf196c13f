"""Events: the filtered list, groups whose outlets disagree on figures, one group, map points."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newstrace.web.data import MAX_POINTS, Filters, WebData
from newstrace.web.paging import BadParameter, Page, SortKey, keyset_page

MAX_FATALITIES = 10_000_000  # a larger minimum is a typo (and past SQLite's integers at 2**63)
# A month- or year-precision date sorts as the month or year ("2017-01"), not as its 1st.
DATE_KEY = (
    "COALESCE(CASE e.date_precision WHEN 'month' THEN substr(e.date, 1, 7) "
    "WHEN 'year' THEN substr(e.date, 1, 4) ELSE e.date END, '')"
)
SORTS = {
    "date": [SortKey(DATE_KEY)],
    "type": [SortKey("e.type"), SortKey("COALESCE(e.subtype, '')")],
    "place": [SortKey("COALESCE(e.country, '')")],
    "fatalities": [SortKey("COALESCE(e.fatalities, -1)")],
    "injured": [SortKey("COALESCE(e.injured, -1)")],
    "confidence": [SortKey("e.confidence")],
    "gate_score": [SortKey("COALESCE(e.gate_score, -1)")],
}
EVENT_COLUMNS = (
    "e.id, e.article_id, COALESCE(e.event_group, e.id) AS event_group, e.type, e.subtype, e.confidence, e.date, "
    "e.date_precision, e.location_json, e.country, e.actors_json, e.fatalities, e.fatalities_text, e.injured, "
    "e.injured_text, e.trigger_text, e.trigger_start, e.trigger_end, e.gate_score"
)


@dataclass(slots=True)
class EventFilters:
    """The events page's own filters (the corpus filters apply to the articles)."""

    type: str | None = None
    place: str | None = None
    happened_from: str | None = None
    happened_to: str | None = None
    min_confidence: float | None = None
    min_fatalities: int | None = None
    group: str | None = None  # one event group (its map)
    # The precision gate's score (events/gate.py): a higher bar keeps fewer, surer events
    # (docs/quality-events.md "Choosing precision"); events stored without a score drop out.
    min_gate_score: float | None = None

    KEYS = ("type", "place", "happened_from", "happened_to", "min_confidence", "min_fatalities", "group", "min_gate_score")

    @classmethod
    def from_params(cls, params: dict[str, str]) -> EventFilters:
        raw = {k: " ".join((params.get(k) or "").split())[:100] or None for k in cls.KEYS}
        out = cls(raw["type"], raw["place"], raw["happened_from"], raw["happened_to"], group=raw["group"])
        try:
            if raw["min_confidence"]:
                out.min_confidence = float(raw["min_confidence"])
            if raw["min_gate_score"]:
                out.min_gate_score = float(raw["min_gate_score"])
                if not 0 <= out.min_gate_score <= 1:
                    raise ValueError(out.min_gate_score)
            if raw["min_fatalities"]:
                out.min_fatalities = int(raw["min_fatalities"])
                if not 0 <= out.min_fatalities <= MAX_FATALITIES:
                    raise ValueError(out.min_fatalities)
        except ValueError:
            raise BadParameter(f"min_confidence and min_gate_score must be numbers (0-1) and min_fatalities a whole number from 0 to {MAX_FATALITIES:,}.") from None
        from newstrace.web.data import _is_date_prefix

        for key in ("happened_from", "happened_to"):
            value = getattr(out, key)
            if value and not _is_date_prefix(value):
                raise BadParameter(f"{key} must be a date: YYYY, YYYY-MM or YYYY-MM-DD (got {value!r}).")
        return out

    def params(self) -> dict[str, str]:
        return {k: str(v) for k in self.KEYS if (v := getattr(self, k)) is not None}

    def condition(self) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        if self.type:
            conds.append("e.type = ?")
            params.append(self.type)
        if self.place:
            # The country, or a place name inside the location record.
            conds.append("(e.country = ? OR e.location_json LIKE ? ESCAPE '\\')")
            params += [self.place, "%" + _like(json.dumps(self.place)[1:-1]) + "%"]
        if self.happened_from:
            conds.append(f"{DATE_KEY} >= ?")
            params.append(self.happened_from)
        if self.happened_to:
            conds.append(f"{DATE_KEY} <= ?")
            params.append(self.happened_to + "\uffff")
        if self.min_confidence is not None:
            conds.append("e.confidence >= ?")
            params.append(self.min_confidence)
        if self.min_gate_score is not None:
            conds.append("e.gate_score >= ?")
            params.append(self.min_gate_score)
        if self.min_fatalities is not None:
            conds.append("e.fatalities >= ?")
            params.append(self.min_fatalities)
        if self.group:
            conds.append("COALESCE(e.event_group, e.id) = ?")
            params.append(self.group)
        return (" AND ".join(conds) or "1=1"), params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(data: WebData, f: Filters, ef: EventFilters) -> tuple[str, list[Any]]:
    acond, aparams = data.article_condition(f)
    econd, eparams = ef.condition()
    return f"{econd} AND {acond}", [*eparams, *aparams]


def record(r: dict[str, Any]) -> dict[str, Any]:
    """An events row as the INTERFACE.md record (plus the article's outlet when joined)."""
    out = {
        "id": r["id"],
        "article_id": r["article_id"],
        "event_group": r["event_group"],
        "type": r["type"],
        "subtype": r["subtype"],
        "confidence": float(r["confidence"]),
        "date": r["date"],
        "date_precision": r["date_precision"],
        "location": json.loads(r["location_json"]) if r.get("location_json") else None,
        "actors": json.loads(r.get("actors_json") or "[]"),
        "fatalities": None if r["fatalities"] is None else {"value": int(r["fatalities"]), "text": r["fatalities_text"]},
        "injured": None if r["injured"] is None else {"value": int(r["injured"]), "text": r["injured_text"]},
        "trigger": {"text": r["trigger_text"], "start": int(r["trigger_start"]), "end": int(r["trigger_end"])},
        "gate_score": None if r.get("gate_score") is None else float(r["gate_score"]),
    }
    for extra in ("outlet", "title", "published", "source"):
        if extra in r:
            out[extra] = r[extra]
    return out


def event_rows(data: WebData, cond: str, params: Sequence[Any], order: str, limit: int = 10_000) -> list[dict[str, Any]]:
    rows = data.store.query(
        f"SELECT {EVENT_COLUMNS}, a.outlet, a.title, a.published, a.source FROM events e "  # noqa: S608
        f"JOIN articles a ON a.id = e.article_id WHERE {cond} ORDER BY {order} LIMIT ?",
        [*params, limit],
    )
    return [record(r) for r in rows]


def list_events(
    data: WebData, f: Filters, ef: EventFilters, *, sort: str = "date", descending: bool = True,
    after: str | None = None, before: str | None = None, limit: int = 50,
) -> Page:
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}.")
    keys = [SortKey(k.expr, desc=descending) for k in SORTS[sort]] + [SortKey("e.id", desc=descending)]
    page = keyset_page(
        data.store,
        select=f"{EVENT_COLUMNS}, a.outlet, a.title, a.published, a.source",
        from_="events e JOIN articles a ON a.id = e.article_id",
        where=_where(data, f, ef),
        keys=keys,
        limit=limit,
        after=after,
        before=before,
    )
    page.items = [record(r) for r in page.items]
    return page


def types(data: WebData) -> list[str]:
    return data.memo(("event-types",), lambda: [r["type"] for r in data.store.query("SELECT DISTINCT type FROM events ORDER BY type")])


def map_points(data: WebData, f: Filters, ef: EventFilters) -> dict[str, Any]:
    """Located event mentions (at most ``MAX_POINTS``, most confident first) for the map."""
    cond, params = _where(data, f, ef)
    rows = data.store.query(
        f"SELECT e.id, COALESCE(e.event_group, e.id) AS event_group, e.type, e.date, e.date_precision, "  # noqa: S608
        f"e.location_json, e.fatalities FROM events e JOIN articles a ON a.id = e.article_id "
        f"WHERE e.location_json IS NOT NULL AND {cond} ORDER BY e.confidence DESC, e.id LIMIT ?",
        [*params, MAX_POINTS + 1],
    )
    points = []
    for r in rows[:MAX_POINTS]:
        loc = json.loads(r["location_json"])
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        points.append({
            "lat": loc["lat"], "lon": loc["lon"], "group": r["event_group"], "type": r["type"],
            "place": loc.get("name") or "", "date": date_at(r["date"], r["date_precision"]),
            "fatalities": r["fatalities"],
        })
    return {"points": points, "truncated": len(rows) > MAX_POINTS}


def date_at(date: str | None, precision: str | None) -> str:
    """A date as precise as it is known: "2017-01" for a month, "2017" for a year."""
    if not date:
        return ""
    if precision == "month":
        return date[:7]
    if precision == "year":
        return date[:4]
    return date


# -- disagreements ---------------------------------------------------------------------------
RATIO = "MAX(e.{col}) * 1.0 / (CASE WHEN MIN(e.{col}) < 1 THEN 1 ELSE MIN(e.{col}) END)"


def disagreements(
    data: WebData, f: Filters, ef: EventFilters, *, figure: str = "fatalities",
    after: str | None = None, before: str | None = None, limit: int = 25,
) -> Page:
    """Event groups whose articles (from at least two outlets) give different figures,
    the largest max/min ratio first, with who said what."""
    if figure not in ("fatalities", "injured"):
        raise BadParameter("figure must be fatalities or injured.")
    cond, params = _where(data, f, ef)
    ratio = RATIO.format(col=figure)
    page = keyset_page(
        data.store,
        select=f"COALESCE(e.event_group, e.id) AS event_group, MIN(e.{figure}) AS low, MAX(e.{figure}) AS high, "
        f"{ratio} AS ratio, COUNT(DISTINCT e.article_id) AS articles, "
        "COUNT(DISTINCT COALESCE(a.outlet, a.id)) AS outlets, MIN(e.type) AS type, MIN(e.date) AS date",
        from_="events e JOIN articles a ON a.id = e.article_id",
        where=(f"e.{figure} IS NOT NULL AND {cond}", params),
        group_by="COALESCE(e.event_group, e.id)",
        having=f"COUNT(DISTINCT e.{figure}) > 1 AND COUNT(DISTINCT COALESCE(a.outlet, a.id)) > 1",
        keys=[SortKey(ratio, desc=True), SortKey("COALESCE(e.event_group, e.id)")],
        limit=limit,
        after=after,
        before=before,
    )
    groups = [g["event_group"] for g in page.items]
    said: dict[str, list[dict[str, Any]]] = {}
    if groups:
        marks = ", ".join("?" for _ in groups)
        for r in data.store.query(
            f"SELECT COALESCE(e.event_group, e.id) AS event_group, e.article_id, e.{figure} AS value, "  # noqa: S608
            f"e.{figure}_text AS text, a.outlet, a.title, a.published, a.source FROM events e "
            f"JOIN articles a ON a.id = e.article_id WHERE COALESCE(e.event_group, e.id) IN ({marks}) "
            f"AND e.{figure} IS NOT NULL ORDER BY e.{figure} DESC, a.outlet, e.article_id",
            groups,
        ):
            said.setdefault(r["event_group"], []).append(r)
    for g in page.items:
        g["said"] = said.get(g["event_group"], [])
        g["ratio"] = float(g["ratio"])
    return page


def group(data: WebData, group_id: str) -> list[dict[str, Any]]:
    return event_rows(
        data, "COALESCE(e.event_group, e.id) = ?", [group_id], "COALESCE(a.outlet, '~'), a.published, e.article_id"
    )
