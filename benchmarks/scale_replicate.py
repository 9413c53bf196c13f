"""Per-article outputs of a smaller run copied onto a larger corpus (benchmarks/scale.py
``--corpus-stages-at``): article ``g{k}`` gets the outputs of ``g{k mod M}`` of the smaller
run of M articles (the same text for k < M, a variant of it beyond), with its own ids, so
the corpus stages can be timed at sizes the NLP phase cannot reach on this machine."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from newstrace.ids import digest
from newstrace.store import open_store
from newstrace.store.base import Store

_BATCH = 20_000


def replicate(store: Store, from_db: str) -> dict[str, int]:
    with open_store(from_db, create=False) as src:
        src_ids = {(r["source"], int(r["part"])): r["id"] for r in src.query("SELECT id, source, part FROM articles")}
        size = len({s for s, _ in src_ids})
        targets: dict[str, list[str]] = defaultdict(list)
        for r in store.query("SELECT id, source, part FROM articles"):
            k = int(r["source"][1:])
            origin = src_ids.get((f"g{k % size:06d}", int(r["part"])))
            if origin:
                targets[origin].append(r["id"])
        tables = [r["name"] for r in src.query("SELECT name FROM stage_tables")] + ["stage_runs"]
        copied = {}
        for table in tables:
            if not store.table_exists(table):
                continue
            batch: list[dict[str, Any]] = []
            n = 0
            with store.transaction():
                store.execute(f"DELETE FROM {table}")  # noqa: S608 - names from stage_tables
                for row in src.stream(f"SELECT * FROM {table}"):  # noqa: S608
                    for target in targets.get(row["article_id"], ()):
                        copy = dict(row, article_id=target)
                        if "id" in copy and target != row["article_id"]:
                            copy["id"] = f"{row['id']}_{digest(target, length=8)}"
                        batch.append(copy)
                    if len(batch) >= _BATCH:
                        store.insert_rows(table, batch)
                        n += len(batch)
                        batch = []
                store.insert_rows(table, batch)
            copied[table] = n + len(batch)
            print(f"[newstrace] replicate: {table} {copied[table]}", flush=True)
    return copied
