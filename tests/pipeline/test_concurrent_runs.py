"""Two ``analyze`` processes on one database split the pending articles (none is analysed
twice); a run killed with SIGKILL leaves its claimed articles to the next run, whose
exports are byte-identical to those of one uninterrupted run."""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.process
import os
import signal
import time
from pathlib import Path

from newstrace.export import export
from newstrace.pipeline.analyze import ingest
from newstrace.store import open_store

N = 16


def _runner(db: str, me: str, other: str, out: str) -> None:
    """One analyze process: small batches, a slow first stage (so runs overlap), a count of
    the articles it analysed, and a barrier so both processes start claiming together."""
    from newstrace.entities.stage import EntitiesStage
    from newstrace.pipeline import analyze as A

    A.ARTICLE_BATCH = 2
    seen: list[str] = []
    real = EntitiesStage.run

    def slow(self, article, doc, ctx):  # type: ignore[no-untyped-def]
        seen.append(article.id)
        time.sleep(0.25)
        return real(self, article, doc, ctx)

    EntitiesStage.run = slow  # type: ignore[method-assign]
    Path(me).touch()
    while other != "-" and not Path(other).exists():
        time.sleep(0.05)
    with open_store(db) as store:
        done = A.analyse_articles(store)
        A.run_corpus_stages(A.registry.CORPUS_STAGES, store, None)
    Path(out).write_text(json.dumps({"done": done, "seen": seen}))


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(N):
        (folder / f"s{i:02d}.txt").write_text(
            f"Port strike day {i}\n\nPORT VELAN (Coastline Wire) - Dock workers in Port Velan stayed out "
            f"for a {i + 2}th day on Tuesday, union leader Mara Okonjo said.\n",
            encoding="utf-8",
        )
    return folder


def _start(db: str, tmp_path: Path, name: str, other: str) -> multiprocessing.process.BaseProcess:
    """A separate OS process with its own database connection, forked once the models are
    loaded here (loading them in each process would cost far more than the test itself)."""
    p = multiprocessing.get_context("fork").Process(
        target=_runner, args=(db, str(tmp_path / f"{name}.ready"), other, str(tmp_path / f"{name}.json"))
    )
    p.start()
    return p


def _wait(p: multiprocessing.process.BaseProcess) -> int | None:
    p.join(timeout=900)
    return p.exitcode


def _exports(db: str, tmp_path: Path, tag: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    with open_store(db, create=False) as store:
        for what in ("articles", "mentions", "claims", "events", "reuse", "stories"):
            path = tmp_path / f"{tag}-{what}.jsonl"
            export(store, what, "jsonl", str(path))
            out[what] = path.read_bytes()
    return out


def _ingested(dbs, tmp_path: Path, name: str) -> str:
    db = dbs.new(name)
    with open_store(db) as store:
        ingest([tmp_path / "in"], store)
    return db


def test_two_runs_split_the_work_and_a_killed_run_is_taken_over(dbs, tmp_path: Path) -> None:
    from newstrace.pipeline.analyze import _worker_init, analyze

    _corpus(tmp_path)
    _worker_init()  # models loaded once, before the processes fork

    # Reference: one run alone.
    solo = dbs.new("solo")
    with open_store(solo) as store:
        assert analyze([tmp_path / "in"], store).articles_analysed == N

    # Two runs at once on one database; and a third, on another, killed half-way.
    pair, killed = _ingested(dbs, tmp_path, "pair"), _ingested(dbs, tmp_path, "killed")
    a = _start(pair, tmp_path, "a", str(tmp_path / "b.ready"))
    b = _start(pair, tmp_path, "b", str(tmp_path / "a.ready"))
    k = _start(killed, tmp_path, "k", "-")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        with open_store(killed, create=False) as store:
            if store.count("stage_runs", stage="entities") >= 4:
                break
        time.sleep(0.2)
    os.kill(k.pid, signal.SIGKILL)  # type: ignore[arg-type]
    k.join()
    assert _wait(a) == 0 and _wait(b) == 0
    ra, rb = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("a", "b"))
    assert ra["done"] + rb["done"] == N  # each article analysed once, not twice
    assert not set(ra["seen"]) & set(rb["seen"])
    assert ra["done"] > 0 and rb["done"] > 0  # and both did part of it
    assert _exports(pair, tmp_path, "pair") == _exports(solo, tmp_path, "solo")

    # The killed run's claims are taken over at once by the next run.
    with open_store(killed, create=False) as store:
        assert store.query("SELECT COUNT(*) AS n FROM corpus_state WHERE key LIKE 'run.lease.%'")[0]["n"] == 1
    r = _start(killed, tmp_path, "r", "-")
    assert _wait(r) == 0
    rest = json.loads((tmp_path / "r.json").read_text())["done"]
    assert 0 < rest < N
    assert _exports(killed, tmp_path, "killed") == _exports(solo, tmp_path, "solo")
