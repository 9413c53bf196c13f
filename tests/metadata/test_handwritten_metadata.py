"""Metadata cases the seeds do not cover, on pages written for these tests."""

from __future__ import annotations

import pytest

from newstrace.metadata.cited_sources import find_cited_sources
from newstrace.metadata.dateline import inline_dateline
from newstrace.metadata.extract import PageMetadata, extract_metadata
from newstrace.metadata.language import detect_language
from newstrace.records import Dateline

BODY = (
    "Rescue teams pulled two more survivors from the collapsed gallery on Tuesday, "
    "the company said, bringing the number of miners rescued to nine."
)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("KABUL, Afghanistan, March 3, 2024 (AP) — The", Dateline("KABUL, Afghanistan", "March 3, 2024", "AP")),
        ("WASHINGTON (Reuters) - The", Dateline("WASHINGTON", None, "Reuters")),
        ("BEIJING, Dec. 5 (Xinhua) -- China", Dateline("BEIJING", "Dec. 5", "Xinhua")),
        ("NEW DELHI: The government", Dateline("NEW DELHI", None, None)),
        ("Speaking to reporters, the minister said: no", None),
        ("Brigadier General Amir Hatami: we will", None),
        ("He added: “we are ready”", None),
    ],
)
def test_inline_datelines(opening: str, expected: Dateline | None) -> None:
    found = inline_dateline(opening)
    assert (found.dateline if found else None) == expected


def test_dateline_year_gives_day_precision() -> None:
    meta = extract_metadata(f"Mine collapse toll rises\n\nKABUL, Afghanistan, March 3, 2024 (AP) — {BODY}", PageMetadata(), first_part=True)
    assert (meta.published, meta.published_precision, meta.published_partial) == ("2024-03-03", "day", None)


def test_page_date_wins_and_gives_the_year() -> None:
    page = PageMetadata(published="2021-06-02T08:00:00Z")
    meta = extract_metadata(f"Headline here\n\nLIMA, June 2 (EFE) - {BODY}", page, first_part=True)
    assert (meta.published, meta.published_precision, meta.published_partial) == ("2021-06-02", "day", None)


def test_month_only_page_date() -> None:
    meta = extract_metadata(BODY, PageMetadata(published="March 2019"), first_part=True)
    assert (meta.published, meta.published_precision) == ("2019-03-01", "month")


def test_page_title_wins_and_its_line_is_removed() -> None:
    story = f"Nine miners rescued after collapse\n\n{BODY}"
    meta = extract_metadata(story, PageMetadata(title="Nine Miners Rescued After Collapse"), first_part=True)
    assert meta.title == "Nine Miners Rescued After Collapse"
    assert meta.text == BODY
    # Later parts never inherit the page title.
    assert extract_metadata(BODY, PageMetadata(title="X"), first_part=False).title is None


def test_first_sentence_is_never_a_title() -> None:
    meta = extract_metadata(f"{BODY}\n\n{BODY}", PageMetadata(), first_part=True)
    assert meta.title is None and meta.text.startswith("Rescue teams")


def test_byline_with_two_names_and_page_author_fallback() -> None:
    meta = extract_metadata(f"Port strike ends\n\nBy Sipho Ndlovu and Jane O'Neil\n\n{BODY}", PageMetadata(), first_part=True)
    assert meta.byline == "Sipho Ndlovu and Jane O'Neil"
    assert meta.text == BODY
    assert extract_metadata(BODY, PageMetadata(author="Desk Editor"), first_part=True).byline == "Desk Editor"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Reuters reported on Monday that talks had stalled.", ["Reuters"]),
        ("The port was closed, according to Xinhua.", ["Xinhua"]),
        ("The minister told Anadolu that the border was open.", ["Anadolu Agency"]),
        ("Two people died, AFP said, citing a hospital source.", ["Agence France-Presse"]),
        ("The ceasefire held overnight, the Associated Press reported, quoting local officials.", ["Associated Press"]),
        ("He said the AP van was parked outside.", []),
        ("Protesters gathered at dawn, and Dawn reported the crowd was peaceful.", ["Dawn"]),
        ("The trend reported by analysts continued.", []),
    ],
)
def test_cited_source_cues(sentence: str, expected: list[str]) -> None:
    assert [c.name for c in find_cited_sources(sentence)] == expected


def test_cited_sources_deduplicated_in_order() -> None:
    text = "Tasnim reported the attack. IRNA said it was over. Tasnim News Agency later quoted him."
    assert [c.name for c in find_cited_sources(text)] == ["Tasnim News Agency", "Islamic Republic News Agency"]


def test_language_detection() -> None:
    assert detect_language(BODY) == "en"
    assert detect_language("Les secours ont sorti deux autres survivants de la galerie effondrée mardi.") == "fr"
    assert detect_language("ok") is None


@pytest.mark.parametrize("kicker", ["LETTERS.", "UPDATE", "EXCLUSIVE", "IN BRIEF"])
def test_section_labels_are_not_datelines(kicker: str) -> None:
    meta = extract_metadata(f"Headline of the day\n\n{kicker}\n\n{BODY}", PageMetadata(), first_part=True)
    assert meta.dateline is None
    assert inline_dateline(f"{kicker.rstrip('.')}: {BODY}") is None


@pytest.mark.parametrize("line", ["SEATTLE", "LOKAR, Velaria", "MOMBASA, Kenya"])
def test_standalone_datelines(line: str) -> None:
    meta = extract_metadata(f"By Jane Doe\n\n{line}\n\n{BODY}", PageMetadata(), first_part=True)
    assert meta.dateline == Dateline(line, None, None)
    assert meta.text == BODY


@pytest.mark.parametrize(
    ("opening", "place"),
    [("MANCHESTER, N.H. (AP) — The", "MANCHESTER, N.H."), ("PASADENA, Calif. (UPI) - The", "PASADENA, Calif."),
     ("ST. LOUIS (AP) — The", "ST. LOUIS")],
)
def test_abbreviations_stay_in_place_names(opening: str, place: str) -> None:
    found = inline_dateline(opening)
    assert found is not None and found.dateline.place == place


def test_all_caps_headline_with_comma_is_not_a_dateline() -> None:
    meta = extract_metadata(f"IRAN, IRAQ SIGN WATER DEAL\n\n{BODY}", PageMetadata(), first_part=True)
    assert meta.dateline is None
    assert meta.title == "IRAN, IRAQ SIGN WATER DEAL"
