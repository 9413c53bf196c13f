"""``ReuseStage``: bring the reuse index, pairs and passages up to date, incrementally.

Articles are diffed by fingerprint against what the index holds: changed or removed
articles lose their keys, pairs and passages; new or changed ones are indexed and compared
with everything indexed (and only they are). Results depend only on the two texts and
their metadata, so they are the same whatever the order or batching of the input.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date
from typing import NamedTuple

from threadpoolctl import threadpool_limits

from newstrace.problems import guard
from newstrace.records import Article
from newstrace.reuse import index, semantic
from newstrace.reuse.align import Passage, Prepared, align, prepare
from newstrace.reuse.direction import decide, same_outlet
from newstrace.stages import Progress
from newstrace.store.base import Store

# 2: compact index (numbered articles, numpy-hashed keys); 3: meaning keys; 4: glued sentences
# split; 5: meaning-key candidates need 3 keys held by at most 10 articles (semkeys)
VERSION = "5"
_STATE = "reuse.version"
_CACHE = 2000  # prepared articles kept while aligning
_WRITE_BATCH = 500


class _Prepared:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: OrderedDict[str, tuple[Article, Prepared]] = OrderedDict()

    def get(self, article_id: str) -> tuple[Article, Prepared] | None:
        hit = self.cache.get(article_id)
        if hit:
            self.cache.move_to_end(article_id)
            return hit
        a = self.store.get_article(article_id)
        if a is None:
            return None
        self.cache[article_id] = (a, prepare(a.text))
        if len(self.cache) > _CACHE:
            self.cache.popitem(last=False)
        return self.cache[article_id]


def _covered(words: int, passages: list[Passage], side: str) -> float:
    if not words:
        return 0.0
    n = sum(p.a_words if side == "a" else p.b_words for p in passages)
    return min(1.0, n / words)


def _context(text: str, start: int, end: int) -> str:
    """The passage with the text just before it, where "the agency says" would stand."""
    return text[max(0, start - 150) : end]


class Compared(NamedTuple):
    pair: dict  # a reuse_pairs row
    passages: list[dict]  # its reuse_passages rows
    weak: bool  # no exact passage of MIN_PASSAGE_WORDS words (semantic.weak)


def compare(
    a: Article,
    pa: Prepared,
    b: Article,
    pb: Prepared,
    passages: list[Passage] | None = None,
    cos: semantic.Cosines | None = None,
) -> Compared | None:
    """The pair's passages (``passages``, or found: lexical alignment refined by embeddings,
    ``cos`` the sentence cosines when already computed), direction and rows."""
    if passages is None:
        passages = semantic.refine(pa, pb, align(pa, pb, merged=False), cos)
    if not passages:
        return None
    ca, cb = _covered(len(pa.tokens), passages, "a"), _covered(len(pb.tokens), passages, "b")
    direction, evidence = decide(
        a,
        b,
        ca,
        cb,
        b_passage_texts=[_context(b.text, p.b_start, p.b_end) for p in passages],
        a_passage_texts=[_context(a.text, p.a_start, p.a_end) for p in passages],
        # Relative cues and name swaps are read in exact passages only: in a reworded one
        # every phrase differs, so one text's "earlier this month" says little.
        passages=[
            (a.text[p.a_start : p.a_end], b.text[p.b_start : p.b_end])
            for p in passages
            if p.kind != "paraphrase"
        ],
    )
    pair = {
        "article_a": a.id,
        "article_b": b.id,
        "direction": direction,
        "evidence_json": json.dumps(evidence),
        "same_outlet": int(same_outlet(a, b)),
        "covered_a": round(ca, 4),
        "covered_b": round(cb, 4),
    }
    rows = [
        {
            "article_a": a.id,
            "article_b": b.id,
            "seq": k,
            "a_start": p.a_start,
            "a_end": p.a_end,
            "b_start": p.b_start,
            "b_end": p.b_end,
            "similarity": p.similarity,
            "kind": p.kind,
        }
        for k, p in enumerate(passages)
    ]
    return Compared(pair, rows, semantic.weak(passages))


class ReuseStage:
    name = "reuse"
    version = VERSION

    def run(self, store: Store, progress: Progress) -> None:
        # One BLAS thread: the stage multiplies many tiny matrices (sentence vectors), where
        # OpenBLAS's threads cost 18x the CPU on a busy machine (measured 600 products).
        with threadpool_limits(1, user_api="blas"):
            self._run(store, progress)

    def _run(self, store: Store, progress: Progress) -> None:
        version = VERSION + semantic.version_tag()  # with/without embeddings differ
        if store.get_state(_STATE) != version:
            with store.transaction():
                for table in ("reuse_postings", "reuse_docs", "reuse_pairs", "reuse_passages"):
                    store.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
                store.set_state(_STATE, version)
        store.tune_for_bulk()  # the index is read and appended in bulk
        current = {a.id: index.fingerprint(a) for a in store.iter_articles()}
        held = index.indexed_fingerprints(store)
        stale = sorted(a for a, fp in held.items() if current.get(a) != fp)
        new = {a for a, fp in current.items() if held.get(a) != fp}
        if stale:
            with store.transaction():
                index.drop_articles(store, stale)
        if not new:
            return
        # Keying, candidate counting and the postings of the whole batch: one transaction,
        # so the hot-key cut-off is counted over every article of the batch (the same pairs
        # whatever the input order) and a stopped run leaves no half-written index.
        with store.transaction():
            candidates = index.add_articles(
                store, (a for a in store.iter_articles() if a.id in new), len(new), progress
            )
        pairs = candidates.pairs
        prepared = _Prepared(store)
        retry: set[str] = set()
        singles: list[tuple[str, str, semantic.Match]] = []
        weak: list[tuple[str, str]] = []

        def attempt(x: str, y: str, m: semantic.Match | None) -> Compared | None:
            """Compare one pair (``m``: its single sentence match, for the context rule);
            a failing pair is recorded, the rest go on."""
            result = None
            with guard(unit=f"pair {x} {y}") as c:
                ax, ay = prepared.get(x), prepared.get(y)
                if not ax or not ay:
                    return None
                if m is not None:
                    if _travels(store, ax[1], x, m.i, y) or _travels(store, ay[1], y, m.j, x):
                        result = compare(
                            ax[0], ax[1], ay[0], ay[1], [semantic.single_passage(ax[1], ay[1], m)]
                        )
                elif (x, y) not in candidates.meaning_only or semantic.plausible(ax[0], ay[0]):
                    # The sentence cosines, once: the context rule reads them again.
                    cos = semantic.cosines(ax[1], ay[1]) if semantic.embed.enabled() else None
                    result = compare(ax[0], ax[1], ay[0], ay[1], cos=cos)
                    if result is None and cos is not None:
                        single = semantic.single_match(ax[1], ay[1], cos)
                        if single is not None:
                            singles.append((x, y, single))
            if c.failed:
                retry.update((x, y))
            if result and result.weak:
                weak.append((x, y))
            return result

        for k in range(0, len(pairs), _WRITE_BATCH):
            chunk = pairs[k : k + _WRITE_BATCH]
            _write(store, chunk, [attempt(x, y, None) for x, y in chunk])
            progress("reuse align", min(k + _WRITE_BATCH, len(pairs)), len(pairs))
        if singles:
            _write(store, [(x, y) for x, y, _ in singles], [attempt(x, y, m) for x, y, m in singles])
        if weak:
            _drop_far_apart(store, weak, prepared)
        with store.transaction():
            index.mark_aligned(store)
            # Articles of a failed pair stay unaligned: the next run indexes them again.
            store.executemany("UPDATE reuse_docs SET aligned = 0 WHERE article_id = ?", [[a] for a in sorted(retry)])


def _write(store: Store, chunk: list[tuple[str, str]], results: list[Compared | None]) -> None:
    """One transaction per batch of pairs: a pair is either fully written or not at all."""
    with store.transaction():
        for x, y in chunk:
            store.execute("DELETE FROM reuse_pairs WHERE article_a = ? AND article_b = ?", [x, y])
            store.execute("DELETE FROM reuse_passages WHERE article_a = ? AND article_b = ?", [x, y])
        store.insert_rows("reuse_pairs", [r.pair for r in results if r])
        store.insert_rows("reuse_passages", [p for r in results if r for p in r.passages])


def _dates(store: Store, article: Article, memo: dict[str, set[date]]) -> set[date]:
    """When a page was published: its own date, or else the dates of the pages it shares an
    exact passage with (a copy appears within days of its source). ``memo``: the dates
    already looked up in this run (a page is in many weak pairs)."""
    if article.id in memo:
        return memo[article.id]
    own = semantic.day(article)
    if own:
        memo[article.id] = {own}
        return memo[article.id]
    rows = store.query(
        "SELECT article_b AS o FROM reuse_passages WHERE article_a = ? AND kind <> 'paraphrase' "
        "UNION SELECT article_a AS o FROM reuse_passages WHERE article_b = ? AND kind <> 'paraphrase'",
        [article.id, article.id],
    )
    out = set()
    for r in rows:
        other = store.get_article(r["o"])
        d = semantic.day(other) if other else None
        if d:
            out.add(d)
    memo[article.id] = out
    return out


def _drop_far_apart(store: Store, pairs: list[tuple[str, str]], prepared: _Prepared) -> None:
    """Weak pairs (reworded passages, or a short exact one: ``semantic.weak``) between pages
    published more than ``semantic.WINDOW_DAYS`` apart are dropped: independent reports of two
    events of one kind (two missile launches, a war's stock background sentence) read alike;
    a reworded copy follows its source within days. Dates are the pages' own or, for an
    undated page, those of the pages it shares exact passages with."""
    drop = []
    memo: dict[str, set[date]] = {}
    for x, y in pairs:
        ax, ay = prepared.get(x), prepared.get(y)
        if ax and ay and semantic.far_apart(_dates(store, ax[0], memo), _dates(store, ay[0], memo)):
            drop.append([x, y])
    if drop:
        with store.transaction():
            store.executemany("DELETE FROM reuse_pairs WHERE article_a = ? AND article_b = ?", drop)
            store.executemany("DELETE FROM reuse_passages WHERE article_a = ? AND article_b = ?", drop)


def _travels(store: Store, p: Prepared, article: str, k: int, other: str) -> bool:
    """Sentence ``k`` of ``article`` lies in a verbatim or near passage it shares with a
    third article (not ``other``): a passage known to travel between outlets."""
    s = p.sents[k]
    rows = store.query(
        "SELECT article_b AS o FROM reuse_passages WHERE article_a = ? AND kind <> 'paraphrase' "
        "AND a_start < ? AND a_end > ? UNION SELECT article_a AS o FROM reuse_passages "
        "WHERE article_b = ? AND kind <> 'paraphrase' AND b_start < ? AND b_end > ?",
        [article, s.end, s.start, article, s.end, s.start],
    )
    return any(r["o"] != other for r in rows)
