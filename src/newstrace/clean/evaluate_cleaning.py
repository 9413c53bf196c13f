"""`newstrace eval cleaning`: how cleaning behaves on corpora of ordinary articles.

The annotated corpora hold one plain article per text file with the headline on the
first line. On them a correct cleaner splits nothing, finds the headline, and removes
few lines. This prints, per folder: split rate, title found / equal to the first line,
datelines found, documents with other lines removed (with examples to inspect).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument


@dataclass(slots=True)
class CleaningFigures:
    folder: str
    docs: int = 0
    split: int = 0
    titled: int = 0
    title_is_first_line: int = 0
    datelines: int = 0
    docs_with_lines_removed: int = 0
    split_names: list[str] = field(default_factory=list)
    removed_examples: list[str] = field(default_factory=list)


def measure_folder(folder: Path, limit: int | None = None) -> CleaningFigures:
    figures = CleaningFigures(str(folder))
    for path in sorted(folder.glob("*.txt"))[:limit]:
        text = path.read_text("utf-8", errors="replace")
        first = next((ln.strip("\ufeff \t") for ln in text.splitlines() if ln.strip()), "")
        parts = process_document(RawDocument(path.name, text, "text", str(path)))
        figures.docs += 1
        if len(parts) > 1:
            figures.split += 1
            figures.split_names.append(path.name)
        article = parts[0]
        if article.title is not None:
            figures.titled += 1
            figures.title_is_first_line += " ".join(article.title.split()) == " ".join(first.split())
        figures.datelines += article.dateline is not None
        other = [r for r in article.boilerplate_removed if r not in (article.title, article.byline)]
        if other:
            figures.docs_with_lines_removed += 1
            figures.removed_examples.extend(f"{path.name}: {r[:100]}" for r in other[:2])
    return figures


def _pct(value: int, total: int) -> str:
    return f"{value} ({100 * value / max(1, total):.1f}%)"


def markdown_table(results: list[CleaningFigures]) -> str:
    rows = [
        "| corpus | docs | split (rate) | title found | title = first line | dateline found | docs with other lines removed |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r.folder} | {r.docs} | {_pct(r.split, r.docs)} | {_pct(r.titled, r.docs)} "
            f"| {_pct(r.title_is_first_line, r.docs)} | {_pct(r.datelines, r.docs)} "
            f"| {_pct(r.docs_with_lines_removed, r.docs)} |"
        )
    return "\n".join(rows)


def eval_cleaning(
    folders: Annotated[list[Path], typer.Argument(help="Folders of .txt articles, headline on line 1.")],
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many files per folder.")] = None,
    show_removed: Annotated[bool, typer.Option("--show-removed", help="List removed lines.")] = False,
) -> None:
    """Split rate, title and dateline detection, lines removed, on plain-article corpora."""
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        typer.echo(f"newstrace: not a folder: {', '.join(map(str, missing))} (give folders of .txt files)", err=True)
        raise typer.Exit(2)
    results = [measure_folder(f, limit) for f in folders]
    typer.echo(markdown_table(results))
    for r in results:
        if r.split_names:
            typer.echo(f"\n{r.folder}: split: {', '.join(r.split_names)}")
        if show_removed:
            typer.echo(f"\n{r.folder}: removed lines:\n  " + "\n  ".join(r.removed_examples))
