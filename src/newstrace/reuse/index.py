"""The persistent candidate index in the store: keys per article, fingerprints to diff
against the current articles, and candidate pairs from shared rare keys.

Candidates come from an inverted index (as passim does): no all-pairs comparison. A key
held by more than ``MAX_DF`` articles (a stock phrase, site chrome) is not used to propose
pairs; articles sharing at least ``MIN_SHARED`` usable keys become a candidate pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from newstrace.ids import digest
from newstrace.records import Article
from newstrace.reuse.shingles import article_keys
from newstrace.reuse.text import tokenize
from newstrace.store.base import Store

MAX_DF = 200
MIN_SHARED = 3
_CHUNK = 500  # parameters per IN (...) query


def fingerprint(a: Article) -> str:
    """Changes when the text or any field the direction evidence reads changes."""
    dl = a.dateline.to_dict() if a.dateline else None
    cited = [c.name for c in a.cited_sources]
    return digest(a.text, a.outlet, a.published, a.published_precision, dl, cited, length=20)


def _chunks(items: Sequence[object], n: int = _CHUNK) -> Iterable[Sequence[object]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def indexed_fingerprints(store: Store) -> dict[str, str]:
    return {r["article_id"]: r["fingerprint"] for r in store.query("SELECT article_id, fingerprint FROM reuse_indexed")}


def drop_articles(store: Store, ids: Sequence[str]) -> None:
    """Forget articles that changed or left the store: their keys, pairs and passages."""
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" for _ in chunk)
        params = list(chunk)
        store.execute(f"DELETE FROM reuse_keys WHERE article_id IN ({marks})", params)  # noqa: S608
        store.execute(f"DELETE FROM reuse_indexed WHERE article_id IN ({marks})", params)  # noqa: S608
        for table in ("reuse_pairs", "reuse_passages"):
            store.execute(
                f"DELETE FROM {table} WHERE article_a IN ({marks}) OR article_b IN ({marks})",  # noqa: S608
                params + params,
            )


def add_articles(store: Store, articles: Sequence[Article]) -> None:
    rows: list[tuple[int, str]] = []
    for a in articles:
        rows.extend((k, a.id) for k in article_keys(tokenize(a.text)))
    store.executemany("INSERT INTO reuse_keys (key, article_id) VALUES (?, ?)", rows)
    store.executemany(
        "INSERT INTO reuse_indexed (article_id, fingerprint) VALUES (?, ?)", [(a.id, fingerprint(a)) for a in articles]
    )


def candidates(store: Store, new_ids: Sequence[str]) -> set[tuple[str, str]]:
    """Pairs (lower id, higher id) between the new articles and everything indexed."""
    pairs: set[tuple[str, str]] = set()
    for batch in _chunks(sorted(new_ids), 200):
        marks = ",".join("?" for _ in batch)
        own = store.query(f"SELECT key, article_id FROM reuse_keys WHERE article_id IN ({marks})", list(batch))  # noqa: S608
        keys = sorted({r["key"] for r in own})
        postings: dict[int, list[str]] = {}
        for chunk in _chunks(keys):
            m = ",".join("?" for _ in chunk)
            for r in store.query(f"SELECT key, article_id FROM reuse_keys WHERE key IN ({m})", list(chunk)):  # noqa: S608
                postings.setdefault(r["key"], []).append(r["article_id"])
        shared: Counter[tuple[str, str]] = Counter()
        for r in own:
            holders = postings.get(r["key"], [])
            if len(holders) > MAX_DF:
                continue
            me = r["article_id"]
            for other in holders:
                if other != me:
                    shared[(me, other) if me < other else (other, me)] += 1
        # Both new: the pair was counted from both sides.
        batch_set = set(batch)
        for (x, y), n in shared.items():
            both = x in batch_set and y in batch_set
            if (n // 2 if both else n) >= MIN_SHARED:
                pairs.add((x, y))
    return pairs
