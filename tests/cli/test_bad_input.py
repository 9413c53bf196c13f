"""The command line on a folder mixing good and bad inputs (issue 3, "Bad input")."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.store import open_store

GOOD = "Port strike ends\n\nVELAN, March 3 (Coastline Wire) - Dock workers ended a strike on Tuesday.\n"


def _mixed_folder(root: Path) -> dict[str, str]:
    root.mkdir()
    (root / "good1.txt").write_text(GOOD, encoding="utf-8")
    (root / "good2.jsonl").write_text(json.dumps({"id": "j1", "text": GOOD}) + "\n{oops\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (root / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n' * 100)[:20])
    (root / "nocol.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    return {
        "empty.txt": "is empty",
        "binary.html": "binary",
        "cut.jsonl.gz": "truncated",
        "nocol.csv": "no 'text' or 'html' column",
        "dangling.txt": "broken symbolic link",
        "good2.jsonl:2": "malformed JSON",
    }


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = _mixed_folder(folder)
    db = tmp_path / "news.db"
    # A database that already holds articles keeps them.
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "old.txt").write_text(GOOD.replace("Tuesday", "Monday"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["analyze", str(earlier), "--db", str(db), "-q"]).exit_code == 0

    result = runner.invoke(app, ["analyze", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 1, result.output
    for name, reason in expected.items():
        lines = [line for line in result.stderr.splitlines() if name in line]
        assert lines and reason in lines[0], (name, result.stderr)
    with open_store(str(db)) as store:
        sources = sorted(a.source for a in store.iter_articles())
    assert sources == ["good1.txt", "j1", "old.txt"]


def test_reanalysis_is_idempotent_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    first = runner.invoke(app, ["analyze", str(folder), "--db", db, "-q"])
    second = runner.invoke(app, ["analyze", str(folder), "--db", db, "-q"])
    assert first.exit_code == second.exit_code == 0
    assert "1 stored" in first.stderr and "0 stored" in second.stderr and "1 unchanged" in second.stderr


def test_missing_option_and_unknown_engine_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["analyze", str(tmp_path)]).exit_code == 2
    r = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "x.db"), "--engine", "spark"])
    assert r.exit_code == 2
