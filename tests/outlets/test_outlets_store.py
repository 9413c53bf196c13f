"""The outlets table, the ``outlets`` export and the new ``articles`` fields."""

from __future__ import annotations

from pathlib import Path

from newstrace.cli.main import source_lines
from newstrace.outlets.paths import SourcePatterns
from newstrace.outlets.store import iter_outlets, outlets_with_counts, save_outlets
from newstrace.pipeline.analyze import ingest
from newstrace.records import Outlet
from newstrace.store.base import Store

REPO = Path(__file__).resolve().parents[2]
OUTLET_FIELDS = ["id", "name", "domains", "aliases", "kind", "country", "affiliation", "article_count"]


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for folder, name, text in [
        ("reuters", "a.txt", "Oil rises\n\nOil prices rose on Monday, traders said.\n"),
        ("reuters", "b.txt", "Oil falls\n\nOil prices fell on Tuesday, traders said.\n"),
        ("afp", "c.txt", "Gold steady\n\nGold was steady on Tuesday, dealers said.\n"),
        ("text", "harbour-times_2024-03-04_strike.txt", "Strike\n\nDockers struck on Monday.\n"),
    ]:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text(text, encoding="utf-8")
    (root / "feed.jsonl").write_text(
        '{"id": "m1", "url": "https://merivaletimes.example/a", "text": "Votes counted on Monday.", '
        '"published": "2024-10-07T16:45:00Z"}\n',
        encoding="utf-8",
    )
    return root


def test_outlets_are_stored_and_exported_with_counts(store: Store, tmp_path: Path) -> None:
    summary = ingest([_corpus(tmp_path)], store)
    records = list(iter_outlets(store))
    assert all(list(r) == OUTLET_FIELDS for r in records)
    by_id = {r["id"]: r for r in records}
    assert by_id["reuters"]["article_count"] == 2 and by_id["reuters"]["kind"] == "wire agency"
    assert by_id["harbour-times"]["name"] == "Harbour Times"
    assert by_id["merivaletimes.example"]["domains"] == ["merivaletimes.example"]
    assert sum(r["article_count"] for r in records) == store.count("articles")
    assert [r["id"] for r in outlets_with_counts(store, kind="wire agency")] == ["reuters", "afp"]
    assert outlets_with_counts(store, country="GB")[0]["registered"] is True
    # The run summary says what the paths told.
    assert set(summary.path_inferences) == {"{outlet}/{slug}", "{outlet}_{date}_{slug}"}
    assert any("--source-pattern none" in line for line in source_lines(summary, "auto"))
    # Articles carry outlet_id and published_time in INTERFACE order.
    rec = next(a.to_dict() for a in store.iter_articles() if a.source == "m1")
    keys = list(rec)
    assert keys[keys.index("outlet") + 1] == "outlet_id"
    assert keys[keys.index("published_precision") + 1] == "published_time"
    assert (rec["outlet_id"], rec["published"], rec["published_time"]) == ("merivaletimes.example", "2024-10-07", "16:45")
    # A rerun adds nothing.
    ingest([_corpus(tmp_path)], store)
    assert list(iter_outlets(store)) == records


def test_no_path_guessing_when_turned_off(store: Store, tmp_path: Path) -> None:
    ingest([_corpus(tmp_path)], store, source_pattern=SourcePatterns.parse("none"))
    assert {r["id"] for r in iter_outlets(store)} == {"merivaletimes.example"}
    assert store.count("articles", outlet_id=None) == 4


def test_a_made_up_outlet_keeps_its_best_name(store: Store) -> None:
    save_outlets(store, [Outlet("site.example", "Site Times", ("site.example",), registered=False)])
    save_outlets(store, [Outlet("site.example", "site.example", ("site.example",), registered=False)])
    assert store.rows("outlets", id="site.example")[0]["name"] == "Site Times"
