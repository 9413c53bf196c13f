"""``newstrace eval metadata PATH``: title, wire agency, outlet and date, through the
product path (inputs read as ``analyze`` reads them, then ``process_document`` with the
same ``--source-pattern``). The layout of PATH decides what is scored:

    newstrace eval metadata ../shared/corpora/polnear --split train
    newstrace eval metadata ../shared/corpora/news_reuse_dev
    newstrace eval metadata ../shared/corpora/trafilatura_eval --limit 200
    newstrace eval metadata examples

- PolNeAR (``metadata.tsv``, ``SPLIT/text``): title exact match and wire-agency recall
  against metadata.tsv; outlet and date of every article against its file name
  (``breitbart_2015-11-11_slug.txt``; metadata.tsv's publisher and publication_date are the
  same values): right = the registry outlet of the file's prefix and the file's date at
  day precision.
- news_reuse_dev (``pages/*.json`` with ``meta.json``): coverage (pages that get an outlet,
  a date), the outlet's name against the annotated one (its part before any parenthesis,
  compared as slugs) and the date against the annotated date where there is one.
- trafilatura_eval (``evaldata.json``, ``pages/``): each page read with its address as a
  crawl would give it: share of pages with an address that get an outlet, and a date
  (``--bare``: read as a folder of .html files is, without the address).
- any other folder (``examples/``): outlet of every article in an outlet-named folder
  against that folder; coverage of dates.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from newstrace.ingest import iter_inputs
from newstrace.outlets.paths import SourcePatternError, SourcePatterns
from newstrace.outlets.registry import registry, slugify
from newstrace.pipeline.document import NoArticleText, process_document
from newstrace.records import Article, RawDocument

WIRES = {"AP": "Associated Press", "reuters": "Reuters", "AFP": "Agence France-Presse", "UPI": "United Press International"}


def _fold(s: str) -> str:
    return re.sub(r"\W+", " ", s.replace("’", "'")).strip().casefold()


@dataclass
class Tally:
    """Counts for one corpus; ``misses`` keeps a few examples to show."""

    articles: int = 0
    documents: int = 0
    failed: int = 0
    outlet_given: int = 0
    outlet_right: int = 0
    outlet_scored: int = 0
    date_given: int = 0
    date_right: int = 0
    date_scored: int = 0
    misses: list[str] = field(default_factory=list)

    def miss(self, text: str) -> None:
        if len(self.misses) < 8:
            self.misses.append(text)


def _articles(raws: Iterator[RawDocument | object], patterns: SourcePatterns, tally: Tally) -> Iterator[tuple[RawDocument, list[Article]]]:
    for raw in raws:
        tally.documents += 1
        if not isinstance(raw, RawDocument):  # unreadable: counted as not analysed
            tally.failed += 1
            continue
        try:
            articles = process_document(raw, patterns)
        except NoArticleText:
            tally.failed += 1
            continue
        except Exception as e:  # noqa: BLE001 - as analyze does: one document's failure is counted, the run goes on
            tally.failed += 1
            tally.miss(f"{raw.source}: not analysed ({type(e).__name__}: {str(e)[:80]})")
            continue
        tally.articles += len(articles)
        yield raw, articles


def _share(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a (0)"


def _print(name: str, t: Tally, *, outlet_what: str, date_what: str) -> None:
    typer.echo(f"{name}: documents={t.documents} articles={t.articles} not analysed={t.failed}")
    typer.echo(f"outlet: given={_share(t.outlet_given, t.articles)} right={_share(t.outlet_right, t.outlet_scored)} ({outlet_what})")
    typer.echo(f"date: given={_share(t.date_given, t.articles)} right={_share(t.date_right, t.date_scored)} ({date_what})")
    for m in t.misses:
        typer.echo(f"  miss: {m}")


# -- PolNeAR ------------------------------------------------------------------------------
def _polnear(corpus: Path, split: str, limit: int, patterns: SourcePatterns) -> None:
    meta_path = corpus / "metadata.tsv"
    text_dir = corpus / split / "text"
    with meta_path.open(encoding="utf-8") as f:
        rows = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t") if r["compartment"] == split}
    paths = sorted(p for p in text_dir.glob("*.txt") if p.stem in rows)[:limit]
    if not paths:
        typer.echo(f"newstrace: no {split} articles of metadata.tsv found in {text_dir}", err=True)
        raise typer.Exit(2)
    reg = registry()
    t = Tally()
    titled = title_ok = docs = 0
    wire_n = wire_hit = nowire_n = nowire_cited = 0
    for raw, articles in _articles(iter_inputs(paths), patterns, t):
        row = rows[Path(raw.input_path).stem]
        first = articles[0]
        docs += 1
        if first.title:
            titled += 1
            title_ok += _fold(first.title) == _fold(row["title"])
        cited = {c.name for c in first.cited_sources}
        wire = WIRES.get(row["wire"])
        if wire:
            wire_n += 1
            wire_hit += wire in cited
        elif row["wire"] in ("None", "NA", ""):
            nowire_n += 1
            nowire_cited += bool(cited & set(WIRES.values()))
        # Gold from the file name (breitbart_2015-11-11_slug), which metadata.tsv repeats.
        key, date = row["filename"].split("_")[:2]
        expected = reg.by_slug(key)
        for a in articles:
            _score(t, a, expected.id if expected else None, date, raw.input_path)
    typer.echo(f"split={split} articles={t.articles} documents={docs}")
    typer.echo(f"title: exact={title_ok / docs:.3f} given={titled / docs:.3f} exact_when_given={title_ok / max(titled, 1):.3f}")
    typer.echo(f"wire agency: recall={wire_hit / max(wire_n, 1):.3f} (of {wire_n} wire articles)")
    typer.echo(f"no-wire articles citing a wire agency: {nowire_cited}/{nowire_n}")
    _print("polnear " + split, t, outlet_what="the registry outlet of the file-name prefix",
           date_what="the file-name date, day precision")


def _score(t: Tally, a: Article, outlet_id: str | None, date: str | None, where: str) -> None:
    t.outlet_given += a.outlet_id is not None
    t.date_given += a.published is not None
    if outlet_id is not None:
        t.outlet_scored += 1
        if a.outlet_id == outlet_id:
            t.outlet_right += 1
        else:
            t.miss(f"{where}: outlet {a.outlet_id!r}, expected {outlet_id!r}")
    if date is not None:
        t.date_scored += 1
        if a.published == date and a.published_precision == "day":
            t.date_right += 1
        else:
            t.miss(f"{where}: date {a.published!r} ({a.published_precision}), expected {date!r}")


# -- news_reuse_dev -------------------------------------------------------------------------
def _name_matches(a: Article, gold: str) -> bool:
    """Whether the article's outlet is the annotated one ("Kentucky.com / Lexington
    Herald-Leader (AP text)" names it twice: either counts)."""
    names = [a.outlet or ""]
    outlet = registry().get(a.outlet_id or "")
    if outlet is not None:
        names += [*outlet.names, *outlet.domains]
    have = {slugify(n).replace("-", "") for n in names}
    for part in re.split(r"\s+/\s+", re.split(r"\s+\(", gold)[0]):
        flat = slugify(part).replace("-", "")
        if flat in have or (a.outlet_id or "").replace(".", "").replace("-", "").startswith(flat):
            return True
    return False


def _news_reuse(corpus: Path, limit: int, patterns: SourcePatterns) -> None:
    meta = json.loads((corpus / "meta.json").read_text(encoding="utf-8"))
    paths = sorted((corpus / "pages").glob("*.json"))[:limit]
    t = Tally()
    names_ok = 0
    for raw, articles in _articles(iter_inputs(paths), patterns, t):
        gold = meta.get(raw.source, {})
        first = articles[0]
        if gold.get("outlet") and _name_matches(first, gold["outlet"]):
            names_ok += 1
        elif gold.get("outlet"):
            t.miss(f"{raw.source}: outlet {first.outlet!r}, annotated {gold['outlet']!r}")
        for a in articles[:1]:
            _score(t, a, None, gold.get("date"), raw.source)
    # Coverage per page (the first story of each page); names against the annotation.
    pages = t.documents - t.failed
    t.articles = pages
    t.outlet_scored, t.outlet_right = pages, names_ok
    _print("news_reuse_dev (first story of each page)", t,
           outlet_what="name as annotated in meta.json", date_what="annotated date, where there is one")


# -- trafilatura_eval -----------------------------------------------------------------------
def _trafilatura(corpus: Path, limit: int, patterns: SourcePatterns, *, with_address: bool = True) -> None:
    gold = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    by_file = {v["file"]: url for url, v in gold.items() if isinstance(v, dict) and v.get("file")}
    paths = sorted(p for p in (corpus / "pages").glob("*.html") if p.name in by_file)[:limit]
    t = Tally()
    with_url = url_outlet = url_date = 0

    def pages() -> Iterator[RawDocument | object]:
        for item in iter_inputs(paths):
            if isinstance(item, RawDocument):
                url = by_file.get(Path(item.input_path).name)
                # The address a crawl (WARC, JSON export) would give with the page.
                ok = with_address and url and url.startswith(("http://", "https://"))
                item.url = url if ok else None
            yield item

    for raw, articles in _articles(pages(), patterns, t):
        first = articles[0]
        t.outlet_given += first.outlet_id is not None
        t.date_given += first.published is not None
        if raw.url:
            with_url += 1
            url_outlet += first.outlet_id is not None
            url_date += first.published is not None
            if first.outlet_id is None:
                t.miss(f"{raw.url}: no outlet")
    pages_done = t.documents - t.failed
    how = "read with their address" if with_address else "read as bare .html files"
    typer.echo(f"trafilatura_eval ({how}): pages={t.documents} analysed={pages_done} with an address={with_url}")
    typer.echo(f"outlet: pages with an address={_share(url_outlet, with_url)} all pages={_share(t.outlet_given, pages_done)}")
    typer.echo(f"date: pages with an address={_share(url_date, with_url)} all pages={_share(t.date_given, pages_done)}")
    for m in t.misses:
        typer.echo(f"  miss: {m}")


# -- a folder of outlet folders (examples/) -------------------------------------------------
def _folders(root: Path, limit: int, patterns: SourcePatterns) -> None:
    from newstrace.outlets.paths import outlet_like_folder
    from newstrace.outlets.resolve import outlet_for_key

    reg = registry()
    t = Tally()
    for raw, articles in _articles(iter_inputs([root]), patterns, t):
        parts = Path(raw.input_path).parts
        folder = parts[-2] if len(parts) >= 2 else ""
        one_document = raw.input_path.endswith((".txt", ".html", ".htm"))
        expected = None
        if one_document and folder and outlet_like_folder(folder):
            expected = outlet_for_key(reg, folder, [])
        for a in articles:
            # An outlet the registry does not know is the folder's when the names agree
            # (its id may come from the page's domain instead).
            same = expected is not None and slugify(a.outlet or "") == slugify(expected.name)
            _score(t, a, (a.outlet_id if same else expected.id) if expected else None, None, raw.input_path)
        if t.documents >= limit:
            break
    _print(f"folders under {root}", t, outlet_what="the outlet its folder names", date_what="not annotated")


def eval_metadata(
    corpus: Annotated[Path, typer.Argument(help="PolNeAR, news_reuse_dev, trafilatura_eval, or a folder of outlet folders")],
    split: Annotated[str, typer.Option(help="PolNeAR split: train or dev")] = "dev",
    limit: Annotated[int, typer.Option(help="at most this many documents")] = 100_000,
    source_pattern: Annotated[str, typer.Option("--source-pattern", help="as for analyze (default: auto)")] = "auto",
    bare: Annotated[bool, typer.Option("--bare", help="trafilatura_eval: read pages without their address")] = False,
) -> None:
    """Outlet and date accuracy and coverage (and PolNeAR titles and wire agencies)."""
    try:
        patterns = SourcePatterns.parse(source_pattern)
    except SourcePatternError as e:
        typer.echo(f"newstrace: {e}", err=True)
        raise typer.Exit(2) from None
    patterns = patterns.for_inputs([corpus])  # as analyze does for its PATH arguments
    if (corpus / "metadata.tsv").is_file() and (corpus / split / "text").is_dir():
        _polnear(corpus, split, limit, patterns)
    elif (corpus / "meta.json").is_file() and (corpus / "pages").is_dir():
        _news_reuse(corpus, limit, patterns)
    elif (corpus / "evaldata.json").is_file() and (corpus / "pages").is_dir():
        _trafilatura(corpus, limit, patterns, with_address=not bare)
    elif corpus.is_dir():
        _folders(corpus, limit, patterns)
    else:
        typer.echo(f"newstrace: {corpus} is not a folder: give PolNeAR, news_reuse_dev, trafilatura_eval or a folder", err=True)
        raise typer.Exit(2)


if __name__ == "__main__":
    typer.run(eval_metadata)
