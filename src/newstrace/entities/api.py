"""The contract other stages use to talk about entities.

Entity ids are deterministic: ``entity_id_for(name, type)`` gives the same id for the
same canonical name in every process, so per-article stages (claims, events, cited
agencies) can link to entities without a shared registry at run time. Corpus-level
resolution (fuzzy merges, analyst curation) may later fold several ids into one:
``canonical_ids(store)`` maps every folded id to the id that survives, and exporters
pass ids through it.

(First version: names are normalised, not yet looked up in the alias registry.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newstrace.ids import digest

if TYPE_CHECKING:
    from newstrace.store.base import Store

_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form used as a lookup key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w' -]", " ", text.lower())
    text = re.sub(r"^(the)\s+", "", text.strip())
    return _SPACE.sub(" ", text).strip()


def canonical_name(name: str, type_: str | None = None) -> tuple[str, str]:
    """(canonical name, type) for a surface name. The alias registry plugs in here."""
    return _SPACE.sub(" ", name).strip(), (type_ or "MISC")


def entity_id_for(name: str, type_: str | None = None) -> str:
    canon, typ = canonical_name(name, type_)
    return "e_" + digest(typ, normalise_name(canon))


@dataclass(slots=True)
class ArticleMention:
    start: int
    end: int
    text: str
    label: str
    entity_id: str


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
    """Folded entity id -> surviving id (empty until resolution/curation exist)."""
    return {}
