"""The contract other stages use to talk about entities.

Entity ids are deterministic: ``entity_id_for(name, type)`` gives the same id for the
same canonical name in every process, so per-article stages (claims, events, cited
agencies) can link to entities without a shared registry at run time. Corpus-level
resolution (fuzzy merges, analyst curation) may later fold several ids into one:
``canonical_ids(store)`` maps every folded id to the id that survives, and exporters
pass ids through it.

Names are looked up in the alias registry (``data/aliases.yaml``) first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newstrace.entities.names import normalise_name
from newstrace.ids import digest
from newstrace.schema import col

if TYPE_CHECKING:
    from newstrace.store.base import Store

_SPACE = re.compile(r"\s+")


def canonical_name(name: str, type_: str | None = None) -> tuple[str, str]:
    """(canonical name, type) for a surface name: the alias registry's entry when the name
    is one of its aliases (its type wins: "Daesh" is an ORG even when spaCy says GPE),
    otherwise the tidied name and the given type."""
    from newstrace.entities.registry import load_registry

    entry = load_registry().lookup(name)
    if entry is not None:
        return entry.name, entry.type
    return _SPACE.sub(" ", name).strip(), (type_ or "MISC")


def entity_id_for(name: str, type_: str | None = None) -> str:
    canon, typ = canonical_name(name, type_)
    return "e_" + digest(typ, normalise_name(canon))


__all__ = ["normalise_name", "canonical_name", "entity_id_for", "ArticleMention", "ArticleEntities", "canonical_ids"]


@dataclass(slots=True)
class ArticleMention:
    """One mention as the entities stage finds it; a ``mentions`` row with its article's id
    and the resolved entity (``EntitiesStage.save``)."""

    start: int = field(metadata=col("start_char"))
    end: int = field(metadata=col("end_char"))
    text: str
    label: str
    entity_id: str
    # how the mention was found: "name" (NER), "alias" (registry), "acronym", "surname",
    # "title" (a title standing for a person), "metonym" (a capital for its government)
    role: str = "name"
    canonical: str = ""  # the canonical name the entity id was made from


@dataclass(slots=True)
class ArticleEntities:
    """What the entities stage found in one article (``ctx.outputs["entities"]``)."""

    mentions: list[ArticleMention] = field(default_factory=list)

    def entity_at(self, start: int, end: int) -> str | None:
        """The entity of the mention that best overlaps [start, end), if any."""
        best, best_overlap = None, 0
        for m in self.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > best_overlap:
                best, best_overlap = m.entity_id, overlap
        return best


def canonical_ids(store: Store) -> dict[str, str]:
    """Folded entity id -> surviving id, as written by the resolution stage (automatic
    merges and analyst curation). Ids not in the map are their own canonical id."""
    try:
        rows = store.query("SELECT from_id, to_id FROM entity_redirects")
    except Exception:  # noqa: BLE001 - a store without the entities migration: nothing folded
        return {}
    return {r["from_id"]: r["to_id"] for r in rows}
