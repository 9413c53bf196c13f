"""The child process of ``benchmarks/scale.py --corpus-stages-at``: ingest a corpus into a
fresh database, copy the per-article outputs of a smaller run onto it (scale_replicate.py),
then run each corpus stage in turn, printing its CPU time, wall time and this process's
peak RSS while it ran.

    python benchmarks/scale_stages.py DB CORPUS.jsonl FROM_DB
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import psutil

from newstrace.pipeline import registry
from newstrace.pipeline.analyze import ingest, run_corpus_stages
from newstrace.pipeline.progress import ProgressReporter
from newstrace.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_replicate import replicate  # noqa: E402


class StageMemory:
    """Peak RSS of this process while one stage runs (sampled every 0.2 s)."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.lock = threading.Lock()
        self.peak = self.proc.memory_info().rss
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            rss = self.proc.memory_info().rss
            with self.lock:
                self.peak = max(self.peak, rss)
            time.sleep(0.2)

    def start(self) -> None:
        with self.lock:
            self.peak = self.proc.memory_info().rss

    def stop(self) -> int:
        with self.lock:
            return max(self.peak, self.proc.memory_info().rss)


def _note(text: str) -> None:
    print(f"[newstrace] {text}", file=sys.stderr, flush=True)


def main(db: str, data: str, from_db: str) -> None:
    progress = ProgressReporter(enabled=True)
    mem = StageMemory()
    with open_store(db) as store:
        t = time.perf_counter()
        summary = ingest([data], store, progress=progress)
        run_corpus_stages(registry.CORPUS_CLEANING_STAGES, store, progress, summary)
        _note(f"timing: ingest+cleaning {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        replicate(store, from_db)
        _note(f"timing: replicate {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        for ref in registry.CORPUS_STAGES:
            name = ref.rsplit(":", 1)[1]
            wall, cpu = time.perf_counter(), time.process_time()
            mem.start()
            run_corpus_stages([ref], store, progress, summary)
            _note(f"stage: {name} {time.process_time() - cpu:.1f} CPU-s, {time.perf_counter() - wall:.1f} s wall, "
                  f"peak RSS {mem.stop() / 2**20:.0f} MiB")
        _note(f"timing: corpus stages {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main(*sys.argv[1:4])
