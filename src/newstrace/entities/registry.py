"""The alias registry (``data/aliases.yaml``): surface forms -> one canonical entity.

Loaded once per process. Short all-capital aliases ("IS", "US", "UN") match exactly
(case-sensitive) so the verb "is" and the pronoun "us" never become entities; every other
alias matches case-insensitively, with straight and curly apostrophes alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from newstrace.entities.names import normalise_name

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    name: str
    type: str
    aliases: tuple[str, ...]
    wikidata: str | None = None
    government: str | None = None


@dataclass(frozen=True, slots=True)
class RegistryHit:
    start: int
    end: int
    text: str
    entry: RegistryEntry


def _is_exact(alias: str) -> bool:
    letters = alias.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


@dataclass
class AliasRegistry:
    entries: list[RegistryEntry]
    _exact: dict[str, RegistryEntry] = field(default_factory=dict)
    _folded: dict[str, RegistryEntry] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        exact_alts, folded_alts = [], []
        for e in self.entries:
            for alias in (e.name, *e.aliases):
                if _is_exact(alias):
                    self._exact.setdefault(alias, e)
                    exact_alts.append(alias)
                else:
                    self._folded.setdefault(normalise_name(alias), e)
                    folded_alts.append(alias)

        def alt(alias: str) -> str:
            # apostrophes: ' and ’ alike; any run of spaces; hyphen or space alike
            out = re.escape(alias)
            out = re.sub(r"(\\?'|’)", "['’‘]", out)
            out = re.sub(r"(\\ )+", r"\\s+", out)
            return out

        longest_first = sorted(set(folded_alts), key=lambda a: (-len(a), a))
        exact_first = sorted(set(exact_alts), key=lambda a: (-len(a), a))
        # Word boundaries by look-around: aliases may start/end with "." ("U.S.").
        self._pattern = re.compile(
            r"(?<![\w-])(?:(?P<exact>" + "|".join(alt(a) for a in exact_first) + ")"
            r"|(?i:(?P<folded>" + "|".join(alt(a) for a in longest_first) + r")))(?![\w-])"
        )

    def lookup(self, name: str) -> RegistryEntry | None:
        """The entry a surface name belongs to, if any."""
        stripped = name.strip()
        if stripped in self._exact:
            return self._exact[stripped]
        if _is_exact(stripped):
            return None  # "Is"/"us" are not "IS"/"US"
        return self._folded.get(normalise_name(stripped))

    def by_name(self, name: str) -> RegistryEntry | None:
        key = normalise_name(name)
        for e in self.entries:
            if normalise_name(e.name) == key:
                return e
        return None

    def find(self, text: str) -> Iterator[RegistryHit]:
        """Every registry alias in the text, longest match first, non-overlapping."""
        assert self._pattern is not None
        for m in self._pattern.finditer(text):
            surface = m.group(0)
            if m.group("exact") is not None:
                entry = self._exact.get(surface)
                if entry is None or _in_capitals_run(text, m.start(), m.end(), self._exact):
                    continue
            else:
                entry = self._folded.get(normalise_name(surface))
                if entry is None:
                    continue
            # "the Pentagon": keep the article outside the mention, as spaCy does not.
            start = m.start()
            if surface[:4].lower() == "the " and not _is_exact(surface):
                start += 4
            yield RegistryHit(start, m.end(), text[start : m.end()], entry)


def _in_capitals_run(text: str, start: int, end: int, known: dict[str, RegistryEntry]) -> bool:
    """An exact acronym beside an all-capitals word ("THIS IS WAR") is a shouted headline,
    not the acronym, unless that word is itself a known acronym ("US, UN")."""
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    for word in before[-1:] + after[:1]:
        core = word.strip(".,:;!?()[]'\"’‘")
        if len(core) > 1 and core.isalpha() and core.isupper() and core not in known:
            return True
    return False


def _load_entries() -> list[RegistryEntry]:
    raw = yaml.safe_load(DATA_DIR.joinpath("aliases.yaml").read_text("utf-8"))
    entries = []
    for item in raw:
        entries.append(
            RegistryEntry(
                name=str(item["name"]),
                type=str(item["type"]),
                aliases=tuple(str(a) for a in item.get("aliases", [])),
                wikidata=item.get("wikidata"),
                government=item.get("government"),
            )
        )
    return entries


@lru_cache(maxsize=1)
def load_registry() -> AliasRegistry:
    return AliasRegistry(_load_entries())
