"""Agents and patients read off the parse: plain nouns and personal names as actors, in
hand-written sentences written like MUC-4's lower-cased reports and like wire copy, and
through the product path (extract_events) on the seeds' bombing of security forces."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.events.arguments import event_arguments
from newstrace.events.extract import extract_events
from newstrace.nlp import parse_texts
from newstrace.records import Article


def _args(sentence: str, trigger: str) -> dict[str, str]:
    doc = next(iter(parse_texts([sentence])))
    start = sentence.index(trigger)
    return {a.text: a.role for a in event_arguments(doc, start, start + len(trigger))}


def test_subject_of_an_active_trigger_did_it_and_its_harmed_object_suffered_it() -> None:
    args = _args("guerrillas attacked the farm, killing a peasant.", "attacked")
    assert args == {"guerrillas": "agent", "peasant": "patient"}  # "farm" is no actor


def test_passive_subject_and_by_agent() -> None:
    args = _args("a peasant was killed by the rebels in flores.", "killed")
    assert args == {"peasant": "patient", "rebels": "agent"}


def test_a_lower_cased_personal_name_after_a_verb_of_harm() -> None:
    args = _args("unidentified individuals killed luis carlos galan and his bodyguard yesterday.", "killed")
    assert args["unidentified individuals"] == "agent"
    assert args["luis carlos galan"] == "patient"
    assert args["his bodyguard"] == "patient"


def test_event_noun_with_target_agent_and_result() -> None:
    args = _args("the attack on the mayor by members of the camilist union left six soldiers dead.", "attack")
    assert args == {"mayor": "patient", "members of the camilist union": "agent", "six soldiers": "patient"}


def test_things_and_pronouns_are_not_actors() -> None:
    assert _args("They bombed the bridge near the border.", "bombed") == {}


@pytest.fixture(scope="module")
def wire_events() -> list[Any]:
    text = (
        "Gunmen kill shopkeeper in Peshawar\n\n"
        "PESHAWAR, Pakistan, March 3 (Reuters) - Unidentified gunmen shot dead a shopkeeper "
        "in Peshawar on Tuesday, police said. The officer was killed near a checkpoint on the ring road."
    )
    doc = next(iter(parse_texts([text])))
    article = Article(id="a", source="s", part=0, text=text, published="2020-03-03", published_precision="day")
    return extract_events(article, doc)


def test_product_path_fills_empty_actor_roles(wire_events: list[Any]) -> None:
    shot = [e for e in wire_events if e.trigger.text.startswith("shot")]
    assert shot, [(e.label, e.trigger.text) for e in wire_events]
    roles = {a.role: a.text for a in shot[0].actors}
    assert roles.get("actor1") == "Unidentified gunmen"
    assert roles.get("actor2") == "shopkeeper"


def test_possessor_of_an_arrest_is_arrested_and_of_a_strike_is_the_striker() -> None:
    assert _args("The commander's arrest angered the militia.", "arrest") == {"commander": "patient"}
    assert _args("Biden's first military strike hit a border post.", "military strike") == {"Biden": "agent"}
