"""Curation on a large database: merges of growing size into the biggest entity, the merge
of the two biggest, and undo, then split, rename, add and remove alias on the biggest, each
with its undo; each timed in wall and CPU seconds (the machine is shared: CPU seconds are
the steadier figure), with the load average beside each.

Each operation runs as the web app's curation request runs it: on a connection of its own,
opened for it (the time of opening counted with the operation), with a 256 MiB page cache
and SQLite's checkpoint (the copy of the writes from the write-ahead log into the database
file) left until after the answer. What the app does after answering, on the same
connection, is timed on its own lines: the checkpoint, then the changed entities'
precomputed summaries rewritten.

Works on a copy of the database (the original is left as it was). Run from another
version's worktree (``/work/bin/py`` puts its ``src`` first) the same requests time that
version's code (without the deferred checkpoint where it has none). The peer in the same
run, with ``--rebuild-peer``: undo by a full rebuild of entity resolution (how every undo
was done before undo of a merge became incremental), after the same merge.

    nice -n 10 /work/bin/py benchmarks/curation_speed.py /tmp/web-10k.db --copy /tmp/curation.db
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newstrace.entities import curation
from newstrace.store import open_store
from newstrace.store.base import Store


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    print(f"{label:<66} wall {time.perf_counter() - t:6.2f} s  CPU {time.process_time() - c:6.2f} s  "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    return out


def _request(db: str, label: str, fn: Callable[[Store], Any], summaries: Callable[[Any], list[str]]) -> Any:
    """One curation request: connection, operation (timed), then after the answer the
    checkpoint and the summaries of the entities ``summaries(result)`` names (timed)."""
    box: dict[str, Store] = {}

    def run() -> Any:
        box["s"] = s = open_store(db, create=False)
        s.tune_for_bulk()
        if hasattr(s, "defer_checkpoint"):  # older versions (the peer) checkpoint as they commit
            s.defer_checkpoint()
        return fn(s)

    out = _timed(label, run)
    s = box["s"]
    try:
        if hasattr(s, "checkpoint"):
            _timed("  after the answer: checkpoint", s.checkpoint)
        _timed("  after the answer: summaries rewritten", lambda: curation.refresh_summaries(s, summaries(out)))
    finally:
        s.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("--copy", type=Path, required=True, help="work on this copy of the database")
    ap.add_argument("--rebuild-peer", action="store_true", help="also time an undo by full rebuild (minutes at 10k)")
    ap.add_argument("--repeat", type=int, default=1, help="merges of the two biggest (each undone)")
    ap.add_argument("--only-biggest", action="store_true", help="skip the smaller merges and the name operations")
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(args.db, args.copy)
    db = str(args.copy)
    print(f"{args.db} copied to {args.copy}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with open_store(db, create=False) as s:  # migrations of this version applied here, untimed
        n = s.query("SELECT (SELECT COUNT(*) FROM articles) AS a, (SELECT COUNT(*) FROM mentions) AS m, "
                    "(SELECT COUNT(*) FROM entities) AS e")[0]
        big = s.query("SELECT id, name, type, mention_count FROM entities ORDER BY mention_count DESC, id LIMIT 2")
        keep, other = big[0]["id"], big[1]["id"]
        smaller = [] if args.only_biggest else [
            s.query("SELECT id, mention_count FROM entities WHERE mention_count <= ? AND id NOT IN (?, ?) "
                    "ORDER BY mention_count DESC, id LIMIT 1", [size, keep, other])[0]
            for size in (30, 300, 3000)
        ]
        texts = s.query("SELECT text, COUNT(*) AS n FROM mentions WHERE resolved_id = ? GROUP BY text ORDER BY n DESC, text", [keep])
        lone = s.query("SELECT e.id, e.aliases_json FROM entities e WHERE e.mention_count >= 20 AND e.aliases_json NOT LIKE '%,%' "
                       "AND e.type = ? ORDER BY e.mention_count DESC, e.id LIMIT 1", [big[0]["type"]])
    print(f"{n['a']} articles, {n['m']} mentions, {n['e']} entities")

    def undo(s: Store) -> Any:
        op = curation.undo(s, summaries=False)
        assert op is not None and (op["op"] == "merge" or "touched" in op), "undo was not in place"
        return op

    def undone(op: Any) -> list[str]:
        return [op["entity_id"], op["other_id"]] if op["op"] == "merge" else list(op["touched"])

    for o in smaller:
        _request(db, f"merge {o['mention_count']:,} mentions into the biggest",
                 lambda s, o=o: curation.merge(s, keep, o["id"], summaries=False), lambda kept: [kept])
        _request(db, "  undo", undo, undone)
    label = f"merge the two biggest ({big[1]['mention_count']:,} into {big[0]['mention_count']:,} mentions)"
    for _ in range(args.repeat):
        _request(db, label, lambda s: curation.merge(s, keep, other, summaries=False), lambda kept: [kept])
        _request(db, "  undo", undo, undone)
    if not args.only_biggest:
        # The operations on one entity's names, on the biggest, each undone.
        ops: list[tuple[str, Callable[[Store, list[str]], Any]]] = [
            (f"split off {texts[1]['text']!r} ({texts[1]['n']:,} mentions)",
             lambda s, t: curation.split(s, keep, texts[1]["text"], summaries=False, touched=t)),
            ("rename", lambda s, t: curation.rename(s, keep, "Renamed By The Benchmark", summaries=False, touched=t)),
            ("add alias 'Hand Added Alias' (no mention moves)",
             lambda s, t: curation.add_alias(s, keep, "Hand Added Alias", summaries=False, touched=t)),
        ]
        if lone:
            alias = json.loads(lone[0]["aliases_json"])[0]
            ops.append((f"add alias {alias!r} (empties an entity of its mentions)",
                        lambda s, t, a=alias: curation.add_alias(s, keep, a, summaries=False, touched=t)))
        ops.append((f"remove alias {texts[2]['text']!r} ({texts[2]['n']:,} mentions)",
                    lambda s, t: curation.remove_alias(s, keep, texts[2]["text"], summaries=False, touched=t)))
        for op_label, op in ops:
            touched: list[str] = []
            _request(db, op_label, lambda s, op=op, touched=touched: op(s, touched), lambda _r, touched=touched: touched)
            _request(db, "  undo", undo, undone)
    if args.rebuild_peer:
        with open_store(db, create=False) as s:
            _timed(label + " again", lambda: curation.merge(s, keep, other, summaries=False))
            _timed("  peer: undo by a full rebuild (summaries included)", lambda: curation.undo(s, incremental=False))


if __name__ == "__main__":
    main()
