"""Hostile input shows as text; writes need the session's CSRF token and this app's origin;
only allowed Host names are served; requests are bounded; static routes stay in their folder."""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser

import pytest

from conftest import HOSTILE, SCRIPT, _client, ids


class _Elements(HTMLParser):
    """Every element and attribute as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


SCRIPTS = {"/static/app.js", "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet.markercluster/leaflet.markercluster.js"}


def _assert_inert(html: str) -> None:
    """No payload survives as markup: only the app's own script files, no <img>, no
    event-handler attribute, no javascript: link."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag != "img", attrs
        if tag == "script":
            assert attrs.get("src") in SCRIPTS, attrs
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action"):
            assert not (attrs.get(k) or "").strip().lower().startswith("javascript:"), (tag, attrs)


def test_hostile_article_everywhere_is_text(client, web_db: str) -> None:
    aid = ids(web_db, "SELECT id FROM articles WHERE source = 'hostile-1'")[0]["id"]
    speaker = ids(web_db, "SELECT speaker_entity_id AS id FROM claims WHERE article_id = ? AND speaker_text LIKE 'Mallory%'", [aid])
    pages = {
        "overview": client.get("/").text,
        "articles": client.get("/articles").text,
        "article": client.get(f"/articles/{aid}").text,
        "search": client.get("/search", params={"q": "script alert"}).text,
        "claims": client.get("/claims", params={"q": "shock"}).text,
        "entities": client.get("/entities").text,
        "events": client.get("/events").text,
        "overview_filtered": client.get("/", params={"outlet": f"Evil{HOSTILE}Outlet", "entity": SCRIPT}).text,
    }
    if speaker and speaker[0]["id"]:
        pages["entity"] = client.get(f"/entities/{speaker[0]['id']}").text
    for name, html in pages.items():
        assert client.get("/").status_code == 200, name
        _assert_inert(html)
    article = pages["article"]
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; Breaking &#34;&gt;&lt;img" in article
    assert "javascript:alert(document.cookie)</dd>" in article  # shown, not linked
    assert "<mark>" in pages["search"]


def test_svg_labels_are_escaped(client) -> None:
    html = client.get("/").text
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Evil&#34;&gt;&lt;img" in chart
    _assert_inert(chart)


def test_security_headers(client) -> None:
    for path in ("/", "/docs", "/api/search?q=x", "/nope"):
        r = client.get(path)
        assert "script-src 'self'" in r.headers["content-security-policy"], path
        assert r.headers["x-frame-options"] == "DENY"


def test_only_allowed_host_names_are_served(web_db: str) -> None:
    """A DNS-rebinding page (evil.example resolving to 127.0.0.1) gets nothing."""
    with _client(web_db) as c:
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400
        assert c.get("/api/search?q=x", headers={"host": "evil.example:8000"}).status_code == 400
        for ok in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "testserver"):
            assert c.get("/", headers={"host": ok}).status_code == 200, ok


def _token(c, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def test_writes_need_the_session_token_and_this_origin(curate_db: str) -> None:
    eid = ids(curate_db, "SELECT id FROM entities ORDER BY mention_count DESC LIMIT 1")[0]["id"]
    with _client(curate_db) as c:
        url = f"/entities/{eid}/curate"
        assert c.post(url, data={"action": "rename", "value": "Hacked"}).status_code == 403
        assert c.post(url, data={"action": "rename", "value": "Hacked", "csrf_token": "guess"}).status_code == 403
        token = _token(c, f"/entities/{eid}")
        # A valid token from another origin (a page at evil.example posting here).
        evil = c.post(url, data={"action": "rename", "value": "Hacked", "csrf_token": token},
                      headers={"origin": "http://evil.example"}, follow_redirects=False)
        assert evil.status_code == 403
        assert c.post(url, data={"action": "rename", "value": "Hacked", "csrf_token": token},
                      headers={"sec-fetch-site": "cross-site"}).status_code == 403
        # The token belongs to this browser session: another session's cookie is refused.
        with _client(curate_db) as other:
            other.get("/")
            assert other.post(url, data={"action": "rename", "value": "Hacked", "csrf_token": token}).status_code == 403
        assert "Hacked" not in c.get(f"/entities/{eid}").text
        ok = c.post(url, data={"action": "rename", "value": "Renamed", "csrf_token": token},
                    headers={"origin": "http://testserver"}, follow_redirects=False)
        assert ok.status_code == 303
        assert "Renamed" in c.get(f"/entities/{eid}").text


def test_a_new_process_secret_invalidates_old_tokens(curate_db: str) -> None:
    eid = ids(curate_db, "SELECT id FROM entities LIMIT 1")[0]["id"]
    with _client(curate_db) as first:
        token = _token(first, f"/entities/{eid}")
        cookie = first.cookies.get("newstrace_session")
    with _client(curate_db) as second:
        second.cookies.set("newstrace_session", cookie)
        r = second.post(f"/entities/{eid}/curate", data={"action": "rename", "value": "x", "csrf_token": token})
        assert r.status_code == 403


def test_user_errors_in_curation_are_4xx(curate_client, curate_db: str) -> None:
    eid = ids(curate_db, "SELECT id FROM entities LIMIT 1")[0]["id"]
    token = _token(curate_client, f"/entities/{eid}")
    for data, status in [
        ({"action": "merge", "value": "' OR 1=1 --"}, 404),
        ({"action": "merge", "value": "e_doesnotexist"}, 404),
        ({"action": "shout", "value": "x"}, 400),
        ({"action": "rename", "value": ""}, 400),
        ({"action": "split", "value": "never written so"}, 400),
    ]:
        r = curate_client.post(f"/entities/{eid}/curate", data={**data, "csrf_token": token})
        assert r.status_code == status, (data, r.status_code, r.text[:200])
    r = curate_client.post("/entities/e_doesnotexist/curate", data={"action": "rename", "value": "x", "csrf_token": token})
    assert r.status_code == 404 and "no entity" in r.text.lower()


def test_requests_are_bounded(web_db: str) -> None:
    with _client(web_db) as c:
        words = " ".join(f"w{i}" for i in range(2500))
        for path in ("/search", "/api/search", "/search/export"):
            r = c.get(path, params={"q": words[:499]})
            assert r.status_code == 400 and "at most 50" in r.text, path
        assert c.get("/search", params={"q": "x" * 600}).status_code == 400
        assert c.get("/search", params={"q": "x", "offset": 10**9}).status_code == 400
        assert c.get("/articles", params={"limit": 10**6}).status_code == 200  # capped at 200
    # A database time budget too small for any query: 503 with a message, not a hang or a 500.
    with _client(web_db, budget=0.0) as c:
        r = c.get("/claims")
        assert r.status_code == 503 and "narrow it" in r.text


def test_reads_are_get_only(client) -> None:
    assert client.post("/").status_code == 405
    assert client.delete("/articles").status_code == 405


@pytest.mark.parametrize(
    "path",
    ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fdata.py",
     "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/..\\app.py", "/static/"],
)
def test_static_route_refuses_traversal(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "import" not in r.text and "root:" not in r.text


def test_static_route_serves_its_files(client) -> None:
    r = client.get("/static/app.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_web_reads_are_read_only(web_db: str) -> None:
    from newstrace.web.readonly import open_read_store

    try:
        from psycopg.errors import ReadOnlySqlTransaction

        refused: tuple[type[Exception], ...] = (sqlite3.OperationalError, ReadOnlySqlTransaction)
    except ImportError:
        refused = (sqlite3.OperationalError,)
    store = open_read_store(web_db)
    try:
        with pytest.raises(refused, match="read-?only"):
            store.execute("DELETE FROM articles")
    finally:
        store.close()


def test_non_local_host_warns(monkeypatch: pytest.MonkeyPatch, web_db: str, capsys) -> None:
    import uvicorn

    from newstrace.web import app as web_app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, log_level: seen.update(host=host, port=port, app=app))
    web_app.serve(str(web_db), host="0.0.0.0", port=8765, allow_hosts=["news.example"])
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8765
    assert "reachable from the network" in capsys.readouterr().err
    assert "news.example" in seen["app"].state.newstrace.allowed_hosts
    web_app.serve(str(web_db))
    assert seen["host"] == "127.0.0.1"
    assert "reachable" not in capsys.readouterr().err
