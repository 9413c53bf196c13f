"""Event records: what the events stage finds and the ``events`` export shows.

``EventMention.to_dict()`` is the export record of INTERFACE.md (in its field order: the
dataclass's), with four additions at the end: ``date_partial`` (a date without a known year,
"--MM-DD", so a day the text gives is not lost when no year can be given),
``attacker_fatalities`` (the attackers' own dead, kept out of ``fatalities``) and ``period``
(the date at its precision: "2024-03" for a month, so it is shown and sorted as a month, not
as its 1st day; derived from the date, not stored) and ``gate_score`` (the precision gate's
probability, 0-1, that the event is a real event of its sub-type; None when no gate is
shipped: analysts trade recall for precision by filtering on it, docs/quality-events.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newstrace.events.dates import period
from newstrace.records import Span
from newstrace.schema import col, to_record


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str  # "town" | "region" | "country"

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(frozen=True, slots=True)
class EventActor:
    text: str
    entity_id: str | None
    role: str  # "actor1" | "actor2" | "associated"

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(frozen=True, slots=True)
class Count:
    """Stored flattened as ``{name}`` (the value) and ``{name}_text``."""

    value: int = field(metadata=col(""))
    text: str

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(frozen=True, slots=True)
class Extent:
    start: int
    end: int


@dataclass(slots=True)
class EventMention:
    """One event mention. Field order is the ``events`` export's; ``col(...)`` says how a
    field is stored in the ``events`` table (``newstrace.schema``)."""

    id: str
    article_id: str
    event_group: str | None = None
    label: str = field(kw_only=True, metadata=col(export=False))  # CASE 2021 task 2 label
    type: str = field(kw_only=True)
    subtype: str = field(kw_only=True)
    confidence: float = field(kw_only=True)
    date: str | None = None
    date_precision: str | None = None
    location: Location | None = field(default=None, metadata=col("location_json", json=True))
    actors: list[EventActor] = field(default_factory=list, metadata=col("actors_json", json=True))
    fatalities: Count | None = field(default=None, metadata=col(flatten=True))
    injured: Count | None = field(default=None, metadata=col(flatten=True))
    trigger: Span = field(kw_only=True, metadata=col(flatten=True))
    date_partial: str | None = None
    attacker_fatalities: Count | None = field(default=None, metadata=col(flatten=True))
    date_text: str | None = field(default=None, metadata=col(export=False))
    sentence: Extent = field(kw_only=True, metadata=col(flatten=True, export=False))
    period: str | None = field(default=None, init=False, metadata=col(store=False))
    gate_score: float | None = None

    def __post_init__(self) -> None:
        self.period = period(self.date, self.date_precision)

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)
