"""``newstrace eval extraction PATH``: score HTML main-text extraction on a folder of
pages with gold text and metadata (``NAME.html`` + ``NAME.json`` with ``text``, ``title``,
``author``, ``date``), e.g. ``benchmarks/data/extraction``, or on a folder in the
trafilatura_eval layout (gold snippets: ``snippet_eval``).

newstrace runs through the product path (``process_document``: extraction, boilerplate,
story split, metadata; parts joined), or with ``--component`` the extraction function alone.

Text is scored as trafilatura's own evaluation does: bag of words (lower-cased word
tokens), precision/recall/F1 of the extracted tokens against the gold tokens, summed over
all pages (micro) and averaged per page (macro). Metadata is scored by exact match after
normalising case, spacing and quotes; an author list matches when the names match in any
order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

_WORD = re.compile(r"\w+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*", re.IGNORECASE)


@dataclass(slots=True)
class Extraction:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass(slots=True)
class GoldPage:
    name: str
    html: str
    text: str
    title: str | None
    author: str | None
    date: str | None


@dataclass(slots=True)
class Score:
    """Running totals for one extractor."""

    tp: int = 0
    pred: int = 0
    gold: int = 0
    page_f1: list[float] = field(default_factory=list)
    meta_hits: Counter[str] = field(default_factory=Counter)
    meta_total: Counter[str] = field(default_factory=Counter)
    failures: int = 0  # pages with no text at all

    def add(self, gold: GoldPage, got: Extraction) -> float:
        g, p = Counter(tokens(gold.text)), Counter(tokens(got.text))
        tp = sum((g & p).values())
        self.tp, self.pred, self.gold = self.tp + tp, self.pred + sum(p.values()), self.gold + sum(g.values())
        f1 = prf(tp, sum(p.values()), sum(g.values()))[2]
        self.page_f1.append(f1)
        self.failures += not got.text.strip()
        for name, same in (("title", same_text), ("author", same_authors), ("date", same_text)):
            self.meta_total[name] += 1
            self.meta_hits[name] += same(getattr(gold, name), getattr(got, name))
        return f1

    def row(self) -> dict[str, float]:
        p, r, f = prf(self.tp, self.pred, self.gold)
        out = {"precision": p, "recall": r, "f1": f,
               "macro_f1": sum(self.page_f1) / len(self.page_f1) if self.page_f1 else 0.0}
        for name in ("title", "author", "date"):
            out[name] = self.meta_hits[name] / self.meta_total[name] if self.meta_total[name] else 0.0
        return out


def tokens(text: str | None) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").lower())


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _norm(value: str | None) -> str:
    return " ".join(tokens(value))


def same_text(gold: str | None, got: str | None) -> bool:
    return _norm(gold) == _norm(got)


def same_authors(gold: str | None, got: str | None) -> bool:
    def names(v: str | None) -> set[str]:
        return {_norm(n) for n in _AUTHOR_SPLIT.split(v or "") if _norm(n)}
    return names(gold) == names(got)


def load_gold(folder: Path) -> list[GoldPage]:
    pages = []
    for html_path in sorted(folder.glob("*.html")):
        gold_path = html_path.with_suffix(".json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pages.append(GoldPage(
            name=html_path.stem, html=html_path.read_text(encoding="utf-8", errors="replace"),
            text=gold["text"], title=gold.get("title"), author=gold.get("author"), date=gold.get("date"),
        ))
    return pages


# -- the extractors compared ----------------------------------------------------------------
def run_newstrace(html: str) -> Extraction:
    """The product path: what ``analyze`` stores for the page (parts joined)."""
    from newstrace.pipeline.document import NoArticleText, process_document
    from newstrace.records import RawDocument

    raw = RawDocument(source="page.html", content=html, format="html", input_path="page.html")
    try:
        articles = process_document(raw)
    except NoArticleText:
        return Extraction("")
    first = articles[0]
    return Extraction("\n\n".join(a.text for a in articles), first.title, first.byline, first.published)


def run_newstrace_component(html: str) -> Extraction:
    """The HTML extraction function alone."""
    from newstrace.clean.html_extract import extract_html

    page = extract_html(html)
    return Extraction(page.text, page.title, page.author, page.date)


def run_trafilatura(html: str) -> Extraction:
    """trafilatura alone, with its default settings (its own internal fallbacks included)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None or isinstance(doc, dict):
        return Extraction("")
    return Extraction(doc.text or "", doc.title, doc.author, doc.date)


def run_readability(html: str) -> Extraction:
    from readability import Document

    from newstrace.clean.html_text import readability_paragraphs

    try:
        title = Document(html).short_title()
    except Exception:  # noqa: BLE001 - a failed title is a miss, not a crash
        title = None
    return Extraction("\n\n".join(readability_paragraphs(html)), title)


def run_justext(html: str) -> Extraction:
    from newstrace.clean.html_text import justext_paragraphs

    return Extraction("\n\n".join(justext_paragraphs(html, "en")))


EXTRACTORS: dict[str, Callable[[str], Extraction]] = {
    "newstrace": run_newstrace,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
    "justext": run_justext,
}


def evaluate(
    folder: Path, names: list[str], *, component: bool = False
) -> tuple[dict[str, Score], dict[str, dict[str, float]]]:
    """Scores per extractor, and per page the F1 of each extractor."""
    pages = load_gold(folder)
    if not pages:
        raise typer.BadParameter(f"{folder} holds no NAME.html + NAME.json gold pairs")
    runners = dict(EXTRACTORS, newstrace=run_newstrace_component) if component else EXTRACTORS
    scores = {n: Score() for n in names}
    per_page: dict[str, dict[str, float]] = {}
    for page in pages:
        for n in names:
            per_page.setdefault(page.name, {})[n] = scores[n].add(page, runners[n](page.html))
    return scores, per_page


def format_table(scores: dict[str, Score], pages: int) -> str:
    cols = ["precision", "recall", "f1", "macro_f1", "title", "author", "date"]
    lines = [f"{pages} pages; text: bag-of-words P/R/F1 (micro) and mean per-page F1; metadata: accuracy",
             f"{'extractor':<12}" + "".join(f"{c:>10}" for c in cols) + f"{'empty':>7}"]
    for name, score in scores.items():
        row = score.row()
        lines.append(f"{name:<12}" + "".join(f"{row[c]:>10.3f}" for c in cols) + f"{score.failures:>7}")
    return "\n".join(lines)


def eval_extraction(
    path: Annotated[Path, typer.Argument(help="Folder of NAME.html pages with NAME.json gold (text, title, author, date), or a trafilatura_eval folder (evaldata.json + pages/).", exists=True, file_okay=False)],
    extractors: Annotated[str, typer.Option(help="Gold-text folders: comma-separated extractors to compare: " + ", ".join(EXTRACTORS))] = ",".join(EXTRACTORS),
    details: Annotated[bool, typer.Option("--details", help="Gold-text folders: also print the F1 of every page.")] = False,
    list_pages: Annotated[bool, typer.Option("--list", help="Snippet folders: list the pages where newstrace returns nothing or much less than trafilatura.")] = False,
    component: Annotated[bool, typer.Option("--component", help="Score the HTML extraction function alone instead of the product path (read + process_document).")] = False,
    limit: Annotated[int | None, typer.Option(help="Snippet folders: only the first N pages (a quick look).", min=1)] = None,
) -> None:
    """Score HTML main-text extraction: newstrace against trafilatura (and, on gold-text
    folders, readability and jusText) in the same run."""
    from newstrace.clean.snippet_eval import (
        evaluate_snippets,
        format_snippet_report,
        is_snippet_layout,
    )

    if is_snippet_layout(path):
        report = evaluate_snippets(path, component=component, limit=limit)
        if not report.pages:
            raise typer.BadParameter(f"{path}/evaldata.json lists no page whose file is present")
        label = "newstrace extract_html" if component else "newstrace (product path)"
        typer.echo(format_snippet_report(report, label, list_pages=list_pages))
        return
    names = [n.strip() for n in extractors.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        raise typer.BadParameter(f"unknown extractor(s) {', '.join(unknown)}; choose from {', '.join(EXTRACTORS)}")
    scores, per_page = evaluate(path, names, component=component)
    if details:
        typer.echo(f"{'page':<28}" + "".join(f"{n:>13}" for n in names))
        for page, row in per_page.items():
            typer.echo(f"{page:<28}" + "".join(f"{row[n]:>13.3f}" for n in names))
        typer.echo("")
    typer.echo(format_table(scores, len(per_page)))
