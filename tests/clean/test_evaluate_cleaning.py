from __future__ import annotations

from pathlib import Path

from newstrace.clean.evaluate_cleaning import measure_folder

PAGES = Path(__file__).resolve().parents[1] / "data" / "clean"


def test_measure_counts_the_split_page() -> None:
    figures = measure_folder(PAGES)
    assert figures.docs == 3
    assert figures.split_names == ["two_stories_separator.txt"]
    assert figures.titled == 3 and figures.title_is_first_line == 3
