"""Exports: INTERFACE.md fields, three formats, stdout streaming, empty kinds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.records import Article, CitedSource, Dateline
from newstrace.store import open_store

ARTICLE_FIELDS = [
    "id", "source", "part", "url", "outlet", "title", "byline", "dateline", "published",
    "published_precision", "language", "text", "boilerplate_removed", "cited_sources", "genre", "frames",
]


@pytest.fixture()
def db(db_url: str) -> str:
    path = db_url
    with open_store(path) as store:
        store.replace_document("a.txt", "h", "a.txt", [Article(
            id="a_1", source="a.txt", part=0, text="Body, with \"quotes\",\nand lines.", title="T1",
            dateline=Dateline("TEHRAN", "Dec 29", "TNS"), boilerplate_removed=["Share"],
            cited_sources=[CitedSource("Tasnim News Agency", "e_x")],
        )])
        store.replace_document("b.txt", "h", "b.txt", [Article(id="a_2", source="b.txt", part=0, text="Second.")])
    return path


def test_jsonl_to_stdout_has_every_interface_field(db: str) -> None:
    r = CliRunner().invoke(app, ["export", "--db", db, "--what", "articles", "--format", "jsonl", "-o", "-"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 2
    for field in ARTICLE_FIELDS:
        assert field in rows[0]
    assert rows[0]["dateline"] == {"place": "TEHRAN", "date_text": "Dec 29", "agency": "TNS"}
    assert rows[0]["cited_sources"] == [{"name": "Tasnim News Agency", "entity_id": "e_x"}]
    assert rows[1]["dateline"] is None


def test_csv_flattens_with_dotted_columns(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    r = CliRunner().invoke(app, ["export", "--db", db, "--what", "articles", "--format", "csv", "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["dateline.place"] == "TEHRAN" and rows[1]["dateline.place"] == ""
    assert rows[0]["text"] == 'Body, with "quotes",\nand lines.'
    assert json.loads(rows[0]["boilerplate_removed"]) == ["Share"]


def test_parquet_keeps_nesting(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    r = CliRunner().invoke(app, ["export", "--db", db, "--what", "articles", "--format", "parquet", "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = pq.read_table(out).to_pylist()
    assert rows[0]["dateline"]["agency"] == "TNS"
    assert rows[0]["cited_sources"][0]["name"] == "Tasnim News Agency"
    assert [c for c in pq.read_table(out).column_names if c in ARTICLE_FIELDS] == ARTICLE_FIELDS


def test_usage_errors_exit_2(dbs, db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["export", "--db", db, "--what", "nonsense", "--format", "jsonl"])
    assert r.exit_code == 2 and "unknown --what" in r.output
    r = runner.invoke(app, ["export", "--db", dbs.missing(), "--what", "articles"])
    assert r.exit_code == 2 and "does not exist" in r.output
    assert not (tmp_path / "missing.db").exists()
    r = runner.invoke(app, ["export", "--db", db, "--what", "articles", "--format", "xlsx"])
    assert r.exit_code == 2
