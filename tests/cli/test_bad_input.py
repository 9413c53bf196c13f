"""End to end through the CLI: bad inputs are named with their reason, the run goes on,
exit code 1, nothing stored before is lost; re-analysis is idempotent."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.store import open_store

runner = CliRunner()

STORY = ("Talks resume in Geneva\n\nGENEVA (Reuters) - Negotiators from both sides met on Monday "
         "to resume talks on a ceasefire, officials said.\n\nThe talks are expected to last three days.\n")


def _analyze(db: str, *paths: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["analyze", *map(str, paths), "--db", str(db), "--quiet"])


def _sources(db: str) -> dict[str, str]:
    with open_store(str(db), create=False) as store:
        return {a.source: a.text for a in store.iter_articles()}


def _mixed_folder(root: Path, seeds_dir: Path) -> dict[str, str]:
    """Good and bad files; returns bad file path -> expected words of its reason."""
    root.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(seed, root / seed.name)
    (root / "feed.jsonl").write_text(
        json.dumps({"id": "feed-1", "text": STORY}) + "\n" + '{"text": "broken\n', encoding="utf-8"
    )
    (root / "empty.txt").write_bytes(b"")
    (root / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "table.csv").write_text("headline,body\nA,B\n", encoding="utf-8")
    data = gzip.compress((STORY * 400).encode("utf-8"))
    (root / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    return {
        str(root / "feed.jsonl") + ":2": "malformed JSON",
        str(root / "empty.txt"): "the file is empty",
        str(root / "photo.html"): "PNG image",
        str(root / "table.csv"): "no 'text' or 'html' column",
        str(root / "cut.txt.gz"): "truncated",
        str(root / "gone.txt"): "dangling symbolic link",
    }


def test_bad_files_are_reported_and_the_good_ones_stored(dbs, tmp_path: Path, seeds_dir: Path) -> None:
    db = dbs.new("news")
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(STORY, encoding="utf-8")
    first = _analyze(db, earlier)
    assert first.exit_code == 0, first.stderr
    before = _sources(db)
    assert list(before) == ["earlier.txt"]

    bad = _mixed_folder(tmp_path / "inbox", seeds_dir)
    result = _analyze(db, tmp_path / "inbox", tmp_path / "missing-folder")
    assert result.exit_code == 1
    bad[str(tmp_path / "missing-folder")] = "no such file or folder"
    lines = [line for line in result.stderr.splitlines() if line.startswith("newstrace: cannot read ")]
    assert len(lines) == len(bad), result.stderr
    for where, reason in bad.items():
        assert any(line.startswith(f"newstrace: cannot read {where}: ") and reason in line for line in lines), (where, result.stderr)

    stored = _sources(db)
    seed_names = [p.name for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    assert set(stored) == {"earlier.txt", "feed-1", *seed_names}
    assert stored["earlier.txt"] == before["earlier.txt"]  # the earlier run's article is kept


def test_all_good_input_exits_zero(dbs, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    result = _analyze(dbs.new("db"), tmp_path / "in")
    assert result.exit_code == 0, result.stderr
    assert "cannot read" not in result.stderr


def test_reanalysis_is_idempotent_and_changes_replace(dbs, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(STORY, encoding="utf-8")
    (inbox / "b.txt").write_text(STORY.replace("Geneva", "Vienna").replace("GENEVA", "VIENNA"), encoding="utf-8")
    (inbox / "feed.jsonl").write_text(
        json.dumps({"id": "r1", "title": "One", "text": "First body. Officials said talks continue."}) + "\n"
        + json.dumps({"text": "Second body, no id. Officials said talks continue."}) + "\n",
        encoding="utf-8",
    )
    db = dbs.new("db")
    assert _analyze(db, inbox).exit_code == 0
    first = _sources(db)
    assert set(first) == {"a.txt", "b.txt", "r1", "feed.jsonl#L2"}
    with open_store(str(db), create=False) as store:
        n_articles = store.count("articles")

    again = _analyze(db, inbox)
    assert again.exit_code == 0
    assert "0 stored" in again.stderr and "4 unchanged" in again.stderr
    assert _sources(db) == first
    with open_store(str(db), create=False) as store:
        assert store.count("articles") == n_articles

    # A new version of one file and of one record replaces the old ones, nothing else moves.
    (inbox / "a.txt").write_text(STORY.replace("three days", "a week"), encoding="utf-8")
    (inbox / "feed.jsonl").write_text(
        json.dumps({"id": "r1", "title": "One", "text": "First body, corrected. Officials said talks continue."}) + "\n"
        + json.dumps({"text": "Second body, no id. Officials said talks continue."}) + "\n",
        encoding="utf-8",
    )
    third = _analyze(db, inbox)
    assert third.exit_code == 0
    assert "2 stored" in third.stderr and "2 unchanged" in third.stderr
    now = _sources(db)
    assert set(now) == set(first)
    assert "a week" in now["a.txt"] and "three days" not in now["a.txt"]
    assert "corrected" in now["r1"]
    assert now["b.txt"] == first["b.txt"] and now["feed.jsonl#L2"] == first["feed.jsonl#L2"]
    with open_store(str(db), create=False) as store:
        assert store.count("articles") == n_articles


@pytest.mark.parametrize("name", ["notes.docx", "archive.rar"])
def test_explicit_unsupported_file_exits_one(dbs, tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_bytes(b"whatever")
    result = _analyze(dbs.new("db"), f)
    assert result.exit_code == 1
    assert f"cannot read {f}: unsupported file type" in result.stderr


def test_no_embeddings_runs_the_lexical_reuse_stage(dbs, tmp_path: Path, monkeypatch) -> None:
    """Embeddings are on by default; ``--no-embeddings`` switches them off for the run, and
    the stored reuse results say so (a later run with embeddings redoes them)."""
    from newstrace.reuse import embed
    from newstrace.store import open_store

    monkeypatch.setenv(embed.ENV, "1")  # restored after the test: the CLI sets it for workers
    (tmp_path / "a.txt").write_text("Title\n\nA ferry ran aground near Hvar on Monday.\n", encoding="utf-8")
    db = dbs.new("x")
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", str(db), "--quiet", "--no-embeddings"])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        version = store.get_state("reuse.version")
    assert version and "+emb" not in version


def test_odd_file_names_and_skipped_files_do_not_stop_the_run(dbs, tmp_path: Path) -> None:
    import os

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open(os.fsencode(inbox) + b"/bad\xffname.txt", "wb") as f:
        f.write(STORY.encode("utf-8"))
    (inbox / "good.txt").write_text(STORY.replace("Geneva", "Vienna"), encoding="utf-8")
    (inbox / ".draft.txt").write_text(STORY, encoding="utf-8")
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    outside = tmp_path / "outside.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (inbox / "passwd.txt").symlink_to(outside)
    db = dbs.new("news")
    result = runner.invoke(app, ["analyze", str(inbox), "--db", str(db), "--quiet", "--verbose"])
    assert result.exit_code == 0, result.stderr
    assert set(_sources(db)) == {"bad\\xffname.txt", "good.txt"}
    assert "Skipped: 1 hidden, 1 symlink leaving the input folder, 1 unknown extension." in result.stderr
    assert f"skipped (unknown extension): {inbox / 'photo.jpg'}" in result.stderr
    exported = runner.invoke(app, ["export", "--db", str(db), "--what", "articles", "--format", "jsonl"])
    assert exported.exit_code == 0 and "bad\\\\xffname.txt" in exported.stdout

    followed = runner.invoke(app, ["analyze", str(inbox), "--db", str(db), "--quiet", "--follow-symlinks"])
    assert followed.exit_code == 0, followed.stderr
    assert "passwd.txt" in _sources(db)
