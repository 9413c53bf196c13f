"""Score title and wire-agency extraction on PolNeAR, whose ``metadata.tsv`` gives each
article's title and the wire service it came from (AP, Reuters, AFP, UPI).

    newstrace eval metadata ../shared/corpora/polnear --split train
    python -m newstrace.metadata.evaluate ../shared/corpora/polnear --split dev

- title: exact match after case/punctuation folding between the title newstrace takes
  from the text file's first line and the title in metadata.tsv; also how often
  newstrace gives no title.
- wire agency: for articles whose ``wire`` is an agency, how often that agency is among
  the article's cited sources (recall); for articles with no wire (``None``/``NA``), how
  many get a cited wire agency anyway (these can be genuine citations in the text, so
  this is an upper bound on false positives, not a precision figure).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Annotated

import typer

from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument

WIRES = {"AP": "Associated Press", "reuters": "Reuters", "AFP": "Agence France-Presse", "UPI": "United Press International"}


def _fold(s: str) -> str:
    return re.sub(r"\W+", " ", s.replace("’", "'")).strip().casefold()


def eval_metadata(
    corpus: Annotated[Path, typer.Argument(help="the PolNeAR folder (metadata.tsv, train/, dev/)")],
    split: Annotated[str, typer.Option(help="train or dev")] = "dev",
    limit: Annotated[int, typer.Option(help="at most this many articles")] = 1000,
) -> None:
    """Title accuracy and wire-agency recall on PolNeAR metadata."""
    meta_path = corpus / "metadata.tsv"
    text_dir = corpus / split / "text"
    if not meta_path.is_file() or not text_dir.is_dir():
        typer.echo(f"newstrace: {corpus} has no metadata.tsv or {split}/text: give the PolNeAR folder", err=True)
        raise typer.Exit(2)
    with meta_path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["compartment"] == split][:limit]
    n = titled = title_ok = 0
    wire_n = wire_hit = nowire_n = nowire_cited = 0
    for row in rows:
        path = text_dir / f"{row['filename']}.txt"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        raw = RawDocument(source=path.name, content=text, format="text", input_path=str(path))
        article = process_document(raw)[0]
        n += 1
        if article.title:
            titled += 1
            title_ok += _fold(article.title) == _fold(row["title"])
        cited = {c.name for c in article.cited_sources}
        wire = WIRES.get(row["wire"])
        if wire:
            wire_n += 1
            wire_hit += wire in cited
        elif row["wire"] in ("None", "NA", ""):
            nowire_n += 1
            nowire_cited += bool(cited & set(WIRES.values()))
    if not n:
        typer.echo(f"newstrace: no {split} articles of metadata.tsv found in {text_dir}", err=True)
        raise typer.Exit(2)
    typer.echo(f"split={split} articles={n}")
    typer.echo(f"title: exact={title_ok / n:.3f} given={titled / n:.3f} exact_when_given={title_ok / max(titled, 1):.3f}")
    typer.echo(f"wire agency: recall={wire_hit / max(wire_n, 1):.3f} (of {wire_n} wire articles)")
    typer.echo(f"no-wire articles citing a wire agency: {nowire_cited}/{nowire_n}")


if __name__ == "__main__":
    typer.run(eval_metadata)
