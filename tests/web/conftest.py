"""Fixtures for the web app and report tests.

``web_db``: the analysed seeds (``seeds_db``) copied, their outlets and dates set as the
seed texts state them (datelines, agency names), and analysed further, through the product
path, with a few articles written here:
- a reprint of the Silkroadnews seed by another outlet a day later (the same claims: one
  statement carried by two outlets; verbatim reuse; a story);
- two reports of one bombing that disagree on the toll (14 killed / 2 killed: one event
  group whose figures disagree);
- an article whose title, text, outlet and URL carry XSS payloads (everything stays text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

HOSTILE = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert('xss')</script>"

# Seed file -> (outlet, published) as the text itself states them.
SEED_METADATA = {
    "000_d0c68157059b4dfa.txt": ("TNS", "2017-12-29"),  # "TEHRAN Dec 29 (TNS)"
    "001_4ac6051a476c7301.txt": ("IRNA", "2023-12-18"),  # "Dec 18, 2023 ... IRNA"
    "002_ee9d258b94439a1e.txt": ("Silkroadnews", "2017-12-14"),  # "Date: 07:35, 14-12-2017"
    "003_d46c2fe43028fa90.txt": ("Anadolu Agency", None),  # byline only, no date
    "004_521e8e9ae6276b4b.txt": ("Iran News", None),
}
WIRE_TEXT = (
    "Suicide bomber kills 14 at Peshawar market\n\n"
    "PESHAWAR, March 10 (Wire A) - A suicide bomber killed 14 people and wounded 30 at a crowded market "
    "in Peshawar on Saturday, police said.\n\n"
    '"The attacker blew himself up near the fruit stalls," police official Karim Khan told reporters. '
    "No group claimed responsibility for the bombing."
)
PAPER_TEXT = (
    "Two dead in Peshawar market blast\n\n"
    "At least 2 people were killed and 12 injured when a suicide bomber struck a market in Peshawar on "
    "Saturday, hospital officials said.\n\nThe provincial government condemned the bombing and ordered an inquiry."
)
HOSTILE_TEXT = (
    f"Officials met on Monday. {SCRIPT} was posted on the site.\n\n"
    f"“The attack killed 12 people and the town is in shock,” Mallory{HOSTILE} said on Tuesday.\n\n"
    f"Witnesses named the group {HOSTILE}Front as responsible for the attack in Gaza."
)


def extra_records(seed_texts: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"id": "reprint-002", "text": seed_texts["002_ee9d258b94439a1e.txt"], "outlet": "Reprint Daily",
         "published": "2017-12-15", "url": "https://reprint.example/iran-minister"},
        {"id": "attack-wire", "outlet": "Wire A", "published": "2024-03-10",
         "title": "Suicide bomber kills 14 at Peshawar market", "text": WIRE_TEXT},
        {"id": "attack-paper", "outlet": "Paper B", "published": "2024-03-10",
         "title": "Two dead in Peshawar market blast", "text": PAPER_TEXT},
        {"id": "hostile-1", "text": HOSTILE_TEXT, "title": f"{SCRIPT} Breaking {HOSTILE}",
         "outlet": f"Evil{HOSTILE}Outlet", "url": "javascript:alert(document.cookie)", "published": "2024-05-02"},
    ]


@pytest.fixture(scope="session")
def web_db(seeds_db: str, seed_texts: dict[str, str], session_dbs, tmp_path_factory: pytest.TempPathFactory) -> str:
    from newstrace.pipeline.analyze import analyze
    from newstrace.store import open_store

    db = session_dbs.copy(seeds_db, "web")
    inputs = tmp_path_factory.mktemp("web-inputs")
    with (inputs / "extras.jsonl").open("w", encoding="utf-8") as fh:
        for rec in extra_records(seed_texts):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open_store(db, create=False) as store:
        # Set what this build's metadata stage leaves empty in place (not update_article,
        # which would drop the articles' stage outputs), then analyse the extra articles;
        # the corpus stages rerun over everything.
        from newstrace.outlets.registry import registry

        for source, (outlet, published) in SEED_METADATA.items():
            o = registry().for_name(outlet)
            store.execute(
                "INSERT INTO outlets (id, name, kind, country, registered) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [o.id, o.name, o.kind, o.country, int(o.registered)],
            )
            store.execute("UPDATE articles SET outlet = COALESCE(outlet, ?), outlet_id = COALESCE(outlet_id, ?) "
                          "WHERE source = ?", [outlet, o.id, source])
            if published:
                store.execute(
                    "UPDATE articles SET published = ?, published_precision = 'day' WHERE source = ? AND published IS NULL",
                    [published, source],
                )
        summary = analyze([inputs], store)
        from framing_rows import write_framing

        write_framing(store)
    assert not summary.problems, summary.problems
    return db


def _client(db: str, **kw):
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    return TestClient(create_app(db, allow_hosts=["testserver"], **kw))


@pytest.fixture()
def client(web_db: str) -> Iterator:
    with _client(web_db) as c:
        yield c


@pytest.fixture()
def curate_db(web_db: str, dbs) -> str:
    """A copy of ``web_db`` for tests that write (curation)."""
    return dbs.copy(web_db, "curate")


@pytest.fixture()
def curate_client(curate_db: str) -> Iterator:
    with _client(curate_db) as c:
        yield c


def ids(db: str, sql: str, params: list | None = None) -> list:
    """Rows of a query on a test database (to find the ids the analysis gave)."""
    from newstrace.store import open_store

    with open_store(str(db), create=False) as s:
        return s.query(sql, params or [])
