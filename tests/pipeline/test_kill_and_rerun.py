"""``kill -9`` in the middle of ``analyze``, then a rerun: exactly the records of an
uninterrupted run, on both backends. Real pages (news_reuse_dev: shared passages, so reuse
pairs and stories are part of what must come out the same)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace.export import export_every
from newstrace.pipeline.analyze import analyze
from newstrace.store import open_store

REPO = Path(__file__).resolve().parents[2]
PAGES = 8


@pytest.fixture(scope="module")
def pages(corpora_dir: Path) -> list[Path]:
    found = sorted((corpora_dir / "news_reuse_dev" / "pages").glob("*.json"))[:PAGES]
    if len(found) < PAGES:
        pytest.skip("news_reuse_dev pages are absent")
    return found


def _exports(db: str, tmp_path: Path) -> dict[str, bytes]:
    with open_store(db, create=False) as store:
        return export_every(store, tmp_path)


@pytest.fixture(scope="module")
def uninterrupted(pages: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("whole")
    db = str(folder / "whole.db")
    with open_store(db) as store:
        analyze(pages, store)
    return _exports(db, folder)


def _count(db: str, table: str) -> int:
    with open_store(db) as store:
        return store.count(table)


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["ingest", "after-nlp"])
def test_kill_9_then_rerun_gives_the_records_of_an_uninterrupted_run(
    phase: str, pages: list[Path], uninterrupted: dict[str, bytes], db_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cmd = [sys.executable, "-m", "newstrace", "analyze", *map(str, pages), "--db", db_url]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill once ingest has committed part of its documents, or once the per-article results
    # (one batch here) are being written: the kill lands in those writes or the corpus stages.
    table, at_least = ("documents", 3) if phase == "ingest" else ("stage_runs", 1)
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if _count(db_url, table) >= at_least:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    with open_store(db_url) as store:
        analyze(pages, store)  # the rerun
    assert _exports(db_url, tmp_path) == uninterrupted
