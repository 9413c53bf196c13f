"""Concurrent ``analyze`` runs on one database split the pending articles between them.

Each run claims its next batch in one short transaction: articles that are still pending
and not held by another live run. What a run holds is one row of ``corpus_state``
(``run.lease.<owner>``: its host, process id and start time, an expiry, and the ids in
flight), renewed as its batches are saved. A run is alive while its process exists (same
host) or, seen from another host, until its lease expires; a killed run's articles are
taken over by the next claim. When its own list is exhausted a run waits for the articles
other live runs still hold, so that when any run finishes, every article is analysed; it
waits only once it has saved every batch it claimed (each run's unsaved batches are what
the others wait for: two runs each waiting with unsaved batches would wait forever).
Corpus stages run under one corpus lease (``run.corpus``): a second run waits for the
first to finish them, then runs them itself (they are incremental: little is left).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newstrace.store.base import Store, in_list

log = logging.getLogger(__name__)

PREFIX = "run.lease."
CORPUS_KEY = "run.corpus"
# Seconds a lease lasts without renewal; renewed with every saved batch. Only runs on other
# hosts (a shared PostgreSQL server) need it: on one host a dead process is seen at once.
TTL = 15 * 60.0
# The corpus stages can run for hours on a large corpus without a chance to renew.
CORPUS_TTL = 12 * 3600.0
POLL = 1.0
# Candidates checked against stage_runs per query.
_CHUNK = 500


def _start_time(pid: int) -> str | None:
    """The process's start time (clock ticks since boot): tells a live run from a reused pid."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Owner:
    """Who holds a lease: this process, identified well enough to tell when it is gone."""

    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    started: str | None = None
    run_id: str = ""

    def __post_init__(self) -> None:
        if self.started is None:
            self.started = _start_time(self.pid)

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.host}:{self.pid}:{self.run_id}"

    def record(self, expires: float, articles: Sequence[str]) -> dict[str, Any]:
        return {"host": self.host, "pid": self.pid, "started": self.started, "run_id": self.run_id,
                "expires": expires, "articles": list(articles)}


def _alive(lease: dict[str, Any], now: float) -> bool:
    if lease.get("host") == socket.gethostname():
        pid = int(lease.get("pid") or 0)
        if pid == os.getpid():
            return False  # an earlier run of this process (one that raised): runs here are sequential
        if not pid or not _pid_alive(pid):
            return False
        started = lease.get("started")
        return started is None or _start_time(pid) in (None, started)
    return float(lease.get("expires") or 0) > now


def _state_rows(store: Store, prefix: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT key, value FROM corpus_state WHERE substr(key, 1, ?) = ?", [len(prefix), prefix]
    )


def _put(store: Store, key: str, value: dict[str, Any]) -> None:
    store.execute("DELETE FROM corpus_state WHERE key = ?", [key])
    store.execute("INSERT INTO corpus_state (key, value) VALUES (?, ?)", [key, json.dumps(value)])


class ArticleClaims:
    """Hands out this run's batches from ``ids`` (the pending articles in their stable
    order), skipping those another live run holds; see the module docstring."""

    def __init__(self, store: Store, ids: Sequence[str], stages: Sequence[tuple[str, str]], run_id: str,
                 batch: int, *, force: bool = False) -> None:
        self.store = store
        self.ids = list(ids)
        self.stages = list(stages)
        self.batch = batch
        self.owner = Owner(run_id=run_id)
        self.cursor = 0
        self.held: list[str] = []  # in flight: claimed, not yet saved
        self.deferred: list[str] = []  # held by another run when we came to them
        self.claimed = 0
        self.force = force  # re-analyse even what is done (still never what others hold)

    # -- what others hold -----------------------------------------------------------------
    def _others(self) -> set[str]:
        """Articles held by other live runs; leases of dead runs are removed."""
        now = time.time()
        taken: set[str] = set()
        for row in _state_rows(self.store, PREFIX):
            if row["key"] == self.owner.key:
                continue
            lease = json.loads(row["value"])
            if _alive(lease, now):
                taken.update(lease.get("articles") or ())
            else:
                log.info("taking over the articles of a stopped run (%s)", row["key"])
                self.store.execute("DELETE FROM corpus_state WHERE key = ?", [row["key"]])
        return taken

    def _still_pending(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` some stage has not processed at its current version (another run
        may have done them since this run listed them)."""
        if self.force:
            return list(ids)
        out: list[str] = []
        want = set(self.stages)
        for k in range(0, len(ids), _CHUNK):
            chunk = list(ids[k : k + _CHUNK])
            cond, params = in_list("article_id", chunk)
            done: dict[str, set[tuple[str, str]]] = {}
            for r in self.store.query(
                f"SELECT article_id, stage, version FROM stage_runs WHERE {cond}", params  # noqa: S608 - placeholders only
            ):
                done.setdefault(r["article_id"], set()).add((r["stage"], r["version"]))
            out.extend(a for a in chunk if not want <= done.get(a, set()))
        return out

    def _write(self) -> None:
        _put(self.store, self.owner.key, self.owner.record(time.time() + TTL, self.held))

    # -- this run's side --------------------------------------------------------------------
    def next_batch(self, *, wait: bool = True) -> list[str] | None:
        """The next batch to analyse; empty when nothing is left for this run (after waiting
        for what other live runs hold). With ``wait=False``, None instead of waiting: a run
        that holds batches it has not saved yet must save them before it waits, or two runs
        could each wait for the other's unsaved batches forever."""
        while True:
            with self.store.transaction():
                taken = self._others()
                got: list[str] = []
                while len(got) < self.batch and self.cursor < len(self.ids):
                    window = self.ids[self.cursor : self.cursor + self.batch - len(got)]
                    self.cursor += len(window)
                    for a in self._still_pending(window):
                        (self.deferred if a in taken else got).append(a)
                if not got and self.deferred:
                    # Our own list is done: take over what dead runs left, keep waiting for the rest.
                    pending = self._still_pending(self.deferred)
                    got = [a for a in pending if a not in taken][: self.batch]
                    self.deferred = [a for a in pending if a not in got]
                if got:
                    self.held.extend(got)
                    self.claimed += len(got)
                    self._write()
                    return got
                if not self.deferred:
                    return []
            if not wait:
                return None
            time.sleep(POLL)  # other live runs hold the rest: wait for them to finish it

    def saved(self, article_ids: Sequence[str]) -> None:
        """These are stored: no longer held; the lease is renewed."""
        gone = set(article_ids)
        self.held = [a for a in self.held if a not in gone]
        with self.store.transaction():
            self._write()

    def release(self) -> None:
        with self.store.transaction():
            self.store.execute("DELETE FROM corpus_state WHERE key = ?", [self.owner.key])


@contextmanager
def corpus_lease(store: Store, run_id: str) -> Iterator[None]:
    """One run at a time runs the corpus stages; the others wait (a dead holder is ignored)."""
    owner = Owner(run_id=run_id)
    while True:
        with store.transaction():
            rows = store.query("SELECT value FROM corpus_state WHERE key = ?", [CORPUS_KEY])
            holder = json.loads(rows[0]["value"]) if rows else None
            if holder is None or holder.get("run_id") == run_id or not _alive(holder, time.time()):
                _put(store, CORPUS_KEY, owner.record(time.time() + CORPUS_TTL, []))
                break
        time.sleep(POLL)
    try:
        yield
    finally:
        with store.transaction():
            store.execute("DELETE FROM corpus_state WHERE key = ?", [CORPUS_KEY])
