"""``newstrace migrate --from A --to B``: the whole corpus, the same exports after the copy."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.export import export_every
from newstrace.store import open_store


def _exports(db: str, tmp_path: Path, tag: str) -> dict[str, bytes]:
    with open_store(db, create=False) as store:
        return export_every(store, tmp_path, f"{tag}-")


def test_migrate_copies_the_analysed_seeds_with_identical_exports(
    seeds_sqlite: str, db_url: str, tmp_path: Path
) -> None:
    r = CliRunner().invoke(app, ["migrate", "--from", str(seeds_sqlite), "--to", db_url, "-q"])
    assert r.exit_code == 0, r.output
    assert "copied 6 articles" in r.output
    assert _exports(db_url, tmp_path, "copy") == _exports(str(seeds_sqlite), tmp_path, "orig")
    with open_store(db_url) as store:
        total, hits = store.search("Tasnim")
        assert total >= 1 and hits


def test_rows_numbered_by_the_database_continue_after_the_copied_ones(dbs, tmp_path: Path, db_url: str) -> None:
    src = dbs.new("src")
    with open_store(src) as store:
        store.replace_document("x", "h", "x", [])
        store.execute(
            "INSERT INTO entity_curation (seq, op, entity_id, created_at) VALUES (7, 'rename', 'e_1', 'now')"
        )
    assert CliRunner().invoke(app, ["migrate", "--from", src, "--to", db_url, "-q"]).exit_code == 0
    with open_store(db_url) as store:
        store.execute("INSERT INTO entity_curation (op, entity_id, created_at) VALUES ('rename', 'e_2', 'now')")
        assert [r["seq"] for r in store.query("SELECT seq FROM entity_curation ORDER BY seq")] == [7, 8]


def test_migrate_refuses_a_target_that_holds_a_corpus_and_changes_nothing(
    seeds_sqlite: str, db_url: str
) -> None:
    from newstrace.records import Article

    with open_store(db_url) as store:
        store.replace_document("x", "h", "x", [Article(id="a_x", source="x", part=0, text="Kept.")])
    r = CliRunner().invoke(app, ["migrate", "--from", str(seeds_sqlite), "--to", db_url, "-q"])
    assert r.exit_code != 0 and "already holds a corpus" in r.output
    with open_store(db_url) as store:
        assert [a.text for a in store.iter_articles()] == ["Kept."]


def test_migrate_from_a_missing_database_is_a_clear_error(dbs, tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["migrate", "--from", dbs.missing("nope"), "--to", dbs.new("t")])
    assert r.exit_code != 0 and "does not exist" in r.output
    assert not (tmp_path / "t.db").exists()


def test_migrate_back_from_postgresql_to_sqlite(seeds_sqlite: str, pg_cluster, pg_template: str, tmp_path: Path) -> None:
    url = pg_cluster.create_database(template=pg_template)
    try:
        assert CliRunner().invoke(app, ["migrate", "--from", str(seeds_sqlite), "--to", url, "-q"]).exit_code == 0
        back = str(tmp_path / "back.db")
        r = CliRunner().invoke(app, ["migrate", "--from", url, "--to", back, "-q"])
        assert r.exit_code == 0, r.output
        assert _exports(back, tmp_path, "back") == _exports(str(seeds_sqlite), tmp_path, "orig")
    finally:
        pg_cluster.drop_database(url)
