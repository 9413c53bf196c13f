"""Framing on the pages: technique spans named on the article page (a layer of their own),
entity roles, techniques per outlet (overview, report), the "articles using technique X"
filter and the technique search facet. Expected values are read from the tables the
framing stage wrote (tests/web/framing_rows.py until trained models are shipped)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from markupsafe import escape

from conftest import ids
from newstrace.web.queries.framing import label


def _article_with_techniques(db: Path) -> dict:
    rows = ids(db, "SELECT article_id, COUNT(DISTINCT technique) AS k FROM techniques GROUP BY article_id ORDER BY k DESC, article_id")
    assert rows, "no technique rows: the framing stage wrote nothing for the test corpus"
    return rows[0]


def test_article_page_names_its_techniques_and_roles(client, web_db: str) -> None:
    aid = _article_with_techniques(web_db)["article_id"]
    spans = ids(web_db, "SELECT technique, start_char FROM techniques WHERE article_id = ?", [aid])
    html = client.get(f"/articles/{aid}").text
    body = html.split('id="article-text"', 1)[1].split("</div>", 1)[0]
    # Every technique has its name shown in the text, inside its own layer's element.
    tags = re.findall(r'<span class="hl technique"[^>]*><span class="hl-tag">([^<]*)</span>', body)
    shown = {name for t in tags for name in t.split(" · ")}
    assert shown == {label(s["technique"]) for s in spans}
    assert len(tags) == len({s["start_char"] for s in spans})  # one label per span start
    assert 'data-layer="technique"' in html and 'data-layer="role"' in html
    # The side table counts spans per technique and links to the filtered article list.
    counts = Counter(s["technique"] for s in spans)
    side = html.split('id="techniques"', 1)[1].split("</section>", 1)[0]
    for technique, n in counts.items():
        assert re.search(rf">{re.escape(label(technique))}</span></td><td class=\"num\">{n}</td>", side)
        assert f"technique={technique}" in side
    roles = ids(web_db, "SELECT main_role, mention FROM roles WHERE article_id = ?", [aid])
    role_table = html.split('id="roles"', 1)[1].split("</section>", 1)[0]
    assert role_table.count("<tr>") - 1 == len(roles)  # header row + one per role
    for r in roles:
        assert r["main_role"] in role_table


def test_technique_filter_lists_exactly_the_articles_using_it(client, web_db: str) -> None:
    technique = ids(web_db, "SELECT technique FROM techniques GROUP BY technique ORDER BY COUNT(DISTINCT article_id) DESC, technique")[0]["technique"]
    want = {r["article_id"] for r in ids(web_db, "SELECT DISTINCT article_id FROM techniques WHERE technique = ?", [technique])}
    total = ids(web_db, "SELECT COUNT(*) AS n FROM articles")[0]["n"]
    assert 0 < len(want) < total
    got = {a["id"] for a in client.get("/api/articles", params={"technique": technique, "limit": 200}).json()["items"]}
    assert got == want
    page = client.get("/articles", params={"technique": technique}).text
    assert set(re.findall(r'<a href="/articles/([^"?]+)">', page)) == want
    overview = client.get("/", params={"technique": technique}).text
    assert re.search(rf'data-kind="articles"><span class="n">{len(want)}</span>', overview)
    assert f"using <b>{label(technique)}</b>" in overview
    bad = client.get("/articles", params={"technique": "Made_Up' OR 1=1"})
    assert bad.status_code == 400 and "technique must be one of" in bad.text


def test_overview_and_report_count_techniques_per_outlet(client, web_db: str, tmp_path: Path) -> None:
    rows = ids(web_db, "SELECT a.outlet, t.technique, t.article_id FROM techniques t JOIN articles a ON a.id = t.article_id WHERE a.outlet IS NOT NULL")
    per: dict[tuple[str, str], set] = defaultdict(set)
    for r in rows:
        per[(r["outlet"], r["technique"])].add(r["article_id"])
    html = client.get("/").text
    table = html.split('id="outlet-techniques"', 1)[1].split("</section>", 1)[0]
    checked = 0
    for (outlet, technique), arts in per.items():
        link = re.search(rf'<a href="/articles\?outlet=[^"]*technique={re.escape(technique)}" title="{re.escape(outlet)}: [^"]*">(\d+)</a>', table)
        if link:  # columns show the most used techniques
            assert int(link.group(1)) == len(arts)
            checked += 1
    assert checked >= 2

    from newstrace.report.build import write_report
    from newstrace.store import open_store

    with open_store(str(web_db), create=False) as store:
        report = write_report(store, tmp_path / "r.html").read_text(encoding="utf-8")
    section = report.split('<section id="techniques">', 1)[1].split("</section>", 1)[0]
    outlets = {o for o, _ in per}
    assert sum(f"<td>{escape(o)}</td>" in section for o in outlets) == min(len(outlets), 12)
    assert "/articles?" not in section  # no links into an app the reader does not have


def test_search_facet_and_api_records(client, web_db: str) -> None:
    body = client.get("/api/search", params={"q": "said", "facets": "1", "limit": 200}).json()
    hits = {h["id"] for h in body["items"]}
    assert body["total"] == len(hits)
    want: Counter[str] = Counter()
    for r in ids(web_db, "SELECT DISTINCT article_id, technique FROM techniques"):
        if r["article_id"] in hits:
            want[r["technique"]] += 1
    assert {f["value"]: f["n"] for f in body["facets"]["technique"]} == dict(want)
    technique = want.most_common(1)[0][0]
    narrowed = client.get("/api/search", params={"q": "said", "technique": technique}).json()
    assert narrowed["total"] == want[technique]

    aid = _article_with_techniques(web_db)["article_id"]
    rec = client.get(f"/api/articles/{aid}").json()
    assert len(rec["techniques"]) == ids(web_db, "SELECT COUNT(*) AS n FROM techniques WHERE article_id = ?", [aid])[0]["n"]
    assert all(rec["article"]["text"][t["start"] : t["end"]] == t["text"] for t in rec["techniques"])
    assert len(rec["roles"]) == ids(web_db, "SELECT COUNT(*) AS n FROM roles WHERE article_id = ?", [aid])[0]["n"]
    current = {r["id"] for r in ids(web_db, "SELECT id FROM entities")}
    assert all(r["entity_id"] in current for r in rec["roles"])
