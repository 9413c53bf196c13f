"""Trigger words that name no event on their own (data/events/naming.yaml) and attacks made
of words (data/events/usage.yaml, verbal): a rally is a protest only when its sentence says
what it is for or against; an ambassador or a diplomatic compound is no diplomatic
event; "personal attacks" are no attack. Sentences: PolNeAR train (labelled wrong
in data/events/precision_polnear_train.jsonl), CASE 2021 (a protest) and hand-written ones."""

from __future__ import annotations

import pytest

from newstrace.events.extract import extract_events
from newstrace.nlp import parse_texts
from newstrace.records import Article


def _events(text: str) -> list[tuple[str, str]]:
    doc = next(iter(parse_texts([text])))
    article = Article(id="a", source="s", part=0, text=text, published="2016-09-20", published_precision="day")
    return [(e.label, e.trigger.text.lower()) for e in extract_events(article, doc)]


CAMPAIGN = [
    "He is holding a rally in San Jose, Calif., on Thursday instead.",
    "Bill Clinton got in on the game, bashing Sanders during a rally in Brooklyn on Monday.",
    "That doesn't mean we won't see some sort of wild relief rally Wednesday or Thursday, but it likely won't last long.",
    "Donald Trump drew 12,000 supporters to a rally at the convention center in Tampa on Friday.",
]
PROTESTS = [
    "Dozens of protesters rallied across Belarus on 26 March.",
    "Thousands of students rallied in the capital on Saturday to demand the release of detained activists.",
]


@pytest.mark.parametrize("text", CAMPAIGN)
def test_a_rally_that_is_for_no_cause_is_no_protest(text: str) -> None:
    assert not [e for e in _events(text) if e[1].startswith("rall")]


@pytest.mark.parametrize("text", PROTESTS)
def test_a_rally_for_a_cause_is_a_protest(text: str) -> None:
    assert any(label.endswith("PROTEST") or label == "VIOL_DEMONSTR" for label, _ in _events(text))


ACTORS = [
    "The ambassador spoke to reporters in Washington on Tuesday about the trade figures.",
    "The handful of U.S. diplomatic security personnel there also alerted the base in Tripoli.",
    "Bob said he first heard gunfire about 9:42 p.m. and suspected immediately that the diplomatic compound was under attack.",
]


@pytest.mark.parametrize("text", ACTORS)
def test_an_ambassador_or_a_diplomatic_compound_is_no_diplomatic_event(text: str) -> None:
    assert not [e for e in _events(text) if e[1].startswith(("ambassador", "diplomat"))]


def test_expelling_diplomats_is_still_a_diplomatic_event() -> None:
    assert "DIPLO" in {label for label, _ in _events("Germany expelled three Russian diplomats from Berlin on Friday.")}


VERBAL = [
    "They weren't the only candidates flinging personal attacks.",
    "Blistering attacks upend Trump's pivot to statesman mode.",
    "Sanders sharpened his harsh attacks on Clinton in Des Moines on Monday.",
]


@pytest.mark.parametrize("text", VERBAL)
def test_an_attack_of_words_is_no_attack(text: str) -> None:
    assert not [e for e in _events(text) if e[1].startswith("attack")]


IDIOMS = [
    # seed 004
    "The PMU forces played a key role in the defeat of Daesh and other terrorist groups in Iraq, but the US "
    "government has stabbed the anti-terror group in the back on several occasions.",
    # PolNeAR train
    "Forbes shot back in an article stating that New York was the billionaire capital, with 79, while Beijing ranked fourth with 51.",
    'She also said the economic turmoil was not mainly the fault of banks, "not by a long shot.',
    # hand-written
    "Mr. Johnson is a long shot for the nomination in Ohio on Tuesday.",
]


@pytest.mark.parametrize("text", IDIOMS)
def test_a_violent_word_in_an_idiom_is_no_event(text: str) -> None:
    assert not [e for e in _events(text) if e[1].startswith(("stab", "shot"))]


FIGURES = [
    # PolNeAR train (labelled wrong)
    '"Remington and others designed and executed an immoral marketing campaign that specifically targets '
    'violent-prone, military-obsessed young men and the result is bloodshed," the lawsuit says.',
    "Clinton was also the target of $768,000 in reported direct mail attacks by conservative groups, including one "
    "PAC called Stop Hillary.",
    # PolNeAR dev (labelled wrong; the rule was written after its listing had shown them)
    "It avoided shooting itself in the foot when it retaliated against Christmas trees rather than car engines.",
    "It’s denouncing what it calls “the single-biggest coordinated media attack in history.”",
]


@pytest.mark.parametrize("text", FIGURES)
def test_campaigns_mail_and_media_attacks_and_a_shot_foot_are_no_events(text: str) -> None:
    assert not [e for e in _events(text) if e[1].startswith(("execut", "attack", "shoot"))]


def test_a_man_shot_in_the_foot_is_still_an_attack() -> None:
    # The idiom needs a reflexive ("shooting itself in the foot").
    text = "Gunmen shot a police officer in the foot at a checkpoint in Quetta on Monday."
    assert "ATTACK" in {label for label, _ in _events(text)}


def test_a_shot_fired_is_still_an_attack() -> None:
    text = "Gunmen shot dead two police officers at a checkpoint in Quetta on Monday."
    assert any(trigger.startswith("shot") for _, trigger in _events(text))


GENERIC_SUBJECTS = [
    # PolNeAR train
    '(That said, she also noted, "When you attack him, he will punch back 10 times harder.")',
    "And Florida’s Republican attorney general, Pam Bondi, vowed to go after “anyone who attacks our LGBT community.”",
    # hand-written
    "In this city, if you get shot on a Friday night, the ambulance takes an hour.",
]


@pytest.mark.parametrize("text", GENERIC_SUBJECTS)
def test_an_act_of_a_generic_subject_is_no_event(text: str) -> None:
    assert not [e for e in _events(text) if e[1].startswith(("attack", "shot"))]
