"""Which outlet a document is from: trust order, path patterns, chrome, URL dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.metadata.url_dates import url_date
from newstrace.outlets.chrome import site_name_in_title, site_names_in_chrome
from newstrace.outlets.paths import PathHints, SourcePatternError, SourcePatterns
from newstrace.outlets.resolve import OutletEvidence, resolve_outlet


def _resolve(**kw: object) -> tuple[str, str, str] | None:
    found = resolve_outlet(OutletEvidence(**kw))  # type: ignore[arg-type]
    return (found.outlet.id, found.outlet.name, found.source) if found else None


def test_trust_order_input_site_name_url_path_chrome() -> None:
    path = PathHints("wash-post", None, "{outlet}_{date}_{slug}")
    chrome = ["Harbour Times"]
    url = "https://www.reuters.com/world/x"
    assert _resolve(input_name="IRNA", site_name="Reuters", url=url, path=path, chrome_names=chrome) == (
        "irna", "Islamic Republic News Agency", "input")
    assert _resolve(site_name="Dawn", url=url, path=path, chrome_names=chrome) == ("dawn", "Dawn", "site name")
    assert _resolve(url=url, path=path, chrome_names=chrome) == ("reuters", "Reuters", "url")
    assert _resolve(path=path, chrome_names=chrome) == (
        "the-washington-post", "The Washington Post", "path {outlet}_{date}_{slug}")
    assert _resolve(chrome_names=chrome) == ("harbour-times", "Harbour Times", "chrome")
    assert _resolve() is None


def test_unknown_names_and_domains() -> None:
    # An unknown site on an unknown domain: the domain is the id, the site names it.
    assert _resolve(site_name="Merivale Times", url="https://merivaletimes.example/a") == (
        "merivaletimes.example", "Merivale Times", "site name")
    # A page's own variant of a registered outlet's name is that outlet.
    assert _resolve(site_name="Reuters UK", url="https://uk.reuters.com/a")[:2] == ("reuters", "Reuters")
    # A user's field is the user's word, even on a registered domain.
    assert _resolve(input_name="Coast Daily", url="https://www.reuters.com/a") == (
        "coast-daily", "Coast Daily", "input")
    # A site name that is only an address; a tagline-long site name is no name.
    assert _resolve(site_name="News.Az")[:2] == ("news-az", "News.Az")
    assert _resolve(site_name="x" * 100, url="https://dailytopfeeds.com/x")[0] == "daily-top-feeds"
    # "Dawn | Pakistan's most widely read newspaper": the registered piece.
    assert _resolve(site_name="Dawn | Pakistan's most widely read newspaper")[0] == "dawn"


def test_folder_keys_are_spelled_by_the_chrome() -> None:
    path = PathHints("coastal-herald", None, "{outlet}/{slug}")
    assert _resolve(path=path)[:2] == ("coastal-herald", "Coastal Herald")
    assert _resolve(path=PathHints("hfp", None, "p"), chrome_names=["HFP"])[:2] == ("hfp", "HFP")
    assert _resolve(path=PathHints("afp-wire", None, "p"))[0] == "afp"  # an agency's feed
    assert _resolve(path=PathHints("nytimes.com", None, "p"))[0] == "the-new-york-times"


def _tree(root: Path, files: list[str]) -> Path:
    for f in files:
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        (root / f).write_text("Title\n\nText.\n", encoding="utf-8")
    return root


def test_source_patterns(tmp_path: Path) -> None:
    auto = SourcePatterns.parse("auto")
    polnear = auto.hints("corpora/polnear/train/text/wash-post_2016-01-02_slug-here.txt")
    assert polnear is not None and polnear.outlet_key == "wash-post"
    assert polnear.date is not None and (polnear.date.value, polnear.date.precision) == ("2016-01-02", "day")
    # Folders are outlets only where the inputs hold two or more outlet-like folders.
    two = _tree(tmp_path / "a", ["coastal-herald/x.txt", "harbour-times/y.txt", "text/z.txt", "2016/w.txt"])
    guessed = auto.for_inputs([two])
    assert guessed.outlet_folders == {"coastal-herald", "harbour-times"}
    folder = guessed.hints(str(two / "coastal-herald" / "x.txt"))
    assert folder is not None and (folder.outlet_key, folder.pattern) == ("coastal-herald", "{outlet}/{slug}")
    one = _tree(tmp_path / "b", ["my-news/x.txt", "train-articles-subtask-1/y.txt", "dev_text/z.txt"])
    assert auto.for_inputs([one]).outlet_folders == frozenset()
    assert auto.for_inputs([one / "my-news" / "x.txt", two / "text" / "z.txt"]).outlet_folders == frozenset()
    # Generic folders, dates as folders and multi-record files tell nothing on their own.
    for path in ("polnear/train/text/x.txt", "corpus/2016/a.txt", "examples/feeds/a.jsonl", "a.txt"):
        assert guessed.hints(path) is None, path
    assert SourcePatterns.parse("none").hints("examples/coastal-herald/ferry-fares.txt") is None
    own = SourcePatterns.parse("{outlet}/{date}/{any}")
    hit = own.hints("dump/reuters/20160102/sub/x.json")
    assert hit is not None and hit.outlet_key == "reuters" and hit.date is not None
    assert own.hints("dump/reuters/x.json") is None
    assert SourcePatterns.parse("{outlet}_{date}_{slug}").hints("x_2016-02-30_y.txt").date is None  # no 30 Feb
    for bad in ("{slug}", "{outlet}/{outlet}", "{source}/{slug}"):
        with pytest.raises(SourcePatternError):
            SourcePatterns.parse(bad)


def test_chrome_lines() -> None:
    text = "Headline\n\nBody text here.\n\nCoastal Herald | Independent news from the Kenyan coast since 1998\nTags: x"
    assert site_names_in_chrome(text) == ["Coastal Herald"]
    assert site_names_in_chrome("Body.", ["© 2024 Harbour Times. All rights reserved."]) == ["Harbour Times"]
    assert site_names_in_chrome("Home | News | Sport | Weather\nPolitics | Trump says he will win big") == []


def test_site_name_at_the_end_of_a_page_title() -> None:
    def title(t: str) -> str | None:
        return site_name_in_title(f"<html><head><title>{t}</title></head><body></body></html>")

    assert title("Was ist Virales Marketing? |  DimidoBlog") == "DimidoBlog"
    assert title("Jahresbericht 2021 &mdash; ZAMG") == "ZAMG"
    assert title("News - Elder: Aus dem Ghetto nach Augusta") is None  # a headline, not a name
    assert title("A story - read more") is None
    assert title("Only a headline") is None


def test_an_address_standing_in_for_a_site_name_is_url_evidence() -> None:
    found = _resolve(site_name="sindhobserver.example", url="https://sindhobserver.example/news/1")
    assert found == ("sindhobserver.example", "sindhobserver.example", "url")


def test_url_dates_against_news_reuse_dev(corpora_dir: Path) -> None:
    """Every page whose annotated date was read from its address gets that date back."""
    folder = corpora_dir / "news_reuse_dev"
    if not folder.is_dir():
        pytest.skip("news_reuse_dev is absent")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    evidence = json.loads((folder / "meta_date_evidence.json").read_text(encoding="utf-8"))
    checked = 0
    for page in sorted((folder / "pages").glob("*.json")):
        record = json.loads(page.read_text(encoding="utf-8"))
        how = str(evidence.get(record["id"], ""))
        found = url_date(record["url"])
        if how.startswith("URL") and "?" not in record["url"]:
            checked += 1
            assert found is not None and found.value == meta[record["id"]]["date"], record["url"]
        if found is not None and found.precision == "day":
            assert found.value == meta[record["id"]]["date"], record["url"]
    assert checked >= 5


def test_url_dates_never_guess() -> None:
    assert url_date("https://www.trtworld.com/article/18173355") is None  # an article number
    assert url_date("https://x.example/2024/02/30/story").precision == "month"  # no 30 Feb
    assert url_date("https://x.example/9999/12/31/story") is None
    assert url_date("https://x.example/search?d=2020/01/02") is None  # query strings say nothing
    assert url_date("https://mothership.sg/2023/11/hostages").value == "2023-11-01"


def test_dates_at_the_calendar_edges_are_checked_not_computed() -> None:
    from newstrace.metadata.published import parse_page_date, split_leading_stamp

    assert parse_page_date("9999-12-31T23:59:00Z").value == "9999-12-31"
    assert parse_page_date("0000-00-00") is None and parse_page_date("2023-02-29") is None
    assert parse_page_date("2024-02-29").value == "2024-02-29"
    assert parse_page_date("2024-01-01T25:61").time is None
    assert split_leading_stamp("date 0000-01-01 Headline") is None
    assert url_date("https://x.example/0001/01/01/a") is None
