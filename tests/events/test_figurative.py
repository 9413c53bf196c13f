"""Words that look like event triggers but report no event in political news: a month
name ("a March 2016 meeting") and seizing on an argument ("seized on his claim")."""

from __future__ import annotations

from newstrace.events.extract import extract_events
from newstrace.nlp import parse_texts
from newstrace.records import Article


def _events(text: str) -> list[tuple[str, str]]:
    doc = next(iter(parse_texts([text])))
    article = Article(id="a", source="s", part=0, text=text, published="2016-09-20", published_precision="day")
    return [(e.label, e.trigger.text) for e in extract_events(article, doc)]


def test_a_month_name_is_no_march() -> None:
    text = (
        "In a March 2016 meeting with the editorial board of the Daily Ledger in Chicago, the senator "
        "said that U.S. involvement in NATO may need to be significantly diminished in the coming years."
    )
    assert all(label != "PEACE_PROTEST" for label, _ in _events(text))


def test_a_protest_march_is_still_one() -> None:
    text = "Thousands of students joined a march in Santiago on Thursday to demand free education."
    assert ("PEACE_PROTEST", "march") in _events(text)


def test_seizing_on_a_claim_is_no_seizure() -> None:
    text = "Democrats in Washington seized on Trump's claim on Monday that there were thousands of shootings."
    assert all(trigger.lower() != "seized" for _, trigger in _events(text))


def test_seizing_a_town_is_still_an_event() -> None:
    text = "Islamic State fighters seized the town of Hit in Anbar province on Monday, police said."
    assert any(trigger.lower().startswith("seized") for _, trigger in _events(text))


# Figurative uses, plans, threats and generic mentions stay out; the report beside each stays
# in. (Denials do not: CASE labels "X denied responsibility for the attack" ATTRIB.)
NOT_EVENTS = [
    "Trump attacked Machado in early-morning tweets, calling her a disaster.",
    "The rebels threatened to attack the capital if the talks fail.",
    "The army plans to launch an offensive against the militants next spring.",
    "Terrorism remains the biggest threat to the region, the minister said.",
    "His speech was a bombshell that exploded the campaign's careful message.",
]
EVENTS = [
    ("Gunmen attacked a police station in Kano on Tuesday, killing three officers.", "Violence against civilians|Battles"),
    ("Rebels attacked the capital on Monday, and 12 soldiers were killed in the fighting.", "Battles|Violence against civilians"),
    ("A roadside bomb exploded near a convoy in Helmand province on Sunday, wounding four soldiers.", "Explosions/Remote violence"),
]


def _types(text: str) -> list[str]:
    doc = next(iter(parse_texts([text])))
    article = Article(id="a", source="s", part=0, text=text, published="2016-09-20", published_precision="day")
    return [e.type for e in extract_events(article, doc)]


def test_figurative_plans_threats_denials_and_generic_mentions_are_no_events() -> None:
    found = {text: _types(text) for text in NOT_EVENTS}
    assert not any(found.values()), found


def test_the_reports_beside_them_are_events() -> None:
    for text, types in EVENTS:
        found = _types(text)
        assert found and found[0] in types.split("|"), (text, found)
