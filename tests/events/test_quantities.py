"""Casualty figures read with ACLED's conservative conventions, and bad numbers."""

from __future__ import annotations

import pytest

from newstrace.events.casualties import extract_casualties
from newstrace.events.quantities import parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("more than 70", 70),
        ("over 80", 80),
        ("dozens", 12),
        ("a dozen", 12),
        ("hundreds", 100),
        ("at least 254", 254),
        ("almost 2,000", 2000),
        ("twenty-three", 23),
        ("two hundred and fifty", 250),
        ("1,000s", 1000),
        ("70-plus", 70),
        ("between 10 and 15", 10),
        ("10-15", 10),
    ],
)
def test_conservative_values(text: str, value: int) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1e5", "29/12", "99999999999", "many many"])
def test_not_a_count(text: str) -> None:
    assert parse_quantity(text) is None


def test_killed_injured_and_attackers_kept_apart() -> None:
    c = extract_casualties("Three attackers were killed and twelve policemen were injured when the gunmen stormed the post.")
    assert c.attacker_fatalities is not None and c.attacker_fatalities.value == 3
    assert c.fatalities is None
    assert c.injured is not None and c.injured.value == 12


def test_first_figure_wins_over_breakdowns() -> None:
    text = "Airstrikes killed at least 254 Palestinians, including 66 children, wounded almost 2,000."
    c = extract_casualties(text, offset=100)
    assert c.fatalities is not None and (c.fatalities.value, c.fatalities.text) == (254, "at least 254")
    assert text[c.fatalities.start - 100 : c.fatalities.end - 100] == "at least 254"
    assert c.injured is not None and c.injured.value == 2000


@pytest.mark.parametrize(
    "text",
    [
        "In 2014 the group killed.",
        "The blast killed 1,000s and left 70-plus hurt, between 10 and 15 wounded.",
        "killed killed killed " * 200,
        "29/12 was the day 12 were killed",
    ],
)
def test_bad_input_never_crashes(text: str) -> None:
    c = extract_casualties(text)
    if c.fatalities is not None:
        assert c.fatalities.value != 2014
