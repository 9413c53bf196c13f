"""Every view on the analysed seeds + extras: what an analyst asks each one."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ids


def _links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="/{prefix}/([^"?#/]+)', html)


def _article(db: Path, outlet: str) -> str:
    return ids(db, "SELECT id FROM articles WHERE outlet = ?", [outlet])[0]["id"]


def test_overview_counts_chart_and_filters(client, web_db: str) -> None:
    n = ids(web_db, "SELECT COUNT(*) AS n FROM articles")[0]["n"]
    html = client.get("/").text
    counts = dict(re.findall(r'data-kind="(\w+)"><span class="n">([^<]+)</span>', html))
    assert counts["articles"] == str(n)
    assert int(counts["claims"].replace(",", "")) > 50 and int(counts["reuse"]) >= 1 and int(counts["stories"]) >= 1
    assert "TNS, 2017-12: 1 article" in unescape(html)
    filtered = client.get("/", params={"outlet": "TNS", "date_from": "2017-01"}).text
    assert dict(re.findall(r'data-kind="(\w+)"><span class="n">([^<]+)</span>', filtered))["articles"] == "1"
    assert 'href="/search?outlet=TNS&amp;date_from=2017-01"' in filtered  # navigation keeps filters


def test_article_list_pages_by_cursor(client, web_db: str) -> None:
    every = {r["id"] for r in ids(web_db, "SELECT id FROM articles")}
    seen: list[str] = []
    url, params = "/articles", {"limit": 3}
    for _ in range(10):
        html = client.get(url, params=params).text
        seen += _links(html, "articles")
        nxt = re.search(r'rel="next" href="\?([^"]+)"', html)
        if not nxt:
            break
        params = dict(p.split("=", 1) for p in unescape(nxt.group(1)).split("&"))
    assert len(seen) == len(set(seen)) and set(seen) == every
    # Back from the last page: the page before it.
    prev = re.search(r'rel="prev" href="\?([^"]+)"', html)
    assert prev
    back = client.get("/articles?" + unescape(prev.group(1))).text
    assert _links(back, "articles") == seen[-3 - len(_links(html, "articles")) : -len(_links(html, "articles"))]


@pytest.mark.parametrize("bad", ["garbage", "eyJ4Ijox", "W10", "x" * 3000])
def test_damaged_cursor_is_a_400(client, bad: str) -> None:
    r = client.get("/articles", params={"after": bad})
    assert r.status_code == 400 and "first page" in r.text


def test_article_page_layers_and_names(client, web_db: str) -> None:
    aid = _article(web_db, "Reprint Daily")
    html = client.get(f"/articles/{aid}").text
    # Every layer has its own element: a claim inside a reused passage keeps its claim element.
    assert re.search(r'<a class="hl reuse"[^>]*href="/reuse/[^"]+"[^>]*><span class="hl claim-content"', html)
    # Reused passages are named by outlet and title, never by raw id, and link the pair.
    title = re.search(r'<a class="hl reuse" title="([^"]+)"', html).group(1)
    assert "shared with Silkroadnews: " in unescape(title) and "a_" not in title
    for kind in ("mention", "claim-speaker", "claim-cue", "event-trigger"):
        assert f'class="hl {kind}"' in html
    assert 'data-layer="reuse"' in html and 'data-layer="claim-content"' in html


def test_claims_group_one_statement_across_outlets(client, web_db: str) -> None:
    html = client.get("/claims").text
    first = html.split('<li class="statement">')[1]
    assert "2 outlets, 2 articles" in first
    # In time order, the earlier outlet marked as first publisher.
    rows = re.findall(r'<tr( class="first")?><td class="date">([^<]+)</td>.*?<span class="outlet">([^<]+)</span>', first, re.S)
    assert [(bool(f), d, o) for f, d, o in rows] == [(True, "2017-12-14", "Silkroadnews"), (False, "2017-12-15", "Reprint Daily")]
    facets = re.findall(r'data-facet="(\w+)"', html)
    assert facets[:4] == ["speaker", "outlet", "outlet_kind", "kind"]


def test_claims_filters_and_search(client, web_db: str) -> None:
    direct = client.get("/claims", params={"kind": "direct"}).text
    n_direct = ids(web_db, "SELECT COUNT(DISTINCT statement_key) AS n FROM claims WHERE kind = 'direct'")[0]["n"]
    assert f'<span class="num total">{n_direct}</span>' in direct
    by_outlet = client.get("/claims", params={"outlet": "Reprint Daily"}).text
    assert "Silkroadnews" in by_outlet  # the statement keeps all its carriers
    assert re.findall(r'<span class="num total">(\d+)</span>', by_outlet)[0] == str(
        ids(web_db, "SELECT COUNT(DISTINCT c.statement_key) AS n FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE a.outlet = 'Reprint Daily'")[0]["n"]
    )
    searched = client.get("/claims", params={"q": "recruit"}).text
    assert all("recruit" in unescape(q).lower() for q in re.findall(r"<blockquote>(.*?)</blockquote>", searched))
    assert client.get("/claims", params={"q": "recruit OR"}).status_code == 400
    assert client.get("/claims", params={"kind": "shouted"}).status_code == 400


def test_claims_export_marks_first_publisher(client) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/claims/export", params={"outlet": "Reprint Daily"}).text)))
    by_statement: dict[str, list[dict]] = {}
    for r in rows:
        by_statement.setdefault(r["statement_key"], []).append(r)
    shared = [rs for rs in by_statement.values() if {r["outlet"] for r in rs} == {"Silkroadnews", "Reprint Daily"}]
    assert shared
    for rs in shared:
        assert [r["first_publisher"] for r in rs] == ["True", "False"]


def test_entity_page_pages_claims_and_articles_with_totals(client, web_db: str) -> None:
    top = ids(web_db, "SELECT speaker_entity_id AS id, COUNT(*) AS n FROM claims WHERE speaker_entity_id IS NOT NULL "
              "GROUP BY speaker_entity_id ORDER BY n DESC LIMIT 1")[0]
    html = client.get(f"/entities/{top['id']}").text
    by = html.split('id="claims-by"')[1].split('id="claims-about"')[0]
    assert f'<span class="num total">{top["n"]}</span> claim' in by
    assert 'id="articles"' in html and "newest first" in html


def test_events_filter_by_the_gate_score(client, web_db: str) -> None:
    """An analyst keeps the surer events with a bar on the precision gate's score."""
    scores = [r["gate_score"] for r in ids(web_db, "SELECT gate_score FROM events")]
    assert scores and all(s is not None and 0 <= s <= 1 for s in scores)
    bar = sorted(scores)[len(scores) // 2]  # the median: some events pass, some do not
    passing = sum(1 for s in scores if s >= bar)
    assert 0 < passing < len(scores)
    everything = client.get("/events").text
    assert "Gate ≥" in everything and ">Gate" in everything
    assert f'<span class="num total">{len(scores):,}</span> event mention' in everything
    shown = client.get("/events", params={"min_gate_score": bar}).text
    assert f'<span class="num total">{passing:,}</span> event mention' in shown
    for bad in ("sure", "1.5", "-0.1"):
        r = client.get("/events", params={"min_gate_score": bad})
        assert r.status_code == 400 and "min_gate_score" in r.text


def test_events_dates_at_their_precision_and_filters(client, web_db: str) -> None:
    month = ids(web_db, "SELECT date FROM events WHERE date_precision = 'month' LIMIT 1")
    html = client.get("/events").text
    if month:
        assert f'<td class="date">{month[0]["date"][:7]}</td>' in html
    killed = client.get("/events", params={"min_fatalities": 10}).text
    assert "Peshawar" in killed and "2 people" not in killed
    assert client.get("/events", params={"min_fatalities": "many"}).status_code == 400
    for huge in ("9223372036854775808", "-1"):  # past SQLite's integers: a 400, not a 500
        r = client.get("/events", params={"min_fatalities": huge})
        assert r.status_code == 400 and "min_fatalities" in r.text
    assert client.get("/events", params={"sort": "colour"}).status_code == 400
    points = client.get("/api/events/points", params={"place": "Pakistan"}).json()["points"]
    assert points and all(-90 <= p["lat"] <= 90 for p in points)


def test_disagreeing_figures_are_listed_with_who_said_what(client) -> None:
    html = client.get("/events/disagreements").text
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "2 – 14" in row and "7.0×" in row
    assert "Wire A" in row and "Paper B" in row
    group = re.search(r'href="/events/group/([^"]+)"', row).group(1)
    page = client.get(f"/events/group/{group}").text
    assert "different numbers killed" in page and 'id="event-map"' in page


def test_story_provenance_table_and_timeline(client, web_db: str) -> None:
    sid = ids(web_db, "SELECT sa.story_id AS id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
              "WHERE a.outlet = 'Reprint Daily'")[0]["id"]
    html = client.get(f"/stories/{sid}").text
    summary = unescape(re.search(r'id="provenance-summary">([^<]+)<', html).group(1))
    assert re.match(r"First published by Silkroadnews on 2017-12-14( at \d\d:\d\d)?;", summary)
    assert "Reprint Daily (+1 day, verbatim" in summary
    assert html.count('class="node"') == len(ids(web_db, "SELECT 1 FROM story_articles WHERE story_id = ?", [sid]))
    assert "copy verbatim undirected" in html or 'marker-end="url(#arrow)"' in html
    body = client.get(f"/api/stories/{sid}").json()
    assert body["summary"] == summary and body["table"][0]["first"] is True


def test_reuse_list_and_pair(client, web_db: str) -> None:
    html = client.get("/reuse").text
    a, b = re.search(r'href="/reuse/([^"/]+)/([^"]+)"', html).groups()
    pair = client.get(f"/reuse/{a}/{b}").text
    left = re.findall(r'id="pa-1"[^>]*>(.*?)</span>', pair, re.S)
    assert left and 'id="pb-1"' in pair
    assert client.get(f"/reuse/{a}/a_doesnotexist").status_code == 404


def test_api_article_has_every_stage(client, web_db: str) -> None:
    aid = _article(web_db, "Wire A")
    body = client.get(f"/api/articles/{aid}").json()
    assert body["article"]["id"] == aid and body["article"]["outlet"] == "Wire A"
    assert body["mentions"] and body["claims"] and body["events"][0]["fatalities"]["value"] == 14
    for c in body["claims"]:
        text = body["article"]["text"]
        assert text[c["content"]["start"] : c["content"]["end"]] == c["content"]["text"]


def test_api_records_page_by_cursor(client, web_db: str) -> None:
    total = ids(web_db, "SELECT COUNT(*) AS n FROM claims")[0]["n"]
    got, after = [], None
    while True:
        body = client.get("/api/records/claims", params={"limit": 40, **({"after": after} if after else {})}).json()
        got += [c["id"] for c in body["items"]]
        after = body["next"]
        if not after:
            break
    assert body["total"] == total == len(got) == len(set(got))


def test_docs_page_is_served_from_the_package(client) -> None:
    html = client.get("/docs").text
    assert "/docs/assets/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    js = client.get("/docs/assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    assert client.get("/docs/assets/../../etc/passwd").status_code == 404
    assert "script-src 'self'" in client.get("/docs").headers["content-security-policy"]


def test_unknown_ids_are_404_with_a_message(client) -> None:
    for path in ("/articles/a_nope", "/entities/e_nope", "/stories/s_nope", "/events/group/eg_nope", "/api/articles/a_nope"):
        r = client.get(path)
        assert r.status_code == 404, path
    assert "No article" in client.get("/api/articles/a_nope").json()["detail"]


def test_bare_build_says_stages_are_absent(web_db: str, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from newstrace.web import data
    from newstrace.web.app import create_app

    for what in list(data.STAGE_OF):
        monkeypatch.setitem(data.STAGE_OF, what, "newstrace_absent_stage:Stage")
    with TestClient(create_app(str(web_db), allow_hosts=["testserver"])) as c:
        for path in ("/", "/claims", "/events", "/reuse", "/stories", "/entities"):
            r = c.get(path)
            assert r.status_code == 200 and "not available in this build" in r.text, path
        body = c.get("/api/records/claims").json()
        assert body["available"] is False
        first = ids(web_db, "SELECT id FROM articles LIMIT 1")[0]["id"]
        art = json.loads(c.get(f"/api/articles/{first}").text)
        assert art["claims"] is None and art["mentions"] is None


def test_outlet_kind_and_country_filter(client, web_db: str) -> None:
    kinds = ids(web_db, "SELECT o.kind AS kind, COUNT(*) AS n FROM articles a JOIN outlets o ON o.id = a.outlet_id "
                "WHERE o.kind IS NOT NULL GROUP BY o.kind ORDER BY n DESC")
    if not kinds:
        pytest.skip("no article of the test corpus has a registered outlet kind")
    kind = kinds[0]
    html = client.get("/articles", params={"outlet_kind": kind["kind"]}).text
    assert f'<span class="num total">{kind["n"]}</span>' in html
    assert f'<option value="{kind["kind"]}" selected>' in html
    facets = client.get("/api/search", params={"q": "", "facets": "1"}).json()["facets"]
    assert {f["value"]: f["n"] for f in facets["outlet_kind"]}[kind["kind"]] == kind["n"]


def test_serving_an_older_database_fills_what_the_pages_read(curate_db: str) -> None:
    from conftest import _client
    from newstrace.store import open_store

    with open_store(str(curate_db), create=False) as s:
        s.execute("DELETE FROM claim_statements")
        s.execute("DELETE FROM entity_names")
    with _client(curate_db) as c:
        assert "2 outlets, 2 articles" in c.get("/claims").text
    assert ids(curate_db, "SELECT COUNT(*) AS n FROM entity_names")[0]["n"] > 0


def test_pinned_values_outlive_the_lru_and_go_with_the_data(curate_db: str) -> None:
    # The corpus-wide counts computed at start-up stay cached however many other pages are
    # asked for, and are computed again once the data changes.
    from newstrace.store import open_store
    from newstrace.web import data as web_data
    from newstrace.web.data import WebData

    calls: list[int] = []
    with open_store(curate_db, create=False) as store:
        data = WebData(store, f"pinned:{curate_db}")
        data.memo(("pinned-test",), lambda: calls.append(1) or 1, pinned=True)
        for i in range(web_data._MEMO_SIZE + 10):
            data.memo(("other", str(i)), lambda: 0)
        data.memo(("pinned-test",), lambda: calls.append(1) or 1, pinned=True)
        assert calls == [1]
        changed = WebData(store, f"pinned:{curate_db}")
        changed._token = "another version"  # as Store.change_token reads after a write
        changed.memo(("pinned-test",), lambda: calls.append(1) or 1, pinned=True)
        assert calls == [1, 1]
        assert not [k for k in web_data._PINNED if k[0] == f"pinned:{curate_db}" and k[1] != "another version"]


def test_a_dense_story_shows_where_each_copy_came_from(monkeypatch) -> None:
    # A wire story carried by many outlets shares text in every pair of its articles: the
    # page draws and lists one link per article (its strongest directed source, else the
    # earliest article it shares text with), the JSON keeps every pair.
    from itertools import combinations

    from newstrace.web.queries import stories
    from newstrace.web.queries.stories import Edge, Provenance

    arts = [{"id": f"a{i}", "when": f"2024-01-0{i + 1}", "published": f"2024-01-0{i + 1}", "outlet": f"Outlet {i}",
             "label": f"Outlet {i}: title"} for i in range(6)]
    edges = [Edge(a["id"], b["id"], False, "near", 1, 0.9) for a, b in combinations(arts, 2)]
    edges.append(Edge("a2", "a4", True, "paraphrase", 1, 0.7))  # a known direction, weaker kind
    edges.append(Edge("a1", "a5", True, "verbatim", 2, 1.0))
    edges.append(Edge("a3", "a5", True, "verbatim", 1, 1.0))
    shown = Provenance(arts, edges, []).shown
    assert len(edges) == 18 and [(e.source, e.copy, e.directed) for e in shown] == [
        ("a0", "a1", False), ("a0", "a2", False), ("a0", "a3", False),
        ("a2", "a4", True),  # directed beats shared text, whatever its kind
        ("a1", "a5", True),  # the strongest kind, then the earliest source
    ]
    # The sentence names the first carriers and says how many more the table lists.
    rows = [{"article": a, "delay": "" if i == 0 else f"+{i} days", "first": i == 0} for i, a in enumerate(arts)]
    monkeypatch.setattr(stories, "SUMMARY_NAMES", 2)
    sentence = stories.summary(Provenance(arts, edges, rows))
    assert sentence == (
        "First published by Outlet 0 on 2024-01-01; copied by Outlet 4 (+4 days, reworded), Outlet 5 (+5 days, verbatim); "
        "also carried by Outlet 1 (+1 days, near-verbatim, direction unknown), Outlet 2 (+2 days, near-verbatim, "
        "direction unknown) and 1 more (in the table)."
    )
