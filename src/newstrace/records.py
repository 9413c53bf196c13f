"""Typed records shared by every stage.

These dataclasses are the schema of the program: readers produce ``RawDocument``,
cleaning and metadata produce ``Article``, later stages produce the other records. A
record's definition drives how it is stored and exported (``newstrace.schema``): its field
order is the export record's (``to_dict()``, the fields of INTERFACE.md), its types give
the Arrow schema of the Parquet export and the CSV columns, and ``col(...)`` metadata says
how a field maps to its table's columns (``to_row``/``from_row``). The tables themselves
are created by explicit SQL migrations (``store/migrations/``); ``tests/test_schema.py``
checks each record against its table on every backend. Not yet records: the reuse pairs,
passages and stories (``reuse/export.py`` maps their rows itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from newstrace.schema import col, to_record

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
    domains: tuple[str, ...] = field(default=(), metadata=col("domains_json", json=True))
    aliases: tuple[str, ...] = field(default=(), metadata=col("aliases_json", json=True))
    kind: OutletKind | None = None
    country: str | None = None
    affiliation: str | None = None
    # Where kind/affiliation were read.
    source: str | None = field(default=None, metadata=col("affiliation_source", export=False))
    # Registry-only (how names are matched): not in the ``outlets`` table.
    ambiguous: frozenset[str] = field(default=frozenset(), metadata=col(export=False, store=False))
    slugs: tuple[str, ...] = field(default=(), metadata=col(export=False, store=False))
    # A news agency whose copy others reprint (also state agencies).
    agency: bool = field(default=False, metadata=col(export=False, store=False))
    # False: made up at run time from an unknown domain or name.
    registered: bool = field(default=True, metadata=col(export=False))

    @property
    def is_agency(self) -> bool:
        return self.agency or self.kind == "wire agency"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def to_record(self, article_count: int = 0) -> dict[str, Any]:
        """The ``outlets`` export record (INTERFACE.md): the exported fields and how many
        articles point at the outlet."""
        return {**to_record(self), "article_count": article_count}


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
class ProblemRecord:
    """The ``problems`` export record (INTERFACE v1.1 fields, plus ``unit`` and
    ``traceback``): a ``problems`` row as the user sees it."""

    source: str
    article_id: str | None
    stage: str
    unit: str | None
    error: str
    message: str
    first_seen: str
    last_seen: str
    traceback: str

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class Dateline:
    place: str | None
    date_text: str | None
    agency: str | None

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class CitedSource:
    name: str
    entity_id: str | None = None
    # Where the citation was found (stored, used by reuse direction evidence; not exported).
    cue: str | None = field(default=None, metadata=col(export=False))

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class Article:
    """One story: the unit every later stage works on. Offsets index ``text``.

    Field order is the ``articles`` export's (INTERFACE.md); ``col(...)`` says how a field is
    stored in the ``articles`` table (``newstrace.schema``)."""

    id: str
    source: str
    part: int
    url: str | None = None
    outlet: str | None = None  # the outlet's display name (its registry name when registered)
    outlet_id: str | None = None
    title: str | None = None
    byline: str | None = None
    extractor: str | None = None
    dateline: Dateline | None = field(default=None, metadata=col("dateline_json", json=True))
    published: str | None = None
    published_precision: Precision | None = None
    published_time: str | None = None  # "HH:MM" as the source states it
    # A date without a known year, as ISO 8601 "--MM-DD" (or "--MM"): never an invented year.
    published_partial: str | None = None
    language: str | None = None
    text: str = field(kw_only=True)
    boilerplate_removed: list[str] = field(default_factory=list, metadata=col("boilerplate_json", json=True))
    cited_sources: list[CitedSource] = field(default_factory=list, metadata=col("cited_json", json=True))
    genre: str | None = None
    frames: list[str] = field(default_factory=list, metadata=col("frames_json", json=True))
    # Stored, not exported by INTERFACE v1.1 (shown in the app). Where outlet and date were
    # read ("input", "site name", "url", "path {outlet}/{slug}", "chrome"; "page", "header",
    # "url", "path", "dateline").
    outlet_source: str | None = field(default=None, metadata=col(export=False))
    published_source: str | None = field(default=None, metadata=col(export=False))
    content_hash: str = field(default="", metadata=col(export=False))
    metadata: dict[str, Any] = field(default_factory=dict, metadata=col("metadata_json", json=True, export=False))
    # The outlet itself (registry entry or made up), for the ``outlets`` table; not stored
    # on the article row.
    outlet_record: Outlet | None = field(default=None, metadata=col(export=False, store=False))

    def to_dict(self) -> dict[str, Any]:
        """The ``articles`` export record (INTERFACE.md), in its field order."""
        return to_record(self)


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list, metadata=col("aliases_json", json=True))
    mention_count: int = 0
    article_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class Mention:
    """The ``mentions`` export record; read from the ``mentions`` table (which the entities
    stage writes from its ``ArticleMention``s), ``entity_id`` being the resolved entity."""

    entity_id: str
    article_id: str
    start: int = field(metadata=col("start_char"))
    end: int = field(metadata=col("end_char"))
    text: str

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    entity_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True)
class Claim:
    """Stored in ``claims`` with the nested spans flattened (``speaker_text``, ``cue_start``, ...)."""

    id: str
    article_id: str
    kind: Literal["direct", "indirect", "mixed"]
    speaker: Speaker | None = field(metadata=col(flatten=True))
    cue: Span = field(metadata=col(flatten=True))
    content: Span = field(metadata=col(flatten=True))

    def to_dict(self) -> dict[str, Any]:
        return to_record(self)
