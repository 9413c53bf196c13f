"""Outlet and date of real documents through the product path (inputs read as
``analyze`` reads them, then ``process_document``), against file names and folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.ingest import iter_inputs
from newstrace.outlets import registry
from newstrace.outlets.paths import SourcePatterns
from newstrace.pipeline.document import NoArticleText, process_document
from newstrace.records import Article, RawDocument

REPO = Path(__file__).resolve().parents[2]


def _documents(paths: list[Path]) -> list[tuple[RawDocument, list[Article]]]:
    """As ``analyze PATHS`` with the default ``--source-pattern auto``."""
    patterns = SourcePatterns.parse("auto").for_inputs(paths)
    out = []
    for raw in iter_inputs(paths):
        assert isinstance(raw, RawDocument), raw
        out.append((raw, process_document(raw, patterns)))
    return out


def test_polnear_outlets_and_dates_from_file_names(corpora_dir: Path) -> None:
    """All of dev and every tenth train file: >= 99% right outlet and date."""
    root = corpora_dir / "polnear"
    dev = sorted((root / "dev" / "text").glob("*.txt"))
    train = sorted((root / "train" / "text").glob("*.txt"))[::10]
    if not dev or not train:
        pytest.skip("PolNeAR text files are absent")
    reg = registry()
    n = outlet_ok = date_ok = 0
    for raw, articles in _documents(dev + train):
        key, date = Path(raw.input_path).name.split("_")[:2]  # breitbart_2015-11-11_slug.txt
        expected = reg.by_slug(key)
        assert expected is not None
        for a in articles:
            n += 1
            outlet_ok += a.outlet_id == expected.id and a.outlet == expected.name
            date_ok += a.published == date and a.published_precision == "day"
    assert n >= 160
    assert outlet_ok / n >= 0.99, (outlet_ok, n)
    assert date_ok / n >= 0.99, (date_ok, n)


# What the bundled examples state (examples/README.md): outlet by folder, field or page,
# date and time by header timestamp, field or meta tag; no date where the page gives no
# year ("MOMBASA, March 4 (AFP)" stays partial).
EXAMPLES = {
    "afp-wire/port-strike-mombasa.txt": [("Agence France-Presse", None, None)],
    "anatolian-mining-news/zonguldak-rescue.txt": [("Anatolian Mining News", None, None)],
    "coastal-herald/dockers-strike-third-week.txt": [("Coastal Herald", "2024-03-04", "18:40")],
    "coastal-herald/ferry-fares.txt": [("Coastal Herald", "2024-02-27", "16:15")],
    "coastal-herald/fishermen-ban-lifted.txt": [("Coastal Herald", "2024-03-01", "09:05")],
    "harbour-times/port-strike-talks.txt": [("Harbour Times", "2024-03-04", "19:20")],
    "indus-daily/dadu-floods.txt": [("Indus Daily", "2024-08-22", "08:10")],
    "sindh-observer/johi-breach.html": [("Sindh Observer", "2024-08-22", "11:30")],
    "world-digest/ceasefire-and-vote.txt": [("World Digest", None, None)] * 2,
    "merivale-times-2024-10-07-vote": [("Merivale Times", "2024-10-07", None)],
    "coast-radio-2024-10-07-nunes": [("Coast Radio", "2024-10-07", "16:45")],
    "merivale-times-2024-10-08-markets": [("Merivale Times", "2024-10-08", None)],
    "bsn-2024-09-02-zonguldak-charges": [("Black Sea News", "2024-09-02", None)],
    "indus-daily-2024-08-30-aid": [("Indus Daily", "2024-08-30", None)],
}


def test_examples_outlets_and_dates() -> None:
    got = {raw.source: arts for raw, arts in _documents([REPO / "examples"])}
    assert set(got) == set(EXAMPLES)
    for source, expected in EXAMPLES.items():
        assert [(a.outlet, a.published, a.published_time) for a in got[source]] == expected, source
    partial = got["afp-wire/port-strike-mombasa.txt"][0]
    assert partial.published_partial == "--03-04"  # never an invented year
    sources = {a.outlet_source for arts in got.values() for a in arts}
    assert {"path {outlet}/{slug}", "input", "site name"} <= sources


def test_a_lone_folder_or_a_dataset_folder_is_no_outlet(seeds_dir: Path) -> None:
    """The seeds sit in one folder ("seeds"): that names no outlet, so nothing from the
    path (reuse would otherwise take the five seeds for one outlet's repeats)."""
    for _raw, articles in _documents([seeds_dir]):
        assert all(a.outlet_source is None or not a.outlet_source.startswith("path") for a in articles)


def test_every_page_with_an_address_gets_an_outlet(corpora_dir: Path) -> None:
    pages = sorted((corpora_dir / "news_reuse_dev" / "pages").glob("*.json"))
    if not pages:
        pytest.skip("news_reuse_dev is absent")
    docs = _documents(pages)
    assert len(docs) == len(pages)
    assert all(a.outlet_id and a.outlet for _, arts in docs for a in arts)
    meta = json.loads((corpora_dir / "news_reuse_dev" / "meta.json").read_text(encoding="utf-8"))
    dated = [(raw.source, arts[0].published) for raw, arts in docs if meta[raw.source]["date"]]
    right = sum(meta[s]["date"] == d for s, d in dated)
    assert right / len(dated) >= 0.9, dated


def test_html_pages_with_an_address_get_an_outlet(corpora_dir: Path) -> None:
    """A sample of real pages read with the address a crawl gives (as a WARC would)."""
    folder = corpora_dir / "trafilatura_eval"
    if not (folder / "evaldata.json").is_file():
        pytest.skip("trafilatura_eval is absent")
    gold = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    sample = [(u, v["file"]) for u, v in sorted(gold.items()) if u.startswith("http")][::60]
    for url, name in sample:
        html = (folder / "pages" / name).read_text(encoding="utf-8", errors="replace")
        raw = RawDocument(source=name, content=html, format="html", input_path=name, url=url)
        try:
            articles = process_document(raw)
        except NoArticleText:
            continue  # no article text on the page: nothing to give an outlet to
        assert articles[0].outlet_id, url
