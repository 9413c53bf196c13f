"""The ``events`` export (INTERFACE.md), one record per event mention."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.entities.api import canonical_ids
from newstrace.events.dates import period
from newstrace.store.base import Store

_COUNT = pa.struct([("value", pa.int64()), ("text", pa.string())])
EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("event_group", pa.string()),
        ("type", pa.string()),
        ("subtype", pa.string()),
        ("confidence", pa.float64()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        (
            "location",
            pa.struct(
                [
                    ("name", pa.string()),
                    ("country", pa.string()),
                    ("admin1", pa.string()),
                    ("lat", pa.float64()),
                    ("lon", pa.float64()),
                    ("precision", pa.string()),
                ]
            ),
        ),
        ("actors", pa.list_(pa.struct([("text", pa.string()), ("entity_id", pa.string()), ("role", pa.string())]))),
        ("fatalities", _COUNT),
        ("injured", _COUNT),
        ("trigger", pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])),
        ("date_partial", pa.string()),
        ("attacker_fatalities", _COUNT),
        ("period", pa.string()),
    ]
)


def _count(value: Any, text: Any) -> dict[str, Any] | None:
    return None if value is None else {"value": int(value), "text": text}


def row_to_record(r: dict[str, Any], folded: dict[str, str]) -> dict[str, Any]:
    actors = json.loads(r.get("actors_json") or "[]")
    for a in actors:
        if a.get("entity_id"):
            a["entity_id"] = folded.get(a["entity_id"], a["entity_id"])
    return {
        "id": r["id"],
        "article_id": r["article_id"],
        "event_group": r["event_group"] or r["id"],
        "type": r["type"],
        "subtype": r["subtype"],
        "confidence": float(r["confidence"]),
        "date": r["date"],
        "date_precision": r["date_precision"],
        "location": json.loads(r["location_json"]) if r.get("location_json") else None,
        "actors": actors,
        "fatalities": _count(r["fatalities"], r["fatalities_text"]),
        "injured": _count(r["injured"], r["injured_text"]),
        "trigger": {"text": r["trigger_text"], "start": int(r["trigger_start"]), "end": int(r["trigger_end"])},
        "date_partial": r["date_partial"],
        "attacker_fatalities": _count(r["attacker_fatalities"], r["attacker_fatalities_text"]),
        "period": period(r["date"], r["date_precision"]),
    }


def iter_events(store: Store) -> Iterator[dict[str, Any]]:
    folded = canonical_ids(store)
    for r in store.iter_rows("events", order_by="article_id, trigger_start, id"):
        yield row_to_record(r, folded)


iter_events.arrow_schema = EVENT_SCHEMA  # type: ignore[attr-defined]
