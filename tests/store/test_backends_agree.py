"""The product does not depend on the backend: the seeds analysed on SQLite and on
PostgreSQL export byte-identical records of every kind."""

from __future__ import annotations

import io
from pathlib import Path

from newstrace.export import export, export_every
from newstrace.store import open_store


def _exports(db: str, tmp_path: Path, tag: str) -> dict[str, bytes]:
    with open_store(db, create=False) as store:
        out = export_every(store, tmp_path, f"{tag}-")
        graph = tmp_path / f"{tag}.graphml"
        export(store, "graph", "graphml", str(graph))
        out["graph"] = graph.read_bytes()
    return out


def test_seeds_export_the_same_records_on_sqlite_and_postgresql(
    seeds_sqlite: str, seeds_pg: str, tmp_path: Path
) -> None:
    # Both analysed from the seeds through analyze() (tests/conftest.py), one per backend.
    lite, pg = _exports(seeds_sqlite, tmp_path, "sqlite"), _exports(seeds_pg, tmp_path, "pg")
    assert lite.keys() == pg.keys()
    for what in lite:
        assert pg[what] == lite[what], f"{what} differs between SQLite and PostgreSQL"
    # Not vacuous: the seeds give records of the main kinds.
    for what in ("articles", "entities", "claims", "events", "reuse", "stories"):
        assert io.BytesIO(lite[what]).read().count(b"\n") > 0, what
