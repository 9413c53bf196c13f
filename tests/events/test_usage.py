"""How a trigger is used (data/events/usage.yaml): plans and generic mentions, verbal
attacks, and killings of civilians typed as violence against civilians."""

from __future__ import annotations

import pytest

from newstrace.events.detector import trigger_usage, words_before
from newstrace.events.extract import _civilian_killing
from newstrace.events.lexicon import find_triggers, usage_before, verbal_usage
from newstrace.nlp import parse_texts


@pytest.mark.parametrize(
    ("text", "trigger", "strict", "feature"),
    [
        ("The group vowed to attack the capital.", "attack", True, True),
        ("Officials fear possible attacks on the port.", "attacks", False, True),  # "possible": a feature only
        ("It has claimed several attacks this year.", "attacks", True, True),
        ("Gunmen attacked the convoy on Monday.", "attacked", False, False),
    ],
)
def test_irrealis_and_generic_words(text: str, trigger: str, strict: bool, feature: bool) -> None:
    trig = next(t for t in find_triggers(text) if t.text == trigger)
    before = words_before(text, 0, trig)
    dropped = bool(usage_before("irrealis").search(before) or usage_before("generic").search(before))
    assert dropped is strict
    usage = trigger_usage(trig, None, text, 0)
    assert any(f.startswith(("irr:", "gen:")) for f in usage) is feature


def test_verbal_attacks() -> None:
    sentence, attack_word = verbal_usage()
    assert sentence.search("Trump attacked Clinton in a series of early-morning tweets.")
    assert not sentence.search("Gunmen attacked the convoy near Kandahar.")
    assert attack_word.match("attacked") and not attack_word.match("bombed")


@pytest.mark.parametrize(
    ("text", "civilian"),
    [
        ("The couple was later reportedly killed, according to a video.", True),
        ("The strike also killed Abu Mahdi al-Muhandis, the deputy commander.", True),
        ("Three soldiers were killed near the border.", False),
        ("Militants attacked the village from several directions.", False),  # no killing verb
        ("A roadside bomb killed two civilians.", False),  # another kind of violence is named
    ],
)
def test_civilian_killings(text: str, civilian: bool) -> None:
    doc = next(iter(parse_texts([text])))
    assert _civilian_killing(doc, find_triggers(text)) is civilian
