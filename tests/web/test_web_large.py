"""A corpus larger than any page: every list pages by cursor, forwards and back, without
repeating or skipping a row, never more than 200 at once."""

from __future__ import annotations

import re
from html import unescape

import pytest

from newstrace.entities import article_entities

N_ARTICLES = 1200


@pytest.fixture(scope="module")
def large_db(session_dbs, seed_texts: dict[str, str]) -> str:
    """Articles made of the seed paragraphs over several outlets and months (many on the
    same date: keyset ties), one event each, written as the stages write them."""
    from newstrace.records import Article
    from newstrace.store import open_store

    paragraphs = [p for t in seed_texts.values() for p in t.split("\n\n") if len(p) > 80]
    db = session_dbs.new("large")
    with open_store(db) as store, store.transaction():
        events = []
        for i in range(N_ARTICLES):
            text = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(3))
            a = Article(
                id=f"a_{i:016x}", source=f"doc{i}", part=0, text=text, title=f"Article {i}",
                outlet=f"Outlet {i % 7}", published=None if i % 50 == 0 else f"20{10 + i % 12}-{1 + i % 12:02d}-01",
                published_precision="day", content_hash=str(i),
            )
            store.replace_document(a.source, str(i), "gen", [a])
            events.append({
                "id": f"ev_{i}", "article_id": a.id, "event_group": f"g_{i % 40}", "label": "ATTACK", "type": "Battles",
                "subtype": "Armed clash", "confidence": 0.5, "date": a.published, "date_precision": "day",
                "location_json": '{"name": "Kabul", "country": "Afghanistan", "admin1": null, "lat": 34.5, "lon": 69.2, "precision": "town"}',
                "country": "Afghanistan", "actors_json": "[]", "fatalities": i % 9, "fatalities_text": "some",
                "trigger_text": text[:5], "trigger_start": 0, "trigger_end": 5, "sentence_start": 0, "sentence_end": 10,
            })
        store.insert_rows("events", events)
        # One entity named in every third article (twice in every sixth), as resolution writes it.
        mentions = [
            {"article_id": f"a_{i:016x}", "start_char": k * 10, "end_char": k * 10 + 5, "text": "Kabul", "label": "GPE",
             "role": "name", "canonical": "Kabul", "entity_id": "e_kabul", "resolved_id": "e_kabul"}
            for i in range(0, N_ARTICLES, 3) for k in range(1 + (i % 6 == 0))
        ]
        store.insert_rows("mentions", mentions)
        article_entities.rebuild(store)
        store.insert_rows("entities", [{
            "id": "e_kabul", "name": "Kabul", "type": "GPE", "aliases_json": '["Kabul"]',
            "mention_count": len(mentions), "article_count": len(range(0, N_ARTICLES, 3)),
        }])
    return db


@pytest.fixture(scope="module")
def large_client(large_db: str):
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    with TestClient(create_app(str(large_db), allow_hosts=["testserver"])) as c:
        yield c


def _walk(client, path: str, pattern: str, params: dict) -> tuple[list[str], str]:
    seen: list[str] = []
    html = ""
    for _ in range(200):
        html = client.get(path, params=params).text
        seen += re.findall(pattern, html)
        nxt = re.search(r'rel="next" href="\?([^"]+)"', html)
        if not nxt:
            break
        params = dict(p.split("=", 1) for p in unescape(nxt.group(1)).split("&"))
    return seen, html


def test_articles_walk_forward_and_back(large_client) -> None:
    seen, last = _walk(large_client, "/articles", r'href="/articles/(a_[0-9a-f]+)"', {"limit": 100})
    assert len(seen) == len(set(seen)) == N_ARTICLES
    # Backwards from the last page to the first gives the same rows in the same order.
    back: list[str] = []
    html = last
    back = re.findall(r'href="/articles/(a_[0-9a-f]+)"', html)
    while prev := re.search(r'rel="prev" href="\?([^"]+)"', html):
        html = large_client.get("/articles?" + unescape(prev.group(1))).text
        back = re.findall(r'href="/articles/(a_[0-9a-f]+)"', html) + back
    assert back == seen


def test_entity_articles_walk_forward_and_back(large_client, large_db: str) -> None:
    from conftest import ids

    want = [r["article_id"] for r in ids(
        large_db,
        "SELECT m.article_id FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.resolved_id = 'e_kabul' "
        "GROUP BY m.article_id, a.published ORDER BY COALESCE(a.published, '') DESC, m.article_id",
    )]
    pattern = r'href="/articles/(a_[0-9a-f]+)"'
    seen, last = _walk(large_client, "/entities/e_kabul", pattern, {})
    assert seen == want
    assert "400 articles" in last
    back = re.findall(pattern, last)
    html = last
    while prev := re.search(r'rel="prev" href="\?([^"]+)"', html):
        html = large_client.get("/entities/e_kabul?" + unescape(prev.group(1))).text
        back = re.findall(pattern, html) + back
    assert back == want


def test_sorted_events_walk_with_ties(large_client) -> None:
    for sort in ("fatalities", "date", "place"):
        seen, _ = _walk(large_client, "/events", r'href="/articles/(a_[0-9a-f]+)"', {"sort": sort, "limit": 200})
        assert len(seen) == len(set(seen)) == N_ARTICLES, sort


def test_caps(large_client) -> None:
    page = large_client.get("/articles", params={"limit": 100000}).text
    assert len(re.findall(r'href="/articles/a_', page)) == 200
    body = large_client.get("/api/records/events", params={"limit": 5000}).json()
    assert body["total"] == N_ARTICLES and len(body["items"]) == 200
    assert large_client.get("/search", params={"q": "Daesh", "limit": 100000}).text.count('<li class="hit">') <= 200
    from newstrace.web.data import MAX_POINTS

    assert len(large_client.get("/api/events/points").json()["points"]) <= MAX_POINTS


def test_overview_chart_on_many_months(large_client) -> None:
    html = large_client.get("/", params={"outlet": "Outlet 3"}).text
    counts = dict(re.findall(r'data-kind="(\w+)"><span class="n">([^<]+)</span>', html))
    assert counts["articles"] == str(len(range(3, N_ARTICLES, 7)))
    assert "<rect" in html
