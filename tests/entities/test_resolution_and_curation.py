"""Cross-article resolution (conservative) and curation that survives re-analysis."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.entities.resolve import _transliteration_variant, resolve_groups
from newstrace.store import open_store


def test_transliteration_variants_fold_but_different_people_do_not() -> None:
    assert _transliteration_variant("mahmoud alawi", "mahmoud alavi")
    assert not _transliteration_variant("jon smith", "john smith")  # short token: another name
    assert not _transliteration_variant("ali al-waeli", "khadim al-waeli")
    assert not _transliteration_variant("maria lopez", "mario lopes")  # two tokens differ
    ents = {
        "e1": {"name": "Ali al-Waeli", "type": "PERSON", "mentions": 3},
        "e2": {"name": "Khadim Al-Waeli", "type": "PERSON", "mentions": 1},
        "e3": {"name": "Rahmani", "type": "PERSON", "mentions": 1},
        "e4": {"name": "Abdolreza Rahmani", "type": "PERSON", "mentions": 2},
        "e5": {"name": "Al-Waeli", "type": "PERSON", "mentions": 1},
    }
    uf = resolve_groups(ents)
    assert uf.find("e3") == uf.find("e4")  # unique surname -> folded
    assert uf.find("e5") not in (uf.find("e1"), uf.find("e2")) or uf.find("e1") != uf.find("e2")
    assert uf.find("e1") != uf.find("e2")  # ambiguous surname: never guessed


ARTICLE_A = """Harbour chief warns of delays

VELAN, March 3 - Harbour master Tomas Ibarra said on Monday that the strike at the Velan
container terminal would delay shipments. The Velan Port Authority (VPA) said talks resume today.
"""
ARTICLE_B = """Strike talks resume

VELAN, March 4 - Tomas Ibarra told reporters the VPA had offered a new pay deal to dock workers
represented by the Velan Dockers Union.
"""


def test_curation_survives_reanalysis(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    assert runner.invoke(app, ["analyze", str(folder), "--db", db, "-q"]).exit_code == 0

    with open_store(db) as store:
        ids = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM entities")}
    union = ids["Velan Dockers Union"]
    vpa = ids.get("Velan Port Authority") or ids["VPA"]
    r = runner.invoke(app, ["entities", "merge", vpa, union, "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["entities", "rename", vpa, "Port of Velan (authority)", "--db", db])
    assert r.exit_code == 0, r.output

    # The document changes and everything is re-analysed: the clean-up must still hold.
    (folder / "b.txt").write_text(ARTICLE_B.replace("new pay deal", "revised pay deal"), encoding="utf-8")
    assert runner.invoke(app, ["analyze", str(folder), "--db", db, "-q"]).exit_code == 0
    with open_store(db) as store:
        names = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM entities")}
        assert names[vpa] == "Port of Velan (authority)"
        assert union not in names
        union_mentions = store.query("SELECT resolved_id FROM mentions WHERE text = 'Velan Dockers Union'")
        assert union_mentions and {m["resolved_id"] for m in union_mentions} == {vpa}

    # split undoes the wrong merge; unknown ids are a clear error
    r = runner.invoke(app, ["entities", "split", vpa, "Velan Dockers Union", "--db", db])
    assert r.exit_code == 0, r.output
    with open_store(db) as store:
        ids_now = {m["resolved_id"] for m in store.query("SELECT resolved_id FROM mentions WHERE text = 'Velan Dockers Union'")}
        assert ids_now and vpa not in ids_now
    r = runner.invoke(app, ["entities", "merge", "e_nope", vpa, "--db", db])
    assert r.exit_code == 2 and "no entity with id" in r.output
