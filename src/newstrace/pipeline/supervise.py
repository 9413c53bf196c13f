"""Run a function over items in child processes that can be killed: a per-item time limit
that holds even inside C code (lxml parsing a hostile page), and a crash of the child
(segfault, out of memory) that costs one item, not the run.

``map_supervised`` yields results in input order, like ``executor.map_ordered``; an item
whose child overran its time limit or died yields ``on_fail(item, reason)`` instead, and a
fresh child takes over. Each child also gets an address-space limit (``MEMORY_HEADROOM``
above what it holds at start), so a document that needs gigabytes fails alone with a
``MemoryError`` instead of pushing the machine into swap.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MB = 1024 * 1024
MEMORY_HEADROOM = 4096 * MB


@dataclass
class _Crash:
    """What a child sends back when the function raised (it should not: the caller's
    function catches per item) or its result could not be sent."""

    reason: str


def _limit_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + MEMORY_HEADROOM
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):  # no /proc or no rlimits: no memory limit
        pass


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and stops the children.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    parent = os.getppid()
    while True:
        try:
            # The parent's end of the pipe is inherited by every child forked later, so its
            # death does not always mean EOF here: an orphan would wait forever (holding
            # what it inherited, e.g. a database connection's socket).
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return
                continue
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        idx, item = msg
        try:
            result: Any = fn(item)
        except BaseException as e:  # noqa: BLE001 - reported to the parent for this item
            result = _Crash(f"{type(e).__name__}: {e}")
        try:
            conn.send((idx, result))
        except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send((idx, _Crash(f"the result could not be sent back ({type(e).__name__}: {e})")))


class _Child:
    def __init__(self, ctx: Any, fn: Callable[[Any], Any]) -> None:
        self.conn, child_end = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child_end, fn), daemon=True)
        self.proc.start()
        child_end.close()

    def stop(self, *, kill: bool = False) -> None:
        with contextlib.suppress(OSError, ValueError):
            if not kill:
                self.conn.send(None)
        self.conn.close()
        if kill:
            self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


@dataclass
class _Job(Generic[T]):
    idx: int
    item: T
    deadline: float


def map_supervised(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    on_fail: Callable[[T, str], R],
    workers: int = 1,
    time_limit: float = 60.0,
    window: int = 256,
    warm_up: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``warm_up`` runs once in this process before the children fork from it, so lazy
    imports and caches (parsers, date data) are paid once and not counted against each
    child's first item."""
    import multiprocessing as mp

    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    if warm_up is not None and ctx.get_start_method() == "fork":
        warm_up()
    children = [_Child(ctx, fn) for _ in range(workers)]
    busy: dict[int, _Job[T]] = {}  # child index -> job
    results: dict[int, R] = {}
    it = iter(items)
    exhausted = False
    next_in = next_out = 0

    def finish(k: int, reason: str | None, got: Any = None) -> None:
        job = busy.pop(k)
        if reason is None and isinstance(got, _Crash):
            reason = got.reason
        results[job.idx] = on_fail(job.item, reason) if reason is not None else got

    def replace(k: int) -> None:
        children[k].stop(kill=True)
        children[k] = _Child(ctx, fn)

    try:
        while True:
            for k in range(workers):
                if k in busy or exhausted or next_in - next_out >= window:
                    continue
                try:
                    item = next(it)
                except StopIteration:
                    exhausted = True
                    break
                children[k].conn.send((next_in, item))
                busy[k] = _Job(next_in, item, time.monotonic() + time_limit)
                next_in += 1
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            if not busy:
                if exhausted:
                    return
                continue
            timeout = max(0.0, min(j.deadline for j in busy.values()) - time.monotonic())
            by_conn = {children[k].conn: k for k in busy}
            for conn in wait(list(by_conn), timeout):
                k = by_conn[conn]
                try:
                    _idx, got = children[k].conn.recv()
                    finish(k, None, got)
                except (EOFError, OSError):
                    code = children[k].proc.exitcode
                    finish(k, f"the worker process died (exit code {code}) while processing it")
                    replace(k)
            now = time.monotonic()
            for k, job in list(busy.items()):
                if job.deadline <= now and not children[k].conn.poll():
                    log.warning("time limit of %g s exceeded; stopping its worker", time_limit)
                    finish(k, f"time limit of {time_limit:g} s exceeded")
                    replace(k)
    finally:
        for child in children:
            child.stop(kill=bool(busy))
