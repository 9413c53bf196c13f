"""End to end at scale: ``newstrace analyze`` on 1k / 10k / ... articles of the corpus made
from the shared corpora's real texts (benchmarks/corpus.py), articles/s, the time of each
phase, and the peak memory of the whole process tree (the run and its workers).

    PYTHONPATH=src nice -n 10 python benchmarks/scale.py --sizes 1000,10000 [--workers 1]
        [--engine local|dask] [--db sqlite|postgresql] [--keep DIR]

Each size runs ``python -m newstrace analyze corpus.jsonl --db ...`` in a child process, on
a fresh database. Memory: the sum of the RSS of the child and its descendants (workers,
Dask processes), sampled every 0.2 s; its maximum is the figure. Phase times come from the
progress lines the run prints (first to last line of each phase name).

``--corpus-stages-at N[,N...] --from-db DB`` measures the corpus stages alone at N articles
without the NLP phase: the first articles are ingested, and every article's per-article
outputs (mentions, claims, events, stage bookkeeping) are copied from the article of
``DB`` (a database this script made at a smaller size) with the same position modulo that
size, so entity resolution, event groups, reuse and stories see the volume of a real run.
The NLP phase is per article; its rate is the one measured end to end at the smaller sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from modules import load_file

REPO = Path(__file__).resolve().parents[1]


def _corpus_module() -> Any:
    return load_file("corpus", REPO / "benchmarks" / "corpus.py")


class TreeMemory(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            time.sleep(0.2)


def _load() -> str:
    """The machine is shared: the load average beside each figure says how much."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def run_child(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a newstrace command; wall time, CPU of the tree, peak tree RSS, phase spans."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    mem = TreeMemory(proc.pid)
    mem.start()
    phases: dict[str, list[float]] = {}
    notes: list[str] = []
    last_line = ""
    assert proc.stderr is not None
    for line in proc.stderr:
        now = time.perf_counter() - t0
        last_line = line.strip() or last_line
        if line.startswith(("[newstrace] stage: ", "[newstrace] timing: ")):
            notes.append(line[len("[newstrace] ") :].strip())
        elif line.startswith("[newstrace] "):
            name = line[len("[newstrace] ") :].split(":")[0]
            span = phases.setdefault(name, [now, now])
            span[1] = now
    proc.wait()
    wall = time.perf_counter() - t0
    mem.stop.set()
    mem.join()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)  # all children so far: callers diff
    if proc.returncode not in (0, 1):
        raise SystemExit(f"run failed ({proc.returncode}): {last_line}")
    return {"wall": wall, "cpu": cpu.ru_utime + cpu.ru_stime, "peak_mib": mem.peak / 2**20, "phases": phases, "summary": last_line,
            "notes": notes}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--engine", default="local")
    ap.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    ap.add_argument("--keep", type=Path, help="keep corpora and databases here")
    ap.add_argument("--corpus-stages-at", help="sizes, comma-separated (per-article outputs replicated)")
    ap.add_argument("--from-db", help="with --corpus-stages-at: the smaller run's SQLite database")
    ap.add_argument("--generated-only", action="store_true",
                    help="with --corpus-stages-at: only generated reports (the corpus past the real pool)")
    a = ap.parse_args()
    corpus = _corpus_module()
    work = a.keep or Path(tempfile.mkdtemp(prefix="nt-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cluster = None
    if a.db == "postgresql":
        cluster = load_file("pg_cluster", REPO / "tests" / "pg_cluster.py").Cluster().start()
    try:
        if a.corpus_stages_at:
            print(f"corpus stages alone; {os.cpu_count()} cores; {_load()}", flush=True)
            cpu_before = 0.0
            for n in [int(x) for x in a.corpus_stages_at.split(",")]:
                cpu_before = corpus_stages_only(n, a.from_db, work, env, corpus, cpu_before, a.generated_only)
            return
        cpu_before = 0.0
        print(f"engine {a.engine}, {a.workers} worker(s), store {a.db}; {os.cpu_count()} cores; {_load()}", flush=True)
        for n in [int(x) for x in a.sizes.split(",")]:
            data = work / f"corpus-{n}.jsonl"
            if not data.exists():
                corpus.write(n, data)
            db = str(work / f"run-{n}.db") if cluster is None else cluster.create_database()
            cmd = [sys.executable, "-m", "newstrace", "analyze", str(data), "--db", db,
                   "--workers", str(a.workers), "--engine", a.engine]
            r = run_child(cmd, env)
            cpu = r["cpu"] - cpu_before
            cpu_before = r["cpu"]
            print(f"\n{n} articles: {r['wall']:.0f} s wall, {n / r['wall']:.2f} articles/s, "
                  f"{cpu:.0f} CPU-s of the tree ({n / cpu:.2f} articles/CPU-s), "
                  f"peak RSS of the tree {r['peak_mib']:.0f} MiB", flush=True)
            for name, (s, e) in r["phases"].items():
                print(f"  {name:20s} {e - s:8.1f} s", flush=True)
            print(f"  {r['summary']}", flush=True)
            print(f"  {_load()}", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


def corpus_stages_only(
    n: int, from_db: str | None, work: Path, env: dict[str, str], corpus: Any, cpu_before: float,
    generated_only: bool = False,
) -> float:
    """One size; returns the children's CPU so far (the next size diffs against it)."""
    if not from_db:
        raise SystemExit("--corpus-stages-at needs --from-db (a database of a smaller end-to-end run)")
    pool = len(corpus.Pool().articles) if generated_only else 0
    tag = f"{n}-generated" if generated_only else str(n)
    data = work / f"corpus-{tag}.jsonl"
    if not data.exists():
        corpus.write(pool + n, data, start_at=pool)
    db = str(work / f"stages-{tag}.db")
    r = run_child([sys.executable, str(REPO / "benchmarks" / "scale_stages.py"), db, str(data), from_db], env)
    cpu = r["cpu"] - cpu_before
    from newstrace.store import open_store

    with open_store(db, create=False) as store:
        pairs, stories = store.count("reuse_pairs"), store.count("stories")
    print(f"\n{n} articles, ingest + corpus stages (per-article outputs replicated from {from_db}): "
          f"{r['wall']:.0f} s wall, {cpu:.0f} CPU-s of the tree ({1000 * cpu / n:.1f} CPU-ms per article), "
          f"peak RSS of the tree {r['peak_mib']:.0f} MiB; {pairs} reuse pairs, {stories} stories; {_load()}",
          flush=True)
    for name, (s, e) in r["phases"].items():
        print(f"  {name:20s} {e - s:8.1f} s", flush=True)
    for note in r["notes"]:
        print(f"  {note}", flush=True)
    return float(r["cpu"])


if __name__ == "__main__":
    main()
