"""The full-text index is filled per batch (fts_pending), not per document: replacing,
updating and deleting articles before or after a flush must keep FTS5 consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.ids import article_id
from newstrace.records import Article
from newstrace.store import open_store


@pytest.fixture()
def store(tmp_path: Path):
    """FTS5's deferred index is SQLite's: these tests run on SQLite only."""
    with open_store(str(tmp_path / "t.db")) as s:
        yield s


def _article(source: str, text: str, title: str | None = None) -> Article:
    return Article(id=article_id(source, 0), source=source, part=0, text=text, title=title)


def _pending(store) -> int:
    return int(store.query("SELECT COUNT(*) AS n FROM fts_pending")[0]["n"])


def _integrity_ok(store) -> None:
    # FTS5 raises SQLITE_CORRUPT_VTAB when the index disagrees with its content table
    # (so only after a flush: pending articles are in the table, not yet in the index).
    store.flush_search_index()
    store.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_articles_are_indexed_in_one_flush(store) -> None:
    for i in range(5):
        store.replace_document(f"d{i}", "h", f"d{i}", [_article(f"d{i}", f"Ferry number {i} ran aground near Hvar")])
    assert _pending(store) == 5
    assert store.flush_search_index() == 5
    assert _pending(store) == 0
    assert store.search("aground")[0] == 5
    _integrity_ok(store)


def test_replacing_a_pending_article_never_deletes_what_was_not_indexed(store) -> None:
    store.replace_document("a", "h1", "a", [_article("a", "Harbour cranes idle during strike")])
    store.replace_document("a", "h2", "a", [_article("a", "Harbour cranes moving again after deal")])
    assert _pending(store) == 1
    assert store.search("strike")[0] == 0
    assert store.search("deal")[0] == 1
    _integrity_ok(store)


def test_replacing_an_indexed_article_removes_its_old_words(store) -> None:
    store.replace_document("a", "h1", "a", [_article("a", "Drought shrinks the reservoir")])
    store.flush_search_index()
    store.replace_document("a", "h2", "a", [_article("a", "Rain refills the reservoir")])
    assert store.search("drought")[0] == 0
    assert store.search("rain")[0] == 1
    _integrity_ok(store)


def test_updated_article_is_reindexed(store) -> None:
    a = _article("a", "Council approves budget", title="Budget vote")
    store.replace_document("a", "h", "a", [a])
    store.flush_search_index()
    a.title = "Spending plan passes"
    store.update_article(a)
    assert _pending(store) == 1
    assert store.search("spending")[0] == 1
    assert store.search("vote")[0] == 0
    _integrity_ok(store)


def test_interrupted_run_is_indexed_later(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    s = open_store(str(db))
    s.replace_document("a", "h", "a", [_article("a", "Landslide blocks mountain road")])
    s.conn.close()  # the process dies: no flush on close
    with open_store(str(db), read_only=True) as ro:
        assert ro.search("landslide")[0] == 0  # a reader cannot write the index
    with open_store(str(db)) as s2:
        assert _pending(s2) == 1
        assert s2.search("landslide")[0] == 1
        _integrity_ok(s2)
