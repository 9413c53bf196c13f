"""The web app and the report in a real Chromium (Debian's /usr/bin/chromium via Playwright).

The app runs under uvicorn on a free 127.0.0.1 port in a thread of this process, so the
stand-in stage exports installed by the ``fakes`` fixture serve it. Screenshots go to the
test's tmp folder (kept by pytest under its basetemp) for a human to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


def _watch(page: Any) -> dict[str, list[str]]:
    """Collect what would show a broken page: failed requests, script errors, dialogs."""
    seen: dict[str, list[str]] = {"failed": [], "errors": [], "dialogs": [], "console": []}
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    return seen


def test_analyst_walkthrough(web_db: Path, fakes: Any, browser: Any, tmp_path: Path) -> None:
    from newstrace.entities.api import entity_id_for
    from newstrace.store import open_store

    with open_store(str(web_db), create=False) as store:
        n_articles = store.count("articles")
    with _Server(web_db) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        seen = _watch(page)

        # Overview: counts, the chart with one bar per dated article, the top lists.
        page.goto(base + "/")
        assert page.locator('[data-kind="articles"] .n').inner_text() == str(n_articles)
        assert page.locator("svg.chart rect").count() == 3
        assert page.locator("ol.top li").first.inner_text().startswith("Daesh")
        page.screenshot(path=str(tmp_path / "1-overview.png"), full_page=True)

        # Search from the search page's form: 4 hits, highlighted.
        page.click("text=Search")
        page.fill('input[name="q"]', "Daesh")
        page.press('input[name="q"]', "Enter")
        page.wait_for_selector("#hit-count")
        assert page.locator("#hit-count").inner_text() == "4"
        assert page.locator(".snippet mark").first.inner_text() == "Daesh"
        page.screenshot(path=str(tmp_path / "2-search.png"), full_page=True)

        # Open the Silkroadnews article: claims, mentions and reused passages highlighted.
        page.click("li.hit a:has-text('Iran’s Interior Minister')")
        page.wait_for_selector("#article-text")
        assert page.locator("#article-text .hl.claim-content").count() >= 1
        assert page.locator("#article-text .hl.mention").count() >= 5
        assert page.locator("#article-text .hl.reuse").count() >= 1
        # The layer toggle (app.js) switches mention underlines off.
        page.uncheck('input[data-layer="mention"]')
        assert "hide-mention" in (page.locator("body").get_attribute("class") or "")
        page.check('input[data-layer="mention"]')
        page.screenshot(path=str(tmp_path / "3-article.png"), full_page=True)

        # Its reuse pair: both texts side by side, the same passage highlighted on both.
        page.click("a.pair")
        page.wait_for_selector("#side-a")
        assert page.locator("text=A was copied by B").count() == 1
        left = page.locator("#side-a .hl.reuse").first.inner_text()
        right = page.locator("#side-b .hl.reuse").first.inner_text()
        assert len(left) > 60 and left == right
        page.screenshot(path=str(tmp_path / "4-reuse.png"), full_page=True)

        # The story timeline: two articles, one arrow.
        page.goto(base + "/stories/s_0")
        assert page.locator("svg.timeline circle").count() == 2
        assert page.locator("svg.timeline line.copy").count() == 1
        page.screenshot(path=str(tmp_path / "5-story.png"), full_page=True)

        # Merge "United States" into "Pakistan" (any two entities will do) with the form.
        pakistan, us = entity_id_for("Pakistan", "GPE"), entity_id_for("United States", "GPE")
        page.goto(f"{base}/entities/{pakistan}")
        page.fill('#form-merge input[name="value"]', us)
        page.click("#form-merge button")
        page.wait_for_selector("p.done")
        assert "merge" in page.locator("p.done").inner_text()
        assert "United States" in page.locator("#aliases").inner_text()
        page.screenshot(path=str(tmp_path / "6-entity-merged.png"), full_page=True)
        assert ("merge", pakistan, us) in fakes.CURATION.calls

        # Events: the table and the map on the vendored world outline.
        page.goto(base + "/events")
        assert page.locator("svg.map path.land").count() > 150
        assert page.locator("svg.map circle.point").count() >= 3
        page.screenshot(path=str(tmp_path / "7-events.png"), full_page=True)

        assert seen == {"failed": [], "errors": [], "dialogs": [], "console": []}


def test_hostile_page_runs_no_script(hostile_db: Path, browser: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import webfakes
    from webfakes import SCRIPT

    webfakes.install_hostile(monkeypatch)
    with _Server(hostile_db) as base:
        page = browser.new_page()
        seen = _watch(page)
        page.goto(base + "/articles/a_0bad0bad0bad0bad")
        # The payloads are on the page as text, and nothing ran.
        assert SCRIPT in page.locator("#article-title").inner_text()
        assert SCRIPT in page.locator("#article-text").inner_text()
        assert page.locator("img").count() == 0
        page.goto(base + "/search?q=script")
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        assert seen["dialogs"] == [] and seen["errors"] == []


def test_report_offline_shows_every_section(web_db: Path, fakes: Any, browser: Any, tmp_path: Path) -> None:
    from newstrace.report.build import write_report
    from newstrace.store import open_store

    out = tmp_path / "report.html"
    with open_store(str(web_db), create=False) as store:
        write_report(store, out)
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    seen = _watch(page)
    page.goto(out.as_uri())
    for section in ("summary", "stories", "claims", "events", "reuse"):
        assert page.locator(f"section#{section} h2").is_visible()
        assert page.locator(f"section#{section} .absent").count() == 0
    assert page.locator("#stories svg.timeline circle").count() == 2
    assert page.locator("#events svg.map circle.point").count() >= 3
    assert page.locator("#reuse td.passage").count() >= 2
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert requests == [out.as_uri()]  # the file itself, nothing else
    assert seen["failed"] == [] and seen["errors"] == []
    context.close()
