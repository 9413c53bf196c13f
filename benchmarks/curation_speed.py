"""Curation on a large database: merges of growing size into the biggest entity, the merge
of the two biggest, and undo, each timed in wall and CPU seconds (the machine is shared:
CPU seconds are the steadier figure), with the load average beside each.

Works on a copy of the database (the original is left as it was). The peer in the same
run, with ``--rebuild-peer``: undo by a full rebuild of entity resolution (how every undo
was done before undo of a merge became incremental), after the same merge.

    nice -n 10 /work/bin/py benchmarks/curation_speed.py /tmp/web-10k.db --copy /tmp/curation.db
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newstrace.entities import curation
from newstrace.store import open_store


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    print(f"{label:<62} wall {time.perf_counter() - t:6.2f} s  CPU {time.process_time() - c:6.2f} s  "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("--copy", type=Path, required=True, help="work on this copy of the database")
    ap.add_argument("--rebuild-peer", action="store_true", help="also time an undo by full rebuild (minutes at 10k)")
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(args.db, args.copy)
    print(f"{args.db} copied to {args.copy}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with open_store(str(args.copy), create=False) as s:
        n = s.query("SELECT (SELECT COUNT(*) FROM articles) AS a, (SELECT COUNT(*) FROM mentions) AS m, "
                    "(SELECT COUNT(*) FROM entities) AS e")[0]
        print(f"{n['a']} articles, {n['m']} mentions, {n['e']} entities")
        big = s.query("SELECT id, name, mention_count FROM entities ORDER BY mention_count DESC, id LIMIT 2")
        keep, other = big[0]["id"], big[1]["id"]
        for size in (30, 300, 3000):
            o = s.query("SELECT id, mention_count FROM entities WHERE mention_count <= ? AND id NOT IN (?, ?) "
                        "ORDER BY mention_count DESC, id LIMIT 1", [size, keep, other])[0]
            _timed(f"merge {o['mention_count']:,} mentions into the biggest",
                   lambda o=o: curation.merge(s, keep, o["id"], summaries=False))
            _timed("  its summary rewritten (after the answer)", lambda: curation.refresh_summaries(s, [keep]))
            _timed("  undo", lambda: curation.undo(s, summaries=False))
            _timed("  the two summaries rewritten (after the answer)", lambda o=o: curation.refresh_summaries(s, [keep, o["id"]]))
        label = f"merge the two biggest ({big[1]['mention_count']:,} into {big[0]['mention_count']:,} mentions)"
        _timed(label, lambda: curation.merge(s, keep, other, summaries=False))
        _timed("  its summary rewritten (after the answer)", lambda: curation.refresh_summaries(s, [keep]))
        _timed("  undo", lambda: curation.undo(s, summaries=False))
        _timed("  the two summaries rewritten (after the answer)", lambda: curation.refresh_summaries(s, [keep, other]))
        if args.rebuild_peer:
            _timed(label + " again", lambda: curation.merge(s, keep, other, summaries=False))
            _timed("  peer: undo by a full rebuild (summaries included)", lambda: curation.undo(s, incremental=False))


if __name__ == "__main__":
    main()
