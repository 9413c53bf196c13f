"""Local processes vs Dask on the same cores: ``newstrace analyze`` of one generated corpus
(benchmarks/corpus.py: real texts from the shared corpora, varied past the pool) with
``--engine local --workers W`` and ``--engine dask --workers W`` (a local Dask cluster of W
worker processes), wall time, CPU of the process tree and its peak RSS; then every export
kind of the two databases compared byte for byte.

    PYTHONPATH=src nice -n 10 python benchmarks/engines.py --articles 300 [--workers 2]
        [--keep DIR]

The two runs take turns (never at once) on a fresh SQLite database each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from modules import load_file  # noqa: E402

from newstrace.export import export_every  # noqa: E402
from newstrace.pipeline import registry  # noqa: E402
from newstrace.store import open_store  # noqa: E402


def _module(name: str) -> Any:
    return load_file(name, REPO / "benchmarks" / f"{name}.py")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path)
    a = ap.parse_args()
    scale = _module("scale")
    corpus = _module("corpus")
    work = a.keep or Path(tempfile.mkdtemp(prefix="nt-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"corpus-{a.articles}.jsonl"
    if not data.exists():
        corpus.write(a.articles, data)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    print(f"{a.articles} articles, {a.workers} workers, {os.cpu_count()} cores; {scale._load()}", flush=True)
    results: dict[str, dict[str, bytes]] = {}
    cpu_before = 0.0
    for engine in ("local", "dask"):
        db = work / f"{engine}.db"
        db.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "newstrace", "analyze", str(data), "--db", str(db),
               "--workers", str(a.workers), "--engine", engine]
        r = scale.run_child(cmd, env)
        cpu = r["cpu"] - cpu_before
        cpu_before = r["cpu"]
        print(f"{engine:6s} {r['wall']:7.0f} s wall, {a.articles / r['wall']:.2f} articles/s, {cpu:.0f} CPU-s of the "
              f"tree, peak RSS {r['peak_mib']:.0f} MiB; {scale._load()}", flush=True)
        print(f"       {r['summary']}", flush=True)
        out = work / f"export-{engine}"
        out.mkdir(exist_ok=True)
        with open_store(str(db), create=False) as store:
            results[engine] = export_every(store, out)
    for what in registry.EXPORTS:
        same = results["local"][what] == results["dask"][what]
        n = results["local"][what].count(b"\n")
        print(f"  {what:10s} {n:7d} records: {'identical' if same else 'DIFFERENT'}", flush=True)


if __name__ == "__main__":
    main()
