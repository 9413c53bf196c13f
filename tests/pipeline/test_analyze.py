"""The run as a whole: idempotence, replacement, interruption, engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.pipeline import analyze as analyze_mod
from newstrace.pipeline.analyze import analyze, ingest
from newstrace.store import open_store

STORY = """Harbour workers end strike in Port Velan

PORT VELAN, March 3 (Coastline Wire) - Dock workers ended a nine-day strike on Tuesday after the
port authority agreed to raise night-shift pay, union leader Mara Okonjo said.

"We got what we came for," Okonjo told reporters outside the container terminal.
"""


def _corpus(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"story{i:02d}.txt").write_text(STORY.replace("nine-day", f"{i + 2}-day"), encoding="utf-8")
    return folder


def test_reanalysis_adds_nothing_and_changed_content_replaces(tmp_path: Path, db_url: str) -> None:
    folder = _corpus(tmp_path, 3)
    db = db_url
    with open_store(db) as store:
        first = analyze([folder], store)
        assert first.documents_stored == 3
        ids_before = store.article_ids()
        second = analyze([folder], store)
        assert second.documents_stored == 0 and second.documents_unchanged == 3
        assert store.article_ids() == ids_before

        (folder / "story01.txt").write_text(STORY.replace("nine-day", "month-long"), encoding="utf-8")
        third = analyze([folder], store)
        assert third.documents_stored == 1
        assert store.article_ids() == ids_before  # same source -> same ids
        texts = [a.text for a in store.iter_articles()]
        assert sum("month-long" in t for t in texts) == 1
        assert store.count("articles") == 3


def test_interrupted_run_keeps_finished_documents_and_resumes(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path, 6)
    db = db_url
    real = analyze_mod._store_document
    calls = {"n": 0}

    def flaky(*args):  # the run is stopped (Ctrl-C) while storing the 4th document
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(analyze_mod, "_store_document", flaky)
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([folder], store)
    with open_store(db) as store:
        assert store.count("documents") == 3  # finished ones kept, nothing half-written
        assert store.count("articles") == store.count("documents")
    monkeypatch.setattr(analyze_mod, "_store_document", real)
    with open_store(db) as store:
        summary = ingest([folder], store)
        assert summary.documents_unchanged == 3 and summary.documents_stored == 3
        assert store.count("documents") == 6


def test_results_do_not_depend_on_worker_count(dbs, tmp_path: Path) -> None:
    folder = _corpus(tmp_path, 8)
    exports = []
    for workers in (1, 2):
        with open_store(dbs.new(f"w{workers}")) as store:
            ingest([folder], store, workers=workers)
            exports.append([a.to_dict() for a in store.iter_articles()])
    assert exports[0] == exports[1]
    assert len(exports[0]) == 8


def test_a_document_that_fails_processing_is_reported_and_the_run_goes_on(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path, 3)
    real = analyze_mod.process_document

    def broken(raw, *args):
        if raw.source.endswith("story01.txt"):
            raise ValueError("boom")
        return real(raw, *args)

    monkeypatch.setattr(analyze_mod, "process_document", broken)
    with open_store(db_url) as store:
        summary = ingest([folder], store)
    assert summary.documents_stored == 2
    assert len(summary.problems) == 1
    p = summary.problems[0]
    assert p.source == "story01.txt" and p.stage == "document" and p.error == "ValueError" and p.message == "boom"


def test_dask_engine_gives_the_same_articles(dbs, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    folder = _corpus(tmp_path, 5)
    exports = []
    for engine in ("local", "dask"):
        with open_store(dbs.new(engine)) as store:
            ingest([folder], store, workers=2, engine=engine)
            exports.append([a.to_dict() for a in store.iter_articles()])
    assert exports[0] == exports[1] and len(exports[0]) == 5


def test_pages_with_no_article_text_are_reported_not_stored(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "chrome.html").write_text("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>", encoding="utf-8")
    (folder / "widgets.txt").write_text("Share the news:\nYour Comment\n0 Persons\n", encoding="utf-8")
    (folder / "good.txt").write_text(STORY, encoding="utf-8")
    with open_store(db_url) as store:
        summary = ingest([folder], store)
        assert [a.source for a in store.iter_articles()] == ["good.txt"]
    reasons = {Path(p.source).name: p.message for p in summary.problems}
    assert set(reasons) == {"chrome.html", "widgets.txt"}
    assert all("no article text" in r for r in reasons.values())
