"""The executor's isolated map: one local worker in a process of its own, released after."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from newstrace.pipeline.executor import Executor


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _die(x: int) -> int:
    if x == 2:
        os._exit(3)  # a worker killed mid-run (out of memory, say)
    return x


def test_isolated_map_runs_in_a_worker_process_and_release_stops_it() -> None:
    with Executor("local", 1) as ex:
        out = list(ex.map(_pid_and_square, range(7), isolated=True, window=2))
        assert [sq for _, sq in out] == [x * x for x in range(7)]  # input order
        assert {pid for pid, _ in out} != {os.getpid()}
        assert len({pid for pid, _ in out}) == 1  # one worker
        ex.release()
        assert ex._pool is None
        # Not isolated, one worker: in this process.
        assert {pid for pid, _ in ex.map(_pid_and_square, range(3))} == {os.getpid()}


def test_a_worker_that_dies_fails_the_map_instead_of_hanging() -> None:
    with Executor("local", 1) as ex, pytest.raises(BrokenProcessPool):
        list(ex.map(_die, range(5), isolated=True))


_KILLED_RUN = """
import os, sys, time
from newstrace.pipeline.executor import Executor
ex = Executor("local", 1)
print(next(iter(ex.map(abs, [-1], isolated=True))), flush=True)
print(ex._pool._processes and list(ex._pool._processes)[0], flush=True)
time.sleep(60)
"""


def test_the_worker_of_a_killed_run_exits() -> None:
    import signal
    import subprocess
    import sys
    import time

    run = subprocess.Popen([sys.executable, "-c", _KILLED_RUN], stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    assert run.stdout.readline().strip() == "1"
    worker = int(run.stdout.readline())
    os.kill(run.pid, signal.SIGKILL)  # the run cannot stop its worker
    run.wait()
    for _ in range(100):
        if not _alive(worker):
            return
        time.sleep(0.1)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError("the killed run's worker is still alive after 10 s")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # an exited worker is a zombie until init reaps it
    return not (stat.exists() and ") Z " in stat.read_text())
