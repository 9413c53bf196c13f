"""Trigger words that name a thing, not an event (data/events/naming.yaml `names`, `objects`;
extract._names_thing): a word inside a name it does not head ("the North Atlantic Treaty
Organization", "the Cuban Missile Crisis"), a word modifying a noun of hardware ("missile
defence systems", "battle tanks"), a weapon made, moved, bought or held ("factories produce
shells", "provided with long-range missiles") in a sentence with no verb of attack, a "shell"
with no military word in its sentence ("sea shells"). Hand-written sentences, after the
SemEval 2025 t10 candidates labelled wrong (data/events/precision_semeval25_*.jsonl), and one
real SemEval 2025 article from ../shared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newstrace.events import extract
from newstrace.events.lexicon import find_triggers
from newstrace.nlp import parse_texts


def _thing(text: str, word: str) -> bool:
    """Does the rule read the trigger ``word`` of ``text`` as naming a thing?"""
    doc = next(iter(parse_texts([text])))
    trig = next(t for t in find_triggers(text) if t.text.lower() == word.lower())
    sent = extract.Sentence(0, len(text), ())
    return extract._names_thing(doc, text, sent, trig)


NAMES = [
    ("Russia is preparing for a war with the North Atlantic Treaty Organization and the West, he wrote.", "Treaty"),
    ("Experts claim the world has not seen such a crisis since the Cuban Missile Crisis in the 1960s.", "Missile"),
    ("A spokesman for the Poviat Fire Brigade in Hrubieszow said the causes were not known.", "Fire"),
    ("The minister accused the West of tailoring the Organization for the Prohibition of Chemical Weapons to its "
     "interests.", "Chemical Weapons"),
]

EVENT_NAMES = [
    ("Hurricane Katrina killed more than 1,800 people in Louisiana and Mississippi in 2005.", "Hurricane"),
    ("Survivors gathered in the town on Sunday to remember the Bucha Massacre.", "Massacre"),
    ("The soldiers crashed through the Ardennes Forest at the beginning of the Battle of the Bulge in 1944.", "Battle"),
    ("Storm Isha brought winds of 90 mph to Scotland on Sunday.", "Storm"),
]


@pytest.mark.parametrize(("text", "word"), NAMES)
def test_a_trigger_inside_a_name_is_no_event(text: str, word: str) -> None:
    assert _thing(text, word)


@pytest.mark.parametrize(("text", "word"), EVENT_NAMES)
def test_an_events_name_stays_an_event(text: str, word: str) -> None:
    assert not _thing(text, word)


OBJECTS = [
    ("American factories in Pennsylvania together produce about 36,000 155mm shells per month.", "shells"),
    ("Ukraine will not launch its own production of 155 mm shells until the second half of 2024.", "shells"),
    ("During the quarter Lockheed abandoned its purchase of rocket engine maker Aerojet.", "rocket"),
    ("On Wednesday, a number of Patriot missile defence systems sent by Western partners arrived in Ukraine.", "missile"),
    ("First of all, Kyiv needs to be provided with long-range missiles.", "missiles"),
    ("Putin's army has now lost 756 battle tanks since the war began.", "battle"),
    ("In one video, she shows how to cook borscht in a bomb shelter.", "bomb"),
    ("Ocean creatures with shells have protective coatings that prevent dissolution.", "shells"),
    ("Russia is adapting simple bombs to include guidance systems.", "bombs"),
]

USED = [
    ("Russian missiles struck a power plant in Lviv on Thursday.", "missiles"),
    ("Palestinian militants fired rockets into Israel from Gaza on Thursday.", "rockets"),
    ("Artillery shells hit a school in Donetsk on Monday, killing three children.", "shells"),
    ("Moscow launched 57 missiles and drones at Kyiv overnight.", "missiles"),
    ("The village came under heavy shelling on Tuesday.", "shelling"),
]


@pytest.mark.parametrize(("text", "word"), OBJECTS)
def test_a_weapon_as_an_object_is_no_event(text: str, word: str) -> None:
    assert _thing(text, word)


@pytest.mark.parametrize(("text", "word"), USED)
def test_a_weapon_used_stays_an_event(text: str, word: str) -> None:
    assert not _thing(text, word)


def test_the_switches_turn_the_rules_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "NAME_RULES", False)
    monkeypatch.setattr(extract, "OBJECT_RULES", False)
    assert not _thing(*NAMES[0])
    assert not _thing(*OBJECTS[0])


def test_a_storm_shadow_is_a_missile_not_a_storm(ungated: Callable[[str], list[tuple[str, str]]]) -> None:
    # The name's word no longer names the kind: the missile does ("Storm Shadow missiles" was a
    # natural disaster with its missile a second event).
    text = ("Russian forces said on Monday that Ukraine had fired British Storm Shadow missiles at the port of "
            "Berdiansk, killing two people.")
    found = ungated(text)
    assert found and not [e for e in found if e[0] == "NATURAL_DISASTER"]


@pytest.mark.parametrize("article", ["EN_UA_300059", "EN_UA_DEV_26"])
def test_real_article_loses_only_labelled_wrong_candidates(corpus_folder: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch,
                                                           article: str) -> None:
    """A SemEval 2025 article on shell production / the Cuban Missile Crisis: the candidates the
    rules remove were all labelled wrong, and every candidate labelled right is still found."""
    from newstrace.events.data import DATA_DIR
    from newstrace.events.extract import ungated_events
    from newstrace.events.models import shipped_models
    from newstrace.events.precision import norm, read_labels
    from newstrace.records import Article

    models = shipped_models()
    if models is None:
        pytest.skip("no shipped events models")
    text = (corpus_folder("semeval2025t10_en/raw-documents") / f"{article}.txt").read_text(encoding="utf-8")
    labels: dict[tuple[str, str, str], dict[str, object]] = {}
    for path in sorted(DATA_DIR.glob("precision_semeval25_*.jsonl")):
        labels.update(read_labels(path))
    doc = next(iter(parse_texts([text])))
    art = Article(id="a", source="s", part=0, text=text, published="2023-06-01", published_precision="day")

    def keys() -> set[tuple[str, str, str]]:
        return {(article, norm(text[e.sentence.start : e.sentence.end]), e.label)
                for e, _ in ungated_events(art, doc, None, None, models)}

    on = keys()
    monkeypatch.setattr(extract, "NAME_RULES", False)
    monkeypatch.setattr(extract, "OBJECT_RULES", False)
    off = keys()
    removed = off - on
    assert removed, "the rules remove nothing here"
    assert all(k in labels and labels[k]["verdict"] == "wrong" for k in removed)
    right = {k for k in off if k in labels and labels[k]["verdict"] == "right"}
    assert right <= on
