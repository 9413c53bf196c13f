"""Walking files and folders: order, hidden files, unknown extensions, unreadable paths."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from ingest_helpers import only_problem, read_all


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "z.txt").write_text("Zed story\n\nBody of zed.\n", encoding="utf-8")
    (root / "a.txt").write_text("Alpha story\n\nBody of alpha.\n", encoding="utf-8")
    (root / "b" / "deeper" / "c.html").write_text("<html><body><p>Gamma</p></body></html>", encoding="utf-8")
    (root / "b" / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    (root / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    (root / ".hidden" / "secret.txt").write_text("should not be read", encoding="utf-8")
    (root / ".swap.txt").write_text("editor swap file", encoding="utf-8")
    with gzip.open(root / "b" / "d.txt.gz", "wt", encoding="utf-8") as f:
        f.write("Delta story\n\nCompressed body.\n")
    return root


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    docs, problems = read_all(root)
    assert problems == []
    assert [d.source for d in docs] == ["a.txt", "b/d.txt.gz", "b/deeper/c.html", "z.txt"]
    assert [d.format for d in docs] == ["text", "text", "html", "text"]
    assert docs[1].content == "Delta story\n\nCompressed body.\n"
    assert docs[0].input_path == str(root / "a.txt")


def test_order_is_stable_across_runs(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    first = [(d.source, d.content_hash) for d in read_all(root)[0]]
    assert first == [(d.source, d.content_hash) for d in read_all(root)[0]]


def test_file_given_directly_uses_its_name_as_source(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    docs, problems = read_all(root / "b" / "deeper" / "c.html")
    assert problems == [] and [d.source for d in docs] == ["c.html"]


def test_explicitly_named_unsupported_file_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    p = only_problem(root / "b" / "notes.docx")
    assert p.path == str(root / "b" / "notes.docx")
    assert "unsupported file type" in p.reason and ".jsonl" in p.reason


def test_missing_path_is_reported_and_others_still_read(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    docs, problems = read_all(tmp_path / "nope", root / "a.txt")
    assert [d.source for d in docs] == ["a.txt"]
    assert len(problems) == 1 and problems[0].reason == "no such file or folder"
    assert problems[0].path == str(tmp_path / "nope")


def test_dangling_symlink_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    docs, problems = read_all(root)
    assert len(docs) == 4
    assert len(problems) == 1
    assert problems[0].path == str(root / "gone.txt")
    assert "dangling symbolic link" in problems[0].reason
    assert "missing-target.txt" in problems[0].reason


def test_symlinked_file_is_read_but_linked_folder_is_not_followed(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    docs, problems = read_all(root)
    assert problems == []
    assert "link.txt" in [d.source for d in docs]
    assert not any(d.source.startswith("loop/") for d in docs)


def test_fifo_is_reported_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Both named directly and inside a folder: opening a FIFO would hang the run.
    assert "named pipe" in only_problem(fifo).reason
    assert "named pipe" in only_problem(tmp_path).reason


def test_device_is_reported(tmp_path: Path) -> None:
    p = only_problem(Path("/dev/null"))
    assert "device" in p.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any folder")
def test_unlistable_folder_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    locked = root / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("x", encoding="utf-8")
    locked.chmod(0)
    try:
        docs, problems = read_all(root)
    finally:
        locked.chmod(0o755)
    assert len(docs) == 4
    assert [(p.path, p.reason) for p in problems] == [(str(locked), "cannot list this folder (permission denied)")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "private.txt"
    f.write_text("secret", encoding="utf-8")
    f.chmod(0)
    try:
        p = only_problem(f)
    finally:
        f.chmod(0o644)
    assert "permission denied" in p.reason


def test_seeds_folder_reads_every_seed(seeds_dir: Path) -> None:
    docs, problems = read_all(seeds_dir)
    assert problems == []
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert [d.source for d in docs] == names
    for d in docs:
        assert d.format == "text"
        assert d.content == (seeds_dir / d.source).read_text(encoding="utf-8")
        assert len(d.content_hash) == 40
    assert len({d.content_hash for d in docs}) == len(docs)


def test_listing_error_is_reported_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores permission bits, so simulate what an unlistable folder does to scandir.
    root = _tree(tmp_path)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
        if Path(path) == root / "b":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, problems = read_all(root)
    assert [d.source for d in docs] == ["a.txt", "z.txt"]
    assert [(p.path, p.reason) for p in problems] == [(str(root / "b"), "cannot list this folder (permission denied)")]


def test_open_error_is_reported_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    f = tmp_path / "private.txt"
    f.write_text("secret", encoding="utf-8")
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(str(file)) == f:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    assert "permission denied" in only_problem(f).reason


def test_skipped_entries_are_counted_with_their_reason(tmp_path: Path) -> None:
    from newstrace.ingest import iter_inputs
    from newstrace.ingest.skipped import HIDDEN, UNKNOWN_EXTENSION, Skipped

    root = _tree(tmp_path)
    skipped = Skipped()
    docs = list(iter_inputs([root], skipped=skipped))
    assert len(docs) == 4
    assert dict(skipped.counts) == {HIDDEN: 2, UNKNOWN_EXTENSION: 2}
    assert sorted(skipped.paths[UNKNOWN_EXTENSION]) == [str(root / "b" / "image.png"), str(root / "b" / "notes.docx")]
    assert skipped.phrase() == "2 hidden, 2 unknown extension"


def test_symlink_leaving_the_folder_is_skipped_unless_asked(tmp_path: Path) -> None:
    from newstrace.ingest import iter_inputs
    from newstrace.ingest.skipped import LINKED_FOLDER, SYMLINK_OUTSIDE, Skipped

    root = _tree(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes\n\nNot for the corpus.\n", encoding="utf-8")
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "elsewhere").symlink_to(outside, target_is_directory=True)
    (root / "inside.txt").symlink_to(root / "a.txt")  # stays in the folder: read

    skipped = Skipped()
    sources = [d.source for d in iter_inputs([root], skipped=skipped)]
    assert "passwd.txt" not in sources and "inside.txt" in sources
    assert not any(s.startswith("elsewhere/") for s in sources)
    assert skipped.counts[SYMLINK_OUTSIDE] == 2 and LINKED_FOLDER not in skipped.counts
    assert skipped.paths[SYMLINK_OUTSIDE][1] == f"{root / 'passwd.txt'} -> {outside / 'secret.txt'}"

    followed = [d.source for d in iter_inputs([root], follow_symlinks=True)]
    assert {"passwd.txt", "elsewhere/secret.txt"} <= set(followed)
    # Named explicitly, a link is the user's choice: read.
    assert [d.source for d in iter_inputs([root / "passwd.txt"])] == ["passwd.txt"]


def test_following_links_never_loops(tmp_path: Path) -> None:
    from newstrace.ingest import iter_inputs
    from newstrace.ingest.skipped import LOOP, Skipped

    root = _tree(tmp_path)
    (root / "b" / "up").symlink_to(root, target_is_directory=True)
    skipped = Skipped()
    sources = [d.source for d in iter_inputs([root], follow_symlinks=True, skipped=skipped)]
    assert sorted(sources) == ["a.txt", "b/d.txt.gz", "b/deeper/c.html", "z.txt"]
    assert skipped.counts[LOOP] == 1


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    raw = os.fsencode(root) + b"/bad\xffname.txt"
    with open(raw, "wb") as f:
        f.write(b"A story with a strange file name\n\nIts body is fine.\n")
    docs, problems = read_all(root)
    assert problems == []
    assert [d.source for d in docs] == ["bad\\xffname.txt"]
    assert docs[0].input_path == str(root) + "/bad\\xffname.txt"
    docs[0].source.encode("utf-8")  # storable and printable
