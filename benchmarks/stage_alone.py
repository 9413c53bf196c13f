"""One corpus stage alone, in a fresh process, on an existing database (work on a copy:
the stage rewrites its tables): CPU time, wall time, the process's maximum RSS.

    PYTHONPATH=src nice -n 10 python benchmarks/stage_alone.py DB summaries|stories|statements|resolution
        [--module FILE]

``summaries`` clears the summary tables first (every summary is written) and prints a
digest of the rows written, so two versions of the stage can be compared on one database:
``--module FILE`` loads ``web/summaries.py`` from FILE instead (e.g. ``git show
REV:src/newstrace/web/summaries.py > old.py``). ``statements`` clears every claim's key first.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import time
from collections.abc import Callable
from typing import Any

from modules import load_file

from newstrace.store import open_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("stage", choices=["summaries", "stories", "statements", "resolution"])
    ap.add_argument("--module", help="with summaries: the stage's module from this file")
    a = ap.parse_args()
    with open_store(a.db, create=False) as store:
        run: Callable[[], Any]
        mod: Any = None
        if a.stage == "summaries":
            if a.module:
                mod = load_file("summaries_alt", a.module, register=True)
            else:
                from newstrace.web import summaries as mod
            with store.transaction():
                for table in mod.TABLES:
                    store.execute(f"DELETE FROM {table}")  # noqa: S608 - names from code
            run = lambda: mod.refresh(store)  # noqa: E731
        elif a.stage == "stories":
            from newstrace.reuse.stories import StoriesStage

            run = lambda: StoriesStage().run(store, lambda *_: None)  # noqa: E731
        elif a.stage == "statements":
            from newstrace.claims.statements import ClaimStatementsStage

            store.execute("UPDATE claims SET statement_key = NULL")
            run = lambda: ClaimStatementsStage().run(store, lambda *_: None)  # noqa: E731
        else:
            from newstrace.entities.resolve import EntityResolutionStage

            run = lambda: EntityResolutionStage().run(store, lambda *_: None)  # noqa: E731
        wall, cpu = time.perf_counter(), time.process_time()
        out = run()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        h = hashlib.sha256()
        if a.stage == "summaries":
            for table, key in (("entity_summaries", "entity_id"), ("entity_statements", "entity_id, statement_key"),
                               ("entity_claim_facets", "entity_id, facet, value")):
                for r in store.stream(f"SELECT * FROM {table} ORDER BY {key}"):  # noqa: S608 - names from code
                    h.update(repr(sorted(r.items())).encode())
    print(f"{a.stage}: {cpu:.1f} CPU-s, {wall:.1f} s wall, max RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; result {out}; "
          f"rows digest {h.hexdigest()[:16]}", flush=True)


if __name__ == "__main__":
    main()
