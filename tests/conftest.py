"""Shared fixtures. The seeds and corpora are read from ../shared (never copied into the
repo); tests that need them skip with a clear reason when that folder is absent."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from newstrace.records import Article, RawDocument

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read the shared seeds/corpora beside the repo")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SHARED / "seeds")


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    return _need(SHARED / "corpora")


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed file name -> its text."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def seeds_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds analysed once into a SQLite database, shared by read-only tests."""
    from newstrace.pipeline.analyze import analyze
    from newstrace.store import open_store

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with open_store(str(db)) as store:
        summary = analyze([seeds_dir], store)
    assert not summary.problems, summary.problems
    return db


# -- the two storage backends -----------------------------------------------------------
# Tests that touch the store run once per backend: SQLite, and PostgreSQL on a throwaway
# cluster started for the session (skipped, with the reason, where the server binaries are
# absent). NEWSTRACE_TEST_DB=sqlite or =postgres runs one backend only.
BACKENDS = [b for b in ("sqlite", "postgres") if os.environ.get("NEWSTRACE_TEST_DB", b) == b]


@pytest.fixture(scope="session")
def pg_cluster():
    from pg_cluster import Cluster, binaries

    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[dev]'")
    if binaries() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    cluster = Cluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """A database with every migration applied, copied for each test (fast)."""
    from newstrace.store import open_store

    url = pg_cluster.create_database()
    open_store(url).close()
    return url.split("?")[0].rsplit("/", 1)[1]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A new empty store's --db value: a SQLite path, or a postgresql:// URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "t.db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template=request.getfixturevalue("pg_template"))
    try:
        yield url
    finally:
        cluster.drop_database(url)


@pytest.fixture()
def store(db_url: str):
    from newstrace.store import open_store

    with open_store(db_url) as s:
        yield s


Analyse = Callable[..., list[Article]]



def _analyse_text(text: str, source: str = "page.txt", **fields: str | None) -> list[Article]:
    raw = RawDocument(source=source, content=text, format="text", input_path=source, **fields)  # type: ignore[arg-type]
    from newstrace.pipeline.document import process_document

    return process_document(raw)


@pytest.fixture(scope="session")
def analyse() -> Analyse:
    """process_document on a text page: analyse(text, source=..., title=..., published=...)."""
    return _analyse_text


@pytest.fixture(scope="session")
def seed_articles(seed_texts: dict[str, str]) -> dict[str, list[Article]]:
    """Seed number ("000".."004") -> the articles process_document makes of it."""
    return {name[:3]: _analyse_text(text, source=name) for name, text in seed_texts.items()}
