"""JSON Lines and JSON: recognised fields, sources, metadata, malformed records, big files."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

from ingest_helpers import only_problem, read_all

from newstrace.ingest.limits import MB, RECORD_LIMIT


def _jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def test_jsonl_fields_sources_and_metadata(tmp_path: Path) -> None:
    f = _jsonl(tmp_path / "feed.jsonl", [
        {"id": "tasnim-1", "url": "https://example.org/1", "title": "T1", "text": "Body one.",
         "published": "2025-01-02", "outlet": "Tasnim", "section": "World", "tags": ["a", "b"]},
        {"text": "Body two, no id."},
        "",
        {"html": "<html><body><p>Three</p></body></html>", "title": None},
    ])
    docs, problems = read_all(f)
    assert problems == []
    assert [d.source for d in docs] == ["tasnim-1", "feed.jsonl#L2", "feed.jsonl#L4"]
    first = docs[0]
    assert (first.url, first.title, first.published, first.outlet) == ("https://example.org/1", "T1", "2025-01-02", "Tasnim")
    assert first.metadata == {"section": "World", "tags": ["a", "b"]}
    assert first.format == "text" and first.content == "Body one."
    assert docs[2].format == "html" and docs[2].title is None
    assert all(d.input_path == str(f) for d in docs)


def test_numeric_id_and_case_insensitive_field_names(tmp_path: Path) -> None:
    f = _jsonl(tmp_path / "x.jsonl", [{"ID": 42, "Text": "Body.", "URL": "https://e.org/42"}])
    (d,), _ = read_all(f)
    assert (d.source, d.content, d.url) == ("42", "Body.", "https://e.org/42")


def test_record_hash_follows_its_content_not_its_position(tmp_path: Path) -> None:
    rec = {"id": "r1", "text": "Body.", "title": "Old title"}
    a = read_all(_jsonl(tmp_path / "a.jsonl", [rec]))[0][0]
    b = read_all(_jsonl(tmp_path / "b.jsonl", [{"text": "other"}, rec]))[0][1]
    c = read_all(_jsonl(tmp_path / "c.jsonl", [{**rec, "title": "New title"}]))[0][0]
    assert a.content_hash == b.content_hash
    assert c.content_hash != a.content_hash


def test_malformed_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    f = _jsonl(tmp_path / "mixed.jsonl", [
        {"text": "good 1"},
        '{"text": "unterminated',
        "[1, 2, 3]",
        {"title": "no body"},
        {"text": ["not", "a", "string"]},
        {"text": "good 6"},
    ])
    docs, problems = read_all(f)
    assert [d.content for d in docs] == ["good 1", "good 6"]
    assert [d.source for d in docs] == ["mixed.jsonl#L1", "mixed.jsonl#L6"]
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert all(p.path == str(f) for p in problems)
    assert "malformed JSON" in problems[0].reason
    assert "not an object" in problems[1].reason
    assert "no 'text' or 'html'" in problems[2].reason
    assert "must be a string" in problems[3].reason
    assert str(problems[0]).startswith(f"{f}:2: ")


def test_empty_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "none.jsonl"
    f.write_text("\n\n", encoding="utf-8")
    assert "empty" in only_problem(f).reason


def test_jsonl_gz_and_truncated_jsonl_gz(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"Story number {i}. " + "words " * 200}) for i in range(300)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    whole = tmp_path / "whole.jsonl.gz"
    whole.write_bytes(data)
    docs, problems = read_all(whole)
    assert problems == [] and len(docs) == 300
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    docs, problems = read_all(cut)
    assert 0 < len(docs) < 300
    # Records before the break are kept, in order; then one problem for the truncation.
    assert [d.source for d in docs] == [f"cut.jsonl.gz#L{i}" for i in range(1, len(docs) + 1)]
    assert len(problems) == 1 and "truncated" in problems[0].reason


def test_big_jsonl_streams_with_bounded_memory(tmp_path: Path) -> None:
    # ~200 MB: 180 records of 1 MB plus one record over the limit, which is reported.
    f = tmp_path / "big.jsonl"
    body = "x" * MB
    with open(f, "w", encoding="utf-8") as out:
        for i in range(90):
            out.write(json.dumps({"id": f"r{i}", "text": body}) + "\n")
        out.write(json.dumps({"id": "huge", "text": "y" * (RECORD_LIMIT + MB)}) + "\n")
        for i in range(90, 180):
            out.write(json.dumps({"id": f"r{i}", "text": body}) + "\n")
    assert f.stat().st_size > 200 * MB
    tracemalloc.start()
    try:
        count, problems = 0, []
        from newstrace.ingest import iter_inputs
        from newstrace.records import RawDocument

        for item in iter_inputs([f]):
            if isinstance(item, RawDocument):
                count += 1
            else:
                problems.append(item)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 180
    assert [(p.line, "over the 20 MB limit" in p.reason) for p in problems] == [(91, True)]
    print(f"peak traced memory {peak / MB:.1f} MB")
    assert peak < 3 * RECORD_LIMIT, f"peak {peak / MB:.0f} MB for a {f.stat().st_size / MB:.0f} MB file"


def test_json_list_and_single_object(tmp_path: Path) -> None:
    lst = tmp_path / "list.json"
    lst.write_text(json.dumps([{"text": "A"}, {"id": "b-id", "html": "<p>B</p>"}, {"text": "C", "extra": 1}]), encoding="utf-8")
    docs, problems = read_all(lst)
    assert problems == []
    assert [(d.source, d.format) for d in docs] == [("list.json#0", "text"), ("b-id", "html"), ("list.json#2", "text")]
    assert docs[2].metadata == {"extra": 1}
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "Solo", "text": "Solo body"}), encoding="utf-8")
    (d,), problems = read_all(one)
    assert problems == [] and (d.source, d.title) == ("one.json", "Solo")


def test_json_bad_items_are_reported_others_kept(tmp_path: Path) -> None:
    f = tmp_path / "items.json"
    f.write_text(json.dumps([{"text": "ok"}, "a string", {"title": "no text"}]), encoding="utf-8")
    docs, problems = read_all(f)
    assert [d.source for d in docs] == ["items.json#0"]
    assert [p.reason for p in problems] == [
        "item 1: the item is a JSON str, not an object",
        "item 2: the record has no 'text' or 'html' (or they are empty)",
    ]


def test_malformed_json_file_reports_its_line(tmp_path: Path) -> None:
    f = tmp_path / "broken.json"
    f.write_text('[\n  {"text": "a"},\n  {"text": "b",,}\n]\n', encoding="utf-8")
    p = only_problem(f)
    assert "malformed JSON" in p.reason and p.line == 3


def test_json_scalar_and_empty_list(tmp_path: Path) -> None:
    (tmp_path / "n.json").write_text("42", encoding="utf-8")
    (tmp_path / "e.json").write_text("[]", encoding="utf-8")
    assert "expected an object or a list" in only_problem(tmp_path / "n.json").reason
    assert "empty list" in only_problem(tmp_path / "e.json").reason


def test_text_field_line_endings_become_lf_html_left_alone(tmp_path: Path) -> None:
    f = _jsonl(tmp_path / "nl.jsonl", [{"text": "A\r\nB\rC"}, {"html": "<p>A</p>\r\n<p>B</p>"}])
    docs, _ = read_all(f)
    assert [d.content for d in docs] == ["A\nB\nC", "<p>A</p>\r\n<p>B</p>"]


def test_binary_or_utf16_jsonl_is_one_problem(tmp_path: Path) -> None:
    png = tmp_path / "img.jsonl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert "PNG image" in only_problem(png).reason
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(b"\xff\xfe" + '{"text": "a"}\n{"text": "b"}\n'.encode("utf-16-le"))
    assert "must be UTF-8" in only_problem(wide).reason
