"""CSV: one row an article; dialects, encodings, long fields, and bad rows."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from ingest_helpers import only_problem, read_all

from newstrace.ingest.limits import MB, RECORD_LIMIT


def _csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_rows_fields_and_sources(tmp_path: Path) -> None:
    f = _csv(tmp_path / "export.csv", [
        ["id", "URL", "title", "text", "published", "outlet", "section"],
        ["", "https://e.org/1", "First", "Body one,\nwith a second line and \"quotes\".", "2025-03-04", "IRNA", "Politics"],
        ["x-2", "", "Second", "Body two.", "", "", ""],
    ])
    docs, problems = read_all(f)
    assert problems == []
    assert [d.source for d in docs] == ["export.csv#R1", "x-2"]
    d = docs[0]
    assert d.content == 'Body one,\nwith a second line and "quotes".'
    assert (d.url, d.title, d.published, d.outlet, d.format) == ("https://e.org/1", "First", "2025-03-04", "IRNA", "text")
    assert d.metadata == {"section": "Politics"}
    assert docs[1].url is None and docs[1].outlet is None


def test_semicolon_and_tab_dialects(tmp_path: Path) -> None:
    for name, delim in (("semi.csv", ";"), ("tabs.csv", "\t")):
        f = _csv(tmp_path / name, [["title", "text"], ["A; B", "Body, with commas; and semicolons."]], delimiter=delim)
        (d,), problems = read_all(f)
        assert problems == [] and (d.title, d.content) == ("A; B", "Body, with commas; and semicolons.")


def test_html_column(tmp_path: Path) -> None:
    f = _csv(tmp_path / "pages.csv", [["url", "html"], ["https://e.org/p", "<html><body><p>P</p></body></html>"]])
    (d,), _ = read_all(f)
    assert d.format == "html" and d.url == "https://e.org/p"


def test_fields_longer_than_the_csv_default_limit(tmp_path: Path) -> None:
    long_text = "word " * (2 * MB // 5)  # 2 MB, far over csv's default 128 KB field limit
    f = _csv(tmp_path / "long.csv", [["text"], [long_text], ["short"]])
    docs, problems = read_all(f)
    assert problems == [] and [len(d.content) for d in docs] == [len(long_text), 5]


def test_row_over_the_record_limit_is_reported_and_later_rows_read(tmp_path: Path) -> None:
    f = tmp_path / "huge.csv"
    with open(f, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["id", "text"])
        w.writerow(["a", "first"])
        w.writerow(["b", "z" * (RECORD_LIMIT + MB)])
        w.writerow(["c", "third"])
    docs, problems = read_all(f)
    assert [d.source for d in docs] == ["a", "c"]
    assert len(problems) == 1 and problems[0].reason.startswith("row 2:") and "over the 20 MB limit" in problems[0].reason


def test_quoted_field_over_the_limit_across_lines(tmp_path: Path) -> None:
    f = tmp_path / "multiline.csv"
    with open(f, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["text"])
        w.writerow(["ok"])
        line = 'a "quoted" line of text, ' * 40 + "\n"
        w.writerow([line * (RECORD_LIMIT // len(line) + 100)])
        w.writerow(["after"])
    docs, problems = read_all(f)
    assert [d.content for d in docs] == ["ok", "after"]
    assert len(problems) == 1 and "row 2" in problems[0].reason and "limit" in problems[0].reason


def test_legacy_encoding_and_bom(tmp_path: Path) -> None:
    rows = [["title", "text"], ["Новости", "Президент заявил, что правительство продолжит переговоры с соседними странами."]]
    cyr = _csv(tmp_path / "ru.csv", rows, encoding="windows-1251")
    (d,), problems = read_all(cyr)
    assert problems == [] and (d.title, d.content) == tuple(rows[1])
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + "text\nDéjà vu\n".encode())
    (d,), problems = read_all(bom)
    assert problems == [] and d.content == "Déjà vu"


def test_csv_gz_and_truncated(tmp_path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["text"])
    for i in range(2000):
        w.writerow([f"Story {i}: " + "lorem ipsum dolor " * 30])
    data = gzip.compress(buf.getvalue().encode("utf-8"))
    (tmp_path / "all.csv.gz").write_bytes(data)
    docs, problems = read_all(tmp_path / "all.csv.gz")
    assert problems == [] and len(docs) == 2000
    (tmp_path / "cut.csv.gz").write_bytes(data[: len(data) // 2])
    docs, problems = read_all(tmp_path / "cut.csv.gz")
    assert 0 < len(docs) < 2000
    assert problems[-1].reason.startswith("the file is truncated")


def test_csv_without_text_column_is_one_problem(tmp_path: Path) -> None:
    f = _csv(tmp_path / "wrong.csv", [["headline", "body"], ["A", "B"], ["C", "D"]])
    p = only_problem(f)
    assert p.path == str(f)
    assert "no 'text' or 'html' column" in p.reason and "headline, body" in p.reason


def test_rows_without_text_are_reported(tmp_path: Path) -> None:
    f = _csv(tmp_path / "gaps.csv", [["title", "text"], ["A", "Body A"], ["B", ""], ["C", "Body C"]])
    docs, problems = read_all(f)
    assert [d.title for d in docs] == ["A", "C"]
    assert [d.source for d in docs] == ["gaps.csv#R1", "gaps.csv#R3"]
    assert len(problems) == 1 and problems[0].reason.startswith("row 2:")


def test_empty_and_binary_csv(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "img.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert only_problem(tmp_path / "empty.csv").reason == "the file is empty"
    assert "PNG image" in only_problem(tmp_path / "img.csv").reason
