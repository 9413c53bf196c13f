"""Readers: every format, identity rules, encodings, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from newstrace.ingest import iter_inputs
from newstrace.records import InputProblem, RawDocument

ARTICLE = "Floods close the river port\n\nBARRANQUILLA, May 2 (Wire) - Rising water closed the port on Monday.\n"


def read(*paths: Path) -> tuple[list[RawDocument], list[InputProblem]]:
    docs, problems = [], []
    for item in iter_inputs(list(paths)):
        (docs if isinstance(item, RawDocument) else problems).append(item)
    return docs, problems


def test_text_html_and_gzip_files_in_a_folder_with_relative_sources(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>Hi</p></body></html>", encoding="utf-8")
    (tmp_path / "sub" / "c.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "notes.docx").write_bytes(b"ignored inside folders")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert not problems
    assert [(d.source, d.format) for d in docs] == [("a.txt", "text"), ("sub/b.html", "html"), ("sub/c.txt.gz", "text")]
    assert docs[2].content == ARTICLE
    assert docs[0].content_hash == docs[2].content_hash  # same bytes, same hash
    # a file named directly: its own name is the source
    docs, _ = read(tmp_path / "sub" / "b.html")
    assert docs[0].source == "b.html" and docs[0].input_path.endswith("sub/b.html")


def test_jsonl_fields_ids_positions_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "wire-1", "text": "Body one", "url": "https://x.test/1", "title": "T", "published": "2024-05-02", "outlet": "Wire", "lang": "en"}),
        "{not json",
        json.dumps({"title": "no body"}),
        "",
        json.dumps({"html": "<p>Body two</p>"}),
        json.dumps(["not", "an", "object"]),
    ]
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, problems = read(p)
    assert [d.source for d in docs] == ["wire-1", "batch.jsonl#L5"]
    d = docs[0]
    assert (d.url, d.title, d.published, d.outlet, d.metadata) == ("https://x.test/1", "T", "2024-05-02", "Wire", {"lang": "en"})
    assert docs[1].format == "html"
    assert [(pr.line, pr.path) for pr in problems] == [(2, str(p)), (3, str(p)), (6, str(p))]
    assert "malformed JSON" in problems[0].reason and "no 'text' or 'html'" in problems[1].reason


def test_json_list_and_object(tmp_path: Path) -> None:
    (tmp_path / "l.json").write_text(json.dumps([{"text": "a"}, {"id": "k", "text": "b"}, {"x": 1}]), encoding="utf-8")
    (tmp_path / "o.json").write_text(json.dumps({"text": "single"}), encoding="utf-8")
    (tmp_path / "bad.json").write_text("[{", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.source for d in docs] == ["l.json#0", "k", "o.json"]
    reasons = sorted(p.reason for p in problems)
    assert any("malformed JSON" in r for r in reasons) and any(r.startswith("record 2:") for r in reasons)


def test_csv_rows_and_csv_without_text_column(tmp_path: Path) -> None:
    (tmp_path / "ok.csv").write_text('ID,Title,Text,outlet\nr1,"A, title","Line one\nline two",Daily\n,,second body,\n', encoding="utf-8")
    (tmp_path / "no_text.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [(d.source, d.content, d.outlet) for d in docs] == [("r1", "Line one\nline two", "Daily"), ("ok.csv#R2", "second body", None)]
    assert docs[0].title == "A, title"
    assert len(problems) == 1 and "no 'text' or 'html' column" in problems[0].reason


def _warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        for uri, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def test_warc_and_truncated_warc(tmp_path: Path) -> None:
    pages = [
        ("https://news.test/a", b"<html><body><p>Story A</p></body></html>", "text/html; charset=utf-8"),
        ("https://news.test/logo.png", b"\x89PNG....", "image/png"),
        ("https://news.test/b", b"<html><body><p>Story B</p></body></html>", "text/html"),
    ]
    w = tmp_path / "crawl.warc.gz"
    _warc(w, pages)
    docs, problems = read(w)
    assert not problems
    assert [(d.source, d.url, d.format) for d in docs] == [
        ("https://news.test/a", "https://news.test/a", "html"),
        ("https://news.test/b", "https://news.test/b", "html"),
    ]
    cut = tmp_path / "cut.warc.gz"
    data = w.read_bytes()
    cut.write_bytes(data[: len(data) - 40])
    docs, problems = read(cut)
    assert [d.source for d in docs] == ["https://news.test/a"]
    assert len(problems) == 1 and "truncated" in problems[0].reason


def test_encodings(tmp_path: Path) -> None:
    text = "Le ministre a déclaré que la crise économique était « très grave » pour les régions côtières. " * 5
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "meta.html").write_bytes(f'<html><head><meta charset="windows-1252"></head><body><p>{text}</p></body></html>'.encode("cp1252"))
    docs, problems = read(tmp_path)
    assert not problems
    for d in docs:
        assert "déclaré" in d.content and "« très grave »" in d.content, d.source
        assert not d.content.startswith("\ufeff")


BAD_CASES = {
    "empty.txt": (b"", "is empty"),
    "blank.txt": (b"  \n\n  ", "is empty"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "nul.html": (b"<html>\x00\x00\x00</html>", "binary"),
    "garbage.txt": (bytes(range(1, 9)) * 500 + bytes(range(14, 32)) * 500, "text"),
    "zip.jsonl.gz": (gzip.compress(b'{"text": "fine"}\n' * 50)[:25], "truncated"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_is_reported_with_path_and_reason(tmp_path: Path, name: str) -> None:
    content, reason = BAD_CASES[name]
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.source for d in docs] == ["good.txt"]
    assert len(problems) == 1
    assert problems[0].path == str(bad) and reason in problems[0].reason


def test_unreadable_paths(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    docs, problems = read(tmp_path, tmp_path / "missing-folder", tmp_path / "pipe.txt")
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert reasons["dangling.txt"] == "is a broken symbolic link"
    assert reasons["missing-folder"] == "no such file or folder"
    assert "not a regular file" in reasons["pipe.txt"]
    assert not docs


def test_explicitly_named_unsupported_file_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "report.docx"
    p.write_bytes(b"PK\x03\x04")
    _, problems = read(p)
    assert "unsupported file type '.docx'" in problems[0].reason


def test_200_mb_single_article_is_refused_without_loading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: costs no disk, still 200 MB to a reader
    tracemalloc.start()
    _, problems = read(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "too large" in problems[0].reason
    assert peak < 10 * 1024 * 1024


def test_200_mb_jsonl_streams_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    line = (json.dumps({"text": "word " * 2000}) + "\n").encode()
    with big.open("wb") as f:
        for _ in range((200 * 1024 * 1024) // len(line) + 1):
            f.write(line)
    tracemalloc.start()
    count = 0
    for item in iter_inputs([big]):
        assert isinstance(item, RawDocument)
        count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count > 10_000
    assert peak < 50 * 1024 * 1024
