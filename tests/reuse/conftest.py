from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newstrace.pipeline.analyze import ingest
from newstrace.reuse.stage import ReuseStage
from newstrace.reuse.stories import StoriesStage
from newstrace.store import open_store
from newstrace.store.base import Store


def run_reuse(store: Store, paths: list[Path]) -> None:
    """Ingest (cleaning + metadata) and the two reuse corpus stages, without spaCy."""
    ingest(paths, store)
    ReuseStage().run(store, lambda *_: None)
    StoriesStage().run(store, lambda *_: None)


@pytest.fixture(scope="session")
def seeds_reuse_db(seeds_dir: Path, session_dbs) -> str:
    db = session_dbs.new("reuse-seeds")
    with open_store(db) as store:
        run_reuse(store, [seeds_dir])
    return db


@pytest.fixture()
def seed_ids(seeds_reuse_db: str) -> dict[str, str]:
    """Seed number ("000") -> article id of its first part."""
    with open_store(str(seeds_reuse_db)) as store:
        return {
            r["source"][:3]: r["id"]
            for r in store.query("SELECT id, source FROM articles WHERE part = 0")
        }


@pytest.fixture()
def reuse_runner() -> Callable[[Store, list[Path]], None]:
    return run_reuse
