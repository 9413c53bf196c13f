"""The precision gate: its features and that it only ever removes events."""

from __future__ import annotations

from collections import Counter

import pytest

from newstrace.events.extract import extract_events, ungated_events
from newstrace.events.gate import article_features, event_features
from newstrace.events.lexicon import find_triggers
from newstrace.events.models import shipped_models
from newstrace.events.records import EventMention, Extent
from newstrace.nlp import parse_texts
from newstrace.records import Article, Span

POLITICS = (
    "Clinton attacked Trump over his tax returns at a rally in Ohio on Monday. "
    "The crowd cheered as she attacked his record. "
    "Earlier, a bomb exploded at a market in Kabul on Monday, killing 12 people, police said."
)


def _article(text: str) -> Article:
    return Article(id="a", source="s", part=0, text=text, published="2016-09-20", published_precision="day")


def test_article_features_measure_how_much_is_about_conflict() -> None:
    quiet = [Counter() for _ in range(19)] + [Counter({"ATTACK": 1})]
    war = [Counter({"ATTACK": 1})] * 7 + [Counter()] * 3
    calm = article_features(quiet, 1)
    assert "dens>1" in calm and "dens>2" not in calm and "nviol>1" in calm and "nviol>2" not in calm
    busy = article_features(war, 8)
    assert {"dens>1", "dens>5", "nev>4"} <= set(busy)
    # A protest is no violence: it counts as a trigger, not as a violent sentence.
    protest = article_features([Counter({"PEACE_PROTEST": 1})] * 6, 6)
    assert "dens>0" in protest and "dens>1" not in protest and "trig>5" in protest


def test_short_texts_give_no_article_context() -> None:
    """A CASE snippet (1-5 sentences) is all violence by its own share: no levels, one
    feature, so the gate does not learn that conflict sits in articles with little of it."""
    assert article_features([Counter({"ATTACK": 1})], 1) == ["art:short"]
    assert article_features([Counter({"ATTACK": 1})] + [Counter()] * 4, 1) == ["art:short"]
    assert "art:short" not in article_features([Counter({"ATTACK": 1})] + [Counter()] * 5, 1)


def _event(text: str, trigger: str, label: str) -> EventMention:
    lo = text.index(trigger)
    return EventMention(
        id="e", article_id="a", label=label, type="t", subtype="s", confidence=0.9,
        trigger=Span(trigger, lo, lo + len(trigger)), sentence=Extent(0, len(text)),
    )


def test_features_say_whether_the_lexicon_backs_the_sub_type() -> None:
    text = "Police shot dead a man outside the station in Lagos on Monday."
    doc = next(iter(parse_texts([text])))
    sent = next(iter(doc.sents))
    hits = find_triggers(text)
    as_attack = event_features(_event(text, "shot dead", "ATTACK"), text, sent, [], hits)
    as_protest = event_features(_event(text, "shot dead", "PEACE_PROTEST"), text, sent, [], hits)
    assert "lex:trigger" in as_attack and "lex:none" in as_protest
    assert "t:shoot" in as_attack and "L:PEACE_PROTEST" in as_protest
    # ... and reads the sentence's words (lemmas, no stop words)
    assert {"w:police", "w:station", "w:lagos", "w:monday"} <= set(as_attack) and "w:a" not in as_attack


def test_the_gate_only_removes_events() -> None:
    doc = next(iter(parse_texts([POLITICS])))
    article = _article(POLITICS)
    models = shipped_models()
    assert models is not None and models.gate is not None
    gated = [(e.label, e.trigger.text) for e in extract_events(article, doc)]
    everything = [(e.label, e.trigger.text) for e, _ in ungated_events(article, doc, None, None, models)]
    assert set(gated) <= set(everything)
    # The Kabul bombing stays.
    assert any(t.lower().startswith(("bomb", "explo", "kill")) for _, t in gated), gated


def _clause(text: str, trigger: str) -> list[str]:
    from newstrace.events.gate import clause_features

    doc = next(iter(parse_texts([text])))
    lo = text.index(trigger)
    span = doc.char_span(lo, lo + len(trigger), alignment_mode="expand")
    return clause_features(span.root, "Protests")


def test_clause_features_tell_planned_and_future_protests_from_reported_ones() -> None:
    reported = _clause("Hundreds of protesters marched through Cleveland on Monday.", "marched")
    assert "clause:VBD|T:Protests" in reported and "clause:plan|T:Protests" not in reported
    assert "clause:plan|T:Protests" in _clause("Two marches are planned for the convention's opening day.", "marches")
    assert "clause:plan|T:Protests" in _clause("The police are bracing for protests on Monday.", "protests")
    assert "clause:md:will|T:Protests" in _clause("Thousands of protesters will march on the convention.", "march")


def test_non_violent_events_need_their_own_threshold() -> None:
    from newstrace.events.extract import gate_threshold
    from newstrace.events.models import EventSettings

    settings = EventSettings(gate_threshold=0.35, gate_threshold_non_violent=0.45)
    assert gate_threshold(settings, "Protests") == 0.45
    assert gate_threshold(settings, "Strategic developments") == 0.45
    assert gate_threshold(settings, "Explosions/Remote violence") == 0.35
    assert gate_threshold(settings, "Battles") == settings.gate_threshold_battles
    assert gate_threshold(EventSettings(gate_threshold_battles=0.25), "Battles") == 0.25


def test_violence_against_civilians_has_its_own_threshold() -> None:
    """The shipped settings hold the generic, denied and historical "killings" and "attacks" of
    ordinary news to a higher bar than explosions (docs/quality-events.md, "Choosing precision")."""
    from newstrace.events.extract import gate_threshold
    from newstrace.events.models import EventSettings

    settings = EventSettings(gate_threshold=0.5, gate_threshold_civilians=0.75)
    assert gate_threshold(settings, "Violence against civilians") == 0.75
    assert gate_threshold(settings, "Explosions/Remote violence") == 0.5
    assert gate_threshold(settings, "Riots") == 0.5
    models = shipped_models()
    if models is None:
        pytest.skip("no shipped events models")
    assert models.settings == EventSettings()  # the shipped settings.json is the code's defaults
    assert gate_threshold(models.settings, "Violence against civilians") > gate_threshold(models.settings, "Explosions/Remote violence")
