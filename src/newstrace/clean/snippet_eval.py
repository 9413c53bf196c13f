"""Extraction on real pages with gold snippets: the ``trafilatura_eval`` layout.

``PATH/evaldata.json`` maps a page's URL to ``{"file", "with": [...], "without": [...]}``;
the pages are in ``PATH/pages/`` (or beside the JSON). The metric is the one its README
and trafilatura's own evaluation define: per snippet, a ``with`` snippet found in the
extracted text is a true positive (missing: a false negative), a ``without`` snippet found
is a false positive (absent: a true negative); precision, recall and F1 over all snippets
of all pages; snippets and text are matched after normalising whitespace.

newstrace is run through the product path: the file is read by the ingest readers and
goes through ``pipeline/document.py:process_document`` (extraction, boilerplate, story
split, metadata), and the article text(s) it would store are scored, parts joined.
``component=True`` scores the extraction function alone instead. trafilatura runs alone,
with its defaults, on the same file in the same run.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

# A page where newstrace keeps less than this share of trafilatura's words (when
# trafilatura has at least MIN_WORDS) is listed as "much shorter".
SHORT_SHARE = 0.5
MIN_WORDS = 50
# Pages are assigned to folds by a hash of their file name: stable across runs and
# machines, independent of the order of the JSON.
HALVES = 2
FOLDS = 5

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class SnippetPage:
    url: str
    path: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name


def is_snippet_layout(folder: Path) -> bool:
    return (folder / "evaldata.json").is_file()


def load_snippet_pages(folder: Path) -> list[SnippetPage]:
    """Pages with gold snippets whose file is present (the JSON lists some that are not)."""
    raw = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages_dir = folder / "pages" if (folder / "pages").is_dir() else folder
    pages = []
    for url, item in raw.items():
        path = pages_dir / item["file"]
        if path.is_file():
            pages.append(SnippetPage(url, path, tuple(item.get("with", ())), tuple(item.get("without", ()))))
    return pages


def fold_of(page: SnippetPage, folds: int) -> int:
    return int(hashlib.sha1(page.name.encode("utf-8")).hexdigest(), 16) % folds


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def is_chrome_only(text: str) -> bool:
    from newstrace.clean.chrome_blocks import article_chars

    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return bool(paragraphs) and article_chars(paragraphs) == 0


def page_counts(page: SnippetPage, text: str) -> Counts:
    found = normalise(text)
    tp = sum(normalise(s) in found for s in page.with_)
    fp = sum(normalise(s) in found for s in page.without)
    return Counts(tp, len(page.with_) - tp, fp, len(page.without) - fp)


# -- the two systems ----------------------------------------------------------------------------
def newstrace_text(path: Path, component: bool = False) -> str:
    """The article text newstrace would store for this file (all parts joined)."""
    from newstrace.clean.html_extract import extract_html
    from newstrace.ingest import iter_inputs
    from newstrace.pipeline.document import NoArticleText, process_document
    from newstrace.records import RawDocument

    texts: list[str] = []
    for item in iter_inputs([path]):
        if not isinstance(item, RawDocument):
            continue  # the reader refused the file: nothing stored
        if component:
            texts.append(extract_html(item.content, url=item.url).text)
            continue
        try:
            texts.extend(a.text for a in process_document(item))
        except NoArticleText:
            continue
    return "\n\n".join(texts)


def trafilatura_text(path: Path) -> str:
    """trafilatura alone on the file's bytes, its defaults (its own fallbacks included)."""
    import trafilatura

    doc = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True)
    if doc is None or isinstance(doc, dict):
        return ""
    return doc.text or ""


@dataclass(slots=True)
class SystemResult:
    counts: Counts = field(default_factory=Counts)
    folds: dict[tuple[int, int], Counts] = field(default_factory=dict)
    empty: int = 0
    # Text, but only chrome blocks (an address, a form message, a byline): no article.
    chrome_only: int = 0
    seconds: float = 0.0

    def add(self, page: SnippetPage, counts: Counts, text: str) -> None:
        self.counts.add(counts)
        self.empty += not text.strip()
        self.chrome_only += is_chrome_only(text)
        for k in (HALVES, FOLDS):
            self.folds.setdefault((k, fold_of(page, k)), Counts()).add(counts)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    page: SnippetPage
    words: int
    peer_words: int
    counts: Counts
    peer_counts: Counts
    preview: str
    chrome_only: bool = False

    @property
    def short(self) -> bool:
        """Nothing, only chrome, or much less than trafilatura, where trafilatura has an article."""
        return self.peer_words >= MIN_WORDS and (self.chrome_only or self.words < SHORT_SHARE * self.peer_words)


@dataclass(slots=True)
class SnippetReport:
    pages: int
    ours: SystemResult
    peer: SystemResult
    outcomes: list[PageOutcome]

    @property
    def short_pages(self) -> list[PageOutcome]:
        return [o for o in self.outcomes if o.short]


def evaluate_snippets(folder: Path, *, component: bool = False, limit: int | None = None) -> SnippetReport:
    pages = load_snippet_pages(folder)[:limit]
    ours, peer = SystemResult(), SystemResult()
    outcomes = []
    for page in pages:
        start = time.process_time()
        text = newstrace_text(page.path, component)
        middle = time.process_time()
        peer_text = trafilatura_text(page.path)
        ours.seconds += middle - start
        peer.seconds += time.process_time() - middle
        mine, theirs = page_counts(page, text), page_counts(page, peer_text)
        ours.add(page, mine, text)
        peer.add(page, theirs, peer_text)
        outcomes.append(PageOutcome(
            page, len(text.split()), len(peer_text.split()), mine, theirs, normalise(text)[:100],
            is_chrome_only(text),
        ))
    return SnippetReport(len(pages), ours, peer, outcomes)


def _spread(result: SystemResult, k: int) -> list[float]:
    return [result.folds.get((k, i), Counts()).prf()[2] for i in range(k)]


def format_snippet_report(report: SnippetReport, label: str, *, list_pages: bool = False) -> str:
    lines = [
        f"{report.pages} pages; snippet metric (with/without snippets found in the text, "
        "whitespace normalised); 'chrome': text that is only chrome blocks (address, form message, "
        "byline); 'short': empty, chrome or under half of trafilatura's words where it has 50+",
        f"{'system':<24}{'precision':>10}{'recall':>10}{'f1':>10}{'empty':>7}{'chrome':>7}{'short':>7}{'CPU s':>8}",
    ]
    short = len(report.short_pages)
    for name, result, n_short in ((label, report.ours, short), ("trafilatura", report.peer, 0)):
        p, r, f = result.counts.prf()
        shown = str(n_short) if result is report.ours else "-"
        lines.append(
            f"{name:<24}{p:>10.3f}{r:>10.3f}{f:>10.3f}{result.empty:>7}{result.chrome_only:>7}{shown:>7}{result.seconds:>8.1f}"
        )
    lines.append("")
    lines.append(f"F1 by half (hash of the file name; half 0 is the development half) and by {FOLDS} folds:")
    for name, result in ((label, report.ours), ("trafilatura", report.peer)):
        halves, folds = _spread(result, HALVES), _spread(result, FOLDS)
        lines.append(
            f"{name:<24}" + " ".join(f"h{i} {f:.3f}" for i, f in enumerate(halves))
            + "   folds " + " ".join(f"{f:.3f}" for f in folds)
            + f"   (min {min(folds):.3f}, max {max(folds):.3f})"
        )
    diffs = [a - b for a, b in zip(_spread(report.ours, FOLDS), _spread(report.peer, FOLDS), strict=True)]
    lines.append(f"{'difference by fold':<24}" + " ".join(f"{d:+.3f}" for d in diffs))
    if list_pages:
        lines.append("")
        lines.append(f"pages where {label} returns nothing, only chrome or under half of trafilatura's words:")
        for o in report.short_pages:
            lines.append(
                f"  {o.page.name}: {o.words} vs {o.peer_words} words{' (chrome only)' if o.chrome_only else ''}; with-snippets found "
                f"{o.counts.tp}/{len(o.page.with_)} vs {o.peer_counts.tp}/{len(o.page.with_)}; "
                f"text: {o.preview!r}"
            )
        if not report.short_pages:
            lines.append("  none")
    return "\n".join(lines)
