"""Typed records shared by every stage.

These dataclasses are the schema of the program: readers produce ``RawDocument``,
cleaning and metadata produce ``Article``, later stages produce the other records.
The store and the exporters derive their columns from ``to_dict()``, whose keys are
exactly the export fields of INTERFACE.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

Precision = Literal["day", "month", "year"]
DocumentFormat = Literal["text", "html"]


OutletKind = Literal["wire agency", "newspaper", "broadcaster", "state media", "aggregator", "other"]
KINDS: tuple[str, ...] = get_args(OutletKind)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet or agency: a registry entry (``data/outlets.yaml``) or one made up
    at run time from an unknown domain or name (``registered`` False)."""

    id: str
    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: OutletKind | None = None
    country: str | None = None
    affiliation: str | None = None
    source: str | None = None  # where kind/affiliation were read
    ambiguous: frozenset[str] = frozenset()
    slugs: tuple[str, ...] = ()
    agency: bool = False  # a news agency whose copy others reprint (also state agencies)
    registered: bool = True  # False: made up at run time from an unknown domain or name

    @property
    def is_agency(self) -> bool:
        return self.agency or self.kind == "wire agency"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def to_record(self, article_count: int = 0) -> dict[str, Any]:
        """The ``outlets`` export record (INTERFACE.md), in its field order."""
        return {
            "id": self.id,
            "name": self.name,
            "domains": list(self.domains),
            "aliases": list(self.aliases),
            "kind": self.kind,
            "country": self.country,
            "affiliation": self.affiliation,
            "article_count": article_count,
        }


@dataclass(slots=True)
class RawDocument:
    """One input document as a reader found it, before any cleaning."""

    source: str
    content: str
    format: DocumentFormat
    input_path: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # Hash of the raw bytes/text: same source + same hash = nothing to redo.
    content_hash: str = ""


@dataclass(slots=True)
class InputProblem:
    """An input that could not be read; reported to the user, never fatal to the run."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Problem:
    """Something that failed for one document, article or corpus unit; the run went on.

    ``stage`` names where: ``read`` (a reader), ``extract``/``clean``/``split``/``metadata``/
    ``document`` (per-document work), a per-article stage (``entities``, ...) or ``nlp``, or a
    corpus stage (``reuse``, ...). ``unit`` says which part of a corpus stage's work (a pair,
    a story, a group) or which record of a multi-record input; ``input_path`` is the file it
    came from, when known. The ``problems`` export adds ``first_seen``/``last_seen``.
    """

    stage: str
    source: str
    error: str
    message: str
    article_id: str | None = None
    unit: str | None = None
    input_path: str | None = None
    traceback: str = ""

    def __str__(self) -> str:
        where = self.source or "(corpus)"
        if self.unit:
            where += f" [{self.unit}]"
        return f"{self.stage}: {where}: {self.error}: {self.message}"


@dataclass(slots=True)
class Dateline:
    place: str | None
    date_text: str | None
    agency: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class CitedSource:
    name: str
    entity_id: str | None = None
    # Where the citation was found (not exported, used by reuse direction evidence).
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity_id": self.entity_id}


@dataclass(slots=True)
class Article:
    """One story: the unit every later stage works on. Offsets index ``text``."""

    id: str
    source: str
    part: int
    text: str
    url: str | None = None
    outlet: str | None = None  # the outlet's display name (its registry name when registered)
    outlet_id: str | None = None
    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_time: str | None = None  # "HH:MM" as the source states it
    # A date without a known year, as ISO 8601 "--MM-DD" (or "--MM"): never an invented year.
    published_partial: str | None = None
    language: str | None = None
    boilerplate_removed: list[str] = field(default_factory=list)
    cited_sources: list[CitedSource] = field(default_factory=list)
    genre: str | None = None
    frames: list[str] = field(default_factory=list)
    extractor: str | None = None
    # Not exported by INTERFACE v1.1 but kept in the store and shown in the app.
    # Where outlet and date were read ("input", "site name", "url", "path {outlet}/{slug}",
    # "chrome"; "page", "header", "url", "path", "dateline").
    outlet_source: str | None = None
    published_source: str | None = None
    content_hash: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    # The outlet itself (registry entry or made up), for the ``outlets`` table; not stored
    # on the article row.
    outlet_record: Outlet | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``articles`` export record (INTERFACE.md), in its field order."""
        return {
            "id": self.id,
            "source": self.source,
            "part": self.part,
            "url": self.url,
            "outlet": self.outlet,
            "outlet_id": self.outlet_id,
            "title": self.title,
            "byline": self.byline,
            "extractor": self.extractor,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "published": self.published,
            "published_precision": self.published_precision,
            "published_time": self.published_time,
            "published_partial": self.published_partial,
            "language": self.language,
            "text": self.text,
            "boilerplate_removed": list(self.boilerplate_removed),
            "cited_sources": [c.to_dict() for c in self.cited_sources],
            "genre": self.genre,
            "frames": list(self.frames),
        }


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mention_count: int = 0
    article_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mention_count": self.mention_count,
            "article_count": self.article_count,
        }


@dataclass(slots=True)
class Mention:
    entity_id: str
    article_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    entity_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "entity_id": self.entity_id}


@dataclass(slots=True)
class Claim:
    id: str
    article_id: str
    kind: Literal["direct", "indirect", "mixed"]
    speaker: Speaker | None
    cue: Span
    content: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "kind": self.kind,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
        }
