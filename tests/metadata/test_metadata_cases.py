"""Metadata on hand-written pages: cases the seeds do not cover."""

from __future__ import annotations

import pytest

from newstrace.metadata.byline import parse_byline
from newstrace.metadata.cited_sources import find_cited_sources
from newstrace.metadata.dateline import find_inline_dateline, parse_standalone_dateline
from newstrace.metadata.extract import PageMetadata, extract_metadata
from newstrace.metadata.language import detect_language
from newstrace.metadata.published import parse_dateline_date, parse_header_date, parse_page_date
from newstrace.metadata.title import is_headline
from newstrace.records import Dateline

BODY = (
    "Rescue teams pulled 11 miners alive from the collapsed shaft on Sunday, the company said.\n\n"
    "“We heard them knocking on the pipes,” a rescuer told reporters."
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("WASHINGTON (Reuters) - The Senate voted", Dateline("WASHINGTON", None, "Reuters")),
        ("LONDON, March 3 (Reuters) - Britain said", Dateline("LONDON", "March 3", "Reuters")),
        ("KABUL, Afghanistan (AP) — The Taliban said", Dateline("KABUL", None, "AP")),
        ("BEIJING, Dec. 5 (Xinhua) -- China said", Dateline("BEIJING", "Dec 5", "Xinhua")),
        ("ANKARA (AA) – Turkish officials said", Dateline("ANKARA", None, "AA")),
        ("GENEVA — The talks resumed", Dateline("GENEVA", None, None)),
        ("Port Salem, 12 June, Kabar – Officials said", Dateline("Port Salem", "12 June", "Kabar")),
    ],
)
def test_inline_datelines(paragraph: str, expected: Dateline) -> None:
    found = find_inline_dateline(paragraph)
    assert found is not None and found.dateline == expected
    assert paragraph[found.end :][0].isupper()


@pytest.mark.parametrize(
    "paragraph",
    [
        "EXCLUSIVE: Ministers were warned months ago",
        "Washington: the talks went nowhere, officials said",
        "He said: we will not give up",
        "The Ninth Circle: The Hellish View from Inside the Beltway",
        "Meanwhile, Iraqi security forces - who had arrested him - said",
        "US providing Daesh with arms in Pakistan: MWM",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert find_inline_dateline(paragraph) is None


def test_standalone_dateline_lines() -> None:
    assert parse_standalone_dateline("GAZA CITY") == Dateline("GAZA CITY", None, None)
    assert parse_standalone_dateline("Kessa, Dec 2") == Dateline("Kessa", "Dec 2", None)
    assert parse_standalone_dateline("Rescue teams reach the village") is None
    assert parse_standalone_dateline("By Aamir Latif") is None


def test_bylines() -> None:
    assert parse_byline("By Aamir Latif") == "Aamir Latif"
    assert parse_byline("BY JOHN SMITH and MARY JONES") == "JOHN SMITH and MARY JONES"
    assert parse_byline("By the way, nobody came.") is None
    assert parse_byline("Bystanders said the shaft collapsed.") is None


def test_headlines() -> None:
    assert is_headline("Eleven miners rescued after four days underground")
    assert is_headline("Can the ceasefire hold?")
    assert not is_headline("Rescue teams pulled 11 miners alive from the collapsed shaft on Sunday.")
    assert not is_headline("x" * 300)


def test_page_without_title_line_gets_no_title() -> None:
    meta = extract_metadata(BODY, PageMetadata(), first_part=True)
    assert meta.title is None
    assert meta.text == BODY


def test_page_metadata_title_wins_and_duplicate_title_line_is_removed() -> None:
    story = "Kessa mine: the rescue\n\n" + BODY
    meta = extract_metadata(story, PageMetadata(title="Eleven miners rescued after four days"), first_part=True)
    assert meta.title == "Eleven miners rescued after four days"
    assert meta.text == story  # the first line differs from the page title: it is kept
    meta = extract_metadata("‘Eleven miners rescued after four days’\n\n" + BODY,
                            PageMetadata(title="Eleven miners rescued after four days"), first_part=True)
    assert meta.text == BODY


def test_page_author_fills_a_missing_byline() -> None:
    meta = extract_metadata(BODY, PageMetadata(author="Lena Ortiz"), first_part=True)
    assert meta.byline == "Lena Ortiz"


def test_dateline_year_comes_from_page_date_or_stays_partial() -> None:
    story = "Mine rescue ends\n\nKESSA, Nov 3 (AFP) – " + BODY
    with_date = extract_metadata(story, PageMetadata(published="2024-11-03T09:12:00Z"), first_part=True)
    assert (with_date.published, with_date.published_precision, with_date.published_partial) == ("2024-11-03", "day", None)
    without = extract_metadata(story, PageMetadata(), first_part=True)
    assert (without.published, without.published_precision, without.published_partial) == (None, None, "--11-03")
    with_year = extract_metadata("KESSA, Nov. 3, 2024 (AFP) – " + BODY, PageMetadata(), first_part=True)
    assert (with_year.published, with_year.published_precision) == ("2024-11-03", "day")


def test_header_timestamp_line_feeds_published_and_is_removed() -> None:
    story = "Posted on: 3 November 2024, 10:15\n\nMine rescue ends\n\n" + BODY
    meta = extract_metadata(story, PageMetadata(), first_part=True)
    assert (meta.published, meta.published_precision) == ("2024-11-03", "day")
    assert meta.removed == ["Posted on: 3 November 2024, 10:15"]
    assert meta.title == "Mine rescue ends"


def test_date_parsers_never_invent_a_year() -> None:
    assert parse_header_date("December 14") is None
    assert parse_page_date("14 December") is None
    assert parse_dateline_date("Dec 29") == (None, "--12-29")
    page = parse_page_date("March 2021")
    assert page is not None and (page.value, page.precision) == ("2021-03-01", "month")
    year = parse_page_date("2019")
    assert year is not None and year.precision == "year"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The governor told Anadolu that 40 homes were lost.", ["Anadolu Agency"]),
        ("Tasnim reported that the border post was attacked.", ["Tasnim News Agency"]),
        ("According to IRNA, the minister arrived on Monday.", ["Islamic Republic News Agency"]),
        ("Police said, as reported by the IRNA news agency, that two died.", ["Islamic Republic News Agency"]),
        ("Xinhua said 12 people died; Reuters reported the same figure.", ["Xinhua", "Reuters"]),
        ("Officials quoted by AFP said the road was closed. AFP said later it was open.", ["Agence France-Presse"]),
        ("The PTI said its rally would go ahead in Lahore.", []),  # the party, not Press Trust of India
        ("Growth in the MENA region (MENA) slowed.", []),
        ("The Press Trust of India (PTI) news agency reported the figure.", ["Press Trust of India"]),
        ("Nobody from the ministry commented.", []),
    ],
)
def test_cited_sources(text: str, expected: list[str]) -> None:
    assert [c.name for c in find_cited_sources(text)] == expected


def test_language_detection() -> None:
    assert detect_language(BODY) == "en"
    assert detect_language("Les secouristes ont sorti onze mineurs vivants du puits effondré dimanche.") == "fr"
    assert detect_language("ok") is None


# Long enough for the English fast path's word count: none of these may take it.
NON_ENGLISH = {
    "fr": "Les secouristes ont sorti onze mineurs vivants du puits effondré dimanche soir, après trois jours de recherches dans des conditions très difficiles. Le préfet a déclaré que deux hommes étaient encore portés disparus et que les opérations continueraient toute la nuit malgré la pluie.",
    "de": "Die Rettungskräfte haben am Sonntagabend elf Bergleute lebend aus dem eingestürzten Schacht geborgen, nachdem sie drei Tage lang unter sehr schwierigen Bedingungen gesucht hatten. Der Präfekt sagte, zwei Männer würden noch vermisst und die Arbeiten würden die ganze Nacht über weitergehen, was die Familien erleichtert.",
    "es": "Los equipos de rescate sacaron con vida a once mineros del pozo derrumbado el domingo por la noche, después de tres días de búsqueda en condiciones muy difíciles. El prefecto dijo que todavía hay dos hombres desaparecidos y que las operaciones continuarán durante toda la noche a pesar de la lluvia.",
    "nl": "De reddingswerkers hebben zondagavond elf mijnwerkers levend uit de ingestorte schacht gehaald, na drie dagen zoeken onder zeer moeilijke omstandigheden. De prefect zei dat er nog twee mannen vermist zijn en dat het werk de hele nacht doorgaat, ook al is het weer slecht en was de schacht al eerder ingestort.",
    "pt": "As equipas de resgate retiraram com vida onze mineiros do poço que desabou no domingo à noite, depois de três dias de buscas em condições muito difíceis. O prefeito disse que dois homens continuam desaparecidos e que as operações vão continuar durante toda a noite apesar da chuva que cai na região.",
}


@pytest.mark.parametrize("code", sorted(NON_ENGLISH))
def test_language_fast_path_leaves_other_languages_to_the_identifier(code: str) -> None:
    assert detect_language(NON_ENGLISH[code]) == code


def test_language_of_all_capitals_english_wire_copy() -> None:
    # MUC-era wire copy is all capitals; py3langid alone is unsure of it.
    assert detect_language(BODY.upper() * 2) == "en"


def test_period_headlines_only_when_short_title_case_without_reporting_verbs() -> None:
    assert is_headline("Wash Post Fact-Check: If Obama Says It, It’s True.")
    assert not is_headline("He added that the terror group is recruiting members on Pakistani soil.")
    assert not is_headline("The Minister of Mines said Talks Had Failed.")
    assert not is_headline("ABSTRACT.")


def test_first_line_with_a_dateline_is_no_title() -> None:
    story = "TRENTON, N.J. (AP) — Was that really the governor?\n\n" + BODY
    meta = extract_metadata(story, PageMetadata(), first_part=True)
    assert meta.title is None
    assert meta.dateline == Dateline("TRENTON", None, "AP")


def test_agency_credit_after_a_byline_name_is_not_an_author() -> None:
    assert parse_byline("By Jane Doe, Reuters") == "Jane Doe"
    assert parse_byline("By Jane Doe, Tom Hale") == "Jane Doe, Tom Hale"
