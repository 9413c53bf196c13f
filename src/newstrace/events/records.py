"""Event records: what the events stage finds and the ``events`` export shows.

``EventMention.to_dict()`` is the export record of INTERFACE.md (in its field order), with
three additions at the end: ``date_partial`` (a date without a known year, "--MM-DD", so a day
the text gives is not lost when no year can be given), ``attacker_fatalities`` (the
attackers' own dead, kept out of ``fatalities``) and ``period`` (the date at its precision:
"2024-03" for a month, so it is shown and sorted as a month, not as its 1st day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newstrace.events.dates import period
from newstrace.records import Span


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str  # "town" | "region" | "country"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class EventActor:
    text: str
    entity_id: str | None
    role: str  # "actor1" | "actor2" | "associated"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "entity_id": self.entity_id, "role": self.role}


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text}


@dataclass(slots=True)
class EventMention:
    id: str
    article_id: str
    label: str  # CASE 2021 task 2 label
    type: str
    subtype: str
    confidence: float
    trigger: Span
    sentence: tuple[int, int]
    date: str | None = None
    date_precision: str | None = None
    date_partial: str | None = None
    date_text: str | None = None
    location: Location | None = None
    actors: list[EventActor] = field(default_factory=list)
    fatalities: Count | None = None
    injured: Count | None = None
    attacker_fatalities: Count | None = None
    event_group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event_group": self.event_group,
            "type": self.type,
            "subtype": self.subtype,
            "confidence": self.confidence,
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "actors": [a.to_dict() for a in self.actors],
            "fatalities": self.fatalities.to_dict() if self.fatalities else None,
            "injured": self.injured.to_dict() if self.injured else None,
            "trigger": self.trigger.to_dict(),
            "date_partial": self.date_partial,
            "attacker_fatalities": self.attacker_fatalities.to_dict() if self.attacker_fatalities else None,
            "period": period(self.date, self.date_precision),
        }
