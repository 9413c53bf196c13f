"""The contract other stages use to talk about entities.

Entity ids are deterministic: ``entity_id_for(name, type)`` gives the same id for the
same canonical name in every process, so per-article stages (claims, events, cited
agencies) can link to entities without a shared registry at run time. Corpus-level
resolution (fuzzy merges, analyst curation) may later fold several ids into one:
``canonical_ids(store)`` maps every folded id to the id that survives, and exporters
pass ids through it.

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


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


def clean_surface(name: str) -> str:
    """A mention's text without a leading "the" or a trailing possessive."""
    name = _SPACE.sub(" ", name).strip()
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", name))
    return name.strip()


def canonical_name(name: str, type_: str | None = None) -> tuple[str, str]:
    """(canonical name, type) for a surface name: the alias registry's entry when the name
    is one of its aliases (whatever type a tagger guessed), else the cleaned name."""
    from newstrace.entities.registry import load_registry

    reg = load_registry()
    entry = reg.lookup(name) or reg.lookup(clean_surface(name))
    if entry is not None:
        return entry.name, entry.type
    return clean_surface(name) or name.strip(), (type_ or "MISC")


# Taggers confuse GPE/LOC/FAC from one article to the next: ids use a coarse type so the
# same place gets one id; the entity keeps its most frequent fine type.
_COARSE = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def entity_id_for(name: str, type_: str | None = None) -> str:
    canon, typ = canonical_name(name, type_)
    return "e_" + digest(_COARSE.get(typ, typ), normalise_name(canon))


@dataclass(slots=True)
class ArticleMention:
    start: int
    end: int
    text: str
    label: str
    entity_id: str
    # The entity's canonical name as this article knows it (the registry name, or the
    # fullest form of a person's name seen in the article).
    canonical: str = ""
    # "title" (e.g. "Iran's Intelligence Minister" before or for a name), "reference"
    # ("the minister", a surname), "metonym" (a capital standing for its government).
    role: str | None = None


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
    """Folded entity id -> surviving id, from corpus resolution and curation."""
    try:
        rows = store.query("SELECT from_id, to_id FROM entity_redirects")
    except Exception:  # noqa: BLE001 - a store without the entities tables has no folds
        return {}
    return {r["from_id"]: r["to_id"] for r in rows}
