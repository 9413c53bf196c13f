"""Fixtures for the web app and report tests.

``web_db``: the seeds database (``seeds_db``) copied, with outlet and publication date
filled in where this build's metadata stage left them empty. The values are read off the
seed texts themselves (their datelines and agency names), standing in for the metadata
stage so the charts and timelines have dates to draw. ``webfakes.install`` points the
registry at stand-in stage exports built from the same texts.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import webfakes  # noqa: E402

# Seed file -> (outlet, published) as the text itself states them.
SEED_METADATA = {
    "000_d0c68157059b4dfa.txt": ("TNS", "2017-12-29"),  # "TEHRAN Dec 29 (TNS)", after 002
    "001_4ac6051a476c7301.txt": ("IRNA", "2023-12-18"),  # "Dec 18, 2023 ... IRNA"
    "002_ee9d258b94439a1e.txt": ("Silkroadnews", "2017-12-14"),  # "Date: 07:35, 14-12-2017"
    "003_d46c2fe43028fa90.txt": ("Anadolu Agency", None),  # byline only, no date
    "004_521e8e9ae6276b4b.txt": ("Iran News", None),
}


@pytest.fixture(scope="session")
def web_db(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newstrace.store import open_store

    db = tmp_path_factory.mktemp("web") / "web.db"
    with open_store(str(seeds_db), create=False) as src:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(seeds_db, db)
    with open_store(str(db), create=False) as store:
        for article in list(store.iter_articles()):
            outlet, published = SEED_METADATA.get(article.source, (None, None))
            changed = False
            if not article.outlet and outlet:
                article.outlet, changed = outlet, True
            if not article.published and published:
                article.published, article.published_precision, changed = published, "day", True
            if not article.title:
                article.title, changed = article.text.strip().splitlines()[0][:120], True
            if changed:
                store.update_article(article)
    return db


HOSTILE = webfakes.HOSTILE
SCRIPT = webfakes.SCRIPT


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles whose title, text, outlet and URL carry XSS payloads."""
    from newstrace.store import open_store

    folder = tmp_path_factory.mktemp("hostile")
    text = (
        f"Officials met on Monday. {SCRIPT} was posted on the site.\n\n"
        f"“The attack killed 12 people and the town is in shock,” Mallory{HOSTILE} said on Tuesday.\n\n"
        f"Witnesses named the group {HOSTILE}Front as responsible for the attack in Gaza."
    )
    # Stored directly (as ingest + metadata would store it) so the test does not depend on
    # which input readers this build has.
    from newstrace.records import Article

    article = Article(
        id="a_0bad0bad0bad0bad",
        source="hostile-1",
        part=0,
        text=text,
        title=f"{SCRIPT} Breaking {HOSTILE}",
        outlet=f"Evil{HOSTILE}Outlet",
        url="javascript:alert(document.cookie)",
        published="2024-05-02",
        published_precision="day",
        boilerplate_removed=[f"Share {SCRIPT}"],
        content_hash="hostile",
    )
    db = tmp_path_factory.mktemp("hostiledb") / "hostile.db"
    with open_store(str(db)) as store:
        store.replace_document(article.source, "hostile", str(folder), [article])
    return db


@pytest.fixture()
def fakes(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    webfakes.install(monkeypatch)
    yield webfakes
    webfakes.CURATION.reset()


@pytest.fixture()
def client(web_db: Path, fakes: object):
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    with TestClient(create_app(str(web_db))) as c:
        yield c


@pytest.fixture()
def bare_client(web_db: Path):
    """The app with only what this build has (no stand-in stages)."""
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    with TestClient(create_app(str(web_db))) as c:
        yield c
