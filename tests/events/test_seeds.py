"""The seed articles' events: type, place, date precision and counts (issue 6)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newstrace.events.export import iter_events


@pytest.fixture(scope="module")
def seed_events(seeds_db: str) -> list[dict[str, Any]]:
    from newstrace.store import open_store

    with open_store(str(seeds_db)) as store:
        articles = {a.id: a for a in store.iter_articles()}
        events = list(iter_events(store))
    for e in events:
        a = articles[e["article_id"]]
        e["_source"], e["_text"], e["_published"] = a.source, a.text, a.published
    return events


def _find(events: list[dict[str, Any]], seed: str, words: str) -> dict[str, Any]:
    """The event of that seed whose trigger is nearest the given words (same sentence)."""
    hits = []
    for e in events:
        if not e["_source"].startswith(seed) or words not in e["_text"]:
            continue
        at = e["_text"].index(words)
        distance = abs(e["trigger"]["start"] - at)
        if distance < 200:
            hits.append((distance, e))
    assert hits, f"no event near {words!r} in seed {seed}: {[(e['_source'], e['trigger']) for e in events]}"
    return min(hits, key=lambda h: h[0])[1]


def test_offsets_point_at_the_trigger(seed_events: list[dict[str, Any]]) -> None:
    assert seed_events
    for e in seed_events:
        t = e["trigger"]
        assert e["_text"][t["start"] : t["end"]] == t["text"]


def test_every_kept_event_carries_its_gate_score_at_or_above_its_threshold(seed_events: list[dict[str, Any]]) -> None:
    from newstrace.events.extract import gate_threshold
    from newstrace.events.models import shipped_models

    models = shipped_models()
    assert models is not None and models.gate is not None
    for e in seed_events:
        assert e["gate_score"] is not None, e["trigger"]
        assert gate_threshold(models.settings, e["type"]) <= e["gate_score"] <= 1.0, (e["type"], e["gate_score"])
    # A score, not a constant: the seeds' events are not all equally sure.
    assert len({e["gate_score"] for e in seed_events}) > 1


def test_parachinar_suicide_attack(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "003", "Parachinar")
    assert (e["type"], e["subtype"]) == ("Explosions/Remote violence", "Suicide bomb")
    assert e["location"]["name"] == "Parachinar" and e["location"]["precision"] == "town"
    assert e["location"]["country"] == "Pakistan"
    assert e["fatalities"] == {"value": 70, "text": "over 70"}
    assert "Daesh" in {a["text"] for a in e["actors"] if a["role"] == "actor1"}


def test_sindh_shrine_bombing(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "003", "Sufi shrine")
    assert e["type"] == "Explosions/Remote violence"
    assert (e["location"]["name"], e["location"]["precision"]) == ("Sindh", "region")
    assert e["fatalities"]["value"] == 80


def test_bombing_of_security_forces(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "001", "left 23 security forces")
    assert e["type"] == "Explosions/Remote violence"
    assert e["fatalities"]["value"] == 23
    assert e["location"]["country"] == "Pakistan"
    assert any(a["role"] == "actor2" and a["text"] == "security forces" for a in e["actors"])


def test_june_operation_against_daesh_has_no_invented_year(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "003", "security operation")
    assert e["type"] == "Battles"
    assert (e["location"]["name"], e["location"]["precision"]) == ("Balochistan", "region")
    assert e["fatalities"]["value"] == 12
    if e["_published"] is None:  # the seed gives no year: keep the day, invent no year
        assert e["date"] is None and e["date_precision"] is None
        assert e["date_partial"] == "--06-04"
    else:
        assert e["date"].endswith("-06-04") and e["date_precision"] == "day"
    assert {"Pakistan security forces", "Daesh fighters"} <= {a["text"] for a in e["actors"]}


def test_rocket_attack_on_ain_al_asad(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "004", "barrage of rockets")
    assert e["subtype"] == "Shelling/artillery/missile attack"
    assert (e["location"]["name"], e["location"]["country"], e["location"]["precision"]) == ("Ain al-Asad", "Iraq", "town")
    assert e["date_partial"] == "--05-24" or (e["date"] or "").endswith("-05-24")


def test_gaza_casualty_figures(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "004", "at least 254")
    assert e["subtype"] == "Air/drone strike"
    assert e["fatalities"] == {"value": 254, "text": "at least 254"}
    assert e["injured"] == {"value": 2000, "text": "almost 2,000"}
    assert e["location"]["name"] == "Gaza Strip"


def test_every_record_has_the_interface_fields(seed_events: list[dict[str, Any]]) -> None:
    fields = ["id", "article_id", "event_group", "type", "subtype", "confidence", "date", "date_precision",
              "location", "actors", "fatalities", "injured", "trigger"]
    for e in seed_events:
        assert list(e)[: len(fields)] == fields
        assert 0.0 <= e["confidence"] <= 1.0
        json.dumps({k: v for k, v in e.items() if not k.startswith("_")})


# -- events the product missed before (issue 14) ---------------------------------------------
def test_daesh_flushed_out_of_al_bukamal(seed_events: list[dict[str, Any]]) -> None:
    for seed in ("000", "002"):
        e = _find(seed_events, seed, "flushed out of their last stronghold")
        assert e["subtype"] == "Government regains territory"
        assert (e["location"]["name"], e["location"]["country"], e["location"]["precision"]) == ("Al-Bukamal", "Syria", "town")
        if e["_published"]:  # seed 002 is dated 14-12-2017
            assert (e["date"], e["date_precision"], e["period"]) == ("2017-11-19", "day", "2017-11-19")
        else:  # seed 000 gives "Dec 29" without a year
            assert e["date"] is None and e["date_partial"] == "--11-19"


def test_daesh_advances_of_2014_are_a_non_state_takeover(seed_events: list[dict[str, Any]]) -> None:
    # "Daesh militants made swift advances in northern and western Iraq over the summer of
    # 2014": the group takes ground; no government regains it (typing.yaml).
    e = _find(seed_events, "000", "made swift advances")
    assert e["subtype"] == "Non-state actor overtakes territory"


def test_couple_kidnapped_then_killed(seed_events: list[dict[str, Any]]) -> None:
    kidnap = _find(seed_events, "003", "kidnapped by the terrorist network")
    assert kidnap["subtype"] == "Abduction/forced disappearance"
    assert kidnap["location"]["name"] == "Balochistan"
    # "last month" in an undated article: no date, and not the operation's "June 4".
    assert kidnap["date_partial"] != "--06-04" and kidnap["date"] is None
    killed = _find(seed_events, "003", "later reportedly killed")
    assert killed["type"] == "Violence against civilians" and killed["subtype"] == "Attack"
    assert killed["location"]["name"] == "Balochistan"  # from the sentence before


def test_soleimani_and_muhandis_killed(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "004", "assassination of top anti-terror commander")
    assert e["trigger"]["text"] == "assassination" and e["subtype"] == "Attack"
    assert e["date"] is None  # January 8th, 2020 is the date of Iran's missiles, not of this
    killed = _find(seed_events, "004", "also killed Abu Mahdi al-Muhandis")
    assert killed["subtype"] == "Attack"
    assert (killed["location"]["name"], killed["location"]["precision"]) == ("Iraq", "country")


def test_bidens_first_military_strike(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "004", "first military strike")
    assert e["subtype"] == "Air/drone strike"
    assert (e["location"]["name"], e["location"]["precision"]) == ("Deir ez-Zor", "region")
    assert e["date"] is None and e["date_precision"] is None


def test_places_are_as_specific_as_the_text(seed_events: list[dict[str, Any]]) -> None:
    e = _find(seed_events, "001", "left 23 security forces")
    assert (e["location"]["name"], e["location"]["precision"]) == ("Khyber Pakhtunkhwa", "region")
    # "Palestinian rocket attacks killed 12 ... in the occupied territories": the passage's
    # Gaza Strip is not their place. The gate drops the event (it is typed as air strikes:
    # wrong in precision_seeds.jsonl), so the rule is checked before the gate too.
    phrase = "Palestinian rocket attacks killed 12"
    text = next(e["_text"] for e in seed_events if e["_source"].startswith("004") and phrase in e["_text"])
    at = text.index(phrase)
    inside = [e for e in seed_events if e["_text"] == text and at <= e["trigger"]["start"] < at + len(phrase)]
    assert all(e["location"] is None or e["location"]["name"] != "Gaza Strip" for e in inside)
    from newstrace.events.extract import ungated_events
    from newstrace.events.models import shipped_models
    from newstrace.nlp import parse_texts
    from newstrace.records import Article

    doc = next(iter(parse_texts([text])))
    found = [e for e, _ in ungated_events(Article(id="a", source="004", part=0, text=text), doc, None, None, shipped_models())
             if at <= e.trigger.start < at + len(phrase)]
    assert found and all(e.location is None or e.location.name != "Gaza Strip" for e in found)
