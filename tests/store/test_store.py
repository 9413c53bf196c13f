from __future__ import annotations

import sqlite3

import pytest

from newstrace.records import Article, CitedSource, Dateline
from newstrace.store import open_store
from newstrace.store.sqlite import fts_query


def _integrity_errors() -> tuple[type[Exception], ...]:
    try:
        import psycopg
    except ImportError:
        return (sqlite3.IntegrityError,)
    return (sqlite3.IntegrityError, psycopg.IntegrityError)


def _article(source: str, part: int, text: str, **kw: object) -> Article:
    from newstrace.ids import article_id

    return Article(id=article_id(source, part), source=source, part=part, text=text, **kw)  # type: ignore[arg-type]


def test_roundtrip_keeps_every_field(store) -> None:
    a = _article(
        "x.txt", 0, "Body text.", title="T", byline="By A", outlet="O",
        dateline=Dateline("TEHRAN", "Dec 29", "TNS"), published="2017-12-29",
        published_precision="day", boilerplate_removed=["Share"],
        cited_sources=[CitedSource("Tasnim", None, "Tasnim reported")], frames=["f"],
    )
    store.replace_document("x.txt", "h1", "in/x.txt", [a])
    got = store.get_article(a.id)
    assert got == a


def test_replace_document_replaces_all_parts(store) -> None:
    store.replace_document("x", "h1", "x", [_article("x", 0, "one"), _article("x", 1, "two")])
    store.replace_document("x", "h2", "x", [_article("x", 0, "new")])
    texts = [a.text for a in store.iter_articles()]
    assert texts == ["new"]
    assert store.document_hash("x") == "h2"


def test_failed_document_transaction_leaves_old_version(store) -> None:
    store.replace_document("x", "h1", "x", [_article("x", 0, "old")])
    bad = _article("x", 0, "new")
    # Two articles with one id violate the primary key: the whole replacement must roll back.
    with pytest.raises(_integrity_errors()):
        store.replace_document("x", "h2", "x", [bad, bad])
    assert [a.text for a in store.iter_articles()] == ["old"]
    assert store.document_hash("x") == "h1"


def test_full_text_search_and_hostile_queries(store) -> None:
    store.replace_document("a", "h", "a", [_article("a", 0, "Daesh militants attacked Parachinar", title="Attack")])
    store.replace_document("b", "h", "b", [_article("b", 0, "A quiet day in Almaty", title="Calm")])
    total, hits = store.search("parachinar")
    assert total == 1 and hits[0].title == "Attack"
    # FTS5 syntax in user input must not raise or match everything.
    for q in ['"unbalanced', "NEAR(", "a AND OR", "*", "'; DROP TABLE articles; --"]:
        store.search(q)
    assert store.count("articles") == 2


def test_search_phrases_prefixes_or_accents_and_filters(store) -> None:
    store.replace_document("a", "h", "a", [_article("a", 0, "The ferry ran aground near Hvar island.", title="Ferry")])
    store.replace_document("b", "h", "b", [_article("b", 0, "A café in Almaty closed; the ferry service went on.", title="Café")])
    store.replace_document("c", "h", "c", [_article("c", 0, "Nothing happened in Kraków today.", title="Quiet")])
    ids = {a.source: a.id for a in store.iter_articles()}

    def found(q: str, **kw: object) -> set[str]:
        total, hits = store.search(q, **kw)
        assert total == len(hits)
        return {h.article_id for h in hits}

    assert found("ferry") == {ids["a"], ids["b"]}
    assert found('"ran aground"') == {ids["a"]}
    assert found('"aground ran"') == set()
    assert found("alma*") == {ids["b"]}
    assert found("hvar OR krakow") == {ids["a"], ids["c"]}
    assert found("cafe") == {ids["b"]}  # accents removed on both engines
    assert found("ferry", article_ids=[ids["b"], ids["c"]]) == {ids["b"]}
    assert found("ferry", article_ids=[]) == set()
    total, page = store.search("ferry", limit=1, offset=1)
    assert total == 2 and len(page) == 1
    _, hits = store.search("hvar")
    assert "\x02" in hits[0].snippet and "\x03" in hits[0].snippet
    # Without snippets: the same hits in the same order, no text read for them.
    full, bare = store.search("ferry OR quiet"), store.search("ferry OR quiet", snippets=False)
    assert [h.article_id for h in bare[1]] == [h.article_id for h in full[1]] and bare[0] == full[0] == 3
    assert all(h.snippet == "" for h in bare[1]) and all(h.snippet for h in full[1])


def test_iter_articles_pages_in_stable_order(store) -> None:
    for i in range(7):
        store.replace_document(f"s{i}", "h", "p", [_article(f"s{i}", 0, f"t{i}"), _article(f"s{i}", 1, "x")])
    got = [(a.source, a.part) for a in store.iter_articles(batch=3)]
    assert got == sorted(got) and len(got) == 14


def test_schema_is_versioned_and_reopening_does_not_reapply(db_url: str) -> None:
    db = db_url
    with open_store(db) as s:
        v = s.schema_version()
        s.replace_document("x", "h", "x", [_article("x", 0, "kept")])
    with open_store(db) as s:
        assert s.schema_version() == v >= 1
        assert [a.text for a in s.iter_articles()] == ["kept"]


def test_fts_query_quotes_operators() -> None:
    assert fts_query('NEAR "two words" pre*') == '"NEAR" "two words" "pre"*'
    assert fts_query("a OR b") == '"a" OR "b"'
    assert fts_query("   ") == ""


def test_processes_opening_one_new_database_at_once_apply_each_migration_once(db_url: str) -> None:
    import subprocess
    import sys

    code = "import sys; from newstrace.store import open_store; open_store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    with open_store(db_url) as s:
        assert s.schema_version() >= 11
        assert s.query("SELECT COUNT(*) AS n FROM stage_tables WHERE name = 'claims'")[0]["n"] == 1


def test_a_database_made_before_the_gate_score_opens_and_gets_the_column(db_url: str) -> None:
    from newstrace import schema
    from newstrace.events.export import iter_events
    from newstrace.events.records import EventMention, Extent
    from newstrace.records import Span

    def event(eid: str, gate_score: float | None) -> EventMention:
        return EventMention(eid, "a_1", label="AIR_STRIKE", type="Explosions/Remote violence", subtype="Air/drone strike",
                            confidence=0.7, trigger=Span("strike", 0, 6), sentence=Extent(0, 20), gate_score=gate_score)

    # The database as migration 0030 left it: no gate_score column, an event stored without it.
    with open_store(db_url) as s:
        s.execute("ALTER TABLE events DROP COLUMN gate_score")
        s.execute("DELETE FROM schema_migrations WHERE version = 31")
        old = {k: v for k, v in schema.to_row(event("ev_old", None)).items() if k != "gate_score"}
        s.insert_rows("events", [old])
        assert "gate_score" not in s.query("SELECT * FROM events")[0]
    with open_store(db_url) as s:
        assert s.schema_version() >= 31
        s.insert_rows("events", [schema.to_row(event("ev_new", 0.4321))])
        got = {r["id"]: r for r in s.query("SELECT * FROM events")}
        assert got["ev_old"]["gate_score"] is None and got["ev_new"]["gate_score"] == 0.4321
        assert schema.from_row(EventMention, got["ev_new"]) == event("ev_new", 0.4321)
        assert {r["id"]: r["gate_score"] for r in iter_events(s)} == {"ev_old": None, "ev_new": 0.4321}
