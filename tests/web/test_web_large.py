"""A corpus larger than any page: every list is paged and capped."""

from __future__ import annotations

import re
import sys
import types
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

N_ARTICLES = 1200


@pytest.fixture(scope="module")
def large_db(tmp_path_factory: pytest.TempPathFactory, seed_texts: dict[str, str]) -> Path:
    """Many articles made of the seed paragraphs, over several outlets and months."""
    from newstrace.records import Article
    from newstrace.store import open_store

    paragraphs = [p for t in seed_texts.values() for p in t.split("\n\n") if len(p) > 80]
    db = tmp_path_factory.mktemp("large") / "large.db"
    with open_store(str(db)) as store, store.transaction():
        for i in range(N_ARTICLES):
            text = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(3))
            a = Article(
                id=f"a_{i:016x}", source=f"doc{i}", part=0, text=text, title=f"Article {i}",
                outlet=f"Outlet {i % 7}", published=f"20{10 + i % 12}-{1 + i % 12:02d}-01",
                published_precision="day", content_hash=str(i),
            )
            store.replace_document(a.source, str(i), "gen", [a])
    return db


@pytest.fixture()
def large_client(large_db: Path, monkeypatch: pytest.MonkeyPatch):
    from fastapi.testclient import TestClient

    from newstrace.pipeline import registry
    from newstrace.web.app import create_app

    def iter_events(store):  # one event per article, all in one group
        for a in store.iter_articles():
            yield {
                "id": f"ev_{a.id}", "article_id": a.id, "event_group": "g_big", "type": "Battles",
                "subtype": None, "confidence": 0.5, "date": a.published, "date_precision": "day",
                "location": {"name": "Kabul", "country": "Afghanistan", "admin1": None, "lat": 34.5, "lon": 69.2, "precision": "town"},
                "actors": [], "fatalities": {"value": int(a.id[-3:], 16) % 50, "text": "some"}, "injured": None,
                "trigger": {"text": a.text[:5], "start": 0, "end": 5},
            }

    mod = types.ModuleType("newstrace_largefakes")
    mod.__spec__ = ModuleSpec("newstrace_largefakes", None)
    mod.iter_events = iter_events
    monkeypatch.setitem(sys.modules, "newstrace_largefakes", mod)
    monkeypatch.setitem(registry.EXPORTS, "events", "newstrace_largefakes:iter_events")
    with TestClient(create_app(str(large_db))) as c:
        yield c


def test_lists_are_paged(large_client) -> None:
    page = large_client.get("/articles").text
    assert len(re.findall(r'<tr><td class="date">', page)) == 50
    assert f"1–50 of {N_ARTICLES}" in page
    page = large_client.get("/articles", params={"limit": 100000, "offset": 1100}).text
    assert len(re.findall(r'<tr><td class="date">', page)) == 100  # the rest, capped at 200
    search = large_client.get("/search", params={"q": "Daesh", "limit": 100000}).text
    assert search.count('<li class="hit">') == 200


def test_event_views_cap_rows_and_points(large_client) -> None:
    from newstrace.web.data import MAX_POINTS

    html = large_client.get("/events").text
    assert html.count('<tr><td class="date">') == 50
    assert html.count('class="point"') <= MAX_POINTS
    body = large_client.get("/api/records/events", params={"limit": 5000}).json()
    assert body["total"] == N_ARTICLES and len(body["items"]) == 200


def test_overview_chart_on_many_months(large_client) -> None:
    html = large_client.get("/", params={"outlet": "Outlet 3"}).text
    counts = dict(re.findall(r'data-kind="(\w+)"><span class="n">([^<]+)</span>', html))
    assert counts["articles"] == str(len(range(3, N_ARTICLES, 7)))
    assert "<rect" in html
