"""The registry of news agencies (``data/agencies.yaml``) and lookups in it."""

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
    country: str | None


@lru_cache(maxsize=1)
def agencies() -> tuple[Agency, ...]:
    raw = resources.files("newstrace.data").joinpath("agencies.yaml").read_text("utf-8")
    return tuple(
        Agency(str(e["name"]), tuple(str(a) for a in e.get("aliases") or ()), e.get("country"))
        for e in yaml.safe_load(raw)
    )


@lru_cache(maxsize=1)
def _by_surface() -> dict[str, Agency]:
    table: dict[str, Agency] = {}
    for agency in agencies():
        for surface in (agency.name, *agency.aliases):
            table.setdefault(surface, agency)
    return table


def lookup(surface: str) -> Agency | None:
    """The agency a surface form names (case-sensitive; a leading "the" and a trailing
    "news agency" are ignored), or None."""
    text = re.sub(r"\s+", " ", surface.strip(" ‘’'\"“”"))
    table = _by_surface()
    for candidate in (text, re.sub(r"^[Tt]he ", "", text)):
        if candidate in table:
            return table[candidate]
        base = re.sub(r"\s+(?:[Nn]ews [Aa]gency|[Nn]ews [Ww]ebsite|[Aa]gency)$", "", candidate)
        if base in table:
            return table[base]
    return None


@lru_cache(maxsize=1)
def name_pattern() -> str:
    """A regex alternation of every surface form, longest first (so "Tasnim News
    Agency" wins over "Tasnim"), each bounded as a whole word."""
    surfaces = sorted(_by_surface(), key=len, reverse=True)
    return "|".join(re.escape(s) for s in surfaces)
