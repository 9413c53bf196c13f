"""Shared fixtures. The seeds and corpora are read from ../shared (never copied into the
repo); tests that need them skip with a clear reason when that folder is absent."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
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
def corpus_folder(corpora_dir: Path) -> Callable[[str], Path]:
    """A folder under ../shared/corpora by its relative path (skips when it is absent)."""

    def folder(relative: str) -> Path:
        return _need(corpora_dir / relative)

    return folder


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed file name -> its text."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


# -- the two storage backends -----------------------------------------------------------
# Every test that touches the store runs once per backend: SQLite, and PostgreSQL on one
# throwaway cluster started for the session (skipped, with the reason, where the server
# binaries are absent). A test takes part by asking for ``db_url`` / ``store`` (a new empty
# store), ``dbs`` (new databases, copies, a missing one) or ``seeds_db`` (the analysed
# seeds); they all follow the one ``backend`` parameter. NEWSTRACE_TEST_DB=sqlite or
# =postgres runs one backend only.
BACKENDS = [b for b in ("sqlite", "postgres") if os.environ.get("NEWSTRACE_TEST_DB", b) == b]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


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


class Databases:
    """New databases on one backend, as ``--db`` values: SQLite files in ``folder`` or
    databases of the session's PostgreSQL cluster (dropped by ``close``)."""

    def __init__(self, backend: str, folder: Path, request: pytest.FixtureRequest) -> None:
        self.backend = backend
        self.folder = folder
        self._made: list[str] = []
        self._paths: set[Path] = set()
        self.cluster = request.getfixturevalue("pg_cluster") if backend == "postgres" else None
        self._template = request.getfixturevalue("pg_template") if backend == "postgres" else None

    def new(self, name: str = "t") -> str:
        """A new empty, migrated store."""
        if self.cluster is None:
            return str(self._path(name))
        url = self.cluster.create_database(template=self._template)
        self._made.append(url)
        return url

    def copy(self, src: str, name: str = "copy") -> str:
        """A copy of the store ``src`` (nothing may hold it open on PostgreSQL)."""
        if self.cluster is None:
            import sqlite3

            dst = str(self._path(name))
            with contextlib.closing(sqlite3.connect(src)) as a, contextlib.closing(sqlite3.connect(dst)) as b:
                a.backup(b)  # the committed state, WAL included
            return dst
        url = self.cluster.create_database(template=src.split("?")[0].rsplit("/", 1)[1])
        self._made.append(url)
        return url

    def _path(self, name: str) -> Path:
        path, n = self.folder / f"{name}.db", 1
        while path in self._paths:  # each call a new file
            n += 1
            path = self.folder / f"{name}-{n}.db"
        self._paths.add(path)
        return path

    def missing(self, name: str = "missing") -> str:
        """A ``--db`` naming no store (commands that read must refuse it)."""
        if self.cluster is None:
            return str(self.folder / f"{name}.db")
        return self.cluster.url(f"{name}_{uuid.uuid4().hex[:8]}")

    def close(self) -> None:
        for url in self._made:
            self.cluster.drop_database(url)  # type: ignore[union-attr]


@pytest.fixture()
def dbs(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Databases]:
    made = Databases(backend, tmp_path, request)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture(scope="session")
def session_dbs(backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Databases:
    """As ``dbs``, for session fixtures (the cluster goes away with the session)."""
    return Databases(backend, tmp_path_factory.mktemp(f"dbs-{backend}"), request)


@pytest.fixture()
def db_url(dbs: Databases) -> str:
    """A new empty store's --db value: a SQLite path, or a postgresql:// URL."""
    return dbs.new()


@pytest.fixture()
def store(db_url: str):
    from newstrace.store import open_store

    with open_store(db_url) as s:
        yield s


def _analyse_seeds(seeds_dir: Path, db: str) -> str:
    from newstrace.pipeline.analyze import analyze
    from newstrace.store import open_store

    with open_store(db) as store:
        summary = analyze([seeds_dir], store)
    assert not summary.problems, summary.problems
    return db


@pytest.fixture(scope="session")
def seeds_sqlite(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The five seeds analysed once into a SQLite file (for tests of SQLite as such)."""
    return _analyse_seeds(seeds_dir, str(tmp_path_factory.mktemp("seeds") / "seeds.db"))


@pytest.fixture(scope="session")
def seeds_pg(seeds_dir: Path, pg_cluster, pg_template: str) -> str:
    """The five seeds analysed once into a database of the session's PostgreSQL cluster."""
    return _analyse_seeds(seeds_dir, pg_cluster.create_database(template=pg_template))


@pytest.fixture(scope="session")
def seeds_db(backend: str, request: pytest.FixtureRequest) -> str:
    """The five seeds analysed once per backend, shared by read-only tests (``dbs.copy`` it
    to write)."""
    return str(request.getfixturevalue("seeds_sqlite" if backend == "sqlite" else "seeds_pg"))


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
