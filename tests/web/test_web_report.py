"""The static report: every section, no network, hostile text escaped, absent stages said."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli.main import app


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "action", "srcset", "poster", "data") or k.startswith("on"):
                self.refs.append((tag, k, v or ""))


def _write(db: Path, out: Path) -> str:
    from newstrace.report.build import write_report
    from newstrace.store import open_store

    with open_store(str(db), create=False) as store:
        write_report(store, out)
    return out.read_text(encoding="utf-8")


def test_report_has_every_section_with_content(web_db: str, tmp_path: Path) -> None:
    html = _write(web_db, tmp_path / "r.html")
    for section in ("summary", "stories", "claims", "events", "reuse"):
        assert f'<section id="{section}">' in html
    assert "not available in this build" not in html
    # Provenance in words, as on the story page; articles named by outlet and title, not ids.
    assert re.search(r"First published by Silkroadnews on 2017-12-14( at \d\d:\d\d)?; (copied|also carried) by Reprint Daily \(\+1 day, verbatim", html)
    assert not re.search(r">a_[0-9a-f]{16}<", html)
    # Per-story anchors and a contents list that links them.
    anchors = re.findall(r'<article class="story" id="(story-\d+)">', html)
    assert anchors and all(f'href="#{a}"' in html for a in anchors)
    # A statement carried by two outlets, the first publisher marked; the disagreeing toll.
    assert re.search(r"<li><b>first:</b> <span class=\"art\"><span class=\"outlet\">Silkroadnews</span>", html)
    assert "2 – 14 (7.0×)" in html
    assert html.count('class="point"') >= 3
    assert html.count('td class="passage"') >= 2


def test_report_makes_no_requests(web_db: str, tmp_path: Path) -> None:
    parser = _Refs()
    parser.feed(_write(web_db, tmp_path / "r.html"))
    assert not {"script", "img", "iframe", "link", "object", "embed"} & set(parser.tags)
    for tag, attr, value in parser.refs:
        # Only in-page anchors and plain links to articles' own http(s) addresses.
        assert attr == "href" and tag == "a", (tag, attr, value)
        assert value.startswith("#") or re.match(r"https?://", value), value


def test_bare_build_report_says_what_is_absent(web_db: str, tmp_path: Path, monkeypatch) -> None:
    from newstrace.web import data

    # Whatever this build has, a stage whose module is absent must be reported as absent.
    for what in list(data.STAGE_OF):
        monkeypatch.setitem(data.STAGE_OF, what, "newstrace_absent_stage:Stage")
    html = _write(web_db, tmp_path / "r.html")
    for what in ("Stories", "Claims", "Events", "Text reuse"):
        assert f"{what}: not available in this build" in html
    from newstrace.store import open_store

    with open_store(str(web_db), create=False) as s:
        assert f"<b>{s.count('articles')}</b> articles" in html


def test_report_escapes_hostile_text(web_db: str, tmp_path: Path) -> None:
    from conftest import HOSTILE

    html = _write(web_db, tmp_path / "r.html")
    parser = _Refs()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(attr.startswith("on") for _, attr, _ in parser.refs)
    assert "Evil&#34;&gt;&lt;img src=x onerror=alert(1)&gt;Outlet" in html  # the outlet list, as text
    assert HOSTILE not in html
    assert "javascript:" not in " ".join(v for _, _, v in parser.refs)


def test_report_command(dbs, web_db: str, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", str(web_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and not (out.parent / "report.html.partial").exists()
    missing = CliRunner().invoke(app, ["report", "--db", dbs.missing("none"), "-o", str(out)])
    assert missing.exit_code == 2 and "does not exist" in missing.output
