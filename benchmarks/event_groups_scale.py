"""Event groups at scale: the events of a run replicated X times (new ids), grouped by the
stage as it is and by another version of it (e.g. ``git show REV:src/newstrace/events/groups.py
> old.py``), CPU time of each and whether the groups are identical.

    PYTHONPATH=src nice -n 10 python benchmarks/event_groups_scale.py RUN.db 10,100 --peer old.py
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import time
from typing import Any

from modules import load_file

from newstrace.events import groups

_SELECT = (
    "SELECT e.id, e.article_id, e.type, e.date, e.date_precision, e.date_partial, e.location_json, e.actors_json, "
    "e.fatalities, a.published, a.published_precision FROM events e JOIN articles a ON a.id = e.article_id ORDER BY e.id"
)


class _Rows:
    """Just what the stage asks of a store: its rows in, the group of each event out."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows, self.groups = rows, {}

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return self.rows

    def execute(self, sql: str, params: Any) -> None:
        self.groups[params[1]] = params[0]

    def executemany(self, sql: str, rows: Any) -> None:
        for group, event in rows:
            self.groups[event] = group

    def transaction(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("times", help="replication factors, comma-separated")
    ap.add_argument("--peer", help="another version of events/groups.py")
    a = ap.parse_args()
    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    source = [dict(r) for r in con.execute(_SELECT)]
    versions: list[tuple[str, Any]] = [("now", groups)]
    if a.peer:
        peer = load_file("groups_peer", a.peer, register=True)
        versions.append(("peer", peer))
    for x in (int(t) for t in a.times.split(",")):
        rows = [dict(r, id=f"{r['id']}_{k:03d}", article_id=f"{r['article_id']}_{k:03d}") for k in range(x) for r in source]
        out = {}
        for name, mod in versions:
            store = _Rows(rows)
            cpu = time.process_time()
            mod.EventGroupsStage().run(store, lambda *_: None)
            out[name] = store.groups
            print(f"x{x} ({len(rows)} events) {name}: {time.process_time() - cpu:.2f} CPU-s, "
                  f"{len(set(store.groups.values()))} groups", flush=True)
        if len(out) == 2:
            print(f"  identical groups: {out['now'] == out['peer']}", flush=True)


if __name__ == "__main__":
    main()
