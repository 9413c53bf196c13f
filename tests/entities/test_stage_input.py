"""The stage on hand-written and hostile text (spaCy parse included)."""

from __future__ import annotations

import pytest

from newstrace.entities.stage import EntitiesStage
from newstrace.records import Article
from newstrace.stages import ArticleContext


@pytest.fixture(scope="module")
def stage_run():
    from newstrace.nlp import load_nlp

    nlp = load_nlp()
    stage = EntitiesStage()

    def run(text: str):
        article = Article(id="a_test", source="t", part=0, text=text)
        return stage.run(article, nlp(text), ArticleContext(article)).mentions

    return run


def test_acronym_defined_in_the_article(stage_run):
    text = ("Leaders of the Balochistan Awami Party (BAP) met on Monday. "
            "A BAP spokesman said the party would contest the vote.")
    ms = stage_run(text)
    bap = {m.entity_id for m in ms if m.text in {"Balochistan Awami Party", "BAP"}}
    assert len(bap) == 1
    assert sum(m.text == "BAP" for m in ms) == 2


def test_washington_support_is_the_government_but_a_visit_is_the_city(stage_run):
    ms = stage_run("Washington's support for the militia angered Tehran. The delegation flew to Washington on Friday.")
    washington = [m for m in ms if m.text == "Washington"]
    assert [m.role for m in washington] == ["metonym", "name"]
    assert washington[0].canonical == "Government of the United States"
    assert washington[1].label == "GPE"


def test_the_minister_needs_someone_to_refer_to(stage_run):
    ms = stage_run("The minister said nothing. Officials declined to comment.")
    assert not [m for m in ms if m.role == "title"]


def test_hostile_input_finishes(stage_run):
    parens = " ".join("(ABCDEFGHIJ)" for _ in range(2000))
    words = " ".join(f"Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa (ABCDEFGHIJ) {i}" for i in range(300))
    for text in [parens, words, "x" * 100_000, "", "’s ’s (IS) IS IS"]:
        ms = stage_run(text)
        for m in ms:
            assert text[m.start : m.end] == m.text


def test_longer_organisation_name_beats_a_registry_prefix(stage_run):
    text = "The UN World Food Program said aid was blocked. The UN called for a ceasefire."
    ms = stage_run(text)
    wfp = [m for m in ms if m.text == "UN World Food Program"]
    un = [m for m in ms if m.text == "UN"]
    assert len(wfp) == 1 and wfp[0].label == "ORG"
    assert len(un) == 1 and un[0].start > wfp[0].end and un[0].canonical == "United Nations"


def test_capital_accusing_is_the_government(stage_run):
    ms = stage_run("Tehran accused the United States of arming militants. Protesters gathered in Tehran.")
    tehran = [m for m in ms if m.text == "Tehran"]
    assert [m.role for m in tehran] == ["metonym", "name"]
    assert tehran[0].canonical == "Government of Iran"


def _entity(ms, surface):
    return {m.entity_id for m in ms if m.text == surface}


def test_a_nameless_title_takes_the_person_a_later_sentence_introduces_by_rank(stage_run):
    ms = stage_run(
        "Pakistan's army chief has offered talks to Kabul.\n\n"
        "\"The threat is real,\" General Qamar Javed Bajwa said on Friday. "
        "The army chief spoke to tribal elders."
    )
    bajwa = _entity(ms, "Qamar Javed Bajwa")
    assert len(bajwa) == 1
    assert _entity(ms, "Pakistan's army chief") == bajwa
    assert _entity(ms, "The army chief") == bajwa


@pytest.mark.parametrize(
    "text",
    [
        # named in the same sentence: another person
        "Pakistan's army chief met President Joe Biden in Washington on Friday.",
        # introduced with another country's rank
        "Pakistan's army chief has offered talks. US President Joe Biden welcomed the offer.",
        # no rank introduces the next person
        "Pakistan's army chief has offered talks. Analyst Imran Khalid welcomed the offer.",
    ],
)
def test_a_nameless_title_stays_a_role_when_no_later_person_is_introduced_for_it(stage_run, text):
    ms = stage_run(text)
    title = _entity(ms, "Pakistan's army chief")
    others = {m.entity_id for m in ms if m.label == "PERSON" and m.text != "Pakistan's army chief"}
    assert len(title) == 1
    assert others and not title & others


def test_a_name_written_with_a_place_noun_is_that_place(stage_run):
    ms = stage_run(
        "On May 24, a barrage of rockets landed in Iraq's Ain al-Asad air base, which houses US forces.\n"
        "Ain al-Asad has been targeted several times since January."
    )
    asad = [m for m in ms if m.text == "Ain al-Asad"]
    assert asad and {m.label for m in asad} == {"FAC"}


def test_a_persons_surname_before_camp_or_base_stays_the_person(stage_run):
    ms = stage_run(
        "Hillary Clinton spoke in Iowa on Monday. The Clinton camp said turnout was high, "
        "and Clinton thanked her base in Polk County."
    )
    clinton = [m for m in ms if m.text == "Clinton"]
    assert clinton and {m.label for m in clinton} == {"PERSON"}


@pytest.mark.parametrize(
    "text",
    [
        "Militants were flushed out of their last stronghold in Syria's Al-Bukamal on Sunday.",
        "Militants were flushed out of Al-Bukamal, Syria, on Sunday.",
    ],
)
def test_a_name_written_as_a_city_of_its_country_is_that_city(stage_run, text):
    ms = stage_run(text)
    town = [m for m in ms if m.text == "Al-Bukamal"]
    assert town and {m.label for m in town} == {"GPE"}


def test_a_person_next_to_a_country_stays_a_person(stage_run):
    ms = stage_run("Pakistan's Imran Khan met Iraq's Haider al-Abadi in Baghdad on Sunday.")
    people = [m for m in ms if m.text in {"Imran Khan", "Haider al-Abadi"}]
    assert people and {m.label for m in people} == {"PERSON"}
