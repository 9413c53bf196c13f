"""The web app and the report in a real Chromium (Debian's /usr/bin/chromium via Playwright).

The app runs under uvicorn on a free 127.0.0.1 port in a thread of this process. Every
request the browser makes is recorded: nothing may leave 127.0.0.1 (the map, the API page
and the report work offline). Screenshots go to the test's tmp folder, or to
$NEWSTRACE_SCREENSHOTS when set, for a human to look at.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SCRIPT, ids

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    def __init__(self, db: Path) -> None:
        import uvicorn

        from newstrace.web.app import create_app

        self.port = _free_port()
        config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture()
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEWSTRACE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _watch(page: Any, base: str) -> dict[str, list[str]]:
    """What would show a broken or leaky page: failed requests, requests off this app,
    script errors, dialogs."""
    seen: dict[str, list[str]] = {"failed": [], "outside": [], "errors": [], "dialogs": [], "console": []}
    # A request cut short by leaving the page (a name lookup still in flight when a form is
    # sent) is aborted, not failed.
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else seen["failed"].append(r.url))
    page.on("request", lambda r: None if r.url.startswith((base, "data:")) else seen["outside"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    return seen


def test_analyst_walkthrough(curate_db: str, browser: Any, shots: Path) -> None:
    reprint = ids(curate_db, "SELECT id FROM articles WHERE outlet = 'Reprint Daily'")[0]["id"]
    story = ids(curate_db, "SELECT story_id FROM story_articles WHERE article_id = ?", [reprint])[0]["story_id"]
    with _Server(curate_db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        seen = _watch(page, base)

        page.goto(base + "/")
        assert page.locator('[data-kind="articles"] .n').inner_text() == str(ids(curate_db, "SELECT COUNT(*) AS n FROM articles")[0]["n"])
        page.screenshot(path=str(shots / "1-overview.png"), full_page=True)

        # Search with Boolean syntax from the form; hits carry outlet and date; facets.
        page.click("header >> text=Search")
        page.fill('input[name="q"]', "Daesh -Pakistan")
        page.press('input[name="q"]', "Enter")
        page.wait_for_selector("#hit-count")
        n = int(page.locator("#hit-count").inner_text())
        assert n >= 1 and page.locator("li.hit").count() == n
        assert page.locator(".facet h3").first.is_visible()
        page.screenshot(path=str(shots / "2-search.png"), full_page=True)

        # The reprint: unticking the reused-passage layer leaves the claim colours on it.
        page.goto(f"{base}/articles/{reprint}")
        inner = page.locator("#article-text a.hl.reuse span.hl.claim-content").first
        yellow = inner.evaluate("el => getComputedStyle(el).backgroundColor")
        assert yellow not in ("rgba(0, 0, 0, 0)", "transparent")
        page.uncheck('input[data-layer="reuse"]')
        assert inner.evaluate("el => getComputedStyle(el).backgroundColor") == yellow
        assert page.locator("#article-text a.hl.reuse.off").count() >= 1
        page.uncheck('input[data-layer="claim-content"]')
        assert inner.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
        page.check('input[data-layer="claim-content"]')
        page.check('input[data-layer="reuse"]')
        page.screenshot(path=str(shots / "3-article.png"), full_page=False)
        # A reused passage links to the two articles side by side.
        page.locator("#article-text a.hl.reuse").first.click()
        page.wait_for_selector("#side-a")
        assert len(page.locator("#side-a .hl.reuse").first.inner_text()) > 40

        # Claims: one statement, two outlets, the first publisher marked.
        page.goto(base + "/claims")
        first = page.locator("li.statement").first
        assert "2 outlets" in first.inner_text()
        assert first.locator("tr.first .badge").inner_text() == "first"
        page.screenshot(path=str(shots / "4-claims.png"), full_page=False)

        # The story: provenance in words, the timeline with its copy edge.
        page.goto(f"{base}/stories/{story}")
        assert page.locator("#provenance-summary").inner_text().startswith("First published by Silkroadnews")
        assert page.locator("svg.timeline circle").count() >= 2 and page.locator("svg.timeline line.copy").count() >= 1
        page.screenshot(path=str(shots / "5-story.png"), full_page=True)

        # Events: the Leaflet map on the shipped outline, clustered points, zoom.
        page.goto(base + "/events")
        page.wait_for_selector("#event-map[data-ready]")
        assert int(page.locator("#event-map").get_attribute("data-ready")) >= 3
        assert page.locator("#event-map path.leaflet-interactive, #event-map .marker-cluster").count() >= 1
        assert page.locator("#event-map svg path").count() > 150  # the country outlines
        zoom = page.evaluate("() => document.querySelector('#event-map .leaflet-proxy') !== null")
        assert zoom
        page.click(".leaflet-control-zoom-in")
        page.screenshot(path=str(shots / "6-events.png"), full_page=False)
        page.goto(base + "/events/disagreements")
        assert "2 – 14" in page.locator("table.disagreements tbody tr").first.inner_text()
        page.screenshot(path=str(shots / "7-disagreements.png"), full_page=False)

        # Curation: merge by typing a name (the lookup offers it), see the time, undo.
        keep, other = ids(curate_db, "SELECT id, name FROM entities ORDER BY mention_count DESC, id LIMIT 2")
        page.goto(f"{base}/entities/{keep['id']}")
        page.fill('#form-merge input[name="value"]', other["name"][:5])
        page.wait_for_function("() => document.querySelectorAll('#merge-names option').length > 0")
        page.fill('#form-merge input[name="value"]', other["id"])
        page.click("#form-merge button")
        page.wait_for_selector("p.done")
        assert re.search(r"merged \(\d+\.\d\d s\)", page.locator("p.done").inner_text())
        page.screenshot(path=str(shots / "8-entity-merged.png"), full_page=False)
        page.goto(f"{base}/entities/{other['id']}")
        assert page.locator("#merged-from").count() == 1 and keep["id"] in page.url
        page.goto(base + "/entities/duplicates")
        page.click("#undo")
        page.wait_for_selector("p.done")
        assert ids(curate_db, "SELECT 1 FROM entities WHERE id = ?", [other["id"]])

        # The API page works offline: Swagger UI from the package, under the app's CSP.
        page.goto(base + "/docs")
        page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
        assert page.locator(".swagger-ui .opblock").count() > 10
        page.screenshot(path=str(shots / "9-docs.png"), full_page=False)

        assert seen == {"failed": [], "outside": [], "errors": [], "dialogs": [], "console": []}


def test_hostile_page_runs_no_script(web_db: str, browser: Any, shots: Path) -> None:
    aid = ids(web_db, "SELECT id FROM articles WHERE source = 'hostile-1'")[0]["id"]
    with _Server(web_db) as base:
        page = browser.new_page()
        seen = _watch(page, base)
        page.goto(f"{base}/articles/{aid}")
        assert SCRIPT in page.locator("#article-title").inner_text()
        assert SCRIPT in page.locator("#article-text").inner_text()
        assert page.locator("img").count() == 0
        page.goto(base + "/search?q=script")
        page.screenshot(path=str(shots / "hostile.png"), full_page=True)
        assert seen["dialogs"] == [] and seen["errors"] == [] and seen["outside"] == []


def test_report_offline_shows_every_section(web_db: str, browser: Any, shots: Path, tmp_path: Path) -> None:
    from newstrace.report.build import write_report
    from newstrace.store import open_store

    out = tmp_path / "report.html"
    with open_store(str(web_db), create=False) as store:
        write_report(store, out)
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(out.as_uri())
    for section in ("summary", "stories", "claims", "events", "reuse"):
        assert page.locator(f"section#{section} h2").is_visible()
        assert page.locator(f"section#{section} .absent").count() == 0
    page.click("#contents a[href='#story-1']")
    assert page.evaluate("() => location.hash") == "#story-1"
    assert page.locator("#story-1 svg.timeline circle").count() >= 2
    page.screenshot(path=str(shots / "report.png"), full_page=True)
    assert requests == [out.as_uri()]  # the file itself, nothing else
    context.close()


def test_techniques_and_roles_on_the_article_page(web_db: str, browser: Any, shots: Path) -> None:
    aid = ids(web_db, "SELECT article_id FROM techniques GROUP BY article_id ORDER BY COUNT(DISTINCT technique) DESC, article_id")[0]["article_id"]
    with _Server(web_db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        seen = _watch(page, base)
        page.goto(f"{base}/articles/{aid}")
        tag = page.locator("#article-text .hl.technique > .hl-tag").first
        assert tag.is_visible() and tag.inner_text().strip()
        role = page.locator("#article-text .hl.role > .hl-tag").first
        assert role.inner_text() in ("Protagonist", "Antagonist", "Innocent")
        page.screenshot(path=str(shots / "10-article-techniques.png"), full_page=False)
        # The technique layer goes off alone: its names hide, the roles and claims stay.
        page.uncheck('input[data-layer="technique"]')
        assert not tag.is_visible() and role.is_visible()
        assert page.locator("#article-text .hl.claim-content.off").count() == 0
        page.check('input[data-layer="technique"]')
        assert tag.is_visible()
        # Overview: per-outlet counts link to the filtered list.
        page.goto(base + "/")
        cell = page.locator("#outlet-techniques table a").first
        n = int(cell.inner_text())
        page.screenshot(path=str(shots / "11-overview-techniques.png"), full_page=True)
        cell.click()
        page.wait_for_selector("table")
        assert "technique=" in page.url
        assert page.locator("tbody tr td a[href^='/articles/']").count() == n
        assert seen == {"failed": [], "outside": [], "errors": [], "dialogs": [], "console": []}


def test_what_a_speaker_said_on_the_entity_page(web_db: str, browser: Any, shots: Path) -> None:
    top = ids(web_db, "SELECT ci.speaker_id AS id, COUNT(*) AS n, COUNT(DISTINCT ci.statement_key) AS s FROM claim_index ci "
              "JOIN entities e ON e.id = ci.speaker_id GROUP BY ci.speaker_id ORDER BY n DESC, id LIMIT 1")[0]
    with _Server(web_db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        seen = _watch(page, base)
        page.goto(f"{base}/entities/{top['id']}")
        section = page.locator("#speaker-summary")
        assert section.is_visible()
        totals = page.locator("#said-totals").inner_text()
        assert re.search(rf"\b{top['n']:,} claims? making {top['s']:,} distinct statements?\b", totals), totals
        statements = section.locator("li.statement")
        assert 1 <= statements.count() <= top["s"]
        assert statements.first.locator("blockquote").inner_text().strip()
        assert section.locator("table.said-outlets tbody tr").count() >= 1
        page.screenshot(path=str(shots / "speaker-entity.png"), full_page=False)
        section.screenshot(path=str(shots / "speaker-summary.png"))
        # Its outlet row leads to the claims view filtered by speaker and outlet.
        section.locator("table.said-outlets tbody tr a").first.click()
        page.wait_for_selector("li.statement")
        assert "speaker=" in page.url and "outlet=" in page.url
        assert seen == {"failed": [], "outside": [], "errors": [], "dialogs": [], "console": []}
