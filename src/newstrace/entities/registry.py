"""The alias registry (``data/aliases.yaml``): surface names -> one canonical entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

APOSTROPHES = ("'", "’", "‘", "`")


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(slots=True)
class AliasRegistry:
    entries: list[RegistryEntry] = field(default_factory=list)
    # normalised alias -> entry (case-insensitive aliases)
    by_alias: dict[str, RegistryEntry] = field(default_factory=dict)
    # exact-case alias -> entry
    by_exact: dict[str, RegistryEntry] = field(default_factory=dict)

    def lookup(self, surface: str) -> RegistryEntry | None:
        from newstrace.entities.api import normalise_name

        surface = surface.strip()
        if surface in self.by_exact:
            return self.by_exact[surface]
        return self.by_alias.get(normalise_name(surface))


def variants(alias: str) -> set[str]:
    """Spelling variants that mean the same alias: apostrophe kinds, hyphen vs space."""
    out = {alias}
    for a in list(out):
        for ap in APOSTROPHES:
            out.add(a.replace("'", ap))
    for a in list(out):
        if "-" in a:
            out.add(a.replace("-", " "))
    return out


@lru_cache(maxsize=1)
def load_registry() -> AliasRegistry:
    from newstrace.entities.api import normalise_name

    raw = yaml.safe_load(resources.files("newstrace.data").joinpath("aliases.yaml").read_text(encoding="utf-8"))
    reg = AliasRegistry()
    for item in raw or []:
        entry = RegistryEntry(
            name=item["name"],
            type=item["type"],
            aliases=tuple(item.get("aliases") or ()),
            exact=tuple(item.get("exact") or ()),
            wikidata=item.get("wikidata"),
        )
        reg.entries.append(entry)
        for alias in (entry.name, *entry.aliases):
            for v in variants(alias):
                reg.by_alias.setdefault(normalise_name(v), entry)
        for alias in entry.exact:
            reg.by_exact[alias] = entry
    return reg
