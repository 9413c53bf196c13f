"""Hostile input shows as text; writes need the CSRF token; static routes stay in their folder."""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
import webfakes
from webfakes import EVIL_ENTITY, HOSTILE, SCRIPT

from newstrace.entities.api import entity_id_for


@pytest.fixture()
def hostile_client(hostile_db: Path, monkeypatch: pytest.MonkeyPatch):
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    webfakes.install_hostile(monkeypatch)
    with TestClient(create_app(str(hostile_db))) as c:
        yield c


class _Elements(HTMLParser):
    """Every element and attribute as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _assert_inert(html: str) -> None:
    """No payload survives as markup: the only script is the app's own file, no <img>,
    no event-handler attribute, no javascript: link."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag != "img", attrs
        if tag == "script":
            assert attrs.get("src") == "/static/app.js", attrs
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action"):
            assert not (attrs.get(k) or "").strip().lower().startswith("javascript:"), (tag, attrs)


def test_hostile_article_everywhere_is_text(hostile_client) -> None:
    aid = re.search(r'href="/articles/(a_[0-9a-f]+)"', hostile_client.get("/articles").text).group(1)
    eid = entity_id_for(EVIL_ENTITY, "ORG")
    pages = {
        "overview": hostile_client.get("/").text,
        "articles": hostile_client.get("/articles").text,
        "article": hostile_client.get(f"/articles/{aid}").text,
        "search": hostile_client.get("/search", params={"q": "script alert"}).text,
        "entity": hostile_client.get(f"/entities/{eid}").text,
        "entities": hostile_client.get("/entities").text,
        "overview_filtered": hostile_client.get("/", params={"outlet": f"Evil{HOSTILE}Outlet", "entity": SCRIPT}).text,
    }
    for html in pages.values():
        _assert_inert(html)
    article = pages["article"]
    # Shown, escaped, in the title, the text, the speaker column and the entity list.
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; Breaking &#34;&gt;&lt;img" in article
    assert '">Mallory&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</a></td>' in article
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;Front</a>" in article
    # The javascript: URL is shown, not linked.
    assert "javascript:alert(document.cookie)</dd>" in article
    assert "<mark>" in pages["search"]
    assert "&lt;script&gt;" in pages["entity"]  # alias


def test_hostile_search_snippet_markers_cannot_inject() -> None:
    from newstrace.web.highlight import mark_snippet

    out = str(mark_snippet("a \x02<b>hit</b>\x03 \ue000<script>"))
    assert out == "a <mark>&lt;b&gt;hit&lt;/b&gt;</mark> &lt;script&gt;"


def test_svg_labels_are_escaped(hostile_client) -> None:
    html = hostile_client.get("/").text
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Evil&#34;&gt;&lt;img" in chart
    _assert_inert(chart)


def test_csp_and_headers(hostile_client) -> None:
    r = hostile_client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"


def test_curation_without_or_with_wrong_csrf_is_403(client) -> None:
    from webfakes import CURATION

    daesh = entity_id_for("Daesh", "ORG")
    r = client.post(f"/entities/{daesh}/curate", data={"action": "rename", "value": "Hacked"})
    assert r.status_code == 403
    r = client.post(f"/entities/{daesh}/curate", data={"action": "rename", "value": "Hacked", "csrf_token": "guess"})
    assert r.status_code == 403
    assert CURATION.calls == []
    assert "Hacked" not in client.get(f"/entities/{daesh}").text


def test_a_new_process_secret_invalidates_old_tokens(web_db: Path, fakes) -> None:
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    daesh = entity_id_for("Daesh", "ORG")
    with TestClient(create_app(str(web_db))) as first:
        token = re.search(r'name="csrf_token" value="([^"]+)"', first.get(f"/entities/{daesh}").text).group(1)
    with TestClient(create_app(str(web_db))) as second:
        assert second.post(f"/entities/{daesh}/curate", data={"action": "rename", "value": "x", "csrf_token": token}).status_code == 403


def test_reads_are_get_only(client) -> None:
    assert client.post("/").status_code == 405
    assert client.delete("/articles").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fdata.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/..\\app.py",
        "/static/",
    ],
)
def test_static_route_refuses_traversal(bare_client, path: str) -> None:
    r = bare_client.get(path)
    assert r.status_code == 404
    assert "import" not in r.text and "root:" not in r.text


def test_static_route_serves_its_files(bare_client) -> None:
    r = bare_client.get("/static/app.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")


def test_web_reads_are_read_only(web_db: Path) -> None:
    from newstrace.web.readonly import open_read_store

    store = open_read_store(str(web_db))
    try:
        with pytest.raises(sqlite3.OperationalError):
            store.execute("DELETE FROM articles")
    finally:
        store.close()


def test_non_local_host_warns(monkeypatch: pytest.MonkeyPatch, web_db: Path, capsys) -> None:
    import uvicorn

    from newstrace.web import app as web_app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, log_level: seen.update(host=host, port=port))
    web_app.serve(str(web_db), host="0.0.0.0", port=8765)
    assert seen == {"host": "0.0.0.0", "port": 8765}
    assert "reachable from the network" in capsys.readouterr().err
    web_app.serve(str(web_db))
    assert seen["host"] == "127.0.0.1"
    assert "reachable" not in capsys.readouterr().err
