"""Run a pure function over a stream of items, in order, on the chosen engine.

``local`` with one worker runs in-process; with N workers a ``multiprocessing`` pool;
``dask`` a ``distributed`` LocalCluster (or a scheduler given by ``NEWSTRACE_DASK_SCHEDULER``).
Results always come back in input order, so runs are deterministic whatever the engine.
Items are consumed in bounded windows so memory stays flat on large corpora.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from newstrace.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")


def map_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    engine: str = "local",
    initializer: Callable[[], None] | None = None,
    window: int = 256,
) -> Iterator[R]:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")
    if workers < 1:
        raise UsageError("--workers must be 1 or more.")
    if engine == "dask":
        yield from _dask_map(fn, items, workers, initializer, window)
        return
    if workers == 1:
        if initializer:
            initializer()
        yield from map(fn, items)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(workers, initializer=initializer) as pool:
        it = iter(items)
        while True:
            chunk = list(itertools.islice(it, window))
            if not chunk:
                break
            yield from pool.imap(fn, chunk, chunksize=max(1, len(chunk) // (workers * 4)))


def _dask_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    initializer: Callable[[], None] | None,
    window: int,
) -> Iterator[R]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise UsageError(
            "--engine dask needs the dask extra: pip install 'newstrace[dask]'."
        ) from e
    address = os.environ.get("NEWSTRACE_DASK_SCHEDULER")
    cluster: Any = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        if initializer:
            client.run(initializer)
        it = iter(items)
        while True:
            chunk = list(itertools.islice(it, window))
            if not chunk:
                break
            futures = client.map(fn, chunk, pure=False)
            yield from client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
