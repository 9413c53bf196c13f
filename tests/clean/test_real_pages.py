"""Real pages from ../shared/corpora/trafilatura_eval, read through the product path
(ingest reader + process_document), one page per fix: each came out empty, short or with
chrome before. The whole set is scored by ``newstrace eval extraction`` (see
docs/quality-html.md); these few pages keep the fixes from coming undone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newstrace.clean.snippet_eval import newstrace_text, normalise


@pytest.fixture(scope="module")
def pages_dir(corpus_folder: Callable[[str], Path]) -> Path:
    return corpus_folder("trafilatura_eval/pages")


def text_of(pages_dir: Path, name: str) -> str:
    path = pages_dir / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return normalise(newstrace_text(path))


def test_article_container_with_a_sidebar_class_is_kept(pages_dir: Path) -> None:
    # <div class="page-outer ... bdaia-sidebar-right"> holds the whole page: chrome pruning
    # before trafilatura removed it and the page came out without its article.
    assert "Malgré les acquis législatifs" in text_of(pages_dir, "lapresse.tn.parite.html")


def test_article_body_with_a_paywall_class_is_kept(pages_dir: Path) -> None:
    # <div class="article-body paywall-google">
    assert "dos Poderes, não só com manifestações" in text_of(pages_dir, "gazetadopovo.com.br-pacheco.html")


def test_one_line_text_opening_with_the_headline_is_not_taken_for_the_headline(pages_dir: Path) -> None:
    # trafilatura returns the page as one line that starts with the title: the metadata
    # step dropped that line as "the headline", leaving nothing.
    text = text_of(pages_dir, "caymancompass.com-prison.html")
    assert "Northward prison is considered a Category C facility" in text


def test_slideshow_captions_are_the_article(pages_dir: Path) -> None:
    # Each costume is a <figcaption class="flat-slide-caption">: one caption is chrome,
    # seventy of them are the article.
    assert "With a bowler hat, a set of false lashes" in text_of(pages_dir, "popsugar.co.uk.halloween.html")


def test_cookie_notice_dropped_article_kept(pages_dir: Path) -> None:
    text = text_of(pages_dir, "arteradio.com-nuls.html")
    assert "Soucieux de la protection de vos données personnelles" not in text
    assert "revendication prend chaque" in text


def test_read_also_line_in_spanish_dropped(pages_dir: Path) -> None:
    assert "LE PUEDE INTERESAR" not in text_of(pages_dir, "elheraldo.hn-JOH.html")


def test_page_with_stray_nul_bytes_is_read(pages_dir: Path) -> None:
    # 22 NUL bytes after an <img> tag made the reader refuse the page as binary.
    assert "La audiencia que podría ser decisiva" in text_of(pages_dir, "lostiempos.com-juicio.html")
