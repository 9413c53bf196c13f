"""Claims the parse repairs after the tagger: "X quoted Y as saying Z" and
"<clause>, according to X", on hand-written sentences and the seeds."""

from __future__ import annotations

from typing import Any

import pytest

CASES = {
    # PolNeAR's convention: cue "quoted", content "<object> as saying <clause>".
    "quoted_as": (
        "The Associated Press quoted Wassim Bouhlel, a Nice native, as saying that after slamming "
        "into the crowd, the truck driver emerged with a gun and started shooting."
    ),
    "cited_as": "The newspaper cited a senior diplomat as saying that the talks had collapsed overnight.",
    # A trailing "according to" reports the whole clause before it.
    "according_wh": (
        "The ministry has also raised its concerns with the council but has been met with what it "
        "calls silence, according to a state media report on Monday."
    ),
}


@pytest.fixture(scope="module")
def cases(analyse_named: Any) -> dict[str, Any]:
    return analyse_named(CASES)


def test_quoted_object_as_saying_is_one_claim_with_the_object_in_its_content(cases: dict[str, Any]) -> None:
    case = cases["quoted_as"]
    c = case.claim_with("the truck driver emerged with a gun", cue="quoted")
    assert c.content.text.startswith("Wassim Bouhlel, a Nice native, as saying that")
    assert c.content.text.endswith("started shooting")
    assert c.speaker is not None and c.speaker.text == "The Associated Press"
    # no second claim cued by "as saying" inside the first one
    assert [x.cue.text for x in case.claims] == ["quoted"]


def test_cited_object_as_saying(cases: dict[str, Any]) -> None:
    c = cases["cited_as"].claim_with("the talks had collapsed", cue="cited")
    assert c.content.text.startswith("a senior diplomat as saying")


def test_trailing_according_to_reports_the_clause_not_a_wh_phrase(cases: dict[str, Any]) -> None:
    c = cases["according_wh"].claim_with("has also raised its concerns", cue="according to")
    assert c.content.text.startswith("The ministry has also raised")
    assert c.content.text.endswith("calls silence")


def test_second_source_quoted_as_saying_seed_004(seeds: dict[str, Any]) -> None:
    s = seeds["004"]
    c = s.claim_with("the operations plan and various options will be discussed", cue="quoted")
    assert c.content.text.startswith("a second source as saying that")
    assert not [x for x in s.claims if "as saying" in x.cue.text]


def test_irna_report_reports_islamabads_concerns_seed_001(seeds: dict[str, Any]) -> None:
    c = seeds["001"].claim_with("Taliban’s negligence", cue="according to")
    assert c.content.text.startswith("In the past year, Islamabad has also raised its concerns")
    assert c.speaker is not None and c.speaker.text == "an IRNA report"
