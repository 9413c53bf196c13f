"""Corpus cleaning: lines an outlet repeats on many of its pages are chrome.

Media Cloud's idea. Documents are grouped by ``outlet`` or, when that is unknown or read
only from the page's own chrome (which some of an outlet's pages show and others not), by
the folder of the input file. A line is *chrome* for its group when it appears in at least
``MIN_DOCS`` documents and at least ``MIN_SHARE`` of the group's documents, and it is
removed from every article of the group that has it (recorded in
``boilerplate_removed``).

Only *candidate* lines count: at most ``MAX_LINE_CHARS`` characters and not a sentence
(a line of ``MIN_SENTENCE_WORDS`` or more words ending in sentence punctuation is a
sentence). Outlets reuse whole standard paragraphs ("The port handles 80 percent of the
region's imports."): those are sentences, stay in the text, and are for the reuse stage
to flag; taglines, section labels and credit lines are short non-sentences.

Incremental and deterministic: each document's candidate lines are recorded when the
stage first sees it (its original text), so later runs only read new or changed
documents; a group's articles are revisited only when its chrome set changes. Lines
that stop being chrome (documents removed) are not put back.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterable

from newstrace.clean.boilerplate import normalise_line
from newstrace.problems import guard
from newstrace.stages import Progress
from newstrace.store.base import Store

MIN_DOCS = 3
MIN_SHARE = 0.25
MAX_LINE_CHARS = 100
MIN_SENTENCE_WORDS = 6
_SENTENCE_END = (".", "!", "?", "…", "”", '"', "’")
_BLANK_RUNS = re.compile(r"\n{3,}")


def is_candidate(line: str) -> bool:
    """Short line, not a sentence, with some letters."""
    if not line or len(line) > MAX_LINE_CHARS or not any(ch.isalpha() for ch in line):
        return False
    return not (line.endswith(_SENTENCE_END) and len(line.split()) >= MIN_SENTENCE_WORDS)


def line_key(line: str) -> str:
    return normalise_line(line).casefold()


def chrome_threshold(group_docs: int) -> int:
    return max(MIN_DOCS, math.ceil(MIN_SHARE * group_docs))


def candidate_lines(texts: Iterable[str]) -> dict[str, str]:
    """key -> line for every candidate line of a document's articles."""
    out: dict[str, str] = {}
    for text in texts:
        for raw in text.split("\n"):
            line = normalise_line(raw)
            if is_candidate(line):
                out.setdefault(line_key(line), line)
    return out


class RepeatedLinesStage:
    name = "repeated_lines"
    version = "1"

    def run(self, store: Store, progress: Progress) -> None:
        self._record_documents(store)
        self._update_chrome(store)
        self._apply(store, progress)

    # -- 1. what each document's candidate lines are -----------------------------------
    def _record_documents(self, store: Store) -> None:
        docs = {r["source"]: r for r in store.query("SELECT source, content_hash, input_path FROM documents")}
        known = {
            r["source"]: r["content_hash"]
            for r in store.query("SELECT source, content_hash FROM repeated_lines_docs")
        }
        for source in sorted(set(known) - set(docs)):
            with store.transaction():
                self._forget(store, source)
        for source in sorted(docs):
            doc = docs[source]
            if known.get(source) == doc["content_hash"]:
                continue
            with guard(unit="document", source=source):  # nothing stored for it: retried next run
                articles = store.query(
                    "SELECT text, outlet, outlet_source FROM articles WHERE source = ? ORDER BY part", [source]
                )
                outlet = next(
                    (a["outlet"] for a in articles if a["outlet"] and a["outlet_source"] != "chrome"), None
                )
                group = f"outlet:{outlet}" if outlet else f"folder:{posixpath.dirname((doc['input_path'] or source).replace(chr(92), '/'))}"
                lines = candidate_lines(a["text"] for a in articles)
                with store.transaction():
                    self._forget(store, source)
                    store.execute(
                        "INSERT INTO repeated_lines_docs (source, content_hash, group_key, applied) VALUES (?, ?, ?, 0)",
                        [source, doc["content_hash"], group],
                    )
                    store.executemany(
                        "INSERT INTO repeated_lines_seen (group_key, line_key, source, line) VALUES (?, ?, ?, ?)",
                        [(group, k, source, v) for k, v in sorted(lines.items())],
                    )

    @staticmethod
    def _forget(store: Store, source: str) -> None:
        store.execute("DELETE FROM repeated_lines_seen WHERE source = ?", [source])
        store.execute("DELETE FROM repeated_lines_docs WHERE source = ?", [source])

    # -- 2. which lines are chrome, per group ----------------------------------------------
    def _update_chrome(self, store: Store) -> None:
        sizes = {
            r["group_key"]: int(r["n"])
            for r in store.query("SELECT group_key, COUNT(*) AS n FROM repeated_lines_docs GROUP BY group_key")
        }
        old: dict[str, set[str]] = {}
        for r in store.query("SELECT group_key, line_key FROM repeated_lines_chrome"):
            old.setdefault(r["group_key"], set()).add(r["line_key"])
        for group in sorted(set(sizes) | set(old)):
            n = sizes.get(group, 0)
            new = {
                r["line_key"]
                for r in store.query(
                    "SELECT line_key FROM repeated_lines_seen WHERE group_key = ? "
                    "GROUP BY line_key HAVING COUNT(*) >= ?",
                    [group, chrome_threshold(n)],
                )
            } if n >= MIN_DOCS else set()
            if new == old.get(group, set()):
                continue
            with store.transaction():
                store.execute("DELETE FROM repeated_lines_chrome WHERE group_key = ?", [group])
                store.executemany(
                    "INSERT INTO repeated_lines_chrome (group_key, line_key) VALUES (?, ?)",
                    [(group, k) for k in sorted(new)],
                )
                # Every document of the group must be looked at again.
                store.execute("UPDATE repeated_lines_docs SET applied = 0 WHERE group_key = ?", [group])

    # -- 3. remove chrome lines from the articles that still have them -------------------
    def _apply(self, store: Store, progress: Progress) -> None:
        pending = store.query(
            "SELECT source, group_key FROM repeated_lines_docs WHERE applied = 0 ORDER BY group_key, source"
        )
        chrome: dict[str, set[str]] = {}
        for r in store.query("SELECT group_key, line_key FROM repeated_lines_chrome"):
            chrome.setdefault(r["group_key"], set()).add(r["line_key"])
        for done, doc in enumerate(pending, 1):
            with guard(unit="document", source=doc["source"]):  # stays unapplied: retried next run
                lines = chrome.get(doc["group_key"], set())
                # One transaction per document: its articles and its "applied" mark together.
                with store.transaction():
                    if lines:
                        for article in list(store.iter_articles(source=doc["source"])):
                            text, removed = remove_lines(article.text, lines)
                            if removed:
                                article.text = text
                                article.boilerplate_removed = [*article.boilerplate_removed, *removed]
                                store.update_article(article)
                    store.execute("UPDATE repeated_lines_docs SET applied = 1 WHERE source = ?", [doc["source"]])
            progress("repeated lines", done, len(pending))


def remove_lines(text: str, keys: set[str]) -> tuple[str, list[str]]:
    """Drop lines whose key is in ``keys``; paragraph breaks stay single blank lines."""
    kept: list[str] = []
    removed: list[str] = []
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if line and line_key(line) in keys:
            removed.append(line)
            continue
        kept.append(raw)
    if not removed:
        return text, []
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip(), removed
