"""The registry of news agencies (``data/agencies.yaml``) and lookups into it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    aliases: tuple[str, ...]
    ambiguous: frozenset[str]
    country: str | None


@dataclass(frozen=True, slots=True)
class AgencyRegistry:
    agencies: tuple[Agency, ...]
    by_alias: dict[str, Agency]
    # Case-insensitive lookup for the long names ("Tasnim news agency"); short
    # abbreviations are matched exactly (AP is not "ap").
    by_folded: dict[str, Agency]

    def lookup(self, surface: str) -> Agency | None:
        s = _clean(surface)
        return self.by_alias.get(s) or (self.by_folded.get(s.casefold()) if len(s) > 4 else None)

    def is_ambiguous(self, surface: str) -> bool:
        agency = self.lookup(surface)
        return agency is not None and _clean(surface) in agency.ambiguous

    def alias_pattern(self, *, include_ambiguous: bool = True) -> str:
        """Regex alternation of every alias, longest first (so "Tasnim News Agency"
        wins over "Tasnim")."""
        names = {
            a for a, ag in self.by_alias.items() if include_ambiguous or a not in ag.ambiguous
        }
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip(" \t‘’“”'\"")).strip()


@lru_cache(maxsize=1)
def agency_registry() -> AgencyRegistry:
    raw = resources.files("newstrace.data").joinpath("agencies.yaml").read_text(encoding="utf-8")
    agencies = []
    by_alias: dict[str, Agency] = {}
    by_folded: dict[str, Agency] = {}
    for item in yaml.safe_load(raw):
        ag = Agency(
            name=item["name"],
            aliases=tuple(item.get("aliases") or ()),
            ambiguous=frozenset(item.get("ambiguous") or ()),
            country=item.get("country"),
        )
        agencies.append(ag)
        for alias in (ag.name, *ag.aliases):
            by_alias.setdefault(alias, ag)
            if len(alias) > 4:
                by_folded.setdefault(alias.casefold(), ag)
            if alias.startswith("The "):
                by_alias.setdefault(alias[4:], ag)
    return AgencyRegistry(tuple(agencies), by_alias, by_folded)
