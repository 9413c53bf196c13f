"""One failure, one problem: a stage that raises on one document, article or corpus unit is
recorded in ``problems``, the run finishes the rest and exits 1, and the next run (with the
fault gone) retries exactly what failed and clears the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.store import open_store

runner = CliRunner()

STORY = """Harbour workers end strike in Port Velan

PORT VELAN, March 3 (Coastline Wire) - Dock workers ended a nine-day strike on Tuesday after the
port authority agreed to raise night-shift pay, union leader Mara Okonjo said.

"We got what we came for," Okonjo told reporters outside the container terminal.
"""


def _corpus(tmp_path: Path, n: int = 4) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"story{i}.txt").write_text(STORY.replace("nine-day", f"{i + 2}-day"), encoding="utf-8")
    return folder


def _analyze(folder: Path, db: Path | str) -> Any:
    return runner.invoke(app, ["analyze", str(folder), "--db", str(db), "--quiet"])


def _problems(db: Path | str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["problems", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _stage_runs(db: Path | str) -> set[tuple[str, str]]:
    with open_store(str(db), create=False) as store:
        return {(r["source"], r["stage"]) for r in store.query(
            "SELECT a.source, s.stage FROM stage_runs s JOIN articles a ON a.id = s.article_id"
        )}


def _fail_for(source: str, error: type[Exception] = RuntimeError) -> Any:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise error(f"injected fault in {source}")

    return boom


def test_a_document_step_that_raises_is_recorded_and_retried(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.pipeline import document

    folder, db = _corpus(tmp_path), db_url
    real = document.extract_metadata

    def flaky(story: str, page: Any, *, first_part: bool) -> Any:
        if "3-day" in story:
            raise ValueError("injected metadata fault")
        return real(story, page, first_part=first_part)

    monkeypatch.setattr(document, "extract_metadata", flaky)
    result = _analyze(folder, db)
    assert result.exit_code == 1, result.stderr
    assert "metadata failed on story1.txt: ValueError: injected metadata fault" in result.stderr
    [p] = _problems(db)
    assert (p["stage"], p["source"], p["article_id"], p["error"]) == ("metadata", "story1.txt", None, "ValueError")
    assert "injected metadata fault" in p["traceback"] and p["first_seen"] <= p["last_seen"]
    assert {s for s, _ in _stage_runs(db)} == {"story0.txt", "story2.txt", "story3.txt"}

    monkeypatch.setattr(document, "extract_metadata", real)
    again = _analyze(folder, db)
    assert again.exit_code == 0, again.stderr
    assert "1 stored" in again.stderr and "3 unchanged" in again.stderr
    assert _problems(db) == []
    assert {s for s, _ in _stage_runs(db)} == {f"story{i}.txt" for i in range(4)}


def test_an_article_stage_that_raises_leaves_the_others_done_and_is_retried(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstrace.claims.stage import ClaimsStage

    folder, db = _corpus(tmp_path), db_url
    real = ClaimsStage.run

    def flaky(self: Any, article: Any, doc: Any, ctx: Any) -> Any:
        if article.source == "story2.txt":
            raise KeyError("injected claims fault")
        return real(self, article, doc, ctx)

    monkeypatch.setattr(ClaimsStage, "run", flaky)
    result = _analyze(folder, db)
    assert result.exit_code == 1, result.stderr
    assert "4 articles analysed" in result.stderr and "1 problem (1 claims)" in result.stderr
    [p] = _problems(db)
    assert (p["stage"], p["source"], p["error"]) == ("claims", "story2.txt", "KeyError")
    assert p["article_id"] is not None
    runs = _stage_runs(db)
    assert ("story2.txt", "claims") not in runs  # not marked done: the next run retries it
    # Later stages ran on what the earlier ones produced.
    assert {("story2.txt", "entities"), ("story2.txt", "events")} <= runs
    assert ("story1.txt", "claims") in runs
    with open_store(str(db), create=False) as store:
        assert store.count("claims", article_id=p["article_id"]) == 0
        assert store.count("claims") > 0
        claims_before = store.count("claims")

    monkeypatch.setattr(ClaimsStage, "run", real)
    again = _analyze(folder, db)
    assert again.exit_code == 0, again.stderr
    assert "1 articles analysed" in again.stderr  # only the failed one is redone
    assert _problems(db) == []
    assert ("story2.txt", "claims") in _stage_runs(db)
    with open_store(str(db), create=False) as store:
        assert store.count("claims") == claims_before * 4 // 3


def test_a_save_that_raises_half_way_keeps_none_of_its_rows(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.claims.stage import ClaimsStage

    folder, db = _corpus(tmp_path, 2), db_url
    real = ClaimsStage.save

    def half(self: Any, store: Any, article: Any, output: Any) -> None:
        real(self, store, article, output)  # rows written ...
        if article.source == "story0.txt":
            raise RuntimeError("disk full, say")  # ... then the save fails

    monkeypatch.setattr(ClaimsStage, "save", half)
    assert _analyze(folder, db).exit_code == 1
    [p] = _problems(db)
    assert p["stage"] == "claims" and p["source"] == "story0.txt"
    with open_store(str(db), create=False) as store:
        assert store.count("claims", article_id=p["article_id"]) == 0
        assert store.count("mentions", article_id=p["article_id"]) > 0  # entities saved
    assert ("story0.txt", "claims") not in _stage_runs(db)


def test_a_corpus_stage_that_raises_is_recorded_and_the_others_still_run(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstrace.reuse.stories import StoriesStage

    folder, db = _corpus(tmp_path, 3), db_url
    real = StoriesStage.run
    monkeypatch.setattr(StoriesStage, "run", _fail_for("the corpus", MemoryError))
    result = _analyze(folder, db)
    assert result.exit_code == 1, result.stderr
    [p] = _problems(db)
    assert (p["stage"], p["source"], p["article_id"], p["error"]) == ("stories", "", None, "MemoryError")
    with open_store(str(db), create=False) as store:
        assert store.count("stories") == 0
        assert store.count("reuse_pairs") > 0  # the reuse stage before it ran
        assert store.count("entities") > 0

    monkeypatch.setattr(StoriesStage, "run", real)
    again = _analyze(folder, db)
    assert again.exit_code == 0, again.stderr
    assert _problems(db) == []
    with open_store(str(db), create=False) as store:
        assert store.count("stories") > 0


def test_one_failing_pair_inside_a_corpus_stage_is_skipped_and_retried(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstrace.reuse import stage as reuse_stage

    folder, db = _corpus(tmp_path, 3), db_url
    real = reuse_stage.compare
    seen: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        seen.append(1)
        if len(seen) == 1:
            raise ZeroDivisionError("injected pair fault")
        return real(*args, **kwargs)

    monkeypatch.setattr(reuse_stage, "compare", flaky)
    result = _analyze(folder, db)
    assert result.exit_code == 1, result.stderr
    [p] = _problems(db)
    assert p["stage"] == "reuse" and p["error"] == "ZeroDivisionError" and p["unit"].startswith("pair ")
    with open_store(str(db), create=False) as store:
        pairs_with_fault = store.count("reuse_pairs")
    assert len(seen) == 3 and pairs_with_fault == 2  # the other pairs were kept

    monkeypatch.setattr(reuse_stage, "compare", real)
    again = _analyze(folder, db)
    assert again.exit_code == 0, again.stderr
    assert _problems(db) == []
    with open_store(str(db), create=False) as store:
        assert store.count("reuse_pairs") == 3


def test_the_same_problem_again_updates_last_seen_and_keeps_first_seen(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstrace.claims.stage import ClaimsStage
    from newstrace.problems import table

    folder, db = _corpus(tmp_path, 1), db_url
    monkeypatch.setattr(ClaimsStage, "run", _fail_for("story0.txt"))
    monkeypatch.setattr(table, "now", lambda: "2020-01-01T00:00:00+00:00")
    assert _analyze(folder, db).exit_code == 1
    monkeypatch.setattr(table, "now", lambda: "2021-06-01T00:00:00+00:00")
    assert _analyze(folder, db).exit_code == 1
    [p] = _problems(db)
    assert (p["first_seen"], p["last_seen"]) == ("2020-01-01T00:00:00+00:00", "2021-06-01T00:00:00+00:00")


def test_problems_command_and_export(dbs, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.claims.stage import ClaimsStage

    folder, db = _corpus(tmp_path, 2), db_url
    (folder / "empty.txt").write_bytes(b"")
    monkeypatch.setattr(ClaimsStage, "run", _fail_for("any"))
    assert _analyze(folder, db).exit_code == 1
    shown = runner.invoke(app, ["problems", "--db", str(db)])
    assert shown.exit_code == 0
    header, *rows, footer = shown.stdout.splitlines()
    assert header.split()[:2] == ["stage", "source"] and len(rows) == 3 and footer.startswith("3 problems")
    assert sorted(r.split()[0] for r in rows) == ["claims", "claims", "read"]
    out = tmp_path / "p.csv"
    exported = runner.invoke(app, ["export", "--db", str(db), "--what", "problems", "--format", "csv", "-o", str(out)])
    assert exported.exit_code == 0, exported.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("source,article_id,stage,unit,error,message,first_seen,last_seen")
    assert len(_problems(db)) == 3
    assert runner.invoke(app, ["problems", "--db", dbs.missing()]).exit_code == 2
