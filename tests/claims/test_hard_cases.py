"""Hand-written hard cases and hostile input for the claims stage."""

from __future__ import annotations

import time
from typing import Any

import pytest

from newstrace.claims.quotes import MAX_MARKS, find_quotes

HARD = {
    "unbalanced": (
        'The senator spoke to reporters on Monday. She said: "We will not back down on this bill '
        "and we will win the vote.\n\nThe vote is scheduled for Friday."
    ),
    "paragraphs": (
        "The mayor gave a long statement on the flood.\n\n"
        '"The water reached the old town before dawn and many families lost everything.\n\n'
        '"We will rebuild every house that was lost," Mayor Anna Berg said on Tuesday.'
    ),
    "colon": 'Finance Minister Paul Keller told parliament: "Taxes will rise next year for everyone."',
    "according": "According to the health ministry, the new hospital will open in May.",
    "after": '"The talks have failed," said John Smith, a spokesman for the union.',
    "inside": '"The strike," John Smith said, "will go on until the company listens to us."',
    "told": "Police chief Maria Lopez told reporters that the suspect had fled the country.",
    "none": "The river flows north through the valley. Trees grow on both of its banks.",
    "particle": "The mayor said that many families plan to tune in. Others stayed home.",
    "naming": "The army has targeted the PMU (also known as Hashd al-Sha'abi) in recent months.",
}


@pytest.fixture(scope="module")
def hard(analyse_named: Any) -> dict[str, Any]:
    return analyse_named(HARD)


def test_unbalanced_quote_is_a_claim(hard: dict[str, Any]) -> None:
    c = hard["unbalanced"].claim_with("We will not back down", cue="said")
    assert c.kind == "direct"
    assert "scheduled for Friday" not in c.content.text  # ends with its paragraph
    assert c.speaker is not None and c.speaker.text == "She"


def test_quote_across_paragraphs(hard: dict[str, Any]) -> None:
    c = hard["paragraphs"].claim_with("We will rebuild every house")
    assert "The water reached the old town" in c.content.text
    assert c.kind == "direct"
    assert c.speaker is not None and "Anna Berg" in c.speaker.text


def test_colon_introduction(hard: dict[str, Any]) -> None:
    c = hard["colon"].claim_with("Taxes will rise next year")
    assert c.kind == "direct" and "told" in c.cue.text
    assert c.speaker is not None and "Paul Keller" in c.speaker.text


def test_according_to(hard: dict[str, Any]) -> None:
    c = hard["according"].claim_with("the new hospital will open in May")
    assert c.cue.text.lower() == "according to"
    assert c.kind == "indirect"
    assert c.speaker is not None and c.speaker.text == "the health ministry"


def test_attribution_after_and_inside_the_quote(hard: dict[str, Any]) -> None:
    after = hard["after"].claim_with("The talks have failed")
    assert after.speaker is not None and "John Smith" in after.speaker.text
    inside = hard["inside"].claim_with("The strike")
    assert "will go on until the company listens" in inside.content.text
    assert inside.kind == "direct"
    assert inside.speaker is not None and inside.speaker.text == "John Smith"


def test_told_indirect_speech(hard: dict[str, Any]) -> None:
    c = hard["told"].claim_with("the suspect had fled the country", cue="told")
    assert c.kind == "indirect"
    assert c.speaker is not None and "Maria Lopez" in c.speaker.text


def test_no_claims_where_there_are_none(hard: dict[str, Any]) -> None:
    assert hard["none"].claims == []


def test_a_name_given_with_its_as_is_no_claim(hard: dict[str, Any]) -> None:
    """The tagger may take 'also known as' whole for a cue: a name given, not a statement."""
    assert not [c for c in hard["naming"].claims if "known" in c.cue.text]


def test_a_content_ending_on_a_particle_stays_as_it_is(hard: dict[str, Any]) -> None:
    c = hard["particle"].claim_with("many families plan to tune in", cue="said")
    assert c.content.text.endswith("tune in")


def test_bad_input_never_crashes(analyse: Any) -> None:
    texts = [
        "",
        "   \n\n\t  ",
        "!!!! ??? .... ;;; ---",
        '"' * 3000 + " he said " + "“‘«" * 1000,
        "Der Minister sagte, dass die Steuern im nächsten Jahr steigen werden.",
    ]
    results = analyse(texts)
    assert [r.claims for r in results[:3]] == [[], [], []]
    for r in results:
        for c in r.claims:
            assert r.text[c.content.start : c.content.end] == c.content.text


def test_non_english_article_gets_no_claims(analyse: Any) -> None:
    (r,) = analyse(["Der Minister sagte: „Die Steuern werden im nächsten Jahr steigen.“"], language="de")
    assert r.claims == []


def test_long_single_line_text(analyse: Any) -> None:
    line = "The official said that the plan would work and the council agreed with him " * 1400
    assert len(line) > 100_000
    (r,) = analyse([line])
    for c in r.claims:
        assert line[c.cue.start : c.cue.end] == c.cue.text


def test_thousands_of_quotation_marks_are_bounded() -> None:
    text = ('"a" ‘b’ “c” ' * 20_000) + "'"
    t0 = time.process_time()
    quotes = find_quotes(text)
    # Work is capped by MAX_MARKS, not by the number of marks in the text.
    assert len(quotes) <= MAX_MARKS
    assert time.process_time() - t0 < 30  # a generous guard against a hang, not a speed test
