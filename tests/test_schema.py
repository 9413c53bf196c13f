"""One schema per record kind: each record's definition gives its table row (checked
against the migrated tables on both backends), its export record and its Arrow schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pytest

from newstrace import schema
from newstrace.entities.api import ArticleMention
from newstrace.events.records import Count, EventActor, EventMention, Extent, Location
from newstrace.records import (
    Article,
    CitedSource,
    Claim,
    Dateline,
    Entity,
    Mention,
    Outlet,
    ProblemRecord,
    Span,
    Speaker,
)

ARTICLE = Article(
    id="a_1", source="x.html", part=1, url="https://e.example/x", outlet="Example", outlet_id="example",
    title="T", byline="By A", extractor="trafilatura", dateline=Dateline("TEHRAN", "Dec 29", "TNS"),
    published="2017-12-29", published_precision="day", published_time="10:30", published_partial=None,
    language="en", text="Body ‘quoted’ text.", boilerplate_removed=["Share"],
    cited_sources=[CitedSource("Tasnim", "e_t", "Tasnim reported")], genre="reporting", frames=["f"],
    outlet_source="site name", published_source="page", content_hash="h", metadata={"k": [1, "é"]},
)
CLAIM = Claim("c_1", "a_1", "mixed", Speaker("He", 0, 2, "e_1"), Span("said", 3, 7), Span("it", 8, 10))
EVENT = EventMention(
    "ev_1", "a_1", label="AIR_STRIKE", type="Explosions/Remote violence", subtype="Air/drone strike",
    confidence=0.75, date="2020-01-02", date_precision="day", location=Location("Aleppo", "Syria", None, 36.2, 37.1, "town"),
    actors=[EventActor("the army", "e_2", "actor1")], fatalities=Count(3, "three"), trigger=Span("strike", 4, 10),
    date_partial="--01-02", attacker_fatalities=None, date_text="Thursday", sentence=Extent(0, 40), gate_score=0.6123,
)

# (record, its table, columns of the table the record does not hold, and their values)
CASES: list[tuple[Any, str, dict[str, Any]]] = [
    (ARTICLE, "articles", {}),
    # statement_key: written by the claim statements stage over the whole corpus.
    (CLAIM, "claims", {"statement_key": None}),
    (Claim("c_2", "a_1", "direct", None, Span("says", 0, 4), Span("x", 5, 6)), "claims", {"statement_key": None}),
    (EVENT, "events", {"country": "Syria"}),
    (Entity("e_1", "Ann", "PERSON", ["Ann", "A."], 3, 2), "entities", {}),
    (ArticleMention(0, 3, "Ann", "PERSON", "e_1", "name", "ann"), "mentions", {"article_id": "a_1", "resolved_id": "e_1"}),
    (Outlet("example", "Example", ("example.org",), (), "newspaper", "GB", None, "registry"), "outlets", {}),
]


@pytest.mark.parametrize("record,table,extra", CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_a_record_is_a_row_of_its_table_and_back(store, record: Any, table: str, extra: dict[str, Any]) -> None:
    row = {**schema.to_row(record), **extra}
    store.insert_rows(table, [row])  # every column the record writes exists
    got = store.query(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
    assert len(got) == 1
    assert set(got[0]) == set(row), "the table and the record disagree on columns"
    assert schema.from_row(type(record), got[0]) == record


def test_export_views_read_their_tables(store) -> None:
    store.insert_rows("mentions", [{"article_id": "a_1", **schema.to_row(ArticleMention(0, 3, "Ann", "PERSON", "e_0")), "resolved_id": "e_1"}])
    r = store.query("SELECT * FROM mentions")[0]
    assert schema.from_row(Mention, r) == Mention("e_0", "a_1", 0, 3, "Ann")
    assert set(schema.columns(ProblemRecord)) <= set(_columns_of(store, "problems"))


def _columns_of(store, table: str) -> list[str]:
    row = {"place": "p", "stage": "s", "source": "x", "error": "E", "message": "m", "first_seen": "t",
           "last_seen": "t", "seen_run": "r"}
    store.insert_rows(table, [row])
    return list(store.query(f"SELECT * FROM {table}")[0])  # noqa: S608


def test_export_records_follow_the_field_order_and_leave_out_stored_only_fields() -> None:
    rec = ARTICLE.to_dict()
    assert list(rec)[:4] == ["id", "source", "part", "url"] and "text" in rec
    assert "content_hash" not in rec and "metadata" not in rec and "outlet_record" not in rec
    assert rec["cited_sources"] == [{"name": "Tasnim", "entity_id": "e_t"}]  # cue is stored only
    ev = EVENT.to_dict()
    assert list(ev)[-4:] == ["date_partial", "attacker_fatalities", "period", "gate_score"]
    assert "sentence" not in ev and "label" not in ev and ev["gate_score"] == 0.6123
    # period is derived from the date at its precision: exported, never stored.
    month = EventMention("ev_2", "a_1", label="AIR_STRIKE", type="t", subtype="s", confidence=0.5, date="2020-03-01",
                         date_precision="month", trigger=Span("x", 0, 1), sentence=Extent(0, 1))
    assert month.to_dict()["period"] == "2020-03" and "period" not in schema.to_row(month)
    assert schema.from_row(EventMention, schema.to_row(month)).to_dict() == month.to_dict()
    assert ev["fatalities"] == {"value": 3, "text": "three"}


@pytest.mark.parametrize("record", [ARTICLE, CLAIM, EVENT, Entity("e_1", "Ann", "PERSON", ["A"])], ids=lambda r: type(r).__name__)
def test_the_arrow_schema_holds_the_export_record(record: Any) -> None:
    table = pa.Table.from_pylist([record.to_dict()], schema=schema.arrow_schema(type(record)))
    assert table.to_pylist() == [record.to_dict()]


def test_types_without_an_arrow_mapping_are_refused() -> None:
    @dataclass
    class Odd:
        x: complex = field(default=0j)

    with pytest.raises(TypeError, match="no Arrow type"):
        schema.arrow_schema(Odd)
