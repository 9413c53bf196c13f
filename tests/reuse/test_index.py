"""The compact candidate index: vectorised pair counting against a plain count, the
stock-phrase cut-off across runs, and a run stopped before its pairs were written."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from newstrace.ids import article_id, content_hash
from newstrace.records import Article
from newstrace.reuse import index, semkeys
from newstrace.reuse.shingles import article_keys
from newstrace.reuse.stage import ReuseStage
from newstrace.store import open_store
from newstrace.store.base import Store


def _plain_pairs(postings: dict[int, list[int]], hot: set[int], first_new: int) -> set[int]:
    """The same rule as ``_shared_pairs``, counted pair by pair."""
    shared: dict[tuple[int, int], int] = {}
    for key, docs in postings.items():
        if key in hot or not 2 <= len(docs) <= index.MAX_DF:
            continue
        for lo, hi in combinations(sorted(docs), 2):
            if hi >= first_new:
                shared[lo, hi] = shared.get((lo, hi), 0) + 1
    return {lo << 32 | hi for (lo, hi), n in shared.items() if n >= index.MIN_SHARED}


@pytest.mark.parametrize("slice_pairs", [4_000_000, 50])  # one slice; many slices
def test_vectorised_pair_counting_matches_a_plain_count(
    monkeypatch: pytest.MonkeyPatch, slice_pairs: int
) -> None:
    monkeypatch.setattr(index, "MAX_DF", 6)
    monkeypatch.setattr(index, "_PAIRS", slice_pairs)
    rng = random.Random(5)
    postings: dict[int, list[int]] = {}
    for key in range(400):
        # Key frequencies from 1 to 9 articles: some above the cut-off of 6.
        postings[key * 7919 - 1_000_000] = rng.sample(range(1, 41), rng.randint(1, 9))
    hot = {k for k in list(postings)[:30] if len(postings[k]) <= 6}  # "already hot" keys
    keys = np.array([k for k, ds in postings.items() for _ in ds], dtype=np.int64)
    docs = np.array([d for ds in postings.values() for d in ds], dtype=np.int64)
    order = np.lexsort((docs, keys))
    got = index._shared_pairs(
        keys[order], docs[order], np.array(sorted(hot), dtype=np.int64), first_new=21
    )
    expected = _plain_pairs(postings, hot, first_new=21)
    assert expected  # the data does produce pairs, so the comparison means something
    assert set(got.tolist()) == expected
    assert len(got) == len(expected)


def test_keys_are_stable_and_shared_by_copies() -> None:
    text = (
        "The harbour authority in Port Elessa said on Tuesday that 14 cranes had been "
        "repaired after the storm and that night shifts would resume on Thursday."
    )
    keys = article_keys(text)
    assert keys.dtype == np.int64 and np.all(keys[1:] > keys[:-1])
    assert np.array_equal(keys, article_keys(text))
    reprint = "Officials were cautious. " + text
    assert len(np.intersect1d(keys, article_keys(reprint))) >= len(keys) - 2
    assert len(article_keys("Short text.")) == 0


BOILER = (
    "Readers can reach the newsroom of the Harlow Gazette at its office on Mill Street "
    "every weekday between nine in the morning and six in the evening."
)
TOPICS = [
    "The county council approved a new cycle lane along the river embankment on Monday.",
    "A bakery on Station Road won the regional bread competition for a third year.",
    "Volunteers planted four hundred oak saplings in the western meadow over the weekend.",
    "The swimming pool in Easton will close for six weeks while its roof is replaced.",
    "Two lorries collided on the bypass, closing the northbound lanes for three hours.",
]


def _add(store: Store, items: list[tuple[str, str]]) -> dict[str, str]:
    ids = {}
    with store.transaction():
        for source, text in items:
            a = Article(
                id=article_id(source, 0),
                source=source,
                part=0,
                text=text,
                content_hash=content_hash(text),
            )
            store.replace_document(source, a.content_hash, source, [a])
            ids[source] = a.id
    return ids


def _pairs(store: Store) -> set[tuple[str, str]]:
    return {(r["article_a"], r["article_b"]) for r in store.query("SELECT * FROM reuse_pairs")}


def test_a_phrase_becoming_common_stops_proposing_pairs_for_new_articles(
    dbs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "MAX_DF", 3)
    monkeypatch.setattr(semkeys, "MAX_DF", 3)  # the same cut-off for the meaning keys
    with open_store(dbs.new("r")) as store:
        ids = _add(store, [(f"s{k}", TOPICS[k] + " " + BOILER) for k in range(3)])
        ReuseStage().run(store, lambda *_: None)
        first = _pairs(store)
        # Three articles hold the paragraph: under the cut-off, so they pair up.
        assert first == {tuple(sorted(p)) for p in combinations(ids.values(), 2)}
        # Two more: five hold it now, more than MAX_DF, so the new ones pair with nobody,
        # while the pairs written before stay.
        ids2 = _add(store, [(f"s{k}", TOPICS[k] + " " + BOILER) for k in (3, 4)])
        ReuseStage().run(store, lambda *_: None)
        assert _pairs(store) == first
        assert store.count("reuse_docs") == 5 and set(ids2.values()).isdisjoint(
            x for p in first for x in p
        )


def test_a_run_stopped_before_its_pairs_were_written_is_done_again(dbs, tmp_path: Path) -> None:
    with open_store(dbs.new("r")) as store:
        _add(store, [("a", TOPICS[0] + " " + BOILER), ("b", TOPICS[1] + " " + BOILER)])
        ReuseStage().run(store, lambda *_: None)
        assert len(_pairs(store)) == 1
        postings = store.count("reuse_postings")
        # As if the process died after indexing, before the alignment was written.
        with store.transaction():
            store.execute("UPDATE reuse_docs SET aligned = 0")
            store.execute("DELETE FROM reuse_pairs")
            store.execute("DELETE FROM reuse_passages")
        ReuseStage().run(store, lambda *_: None)
        assert len(_pairs(store)) == 1
        assert store.count("reuse_postings") == postings  # re-indexed, not doubled
        assert store.count("reuse_docs", aligned=1) == 2
