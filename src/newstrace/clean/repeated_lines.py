"""Corpus cleaning: lines an outlet repeats across many of its pages are chrome.

Media Cloud's idea. Documents are grouped by ``outlet`` (or, when that is unknown, by
the folder the input file sits in). A line is removed from every article of a group
that carries it when:

- it is short or not a sentence: at most ``MAX_WORDS`` words, or no sentence-final
  punctuation (and at most ``MAX_CHARS`` characters). Longer sentences that an outlet
  reuses ("standard paragraphs") are content: the reuse stage flags them, this stage
  never removes them;
- it occurs in at least ``MIN_DOCS`` documents of the group and in at least
  ``MIN_SHARE`` of them.

Removed lines are appended to the article's ``boilerplate_removed`` and kept in
``repeated_line_removals`` so they still count on later runs. The stage re-counts only
when the set of (article, content hash) changed since its last run. A removal is not
undone when a group later grows and the line falls under ``MIN_SHARE``.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from newstrace.ids import digest
from newstrace.pipeline.stages import Progress
from newstrace.records import Article
from newstrace.store.base import Store

MIN_DOCS = 3
MIN_SHARE = 0.3
MAX_WORDS = 12
MAX_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_STATE_KEY = "repeated_lines.fingerprint"


def is_candidate(line: str) -> bool:
    """Short or non-sentence lines may be chrome; longer sentences never are here."""
    line = line.strip()
    if not line or len(line) > MAX_CHARS:
        return False
    return len(line.split()) <= MAX_WORDS or not _SENTENCE_END.search(line)


def _group_key(article: Article, folders: dict[str, str]) -> str:
    if article.outlet:
        return "outlet:" + article.outlet.strip().lower()
    return "folder:" + folders.get(article.source, "")


class RepeatedLinesStage:
    name = "repeated_lines"
    version = "1"

    def run(self, store: Store, progress: Progress) -> None:
        fingerprint = self._fingerprint(store)
        if store.get_state(_STATE_KEY) == {"version": self.version, "corpus": fingerprint}:
            return
        folders = {
            r["source"]: posixpath.dirname(str(r["input_path"]).replace("\\", "/"))
            for r in store.query("SELECT source, input_path FROM documents")
        }
        previous = self._previous_removals(store)

        # Pass 1: per group, in how many documents does each candidate line occur?
        doc_count: Counter[str] = Counter()
        line_docs: dict[str, Counter[str]] = defaultdict(Counter)
        self._count(store, folders, previous, doc_count, line_docs)
        repeated = {
            key: {line for line, n in counts.items() if n >= MIN_DOCS and n >= MIN_SHARE * doc_count[key]}
            for key, counts in line_docs.items()
        }

        # Pass 2: remove them.
        updated = 0
        for article in store.iter_articles():  # paged: safe to update as we go
            chrome = repeated.get(_group_key(article, folders), set())
            if not chrome:
                continue
            kept, removed = _remove_lines(article.text, chrome)
            if not removed:
                continue
            article.text = kept
            article.boilerplate_removed = [*article.boilerplate_removed, *removed]
            with store.transaction():
                store.update_article(article)
                store.insert_rows(
                    "repeated_line_removals",
                    [{"article_id": article.id, "content_hash": article.content_hash, "line": line}
                     for line in removed],
                )
            updated += 1
        progress(self.name, updated, updated)
        store.set_state(_STATE_KEY, {"version": self.version, "corpus": self._fingerprint(store)})

    @staticmethod
    def _fingerprint(store: Store) -> str:
        rows = store.query("SELECT id, content_hash FROM articles ORDER BY id")
        return digest(*(f"{r['id']}:{r['content_hash']}" for r in rows))

    @staticmethod
    def _previous_removals(store: Store) -> dict[str, list[str]]:
        current = {r["id"]: r["content_hash"] for r in store.query("SELECT id, content_hash FROM articles")}
        stale: list[str] = []
        out: dict[str, list[str]] = defaultdict(list)
        for r in store.query("SELECT article_id, content_hash, line FROM repeated_line_removals"):
            if current.get(r["article_id"]) == r["content_hash"]:
                out[r["article_id"]].append(r["line"])
            else:
                stale.append(r["article_id"])
        for article_id in set(stale):
            store.delete_rows("repeated_line_removals", article_id=article_id)
        return out

    @staticmethod
    def _lines(article: Article, previous: dict[str, list[str]]) -> set[str]:
        lines: Iterable[str] = [*article.text.split("\n"), *previous.get(article.id, [])]
        return {ln.strip() for ln in lines if is_candidate(ln)}

    def _count(
        self,
        store: Store,
        folders: dict[str, str],
        previous: dict[str, list[str]],
        doc_count: Counter[str],
        line_docs: dict[str, Counter[str]],
    ) -> None:
        """Count each candidate line once per DOCUMENT (parts of one page share chrome)."""
        current_source = None
        current_lines: set[str] = set()
        current_key = ""
        for article in store.iter_articles():  # ordered by source, part
            if article.source != current_source:
                if current_source is not None:
                    line_docs[current_key].update(current_lines)
                current_source, current_lines = article.source, set()
                current_key = _group_key(article, folders)
                doc_count[current_key] += 1
            current_lines |= self._lines(article, previous)
        if current_source is not None:
            line_docs[current_key].update(current_lines)


def _remove_lines(text: str, chrome: set[str]) -> tuple[str, list[str]]:
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        if line.strip() in chrome:
            removed.append(line.strip())
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue  # no double blank lines where a removed line sat
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept), removed
