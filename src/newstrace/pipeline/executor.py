"""Run a pure function over a stream of items, in order, on the chosen engine.

``local`` with one worker runs in-process (or, for an ``isolated`` map, in one worker
process); with N workers a ``multiprocessing`` pool;
``dask`` a ``distributed`` cluster: a ``LocalCluster`` of N worker processes, or the
scheduler at ``--scheduler ADDRESS`` (or ``NEWSTRACE_DASK_SCHEDULER``), whose workers need
newstrace installed. One ``Executor`` serves a whole ``analyze`` run (the pool or cluster
starts on first use and once only). Results always come back in input order, so runs are
deterministic whatever the engine; at most ``window`` items are in flight, so memory stays
flat on large corpora.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from newstrace.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")
SCHEDULER_ENV = "NEWSTRACE_DASK_SCHEDULER"

# Initializers already run in this (worker) process, by qualified name.
_INITIALISED: set[str] = set()


class _Task(Generic[T, R]):
    """``fn`` after ``initializer`` has run once in the worker process running it (pools
    and clusters outlive one phase, and Dask workers may join late, so a per-pool
    initializer would not do). Picklable: both are module-level functions."""

    def __init__(self, fn: Callable[[T], R], initializer: Callable[[], None] | None) -> None:
        self.fn = fn
        self.initializer = initializer

    def __call__(self, item: T) -> R:
        init = self.initializer
        if init is not None:
            key = f"{init.__module__}.{init.__qualname__}"
            if key not in _INITIALISED:
                init()
                _INITIALISED.add(key)
        return self.fn(item)


class Executor:
    """``with Executor(engine, workers, scheduler) as ex: ex.map(fn, items)``."""

    def __init__(self, engine: str = "local", workers: int = 1, scheduler: str | None = None) -> None:
        if engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")
        if workers < 1:
            raise UsageError("--workers must be 1 or more.")
        if scheduler and engine != "dask":
            raise UsageError("--scheduler is for --engine dask.")
        self.engine = engine
        self.workers = workers
        self.scheduler = scheduler or (os.environ.get(SCHEDULER_ENV) if engine == "dask" else None)
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None

    @property
    def parallel(self) -> bool:
        return self.engine == "dask" or self.workers > 1

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        initializer: Callable[[], None] | None = None,
        window: int | None = None,
        isolated: bool = False,
    ) -> Iterator[R]:
        """``isolated``: even with one local worker, run in a worker process, so that what
        ``fn`` loads and caches (the models of the per-article phase, ~1.5 GB) leaves memory
        at ``release`` instead of staying beside the corpus stages."""
        task: _Task[T, R] = _Task(fn, initializer)
        if not self.parallel and not (isolated and self.engine == "local"):
            return map(task, items)
        submit = self._dask_submit() if self.engine == "dask" else self._pool_submit()
        return _ordered(submit, task, items, window or max(2, self.workers * 4))

    # -- engines -----------------------------------------------------------------------
    def _pool_submit(self) -> Callable[[Callable[[Any], Any], Any], Callable[[], Any]]:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # concurrent.futures, not multiprocessing.Pool: a worker that dies (killed for
            # memory) fails the run with BrokenProcessPool instead of leaving it waiting.
            ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_exit_with_parent, initargs=(os.getpid(),)
            )
        pool = self._pool
        return lambda fn, item: pool.submit(fn, item).result

    def _dask_submit(self) -> Callable[[Callable[[Any], Any], Any], Callable[[], Any]]:
        if self._client is None:
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError as e:
                raise UsageError("--engine dask needs the dask extra: pip install 'newstrace[dask]'.") from e
            if self.scheduler:
                try:
                    self._client = Client(self.scheduler, timeout="30s")
                except OSError as e:
                    raise UsageError(
                        f"cannot reach the Dask scheduler at {self.scheduler} ({e}). "
                        "Check the address (tcp://HOST:8786) and that the scheduler runs."
                    ) from e
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
        client = self._client
        return lambda fn, item: client.submit(fn, item, pure=False).result

    def release(self) -> None:
        """Stop the local pool's processes and the memory they hold; a later map starts
        fresh ones. (Dask workers are left as they are: a cluster may be shared.)"""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        self.release()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _exit_with_parent(parent: int) -> None:
    """In a pool worker: exit when the run that started it is gone (killed with SIGKILL, it
    cannot stop its workers, which would otherwise wait for tasks forever, models loaded)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="newstrace-parent-watch").start()


def _ordered(
    submit: Callable[[Callable[[Any], Any], Any], Callable[[], Any]],
    task: Callable[[Any], Any],
    items: Iterable[Any],
    window: int,
) -> Iterator[Any]:
    """Keep ``window`` items in flight; hand results back in input order."""
    pending: deque[Callable[[], Any]] = deque()
    for item in items:
        pending.append(submit(task, item))
        if len(pending) >= window:
            yield pending.popleft()()
    while pending:
        yield pending.popleft()()


def map_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    engine: str = "local",
    initializer: Callable[[], None] | None = None,
    window: int = 256,
    scheduler: str | None = None,
) -> Iterator[R]:
    """One map on an executor of its own (started and closed around it)."""
    with Executor(engine, workers, scheduler) as ex:
        yield from ex.map(fn, items, initializer=initializer, window=window)
