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


def _runner(db: str, me: str, other: str, out: str, workers: int = 1, batch: int = 2) -> None:
    """One analyze process: small batches, a slow first stage (so runs overlap), the
    articles its workers analysed (appended to a file: the stages run in worker processes),
    and a barrier so both processes start claiming together."""
    from newstrace.entities.stage import EntitiesStage
    from newstrace.pipeline import analyze as A

    A.ARTICLE_BATCH = batch
    seen_file = out + ".seen"
    real = EntitiesStage.run

    def slow(self, article, doc, ctx):  # type: ignore[no-untyped-def]
        with open(seen_file, "a", encoding="utf-8") as f:
            f.write(article.id + "\n")
        time.sleep(0.25)
        return real(self, article, doc, ctx)

    EntitiesStage.run = slow  # type: ignore[method-assign]
    Path(me).touch()
    while other != "-" and not Path(other).exists():
        time.sleep(0.05)
    with open_store(db) as store:
        done = A.analyse_articles(store, workers=workers)
        if workers == 1:
            A.run_corpus_stages(A.registry.CORPUS_STAGES, store, None)
    seen = Path(seen_file).read_text(encoding="utf-8").split() if Path(seen_file).exists() else []
    Path(out).write_text(json.dumps({"done": done, "seen": seen}))


def _corpus(tmp_path: Path, n: int = N) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"s{i:02d}.txt").write_text(
            f"Port strike day {i}\n\nPORT VELAN (Coastline Wire) - Dock workers in Port Velan stayed out "
            f"for a {i + 2}th day on Tuesday, union leader Mara Okonjo said.\n",
            encoding="utf-8",
        )
    return folder


def _start(
    db: str, tmp_path: Path, name: str, other: str, workers: int = 1, batch: int = 2
) -> multiprocessing.process.BaseProcess:
    """A separate OS process with its own database connection, forked once the models are
    loaded here (loading them in each process would cost far more than the test itself)."""
    p = multiprocessing.get_context("fork").Process(
        target=_runner,
        args=(db, str(tmp_path / f"{name}.ready"), other, str(tmp_path / f"{name}.json"), workers, batch),
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


# No article saved for this long while both runs are alive: they wait for each other. (Each
# article takes about a second here; the guard only keeps a deadlock from hanging the suite.)
STALL = 180.0


def test_two_runs_with_several_workers_do_not_wait_for_each_other(dbs, tmp_path: Path) -> None:
    """With ``--workers 2`` each run claims batches ahead of saving them (its window). Once
    its own list is done it must save what it holds before waiting for what the other run
    holds: two runs each waiting with unsaved batches waited forever (fixed)."""
    from newstrace.pipeline.analyze import _worker_init

    _corpus(tmp_path, n=8)
    _worker_init()
    db = _ingested(dbs, tmp_path, "pair2")
    # Batches of one article, two workers: a window of 4 batches each, so the two runs
    # claim all 8 articles between them before either saves one.
    a = _start(db, tmp_path, "a", str(tmp_path / "b.ready"), workers=2, batch=1)
    b = _start(db, tmp_path, "b", str(tmp_path / "a.ready"), workers=2, batch=1)
    last, changed = -1, time.monotonic()
    try:
        while a.is_alive() or b.is_alive():
            with open_store(db, create=False) as store:
                n = store.count("stage_runs", stage="entities")
            if n != last:
                last, changed = n, time.monotonic()
            assert time.monotonic() - changed < STALL, (
                f"two analyze runs with 2 workers each stopped at {n} of 8 articles: they wait for each other"
            )
            time.sleep(0.5)
    finally:
        for p in (a, b):
            if p.is_alive():
                os.kill(p.pid, signal.SIGKILL)  # type: ignore[arg-type]  # its pool workers exit with it
            p.join()
    assert a.exitcode == 0 and b.exitcode == 0
    ra, rb = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("a", "b"))
    assert ra["done"] + rb["done"] == 8
    assert not set(ra["seen"]) & set(rb["seen"])
    assert len(set(ra["seen"]) | set(rb["seen"])) == 8
    with open_store(db, create=False) as store:
        assert store.count("stage_runs", stage="entities") == 8
        assert store.query("SELECT COUNT(*) AS n FROM corpus_state WHERE key LIKE 'run.lease.%'")[0]["n"] == 0
