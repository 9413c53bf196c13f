"""The persistent candidate index in the store: keys per article, fingerprints to diff
against the current articles, and candidate pairs from shared rare keys.

Candidates come from an inverted index (as passim does): no all-pairs comparison. A key
held by more than ``MAX_DF`` articles (a stock phrase, site chrome) is not used to propose
pairs; articles sharing at least ``MIN_SHARED`` usable keys become a candidate pair. The
counting is one SQL join per batch of new articles, so it runs inside the database.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

from newstrace.ids import digest
from newstrace.records import Article
from newstrace.reuse.shingles import article_keys
from newstrace.store.base import Store

MAX_DF = 200
MIN_SHARED = 3
_CHUNK = 500  # parameters per IN (...) query


def fingerprint(a: Article) -> str:
    """Changes when the text or any field the direction evidence reads changes."""
    dl = a.dateline.to_dict() if a.dateline else None
    cited = [c.name for c in a.cited_sources]
    return digest(a.text, a.outlet, a.published, a.published_precision, dl, cited, length=20)


def _pack(keys: list[int]) -> bytes:
    return struct.pack(f">{len(keys)}q", *keys)


def _unpack(blob: bytes) -> list[int]:
    return list(struct.unpack(f">{len(blob) // 8}q", blob))


def _chunks(items: Sequence[str], n: int = _CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def indexed_fingerprints(store: Store) -> dict[str, str]:
    return {
        r["article_id"]: r["fingerprint"]
        for r in store.query("SELECT article_id, fingerprint FROM reuse_indexed")
    }


def drop_articles(store: Store, ids: Sequence[str]) -> None:
    """Forget articles that changed or left the store: their keys, pairs and passages."""
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" for _ in chunk)
        params = list(chunk)
        sql = f"SELECT article_id, keys FROM reuse_indexed WHERE article_id IN ({marks})"  # noqa: S608
        for r in store.query(sql, params):
            store.executemany(
                "DELETE FROM reuse_keys WHERE key = ? AND article_id = ?",
                [(k, r["article_id"]) for k in _unpack(r["keys"])],
            )
        store.execute(f"DELETE FROM reuse_indexed WHERE article_id IN ({marks})", params)  # noqa: S608
        for table in ("reuse_pairs", "reuse_passages"):
            store.execute(
                f"DELETE FROM {table} WHERE article_a IN ({marks}) OR article_b IN ({marks})",  # noqa: S608
                params + params,
            )


def add_articles(store: Store, articles: Sequence[Article]) -> None:
    rows: list[tuple[int, str]] = []
    indexed = []
    for a in articles:
        keys = article_keys(a.text)
        rows.extend((k, a.id) for k in keys)
        indexed.append((a.id, fingerprint(a), _pack(keys)))
    rows.sort()
    store.executemany("INSERT OR IGNORE INTO reuse_keys (key, article_id) VALUES (?, ?)", rows)
    store.executemany(
        "INSERT INTO reuse_indexed (article_id, fingerprint, keys) VALUES (?, ?, ?)", indexed
    )


def candidates(store: Store, new_ids: Sequence[str]) -> set[tuple[str, str]]:
    """Pairs (lower id, higher id) between the new articles and everything indexed."""
    pairs: set[tuple[str, str]] = set()
    store.execute(
        "CREATE TEMP TABLE IF NOT EXISTS reuse_batch (key INTEGER NOT NULL, article_id TEXT NOT NULL)"
    )
    store.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_hot (key INTEGER PRIMARY KEY)")
    try:
        for batch in _chunks(sorted(new_ids)):
            marks = ",".join("?" for _ in batch)
            rows: list[tuple[int, str]] = []
            sql = f"SELECT article_id, keys FROM reuse_indexed WHERE article_id IN ({marks})"  # noqa: S608
            for r in store.query(sql, list(batch)):
                rows.extend((k, r["article_id"]) for k in _unpack(r["keys"]))
            with store.transaction():
                store.execute("DELETE FROM reuse_batch")
                store.execute("DELETE FROM reuse_hot")
                store.executemany("INSERT INTO reuse_batch (key, article_id) VALUES (?, ?)", rows)
                # Keys too common to mean anything: counted up to MAX_DF + 1 only.
                store.execute(
                    "INSERT INTO reuse_hot (key) SELECT DISTINCT b.key FROM reuse_batch b WHERE "
                    "(SELECT COUNT(*) FROM (SELECT 1 FROM reuse_keys k WHERE k.key = b.key LIMIT ?)) > ?",
                    [MAX_DF + 1, MAX_DF],
                )
                found = store.query(
                    "SELECT b.article_id AS x, k.article_id AS y FROM reuse_batch b "
                    "JOIN reuse_keys k ON k.key = b.key "
                    "WHERE k.article_id != b.article_id AND b.key NOT IN (SELECT key FROM reuse_hot) "
                    "GROUP BY b.article_id, k.article_id HAVING COUNT(*) >= ?",
                    [MIN_SHARED],
                )
            for r in found:
                x, y = r["x"], r["y"]
                pairs.add((x, y) if x < y else (y, x))
    finally:
        store.execute("DROP TABLE IF EXISTS temp.reuse_batch")
        store.execute("DROP TABLE IF EXISTS temp.reuse_hot")
    return pairs
