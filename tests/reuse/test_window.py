"""Weak pairs (reworded passages only, or a short quotation) need their pages published
within ``semantic.WINDOW_DAYS`` of each other; an undated page is dated by its exact copies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newstrace.reuse import semantic
from newstrace.reuse.evaluate import store_records
from newstrace.reuse.stage import ReuseStage
from newstrace.store import open_store

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "reuse" / "articles.jsonl"


def test_far_apart_needs_dates_on_both_sides() -> None:
    d = date.fromisoformat
    assert not semantic.far_apart(set(), {d("2024-01-01")})
    assert not semantic.far_apart({d("2024-01-01")}, {d("2024-01-15")})  # 14 days: within
    assert semantic.far_apart({d("2024-01-01")}, {d("2024-01-16")})
    # Any date of one side close to any of the other keeps the pair.
    assert not semantic.far_apart({d("2024-01-01"), d("2024-03-01")}, {d("2024-03-05")})


def _pairs(dbs, tmp_path: Path, rows: list[dict], name: str) -> set[tuple[str, str]]:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with open_store(dbs.new(name)) as store:
        store_records(path, store)
        ReuseStage().run(store, lambda *_: None)
        source = {r["id"]: r["source"] for r in store.query("SELECT id, source FROM articles")}
        return {
            tuple(sorted((source[r["article_a"]], source[r["article_b"]])))  # type: ignore[misc]
            for r in store.query("SELECT article_a, article_b FROM reuse_pairs")
        }


@pytest.fixture()
def texts() -> dict[str, str]:
    return {r["id"]: r["text"] for r in map(json.loads, DATA.read_text(encoding="utf-8").splitlines())}


def test_a_weak_pair_months_apart_is_dropped(
    dbs, texts: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hard reprint shares only reworded sentences with the wire; counted as weak here
    # (its reworded passage is long enough otherwise to stand whatever the dates).
    monkeypatch.setattr(semantic, "LONG_WORDS", 10_000)

    def rows(wire_date: str | None, hard_date: str | None) -> list[dict]:
        return [
            {"id": "wire", "text": texts["mine-wire"], "outlet": "Wire", "published": wire_date},
            {"id": "hard", "text": texts["mine-hard"], "outlet": "Other", "published": hard_date},
        ]

    assert _pairs(dbs, tmp_path, rows("2025-03-02", "2025-03-04"), "near") == {("hard", "wire")}
    assert _pairs(dbs, tmp_path, rows("2025-03-02", "2025-06-04"), "far") == set()
    assert _pairs(dbs, tmp_path, rows("2025-03-02", None), "undated") == {("hard", "wire")}
    # An undated reprint is dated by its verbatim copy: three months from the wire.
    dated_by_copy = [
        *rows("2025-03-02", None),
        {"id": "copy", "text": texts["mine-hard"], "outlet": "Third", "published": "2025-06-04"},
    ]
    assert ("hard", "wire") not in _pairs(dbs, tmp_path, dated_by_copy, "copy")
