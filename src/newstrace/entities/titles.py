"""Titles that stand for a person: "Iran's Intelligence Minister", "the Iranian minister",
"Pakistan's army chief", "Minister of Intelligence". Word lists live in
``data/entity_titles.yaml``; patterns are compiled once per process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import yaml

from newstrace.entities.registry import DATA_DIR


@dataclass(frozen=True, slots=True)
class TitleWords:
    heads: tuple[str, ...]
    offices: tuple[str, ...]
    person_prefixes: frozenset[str]
    demonyms: dict[str, str]
    introducing_ranks: dict[str, tuple[str, ...]] | None = None  # title head -> ranks


@dataclass(frozen=True, slots=True)
class TitleRef:
    start: int
    end: int
    text: str
    head: str  # "minister"
    offices: tuple[str, ...]  # ("intelligence",)
    country: str | None  # surface country/demonym as written ("Iran", "Iranian")
    anaphoric: bool  # "the minister": refers back; "Iran's minister": may introduce


@lru_cache(maxsize=1)
def title_words() -> TitleWords:
    raw = yaml.safe_load(DATA_DIR.joinpath("entity_titles.yaml").read_text("utf-8"))
    return TitleWords(
        heads=tuple(raw["heads"]),
        offices=tuple(raw["offices"]),
        person_prefixes=frozenset(w.lower() for w in raw["person_prefixes"]),
        demonyms={str(k): str(v) for k, v in raw["demonyms"].items()},
        introducing_ranks={
            str(head): tuple(_flat(ranks)) for head, ranks in (raw.get("introducing_ranks") or {}).items()
        },
    )


def _flat(items: list[object]) -> list[str]:
    """YAML anchors put a list inside a list: flatten one level."""
    out: list[str] = []
    for item in items:
        out.extend(str(x) for x in item) if isinstance(item, list) else out.append(str(item))
    return out


@lru_cache(maxsize=64)
def rank_before(head: str) -> re.Pattern[str] | None:
    """A rank or office word ending right before a name that may introduce the holder of a
    ``head`` title ("General " for an army chief, "Minister " for a minister); None when
    that head is introduced by no rank."""
    ranks = (title_words().introducing_ranks or {}).get(head.lower())
    if not ranks:
        return None
    return re.compile(rf"(?<![\w-])(?i:{_alt(ranks)})\.?\s+$")


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    w = title_words()
    heads, offices, dem = _alt(w.heads), _alt(w.offices), _alt(list(w.demonyms))
    office_run = rf"(?P<office>(?:(?i:{offices})\s+){{0,3}})"
    head = rf"(?P<head>(?i:{heads}))(?![\w-])"
    return [
        # Iran's Intelligence Minister / Pakistan's army chief
        ("possessive", re.compile(rf"(?<![\w-])(?P<country>[A-Z][\w.-]+)['’]s\s+{office_run}{head}")),
        # the (Iranian) (defence) minister
        ("the", re.compile(rf"(?<![\w-])(?P<the>[Tt]he)\s+(?:(?P<dem>{dem})\s+)?{office_run}{head}(?!\s+of\b)")),
        # Iranian Interior Minister (no article: introduces someone)
        ("demonym", re.compile(rf"(?<![\w-])(?P<dem>{dem})\s+{office_run}{head}")),
        # Minister of Intelligence (capitalised office name)
        ("of", re.compile(rf"(?<![\w-])(?P<head>{_alt([h.title() for h in w.heads])})"
                          rf"\s+of\s+(?P<office>(?i:{offices})(?:\s+(?i:{offices})){{0,2}})(?![\w-])")),
    ]


def find_titles(text: str) -> Iterator[TitleRef]:
    """Title phrases in text, non-overlapping, earlier patterns winning."""
    taken: list[tuple[int, int]] = []
    found: list[TitleRef] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            groups = m.groupdict()
            country = groups.get("country") or groups.get("dem")
            office_words = tuple(o.lower() for o in (groups.get("office") or "").split())
            taken.append((start, end))
            found.append(
                TitleRef(
                    start=start, end=end, text=text[start:end], head=" ".join(m.group("head").lower().split()),
                    offices=office_words, country=country, anaphoric=(kind == "the"),
                )
            )
    yield from sorted(found, key=lambda t: t.start)
