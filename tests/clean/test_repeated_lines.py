"""The corpus stage removing lines an outlet repeats on many pages (hand-written pages)."""

from __future__ import annotations

import hashlib

from newstrace.clean.repeated_lines import RepeatedLinesStage, is_candidate
from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument
from newstrace.store.base import Store

TAGLINE = "Delta Courier | Your river, your news since 1987"
STANDARD = "The Delta Courier is an independent newspaper owned by its readers' cooperative."
STORIES = [
    "Floodwater reached the market square in Kessa on Tuesday, traders said.",
    "The river ferry resumed service after the water level fell by a metre.",
    "Farmers in the upper delta began replanting rice on Thursday.",
    "The provincial council approved funds to rebuild the embankment.",
]


def _page(i: int, *, tagline: str = TAGLINE) -> str:
    return (
        f"Delta story number {i}\n\n{STORIES[i % len(STORIES)]} Officials said more rain was due.\n\n"
        f"{STANDARD}\n\n{tagline}"
    )


def _store_page(store: Store, source: str, text: str, outlet: str | None = None) -> None:
    raw = RawDocument(
        source=source, content=text, format="text", input_path=source, outlet=outlet,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )
    store.replace_document(source, raw.content_hash, raw.input_path, process_document(raw))


def _run(store: Store) -> None:
    RepeatedLinesStage().run(store, lambda *_: None)


def _texts(store: Store) -> dict[str, str]:
    return {a.source: a.text for a in store.iter_articles()}


def test_line_repeated_across_an_outlet_folder_is_removed_and_recorded(store: Store) -> None:
    for i in range(3):
        _store_page(store, f"courier/{i}.txt", _page(i))
    _store_page(store, "other-site/x.txt", _page(0))  # same line, but one page of its group
    _run(store)
    for article in store.iter_articles():
        if article.source.startswith("courier/"):
            assert TAGLINE not in article.text
            assert article.boilerplate_removed.count(TAGLINE) == 1
        else:
            assert TAGLINE in article.text
        # A repeated standard *sentence* is not chrome: the reuse stage flags it.
        assert STANDARD in article.text
        assert "\n\n\n" not in article.text and article.text == article.text.strip()


def test_incremental_runs_reach_back_and_are_idempotent(store: Store) -> None:
    _store_page(store, "courier/0.txt", _page(0))
    _store_page(store, "courier/1.txt", _page(1))
    _run(store)
    assert all(TAGLINE in t for t in _texts(store).values())  # 2 pages: below MIN_DOCS
    _store_page(store, "courier/2.txt", _page(2))
    _run(store)
    assert all(TAGLINE not in t for t in _texts(store).values())  # older pages revisited
    before = [(a.text, a.boilerplate_removed) for a in store.iter_articles()]
    _run(store)
    assert [(a.text, a.boilerplate_removed) for a in store.iter_articles()] == before


def test_changed_document_is_read_again(store: Store) -> None:
    for i in range(3):
        _store_page(store, f"courier/{i}.txt", _page(i))
    _run(store)
    _store_page(store, "courier/1.txt", _page(1) + "\n\nCorrection appended")
    _run(store)
    texts = _texts(store)
    assert TAGLINE not in texts["courier/1.txt"]
    assert texts["courier/1.txt"].endswith("Correction appended")


def test_outlet_groups_pages_across_folders(store: Store) -> None:
    for i in range(3):
        _store_page(store, f"feed{i}/page.txt", _page(i), outlet="Delta Courier")
    _run(store)
    assert all(TAGLINE not in t for t in _texts(store).values())


def test_line_in_too_small_a_share_of_a_large_group_stays(store: Store) -> None:
    # 3 of 16 pages (< 25 %) share the line: not the outlet's chrome.
    for i in range(16):
        _store_page(store, f"courier/{i:02d}.txt", _page(i, tagline=TAGLINE if i < 3 else f"Edition {i}"))
    _run(store)
    assert sum(TAGLINE in t for t in _texts(store).values()) == 3


def test_candidate_lines_are_short_non_sentences() -> None:
    assert is_candidate(TAGLINE)
    assert is_candidate("Reporting by Lena Ortiz; editing by Tom Hale")
    assert not is_candidate(STANDARD)
    assert not is_candidate("x" * 150)
    assert not is_candidate("2024")
