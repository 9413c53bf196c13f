"""Agencies and outlets that stories cite as their source: a view of the outlet
registry (``data/outlets.yaml``, ``newstrace.outlets``) for the metadata readers
(datelines, bylines, cited sources) and the event actors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newstrace.outlets.registry import Outlet, OutletRegistry, registry

# Every registered outlet can be cited ("Tasnim reported", "told the BBC").
Agency = Outlet


@dataclass(frozen=True, slots=True)
class AgencyRegistry:
    outlets: OutletRegistry

    @property
    def agencies(self) -> tuple[Agency, ...]:
        return self.outlets.outlets

    @property
    def by_alias(self) -> dict[str, Agency]:
        """Every name as written (plus "X" for "The X") -> its outlet."""
        return self.outlets.aliases()

    def lookup(self, surface: str) -> Agency | None:
        return self.outlets.by_name(surface)

    def is_ambiguous(self, surface: str) -> bool:
        return self.outlets.is_ambiguous(surface)

    def alias_pattern(self, *, include_ambiguous: bool = True) -> str:
        """Regex alternation of every alias, longest first (so "Tasnim News Agency"
        wins over "Tasnim")."""
        names = {
            a for a in self.by_alias if include_ambiguous or not self.outlets.is_ambiguous(a)
        }
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))



@lru_cache(maxsize=1)
def agency_registry() -> AgencyRegistry:
    return AgencyRegistry(registry())
