"""WARC files (warcio) and zip/tar archives, including truncation and path traversal."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from ingest_helpers import only_problem, read_all
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def _page(i: int, words: int = 400) -> str:
    return (f"<html><head><title>Story {i}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Story {i}</h1><p>{'Officials said talks continue. ' * words}</p></article></body></html>")


def _warc(records: list[tuple[str, str, str, bytes, str]], *, gz: bool) -> bytes:
    """records: (rec_type, uri, content_type, body, status)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for rec_type, uri, ctype, body, status in records:
        if rec_type == "response":
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        else:
            rec = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(body))
        writer.write_record(rec)
    return buf.getvalue()


RECORDS = [
    ("response", "https://news.example/1", "text/html; charset=utf-8", _page(1).encode(), "200 OK"),
    ("response", "https://news.example/logo.png", "image/png", b"\x89PNG....", "200 OK"),
    ("metadata", "https://news.example/1", "", b"fetch-time: 1", ""),
    ("response", "https://news.example/missing", "text/html", b"<html>Not found</html>", "404 Not Found"),
    ("response", "https://news.example/ru", "text/html; charset=windows-1251",
     "<html><body><p>Президент заявил о переговорах.</p></body></html>".encode("windows-1251"), "200 OK"),
    ("response", "https://news.example/3", "application/xhtml+xml", _page(3).encode(), "200 OK"),
]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses(tmp_path: Path, gz: bool) -> None:
    f = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    f.write_bytes(_warc(RECORDS, gz=gz))
    docs, problems = read_all(f)
    assert problems == []
    assert [d.source for d in docs] == ["https://news.example/1", "https://news.example/ru", "https://news.example/3"]
    assert all(d.url == d.source and d.format == "html" and d.input_path == str(f) for d in docs)
    assert docs[0].content == _page(1)
    assert "Президент заявил" in docs[1].content  # charset from the HTTP header


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_earlier_records(tmp_path: Path, gz: bool) -> None:
    records = [("response", f"https://news.example/{i}", "text/html", _page(i, 2000).encode(), "200 OK") for i in range(4)]
    data = _warc(records, gz=gz)
    f = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    f.write_bytes(data[: int(len(data) * 0.6)])
    docs, problems = read_all(f)
    assert 1 <= len(docs) < 4
    assert [d.source for d in docs] == [f"https://news.example/{i}" for i in range(len(docs))]
    assert all(d.content == _page(i, 2000) for i, d in enumerate(docs))  # no partial record
    assert len(problems) == 1 and "truncated" in problems[0].reason


def test_not_a_warc(tmp_path: Path) -> None:
    f = tmp_path / "fake.warc"
    f.write_text("just some text, not WARC\n" * 10, encoding="utf-8")
    assert "not a valid WARC" in only_problem(f).reason


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_members_are_read_in_sorted_order(tmp_path: Path) -> None:
    f = _zip(tmp_path / "batch.zip", {
        "b/two.txt": b"Two\n\nBody two.",
        "a.jsonl": b'{"text": "from jsonl"}\n',
        "notes.docx": b"ignored",
        "__MACOSX/._a.jsonl": b"ignored",
        ".hidden.txt": b"ignored",
    })
    docs, problems = read_all(f)
    assert problems == []
    assert [d.source for d in docs] == ["batch.zip/a.jsonl#L1", "batch.zip/b/two.txt"]
    assert docs[1].input_path == f"{f}/b/two.txt"


def test_zip_path_traversal_is_refused(tmp_path: Path) -> None:
    f = _zip(tmp_path / "evil.zip", {"../../escape.txt": b"evil", "/abs.txt": b"evil", "ok.txt": b"fine"})
    docs, problems = read_all(f)
    assert [d.source for d in docs] == ["evil.zip/ok.txt"]
    assert len(problems) == 2 and all("refused" in p.reason for p in problems)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_nested_archive_is_reported(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("x.txt", "x")
    f = _zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()})
    assert "archives inside archives" in only_problem(f).reason


def _tar(path: Path, members: dict[str, bytes], mode: str) -> Path:
    with tarfile.open(path, mode) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_tar_gz_members_and_traversal(tmp_path: Path) -> None:
    f = _tar(tmp_path / "pages.tar.gz", {
        "p/1.html": _page(1).encode(), "../up.txt": b"evil", "p/2.txt": b"Two\n\nBody.",
    }, "w:gz")
    docs, problems = read_all(f)
    assert [d.source for d in docs] == ["pages.tar.gz/p/1.html", "pages.tar.gz/p/2.txt"]
    assert [d.format for d in docs] == ["html", "text"]
    assert len(problems) == 1 and "refused" in problems[0].reason


def test_truncated_tar_gz(tmp_path: Path) -> None:
    members = {f"s{i}.txt": (f"Story {i}\n\n" + "Officials said talks continue. " * 3000).encode() for i in range(6)}
    full = _tar(tmp_path / "full.tgz", members, "w:gz").read_bytes()
    f = tmp_path / "cut.tgz"
    f.write_bytes(full[: len(full) // 2])
    docs, problems = read_all(f)
    assert len(docs) < 6
    assert problems and "truncated" in problems[-1].reason


def test_corrupt_zip(tmp_path: Path) -> None:
    f = tmp_path / "broken.zip"
    f.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "not a readable ZIP" in only_problem(f).reason


def test_gzip_of_warc_record_with_http_gzip_encoding(tmp_path: Path) -> None:
    # Content-Encoding: gzip inside the HTTP response is undone by warcio.
    body = gzip.compress(_page(9).encode())
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/9", "response", payload=io.BytesIO(body), http_headers=http))
    f = tmp_path / "enc.warc.gz"
    f.write_bytes(buf.getvalue())
    (d,), problems = read_all(f)
    assert problems == [] and d.content == _page(9)


def test_empty_warc(tmp_path: Path) -> None:
    f = tmp_path / "empty.warc.gz"
    f.write_bytes(gzip.compress(b""))
    assert only_problem(f).reason == "the file is empty"
