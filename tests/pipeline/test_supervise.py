"""Killable workers: a per-item time limit that holds inside C code, a dead worker costs one
item, results stay in input order."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.pipeline.supervise import map_supervised


def _work(item: int) -> str:
    if item == 3:
        time.sleep(60)  # stands for a parse that never returns
    if item == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # stands for a segfault or the OOM killer
    if item == 7:
        bytearray(64 * 1024**3)  # more than the worker's address-space limit
    return f"done {item}"


@pytest.mark.parametrize("workers", [1, 2])
def test_overrun_and_dead_workers_cost_one_item_each(workers: int) -> None:
    out = list(map_supervised(
        _work, range(10), on_fail=lambda item, why: f"failed {item}: {why}", workers=workers, time_limit=2
    ))
    assert out[:3] == ["done 0", "done 1", "done 2"] and out[4] == "done 4" and out[8:] == ["done 8", "done 9"]
    assert out[3] == "failed 3: time limit of 2 s exceeded"
    assert out[5].startswith("failed 5: the worker process died")
    assert out[7].startswith("failed 7: MemoryError")


def test_stopping_early_leaves_no_worker_behind() -> None:
    import multiprocessing

    results = map_supervised(str, range(100), on_fail=lambda i, why: why, workers=2, time_limit=5)
    assert next(results) == "0"
    results.close()
    assert multiprocessing.active_children() == []


def _hostile_page(folder: Path, n_attrs: int) -> None:
    attrs = " ".join(f'data-a{i}="v"' for i in range(n_attrs))
    (folder / "hostile.html").write_text(
        f"<html><body><article><p {attrs}>Lure.</p><p>Dock workers in Port Velan ended their strike on "
        "Tuesday after the port authority agreed to raise night-shift pay, the union said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    (folder / "good.txt").write_text(
        "Talks resume in Geneva\n\nGENEVA (Reuters) - Negotiators met on Monday to resume talks.\n",
        encoding="utf-8",
    )


def test_a_page_that_stalls_lxml_is_stopped_and_reported(dbs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.cli.main import app
    from newstrace.pipeline import document

    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_page(folder, 60_000)  # about 50 s inside libxml2's attribute check
    # Without the pre-parse cut, only the time limit stands between this page and the run.
    monkeypatch.setattr(document, "tame_html", lambda html: (html, 0))
    db = dbs.new()
    result = CliRunner().invoke(app, ["analyze", str(folder), "--db", db, "--quiet", "--time-limit", "3"])
    assert result.exit_code == 1, result.stderr
    assert "document failed on hostile.html: TimeLimitExceeded: time limit of 3 s exceeded" in result.stderr
    assert "1 stored" in result.stderr


def test_the_pre_parse_cut_lets_such_a_page_through(dbs, tmp_path: Path) -> None:
    from newstrace.pipeline.analyze import ingest
    from newstrace.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_page(folder, 100_000)
    with open_store(dbs.new("t")) as store:
        summary = ingest([folder], store, time_limit=30)
        assert summary.problems == []
        [article] = [a for a in store.iter_articles() if a.source == "hostile.html"]
    assert "night-shift pay" in article.text
    assert article.metadata["input_limits"] == "1 over-long HTML tags cut"
