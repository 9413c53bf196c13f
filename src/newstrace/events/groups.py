"""Cross-article dedup: mentions of the same event (same ACLED type, compatible place, dates
within a window, compatible actors) share an ``event_group``, so the events table counts
events rather than reports and each outlet's figures sit side by side.

Grouping is recomputed over all event mentions on each run (blocked by type and country, so
pairs are only compared inside a block); it is cheap next to the per-article stages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newstrace.entities.api import entity_id_for
from newstrace.events.data import load_yaml
from newstrace.ids import digest
from newstrace.problems import guard
from newstrace.stages import Progress
from newstrace.store.base import Store

DAY_WINDOW = 3  # reports of one event a few days apart (ACLED events are day-level)
GENERIC_KINDS = {"civilians"}


@dataclass(slots=True)
class _Row:
    id: str
    article_id: str
    type: str
    date: dt.date | None
    precision: str | None
    partial: str | None
    place: str | None
    place_precision: str | None
    admin1: str | None
    fatalities: int | None
    actor1: set[str]
    published: dt.date | None = None


@lru_cache(maxsize=1)
def _generic_ids() -> frozenset[str]:
    """Actors too generic to tell two events apart ("militants", "security forces")."""
    out = set()
    for canon, spec in load_yaml("actors.yaml").items():
        if spec["kind"] in GENERIC_KINDS or canon in ("Militants", "Security forces", "Military forces", "Police forces"):
            out.add(entity_id_for(canon, spec["type"]))
    return frozenset(out)


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _parse(r: dict[str, Any]) -> _Row:
    loc = json.loads(r["location_json"]) if r.get("location_json") else None
    actors = json.loads(r.get("actors_json") or "[]")
    d = _day(r.get("date"))
    return _Row(
        id=r["id"],
        article_id=r["article_id"],
        type=r["type"],
        date=d,
        precision=r.get("date_precision"),
        partial=r.get("date_partial"),
        place=loc["name"] if loc else None,
        place_precision=loc["precision"] if loc else None,
        admin1=loc.get("admin1") if loc else None,
        fatalities=r.get("fatalities"),
        actor1={a["entity_id"] for a in actors if a.get("role") == "actor1" and a.get("entity_id")} - _generic_ids(),
        published=_day(r.get("published")) if r.get("published_precision") == "day" else None,
    )


def _same_place(a: _Row, b: _Row) -> bool:
    if a.place is None or b.place is None:
        return False
    if a.place == b.place:
        return True
    # A town and the province it lies in (Parachinar / Kurram, both Khyber Pakhtunkhwa).
    towns = {a.place_precision, b.place_precision} == {"town", "region"}
    return towns and a.admin1 is not None and a.admin1 == b.admin1


def _dates_agree(a: _Row, b: _Row) -> bool | None:
    """True/False when both dates say something; None when there is nothing to compare."""
    if a.date and b.date:
        if a.precision == "day" and b.precision == "day":
            return abs((a.date - b.date).days) <= DAY_WINDOW
        if "year" in (a.precision, b.precision):
            return a.date.year == b.date.year
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    if a.partial and b.partial:
        return a.partial == b.partial
    if a.date is None and b.date is None and a.partial is None and b.partial is None and a.published and b.published:
        # Neither report dates the event: reports published within the window may match.
        return abs((a.published - b.published).days) <= DAY_WINDOW
    return None


def same_event(a: _Row, b: _Row) -> bool:
    if a.type != b.type or not _same_place(a, b):
        return False
    if a.actor1 and b.actor1 and not (a.actor1 & b.actor1):
        return False
    agree = _dates_agree(a, b)
    if agree is not None:
        return agree
    # No comparable dates: only identical non-zero death tolls tie two reports together.
    return a.fatalities is not None and a.fatalities > 0 and a.fatalities == b.fatalities


def _signature(r: _Row) -> tuple[Any, ...]:
    """Everything ``same_event`` reads: rows with one signature compare alike with any row."""
    return (r.type, r.place, r.place_precision, r.admin1, r.date, r.precision, r.partial, r.fatalities,
            frozenset(r.actor1), r.published)


def _candidates(rows: list[_Row]) -> Iterator[tuple[_Row, _Row]]:
    """Pairs of ``rows`` (one type, compatible places) that ``same_event`` may accept: every
    pair it accepts is among them, without comparing every pair. How ``_dates_agree`` can say
    yes: both dated (days within the window, the same year when one is dated to a year, the
    same month otherwise); not both dated and the same partial date; neither dated and
    published within the window; or nothing to compare (then at least one is undated) and
    the same death toll."""
    dated = [r for r in rows if r.date is not None]
    days = sorted((r for r in dated if r.precision == "day"), key=lambda r: r.date or dt.date.min)
    for i, a in enumerate(days):  # both dated to the day: a sliding window
        for b in days[i + 1 :]:
            if a.date is None or b.date is None or (b.date - a.date).days > DAY_WINDOW:
                break
            yield a, b
    by_year: dict[int, list[_Row]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[_Row]] = defaultdict(list)
    for r in dated:
        assert r.date is not None
        by_year[r.date.year].append(r)
        by_month[(r.date.year, r.date.month)].append(r)
    for r in dated:  # at least one not dated to the day: the same year or month
        assert r.date is not None
        if r.precision == "year":
            yield from ((r, b) for b in by_year[r.date.year] if b is not r)
        elif r.precision != "day":
            yield from ((r, b) for b in by_month[(r.date.year, r.date.month)] if b is not r)
    by_partial: dict[str, list[_Row]] = defaultdict(list)
    by_toll: dict[int, list[_Row]] = defaultdict(list)
    for r in rows:
        if r.partial:
            by_partial[r.partial].append(r)
        if r.fatalities is not None and r.fatalities > 0:
            by_toll[r.fatalities].append(r)
    for group in (*by_partial.values(), *by_toll.values()):  # at least one of the two undated
        for r in group:
            if r.date is None:
                yield from ((r, b) for b in group if b is not r)
    published = sorted(
        (r for r in rows if r.date is None and r.partial is None and r.published is not None),
        key=lambda r: r.published or dt.date.min,
    )
    for i, a in enumerate(published):  # neither dated: published within the window
        for b in published[i + 1 :]:
            if a.published is None or b.published is None or (b.published - a.published).days > DAY_WINDOW:
                break
            yield a, b


def _place_groups(block: list[_Row]) -> Iterator[list[_Row]]:
    """The rows of a block that ``_same_place`` may pair: one place, or a town and a region
    of one province (the block's rows with a place only: without one, no pair is the same)."""
    by_place: dict[str, list[_Row]] = defaultdict(list)
    towns: dict[str, list[_Row]] = defaultdict(list)
    for r in block:
        if r.place is None:
            continue
        by_place[r.place].append(r)
        if r.place_precision in ("town", "region") and r.admin1 is not None:
            towns[r.admin1].append(r)
    yield from by_place.values()
    for group in towns.values():
        if {r.place_precision for r in group} == {"town", "region"} and len({r.place for r in group}) > 1:
            yield group


def group_events(rows: list[_Row]) -> dict[str, str]:
    """Each event's group root: the smallest id of the events connected by ``same_event``
    (the same grouping as comparing every pair of a block, found without doing so)."""
    parent = {r.id: r.id for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Rows alike in all that is compared (reprints of one report) are compared once: a
    # class joins as a whole when it matches itself or another class.
    classes: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
    for r in rows:
        classes[_signature(r)].append(r)
    reps = {id(members[0]): members for members in classes.values()}
    joined: set[int] = set()
    for members in classes.values():
        if len(members) > 1 and same_event(members[0], members[0]):
            joined.add(id(members[0]))
    blocks: dict[tuple[str, str | None], list[_Row]] = defaultdict(list)
    for members in classes.values():
        r = members[0]
        blocks[(r.type, r.admin1 or r.place)].append(r)
    for key, block in blocks.items():
        with guard(unit=f"block {key[0]} / {key[1]}"):  # a failing block is recorded, the rest go on
            for group in _place_groups(block):
                for a, b in _candidates(group):
                    news = find(a.id) != find(b.id) or id(a) not in joined or id(b) not in joined
                    if news and same_event(a, b):
                        union(a.id, b.id)
                        joined.update((id(a), id(b)))
    for key_id in joined:
        members = reps[key_id]
        for m in members[1:]:
            union(members[0].id, m.id)
    return {r.id: find(r.id) for r in rows}


class EventGroupsStage:
    name = "event_groups"
    version = "1"

    def run(self, store: Store, progress: Progress) -> None:
        rows = []
        for row in store.query(
            "SELECT e.id, e.article_id, e.type, e.date, e.date_precision, e.date_partial, e.location_json, "
            "e.actors_json, e.fatalities, a.published, a.published_precision "
            "FROM events e JOIN articles a ON a.id = e.article_id ORDER BY e.id"
        ):
            with guard(unit=f"event {row['id']}", article_id=row["article_id"]):  # recorded, left ungrouped
                rows.append(_parse(row))
        progress("event groups", 0, len(rows))
        roots = group_events(rows)
        progress("event groups", len(rows), len(rows))
        with store.transaction():
            store.executemany(
                "UPDATE events SET event_group = ? WHERE id = ?", [("eg_" + digest(roots[r.id]), r.id) for r in rows]
            )


def disagreeing_groups(store: Store) -> list[dict[str, Any]]:
    """Event groups whose reports give different tolls (dead or injured), for the web app:
    ``{"event_group", "type", "fatalities": [values], "injured": [values], "reports":
    [{"event_id", "article_id", "fatalities", "fatalities_text", "injured", "injured_text"}]}``,
    widest disagreement first."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query(
        "SELECT id, article_id, event_group, type, fatalities, fatalities_text, injured, injured_text "
        "FROM events WHERE event_group IS NOT NULL ORDER BY event_group, article_id, id"
    ):
        groups[r["event_group"]].append(r)
    out = []
    for gid, rows in groups.items():
        dead = sorted({r["fatalities"] for r in rows if r["fatalities"] is not None})
        hurt = sorted({r["injured"] for r in rows if r["injured"] is not None})
        if len(dead) < 2 and len(hurt) < 2:
            continue
        reports = [
            {k: r[k] for k in ("article_id", "fatalities", "fatalities_text", "injured", "injured_text")} | {"event_id": r["id"]}
            for r in rows
        ]
        out.append({"event_group": gid, "type": rows[0]["type"], "fatalities": dead, "injured": hurt, "reports": reports})
    out.sort(key=lambda g: (-(g["fatalities"][-1] - g["fatalities"][0] if len(g["fatalities"]) > 1 else 0), g["event_group"]))
    return out
