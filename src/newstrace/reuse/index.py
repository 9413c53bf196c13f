"""The persistent candidate index in the store: keys per article, fingerprints to diff
against the current articles, and candidate pairs from shared rare keys.

Candidates come from an inverted index (as passim does): no all-pairs comparison. A key
held by more than ``MAX_DF`` articles (a stock phrase, site chrome) is not used to propose
pairs; articles sharing at least ``MIN_SHARED`` usable shingle keys, or
``semkeys.MIN_SHARED`` usable meaning keys (sentence-embedding LSH, ``semkeys.py``; only
when embeddings are on), become a candidate pair.

Cost grows with the corpus, not with its square: one batch of new articles is keyed in
memory (numpy arrays), the index is asked only about the keys the batch holds (one
B-tree seek each, at most ``MAX_DF + 1`` rows read per key), pairs are counted with
vectorised sorts instead of a SQL self-join, and the batch's postings are appended in
key order. Articles are numbered (``reuse_docs.doc``) so a posting is two integers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from newstrace.ids import digest
from newstrace.records import Article
from newstrace.reuse import embed, semkeys
from newstrace.reuse.shingles import article_keys
from newstrace.store.base import Store

MAX_DF = 200
MIN_SHARED = 3
_CHUNK = 500  # parameters per IN (...) query
_ROWS = 200_000  # rows per executemany call (bounded memory for large batches)
_PAIRS = 4_000_000  # pair codes held at once while counting (bounded memory)

Ints = npt.NDArray[np.int64]
Docs = npt.NDArray[np.int32]  # article numbers (int32: half the memory of 100k-article batches)
Progress = Callable[[str, int, int], None]


def fingerprint(a: Article) -> str:
    """Changes when the text or any field the direction evidence reads changes."""
    dl = a.dateline.to_dict() if a.dateline else None
    cited = [c.name for c in a.cited_sources]
    return digest(a.text, a.outlet, a.published, a.published_precision, dl, cited, length=20)


def _pack(keys: Ints) -> bytes:
    return keys.astype(">i8").tobytes()


def _unpack(blob: bytes) -> Ints:
    return np.frombuffer(blob, dtype=">i8").astype(np.int64)


def _chunks(items: Sequence[str], n: int = _CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _write_postings(store: Store, sql: str, keys: Ints, docs: Docs, first: int = 0) -> None:
    """``sql`` once per (key, doc) row with ``doc >= first``, in chunks (tuples built at C
    speed by ``zip``)."""
    for k in range(0, len(keys), _ROWS):
        kk, dd = keys[k : k + _ROWS], docs[k : k + _ROWS]
        if first:
            keep = dd >= first
            kk, dd = kk[keep], dd[keep]
        store.executemany(sql, zip(kk.tolist(), dd.tolist(), strict=True))


def indexed_fingerprints(store: Store) -> dict[str, str]:
    """Article id -> fingerprint of the version indexed; "" for an article whose pairs were
    never written (a run stopped half-way), so that it is dropped and done again."""
    return {
        r["article_id"]: r["fingerprint"] if r["aligned"] else ""
        for r in store.query("SELECT article_id, fingerprint, aligned FROM reuse_docs")
    }


def drop_articles(store: Store, ids: Sequence[str]) -> None:
    """Forget articles that changed or left the store: their keys, pairs and passages."""
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" for _ in chunk)
        params = list(chunk)
        sql = f"SELECT doc, keys FROM reuse_docs WHERE article_id IN ({marks})"  # noqa: S608
        for r in store.query(sql, params):
            keys = _unpack(r["keys"])
            _write_postings(
                store,
                "DELETE FROM reuse_postings WHERE key = ? AND doc = ?",
                keys,
                np.full(len(keys), r["doc"], dtype=np.int32),
            )
        store.execute(f"DELETE FROM reuse_docs WHERE article_id IN ({marks})", params)  # noqa: S608
        for table in ("reuse_pairs", "reuse_passages"):
            store.execute(
                f"DELETE FROM {table} WHERE article_a IN ({marks}) OR article_b IN ({marks})",  # noqa: S608
                params + params,
            )


def mark_aligned(store: Store) -> None:
    store.execute("UPDATE reuse_docs SET aligned = 1 WHERE aligned = 0")


@dataclass
class _Batch:
    """The new articles' postings, numbered from ``first``."""

    first: int
    ids: list[str] = field(default_factory=list)
    keys: list[Ints] = field(default_factory=list)

    def postings(self) -> tuple[Ints, Docs]:
        """All (key, doc) postings of the batch; empties ``keys`` (memory)."""
        sizes = np.fromiter((len(k) for k in self.keys), dtype=np.int64, count=len(self.keys))
        docs = np.repeat(np.arange(self.first, self.first + len(self.keys), dtype=np.int32), sizes)
        keys = np.concatenate(self.keys) if self.keys else np.empty(0, dtype=np.int64)
        self.keys.clear()
        return keys, docs


def _key_batch(store: Store, articles: Iterable[Article], progress: Progress, total: int) -> _Batch:
    """Key the new articles and write their ``reuse_docs`` rows (not yet aligned)."""
    row = store.query("SELECT COALESCE(MAX(doc), 0) AS m FROM reuse_docs")
    batch = _Batch(first=int(row[0]["m"]) + 1)
    rows: list[tuple[int, str, str, bytes]] = []
    for a in _primed(articles):
        keys = article_keys(a.text)
        if embed.enabled():
            keys = np.union1d(keys, semkeys.keys(a.text))
        rows.append((batch.first + len(batch.ids), a.id, fingerprint(a), _pack(keys)))
        batch.ids.append(a.id)
        batch.keys.append(keys)
        if len(rows) == _CHUNK:
            _insert_docs(store, rows)
            progress("reuse index", len(batch.ids), total)
    _insert_docs(store, rows)
    return batch


def _primed(articles: Iterable[Article], size: int = 256) -> Iterator[Article]:
    """The articles, their sentence vectors encoded ``size`` articles at a time (one encoder
    call each) when embeddings are on."""
    it = iter(articles)
    while chunk := list(islice(it, size)):
        if embed.enabled():
            embed.prime([(a.text, semkeys.sentence_spans(a.text)) for a in chunk])
        yield from chunk


def _insert_docs(store: Store, rows: list[tuple[int, str, str, bytes]]) -> None:
    store.executemany(
        "INSERT INTO reuse_docs (doc, article_id, fingerprint, keys) VALUES (?, ?, ?, ?)", rows
    )
    rows.clear()


def _probe_old(store: Store, keys: Ints) -> tuple[Ints, Docs, Ints]:
    """Postings already in the index for ``keys`` (sorted, distinct), and which of those
    keys are already too common (more than ``MAX_DF`` articles hold them)."""
    store.scratch_table("reuse_probe", {"key": "int", "n": "int"}, primary_key="key")
    # One seek per key; a key the index does not hold (most of them) leaves no row.
    for k in range(0, len(keys), _ROWS):
        part = keys[k : k + _ROWS].tolist()
        store.executemany(
            "INSERT INTO reuse_probe (key, n) SELECT ?, n FROM (SELECT COUNT(*) AS n FROM "
            "(SELECT 1 FROM reuse_postings WHERE key = ? LIMIT ?) AS hits) AS c WHERE n > 0",
            zip(part, part, [MAX_DF + 1] * len(part), strict=True),
        )
    hot = np.array(
        [r["key"] for r in store.query("SELECT key FROM reuse_probe WHERE n > ?", [MAX_DF])],
        dtype=np.int64,
    )
    rows = store.query(
        "SELECT r.key AS key, p.doc AS doc FROM reuse_probe r JOIN reuse_postings p "
        "ON p.key = r.key WHERE r.n <= ?",
        [MAX_DF],
    )
    store.execute("DELETE FROM reuse_probe")
    old_keys = np.fromiter((r["key"] for r in rows), dtype=np.int64, count=len(rows))
    old_docs = np.fromiter((r["doc"] for r in rows), dtype=np.int32, count=len(rows))
    return old_keys, old_docs, np.sort(hot)


def _shared_pairs(
    keys: Ints,
    docs: Docs,
    hot: Ints,
    first_new: int,
    min_shared: int | None = None,
    max_df: int | None = None,
) -> Ints:
    """Pairs of articles (as ``lo << 32 | hi`` codes, hi a new article, i.e. numbered
    ``first_new`` or more) sharing at least ``min_shared`` usable keys. ``keys``/``docs``
    are sorted by (key, doc).

    The postings of each usable key become one row of a (keys x df) matrix per df; a pair
    is emitted from every key it shares. To bound memory the pairs are counted in slices
    of the newer article's number, each holding about ``_PAIRS`` emitted pairs."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
    sizes = np.diff(np.r_[starts, len(keys)])
    usable = (sizes >= 2) & (sizes <= (MAX_DF if max_df is None else max_df))
    if len(hot):
        usable &= ~np.isin(keys[starts], hot)
    groups = {
        d: docs[starts[usable & (sizes == d)][:, None] + np.arange(d)].astype(np.int64)
        for d in np.unique(sizes[usable]).tolist()
    }
    emitted = sum(len(m) * len(m[0]) * (len(m[0]) - 1) // 2 for m in groups.values())
    last = int(docs.max()) + 1 if len(docs) else first_new
    slices = max(1, -(-emitted // _PAIRS))
    bounds = np.linspace(first_new, last, slices + 1).round().astype(np.int64).tolist()
    found: list[Ints] = []
    for b0, b1 in zip(bounds, bounds[1:], strict=False):
        codes: list[Ints] = []
        for d, members in groups.items():
            for j in range(1, d):  # column j pairs with the (smaller) columns before it
                hi = members[:, j]
                rows = (hi >= b0) & (hi < b1)
                if rows.any():
                    codes.append(((members[rows, :j] << 32) | hi[rows, None]).ravel())
        if codes:
            pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
            found.append(pairs[counts >= (MIN_SHARED if min_shared is None else min_shared)])
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


class Candidates(NamedTuple):
    pairs: list[tuple[str, str]]  # (lower id, higher id), sorted
    meaning_only: set[tuple[str, str]]  # proposed by meaning keys alone, no shingle keys


def add_articles(
    store: Store, articles: Iterable[Article], total: int, progress: Progress
) -> Candidates:
    """Index new articles (none of them indexed yet) and return the candidate pairs
    between them and everything indexed. Call inside a transaction; the articles stay
    ``aligned = 0`` until ``mark_aligned``."""
    batch = _key_batch(store, articles, progress, total)
    new_keys, new_docs = batch.postings()
    empty = np.empty(0, dtype=np.int64)
    old_keys, old_docs, hot = (
        _probe_old(store, np.unique(new_keys))
        if store.count("reuse_docs") > len(batch.ids)  # older articles indexed
        else (empty, np.empty(0, dtype=np.int32), empty)
    )
    # Old postings first (lower numbers), each new article's keys sorted and articles in
    # number order: a stable sort by key alone leaves docs sorted within each key.
    old_order = np.lexsort((old_docs, old_keys))
    keys = np.concatenate((old_keys[old_order], new_keys))
    docs = np.concatenate((old_docs[old_order], new_docs))
    del new_keys, new_docs, old_keys, old_docs, old_order
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    docs = docs[order]
    del order
    shingle = (keys & 1) == 0
    codes = _shared_pairs(keys[shingle], docs[shingle], hot, batch.first)
    meaning = np.empty(0, dtype=np.int64)
    if not shingle.all():
        meaning = _shared_pairs(
            keys[~shingle], docs[~shingle], hot, batch.first, semkeys.MIN_SHARED, semkeys.MAX_DF
        )
        meaning = np.setdiff1d(meaning, codes)
    del shingle
    progress("reuse candidates", len(codes) + len(meaning), len(codes) + len(meaning))
    # The new postings, in key order: appended along the B-tree rather than scattered.
    _write_postings(
        store, "INSERT INTO reuse_postings (key, doc) VALUES (?, ?)", keys, docs, batch.first
    )
    del keys, docs
    lexical = _pair_ids(store, codes, batch)
    extra = _pair_ids(store, meaning, batch)
    return Candidates(sorted(set(lexical) | set(extra)), set(extra))


def _pair_ids(store: Store, codes: Ints, batch: _Batch) -> list[tuple[str, str]]:
    if not len(codes):
        return []
    lo, hi = (codes >> 32).tolist(), (codes & 0xFFFFFFFF).tolist()
    name = {batch.first + k: i for k, i in enumerate(batch.ids)}
    old = sorted({d for d in lo if d < batch.first})
    for k in range(0, len(old), _CHUNK):
        part = old[k : k + _CHUNK]
        marks = ",".join("?" for _ in part)
        sql = f"SELECT doc, article_id FROM reuse_docs WHERE doc IN ({marks})"  # noqa: S608
        name.update((r["doc"], r["article_id"]) for r in store.query(sql, part))
    out = set()
    for x, y in zip(lo, hi, strict=True):
        a, b = name[x], name[y]
        out.add((a, b) if a < b else (b, a))
    return sorted(out)
