"""Where events happened (events/placing.py): a speaker's or reporter's place is not the
event's, a paragraph's region beats its country, the dateline stands in when the text names
no place; and the MUC-4 location matching of ``eval muc4``. Hand-written pages."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.events.casepath import prepare
from newstrace.events.geo import gazetteer
from newstrace.events.models import shipped_models
from newstrace.events.muc_eval import GoldPlace, location_paths, place_agreement
from newstrace.events.placing import in_attribution
from newstrace.events.stage import EventsStage
from newstrace.nlp import parse_texts


def _event(page: str, phrase: str) -> tuple[Any, list[str]]:
    """The first event the stage finds before the gate (placing does not depend on the gate)
    in the sentence of the page that contains ``phrase``, with its gate features; the page
    ingested and analysed as ``analyze`` does."""
    models = shipped_models()
    if models is None:
        pytest.skip("no shipped events models")
    snippet = prepare(["page"], [page])[0]
    stage = EventsStage(models)
    for a, d, ctx in zip(snippet.parts, snippet.docs, snippet.contexts, strict=True):
        for e, feats in stage.ungated(a, d, ctx):
            if phrase in a.text[e.sentence.start : e.sentence.end]:
                return e, feats
    raise AssertionError(f"no event in the sentence with {phrase!r}")


# The examples/afp-wire pattern: the event's sentence names no place; the sentence before it
# names one where people who comment on the strike are.
PORT_STRIKE = """Dockers stay out as port strike enters third week

MOMBASA, Kenya (AP) — Thousands of dock workers at the port of Mombasa stayed away from the cranes on Monday, leaving more than 40 container ships waiting offshore.

The dockers' union wants a 12 percent pay rise and permanent contracts for casual staff.

"We will not go back until the port authority signs an agreement," the union's secretary-general told reporters outside the main gate.

The port authority said it had offered seven percent and would seek a court order to end the stoppage.

Shipping lines have begun sending vessels to other ports, according to a shippers' council.

The transport minister urged both sides to return to talks on Wednesday.

Landlocked Uganda buys most of its fuel through Mombasa, and traders in Kampala said pump prices had already risen by a fifth.

Police fired tear gas on Saturday to disperse strikers blocking the causeway to the terminals, and two workers were taken to hospital with injuries, the union said.
"""


def test_a_speakers_place_is_not_where_the_event_happened() -> None:
    event, _ = _event(PORT_STRIKE, "tear gas")
    assert event.location is not None
    assert event.location.name != "Kampala"
    assert (event.location.name, event.location.country) == ("Mombasa", "Kenya")


# A standalone dateline (taken out of the text by ingest) and no place in the story itself.
DATELINE_ONLY = """Two traffic policemen shot dead

KARACHI, Pakistan

Gunmen on a motorcycle shot dead two traffic policemen near a busy vegetable market on Monday evening, police said.

The attackers fled before officers arrived, and no group has claimed the killing so far.

Police officials said the victims had been on duty for less than an hour.
"""


def test_the_dateline_places_an_event_when_the_text_names_no_place() -> None:
    event, gate_features = _event(DATELINE_ONLY, "shot dead")
    assert event.location is not None
    assert (event.location.name, event.location.country, event.location.precision) == ("Karachi", "Pakistan", "town")
    # The precision gate reads the event's own place (gate feature version 2).
    assert [f for f in gate_features if f.startswith("a:place:")] == ["a:place:town"]


# The paragraph names the province; the event's sentence only the country.
REGION_THEN_COUNTRY = """Checkpoint attacked

Militants have stepped up their raids in northwest Pakistan since the spring, residents say. On Tuesday night dozens of them attacked a police checkpoint in Pakistan's tribal belt, killing four policemen, officials said.
"""


def test_the_paragraphs_region_beats_the_sentences_country() -> None:
    event, _ = _event(REGION_THEN_COUNTRY, "checkpoint")
    assert event.location is not None
    assert (event.location.name, event.location.precision) == ("Khyber Pakhtunkhwa", "region")


@pytest.mark.parametrize(
    ("sentence", "place", "speaker"),
    [
        ("Traders in Kampala said fuel prices had risen since the strike began.", "Kampala", True),
        ("Police said the attack in Mombasa killed three people.", "Mombasa", False),
        ("According to officials in Lagos, gunmen attacked a village overnight.", "Lagos", True),
        ("The minister told reporters in Nairobi that the talks had failed.", "Nairobi", True),
        ("The group claimed responsibility for the bombing in Quetta.", "Quetta", False),
        ("A report published in Mexico says that a guerrilla column attacked the farm.", "Mexico", True),
    ],
)
def test_places_in_attribution_clauses(sentence: str, place: str, speaker: bool) -> None:
    doc = next(iter(parse_texts([sentence])))
    start = sentence.index(place)
    assert in_attribution(doc, start, start + len(place)) is speaker


def test_muc_locations_parse_into_paths() -> None:
    assert location_paths("EL SALVADOR: SAN SALVADOR (CITY): ESCANDIA (NEIGHBORHOOD)") == (("salvador", "sansalvador", "escandia"),)
    assert location_paths("(COLOMBIA: BARRANQUILLA (CITY)) / (COLOMBIA)") == (("colombia", "barranquilla"), ("colombia",))
    assert location_paths("HONDURAS / EL SALVADOR") == (("honduras",), ("salvador",))
    assert location_paths("COLOMBIA: URABA (REGION / CITY)") == (("colombia", "uraba"),)
    assert location_paths("-") == ()


def test_muc_place_agreement_levels() -> None:
    gaz = gazetteer()
    city = GoldPlace("d", "attack", location_paths("EL SALVADOR: SAN SALVADOR (CITY)"))
    country = GoldPlace("d", "attack", location_paths("EL SALVADOR"))
    san_salvador, el_salvador, bogota = gaz.lookup("San Salvador"), gaz.lookup("El Salvador"), gaz.lookup("Bogota")
    assert san_salvador is not None and el_salvador is not None and bogota is not None
    assert place_agreement(san_salvador, city) == {"country": True, "on_path": True, "specific": True}
    assert place_agreement(el_salvador, city) == {"country": True, "on_path": True, "specific": False}
    # More specific than the key says: the country agrees, the city cannot be checked.
    assert place_agreement(san_salvador, country) == {"country": True, "on_path": False, "specific": False}
    assert place_agreement(el_salvador, country) == {"country": True, "on_path": True, "specific": True}
    assert place_agreement(bogota, city) == {"country": False, "on_path": False, "specific": False}
