"""The typed Store methods stages use instead of dialect-specific SQL."""

from __future__ import annotations

import pytest


def test_table_exists_sees_migrated_tables_only(store) -> None:
    assert store.table_exists("articles")
    assert store.table_exists("reuse_postings")
    assert not store.table_exists("no_such_table")
    assert not store.table_exists("articles; DROP TABLE articles")


def test_scratch_table_is_emptied_on_reuse_and_holds_64_bit_keys(store) -> None:
    big = 2**62 + 7  # reuse keys are 64-bit hashes
    store.scratch_table("probe", {"key": "int", "n": "int", "w": "real"}, primary_key="key")
    store.executemany("INSERT INTO probe (key, n, w) VALUES (?, ?, ?)", [(big, 1, 0.5), (-big, 2, 1.5)])
    rows = store.query("SELECT key, n, w FROM probe ORDER BY key")
    assert rows == [{"key": -big, "n": 2, "w": 1.5}, {"key": big, "n": 1, "w": 0.5}]
    store.scratch_table("probe", {"key": "int", "n": "int", "w": "real"}, primary_key="key")
    assert store.query("SELECT COUNT(*) AS c FROM probe") == [{"c": 0}]


def test_scratch_table_rejects_bad_names_and_types(store) -> None:
    with pytest.raises(ValueError):
        store.scratch_table("probe; --", {"key": "int"}, primary_key="key")
    with pytest.raises(KeyError):
        store.scratch_table("probe", {"key": "varchar"}, primary_key="key")


def test_tune_for_bulk_keeps_the_store_usable(store) -> None:
    store.tune_for_bulk()
    assert store.count("articles") == 0


def test_bulk_inserts_round_trip_every_value_kind(store) -> None:
    # Plain INSERTs go through COPY on PostgreSQL: bytes, NULLs, booleans, big and small
    # numbers, quotes, tabs, backslashes and newlines must come back exactly.
    blob = bytes(range(256))
    rows = [(2**62, "a", blob, True), (-3, "tab\there\\n 'q' \"d\"\nline", b"", False), (0, None, None, None)]
    store.scratch_table("kinds", {"k": "int", "t": "text", "b": "bytes", "f": "int"}, primary_key="k")
    store.executemany("INSERT INTO kinds (k, t, b, f) VALUES (?, ?, ?, ?)", rows)
    got = [(r["k"], r["t"], r["b"], r["f"]) for r in store.query("SELECT k, t, b, f FROM kinds ORDER BY k DESC")]
    assert got == [(2**62, "a", blob, 1), (0, None, None, None), (-3, rows[1][1], b"", 0)]
    store.scratch_table("kinds", {"k": "int", "t": "text", "b": "bytes", "f": "int"}, primary_key="k")
    store.insert_rows("kinds", [{"k": k, "t": t, "b": b, "f": f} for k, t, b, f in rows])
    assert store.count("kinds") == 3
