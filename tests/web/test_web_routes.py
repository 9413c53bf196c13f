"""Route tests on the seeds database, with stand-in stage exports built from the seed texts."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

from newstrace.entities.api import entity_id_for

DAESH = entity_id_for("Daesh", "ORG")
PAKISTAN = entity_id_for("Pakistan", "GPE")


def article_ids(db: Path) -> dict[str, str]:
    """seed file name -> article id."""
    from newstrace.store import open_store

    with open_store(str(db), create=False) as s:
        return {a.source: a.id for a in s.iter_articles()}


def test_overview_shows_counts_chart_and_stage_sections(client, web_db: Path) -> None:
    from newstrace.store import open_store

    with open_store(str(web_db), create=False) as s:
        n_articles = s.count("articles")
        n_outlets = len({a.outlet for a in s.iter_articles() if a.outlet})
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    counts = dict(re.findall(r'data-kind="(\w+)"><span class="n">([^<]+)</span>', html))
    assert counts["articles"] == str(n_articles)
    assert counts["outlets"] == str(n_outlets)
    assert int(counts["claims"]) > 0 and int(counts["reuse"]) > 0
    # Three dated seeds in two different years: bars for Dec 2017 and Dec 2023.
    assert "TNS, 2017-12: 1 article" in html
    assert "IRNA, 2023-12: 1 article" in html
    assert ">Daesh</a>" in html  # the top entity
    assert "/stories/s_0" in html


def test_overview_filters_carry_into_links(client) -> None:
    html = client.get("/", params={"outlet": "TNS", "date_from": "2017-01-01"}).text
    counts = dict(re.findall(r'data-kind="(\w+)"><span class="n">([^<]+)</span>', html))
    assert counts["articles"] == "1"
    # Navigation keeps the filters.
    assert 'href="/search?outlet=TNS&amp;date_from=2017-01-01"' in html
    assert "IRNA, 2023-12" not in html


def test_entity_filter_restricts_articles(client, web_db: Path) -> None:
    ids = article_ids(web_db)
    page = client.get("/articles", params={"entity": PAKISTAN}).text
    from newstrace.store import open_store

    with open_store(str(web_db), create=False) as s:
        expected = {a.id for a in s.iter_articles() if re.search(r"(?<!\w)Pakistan(?!\w)", a.text)}
    shown = set(re.findall(r'href="/articles/(a_[0-9a-f]+)"', page))
    assert shown == expected
    assert len(expected) < len(ids)
    by_name = client.get("/articles", params={"entity": "pakistan"}).text
    assert set(re.findall(r'href="/articles/(a_[0-9a-f]+)"', by_name)) == expected


def test_bare_build_says_stages_are_absent(web_db, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from newstrace.pipeline import registry
    from newstrace.web.app import create_app

    # Whatever this build has, a stage whose module is absent must be shown as absent.
    for what in list(registry.EXPORTS):
        if what != "articles":
            monkeypatch.setitem(registry.EXPORTS, what, "newstrace_absent_stage:iter_records")
    with TestClient(create_app(str(web_db))) as bare_client:
        _check_bare(bare_client)


def _check_bare(bare_client) -> None:
    html = bare_client.get("/").text
    assert "Entities: not available in this build" in html
    assert "Stories: not available in this build" in html
    assert bare_client.get("/api/records/claims").json() == {
        "available": False, "total": 0, "offset": 0, "limit": 50, "items": []
    }
    art = bare_client.get("/articles").text
    first = re.search(r'href="/articles/(a_[0-9a-f]+)"', art).group(1)
    page = bare_client.get(f"/articles/{first}").text
    assert "Claims: not available in this build" in page
    assert "(not in this build)" in page


def test_search_highlights_pages_and_exports(client) -> None:
    r = client.get("/search", params={"q": "Daesh", "limit": 2})
    assert r.status_code == 200
    total = int(re.search(r'<span id="hit-count">(\d+)</span>', r.text).group(1))
    assert total == 4  # 001 (IRNA) never says Daesh
    assert r.text.count('<li class="hit">') == 2
    assert "<mark>Daesh</mark>" in r.text
    assert 'rel="next" href="?q=Daesh&amp;offset=2&amp;limit=2"' in unescape(r.text).replace("&", "&amp;") or "offset=2" in r.text
    page2 = client.get("/search", params={"q": "Daesh", "limit": 2, "offset": 2}).text
    assert page2.count('<li class="hit">') == 2

    rows = list(csv.DictReader(io.StringIO(client.get("/search/export", params={"q": "Daesh", "format": "csv"}).text)))
    assert len(rows) == 4
    assert all("Daesh" in row["snippet"] and "\x02" not in row["snippet"] for row in rows)
    lines = client.get("/search/export", params={"q": "Daesh", "format": "jsonl", "outlet": "TNS"}).text.splitlines()
    assert [json.loads(x)["outlet"] for x in lines] == ["TNS"]
    assert client.get("/search/export", params={"q": "Daesh", "format": "xml"}).status_code == 400


def test_article_page_highlights_every_layer(client, web_db: Path) -> None:
    aid = article_ids(web_db)["002_ee9d258b94439a1e.txt"]
    html = client.get(f"/articles/{aid}").text
    text_div = html.split('id="article-text">', 1)[1].split("</div>", 1)[0]
    for cls in ("mention", "claim-content", "claim-speaker", "reuse"):
        assert re.search(rf'class="hl [^"]*\b{cls}\b', text_div), cls
    # Removing the markup gives back exactly the article text.
    from newstrace.store import open_store

    with open_store(str(web_db), create=False) as s:
        original = s.get_article(aid).text
    assert unescape(re.sub(r"<[^>]+>", "", text_div)) == original
    # Links to the article it shares passages with, and to the pair view.
    other = article_ids(web_db)["000_d0c68157059b4dfa.txt"]
    assert f'href="/reuse/{aid}/{other}"' in html
    assert re.search(r'class="speaker"><a href="/entities/e_[0-9a-f]+">[^<]+</a>', html)


def test_reuse_pair_side_by_side_with_diff(client, web_db: Path) -> None:
    ids = article_ids(web_db)
    a, b = ids["002_ee9d258b94439a1e.txt"], ids["000_d0c68157059b4dfa.txt"]
    r = client.get(f"/reuse/{a}/{b}")
    assert r.status_code == 200
    assert 'id="side-a"' in r.text and 'id="side-b"' in r.text
    # 002 (14 Dec) is earlier than 000 (29 Dec): asked in this order, A was copied by B.
    assert "A was copied by B" in r.text
    assert 'id="pa-1"' in r.text and 'id="pb-1"' in r.text
    api = client.get(f"/api/reuse/{a}/{b}").json()
    assert api["passages"] and all(p["article_a"] == a for p in api["passages"])
    assert all(p["direction"] == "a_to_b" for p in api["passages"])


def test_word_diff_marks_inserted_and_deleted_words() -> None:
    from newstrace.web.highlight import word_diff

    a, b = word_diff("the army <chief> said on Friday", "the army chief said on Monday")
    assert "<del>Friday</del>" in a and "<ins>Monday</ins>" in b
    assert "&lt;chief&gt;" in a


def test_story_timeline_draws_articles_and_copy_arrow(client) -> None:
    html = client.get("/stories/s_0").text
    assert html.count('<circle cx=') == 2
    assert 'marker-end="url(#arrow)"' in html  # 002 -> 000
    assert "Silkroadnews" in html and "TNS" in html
    api = client.get("/api/stories/s_0").json()
    assert len(api["copies"]) == 1
    assert client.get("/stories/nope").status_code == 404


def test_entity_page_and_lists(client) -> None:
    html = client.get(f"/entities/{DAESH}").text
    assert 'id="entity-name">Daesh' in html
    assert "ISIS" in html  # alias
    assert "Appears with" in html and ">Pakistan</a>" in html
    assert 'id="form-merge"' in html
    listing = client.get("/entities", params={"name": "isi"}).text
    assert ">Daesh</a>" in listing and ">Pakistan</a>" not in listing
    api = client.get(f"/api/entities/{DAESH}").json()
    assert api["mention_count"] > 10
    assert any(c["name"] == "Pakistan" for c in api["co_occurring"])


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_curation_merge_rename_alias_split(client, fakes) -> None:
    html = client.get(f"/entities/{DAESH}").text
    token = _csrf(html)
    us = entity_id_for("United States", "GPE")
    r = client.post(f"/entities/{DAESH}/curate", data={"action": "rename", "value": "Islamic State", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert "Islamic State" in client.get(r.headers["location"]).text
    client.post(f"/entities/{PAKISTAN}/curate", data={"action": "merge", "value": us, "csrf_token": token})
    merged = client.get(f"/entities/{PAKISTAN}").text
    assert "United States" in merged.split('id="aliases"', 1)[1].split("</ul>", 1)[0]
    assert client.get(f"/entities/{us}").status_code == 404
    client.post(f"/entities/{DAESH}/curate", data={"action": "add_alias", "value": "Daech", "csrf_token": token})
    r = client.post(f"/entities/{DAESH}/curate", data={"action": "split", "value": "ISIL", "csrf_token": token}, follow_redirects=False)
    new_id = r.headers["location"].split("/entities/")[1].split("?")[0]
    assert new_id != DAESH
    assert "ISIL" in client.get(f"/entities/{new_id}").text
    assert [c[0] for c in fakes.CURATION.calls] == ["rename", "merge", "add_alias", "split"]


def test_curation_reports_bad_input(client) -> None:
    token = _csrf(client.get(f"/entities/{DAESH}").text)
    r = client.post(f"/entities/{DAESH}/curate", data={"action": "merge", "value": "e_missing", "csrf_token": token})
    assert r.status_code == 400 and "Cannot merge" in r.text
    r = client.post(f"/entities/{DAESH}/curate", data={"action": "explode", "value": "x", "csrf_token": token})
    assert r.status_code == 400


def test_events_table_sorts_pages_and_maps(client) -> None:
    html = client.get("/events", params={"sort": "fatalities"}).text
    rows = re.findall(r"<tr><td class=\"date\">", html)
    assert rows
    assert html.count('class="point"') >= 3
    assert html.count('class="land"') > 150  # the vendored Natural Earth outline
    shown = [int(x) for x in re.findall(r'<td class="num">(\d+)</td><td class="num">', html)]
    events = client.get("/api/records/events").json()["items"]
    figures = sorted((e["fatalities"]["value"] for e in events if e["fatalities"]), reverse=True)
    assert len(figures) >= 2 and shown == figures  # sorted, largest first
    assert client.get("/events", params={"sort": "bogus"}).status_code == 400
    paged = client.get("/events", params={"limit": 1}).text
    assert paged.count('<tr><td class="date">') == 1 and 'rel="next"' in paged


def test_event_group_shows_each_outlets_figures(client) -> None:
    html = client.get("/events/group/g_Parachinar").text
    assert "Anadolu Agency" in html and "over 70" in html
    assert client.get("/events/group/none-such").status_code == 404


def test_page_size_is_capped(client) -> None:
    body = client.get("/api/records/mentions", params={"limit": 100000}).json()
    assert body["limit"] == 200 and len(body["items"]) == min(200, body["total"])
    body = client.get("/api/records/mentions", params={"limit": 100, "offset": 100}).json()
    assert body["total"] > 100 and body["offset"] == 100
    assert len(body["items"]) == min(100, body["total"] - 100)
    assert client.get("/api/records/mentions", params={"limit": "many"}).status_code == 400


def test_api_article_and_openapi(client, web_db: Path) -> None:
    aid = article_ids(web_db)["003_d46c2fe43028fa90.txt"]
    body = client.get(f"/api/articles/{aid}").json()
    assert body["article"]["id"] == aid and body["claims"] and body["techniques"] is None
    for c in body["claims"]:
        assert body["article"]["text"][c["content"]["start"] : c["content"]["end"]] == c["content"]["text"]
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/search" in paths and "/api/records/{what}" in paths
    assert client.get("/api/articles/nope").status_code == 404
    index = client.get("/api").text  # the offline endpoint list
    assert "<code>/api/records/{what}</code>" in index and "<code>/api/search</code>" in index
    assert client.get("/api/records/nonsense").status_code == 404


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    from newstrace.errors import MissingDatabase
    from newstrace.web.app import create_app

    with pytest.raises(MissingDatabase, match="does not exist"):
        create_app(str(tmp_path / "nope.db"))


@pytest.mark.parametrize("q", ['"unbalanced', "NEAR(a b)", "*", "OR", "title:x", "a AND", "-x", "Daesh\x00", "x" * 600])
def test_odd_queries_never_crash(client, q: str) -> None:
    assert client.get("/search", params={"q": q}).status_code in (200, 400)
    assert client.get("/search/export", params={"q": q, "format": "csv"}).status_code in (200, 400)
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400, 422)
    if r.status_code != 200:
        assert r.json()["detail"]


def test_per_article_hook_is_used_when_an_export_offers_it(client, web_db: Path, fakes) -> None:
    """An export with ``for_articles`` serves the article page without a full scan."""
    calls: list[list[str]] = []
    full = fakes.iter_claims

    def for_articles(store, ids):
        calls.append(list(ids))
        return (c for c in full(store) if c["article_id"] in ids)

    def iter_claims(store):
        raise AssertionError("the article page scanned every claim")

    iter_claims.for_articles = for_articles
    import sys

    sys.modules[fakes.MODULE].iter_claims = iter_claims
    aid = article_ids(web_db)["003_d46c2fe43028fa90.txt"]
    html = client.get(f"/articles/{aid}").text
    assert calls == [[aid]]
    assert "General Qamar Javed Bajwa" in html.split("<h2>Claims</h2>", 1)[1]
