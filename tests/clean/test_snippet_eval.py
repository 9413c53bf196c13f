"""``newstrace eval extraction`` on the trafilatura_eval layout: the snippet metric, the
layout detection, the side-by-side table and the list of pages newstrace loses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.clean.snippet_eval import (
    Counts,
    PageOutcome,
    SnippetPage,
    evaluate_snippets,
    is_chrome_only,
    is_snippet_layout,
    load_snippet_pages,
    page_counts,
)
from newstrace.cli.main import app

ARTICLE = [
    "The harbour authority in Split cancelled every ferry to the islands on Sunday after bura "
    "winds gusting to 120 kilometres an hour swept the Dalmatian coast.",
    "Hundreds of holidaymakers spent the night on benches in the port, and the coast guard "
    "closed the channel to small boats until the wind eased on Monday morning.",
    "\u201cWe had a wedding to go to on Hvar,\u201d said Anna Lindqvist, a teacher from Gothenburg, "
    "sitting on her suitcase by the ticket office as the last buses left for the city.",
]
PAGE = (
    "<html><head><title>Ferries cancelled in Split</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
    "<article>" + "".join(f"<p>{p}</p>" for p in ARTICLE) + "</article>"
    "<footer><p>Copyright 2024 Dalmatia Daily. All rights reserved.</p></footer></body></html>"
)


@pytest.fixture()
def snippet_folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "split.html").write_text(PAGE, encoding="utf-8")
    (pages / "empty.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    gold = {
        "https://example.hr/split": {
            "file": "split.html",
            "with": ["bura winds gusting to 120 kilometres", "We had a wedding to go to on Hvar"],
            "without": ["All rights reserved", "Sport"],
        },
        "https://example.hr/empty": {"file": "empty.html", "with": ["a sentence the page does not have"], "without": []},
        "https://example.hr/missing": {"file": "not-there.html", "with": ["x"], "without": ["y"]},
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_snippet_metric_as_the_readme_defines_it() -> None:
    page = SnippetPage("u", Path("p.html"), ("found  in\nthe text", "absent"), ("chrome line", "not there"))
    counts = page_counts(page, "Here is found in the text, and a chrome\n line too.")
    # Whitespace is normalised on both sides; matching is by substring.
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)


def test_layout_detected_and_missing_files_skipped(snippet_folder: Path) -> None:
    assert is_snippet_layout(snippet_folder)
    assert not is_snippet_layout(snippet_folder / "pages")
    assert sorted(p.name for p in load_snippet_pages(snippet_folder)) == ["empty.html", "split.html"]


def test_both_systems_scored_in_the_same_run(snippet_folder: Path) -> None:
    report = evaluate_snippets(snippet_folder)
    assert report.pages == 2
    ours = report.ours.counts
    assert (ours.tp, ours.fn, ours.fp) == (2, 1, 0)
    assert report.ours.empty == 1  # the page with only a menu
    assert report.peer.counts.tp + report.peer.counts.fn == 3


def test_cli_prints_side_by_side_with_the_list(snippet_folder: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "extraction", str(snippet_folder), "--list"])
    assert result.exit_code == 0, result.output
    assert "newstrace (product path)" in result.output and "trafilatura" in result.output
    assert "pages where newstrace (product path) returns nothing" in result.output
    component = CliRunner().invoke(app, ["eval", "extraction", str(snippet_folder), "--component"])
    assert component.exit_code == 0 and "newstrace extract_html" in component.output


def test_chrome_only_text_is_counted_and_listed() -> None:
    assert is_chrome_only("Thanks for contacting us. We've received your submission.")
    assert is_chrome_only("By Chaim Gartenberg@cgartenberg Nov 19, 2019, 7:53pm EST")
    assert not is_chrome_only("\n\n".join(ARTICLE))
    assert not is_chrome_only("")  # empty is counted as empty, not as chrome
    page = SnippetPage("u", Path("p.html"), (), ())
    outcome = PageOutcome(page, 12, 80, Counts(), Counts(), "By ...", chrome_only=True)
    assert outcome.short  # a byline alone is listed even though it has words
